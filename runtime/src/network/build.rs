//! What the code generated for a `network` item calls: unit tables that Rust checks while it
//! compiles the network, whole numbers and seeds from parameters, per-neuron random draws, and
//! the connectivity rules with the network's seeding conventions.

use super::{Connections, Delivery, Network, PairKeys, PopulationId, SourceId, declared_delivery};
use crate::error::Error;
use crate::field::FieldKernel;
use crate::patterns::{HebbianPatterns, Patterns};
use crate::rng::{splitmix_normal, splitmix_uniform};
use crate::synapse::Synapse;

/// One declaration in a generated item's unit table (`__CAJAL_UNITS`).
#[derive(Clone, Copy, Debug)]
pub struct UnitEntry {
    /// `param`, `state`, `input`, `weight` or `post`.
    pub kind: &'static str,
    /// The declared name.
    pub name: &'static str,
    /// Doubled SI exponents (length, mass, time, current, temperature, amount, luminosity).
    pub dim: [i8; 7],
    /// Power of ten of the declared unit relative to the coherent SI unit.
    pub exp10: i32,
    /// A pure number declared in a named unit (`/s/Hz`): values must write their unit.
    pub named: bool,
}

const fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Panics with `message` (a compile error when evaluated in a constant) if declaration `name`
/// of kind `kind` in `table` is a pure number in a named unit: a value without a unit could
/// be meant in another scale.
pub const fn require_written_unit(table: &[UnitEntry], kind: &str, name: &str, message: &str) {
    let mut k = 0;
    while k < table.len() {
        let e = &table[k];
        if same_text(e.kind, kind) && (name.is_empty() || same_text(e.name, name)) && e.named {
            panic!("{}", message);
        }
        k += 1;
    }
}

/// Panics with `missing` (a compile error when evaluated in a constant) unless `table`
/// declares `name` of kind `kind` (any name of that kind when `name` is empty).
pub const fn require(table: &[UnitEntry], kind: &str, name: &str, missing: &str) {
    let mut k = 0;
    while k < table.len() {
        if same_text(table[k].kind, kind) && (name.is_empty() || same_text(table[k].name, name)) {
            return;
        }
        k += 1;
    }
    panic!("{}", missing)
}

/// Panics with `missing` (a compile error when evaluated in a constant) unless `table`
/// declares a state variable or an output `name`.
pub const fn require_recordable(table: &[UnitEntry], name: &str, missing: &str) {
    let mut k = 0;
    while k < table.len() {
        let e = &table[k];
        if (same_text(e.kind, "state") || same_text(e.kind, "output")) && same_text(e.name, name) {
            return;
        }
        k += 1;
    }
    panic!("{}", missing)
}

/// The power of ten of declaration `name` (of kind `kind`; an empty name matches the first
/// of that kind) in `table`, after checking that
/// it has dimension `dim`. Evaluated in a constant, its panics are compile errors carrying
/// `missing` (no such declaration) or `mismatch` (another dimension).
pub const fn unit_exp10(
    table: &[UnitEntry],
    kind: &str,
    name: &str,
    dim: [i8; 7],
    missing: &str,
    mismatch: &str,
) -> i32 {
    let mut k = 0;
    while k < table.len() {
        let e = &table[k];
        if same_text(e.kind, kind) && (name.is_empty() || same_text(e.name, name)) {
            let mut d = 0;
            while d < 7 {
                if e.dim[d] != dim[d] {
                    panic!("{}", mismatch);
                }
                d += 1;
            }
            return e.exp10;
        }
        k += 1;
    }
    panic!("{}", missing)
}

/// `x` given in 10^`from` of a unit, expressed in 10^`to` of the same unit (exact when the
/// powers agree).
pub fn rescale(x: f64, from: i32, to: i32) -> f64 {
    match from - to {
        0 => x,
        k if k > 0 => x * 10f64.powi(k),
        k => x / 10f64.powi(-k),
    }
}

/// A count such as a population size: `x` must be a whole number ≥ 0.
pub fn whole(what: &str, x: f64) -> Result<usize, Error> {
    if x >= 0.0 && x.fract() == 0.0 && x < usize::MAX as f64 {
        Ok(x as usize)
    } else {
        Err(Error::Incompatible {
            what: what.to_string(),
            message: format!("must be a whole number ≥ 0, but it is {x}"),
        })
    }
}

