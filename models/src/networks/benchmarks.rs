//! The COBA and CUBA benchmark networks (Vogels & Abbott 2005; Brette et al. 2007): `N`
//! [`Lif`](crate::Lif) cells, the first 80 % excitatory (`E`) and the rest inhibitory (`I`),
//! every ordered pair connected with probability `p`, no delays, dt = 0.1 ms, Brian2 schedule.
//!
//! With `pairwise = 1` (the default) the synapses are drawn by the recipe of the reference
//! files: `i → j` (global indices, E first) iff u(conn_seed, i·N + j) < p, SplitMix64 uniforms;
//! with `pairwise = 0` by geometric skipping (cost proportional to the synapses, for scaled
//! networks: same statistics, another realisation).

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// Benchmark 1 of Brette et al. (2007), the conductance-based network of Vogels & Abbott
    /// (2005): C dv/dt = g_L (E_L − v) + g_e (0 − v) + g_i (−80 mV − v) with C = 200 pF,
    /// g_L = 10 nS (τ = 20 ms, R = 100 MΩ), E_L = −60 mV, threshold −50 mV, reset −60 mV,
    /// 5 ms refractory; exponential conductances of 5 ms (AMPA preset, 6 nS) and 10 ms
    /// (−80 mV, 67 nS); forward Euler. Initial state (benchmark 1, absolute units):
    /// v = E_L + 5 mV·n₀ − 5 mV, g_e = 10 nS·(1.5 n₁ + 4), g_i = 10 nS·(12 n₂ + 20), with
    /// n₀, n₁, n₂ the standard normals of streams 0, 1, 2 of the seed.
    pub network Coba {
        parameters {
            /// Neurons (the first 80 % excitatory; a multiple of 5).
            N = 4000,
            /// Connection probability of each ordered pair (self-connections allowed).
            p = 0.02,
            /// Conductance added by an excitatory spike.
            w_e = 6 nS,
            /// Conductance added by an inhibitory spike.
            w_i = 67 nS,
            /// Seed of the connectivity stream.
            conn_seed = 20070001,
            /// 1: the reference files' pairwise recipe (cost N²); 0: geometric skipping.
            pairwise = 1,
        }
        timestep 0.1 ms
        seed 20070002
        population E = crate::Lif[N*4/5] {
            tau = 20 ms, R = 100 Mohm, v_rest = -60 mV, v_th = -50 mV, v_reset = -60 mV, t_ref = 5 ms
            method euler
            init v = -60 mV + 5 mV*randn(0) - 5 mV
        }
        population I = crate::Lif[N - N*4/5] {
            tau = 20 ms, R = 100 Mohm, v_rest = -60 mV, v_th = -50 mV, v_reset = -60 mV, t_ref = 5 ms
            method euler
            init v = -60 mV + 5 mV*randn(0) - 5 mV
        }
        projection EE: E -> E = crate::ExpConductance { preset ampa; schedule brian2; init g = 10 nS*(1.5*randn(1) + 4) }
            with bernoulli(p, w_e, seed = conn_seed, pairwise = pairwise)
        projection EI: E -> I = crate::ExpConductance { preset ampa; schedule brian2; init g = 10 nS*(1.5*randn(1) + 4) }
            with bernoulli(p, w_e, seed = conn_seed, pairwise = pairwise)
        projection IE: I -> E = crate::ExpConductance { tau = 10 ms, E = -80 mV; schedule brian2; init g = 10 nS*(12*randn(2) + 20) }
            with bernoulli(p, w_i, seed = conn_seed, pairwise = pairwise)
        projection II: I -> I = crate::ExpConductance { tau = 10 ms, E = -80 mV; schedule brian2; init g = 10 nS*(12*randn(2) + 20) }
            with bernoulli(p, w_i, seed = conn_seed, pairwise = pairwise)
        record E
        record I
    }

    /// Benchmark 2 of Brette et al. (2007): τ dv/dt = −(v − E_L) + R (I_e + I_i) with
    /// τ = 20 ms, R = 100 MΩ, E_L = −49 mV, threshold −50 mV, reset −60 mV, 5 ms refractory;
    /// exponential currents of 5 ms and 10 ms with R·w = 1.62 mV and −9 mV; exact
    /// integration; v starts uniform between reset and threshold (stream 0 of the seed).
    pub network Cuba {
        parameters {
            /// Neurons (the first 80 % excitatory; a multiple of 5).
            N = 4000,
            /// Connection probability of each ordered pair (self-connections allowed).
            p = 0.02,
            /// Current added by an excitatory spike.
            w_e = 16.2 pA,
            /// Current added by an inhibitory spike.
            w_i = -90 pA,
            /// Seed of the connectivity stream.
            conn_seed = 20070011,
            /// 1: the reference files' pairwise recipe (cost N²); 0: geometric skipping.
            pairwise = 1,
        }
        timestep 0.1 ms
        seed 20070012
        population E = crate::Lif[N*4/5] {
            tau = 20 ms, R = 100 Mohm, v_rest = -49 mV, v_th = -50 mV, v_reset = -60 mV, t_ref = 5 ms
            method exact
            init v = -60 mV + 10 mV*rand(0)
        }
        population I = crate::Lif[N - N*4/5] {
            tau = 20 ms, R = 100 Mohm, v_rest = -49 mV, v_th = -50 mV, v_reset = -60 mV, t_ref = 5 ms
            method exact
            init v = -60 mV + 10 mV*rand(0)
        }
        projection EE: E -> E = crate::ExpCurrent { tau = 5 ms } with bernoulli(p, w_e, seed = conn_seed, pairwise = pairwise)
        projection EI: E -> I = crate::ExpCurrent { tau = 5 ms } with bernoulli(p, w_e, seed = conn_seed, pairwise = pairwise)
        projection IE: I -> E = crate::ExpCurrent { tau = 10 ms } with bernoulli(p, w_i, seed = conn_seed, pairwise = pairwise)
        projection II: I -> I = crate::ExpCurrent { tau = 10 ms } with bernoulli(p, w_i, seed = conn_seed, pairwise = pairwise)
        record E
        record I
    }
}
