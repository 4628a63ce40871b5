//! Mean-field theory of a homogeneous population of leaky integrate-and-fire neurons driven
//! by diffusive noise (Siegert 1951; Amit & Brunel 1997; Brunel 2000): the stationary firing
//! rate for a mean input μ and noise σ, and the rate that is consistent with itself when μ
//! and σ depend on it (the asynchronous state of a recurrent network).

use crate::error::Error;

/// erfcx(x) = e^{x²}·erfc(x), the scaled complementary error function (finite for
/// x ≥ −26; it grows as 2e^{x²} below 0): Numerical Recipes' Chebyshev fit of erfc for
/// 0 ≤ x ≤ 5 (relative error about 1e-7), its asymptotic series beyond (twelve terms,
/// relative error below 2e-9), and erfcx(x) = 2e^{x²} − erfcx(−x) for x < 0.
pub fn erfcx(x: f64) -> f64 {
    if x < 0.0 {
        return 2.0 * (x * x).exp() - erfcx(-x);
    }
    if x > 5.0 {
        // 1/(x√π)·Σ_n (−1)^n (2n − 1)!!/(2x²)^n.
        let y = 0.5 / (x * x);
        let (mut term, mut sum) = (1.0, 1.0);
        for n in 1..12 {
            term *= -((2 * n - 1) as f64) * y;
            sum += term;
        }
        return sum / (x * std::f64::consts::PI.sqrt());
    }
    let t = 1.0 / (1.0 + 0.5 * x);
    let poly = -1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    t * poly.exp()
}

/// A leaky integrate-and-fire neuron as the diffusion approximation sees it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LifNeuron {
    /// Membrane time constant (ms).
    pub tau_ms: f64,
    /// Absolute refractory period (ms).
    pub t_ref_ms: f64,
    /// Reset potential (mV, relative to rest like μ).
    pub v_reset: f64,
    /// Threshold (mV, relative to rest like μ).
    pub v_th: f64,
}

impl LifNeuron {
    /// The stationary rate (Hz) for mean input `mu` and noise `sigma` (mV, σ > 0), Siegert's
    /// formula: 1/ν = τ_ref + τ√π ∫_{(V_r−μ)/σ}^{(θ−μ)/σ} e^{u²}(1 + erf u) du (Brunel 2000,
    /// eq. 21); the integrand is erfcx(−u), integrated by Simpson's rule on 2000 panels.
    pub fn rate_hz(&self, mu: f64, sigma: f64) -> Result<f64, Error> {
        let ok = [
            self.tau_ms,
            self.t_ref_ms,
            self.v_reset,
            self.v_th,
            mu,
            sigma,
        ]
        .iter()
        .all(|x| x.is_finite());
        if !ok || sigma <= 0.0 || self.tau_ms <= 0.0 || self.t_ref_ms < 0.0 {
            return Err(Error::Incompatible {
                what: "the Siegert rate".into(),
                message: format!(
                    "needs finite values, τ > 0, τ_ref ≥ 0 and σ > 0 (got τ = {} ms, τ_ref = {} ms, μ = {mu} mV, σ = {sigma} mV)",
                    self.tau_ms, self.t_ref_ms
                ),
            });
        }
        let (a, b) = ((self.v_reset - mu) / sigma, (self.v_th - mu) / sigma);
        let n = 2000;
        let h = (b - a) / n as f64;
        let f = |u: f64| erfcx(-u);
        let mut sum = f(a) + f(b);
        for k in 1..n {
            sum += f(a + k as f64 * h) * if k % 2 == 1 { 4.0 } else { 2.0 };
        }
        let integral = sum * h / 3.0;
        let tau_s = self.tau_ms * 1e-3;
        Ok(1.0 / (self.t_ref_ms * 1e-3 + tau_s * std::f64::consts::PI.sqrt() * integral))
    }

