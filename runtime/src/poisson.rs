//! Poisson counts from a counter-based key, in bounded time for any finite mean: inversion in
//! pieces for small means, Hörmann's transformed rejection with squeeze (PTRS) for large
//! ones, and the normal limit where a Poisson law of that mean cannot be told from it.

use crate::rng::{mix64, uniform_open};

/// Largest mean drawn by inversion in one piece; a mean up to [`PIECES_UP_TO`] is a sum of
/// such draws (a sum of Poisson variables is Poisson), which keeps e^(−mean) far from
/// underflow.
const POISSON_PIECE: f64 = 50.0;
/// Largest mean drawn in pieces (at most 10 pieces); beyond, PTRS.
const PIECES_UP_TO: f64 = 500.0;
/// Mean from which the normal law N(λ, λ) rounded is used: the Poisson law's skewness
/// λ^(−1/2) is then below 1e-6.
const NORMAL_FROM: f64 = 1e12;

/// The `j`-th uniform in (0, 1) of the draw keyed by `key`.
fn uniform(key: u64, j: u64) -> f64 {
    uniform_open(mix64(key ^ j.wrapping_mul(0x9E37_79B9_7F4A_7C15)))
}

/// A Poisson count of mean `lambda` (finite, ≥ 0; 0 otherwise) from the uniforms of `key`.
pub fn poisson(lambda: f64, key: u64) -> u64 {
    if !(lambda > 0.0 && lambda.is_finite()) {
        return 0;
    }
    if lambda <= PIECES_UP_TO {
        return pieces(lambda)
            .enumerate()
            .map(|(piece, part)| {
                let start = Inversion::start(part);
                start.finish(part, uniform(key, piece as u64))
            })
            .sum();
    }
    beyond_pieces(lambda, key)
}

/// The means of the pieces a mean up to [`PIECES_UP_TO`] is drawn in: [`POISSON_PIECE`]
/// each, the rest last.
fn pieces(lambda: f64) -> impl Iterator<Item = f64> {
    let mut rest = lambda;
    std::iter::from_fn(move || {
        (rest > 0.0).then(|| {
            let part = rest.min(POISSON_PIECE);
            rest -= part;
            part
        })
    })
}

/// A count of mean `lambda` > [`PIECES_UP_TO`] (finite): PTRS, or the normal limit.
fn beyond_pieces(lambda: f64, key: u64) -> u64 {
    if lambda < NORMAL_FROM {
        return ptrs(lambda, key);
    }
    let (u1, u2) = (uniform(key, 0), uniform(key, 1));
    let z = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
    (lambda + lambda.sqrt() * z).round().max(0.0) as u64
}

/// Where an inversion of one uniform stands: the count `k`, its probability `p` and the
/// cumulative probability `cdf` up to it.
#[derive(Clone, Copy, Debug)]
struct Inversion {
    k: u64,
    p: f64,
    cdf: f64,
}

impl Inversion {
    /// Count 0 of a piece of mean `part` (≤ [`POISSON_PIECE`]).
    fn start(part: f64) -> Inversion {
        let p = (-part).exp();
        Inversion { k: 0, p, cdf: p }
    }

    /// The next count.
    #[inline]
    fn advance(&mut self, part: f64) {
        self.k += 1;
        self.p *= part / self.k as f64;
        self.cdf += self.p;
    }

    /// The count the uniform `u` inverts to, from here on: the first whose cumulative
    /// probability reaches `u` (or the one where the probabilities underflow to zero).
    fn finish(mut self, part: f64, u: f64) -> u64 {
        while u > self.cdf && self.p > 0.0 {
            self.advance(part);
        }
        self.k
    }
}

/// The Poisson law of one mean with what its draws share computed once: many draws of one
/// mean — a population's background input at each step — compare their uniform with a table
/// of cumulative probabilities instead of computing them (a division per count) each time.
/// Its draws are [`poisson`]'s, bit for bit: the table holds the very numbers the inversion
/// computes, and a uniform beyond it continues the inversion where the table ends.
#[derive(Clone, Debug)]
pub struct PoissonLaw {
    lambda: f64,
    /// Per inversion piece (when the mean is at most [`PIECES_UP_TO`]): its mean, the
    /// cumulative probabilities of counts 0, 1, … up to where they stop growing (or the
    /// probabilities underflow), and the inversion's state at the last of them.
    pieces: Vec<(f64, Vec<f64>, Inversion)>,
}

