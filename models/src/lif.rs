//! Leaky integrate-and-fire neuron with an absolute refractory period.

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// Leaky integrate-and-fire neuron (Lapicque 1907; see Gerstner et al. 2014,
    /// *Neuronal Dynamics*, ch. 1.3).
    ///
    /// τ dv/dt = −(v − v_rest) + R I; when v > v_th: spike, v ← v_reset, and v is clamped for
    /// t_ref. Integrated exactly (analytic propagator), in Brian2's schedule, so with a
    /// constant current the first spike is at floor(T₁/dt)·dt and the ISI is
    /// t_ref + floor(T_free/dt)·dt.
    pub neuron Lif {
        parameters {
            /// Membrane time constant.
            tau = 10 ms,
            /// Membrane resistance.
            R = 10 Mohm,
            /// Resting potential.
            v_rest = -70 mV,
            /// Spike threshold.
            v_th = -50 mV,
            /// Reset potential.
            v_reset = -75 mV,
            /// Absolute refractory period.
            t_ref = 2 ms,
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
            dv/dt = (-(v - v_rest) + R*I) / tau unless refractory
        }
        on v > v_th { emit spike; v = v_reset }
        refractory t_ref
        method exact, euler
    }
}
