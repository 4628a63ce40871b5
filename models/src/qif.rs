//! Quadratic integrate-and-fire neuron.

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// Quadratic integrate-and-fire neuron (Ermentrout & Kopell 1986; Latham et al. 2000), in
    /// the form and with the defaults of Brian's `quadratic_IF`.
    ///
    /// C dv/dt = a (v − E_L)(v − V_T) + I; when v > v_peak: spike, v ← v_reset. E_L is the
    /// stable and V_T the unstable fixed point without input; the rheobase is
    /// I_rh = a (V_T − E_L)²/4 (0.5 nA with the defaults). Above it, with
    /// k = √(I/a − (V_T − E_L)²/4) and x = v − (E_L + V_T)/2, the interspike interval is
    /// (C/(a k)) [atan(x_peak/k) − atan(x_reset/k)]. The cut-off and reset (v_peak = 30 mV,
    /// v_reset = E_L) are numerical choices of this library, as Brian leaves them to the
    /// user. Forward Euler, integrate then test.
    pub neuron Qif {
        parameters {
            /// Membrane capacitance.
            C = 1 nF,
            /// Curvature of the quadratic current.
            a = 5 nS/mV,
            /// Resting potential (stable fixed point).
            E_L = -70 mV,
            /// Threshold potential (unstable fixed point).
            V_T = -50 mV,
            /// Spike cut-off, where v is reset.
            v_peak = 30 mV,
            /// Reset potential.
            v_reset = E_L,
        }
        inputs {
            /// Injected current.
            I: nA
        }
        state {
            /// Membrane potential.
            v = E_L
        }
        equations {
            dv/dt = (a*(v - E_L)*(v - V_T) + I) / C
        }
        on v > v_peak { emit spike; v = v_reset }
        method euler, rk4
    }

    /// Quadratic integrate-and-fire neuron in the canonical, dimensionless form of the
    /// network of Montbrió, Pazó & Roxin (2015, Phys. Rev. X 5:021028), whose exact mean
    /// field is [`MontbrioPazoRoxin`](crate::MontbrioPazoRoxin):
    /// τ dv/dt = v² + η + I (I: recurrent input J τ r(t) and any drive, dimensionless).
    ///
    /// v reaching v_peak stands for v → ∞: the neuron spikes, v is reset to −v_peak and
    /// held there for 2τ/v_peak, the time the quadratic dynamics take from v_peak to +∞ and
    /// from −∞ to −v_peak (the paper's numerical scheme, v_peak = 100). Excitabilities η are
    /// set per neuron, e.g. Lorentzian quantiles η_j = η̄ + Δ tan(π/2 (2j − N − 1)/(N + 1)).
    pub neuron QifCanonical {
        parameters {
            /// Membrane time constant.
            tau = 10 ms,
            /// Excitability.
            eta = -5,
            /// Cut-off standing for infinity.
            v_peak = 100,
        }
        inputs {
            /// Input (dimensionless), e.g. the recurrent J τ r(t).
            I: 1
        }
        state {
            /// Membrane potential (dimensionless).
            v = 0
        }
        equations {
            dv/dt = (v^2 + eta + I)/tau unless refractory
        }
        on v >= v_peak { emit spike; v = -v_peak }
        refractory 2*tau/v_peak
        method euler
    }

    /// Instantaneous, dimensionless kick of a target's `v` by the weight at each presynaptic
    /// spike: the all-to-all coupling J τ r(t) of a [`QifCanonical`] network is this synapse
    /// with weight J/N between every pair (each spike adds J/N to every potential).
    pub synapse CanonicalKick {
        /// Jump of the target's potential.
        weight w: 1 = 0.001
        post {
            /// Potential of the target (dimensionless).
            v: 1
        }
        on_pre { v += w }
    }
}
