//! Synapses. Conductance-based receptors of Izhikevich & Edelman (2008) as used by the seed
//! notebook — AMPA, GABA_A and GABA_B (presets of one exponential conductance) and NMDA (with
//! the magnesium block), each summed per target neuron — a current-based exponential synapse
//! and a delta synapse.

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// Exponentially decaying conductance (Izhikevich & Edelman 2008, PNAS 105:3593):
    /// dg/dt = −g/τ, each presynaptic spike adds the weight, and the target receives
    /// g (E − v). Defaults: AMPA; presets `ampa`, `gabaa`, `gabab`.
    ///
    /// Forward Euler in the seed notebook's schedule: the synapses of a spiking source take
    /// their increment instead of decaying in that step.
    pub synapse ExpConductance {
        parameters {
            /// Decay time constant.
            tau = 5 ms,
            /// Reversal potential.
            E = 0 mV,
        }
        /// Peak conductance added by one spike.
        weight w: nS = 1 nS
        post {
            /// Membrane potential of the target.
            v: mV
        }
        state {
            /// Conductance summed over the synapses onto a neuron.
            g = 0 nS
        }
        equations { dg/dt = -g/tau }
        on_pre { g += w }
        inject {
            /// Synaptic current into the target.
            I: pA = g*(E - v)
        }
        method euler
        schedule seed
        /// AMPA: fast excitation (τ = 5 ms, E = 0 mV).
        preset ampa { tau = 5 ms, E = 0 mV }
        /// GABA_A: fast inhibition (τ = 6 ms, E = −70 mV).
        preset gabaa { tau = 6 ms, E = -70 mV }
        /// GABA_B: slow inhibition (τ = 150 ms, E = −90 mV).
        preset gabab { tau = 150 ms, E = -90 mV }
    }

    /// NMDA receptor with the magnesium block B(v) = ((v+80)/60)² / (1 + ((v+80)/60)²), v in
    /// mV (Izhikevich & Edelman 2008): the target receives g (E − v) B(v).
    pub synapse Nmda {
        parameters {
            /// Decay time constant.
            tau = 100 ms,
            /// Reversal potential.
            E = 0 mV,
        }
        /// Peak conductance added by one spike.
        weight w: nS = 1 nS
        post {
            /// Membrane potential of the target.
            v: mV
        }
        state {
            /// Conductance summed over the synapses onto a neuron.
            g = 0 nS
        }
        equations { dg/dt = -g/tau }
        functions {
            /// Fraction of NMDA channels not blocked by Mg²⁺.
            fn block(v) = ((v + 80 mV)/(60 mV))^2 / (1 + ((v + 80 mV)/(60 mV))^2)
        }
        on_pre { g += w }
        inject {
            /// Synaptic current into the target.
            I: pA = g*(E - v)*block(v)
        }
        method euler
        schedule seed
    }

    /// Exponentially decaying synaptic current (current-based synapse, e.g. the CUBA
    /// benchmark of Vogels & Abbott 2005): dI/dt = −I/τ, each spike adds the weight, and the
    /// target receives I. Integrated exactly, delivered in Brian2's schedule.
    pub synapse ExpCurrent {
        parameters {
            /// Decay time constant.
            tau = 5 ms,
        }
        /// Current added by one spike (negative for inhibition).
        weight w: pA = 1 pA
        state {
            /// Current summed over the synapses onto a neuron.
            i_syn = 0 pA
        }
        equations { di_syn/dt = -i_syn/tau }
        on_pre { i_syn += w }
        inject {
            /// Synaptic current into the target.
            I: pA = i_syn
        }
        method exact
    }

    /// Delta synapse: each presynaptic spike moves the target's membrane potential by the
    /// weight J (Brunel 2000; Brian2's `on_pre='v += J'`), with no synaptic dynamics.
    pub synapse VoltageJump {
        /// Jump of the target's membrane potential (negative for inhibition).
        weight J: mV = 0.1 mV
        post {
            /// Membrane potential of the target.
            v: mV
        }
        on_pre { v += J }
    }
}
