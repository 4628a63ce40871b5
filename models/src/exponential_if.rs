//! Exponential integrate-and-fire neuron.

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// Exponential integrate-and-fire neuron (Fourcaud-Trocmé, Hansel, van Vreeswijk & Brunel
    /// 2003, J. Neurosci. 23:11628; Gerstner et al. 2014, *Neuronal Dynamics*, ch. 5.2).
    ///
    /// τ dv/dt = −(v − v_rest) + Δ_T exp((v − v_rh)/Δ_T) + R I; when v > v_spike: spike and
    /// v ← v_reset. Defaults: the book's exercise values (`neurodynex.exponential_integrate_fire`).
    /// Rheobase current: I_rh = (v_rh − v_rest − Δ_T)/R (0.4 nA with the defaults). Forward
    /// Euler in Brian2's schedule, as Brian2 integrates it (higher-order stages would evaluate
    /// the exponential far beyond the spike and overflow).
    pub neuron ExponentialIf {
        parameters {
            /// Membrane time constant.
            tau = 12 ms,
            /// Membrane resistance.
            R = 20 Mohm,
            /// Resting potential.
            v_rest = -65 mV,
            /// Reset potential.
            v_reset = -60 mV,
            /// Rheobase threshold: where the exponential term takes over.
            v_rh = -55 mV,
            /// Sharpness of spike initiation.
            Delta_T = 2 mV,
            /// Numerical spike threshold, where v is reset.
            v_spike = -30 mV,
        }
        inputs {
            /// Injected current.
            I: nA
        }
        state {
            /// Membrane potential.
            v = v_rest
        }
        equations {
            dv/dt = (-(v - v_rest) + Delta_T*exp((v - v_rh)/Delta_T) + R*I) / tau
        }
        on v > v_spike { emit spike; v = v_reset }
        method euler
    }
}
