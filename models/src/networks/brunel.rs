//! The sparse balanced network of Brunel (2000).

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// Brunel (2000, J. Comput. Neurosci. 8:183): `N_E` excitatory and `N_I` inhibitory LIF
    /// cells (τ = 20 ms, θ = 20 mV, V_r = 10 mV, τ_rp = 2 ms), each receiving `C_E`
    /// excitatory and `C_I` inhibitory inputs (fixed in-degree, no self-connections) through
    /// delta synapses of J and −gJ with delay D, and `C_E` external Poisson trains at
    /// η·ν_thr, ν_thr = θ/(J C_E τ). Potentials start uniform in [0, θ) (stream 0 of the
    /// seed). The defaults are the asynchronous irregular state (g = 5, η = 2) at the paper's
    /// size; the presets are the four states of its Fig. 8.
    pub network Brunel {
        parameters {
            /// Excitatory neurons.
            N_E = 10000,
            /// Inhibitory neurons.
            N_I = 2500,
            /// Excitatory inputs per neuron (ε N_E).
            C_E = 1000,
            /// Inhibitory inputs per neuron (ε N_I).
            C_I = 250,
            /// Excitatory jump of the membrane potential.
            J = 0.1 mV,
            /// Relative strength of inhibition.
            g = 5,
            /// External drive relative to the threshold rate, ν_ext/ν_thr.
            eta = 2,
            /// Transmission delay.
            D = 1.5 ms,
            /// Membrane time constant.
            tau = 20 ms,
            /// Firing threshold (above rest).
            theta = 20 mV,
            /// Reset potential (above rest).
            V_r = 10 mV,
            /// Absolute refractory period.
            t_rp = 2 ms,
        }
        timestep 0.1 ms
        seed 2000
        population E = crate::Lif[N_E] {
            tau = tau, v_rest = 0 mV, v_th = theta, v_reset = V_r, t_ref = t_rp
            init v = theta*rand(0)
        }
        population I = crate::Lif[N_I] {
            tau = tau, v_rest = 0 mV, v_th = theta, v_reset = V_r, t_ref = t_rp
            init v = theta*rand(0)
        }
        projection EE: E -> E = crate::VoltageJump with fixed_in_degree(C_E, J, no_self) delay D
        projection EI: E -> I = crate::VoltageJump with fixed_in_degree(C_E, J) delay D
        projection IE: I -> E = crate::VoltageJump with fixed_in_degree(C_I, -g*J) delay D
        projection II: I -> I = crate::VoltageJump with fixed_in_degree(C_I, -g*J, no_self) delay D
        /// External excitation of the E cells.
        poisson_input external_E: E.v { count = C_E, rate = eta*theta/(J*C_E*tau), weight = J }
        /// External excitation of the I cells.
        poisson_input external_I: I.v { count = C_E, rate = eta*theta/(J*C_E*tau), weight = J }
        /// Synchronous regular (SR): g = 3, η = 2.
        preset sr { g = 3, eta = 2 }
        /// Asynchronous irregular (AI): g = 5, η = 2 (the defaults).
        preset ai { g = 5, eta = 2 }
        /// Synchronous irregular with fast oscillations (SI fast): g = 6, η = 4.
        preset si_fast { g = 6, eta = 4 }
        /// Synchronous irregular with slow oscillations (SI slow): g = 4.5, η = 0.9.
        preset si_slow { g = 4.5, eta = 0.9 }
    }
}