impl PoissonLaw {
    /// The law of mean `lambda` (finite, ≥ 0; its draws are 0 otherwise).
    pub fn new(lambda: f64) -> PoissonLaw {
        let mut law = PoissonLaw {
            lambda,
            pieces: Vec::new(),
        };
        if lambda > 0.0 && lambda <= PIECES_UP_TO {
            for part in pieces(lambda) {
                let mut at = Inversion::start(part);
                let mut cdf = vec![at.cdf];
                while at.p > 0.0 {
                    let before = at.cdf;
                    at.advance(part);
                    cdf.push(at.cdf);
                    if at.cdf == before {
                        break;
                    }
                }
                law.pieces.push((part, cdf, at));
            }
        }
        law
    }

    /// The mean of the law.
    pub fn mean(&self) -> f64 {
        self.lambda
    }

    /// A count from the uniforms of `key`.
    #[inline]
    pub fn draw(&self, key: u64) -> u64 {
        let lambda = self.lambda;
        if !(lambda > 0.0 && lambda.is_finite()) {
            return 0;
        }
        if lambda > PIECES_UP_TO {
            return beyond_pieces(lambda, key);
        }
        self.pieces
            .iter()
            .enumerate()
            .map(|(piece, (part, cdf, last))| {
                let u = uniform(key, piece as u64);
                // The cumulative probabilities do not decrease, so those below `u` are the
                // first k: counted without a branch per count (vectorised), since which
                // count comes is what cannot be predicted.
                let k = cdf.iter().map(|&c| usize::from(u > c)).sum::<usize>();
                if k < cdf.len() {
                    k as u64
                } else {
                    last.finish(*part, u)
                }
            })
            .sum()
    }

    /// The counts of many draws at once, `counts[i] = draw(key_of(i))` (as a float), without
    /// a branch per count: each piece's uniforms are made in one pass, then each entry of the
    /// table is compared with all of them, until an entry reaches the largest uniform. Both
    /// passes run on vectors of uniforms, where one draw at a time cannot. `uniforms` is
    /// scratch space.
    pub fn draw_each(
        &self,
        key_of: impl Fn(usize) -> u64,
        uniforms: &mut Vec<f64>,
        counts: &mut [f64],
    ) {
        counts.fill(0.0);
        let lambda = self.lambda;
        if !(lambda > 0.0 && lambda.is_finite()) {
            return;
        }
        if lambda > PIECES_UP_TO {
            for (i, c) in counts.iter_mut().enumerate() {
                *c = beyond_pieces(lambda, key_of(i)) as f64;
            }
            return;
        }
        for (piece, (part, cdf, last)) in self.pieces.iter().enumerate() {
            // Indexed into a slice of the right length, so that the mixing is vectorised.
            uniforms.resize(counts.len(), 0.0);
            for (i, u) in uniforms.iter_mut().enumerate() {
                *u = uniform(key_of(i), piece as u64);
            }
            let largest = uniforms.iter().copied().fold(0.0, f64::max);
            for &c in cdf {
                if c >= largest {
                    break;
                }
                for (count, &u) in counts.iter_mut().zip(uniforms.iter()) {
                    *count += f64::from(u8::from(u > c));
                }
            }
            // A uniform beyond the table was counted as the table's length; the inversion
            // continues from the table's end (all integers, so the sums are exact).
            let end = cdf[cdf.len() - 1];
            if largest > end {
                for (count, &u) in counts.iter_mut().zip(uniforms.iter()) {
                    if u > end {
                        *count += last.finish(*part, u) as f64 - cdf.len() as f64;
                    }
                }
            }
        }
    }
}

/// Hörmann (1993), "The transformed rejection method for generating Poisson random
/// variables", Insurance: Mathematics and Economics 12:39–45, algorithm PTRS (λ ≥ 10):
/// about 1.1 pairs of uniforms per draw on average, whatever λ.
fn ptrs(lambda: f64, key: u64) -> u64 {
    let slam = lambda.sqrt();
    let loglam = lambda.ln();
    let b = 0.931 + 2.53 * slam;
    let a = -0.059 + 0.02483 * b;
    let inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
    let v_r = 0.9277 - 3.6224 / (b - 2.0);
    let mut j = 0;
    loop {
        let u = uniform(key, j) - 0.5;
        let v = uniform(key, j + 1);
        j += 2;
        let us = 0.5 - u.abs();
        let k = ((2.0 * a / us + b) * u + lambda + 0.43).floor();
        if us >= 0.07 && v <= v_r {
            return k as u64;
        }
        if k < 0.0 || (us < 0.013 && v > us) {
            continue;
        }
        if v.ln() + inv_alpha.ln() - (a / (us * us) + b).ln()
            <= -lambda + k * loglam - ln_factorial(k)
        {
            return k as u64;
        }
    }
}

