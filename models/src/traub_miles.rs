//! Traub–Miles Hodgkin–Huxley neuron: the cell of the COBAHH benchmark.

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// Traub & Miles (1991) Hodgkin–Huxley neuron in the form of benchmark 3 (COBAHH) of
    /// Brette et al. (2007, J. Comput. Neurosci. 23:349), after Destexhe et al. (2001): a
    /// 20 000 µm² compartment.
    ///
    /// C dv/dt = g_L (E_L − v) − g_Na m³h (v − E_Na) − g_K n⁴ (v − E_K) + I, with
    /// α_m = 0.32 (13 − v + V_T)/(e^{(13 − v + V_T)/4} − 1), β_m = 0.28 (v − V_T − 40)/(e^{(v − V_T
    /// − 40)/5} − 1), α_h = 0.128 e^{(17 − v + V_T)/18}, β_h = 4/(1 + e^{(40 − v + V_T)/5}),
    /// α_n = 0.032 (15 − v + V_T)/(e^{(15 − v + V_T)/5} − 1), β_n = 0.5 e^{(10 − v + V_T)/40}
    /// (mV, /ms). Synaptic conductances enter through `I` (e.g. from `ExpConductance`
    /// projections). The gates start at their steady state at `V0`; a spike is an upward
    /// crossing of −20 mV. Exponential Euler, as Brian2 integrates the benchmark.
    pub neuron TraubMiles {
        parameters {
            /// Membrane capacitance (1 µF/cm² × 20 000 µm²).
            C = 200 pF,
            /// Leak conductance (0.05 mS/cm²).
            g_L = 10 nS,
            /// Maximal sodium conductance (100 mS/cm²).
            g_Na = 20 uS,
            /// Maximal potassium (delayed rectifier) conductance (30 mS/cm²).
            g_K = 6 uS,
            /// Leak reversal potential.
            E_L = -60 mV,
            /// Sodium reversal potential.
            E_Na = 50 mV,
            /// Potassium reversal potential.
            E_K = -90 mV,
            /// Offset of the rate functions (sets the threshold).
            V_T = -63 mV,
            /// Initial potential; the gates start at steady state here.
            V0 = -60 mV,
            /// Spike detection level (upward crossing).
            v_spike = -20 mV,
        }
        inputs {
            /// Injected (and synaptic) current.
            I: nA
        }
        functions {
            fn alpha_m(v) = (0.32 /ms)*(4 mV)/(1 mV) / exprel((13 mV - v + V_T)/(4 mV))
            fn beta_m(v) = (0.28 /ms)*(5 mV)/(1 mV) / exprel((v - V_T - 40 mV)/(5 mV))
            fn alpha_h(v) = 0.128 /ms * exp((17 mV - v + V_T)/(18 mV))
            fn beta_h(v) = (4 /ms) / (1 + exp((40 mV - v + V_T)/(5 mV)))
            fn alpha_n(v) = (0.032 /ms)*(5 mV)/(1 mV) / exprel((15 mV - v + V_T)/(5 mV))
            fn beta_n(v) = 0.5 /ms * exp((10 mV - v + V_T)/(40 mV))
        }
        state {
            /// Membrane potential.
            v = V0,
            /// Sodium activation.
            m = alpha_m(V0)/(alpha_m(V0) + beta_m(V0)),
            /// Sodium inactivation.
            h = alpha_h(V0)/(alpha_h(V0) + beta_h(V0)),
            /// Potassium activation.
            n = alpha_n(V0)/(alpha_n(V0) + beta_n(V0)),
        }
        equations {
            dv/dt = (g_L*(E_L - v) - g_Na*m^3*h*(v - E_Na) - g_K*n^4*(v - E_K) + I) / C
            dm/dt = alpha_m(v)*(1 - m) - beta_m(v)*m
            dh/dt = alpha_h(v)*(1 - h) - beta_h(v)*h
            dn/dt = alpha_n(v)*(1 - n) - beta_n(v)*n
        }
        on v > v_spike { emit spike }
        refractory v > v_spike
        method exponential_euler, rk4
    }
}
