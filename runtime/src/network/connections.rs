//! Which neurons a projection connects, with what weights and delays: the connectivity rules.
//!
//! Weights are in the unit of the synapse's weight; delays in ms. Every random rule is a pure
//! function of its seed, so a network is rebuilt identically on any machine.

use std::ops::Range;

use crate::error::Error;
use crate::rng::{key, mix64, splitmix_uniform, uniform_open};

/// The synapses of one projection as an edge list (source index, target index, weight).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Connections {
    /// Number of source neurons.
    pub n_pre: usize,
    /// Number of target neurons.
    pub n_post: usize,
    /// Source index of each synapse.
    pub pre: Vec<u32>,
    /// Target index of each synapse.
    pub post: Vec<u32>,
    /// Weight of each synapse (the synapse's weight unit).
    pub weight: Vec<f64>,
    /// Per-synapse delays (ms), if they differ between synapses.
    pub delay_ms: Option<Vec<f64>>,
}

impl Connections {
    /// The synapses onto targets `targets` alone, in their order, the targets numbered from
    /// `targets.start` (one rank's share of a network split over ranks).
    pub fn onto(self, targets: std::ops::Range<usize>) -> Connections {
        let keep: Vec<bool> = self
            .post
            .iter()
            .map(|&j| targets.contains(&(j as usize)))
            .collect();
        let kept = |v: Vec<f64>| {
            v.into_iter()
                .zip(&keep)
                .filter(|(_, k)| **k)
                .map(|(x, _)| x)
        };
        let first = targets.start as u32;
        Connections {
            n_pre: self.n_pre,
            n_post: targets.len(),
            pre: self
                .pre
                .iter()
                .zip(&keep)
                .filter(|(_, k)| **k)
                .map(|(&i, _)| i)
                .collect(),
            post: self
                .post
                .iter()
                .filter(|&&j| targets.contains(&(j as usize)))
                .map(|&j| j - first)
                .collect(),
            weight: kept(self.weight).collect(),
            delay_ms: self.delay_ms.map(|d| kept(d).collect()),
        }
    }
}

fn check_probability(p: f64) -> Result<(), Error> {
    if (0.0..=1.0).contains(&p) {
        Ok(())
    } else {
        Err(Error::Incompatible {
            what: "Bernoulli connectivity".into(),
            message: format!("the probability must be in [0, 1], but is {p}"),
        })
    }
}

/// Stream of the sources of [`Connections::fixed_total_number`] (its targets are drawn from
/// the seed itself).
const SOURCE_STREAM: u64 = 0x5352_4345;

/// The in-degree of each of `n_post` targets when `n` synapses pick their target uniformly:
/// synapse s takes target ⌊u_s·n_post⌋, u_s the SplitMix64 uniform s of `seed`.
fn fixed_total_in_degrees(n_post: usize, n: usize, seed: u64) -> Vec<u32> {
    let mut in_degree = vec![0u32; n_post];
    for s in 0..n {
        let u = splitmix_uniform(seed, s as u64);
        let j = ((u * n_post as f64) as usize).min(n_post - 1);
        in_degree[j] += 1;
    }
    in_degree
}

/// How many sources a target may draw from: all `n_pre`, or all but itself without
/// self-connections.
fn allowed_sources(n_pre: usize, self_connections: bool) -> usize {
    if self_connections {
        n_pre
    } else {
        n_pre.saturating_sub(1)
    }
}

/// The source of allowed index `a` for target `j`: without self-connections the target
/// itself is skipped.
fn source_of(a: usize, j: usize, self_connections: bool) -> usize {
    if !self_connections && a >= j {
        a + 1
    } else {
        a
    }
}

fn index(i: usize) -> u32 {
    u32::try_from(i).expect("populations hold fewer than 2^32 neurons")
}

/// Where a block of pairs sits in a larger numbering: pair `i → j` of the block has key
/// `(pre_offset + i)·stride + post_offset + j`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PairKeys {
    /// Index of the block's first source in the numbering.
    pub pre_offset: usize,
    /// Index of the block's first target in the numbering.
    pub post_offset: usize,
    /// Number of targets per source row of the numbering.
    pub stride: usize,
}

