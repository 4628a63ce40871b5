//! Binary units of associative memories, updated in discrete time (Gerstner et al. 2014,
//! *Neuronal Dynamics*, §17.2): each step a unit takes a new state from its input potential
//! h = Σ_j w_ij S_j (the `Additive` coupling of a pattern projection,
//! `Network::couple_patterns`). `method synchronous` updates every unit at once (parallel
//! dynamics), `method asynchronous` one at a time in a random order drawn from the seed.

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// Hopfield's binary neuron (Hopfield 1982; *Neuronal Dynamics* eq. 17.4):
    /// S(t + Δt) = sgn(h − θ), with S ∈ {−1, +1}. At h = θ exactly the unit keeps its state
    /// (so that, with symmetric weights, no asynchronous update raises the energy).
    pub neuron Hopfield {
        parameters {
            /// Threshold.
            theta = 0,
        }
        inputs {
            /// Input potential h = Σ_j w_ij S_j.
            h: 1,
        }
        state {
            /// State: +1 (on) or −1 (off).
            S = 1,
        }
        update {
            S = if h == theta { S } else { sign(h - theta) }
        }
        method synchronous, asynchronous
    }

    /// Hopfield neuron with stochastic (Glauber) dynamics (*Neuronal Dynamics* eq. 17.3):
    /// Prob{S(t + Δt) = +1} = g(h − θ), g(x) = ½[1 + tanh(βx)], from a draw of the unit's
    /// own stream (reproducible from the seed). β → ∞ gives [`Hopfield`].
    pub neuron StochasticHopfield {
        parameters {
            /// Inverse temperature β (the slope of the gain).
            beta = 4,
            /// Threshold.
            theta = 0,
        }
        inputs {
            /// Input potential h = Σ_j w_ij S_j.
            h: 1,
        }
        state {
            /// State: +1 (on) or −1 (off).
            S = 1,
        }
        update {
            S = 2*bernoulli(0.5*(1 + tanh(beta*(h - theta)))) - 1
        }
        method synchronous, asynchronous
    }

    /// 0/1 threshold unit of low-activity memories (Tsodyks & Feigel'man 1988; *Neuronal
    /// Dynamics* §17.2.6): S(t + Δt) = 1 if h > θ, else 0, for patterns of mean activity a
    /// stored with w_ij = c Σ_μ (ξ_i^μ − b)(ξ_j^μ − a).
    pub neuron BinaryUnit {
        parameters {
            /// Threshold.
            theta = 0,
        }
        inputs {
            /// Input potential h = Σ_j w_ij S_j.
            h: 1,
        }
        state {
            /// State: 1 (active) or 0 (silent).
            S = 0,
        }
        update {
            S = if h > theta { 1 } else { 0 }
        }
        method synchronous, asynchronous
    }
}