/// A seed given as a parameter: a whole number below 2^64.
pub fn seed(what: &str, x: f64) -> Result<u64, Error> {
    if x >= 0.0 && x.fract() == 0.0 && x < 18_446_744_073_709_551_616.0 {
        Ok(x as u64)
    } else {
        Err(Error::Incompatible {
            what: what.to_string(),
            message: format!("a seed must be a whole number in [0, 2^64), but it is {x}"),
        })
    }
}

/// The seed of projection `k` (counted from 0 in declaration order) when its rule names none.
pub fn projection_seed(network_seed: u64, k: usize) -> u64 {
    network_seed ^ (k as u64 + 1)
}

/// A delivery schedule by name (`seed` or `brian2`).
pub fn delivery(name: &str) -> Result<Delivery, Error> {
    match name {
        "seed" => Ok(Delivery::Seed),
        "brian2" => Ok(Delivery::Brian2),
        other => Err(Error::UnknownName {
            kind: "delivery schedule",
            name: other.to_string(),
            available: vec!["seed".into(), "brian2".into()],
        }),
    }
}

/// Random draws of per-neuron values: `rand(k)` / `randn(k)` of the neuron with global index
/// g (populations numbered in declaration order) is the SplitMix64 uniform / normal of the
/// network's seed at key k·N + g, N the number of neurons in the network.
#[derive(Clone, Copy, Debug)]
pub struct Draws {
    /// The network's seed.
    pub seed: u64,
    /// Neurons in the network.
    pub n_total: usize,
    /// Global index of the population's first neuron.
    pub offset: usize,
}

impl Draws {
    fn key(&self, stream: u32, i: usize) -> u64 {
        u64::from(stream)
            .wrapping_mul(self.n_total as u64)
            .wrapping_add((self.offset + i) as u64)
    }

    /// Uniform in [0, 1) for neuron `i` of the population.
    pub fn uniform(&self, stream: u32, i: usize) -> f64 {
        splitmix_uniform(self.seed, self.key(stream, i))
    }

    /// Standard normal for neuron `i` of the population.
    pub fn normal(&self, stream: u32, i: usize) -> f64 {
        splitmix_normal(self.seed, self.key(stream, i))
    }
}

/// The two populations a projection joins, where they sit in the network, and its seed.
#[derive(Clone, Copy, Debug)]
pub struct Block {
    /// Source neurons.
    pub n_pre: usize,
    /// Target neurons.
    pub n_post: usize,
    /// Global index of the first source.
    pub pre_offset: usize,
    /// Global index of the first target.
    pub post_offset: usize,
    /// Neurons in the network.
    pub n_total: usize,
    /// Whether `i → i` is allowed (a population onto itself).
    pub self_connections: bool,
    /// Seed of the rule's stream.
    pub seed: u64,
    /// The targets this process builds, `(first, end)`: all of them, `(0, n_post)`, unless
    /// the network is split over ranks ([`Network::local_neurons`]). The keyed rules
    /// (pairwise Bernoulli, fixed in-degree, fixed total number) draw only their synapses;
    /// the others are drawn whole and the network keeps those onto its targets.
    pub targets: (usize, usize),
}

/// Mixed into a block's seed for its drawn weights.
const WEIGHT_STREAM: u64 = 0x5745_4947_4854_0000;
/// Mixed into a block's seed for its drawn delays.
const DELAY_STREAM: u64 = 0x4445_4C41_5900_0000;

/// Bytes a synapse takes while a projection is built: its source, target and weight in the
/// connection list, then its row in the projection's table.
const BYTES_PER_SYNAPSE: f64 = 32.0;

impl Block {
    /// Refuses `rule` when about `synapses` synapses would not fit in the memory budget.
    fn check_synapses(&self, rule: &str, synapses: f64) -> Result<(), Error> {
        crate::budget::check(
            &format!(
                "{rule} connectivity of {} → {} neurons",
                self.n_pre, self.n_post
            ),
            &[("synapses", synapses * BYTES_PER_SYNAPSE)],
        )
    }