impl Connections {
    /// An empty projection between populations of `n_pre` and `n_post` neurons.
    pub fn new(n_pre: usize, n_post: usize) -> Connections {
        Connections {
            n_pre,
            n_post,
            ..Connections::default()
        }
    }

    /// Number of synapses.
    pub fn len(&self) -> usize {
        self.pre.len()
    }

    /// True if there are no synapses.
    pub fn is_empty(&self) -> bool {
        self.pre.is_empty()
    }

    /// Adds one synapse `i → j` with weight `w` (indices are checked when the projection is
    /// built).
    pub fn push(&mut self, i: usize, j: usize, w: f64) {
        self.pre.push(index(i));
        self.post.push(index(j));
        self.weight.push(w);
    }

    /// Every synapse `i → j` for which `weight(i, j)` is `Some`, in order of `i` then `j`.
    pub fn from_fn(
        n_pre: usize,
        n_post: usize,
        mut weight: impl FnMut(usize, usize) -> Option<f64>,
    ) -> Connections {
        let mut c = Connections::new(n_pre, n_post);
        for i in 0..n_pre {
            for j in 0..n_post {
                if let Some(w) = weight(i, j) {
                    c.push(i, j, w);
                }
            }
        }
        c
    }

    /// From a dense matrix `w[i][j]` (source `i`, target `j`); zeros are not synapses.
    pub fn from_matrix(w: &[Vec<f64>]) -> Result<Connections, Error> {
        let n_post = w.first().map_or(0, Vec::len);
        if let Some((i, row)) = w.iter().enumerate().find(|(_, r)| r.len() != n_post) {
            return Err(Error::WrongSize {
                what: format!("row {i} of the weight matrix"),
                expected: n_post,
                got: row.len(),
            });
        }
        Ok(Connections::from_fn(w.len(), n_post, |i, j| {
            (w[i][j] != 0.0).then_some(w[i][j])
        }))
    }

    /// Every source to every target with weight `w`; `self_connections` says whether
    /// `i → i` is included (for a projection from a population onto itself).
    pub fn all_to_all(n_pre: usize, n_post: usize, w: f64, self_connections: bool) -> Connections {
        Connections::from_fn(n_pre, n_post, |i, j| {
            (self_connections || i != j).then_some(w)
        })
    }

    /// Each pair `i → j` independently with probability `p`: connected iff
    /// `u(seed, i·n_post + j) < p`, with `u` the SplitMix64 uniform of [`splitmix_uniform`]
    /// (the recipe of the COBA/CUBA reference networks).
    pub fn bernoulli(
        n_pre: usize,
        n_post: usize,
        p: f64,
        w: f64,
        seed: u64,
        self_connections: bool,
    ) -> Result<Connections, Error> {
        let keys = PairKeys {
            pre_offset: 0,
            post_offset: 0,
            stride: n_post,
        };
        Connections::bernoulli_keyed(n_pre, n_post, p, w, seed, self_connections, keys)
    }

    /// As [`Connections::bernoulli`], with pair `i → j` keyed by where the block sits in a
    /// larger numbering (`keys`), so that a network split into populations draws the same
    /// synapses as the whole.
    pub fn bernoulli_keyed(
        n_pre: usize,
        n_post: usize,
        p: f64,
        w: f64,
        seed: u64,
        self_connections: bool,
        keys: PairKeys,
    ) -> Result<Connections, Error> {
        let targets = 0..n_post;
        Connections::bernoulli_onto(n_pre, (n_post, targets), p, w, seed, self_connections, keys)
    }

