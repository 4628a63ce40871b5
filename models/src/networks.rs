//! Library networks: how library neurons and synapses are wired (no model arithmetic here —
//! cells and synapses are DSL models). The seed notebook's RS/FS network ([`Izhikevich`] with
//! [`ExpConductance`] (AMPA, GABA_A, GABA_B presets), [`Nmda`]), the COBA/CUBA benchmarks ([`Lif`] with
//! conductance or current synapses) and Brunel's (2000) sparse balanced network ([`Lif`]
//! with [`VoltageJump`] synapses and Poisson input).

use cajal_runtime::rng::{splitmix_normal, splitmix_uniform};
use cajal_runtime::{Connections, Delivery, Error, Model, Network, PopulationId, Stimulus};

use crate::{
    ExpConductance, ExpCurrent, Izhikevich, IzhikevichParams, Lif, LifParams, Nmda, VoltageJump,
};

/// Width of the Cano-Colino ring's Gaussian (degrees), as in the seed notebook.
pub const RING_SIGMA_DEG: f64 = 14.4;

/// The four receptor projections from a source block onto a target block: AMPA + NMDA from
/// excitatory sources, GABA_A + GABA_B from inhibitory ones (the notebook's rule).
fn connect_block(
    net: &mut Network,
    name: &str,
    (source, excitatory): (PopulationId, bool),
    to: PopulationId,
    c: Connections,
) -> Result<(), Error> {
    if excitatory {
        net.connect(
            &format!("{name}_ampa"),
            source,
            to,
            ExpConductance::ampa(),
            c.clone(),
        )?;
        net.connect(&format!("{name}_nmda"), source, to, Nmda::default(), c)
    } else {
        net.connect(
            &format!("{name}_gabaa"),
            source,
            to,
            ExpConductance::gabaa(),
            c.clone(),
        )?;
        net.connect(
            &format!("{name}_gabab"),
            source,
            to,
            ExpConductance::gabab(),
            c,
        )
    }
}

/// Block (rows `r`, columns `c`) of a full weight matrix as connections.
fn block(
    w: &[Vec<f64>],
    r: std::ops::Range<usize>,
    c: std::ops::Range<usize>,
) -> Result<Connections, Error> {
    let rows: Vec<Vec<f64>> = w[r].iter().map(|row| row[c.clone()].to_vec()).collect();
    Connections::from_matrix(&rows)
}

/// The seed notebook's network, dt = 0.1 ms: `ne` RS cells (population `E`) and `ni` FS
/// cells (`I`) with constant currents (pA, one per neuron, E first), joined by
/// AMPA + NMDA (from E) and GABA_A + GABA_B (from I) conductances with the same weights.
///
/// Weights (nS): the Cano-Colino ring (Compte et al. 2000; Cano-Colino & Almeida 2014) with
/// σ = 14.4°, E→E 5, E→I 10, I→E 0, I→I 10 and no self-connections, or the full matrix
/// `weights[i][j]` (source i → target j, neurons numbered E first) when given.
pub fn seed_network(
    ne: usize,
    ni: usize,
    currents_pa: &[f64],
    weights: Option<&[Vec<f64>]>,
) -> Result<(Network, PopulationId, PopulationId), Error> {
    let n = ne + ni;
    if currents_pa.len() != n {
        return Err(Error::WrongSize {
            what: "currents of the seed network".into(),
            expected: n,
            got: currents_pa.len(),
        });
    }
    let mut net = Network::new(0.1)?;
    let e = net.add_population("E", Izhikevich::new(ne))?;
    let i = net.add_population("I", Izhikevich::with_params(ni, IzhikevichParams::fs())?)?;
    net.drive(e, "I", Stimulus::PerInstance(currents_pa[..ne].to_vec()))?;
    net.drive(i, "I", Stimulus::PerInstance(currents_pa[ne..].to_vec()))?;
    let blocks = match weights {
        None => {
            let ring = |a, b, w, own| Connections::ring_gaussian(a, b, w, RING_SIGMA_DEG, own);
            [
                ring(ne, ne, 5.0, false),
                ring(ne, ni, 10.0, true),
                ring(ni, ne, 0.0, true),
                ring(ni, ni, 10.0, false),
            ]
        }
        Some(w) => {
            if w.len() != n {
                return Err(Error::WrongSize {
                    what: "rows of the seed network's weight matrix".into(),
                    expected: n,
                    got: w.len(),
                });
            }
            [
                block(w, 0..ne, 0..ne)?,
                block(w, 0..ne, ne..n)?,
                block(w, ne..n, 0..ne)?,
                block(w, ne..n, ne..n)?,
            ]
        }
    };
    let wiring = [
        ("EE", (e, true), e),
        ("EI", (e, true), i),
        ("IE", (i, false), e),
        ("II", (i, false), i),
    ];
    for ((name, from, to), c) in wiring.into_iter().zip(blocks) {
        connect_block(&mut net, name, from, to, c)?;
    }
    Ok((net, e, i))
}