    /// Connects every source onto every target of this block through `synapse`, with one
    /// weight `w` and one delay `delay_ms`, delivered by `delivery` (the synapse's declared
    /// schedule when `None`): stored as one weight ([`Network::connect_all_to_all_with`],
    /// O(n) memory) unless the synapse keeps a weight per synapse (a plastic one) or the pairs
    /// `i → i` are left out between populations of different sizes; those are listed
    /// ([`Block::all_to_all`]). Spikes give the same numbers either way.
    pub fn connect_all_to_all(
        &self,
        network: &mut Network,
        name: &str,
        (source, target): (impl Into<SourceId>, PopulationId),
        synapse: impl Synapse + 'static,
        (w, delay_ms): (f64, f64),
        delivery: Option<Delivery>,
    ) -> Result<(), Error> {
        let delivery = delivery.unwrap_or_else(|| declared_delivery(&synapse));
        let listed =
            synapse.info().plastic || (!self.self_connections && self.n_pre != self.n_post);
        if listed {
            let conn = self.all_to_all(w)?.with_delay(delay_ms);
            network.connect_with(name, source, target, synapse, conn, delivery)
        } else {
            let pairs = (w, self.self_connections, delay_ms);
            network.connect_all_to_all_with(name, source, target, synapse, pairs, delivery)
        }
    }

    /// Every source to every target.
    pub fn all_to_all(&self, w: f64) -> Result<Connections, Error> {
        self.check_synapses("all-to-all", self.n_pre as f64 * self.n_post as f64)?;
        Ok(Connections::all_to_all(
            self.n_pre,
            self.n_post,
            w,
            self.self_connections,
        ))
    }

    /// Each pair with probability `p`. `pairwise`: pair (i, j) is tested against the uniform
    /// at key (global i)·N + (global j) of the seed — the recipe of the COBA/CUBA reference
    /// files, independent of how the network is split into populations, cost n_pre·n_post;
    /// otherwise geometric skipping, cost proportional to the synapses, from a stream keyed
    /// by the seed and where the block starts (so blocks sharing a seed are independent).
    pub fn bernoulli(&self, p: f64, w: f64, pairwise: bool) -> Result<Connections, Error> {
        let pairs = self.n_pre as f64 * self.n_post as f64;
        let local = if pairwise { self.local_share() } else { 1.0 };
        self.check_synapses("Bernoulli", p.clamp(0.0, 1.0) * pairs * local)?;
        if !pairwise {
            let seed = self.seed ^ ((self.pre_offset as u64) << 32 | self.post_offset as u64);
            return Connections::bernoulli_sparse(
                self.n_pre,
                self.n_post,
                p,
                w,
                seed,
                self.self_connections,
            );
        }
        let keys = PairKeys {
            pre_offset: self.pre_offset,
            post_offset: self.post_offset,
            stride: self.n_total,
        };
        Connections::bernoulli_onto(
            self.n_pre,
            (self.n_post, self.targets()),
            p,
            w,
            self.seed,
            self.self_connections,
            keys,
        )
    }

    /// The targets this process builds.
    fn targets(&self) -> std::ops::Range<usize> {
        self.targets.0..self.targets.1.min(self.n_post)
    }

    /// The share of the block's synapses onto this process's targets.
    fn local_share(&self) -> f64 {
        self.targets().len() as f64 / self.n_post.max(1) as f64
    }

    /// Exactly `k` distinct sources per target.
    pub fn fixed_in_degree(&self, k: f64, w: f64) -> Result<Connections, Error> {
        let k = whole("sources per target of fixed in-degree connectivity", k)?;
        self.check_synapses("fixed in-degree", k as f64 * self.targets().len() as f64)?;
        Connections::fixed_in_degree_onto(
            self.n_pre,
            (self.n_post, self.targets()),
            k,
            w,
            self.seed,
            self.self_connections,
        )
    }

    /// Exactly `n` synapses with uniformly drawn sources and targets (multapses allowed; see
    /// [`Connections::fixed_total_number`]).
    pub fn fixed_total_number(&self, n: f64, w: f64) -> Result<Connections, Error> {
        let n = whole("synapses of fixed total number connectivity", n)?;
        self.check_synapses("fixed total number", n as f64 * self.local_share())?;
        Connections::fixed_total_number_onto(
            self.n_pre,
            (self.n_post, self.targets()),
            n,
            w,
            self.seed,
            self.self_connections,
        )
    }

    /// The number of synapses that `fixed_total_number` draws so that a pair of this block is
    /// connected with probability `p` (Potjans & Diesmann 2014, eq. 1):
    /// ln(1 − p)/ln(1 − 1/(n_pre·n_post)), rounded to the nearest whole number (ties to even).
    pub fn synapses_for_probability(&self, p: f64) -> Result<f64, Error> {
        if !(0.0..1.0).contains(&p) {
            return Err(Error::Incompatible {
                what: "fixed total number connectivity".into(),
                message: format!("the pair probability must be in [0, 1), but is {p}"),
            });
        }
        let pairs = self.n_pre as f64 * self.n_post as f64;
        if p == 0.0 || pairs == 0.0 {
            return Ok(0.0);
        }
        Ok(((1.0 - p).ln() / (-1.0 / pairs).ln_1p()).round_ties_even())
    }

