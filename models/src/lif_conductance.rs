//! Leaky integrate-and-fire neuron with exponential synaptic conductances, and the synapse
//! that opens them.

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// Conductance-based leaky integrate-and-fire neuron with exponentially decaying
    /// excitatory and inhibitory conductances (NEST's `iaf_cond_exp` form), with the
    /// parameters of the COBA benchmark (Vogels & Abbott 2005; Brette et al. 2007,
    /// benchmark 1).
    ///
    /// C dv/dt = g_L (E_L − v) + g_e (E_e − v) + g_i (E_i − v) + I, dg_e/dt = −g_e/τ_e,
    /// dg_i/dt = −g_i/τ_i; when v > v_th: spike, v ← v_reset, v clamped for t_ref. Spikes
    /// open the conductances through [`ExcitatoryKick`] and [`InhibitoryKick`]
    /// projections. Exponential Euler: exact for the conductances and, with them held over
    /// the step, for v.
    pub neuron LifConductance {
        parameters {
            /// Membrane capacitance.
            C = 200 pF,
            /// Leak conductance (τ_m = C/g_L = 20 ms).
            g_L = 10 nS,
            /// Leak reversal (resting) potential.
            E_L = -60 mV,
            /// Spike threshold.
            v_th = -50 mV,
            /// Reset potential.
            v_reset = -60 mV,
            /// Absolute refractory period.
            t_ref = 5 ms,
            /// Excitatory reversal potential.
            E_e = 0 mV,
            /// Inhibitory reversal potential.
            E_i = -80 mV,
            /// Decay time constant of the excitatory conductance.
            tau_e = 5 ms,
            /// Decay time constant of the inhibitory conductance.
            tau_i = 10 ms,
        }
        inputs {
            /// Injected current.
            I: pA
        }
        state {
            /// Membrane potential.
            v = E_L,
            /// Excitatory synaptic conductance.
            g_e = 0 nS,
            /// Inhibitory synaptic conductance.
            g_i = 0 nS,
        }
        equations {
            dv/dt = (g_L*(E_L - v) + g_e*(E_e - v) + g_i*(E_i - v) + I) / C unless refractory
            dg_e/dt = -g_e / tau_e
            dg_i/dt = -g_i / tau_i
        }
        on v > v_th { emit spike; v = v_reset }
        refractory t_ref
        method exponential_euler
        schedule brian2
    }

    /// Opens a target's excitatory conductance `g_e` by the weight at each presynaptic
    /// spike, as NEST's conductance-based neurons take excitatory input (for
    /// [`LifConductance`] and any neuron with a `g_e` state).
    pub synapse ExcitatoryKick {
        /// Conductance opened by one spike.
        weight w: nS = 1 nS
        post {
            /// Excitatory conductance of the target.
            g_e: nS
        }
        on_pre { g_e += w }
    }

    /// Opens a target's inhibitory conductance `g_i` by the weight at each presynaptic
    /// spike (see [`ExcitatoryKick`]).
    pub synapse InhibitoryKick {
        /// Conductance opened by one spike.
        weight w: nS = 1 nS
        post {
            /// Inhibitory conductance of the target.
            g_i: nS
        }
        on_pre { g_i += w }
    }
}