/// Which of the two benchmark networks of Brette et al. (2007) (Vogels & Abbott 2005).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Benchmark {
    /// Benchmark 1: conductance-based synapses (AMPA-like 5 ms / 0 mV, GABA-like 10 ms /
    /// −80 mV), forward Euler.
    Coba,
    /// Benchmark 2: current-based exponential synapses (5 ms / 10 ms), exact integration.
    Cuba,
}

/// Size, connectivity and seeds of a benchmark network.
#[derive(Clone, Debug, PartialEq)]
pub struct BenchmarkConfig {
    /// Which network.
    pub kind: Benchmark,
    /// Number of neurons (the first 80 % are excitatory).
    pub n: usize,
    /// Connection probability of each ordered pair (self-connections allowed).
    pub p: f64,
    /// Seed of the connectivity stream: `i → j` iff `u(seed, i·N + j) < p`.
    pub conn_seed: u64,
    /// Seed of the initial-state stream.
    pub init_seed: u64,
    /// How pairs are drawn.
    pub recipe: Recipe,
}

/// How a benchmark network draws its synapses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recipe {
    /// Every ordered pair tested against the SplitMix64 stream (the reference files'
    /// recipe; cost N²).
    Pairwise,
    /// Geometric gaps between each source's targets ([`Connections::bernoulli_sparse`];
    /// cost proportional to the synapses, for scaled networks).
    Skipping,
}

impl BenchmarkConfig {
    /// The published size: 4000 neurons, p = 2 %, with the seeds of the reference files.
    pub fn published(kind: Benchmark) -> BenchmarkConfig {
        let (conn_seed, init_seed) = match kind {
            Benchmark::Coba => (20070001, 20070002),
            Benchmark::Cuba => (20070011, 20070012),
        };
        BenchmarkConfig {
            kind,
            n: 4000,
            p: 0.02,
            conn_seed,
            init_seed,
            recipe: Recipe::Pairwise,
        }
    }

    /// `n` neurons with `synapses_per_neuron` inputs on average (p = that / n), drawn by
    /// skipping: the published network scaled as in Brette et al. (2007), same weights.
    pub fn scaled(kind: Benchmark, n: usize, synapses_per_neuron: f64) -> BenchmarkConfig {
        BenchmarkConfig {
            n,
            p: (synapses_per_neuron / n as f64).min(1.0),
            recipe: Recipe::Skipping,
            ..BenchmarkConfig::published(kind)
        }
    }

    /// Number of excitatory neurons (80 %).
    pub fn n_exc(&self) -> usize {
        self.n * 4 / 5
    }
}

