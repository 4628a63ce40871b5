//! Associative memory: stored patterns ξ^μ (μ = 1 … P) over N units, and the Hebbian weights
//! they define,
//!
//! w_ij = c Σ_μ (ξ_i^μ − b)(ξ_j^μ − a)
//!
//! (Hopfield 1982 with a = b = 0, c = 1/N and ξ ∈ {−1, +1}; the low-activity form with
//! patterns of mean activity a, Tsodyks & Feigel'man 1988; Gerstner et al. 2014, *Neuronal
//! Dynamics*, §17.2). The weights are kept as the patterns — rank P, O(N·P) memory and work
//! per step — and never as an N × N matrix: the input of unit j is
//! h_j = c Σ_μ (ξ_j^μ − b) M^μ − w_jj x_j with M^μ = Σ_i (ξ_i^μ − a) x_i, and when one unit
//! changes, M changes by one row (what an asynchronous update needs).
//!
//! The overlap of a state S with pattern μ is m^μ = Σ_j (ξ_j^μ − a)(S_j − a) / Σ_j (ξ_j^μ − a)²:
//! 1 when S is the pattern, (1/N) Σ_j ξ_j^μ S_j for ±1 patterns with a = 0.

use crate::error::Error;
use crate::io::{read_matrix_csv, read_matrix_npy};
use crate::rng::{key, splitmix_uniform};

/// P patterns over N units, each a row of values in the units' own coding (e.g. −1/+1, or
/// 0/1 for low activity).
#[derive(Clone, Debug, PartialEq)]
pub struct Patterns {
    /// Number of units.
    n: usize,
    /// Pattern-major: `values[μ·n + i]` = ξ_i^μ.
    values: Vec<f64>,
}

impl Patterns {
    /// Patterns from rows (one per pattern, one value per unit): at least one, all of the
    /// same positive length, every value finite.
    pub fn new(rows: Vec<Vec<f64>>) -> Result<Patterns, Error> {
        let n = rows.first().map_or(0, Vec::len);
        if n == 0 {
            return Err(Error::Incompatible {
                what: "patterns".into(),
                message: "there must be at least one pattern of at least one unit".into(),
            });
        }
        let mut values = Vec::with_capacity(n * rows.len());
        for (mu, row) in rows.iter().enumerate() {
            if row.len() != n {
                return Err(Error::WrongSize {
                    what: format!("pattern {mu} (the first has {n} units)"),
                    expected: n,
                    got: row.len(),
                });
            }
            if let Some(&v) = row.iter().find(|v| !v.is_finite()) {
                return Err(Error::NonFinite {
                    what: format!("a value of pattern {mu}"),
                    value: v,
                });
            }
            values.extend_from_slice(row);
        }
        Ok(Patterns { n, values })
    }

    /// `count` random patterns over `n` units: each ξ_i^μ is `high` with probability
    /// `activity` and `low` otherwise, independently, drawn from `seed` (the draw of unit i
    /// in pattern μ depends only on (seed, μ, i)).
    pub fn random(
        count: usize,
        n: usize,
        (low, high): (f64, f64),
        activity: f64,
        seed: u64,
    ) -> Result<Patterns, Error> {
        if !(0.0..=1.0).contains(&activity) {
            return Err(Error::Incompatible {
                what: "random patterns".into(),
                message: format!("the activity is a probability in [0, 1], but is {activity}"),
            });
        }
        crate::budget::check(
            &format!("{count} patterns of {n} units"),
            &[("pattern values", count as f64 * n as f64 * 8.0)],
        )?;
        let rows = (0..count)
            .map(|mu| {
                (0..n)
                    .map(|i| {
                        let u = splitmix_uniform(key(seed, 7, mu as u64, i as u64), 0);
                        if u < activity { high } else { low }
                    })
                    .collect()
            })
            .collect();
        Patterns::new(rows)
    }

    /// Patterns from a CSV file, one pattern per row.
    pub fn from_csv(path: impl AsRef<std::path::Path>) -> Result<Patterns, Error> {
        Patterns::new(read_matrix_csv(path)?)
    }

    /// Patterns from a 2-D NPY file, one pattern per row.
    pub fn from_npy(path: impl AsRef<std::path::Path>) -> Result<Patterns, Error> {
        Patterns::new(read_matrix_npy(path)?)
    }

    /// Number of patterns P.
    pub fn count(&self) -> usize {
        self.values.len() / self.n
    }

    /// Number of units N.
    pub fn units(&self) -> usize {
        self.n
    }

    /// Pattern μ.
    pub fn pattern(&self, mu: usize) -> &[f64] {
        &self.values[mu * self.n..(mu + 1) * self.n]
    }