    /// The rate ν (Hz) with ν = rate(μ(ν), σ(ν)), where `input(ν)` gives (μ, σ) in mV: the
    /// stationary asynchronous state of a homogeneous network. Damped fixed-point iteration
    /// from `start_hz`; an error if it has not settled to 1e-9 relative within 10 000 steps.
    pub fn self_consistent_rate_hz(
        &self,
        input: impl Fn(f64) -> (f64, f64),
        start_hz: f64,
    ) -> Result<f64, Error> {
        let mut nu = start_hz;
        for _ in 0..10_000 {
            let (mu, sigma) = input(nu);
            let next = 0.9 * nu + 0.1 * self.rate_hz(mu, sigma)?;
            if (next - nu).abs() <= 1e-9 * next.abs().max(1e-12) {
                return Ok(next);
            }
            nu = next;
        }
        Err(Error::Incompatible {
            what: "the self-consistent rate".into(),
            message: format!("the iteration from {start_hz} Hz did not settle (last {nu} Hz)"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIF: LifNeuron = LifNeuron {
        tau_ms: 20.0,
        t_ref_ms: 2.0,
        v_reset: 10.0,
        v_th: 20.0,
    };

    #[test]
    fn erfcx_matches_its_definition_and_its_asymptote() {
        for x in [0.0, 0.3, 1.0, 2.5, 5.0] {
            // erfc by its integral: (2/√π)∫_x^∞ e^{−s²} ds, trapezoid on a fine grid.
            let (n, end) = (200_000, x + 10.0);
            let h = (end - x) / n as f64;
            let tail: f64 = (0..=n)
                .map(|k| {
                    let s = x + k as f64 * h;
                    let w = if k == 0 || k == n { 0.5 } else { 1.0 };
                    w * (-s * s).exp()
                })
                .sum::<f64>()
                * h
                * 2.0
                / std::f64::consts::PI.sqrt();
            let expected = (x * x).exp() * tail;
            assert!((erfcx(x) / expected - 1.0).abs() < 2e-7, "x = {x}");
        }
        // No jump where the fit hands over to the series: across it, erfcx changes by its
        // derivative 2x·erfcx(x) − 2/√π.
        let (a, b) = (4.9999, 5.0001);
        let slope = 2.0 * 5.0 * erfcx(5.0) - 2.0 / std::f64::consts::PI.sqrt();
        let jump = erfcx(b) - erfcx(a) - slope * (b - a);
        assert!(jump.abs() < 1e-6 * erfcx(5.0), "jump {jump}");
        // Large x: 1/(x√π) to leading order.
        let x = 1e3;
        assert!((erfcx(x) * x * std::f64::consts::PI.sqrt() - 1.0).abs() < 1e-6);
        assert!((erfcx(-1.0) - (2.0 * 1f64.exp() - erfcx(1.0))).abs() < 1e-15);
    }

    #[test]
    fn weak_noise_gives_the_deterministic_rate() {
        // μ above threshold: 1/ν = τ_ref + τ ln((μ − V_r)/(μ − θ)).
        for mu in [22.0, 25.0, 40.0] {
            let nu = LIF.rate_hz(mu, 0.05).unwrap();
            let deterministic = 1.0 / (2e-3 + 20e-3 * ((mu - 10.0) / (mu - 20.0)).ln());
            assert!(
                (nu / deterministic - 1.0).abs() < 0.01,
                "μ {mu}: {nu} vs {deterministic}"
            );
        }
        // Far below threshold with weak noise: essentially silent.
        assert!(LIF.rate_hz(10.0, 0.5).unwrap() < 1e-20);
    }

    #[test]
    fn the_self_consistent_rate_is_a_fixed_point() {
        let input = |nu: f64| (15.0 - 0.2 * nu, 4.0 + 0.01 * nu);
        let nu = LIF.self_consistent_rate_hz(input, 10.0).unwrap();
        let (mu, sigma) = input(nu);
        assert!((LIF.rate_hz(mu, sigma).unwrap() - nu).abs() < 1e-6 * nu);
        assert!(LIF.rate_hz(1.0, 0.0).is_err());
        assert!(LIF.rate_hz(f64::NAN, 1.0).is_err());
    }
}