/// Bernoulli block of the whole network's connectivity: sources `pre`, targets `post`, in the
/// global numbering that the seed stream is keyed by.
fn global_bernoulli(
    cfg: &BenchmarkConfig,
    pre: std::ops::Range<usize>,
    post: std::ops::Range<usize>,
    w: f64,
) -> Result<Connections, Error> {
    match cfg.recipe {
        Recipe::Pairwise => Ok(Connections::from_fn(pre.len(), post.len(), |i, j| {
            let k = ((pre.start + i) * cfg.n + post.start + j) as u64;
            (splitmix_uniform(cfg.conn_seed, k) < cfg.p).then_some(w)
        })),
        Recipe::Skipping => {
            // One stream per block, keyed by where the block starts.
            let seed = cfg.conn_seed ^ ((pre.start as u64) << 32 | post.start as u64);
            Connections::bernoulli_sparse(pre.len(), post.len(), cfg.p, w, seed, true)
        }
    }
}

/// The COBA or CUBA benchmark network (Vogels & Abbott 2005; Brette et al. 2007), dt = 0.1 ms:
/// populations `E` (80 %) and `I` of [`Lif`] cells (τ = 20 ms, threshold −50 mV, reset
/// −60 mV, 5 ms refractory), all-to-all Bernoulli connectivity, no delays, Brian2 schedule.
///
/// COBA: C dv/dt = g_L (E_L − v) + g_e (0 − v) + g_i (−80 mV − v) with C = 200 pF,
/// g_L = 10 nS (so τ = C/g_L and R = 1/g_L), E_L = −60 mV; [`ExpConductance`] (AMPA: 5 ms, 0 mV, 6 nS) and
/// [`ExpConductance`] set to 10 ms, −80 mV, 67 nS; forward Euler. Initial state (benchmark 1, absolute
/// units): v = E_L + 5·n₀ − 5 mV, g_e = 10·(1.5·n₁ + 4) nS, g_i = 10·(12·n₂ + 20) nS with
/// n₀, n₁, n₂ standard normals of the init stream (indices i, N + i, 2N + i).
///
/// CUBA: τ dv/dt = −(v − E_L) + R (I_e + I_i), E_L = −49 mV; [`ExpCurrent`] synapses of 5 ms
/// and 10 ms with R·w = 1.62 mV and −9 mV (R = 100 MΩ); exact integration; v starts uniform
/// between reset and threshold.
pub fn benchmark_network(
    cfg: &BenchmarkConfig,
) -> Result<(Network, PopulationId, PopulationId), Error> {
    let (n, ne) = (cfg.n, cfg.n_exc());
    let ni = n - ne;
    let mut cell = LifParams {
        tau: 20.0,
        R: 100.0,
        v_rest: -60.0,
        v_th: -50.0,
        v_reset: -60.0,
        t_ref: 5.0,
    };
    if cfg.kind == Benchmark::Cuba {
        cell.v_rest = -49.0;
    }
    let method = match cfg.kind {
        Benchmark::Coba => "euler",
        Benchmark::Cuba => "exact",
    };
    let mut net = Network::new(0.1)?;
    let mut exc = Lif::with_params(ne, cell.clone())?;
    let mut inh = Lif::with_params(ni, cell)?;
    exc.set_method(method)?;
    inh.set_method(method)?;
    let e = net.add_population("E", exc)?;
    let i = net.add_population("I", inh)?;
    let blocks = [
        ("EE", e, 0..ne, e, 0..ne),
        ("EI", e, 0..ne, i, ne..n),
        ("IE", i, ne..n, e, 0..ne),
        ("II", i, ne..n, i, ne..n),
    ];
    let seed = cfg.init_seed;
    for (name, from, pre, to, post) in blocks {
        let excitatory = name.starts_with('E');
        match (cfg.kind, excitatory) {
            (Benchmark::Coba, true) => {
                let c = global_bernoulli(cfg, pre, post.clone(), 6.0)?;
                net.connect_with(name, from, to, ExpConductance::ampa(), c, Delivery::Brian2)?;
            }
            (Benchmark::Coba, false) => {
                let c = global_bernoulli(cfg, pre, post.clone(), 67.0)?;
                let syn = ExpConductance {
                    tau: 10.0,
                    E: -80.0,
                };
                net.connect_with(name, from, to, syn, c, Delivery::Brian2)?;
            }
            (Benchmark::Cuba, true) => {
                let c = global_bernoulli(cfg, pre, post.clone(), 16.2)?;
                net.connect(name, from, to, ExpCurrent { tau: 5.0 }, c)?;
            }
            (Benchmark::Cuba, false) => {
                let c = global_bernoulli(cfg, pre, post.clone(), -90.0)?;
                net.connect(name, from, to, ExpCurrent { tau: 10.0 }, c)?;
            }
        }
        if cfg.kind == Benchmark::Coba {
            let (offset, scale, mean) = if excitatory {
                (n, 1.5, 4.0)
            } else {
                (2 * n, 12.0, 20.0)
            };
            let g: Vec<f64> = post
                .map(|j| 10.0 * (scale * splitmix_normal(seed, (offset + j) as u64) + mean))
                .collect();
            net.synapse_state_mut(name, "g")?.copy_from_slice(&g);
        }
    }
    for (pop, range) in [(e, 0..ne), (i, ne..n)] {
        let v: Vec<f64> = match cfg.kind {
            Benchmark::Coba => range
                .map(|j| -60.0 + 5.0 * splitmix_normal(seed, j as u64) - 5.0)
                .collect(),
            Benchmark::Cuba => range
                .map(|j| -60.0 + splitmix_uniform(seed, j as u64) * 10.0)
                .collect(),
        };
        let model = net.population_mut(pop)?;
        let k = model.info().state_index("v")?;
        model.state_mut(k).copy_from_slice(&v);
    }
    Ok((net, e, i))
}