    /// The mean value of all patterns.
    pub fn mean(&self) -> f64 {
        self.values.iter().sum::<f64>() / self.values.len() as f64
    }

    /// A cue for pattern `mu`: the pattern with round(`fraction`·N) units, chosen at random
    /// from `seed`, set to `other(value)` (e.g. flipped: `|x| -x`).
    pub fn cue(
        &self,
        mu: usize,
        fraction: f64,
        seed: u64,
        other: impl Fn(f64) -> f64,
    ) -> Result<Vec<f64>, Error> {
        if mu >= self.count() || !(0.0..=1.0).contains(&fraction) {
            return Err(Error::Incompatible {
                what: "pattern cue".into(),
                message: format!(
                    "pattern {mu} of {} with a fraction {fraction} of its units changed (a fraction in [0, 1])",
                    self.count()
                ),
            });
        }
        let mut cue = self.pattern(mu).to_vec();
        let order = permutation(self.n, key(seed, 8, mu as u64, 0));
        let changed = (fraction * self.n as f64).round() as usize;
        for &i in &order[..changed] {
            cue[i as usize] = other(cue[i as usize]);
        }
        Ok(cue)
    }

    /// The overlap of `state` with every pattern (see the module), with `a` the patterns'
    /// offset in the rule.
    pub fn overlaps(&self, a: f64, state: &[f64]) -> Vec<f64> {
        (0..self.count())
            .map(|mu| {
                let xi = self.pattern(mu);
                let num: f64 = xi.iter().zip(state).map(|(x, s)| (x - a) * (s - a)).sum();
                let den: f64 = xi.iter().map(|x| (x - a) * (x - a)).sum();
                num / den
            })
            .collect()
    }
}

/// A random order of 0 … n−1 (Fisher–Yates) drawn from `seed`.
pub fn permutation(n: usize, seed: u64) -> Vec<u32> {
    let mut order: Vec<u32> = (0..n as u32).collect();
    for k in (1..n).rev() {
        let u = splitmix_uniform(seed, k as u64);
        let j = ((u * (k + 1) as f64) as usize).min(k);
        order.swap(k, j);
    }
    order
}

/// The Hebbian rule that makes weights from patterns: w_ij = c Σ_μ (ξ_i^μ − b)(ξ_j^μ − a),
/// with w_jj = 0 unless `self_connections`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HebbianPatterns {
    /// Scale c.
    pub c: f64,
    /// Offset of the presynaptic pattern value (the patterns' mean activity).
    pub a: f64,
    /// Offset of the postsynaptic pattern value.
    pub b: f64,
    /// Whether a unit excites itself (w_jj ≠ 0); Hopfield's model has none.
    pub self_connections: bool,
}

impl HebbianPatterns {
    /// Hopfield's rule for ±1 patterns over `n` units: c = 1/N, a = b = 0, no self-connections.
    pub fn hopfield(n: usize) -> HebbianPatterns {
        HebbianPatterns {
            c: 1.0 / n as f64,
            a: 0.0,
            b: 0.0,
            self_connections: false,
        }
    }
}

/// The weights of [`HebbianPatterns`] kept as the patterns, with the running sums M^μ of an
/// asynchronous step (see the module).
#[derive(Clone, Debug)]
pub(crate) struct PatternWeights {
    patterns: Patterns,
    rule: HebbianPatterns,
    count: usize,
    /// Unit-major (ξ_i^μ − a): `pre[i·P + μ]`.
    pre: Vec<f64>,
    /// Unit-major (ξ_j^μ − b).
    post: Vec<f64>,
    /// w_jj when self-connections are excluded (subtracted from the product), else 0.
    diagonal: Vec<f64>,
    row_sums: Vec<f64>,
    /// M^μ = Σ_i (ξ_i^μ − a) x_i for the source values in `seen`.
    sums: Vec<f64>,
    seen: Vec<f64>,
}

