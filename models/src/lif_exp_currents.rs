//! Leaky integrate-and-fire neuron with exponentially decaying excitatory and inhibitory
//! synaptic currents (NEST's `iaf_psc_exp`), and the synapses that add to those currents.

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// Current-based leaky integrate-and-fire neuron with exponential synaptic currents, the
    /// neuron of NEST's `iaf_psc_exp` and of the cortical microcircuit (Potjans & Diesmann
    /// 2014), with NEST's defaults.
    ///
    /// C_m dv/dt = −C_m (v − E_L)/τ_m + I_ex + I_in + I_e + I, dI_ex/dt = −I_ex/τ_ex,
    /// dI_in/dt = −I_in/τ_in; when v ≥ V_th: spike, v ← V_reset, v clamped for t_ref while
    /// the currents go on decaying. Spikes add their weight to I_ex through
    /// [`ExcitatoryCurrentKick`] and to I_in through [`InhibitoryCurrentKick`]. Integrated
    /// exactly (the linear system's propagator, as NEST does), inputs held over the step.
    pub neuron LifExpCurrents {
        parameters {
            /// Membrane capacitance.
            C_m = 250 pF,
            /// Membrane time constant.
            tau_m = 10 ms,
            /// Decay time constant of the excitatory current.
            tau_ex = 2 ms,
            /// Decay time constant of the inhibitory current.
            tau_in = 2 ms,
            /// Resting potential.
            E_L = -70 mV,
            /// Spike threshold.
            V_th = -55 mV,
            /// Reset potential.
            V_reset = -70 mV,
            /// Absolute refractory period.
            t_ref = 2 ms,
            /// Constant injected current.
            I_e = 0 pA,
        }
        inputs {
            /// Injected current (drives, current synapses).
            I: pA
        }
        state {
            /// Membrane potential.
            v = E_L,
            /// Excitatory synaptic current.
            I_ex = 0 pA,
            /// Inhibitory synaptic current (negative).
            I_in = 0 pA,
        }
        equations {
            dv/dt = -(v - E_L)/tau_m + (I_ex + I_in + I_e + I)/C_m unless refractory
            dI_ex/dt = -I_ex/tau_ex
            dI_in/dt = -I_in/tau_in
        }
        on v >= V_th { emit spike; v = V_reset }
        refractory t_ref
        method exact
    }

    /// Adds its weight to a target's excitatory synaptic current `I_ex` at each presynaptic
    /// spike (NEST's `iaf_psc_exp` receiving a positive weight; for [`LifExpCurrents`]).
    pub synapse ExcitatoryCurrentKick {
        /// Current added by one spike.
        weight w: pA = 87.8 pA
        post {
            /// Excitatory synaptic current of the target.
            I_ex: pA
        }
        on_pre { I_ex += w }
    }

    /// Adds its (negative) weight to a target's inhibitory synaptic current `I_in` at each
    /// presynaptic spike (NEST's `iaf_psc_exp` receiving a negative weight).
    pub synapse InhibitoryCurrentKick {
        /// Current added by one spike (negative).
        weight w: pA = -351.2 pA
        post {
            /// Inhibitory synaptic current of the target.
            I_in: pA
        }
        on_pre { I_in += w }
    }
}