/// The four states of Brunel (2000, Fig. 8) as (g, η): relative inhibition g and external
/// drive η = ν_ext/ν_thr.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BrunelRegime {
    /// Synchronous regular (SR): g = 3, η = 2.
    SynchronousRegular,
    /// Asynchronous irregular (AI): g = 5, η = 2.
    AsynchronousIrregular,
    /// Synchronous irregular with fast oscillations (SI fast): g = 6, η = 4.
    SynchronousIrregularFast,
    /// Synchronous irregular with slow oscillations (SI slow): g = 4.5, η = 0.9.
    SynchronousIrregularSlow,
}

impl BrunelRegime {
    /// (g, η) of the regime.
    pub fn g_eta(self) -> (f64, f64) {
        match self {
            BrunelRegime::SynchronousRegular => (3.0, 2.0),
            BrunelRegime::AsynchronousIrregular => (5.0, 2.0),
            BrunelRegime::SynchronousIrregularFast => (6.0, 4.0),
            BrunelRegime::SynchronousIrregularSlow => (4.5, 0.9),
        }
    }
}

/// The sparse balanced network of Brunel (2000): LIF cells (τ = 20 ms, θ = 20 mV,
/// V_r = 10 mV, τ_rp = 2 ms), C_E excitatory and C_I = C_E/4 inhibitory inputs per neuron
/// (fixed in-degree), delta synapses of J and −gJ with delay D, and C_E external Poisson
/// inputs per neuron at η·ν_thr, ν_thr = θ/(J C_E τ).
#[derive(Clone, Debug, PartialEq)]
pub struct BrunelConfig {
    /// Excitatory neurons (the paper: 10 000).
    pub n_e: usize,
    /// Inhibitory neurons (the paper: 2500).
    pub n_i: usize,
    /// Excitatory inputs per neuron (the paper: 1000 = 0.1 N_E).
    pub c_e: usize,
    /// Inhibitory inputs per neuron (the paper: 250).
    pub c_i: usize,
    /// Excitatory jump J (mV; the paper: 0.1 mV).
    pub j_mv: f64,
    /// Relative strength of inhibition g.
    pub g: f64,
    /// External drive η = ν_ext/ν_thr.
    pub eta: f64,
    /// Transmission delay D (ms; the paper: 1.5 ms).
    pub delay_ms: f64,
    /// Seed of connectivity, initial potentials and external input.
    pub seed: u64,
}