    /// The synapses of [`Connections::bernoulli_keyed`] onto `targets` alone (of `n_post`;
    /// numbered as in the whole), testing only their pairs.
    pub fn bernoulli_onto(
        n_pre: usize,
        (n_post, targets): (usize, Range<usize>),
        p: f64,
        w: f64,
        seed: u64,
        self_connections: bool,
        keys: PairKeys,
    ) -> Result<Connections, Error> {
        check_probability(p)?;
        let mut c = Connections::new(n_pre, n_post);
        for i in 0..n_pre {
            for j in targets.clone() {
                let k = ((keys.pre_offset + i) * keys.stride + keys.post_offset + j) as u64;
                if (self_connections || i != j) && splitmix_uniform(seed, k) < p {
                    c.push(i, j, w);
                }
            }
        }
        Ok(c)
    }

    /// Each pair `i → j` independently with probability `p`, drawn by skipping: the gaps
    /// between a source's targets are geometric, so the cost is proportional to the number of
    /// synapses rather than to n_pre·n_post (for large sparse networks; a different network
    /// from [`Connections::bernoulli`] with the same seed, with the same statistics).
    pub fn bernoulli_sparse(
        n_pre: usize,
        n_post: usize,
        p: f64,
        w: f64,
        seed: u64,
        self_connections: bool,
    ) -> Result<Connections, Error> {
        check_probability(p)?;
        let mut c = Connections::new(n_pre, n_post);
        if p == 0.0 {
            return Ok(c);
        }
        let log_q = (1.0 - p).ln();
        for i in 0..n_pre {
            let mut j = 0usize;
            let mut draw = 0u64;
            loop {
                if p < 1.0 {
                    let u = uniform_open(mix64(key(seed, 0, i as u64, draw)));
                    draw += 1;
                    let gap = (u.ln() / log_q).floor();
                    if gap >= (n_post - j) as f64 {
                        break;
                    }
                    j += gap as usize;
                }
                if j >= n_post {
                    break;
                }
                if self_connections || i != j {
                    c.push(i, j, w);
                }
                j += 1;
            }
        }
        Ok(c)
    }

    /// Exactly `k` distinct sources for every target, drawn without replacement (Floyd's
    /// algorithm, seeded per target; O(k) per target).
    pub fn fixed_in_degree(
        n_pre: usize,
        n_post: usize,
        k: usize,
        w: f64,
        seed: u64,
        self_connections: bool,
    ) -> Result<Connections, Error> {
        let targets = 0..n_post;
        Connections::fixed_in_degree_onto(n_pre, (n_post, targets), k, w, seed, self_connections)
    }

    /// The synapses of [`Connections::fixed_in_degree`] onto `targets` alone (of `n_post`;
    /// numbered as in the whole), drawing only theirs.
    pub fn fixed_in_degree_onto(
        n_pre: usize,
        (n_post, targets): (usize, Range<usize>),
        k: usize,
        w: f64,
        seed: u64,
        self_connections: bool,
    ) -> Result<Connections, Error> {
        let available = allowed_sources(n_pre, self_connections);
        if k > available {
            return Err(Error::Incompatible {
                what: "fixed in-degree connectivity".into(),
                message: format!("{k} sources per target, but only {available} are available"),
            });
        }
        // Floyd's sampling of k distinct sources out of the allowed ones, O(k) per target.
        let mut edges: Vec<(u32, u32)> = Vec::with_capacity(k * targets.len());
        let mut chosen: Vec<usize> = Vec::with_capacity(k);
        for j in targets {
            chosen.clear();
            for (draw, m) in (available - k..available).enumerate() {
                let u = splitmix_uniform(seed, (j * k + draw) as u64);
                let r = ((u * (m + 1) as f64) as usize).min(m);
                let pick = if chosen.contains(&r) { m } else { r };
                chosen.push(pick);
            }
            for &a in &chosen {
                edges.push((index(source_of(a, j, self_connections)), index(j)));
            }
        }
        edges.sort_unstable();
        let mut c = Connections::new(n_pre, n_post);
        for (i, j) in edges {
            c.push(i as usize, j as usize, w);
        }
        Ok(c)
    }

