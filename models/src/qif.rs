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
}