/// ln(k!) for a whole k ≥ 0: summed below 16, Stirling's series (to 1/k⁵, error below 1e-13)
/// from there.
fn ln_factorial(k: f64) -> f64 {
    if k < 16.0 {
        return (2..=k as u64).map(|i| (i as f64).ln()).sum();
    }
    let n = k + 1.0;
    let inv = 1.0 / n;
    let inv2 = inv * inv;
    (n - 0.5) * n.ln() - n
        + 0.5 * std::f64::consts::TAU.ln()
        + inv * (1.0 / 12.0 - inv2 * (1.0 / 360.0 - inv2 / 1260.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Mean and variance of `n` draws of mean `lambda`.
    fn moments(lambda: f64, n: u64) -> (f64, f64) {
        let draws: Vec<f64> = (0..n).map(|s| poisson(lambda, mix64(s)) as f64).collect();
        let m = draws.iter().sum::<f64>() / n as f64;
        let v = draws.iter().map(|x| (x - m).powi(2)).sum::<f64>() / n as f64;
        (m, v)
    }

    #[test]
    fn every_regime_has_poisson_moments() {
        for lambda in [0.8, 120.0, 501.0, 2_000.0, 1e6, 1e9] {
            let n = 40_000;
            let (m, v) = moments(lambda, n);
            let se = (lambda / n as f64).sqrt();
            assert!((m - lambda).abs() < 5.0 * se, "λ = {lambda}: mean {m}");
            assert!(
                (v / lambda - 1.0).abs() < 0.05,
                "λ = {lambda}: variance {v}"
            );
        }
    }

    /// A law's table gives the inversion's counts, bit for bit, in every regime (one piece,
    /// several, the table's end, PTRS, degenerate means).
    #[test]
    fn a_law_draws_what_poisson_draws() {
        for lambda in [
            1e-9, 0.05, 1.5, 7.3, 49.99, 50.0, 123.4, 500.0, 600.0, 0.0, -2.0,
        ] {
            let law = PoissonLaw::new(lambda);
            for s in 0..20_000u64 {
                let key = mix64(s ^ 0xC0FFEE);
                assert_eq!(
                    law.draw(key),
                    poisson(lambda, key),
                    "λ = {lambda}, key {key}"
                );
            }
            let key_of = |i: usize| mix64(i as u64 ^ 0xC0FFEE);
            let mut counts = vec![f64::NAN; 20_000];
            law.draw_each(key_of, &mut Vec::new(), &mut counts);
            for (i, &c) in counts.iter().enumerate() {
                assert_eq!(
                    c,
                    poisson(lambda, key_of(i)) as f64,
                    "λ = {lambda}, key {i}"
                );
            }
        }
        // A uniform beyond the table: the inversion continues where it ends.
        let law = PoissonLaw::new(1.5);
        let (part, cdf, last) = &law.pieces[0];
        let beyond = cdf[cdf.len() - 1] + (1.0 - cdf[cdf.len() - 1]) / 2.0;
        let mut walk = Inversion::start(*part);
        assert_eq!(last.finish(*part, beyond), {
            while beyond > walk.cdf && walk.p > 0.0 {
                walk.advance(*part);
            }
            walk.k
        });
    }

    #[test]
    fn huge_means_end_and_degenerate_means_are_zero() {
        for lambda in [4.5e17, 1e300, f64::MAX] {
            let k = poisson(lambda, 7) as f64;
            assert!(k > 0.0 && (k / lambda.min(u64::MAX as f64) - 1.0).abs() < 1e-3);
        }
        assert_eq!(poisson(0.0, 1), 0);
        assert_eq!(poisson(-1.0, 1), 0);
        assert_eq!(poisson(f64::NAN, 1), 0);
        assert_eq!(poisson(f64::INFINITY, 1), 0);
    }

    #[test]
    fn ln_factorial_matches_the_product() {
        let mut exact = 0.0f64;
        for k in 1..200u64 {
            exact += (k as f64).ln();
            let err = (ln_factorial(k as f64) - exact).abs();
            assert!(err < 1e-10 * exact.max(1.0), "k = {k}: {err}");
        }
    }
}