    /// Exactly `n` synapses, each with its target and its source drawn uniformly and
    /// independently (multapses allowed, and self-connections unless `self_connections` is
    /// false: NEST's `fixed_total_number`, the rule of Potjans & Diesmann 2014). Drawn keyed
    /// by target: synapse s picks its target from uniform s of the seed's target stream,
    /// which fixes each target's in-degree; the m-th synapse onto target j then picks its
    /// source from the uniform keyed by (j, m). A part of the targets can so be built
    /// alone, with exactly the synapses the whole build gives them. Synapses are listed by
    /// target, then m.
    pub fn fixed_total_number(
        n_pre: usize,
        n_post: usize,
        n: usize,
        w: f64,
        seed: u64,
        self_connections: bool,
    ) -> Result<Connections, Error> {
        let targets = 0..n_post;
        Connections::fixed_total_number_onto(n_pre, (n_post, targets), n, w, seed, self_connections)
    }

    /// The synapses of [`Connections::fixed_total_number`] onto `targets` alone (of
    /// `n_post`; numbered as in the whole): every synapse's target is drawn, but only the
    /// sources of theirs.
    pub fn fixed_total_number_onto(
        n_pre: usize,
        (n_post, targets): (usize, Range<usize>),
        n: usize,
        w: f64,
        seed: u64,
        self_connections: bool,
    ) -> Result<Connections, Error> {
        let available = allowed_sources(n_pre, self_connections);
        if n > 0 && (available == 0 || n_post == 0) {
            return Err(Error::Incompatible {
                what: "fixed total number connectivity".into(),
                message: format!(
                    "{n} synapses, but there are {available} possible sources and {n_post} targets"
                ),
            });
        }
        let in_degree = fixed_total_in_degrees(n_post, n, seed);
        let mut c = Connections::new(n_pre, n_post);
        let local: usize = in_degree[targets.clone()].iter().map(|&k| k as usize).sum();
        c.pre.reserve(local);
        c.post.reserve(local);
        c.weight.reserve(local);
        for (j, &k) in in_degree
            .iter()
            .enumerate()
            .take(targets.end)
            .skip(targets.start)
        {
            for m in 0..k {
                let u = uniform_open(key(seed, SOURCE_STREAM, j as u64, u64::from(m)));
                let a = ((u * available as f64) as usize).min(available - 1);
                c.push(source_of(a, j, self_connections), j, w);
            }
        }
        Ok(c)
    }

    /// The ring of Compte et al. (2000) as used by Cano-Colino & Almeida (2014): neuron `k` of
    /// a population of `n` sits at angle 360·k/n degrees, and `i → j` has weight
    /// `w_max·exp(−d²/σ²)` with `d` the angular distance in degrees (0 to 180). Every pair is
    /// a synapse (however small its weight) unless `w_max` is 0.
    pub fn ring_gaussian(
        n_pre: usize,
        n_post: usize,
        w_max: f64,
        sigma_deg: f64,
        self_connections: bool,
    ) -> Connections {
        if w_max == 0.0 {
            return Connections::new(n_pre, n_post);
        }
        Connections::from_fn(n_pre, n_post, |i, j| {
            if !self_connections && i == j {
                return None;
            }
            let a = 360.0 * i as f64 / n_pre as f64;
            let b = 360.0 * j as f64 / n_post as f64;
            let d = (a - b).abs();
            let d = d.min(360.0 - d);
            Some(w_max * (-(d * d) / (sigma_deg * sigma_deg)).exp())
        })
    }

    /// Gives every synapse the same delay (ms).
    pub fn with_delay(mut self, delay_ms: f64) -> Connections {
        self.delay_ms = Some(vec![delay_ms; self.len()]);
        self
    }

    /// Gives each synapse its own delay (ms), one per synapse in order.
    pub fn with_delays(mut self, delays_ms: Vec<f64>) -> Result<Connections, Error> {
        if delays_ms.len() != self.len() {
            return Err(Error::WrongSize {
                what: "per-synapse delays".into(),
                expected: self.len(),
                got: delays_ms.len(),
            });
        }
        self.delay_ms = Some(delays_ms);
        Ok(self)
    }

