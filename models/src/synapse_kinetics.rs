//! Synapses with a rise and a decay: double-exponential (difference of exponentials) and
//! alpha-function currents and conductances, normalised to a peak equal to the weight.

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// Double-exponential synaptic current: after one spike of weight w,
    /// I(t) = w f (e^{−t/τ_d} − e^{−t/τ_r}), f chosen so that the peak, at
    /// t_p = τ_d τ_r ln(τ_d/τ_r)/(τ_d − τ_r), is w (Rotter & Diesmann 1999; NEST's beta
    /// synapses, Brian2's `biexp`). Summed per target as two exponentials, each solved
    /// exactly. Defaults: τ_r = 1 ms, τ_d = 5 ms (this library's; set them to your receptor).
    pub synapse BiexpCurrent {
        parameters {
            /// Rise time constant (shorter than the decay's).
            tau_rise = 1 ms,
            /// Decay time constant.
            tau_decay = 5 ms,
        }
        /// Peak current of one spike (negative for inhibition).
        weight w: pA = 1 pA
        functions {
            /// Time of the peak after a spike.
            fn t_peak() = tau_decay*tau_rise/(tau_decay - tau_rise)*log(tau_decay/tau_rise)
            /// Factor that makes the peak equal to the weight.
            fn peak_norm() = 1/(exp(-t_peak()/tau_decay) - exp(-t_peak()/tau_rise))
        }
        state {
            /// Decaying component, summed over the synapses onto a neuron.
            a = 0 pA,
            /// Rising component (subtracted), summed likewise.
            b = 0 pA,
        }
        equations {
            da/dt = -a/tau_decay
            db/dt = -b/tau_rise
        }
        on_pre { a += peak_norm()*w; b += peak_norm()*w }
        inject {
            /// Synaptic current into the target.
            I: pA = a - b
        }
        method exact
    }

    /// Double-exponential synaptic conductance: g(t) = w f (e^{−t/τ_d} − e^{−t/τ_r}) after
    /// one spike, peak w (see [`BiexpCurrent`]); the target receives g (E − v). Defaults: an
    /// excitatory (E = 0 mV) synapse with τ_r = 1 ms, τ_d = 5 ms (this library's choice).
    pub synapse BiexpConductance {
        parameters {
            /// Rise time constant (shorter than the decay's).
            tau_rise = 1 ms,
            /// Decay time constant.
            tau_decay = 5 ms,
            /// Reversal potential.
            E = 0 mV,
        }
        /// Peak conductance of one spike.
        weight w: nS = 1 nS
        post {
            /// Membrane potential of the target.
            v: mV
        }
        functions {
            /// Time of the peak after a spike.
            fn t_peak() = tau_decay*tau_rise/(tau_decay - tau_rise)*log(tau_decay/tau_rise)
            /// Factor that makes the peak equal to the weight.
            fn peak_norm() = 1/(exp(-t_peak()/tau_decay) - exp(-t_peak()/tau_rise))
        }
        state {
            /// Decaying component, summed over the synapses onto a neuron.
            a = 0 nS,
            /// Rising component (subtracted), summed likewise.
            b = 0 nS,
        }
        equations {
            da/dt = -a/tau_decay
            db/dt = -b/tau_rise
        }
        on_pre { a += peak_norm()*w; b += peak_norm()*w }
        inject {
            /// Synaptic current into the target.
            I: pA = (a - b)*(E - v)
        }
        method exact
    }

    /// Alpha-function synaptic current: after one spike of weight w at t = 0,
    /// I(t) = w (t/τ) e^{1 − t/τ}, peaking at w when t = τ (Rall 1967; NEST's
    /// `iaf_psc_alpha`, Brian2's alpha synapse). Summed per target as the coupled pair
    /// dx/dt = −x/τ, dI/dt = (x − I)/τ with x ← x + e·w on a spike, integrated exactly by
    /// its matrix propagator. Default τ = 2 ms (NEST's `tau_syn_ex`).
    pub synapse AlphaCurrent {
        parameters {
            /// Time constant: the time of the peak after a spike.
            tau = 2 ms,
        }
        /// Peak current of one spike (negative for inhibition).
        weight w: pA = 1 pA
        state {
            /// Auxiliary current that a spike sets, decaying with τ.
            x = 0 pA,
            /// The alpha current, summed over the synapses onto a neuron.
            g = 0 pA,
        }
        equations {
            dx/dt = -x/tau
            dg/dt = (x - g)/tau
        }
        on_pre { x += exp(1)*w }
        inject {
            /// Synaptic current into the target.
            I: pA = g
        }
        method exact
    }

    /// Alpha-function synaptic conductance: g(t) = w (t/τ) e^{1 − t/τ} after one spike,
    /// peak w at t = τ (see [`AlphaCurrent`]); the target receives g (E − v). Defaults: NEST's
    /// `iaf_cond_alpha` excitatory receptor, τ = 0.2 ms, E = 0 mV.
    pub synapse AlphaConductance {
        parameters {
            /// Time constant: the time of the peak after a spike.
            tau = 0.2 ms,
            /// Reversal potential.
            E = 0 mV,
        }
        /// Peak conductance of one spike.
        weight w: nS = 1 nS
        post {
            /// Membrane potential of the target.
            v: mV
        }
        state {
            /// Auxiliary conductance that a spike sets, decaying with τ.
            x = 0 nS,
            /// The alpha conductance, summed over the synapses onto a neuron.
            g = 0 nS,
        }
        equations {
            dx/dt = -x/tau
            dg/dt = (x - g)/tau
        }
        on_pre { x += exp(1)*w }
        inject {
            /// Synaptic current into the target.
            I: pA = g*(E - v)
        }
        method exact
    }
}
