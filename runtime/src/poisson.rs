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
    PoissonLaw::new(lambda).draw(key)
}

/// Most pieces of an inversion: [`PIECES_UP_TO`] / [`POISSON_PIECE`].
const MAX_PIECES: usize = 10;

/// The Poisson law of one mean with what its draws share computed once (the pieces of an
/// inversion and their e^(−piece)): many draws of one mean — a population's background
/// input at each step — cost one exponential, not one each. Its draws are [`poisson`]'s.
#[derive(Clone, Copy, Debug)]
pub struct PoissonLaw {
    lambda: f64,
    /// Inversion pieces (mean, e^(−mean)), when the mean is at most [`PIECES_UP_TO`].
    pieces: [(f64, f64); MAX_PIECES],
    n_pieces: usize,
}

impl PoissonLaw {
    /// The law of mean `lambda` (finite, ≥ 0; its draws are 0 otherwise).
    pub fn new(lambda: f64) -> PoissonLaw {
        let mut law = PoissonLaw {
            lambda,
            pieces: [(0.0, 1.0); MAX_PIECES],
            n_pieces: 0,
        };
        if lambda > 0.0 && lambda <= PIECES_UP_TO {
            let mut rest = lambda;
            while rest > 0.0 {
                let part = rest.min(POISSON_PIECE);
                law.pieces[law.n_pieces] = (part, (-part).exp());
                law.n_pieces += 1;
                rest -= part;
            }
        }
        law
    }

    /// A count from the uniforms of `key`.
    #[inline]
    pub fn draw(&self, key: u64) -> u64 {
        let lambda = self.lambda;
        if !(lambda > 0.0 && lambda.is_finite()) {
            return 0;
        }
        if lambda <= PIECES_UP_TO {
            return self.pieces[..self.n_pieces]
                .iter()
                .enumerate()
                .map(|(piece, &(part, p0))| inversion(part, p0, uniform(key, piece as u64)))
                .sum();
        }
        if lambda < NORMAL_FROM {
            return ptrs(lambda, key);
        }
        let (u1, u2) = (uniform(key, 0), uniform(key, 1));
        let z = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
        (lambda + lambda.sqrt() * z).round().max(0.0) as u64
    }
}

/// A Poisson draw of mean `lambda` (≤ [`POISSON_PIECE`], `p0` = e^(−lambda)) by inversion of
/// one uniform.
fn inversion(lambda: f64, p0: f64, u: f64) -> u64 {
    let mut k = 0u64;
    let mut p = p0;
    let mut cdf = p;
    while u > cdf && p > 0.0 {
        k += 1;
        p *= lambda / k as f64;
        cdf += p;
    }
    k
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