    /// Each synapse's weight drawn around its value with standard deviation `sd`, keeping
    /// its sign (see [`Connections::with_drawn_weights`]), from the block's weight stream.
    pub fn drawn_weights(&self, c: Connections, sd: f64) -> Result<Connections, Error> {
        c.with_drawn_weights(sd, self.seed ^ WEIGHT_STREAM)
    }

    /// Each synapse's delay drawn from N(`mean_ms`, `sd_ms`²), at least `dt_ms` (see
    /// [`Connections::with_drawn_delays`]), from the block's delay stream.
    pub fn drawn_delays(
        &self,
        c: Connections,
        (mean_ms, sd_ms): (f64, f64),
        dt_ms: f64,
    ) -> Result<Connections, Error> {
        c.with_drawn_delays((mean_ms, sd_ms), dt_ms, self.seed ^ DELAY_STREAM)
    }

    /// `count` random patterns over the block's targets (values `high` with probability
    /// `activity`, else `low`, from the block's seed) and the Hebbian rule with scale `c`
    /// (`None`: 1/N) and offsets (a, b), for [`crate::Network::couple_patterns`].
    pub fn hebbian_patterns(
        &self,
        (count, activity): (f64, f64),
        values: (f64, f64),
        c: Option<f64>,
        (a, b): (f64, f64),
    ) -> Result<(Patterns, HebbianPatterns), Error> {
        let count = whole("number of patterns", count)?;
        let patterns = Patterns::random(count, self.n_post, values, activity, self.seed)?;
        Ok((patterns, self.hebbian_rule(c, (a, b))))
    }

    /// Patterns read from a CSV or NPY file (one per row, one value per target; `path`
    /// relative to `base`) and the Hebbian rule with scale `c` (`None`: 1/N) and offsets
    /// (a, b), for [`crate::Network::couple_patterns`].
    pub fn hebbian_patterns_from(
        &self,
        path: &str,
        base: &std::path::Path,
        c: Option<f64>,
        offsets: (f64, f64),
    ) -> Result<(Patterns, HebbianPatterns), Error> {
        let file = crate::connectome::resolve(path, base);
        let patterns = Patterns::new(crate::connectome::read_matrix(&file)?).map_err(|e| {
            Error::Incompatible {
                what: format!("the patterns in {}", file.display()),
                message: e.to_string(),
            }
        })?;
        if patterns.units() != self.n_post {
            return Err(Error::WrongSize {
                what: format!(
                    "each pattern in {} (one value per unit of the population)",
                    file.display()
                ),
                expected: self.n_post,
                got: patterns.units(),
            });
        }
        Ok((patterns, self.hebbian_rule(c, offsets)))
    }

    /// The Hebbian rule over the block's targets (c = 1/N by default).
    fn hebbian_rule(&self, c: Option<f64>, (a, b): (f64, f64)) -> HebbianPatterns {
        HebbianPatterns {
            c: c.unwrap_or(1.0 / self.n_post as f64),
            a,
            b,
            self_connections: self.self_connections,
        }
    }

    /// A field's kernel over the block's targets: a ring of length `lx` (`nx` = `None`), or
    /// a torus of `nx` points across and n/nx down over `lx × ly`, sampling `w(dx, dy)`
    /// (see [`FieldKernel::torus`]), for [`crate::Network::couple_field`].
    pub fn field_kernel(
        &self,
        nx: Option<f64>,
        (lx, ly): (f64, f64),
        w: impl Fn(f64, f64) -> f64,
    ) -> Result<FieldKernel, Error> {
        let n = self.n_post;
        let Some(nx) = nx else {
            return FieldKernel::ring(n, lx, |dx| w(dx, 0.0));
        };
        let nx = whole("points across a torus field", nx)?;
        if nx == 0 || !n.is_multiple_of(nx) {
            return Err(Error::Incompatible {
                what: "torus field".into(),
                message: format!(
                    "{nx} points across do not divide the population's {n} points into rows"
                ),
            });
        }
        FieldKernel::torus((nx, n / nx), (lx, ly), w)
    }

