//! Adaptive exponential integrate-and-fire neuron, with the firing patterns of Naud et al.
//! (2008) as presets.

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// Adaptive exponential integrate-and-fire neuron (Brette & Gerstner 2005, J.
    /// Neurophysiol. 94:3637).
    ///
    /// C dv/dt = −g_L (v − E_L) + g_L Δ_T exp((v − V_T)/Δ_T) − w + I,
    /// τ_w dw/dt = a (v − E_L) − w; when v > V_cut: spike, v ← V_r, w ← w + b.
    /// Defaults: the cortical pyramidal cell of Brette & Gerstner (2005), with the numerical
    /// cut-off V_cut = V_T + 5 Δ_T of their simulations. Presets: the eight firing patterns of
    /// Naud, Marcille, Clopath & Gerstner (2008, Biol. Cybern. 99:335, Table 1), each under
    /// the step current given in its documentation, with V_cut = 0 mV as in Brian2's
    /// reproduction of that paper. Forward Euler, integrate then test (Brian2's `euler`).
    ///
    /// Rheobase: where the saddle-node exists (a < g_L τ_m/τ_w, τ_m = C/g_L),
    /// I_rh = (g_L + a)(V_T + Δ_T ln(1 + a/g_L) − E_L − Δ_T).
    pub neuron AdEx {
        parameters {
            /// Membrane capacitance.
            C = 281 pF,
            /// Leak conductance.
            g_L = 30 nS,
            /// Leak reversal (resting) potential.
            E_L = -70.6 mV,
            /// Rheobase threshold: where the exponential term takes over.
            V_T = -50.4 mV,
            /// Slope factor (sharpness of spike initiation).
            Delta_T = 2 mV,
            /// Adaptation time constant.
            tau_w = 144 ms,
            /// Subthreshold adaptation conductance.
            a = 4 nS,
            /// Spike-triggered adaptation increment.
            b = 80.5 pA,
            /// Reset potential.
            V_r = -70.6 mV,
            /// Numerical spike cut-off, where v is reset.
            V_cut = V_T + 5*Delta_T,
        }
        inputs {
            /// Injected current.
            I: pA
        }
        state {
            /// Membrane potential.
            v = E_L,
            /// Adaptation current.
            w = 0 pA,
        }
        equations {
            dv/dt = (-g_L*(v - E_L) + g_L*Delta_T*exp((v - V_T)/Delta_T) - w + I) / C
            dw/dt = (a*(v - E_L) - w) / tau_w
        }
        on v > V_cut { emit spike; v = V_r; w += b }
        method euler
        /// Tonic spiking; step current 500 pA.
        preset tonic {
            C = 200 pF, g_L = 10 nS, E_L = -70 mV, V_T = -50 mV, Delta_T = 2 mV,
            a = 2 nS, tau_w = 30 ms, b = 0 pA, V_r = -58 mV, V_cut = 0 mV,
        }
        /// Spike-frequency adaptation; step current 500 pA.
        preset adapting {
            C = 200 pF, g_L = 12 nS, E_L = -70 mV, V_T = -50 mV, Delta_T = 2 mV,
            a = 2 nS, tau_w = 300 ms, b = 60 pA, V_r = -58 mV, V_cut = 0 mV,
        }
        /// Initial burst, then tonic spiking; step current 400 pA.
        preset initial_burst {
            C = 130 pF, g_L = 18 nS, E_L = -58 mV, V_T = -50 mV, Delta_T = 2 mV,
            a = 4 nS, tau_w = 150 ms, b = 120 pA, V_r = -50 mV, V_cut = 0 mV,
        }
        /// Regular bursting; step current 210 pA.
        preset regular_bursting {
            C = 200 pF, g_L = 10 nS, E_L = -58 mV, V_T = -50 mV, Delta_T = 2 mV,
            a = 2 nS, tau_w = 120 ms, b = 100 pA, V_r = -46 mV, V_cut = 0 mV,
        }
        /// Delayed accelerating spiking; step current 300 pA.
        preset delayed_accelerating {
            C = 200 pF, g_L = 12 nS, E_L = -70 mV, V_T = -50 mV, Delta_T = 2 mV,
            a = -10 nS, tau_w = 300 ms, b = 0 pA, V_r = -58 mV, V_cut = 0 mV,
        }
        /// Delayed regular bursting; step current 110 pA.
        preset delayed_regular_bursting {
            C = 100 pF, g_L = 10 nS, E_L = -65 mV, V_T = -50 mV, Delta_T = 2 mV,
            a = -10 nS, tau_w = 90 ms, b = 30 pA, V_r = -47 mV, V_cut = 0 mV,
        }
        /// Transient spiking; step current 180 pA.
        preset transient {
            C = 100 pF, g_L = 10 nS, E_L = -65 mV, V_T = -50 mV, Delta_T = 2 mV,
            a = 10 nS, tau_w = 90 ms, b = 100 pA, V_r = -47 mV, V_cut = 0 mV,
        }
        /// Irregular spiking; step current 160 pA.
        preset irregular {
            C = 100 pF, g_L = 12 nS, E_L = -60 mV, V_T = -50 mV, Delta_T = 2 mV,
            a = -11 nS, tau_w = 130 ms, b = 30 pA, V_r = -48 mV, V_cut = 0 mV,
        }
    }
}