impl PatternWeights {
    /// The weights of `rule` over `patterns`, checked against the memory budget.
    pub fn new(patterns: &Patterns, rule: HebbianPatterns) -> Result<PatternWeights, Error> {
        if ![rule.a, rule.b, rule.c].iter().all(|v| v.is_finite()) {
            return Err(Error::Incompatible {
                what: "Hebbian pattern rule".into(),
                message: format!(
                    "c, a and b must be finite, but are {}, {} and {}",
                    rule.c, rule.a, rule.b
                ),
            });
        }
        let (n, count) = (patterns.units(), patterns.count());
        crate::budget::check(
            &format!("pattern weights of {count} patterns over {n} units"),
            &[("pattern tables", 2.0 * n as f64 * count as f64 * 8.0)],
        )?;
        let mut pre = vec![0.0; n * count];
        let mut post = vec![0.0; n * count];
        for mu in 0..count {
            for (i, &x) in patterns.pattern(mu).iter().enumerate() {
                pre[i * count + mu] = x - rule.a;
                post[i * count + mu] = x - rule.b;
            }
        }
        let row = |j: usize| &post[j * count..(j + 1) * count];
        let column_total: Vec<f64> = (0..count)
            .map(|mu| (0..n).map(|i| pre[i * count + mu]).sum())
            .collect();
        let diagonal = (0..n)
            .map(|j| {
                if rule.self_connections {
                    0.0
                } else {
                    rule.c * dot(row(j), &pre[j * count..(j + 1) * count])
                }
            })
            .collect::<Vec<f64>>();
        let row_sums = (0..n)
            .map(|j| rule.c * dot(row(j), &column_total) - diagonal[j])
            .collect();
        Ok(PatternWeights {
            patterns: patterns.clone(),
            rule,
            count,
            pre,
            post,
            diagonal,
            row_sums,
            sums: vec![0.0; count],
            seen: vec![0.0; n],
        })
    }

    /// The patterns and the rule.
    pub fn source(&self) -> (&Patterns, HebbianPatterns) {
        (&self.patterns, self.rule)
    }

    /// Σ_i w_ji of target j.
    pub fn row_sum(&self, j: usize) -> f64 {
        self.row_sums[j]
    }

    /// wx_j = Σ_i w_ji x_i for every j, from scratch (the running sums start again from x).
    pub fn product(&mut self, x: &[f64], wx: &mut [f64]) {
        let p = self.count;
        self.sums.fill(0.0);
        for (i, &xi) in x.iter().enumerate() {
            for (s, &w) in self.sums.iter_mut().zip(&self.pre[i * p..(i + 1) * p]) {
                *s += w * xi;
            }
        }
        self.seen.copy_from_slice(x);
        for (j, out) in wx.iter_mut().enumerate() {
            *out = self.rule.c * dot(&self.post[j * p..(j + 1) * p], &self.sums)
                - self.diagonal[j] * x[j];
        }
    }

    /// Records that source unit i now has value `x_i` (the running sums follow).
    pub fn changed(&mut self, i: usize, x_i: f64) {
        let delta = x_i - self.seen[i];
        if delta != 0.0 {
            let p = self.count;
            for (s, &w) in self.sums.iter_mut().zip(&self.pre[i * p..(i + 1) * p]) {
                *s += w * delta;
            }
            self.seen[i] = x_i;
        }
    }

    /// Σ_i w_ji x_i of target j for the source values recorded so far.
    pub fn row_product(&self, j: usize) -> f64 {
        let p = self.count;
        self.rule.c * dot(&self.post[j * p..(j + 1) * p], &self.sums)
            - self.diagonal[j] * self.seen[j]
    }

    /// E = −½ Σ_ij w_ij x_i x_j.
    pub fn energy(&self, x: &[f64]) -> f64 {
        let p = self.count;
        let mut pre_sums = vec![0.0; p];
        let mut post_sums = vec![0.0; p];
        let mut diagonal = 0.0;
        for (i, &xi) in x.iter().enumerate() {
            for mu in 0..p {
                pre_sums[mu] += self.pre[i * p + mu] * xi;
                post_sums[mu] += self.post[i * p + mu] * xi;
            }
            diagonal += self.diagonal[i] * xi * xi;
        }
        -0.5 * (self.rule.c * dot(&pre_sums, &post_sums) - diagonal)
    }

    /// The weight w_ji from source unit i onto target unit j.
    pub fn weight(&self, i: usize, j: usize) -> f64 {
        if i == j && !self.rule.self_connections {
            return 0.0;
        }
        let p = self.count;
        self.rule.c
            * dot(
                &self.post[j * p..(j + 1) * p],
                &self.pre[i * p..(i + 1) * p],
            )
    }
}

/// Σ_k a_k b_k in four independent sums (so that it vectorises).
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut acc = [0.0; 4];
    let (a4, b4) = (a.chunks_exact(4), b.chunks_exact(4));
    let (ra, rb) = (a4.remainder(), b4.remainder());
    for (x, y) in a4.zip(b4) {
        for k in 0..4 {
            acc[k] += x[k] * y[k];
        }
    }
    let tail: f64 = ra.iter().zip(rb).map(|(x, y)| x * y).sum();
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}