/// Membrane time constant of Brunel's cells (ms).
pub const BRUNEL_TAU_MS: f64 = 20.0;
/// Firing threshold of Brunel's cells (mV above rest).
pub const BRUNEL_THETA_MV: f64 = 20.0;
/// Reset potential of Brunel's cells (mV above rest).
pub const BRUNEL_RESET_MV: f64 = 10.0;
/// Absolute refractory period of Brunel's cells (ms).
pub const BRUNEL_REFRACTORY_MS: f64 = 2.0;

impl BrunelConfig {
    /// A regime at the paper's size (N_E = 10 000, ε = 0.1).
    pub fn regime(regime: BrunelRegime) -> BrunelConfig {
        BrunelConfig::scaled(regime, 10_000, 1000)
    }

    /// A regime with `n_e` excitatory neurons (N_I = N_E/4) and `c_e` excitatory inputs per
    /// neuron (C_I = C_E/4).
    pub fn scaled(regime: BrunelRegime, n_e: usize, c_e: usize) -> BrunelConfig {
        let (g, eta) = regime.g_eta();
        BrunelConfig {
            n_e,
            n_i: n_e / 4,
            c_e,
            c_i: c_e / 4,
            j_mv: 0.1,
            g,
            eta,
            delay_ms: 1.5,
            seed: 2000,
        }
    }

    /// The external rate per input that brings the mean input to threshold (Hz).
    pub fn nu_thr_hz(&self) -> f64 {
        BRUNEL_THETA_MV / (self.j_mv * self.c_e as f64 * BRUNEL_TAU_MS) * 1e3
    }
}

/// Builds the Brunel (2000) network: populations `E` and `I` of [`Lif`] with
/// [`VoltageJump`] projections and Poisson input into v; potentials start uniform in
/// [0, θ).
pub fn brunel_network(cfg: &BrunelConfig) -> Result<(Network, PopulationId, PopulationId), Error> {
    let cell = LifParams {
        tau: BRUNEL_TAU_MS,
        R: 1.0,
        v_rest: 0.0,
        v_th: BRUNEL_THETA_MV,
        v_reset: BRUNEL_RESET_MV,
        t_ref: BRUNEL_REFRACTORY_MS,
    };
    let mut net = Network::new(0.1)?;
    let e = net.add_population("E", Lif::with_params(cfg.n_e, cell.clone())?)?;
    let i = net.add_population("I", Lif::with_params(cfg.n_i, cell)?)?;
    let (je, ji) = (cfg.j_mv, -cfg.g * cfg.j_mv);
    let s = cfg.seed;
    let blocks = [
        // (name, source, sources, target, targets, inputs per target, weight, autapses, stream)
        ("EE", e, cfg.n_e, e, cfg.n_e, cfg.c_e, je, false, 1),
        ("EI", e, cfg.n_e, i, cfg.n_i, cfg.c_e, je, true, 2),
        ("IE", i, cfg.n_i, e, cfg.n_e, cfg.c_i, ji, true, 3),
        ("II", i, cfg.n_i, i, cfg.n_i, cfg.c_i, ji, false, 4),
    ];
    for (name, from, n_pre, to, n_post, k, w, own, stream) in blocks {
        let c = Connections::fixed_in_degree(n_pre, n_post, k, w, s ^ stream, own)?
            .with_delay(cfg.delay_ms);
        net.connect(name, from, to, VoltageJump::default(), c)?;
    }
    let nu_ext = cfg.eta * cfg.nu_thr_hz();
    net.add_poisson_input("external E", e, "v", cfg.c_e, nu_ext, je)?;
    net.add_poisson_input("external I", i, "v", cfg.c_e, nu_ext, je)?;
    net.set_seed(s);
    for (pop, offset) in [(e, 0), (i, cfg.n_e)] {
        let model = net.population_mut(pop)?;
        let v = model.state_mut(0);
        for (k, x) in v.iter_mut().enumerate() {
            *x = BRUNEL_THETA_MV * splitmix_uniform(s, (offset + k) as u64);
        }
    }
    Ok((net, e, i))
}