    /// Σ over synapses of (i·N + j) with N = `n_total`: the checksum the COBA/CUBA
    /// reference files state.
    pub fn checksum(&self, n_total: u64) -> u64 {
        self.pre
            .iter()
            .zip(&self.post)
            .map(|(&i, &j)| i as u64 * n_total + j as u64)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The synapses of `whole` onto `targets`, in their order.
    fn onto_in_place(whole: &Connections, targets: Range<usize>) -> Vec<(u32, u32, u64)> {
        let all = whole.pre.iter().zip(&whole.post).zip(&whole.weight);
        all.filter(|((_, j), _)| targets.contains(&(**j as usize)))
            .map(|((&i, &j), w)| (i, j, w.to_bits()))
            .collect()
    }

    fn listed(c: &Connections) -> Vec<(u32, u32, u64)> {
        onto_in_place(c, 0..c.n_post)
    }

    #[test]
    fn keyed_rules_draw_a_share_of_the_targets_as_the_whole_draws_it() {
        let keys = PairKeys {
            pre_offset: 3,
            post_offset: 40,
            stride: 200,
        };
        for targets in [0..13, 13..27, 27..40, 5..6] {
            let share = (40, targets.clone());
            let whole = Connections::fixed_in_degree(60, 40, 9, 1.5, 4, true).unwrap();
            let part = Connections::fixed_in_degree_onto(60, share.clone(), 9, 1.5, 4, true);
            assert_eq!(
                listed(&part.unwrap()),
                onto_in_place(&whole, targets.clone())
            );
            let whole = Connections::fixed_total_number(60, 40, 700, 1.5, 4, false).unwrap();
            let part = Connections::fixed_total_number_onto(60, share.clone(), 700, 1.5, 4, false);
            assert_eq!(
                listed(&part.unwrap()),
                onto_in_place(&whole, targets.clone())
            );
            let whole = Connections::bernoulli_keyed(60, 40, 0.2, 1.5, 4, false, keys).unwrap();
            let part = Connections::bernoulli_onto(60, share, 0.2, 1.5, 4, false, keys).unwrap();
            assert_eq!(listed(&part), onto_in_place(&whole, targets.clone()));
            assert!(!listed(&part).is_empty());
        }
    }

    #[test]
    fn onto_keeps_the_synapses_onto_a_range_numbered_from_its_start() {
        let c = Connections::all_to_all(3, 5, 2.0, true)
            .with_delays((0..15).map(|k| k as f64).collect())
            .unwrap();
        let part = c.onto(2..4);
        assert_eq!(part.n_post, 2);
        assert_eq!(part.pre, vec![0, 0, 1, 1, 2, 2]);
        assert_eq!(part.post, vec![0, 1, 0, 1, 0, 1]);
        assert_eq!(part.delay_ms.unwrap(), vec![2.0, 3.0, 7.0, 8.0, 12.0, 13.0]);
    }

    #[test]
    fn fixed_in_degree_gives_k_distinct_sources_per_target() {
        let c = Connections::fixed_in_degree(50, 30, 7, 1.0, 3, false).unwrap();
        assert_eq!(c.len(), 30 * 7);
        for j in 0..30u32 {
            let mut src: Vec<u32> = (0..c.len())
                .filter(|&s| c.post[s] == j)
                .map(|s| c.pre[s])
                .collect();
            assert_eq!(src.len(), 7);
            assert!(!src.contains(&j), "no self connection");
            src.dedup();
            assert_eq!(src.len(), 7, "distinct");
        }
        assert!(Connections::fixed_in_degree(5, 5, 5, 1.0, 3, false).is_err());
    }

    #[test]
    fn sparse_bernoulli_density_is_near_p_and_uniform() {
        let c = Connections::bernoulli_sparse(300, 400, 0.05, 1.0, 9, false).unwrap();
        let expected = 300.0 * 400.0 * 0.05;
        let sd = (expected * 0.95f64).sqrt();
        assert!((c.len() as f64 - expected).abs() < 5.0 * sd, "{}", c.len());
        assert!(
            (0..c.len()).all(|s| c.pre[s] != c.post[s]),
            "no self connections"
        );
        // Targets are spread evenly: each half of the targets gets about half the synapses.
        let low = c.post.iter().filter(|&&j| j < 200).count() as f64;
        assert!((low / c.len() as f64 - 0.5).abs() < 0.02, "{low}");
        assert_eq!(
            Connections::bernoulli_sparse(10, 10, 1.0, 1.0, 1, true)
                .unwrap()
                .len(),
            100
        );
        assert!(
            Connections::bernoulli_sparse(10, 10, 0.0, 1.0, 1, true)
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn bernoulli_density_is_near_p() {
        let c = Connections::bernoulli(200, 200, 0.1, 1.0, 11, true).unwrap();
        let expected = 200.0 * 200.0 * 0.1;
        let sd = (200.0 * 200.0 * 0.1 * 0.9f64).sqrt();
        assert!((c.len() as f64 - expected).abs() < 5.0 * sd, "{}", c.len());
        assert!(Connections::bernoulli(2, 2, 1.5, 1.0, 1, true).is_err());
    }

    #[test]
    fn all_to_all_and_matrix_rules() {
        assert_eq!(Connections::all_to_all(4, 4, 1.0, false).len(), 12);
        assert_eq!(Connections::all_to_all(4, 3, 1.0, true).len(), 12);
        let m = Connections::from_matrix(&[vec![0.0, 2.0], vec![3.0, 0.0]]).unwrap();
        assert_eq!((m.pre.clone(), m.post.clone()), (vec![0, 1], vec![1, 0]));
        assert_eq!(m.weight, vec![2.0, 3.0]);
        assert!(Connections::from_matrix(&[vec![0.0, 2.0], vec![3.0]]).is_err());
    }

    #[test]
    fn fixed_total_number_draws_n_synapses_with_uniform_ends() {
        let (n_pre, n_post, n) = (40, 25, 100_000);
        let c = Connections::fixed_total_number(n_pre, n_post, n, 2.0, 11, false).unwrap();
        assert_eq!(c.len(), n);
        assert!(c.weight.iter().all(|&w| w == 2.0));
        assert!((0..n).all(|s| c.pre[s] != c.post[s]), "no self-connections");
        // In-degrees are multinomial (n, 1/n_post): mean 4000, sd √(4000·24/25) ≈ 62.
        let mut in_degree = vec![0usize; n_post];
        let mut out_degree = vec![0usize; n_pre];
        for s in 0..n {
            in_degree[c.post[s] as usize] += 1;
            out_degree[c.pre[s] as usize] += 1;
        }
        assert!(
            in_degree.iter().all(|&k| k.abs_diff(4000) < 62 * 5),
            "{in_degree:?}"
        );
        // Each target's sources are uniform over the 39 others: 2500 per source on average.
        assert!(
            out_degree.iter().all(|&k| k.abs_diff(2500) < 50 * 5),
            "{out_degree:?}"
        );
        // Listed by target, and a different seed draws another network.
        assert!(c.post.windows(2).all(|w| w[0] <= w[1]));
        let other = Connections::fixed_total_number(n_pre, n_post, n, 2.0, 12, false).unwrap();
        assert_ne!(c.pre, other.pre);
    }

    #[test]
    fn fixed_total_number_allows_multapses_and_refuses_an_empty_population() {
        // 50 synapses between two neurons: every one repeats a pair.
        let c = Connections::fixed_total_number(2, 1, 50, 1.0, 1, true).unwrap();
        assert_eq!(c.len(), 50);
        assert!(c.pre.contains(&0) && c.pre.contains(&1));
        let e = Connections::fixed_total_number(1, 1, 5, 1.0, 1, false).unwrap_err();
        assert!(e.to_string().contains("0 possible sources"), "{e}");
        assert!(
            Connections::fixed_total_number(0, 0, 0, 1.0, 1, true)
                .unwrap()
                .is_empty()
        );
    }
}
