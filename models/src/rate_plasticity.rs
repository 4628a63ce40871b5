//! Rate-based plasticity (Gerstner, Kistler, Naud & Paninski, *Neuronal Dynamics*, 2014,
//! ch. 19): plastic couplings whose weights follow dW_ij/dt = F(W_ij; ν_j, ν_i) from the
//! presynaptic rate `pre` (ν_j) and the postsynaptic rate `post` (ν_i), with a linear edge
//! (the target receives Σ_j W_ij ν_j), and the rate unit they connect.
//!
//! Rates enter the rules as numbers in the coupled variable's unit (Hz for [`RateUnit`]), so
//! a learning rate in 1/ms multiplies numbers of Hz: η = 1e-4 /ms with rates of 10 Hz
//! changes a weight by η·10·10 = 0.01 per ms in the correlation term.

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// Linear rate neuron (*Neuronal Dynamics* §15.3, with a linear gain):
    /// τ dν/dt = −ν + ν_inp. Rates may be negative (a deviation from a baseline, as in
    /// Oja's analysis); with τ ≪ dt under `exact` the unit follows its input within a step.
    pub mass RateUnit {
        parameters {
            /// Time constant.
            tau = 10 ms,
        }
        inputs {
            /// Input rate (the weighted sum of the presynaptic rates, plus any drive).
            nu_inp: Hz,
        }
        state {
            /// Firing rate.
            nu: Hz = 0 Hz,
        }
        equations {
            dnu/dt = (nu_inp - nu)/tau
        }
        method exact, euler, rk4
    }

    /// The general Hebbian rule to second order (*Neuronal Dynamics* eq. 19.2):
    /// dw/dt = a0 + a1_pre ν_pre + a1_post ν_post + a2_pre ν_pre² + a2_post ν_post²
    /// + a2_corr ν_pre ν_post. The defaults are the pure correlation rule with a2_corr =
    /// 1e-4 /ms (unstable on its own: the weights grow without bound).
    pub coupling Hebbian {
        parameters {
            /// Constant drift.
            a0 = 0 /ms,
            /// Presynaptic term.
            a1_pre = 0 /ms,
            /// Postsynaptic term.
            a1_post = 0 /ms,
            /// Presynaptic quadratic term.
            a2_pre = 0 /ms,
            /// Postsynaptic quadratic term.
            a2_post = 0 /ms,
            /// Correlation term.
            a2_corr = 0.0001 /ms,
        }
        weight w: 1
        edge { pre }
        node { total }
        equations {
            dw/dt = a0 + a1_pre*pre + a1_post*post + a2_pre*pre^2 + a2_post*post^2 + a2_corr*pre*post
        }
    }

    /// Presynaptically gated Hebbian rule (*Neuronal Dynamics* §19.1.2):
    /// dw/dt = γ (ν_post − ν_θ) ν_pre — no change without presynaptic activity; potentiation
    /// when the postsynaptic rate is above the threshold ν_θ, depression below.
    pub coupling GatedHebbian {
        parameters {
            /// Learning rate.
            gamma = 0.0001 /ms,
            /// Postsynaptic threshold (a rate, in the coupled variable's unit).
            nu_theta = 5,
        }
        weight w: 1
        edge { pre }
        node { total }
        equations {
            dw/dt = gamma*(post - nu_theta)*pre
        }
    }

    /// The BCM rule (Bienenstock, Cooper & Munro 1982; *Neuronal Dynamics* eq. 19.9) with a
    /// sliding threshold: dw/dt = η ν_pre ν_post (ν_post − θ), θ tracking ⟨ν_post²⟩/ν_target
    /// by τ_θ dθ/dt = ν_post²/ν_target − θ (Intrator & Cooper 1992). One postsynaptic
    /// neuron settles where its mean response is ν_target; with p equiprobable orthogonal
    /// patterns it becomes selective, answering one pattern at p·ν_target and the others
    /// at 0.
    pub coupling Bcm {
        parameters {
            /// Learning rate.
            eta = 0.000001 /ms,
            /// Target rate of the postsynaptic neuron (in the coupled variable's unit).
            nu_target = 10,
            /// Time constant of the sliding threshold.
            tau_theta = 100 ms,
        }
        weight w: 1
        state {
            /// Sliding threshold (a rate, in the coupled variable's unit).
            theta = nu_target,
        }
        edge { pre }
        node { total }
        equations {
            dtheta/dt = (post^2/nu_target - theta)/tau_theta
            dw/dt = eta*pre*post*(post - theta)
        }
    }

    /// Oja's rule (Oja 1982; *Neuronal Dynamics* eq. 19.5): dw/dt = γ (ν_pre ν_post −
    /// w ν_post²). A linear neuron fed zero-mean inputs x learns the principal eigenvector
    /// of their correlation matrix ⟨x xᵀ⟩, with norm 1.
    pub coupling Oja {
        parameters {
            /// Learning rate.
            gamma = 0.0001 /ms,
        }
        weight w: 1
        edge { pre }
        node { total }
        equations {
            dw/dt = gamma*(pre*post - w*post^2)
        }
    }

    /// The value update of reinforcement learning (Rescorla & Wagner 1972; Sutton & Barto,
    /// *Reinforcement Learning*, 2nd ed. 2018, eq. 2.5 with a constant step size):
    /// dQ/dt = η ν_pre (r − Q). The weight Q from an action unit (ν_pre = 1 while that
    /// action is taken, 0 otherwise) moves toward the reward r, the target's value: one
    /// step of dt per trial gives ΔQ = η·dt·(r − Q) exactly, a step size α = η·dt. The
    /// coupling injects nothing (node term 0): the values are read from the weights.
    pub coupling ValueUpdate {
        parameters {
            /// Learning rate (α = eta·dt per trial of one step).
            eta = 0.1 /ms,
        }
        weight Q: 1
        edge { pre }
        node { 0 }
        equations {
            dQ/dt = eta*pre*(post - Q)
        }
    }
}
