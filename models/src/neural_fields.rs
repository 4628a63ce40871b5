//! Neural fields (Amari 1977; Pinto & Ermentrout 2001; *Neuronal Dynamics* §18.3): the point
//! models of a continuous sheet and the firing-rate functions its field projection applies.
//!
//! A field is a population on a periodic grid coupled to itself by
//! `Network::couple_field` with a [`cajal_runtime::FieldKernel`] (a ring or a torus):
//! h_inp(x) = ∫ w(x − x′) F(h(x′)) dx′, computed by FFT. Activities are dimensionless, as in
//! Amari's paper; distances are in the kernel's unit.

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// One point of an Amari (1977) field: τ ∂h/∂t = −h + h0 + I + h_inp, with h_inp the
    /// field integral ∫ w(x − x′) F(h(x′)) dx′ (couple the population to itself with
    /// [`FieldHeaviside`] or [`FieldSigmoid`]). With F = H(h) a stationary bump of width a
    /// satisfies W(a) + h0 + I = 0, W(a) = ∫₀ᵃ w(y) dy, and is stable where w(a) < 0.
    pub mass AmariField {
        parameters {
            /// Time constant.
            tau = 10 ms,
            /// Resting level (negative: the field is quiet without input).
            h0 = -0.3,
        }
        inputs {
            /// External input.
            I: 1,
            /// The field integral (from the field projection).
            h_inp: 1,
        }
        state {
            /// Activity (the "membrane potential" of the field).
            h = h0,
        }
        equations {
            dh/dt = (-h + h0 + I + h_inp)/tau
        }
        method exact, euler, rk4
    }

    /// An Amari field with linear adaptation (Pinto & Ermentrout 2001):
    /// τ ∂u/∂t = −u − β v + I + u_inp,  τ ∂v/∂t = ε (u − v). Excitatory kernels then carry
    /// travelling pulses: a stimulated region fires, adapts and hands its activity on.
    pub mass AmariAdaptive {
        parameters {
            /// Time constant of the activity.
            tau = 10 ms,
            /// Strength of the adaptation.
            beta = 2.5,
            /// Adaptation rate relative to the activity's.
            epsilon = 0.1,
        }
        inputs {
            /// External input.
            I: 1,
            /// The field integral (from the field projection).
            u_inp: 1,
        }
        state {
            /// Activity.
            u = 0,
            /// Adaptation.
            v = 0,
        }
        equations {
            du/dt = (-u - beta*v + I + u_inp)/tau
            dv/dt = epsilon*(u - v)/tau
        }
        method exact, euler, rk4
    }

    /// Heaviside firing rate of a field: F(h) = H(h − θ) (Amari 1977; H(0) = 0), convolved
    /// with the kernel: h_inp = ∫ w(x − x′) H(h(x′) − θ) dx′.
    pub coupling FieldHeaviside {
        parameters {
            /// Firing threshold.
            theta = 0,
        }
        edge { heaviside(pre - theta) }
        node { total }
    }

    /// Sigmoid firing rate of a field: F(h) = 1/(1 + e^{−β (h − θ)}) (Wilson & Cowan 1973;
    /// the Heaviside rate as β → ∞), convolved with the kernel.
    pub coupling FieldSigmoid {
        parameters {
            /// Steepness.
            beta = 10,
            /// Threshold (half activation).
            theta = 0,
        }
        edge { 1/(1 + exp(-beta*(pre - theta))) }
        node { total }
    }
}