    /// The Cano-Colino ring with peak weight `w` and width `sigma_deg` degrees.
    pub fn ring_gaussian(&self, w: f64, sigma_deg: f64) -> Result<Connections, Error> {
        self.check_synapses("ring", self.n_pre as f64 * self.n_post as f64)?;
        Ok(Connections::ring_gaussian(
            self.n_pre,
            self.n_post,
            w,
            sigma_deg,
            self.self_connections,
        ))
    }

    /// Source i onto target i with weight `w` (populations of one size).
    pub fn one_to_one(&self, w: f64) -> Result<Connections, Error> {
        if self.n_pre != self.n_post {
            return Err(Error::Incompatible {
                what: "one-to-one connectivity".into(),
                message: format!(
                    "it joins populations of one size, but they have {} and {} neurons",
                    self.n_pre, self.n_post
                ),
            });
        }
        let mut c = Connections::new(self.n_pre, self.n_post);
        for i in 0..self.n_pre {
            c.push(i, i, w);
        }
        Ok(c)
    }

    /// The weights (and delays) of a connectome rule, its files relative to `base`.
    pub fn connectome(
        &self,
        rule: &crate::connectome::ConnectomeRule,
        base: &std::path::Path,
    ) -> Result<Connections, Error> {
        rule.connections(base, (self.n_pre, self.n_post), self.self_connections)
    }

    /// Explicit (source, target, weight) synapses.
    pub fn edges(&self, edges: &[(usize, usize, f64)]) -> Result<Connections, Error> {
        let mut c = Connections::new(self.n_pre, self.n_post);
        for &(i, j, w) in edges {
            if i >= self.n_pre || j >= self.n_post {
                return Err(Error::Incompatible {
                    what: format!("edge {i} -> {j}"),
                    message: format!(
                        "the populations have {} sources and {} targets",
                        self.n_pre, self.n_post
                    ),
                });
            }
            c.push(i, j, w);
        }
        Ok(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &[UnitEntry] = &[UnitEntry {
        kind: "param",
        name: "tau",
        dim: [0, 0, 2, 0, 0, 0, 0],
        exp10: -3,
        named: false,
    }];

    #[test]
    fn unit_table_lookup() {
        assert_eq!(
            unit_exp10(TABLE, "param", "tau", [0, 0, 2, 0, 0, 0, 0], "m", "d"),
            -3
        );
    }

    #[test]
    #[should_panic(expected = "no such")]
    fn unit_table_missing_name() {
        unit_exp10(TABLE, "state", "tau", [0; 7], "no such", "d");
    }

    #[test]
    #[should_panic(expected = "other dimension")]
    fn unit_table_wrong_dimension() {
        unit_exp10(TABLE, "param", "tau", [0; 7], "m", "other dimension");
    }

    #[test]
    fn whole_numbers_and_seeds() {
        assert_eq!(whole("n", 3200.0).unwrap(), 3200);
        assert!(whole("n", 3200.5).is_err());
        assert!(whole("n", -1.0).is_err());
        assert_eq!(seed("s", 20070001.0).unwrap(), 20070001);
        assert!(seed("s", f64::NAN).is_err());
        assert_eq!(rescale(20.0, -3, -3), 20.0);
        assert_eq!(rescale(2.0, 0, -3), 2000.0);
        assert_eq!(rescale(2000.0, -3, 0), 2.0);
    }

    #[test]
    fn draws_are_keyed_by_stream_and_global_index() {
        let d = Draws {
            seed: 7,
            n_total: 10,
            offset: 8,
        };
        assert_eq!(d.uniform(0, 1), splitmix_uniform(7, 9));
        assert_eq!(d.normal(2, 1), splitmix_normal(7, 29));
    }

    #[test]
    fn pairwise_bernoulli_is_keyed_by_global_indices() {
        let b = Block {
            n_pre: 3,
            n_post: 4,
            pre_offset: 5,
            post_offset: 1,
            n_total: 9,
            self_connections: true,
            seed: 11,
            targets: (0, 4),
        };
        let c = b.bernoulli(0.5, 2.0, true).unwrap();
        let mut expected = 0;
        for i in 0..3 {
            for j in 0..4 {
                expected += usize::from(splitmix_uniform(11, ((5 + i) * 9 + 1 + j) as u64) < 0.5);
            }
        }
        assert_eq!(c.len(), expected);
        assert!(b.edges(&[(3, 0, 1.0)]).is_err());
    }
}
