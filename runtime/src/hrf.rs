//! BOLD by convolution with a haemodynamic response function (HRF), as brainmass's `HRFBold`:
//! the signal is averaged over non-overlapping windows, convolved with the sampled kernel
//! (zero history of one kernel length), scaled as k₁ V₀ (conv − 1) and sampled every period.
//! Time in the kernels is in seconds.

use crate::error::Error;

/// HRF kernels; `t` in seconds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum HrfKernel {
    /// First-order Volterra kernel (Friston et al. 2000):
    /// k(t) = (1/3) e^{−t/(2·0.8)} sin(ω t)/ω, ω = √(1/0.4 − 1/(4·0.8²)).
    Volterra,
    /// Gamma kernel (t/τ)^{n−1} e^{−t/τ}, peak-normalised to `peak` (brainmass: τ = 1.08 s,
    /// n = 3, peak 0.1; the peak is at (n − 1)τ).
    Gamma {
        /// Time constant (s).
        tau: f64,
        /// Order.
        n: f64,
        /// Peak value.
        peak: f64,
    },
    /// Difference of gamma densities (Glover 1999; SPM's canonical shape):
    /// γ(t; a1, l) − c γ(t; a2, l), γ(t; a, l) = lᵃ t^{a−1} e^{−l t}/Γ(a)
    /// (brainmass: a1 = 6, a2 = 13, l = 1, c = 0.4).
    MixtureOfGammas {
        /// Shape of the response.
        a1: f64,
        /// Shape of the undershoot.
        a2: f64,
        /// Rate (1/s).
        l: f64,
        /// Undershoot ratio.
        c: f64,
    },
}

fn ln_gamma(x: f64) -> f64 {
    // Lanczos approximation (g = 7, n = 9), accurate to ~1e-15 for x > 0.
    const G: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    let x = x - 1.0;
    let t = x + 7.5;
    let series = G[0] + (1..9).map(|k| G[k] / (x + k as f64)).sum::<f64>();
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + series.ln()
}

impl HrfKernel {
    /// brainmass's default Gamma kernel.
    pub const GAMMA: HrfKernel = HrfKernel::Gamma {
        tau: 1.08,
        n: 3.0,
        peak: 0.1,
    };
    /// brainmass's default mixture of gammas.
    pub const MIXTURE_OF_GAMMAS: HrfKernel = HrfKernel::MixtureOfGammas {
        a1: 6.0,
        a2: 13.0,
        l: 1.0,
        c: 0.4,
    };

    /// The kernel at time `t` (s).
    pub fn at(&self, t: f64) -> f64 {
        if t < 0.0 {
            return 0.0;
        }
        match *self {
            HrfKernel::Volterra => {
                let omega = (1.0f64 / 0.4 - 1.0 / (4.0 * 0.8 * 0.8)).sqrt();
                (1.0 / 3.0) * (-t / (2.0 * 0.8)).exp() * (omega * t).sin() / omega
            }
            HrfKernel::Gamma { tau, n, peak } => {
                let shape = |t: f64| (t / tau).powf(n - 1.0) * (-t / tau).exp();
                peak * shape(t) / shape((n - 1.0) * tau)
            }
            HrfKernel::MixtureOfGammas { a1, a2, l, c } => {
                let density =
                    |a: f64| (a * l.ln() + (a - 1.0) * t.ln() - l * t - ln_gamma(a)).exp();
                if t == 0.0 {
                    0.0
                } else {
                    density(a1) - c * density(a2)
                }
            }
        }
    }
}

/// Convolution BOLD: `k1`, `v0` as brainmass (`k_1 = 5.6`, `V_0 = 0.02`).
#[derive(Clone, Debug, PartialEq)]
pub struct HrfBold {
    /// The kernel.
    pub kernel: HrfKernel,
    /// Averaging window (ms), brainmass 4 ms.
    pub window_ms: f64,
    /// Kernel duration (ms).
    pub kernel_ms: f64,
    /// Output sampling period (ms), brainmass 1000 ms.
    pub period_ms: f64,
    /// Scale k₁.
    pub k1: f64,
    /// Resting volume V₀.
    pub v0: f64,
}

impl HrfBold {
    /// brainmass's defaults with the given kernel: 4 ms windows, a 20 s kernel, period 1 s.
    pub fn new(kernel: HrfKernel) -> HrfBold {
        HrfBold {
            kernel,
            window_ms: 4.0,
            kernel_ms: 20_000.0,
            period_ms: 1000.0,
            k1: 5.6,
            v0: 0.02,
        }
    }

    /// BOLD samples for `signal` sampled every `dt_ms` (one value every `period_ms`, the
    /// first after one period).
    pub fn apply(&self, signal: &[f64], dt_ms: f64) -> Result<Vec<f64>, Error> {
        let per_window = (self.window_ms / dt_ms).round() as usize;
        if per_window == 0 || dt_ms.is_nan() || dt_ms <= 0.0 {
            return Err(Error::InvalidTime {
                message: format!(
                    "dt ({dt_ms} ms) must be positive and at most the {} ms window",
                    self.window_ms
                ),
            });
        }
        let averaged: Vec<f64> = signal
            .chunks_exact(per_window)
            .map(|w| w.iter().sum::<f64>() / per_window as f64)
            .collect();
        let taps = (self.kernel_ms / self.window_ms).ceil() as usize;
        let kernel: Vec<f64> = (0..taps)
            .map(|k| self.kernel.at(k as f64 * self.window_ms / 1000.0))
            .collect();
        let every = (self.period_ms / self.window_ms).round() as usize;
        Ok((1..)
            .map(|m| m * every)
            .take_while(|&n| n < averaged.len())
            .map(|n| {
                // Zero history before the first window.
                let conv: f64 = kernel
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| *k <= n)
                    .map(|(k, h)| h * averaged[n - k])
                    .sum();
                self.k1 * self.v0 * (conv - 1.0)
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_gamma_of_integers() {
        for (n, fact) in [
            (1.0, 1.0f64),
            (2.0, 1.0),
            (6.0, 120.0),
            (13.0, 479_001_600.0),
        ] {
            assert!((ln_gamma(n) - fact.ln()).abs() < 1e-12, "Γ({n})");
        }
    }

    #[test]
    fn kernel_shapes() {
        // Gamma: peak value at (n − 1)τ.
        let g = HrfKernel::GAMMA;
        assert!((g.at(2.16) - 0.1).abs() < 1e-15);
        assert!(g.at(2.0) < 0.1 && g.at(2.3) < 0.1);
        // Mixture of gammas: the canonical HRF peaks near 5 s and undershoots near 15 s.
        let m = HrfKernel::MIXTURE_OF_GAMMAS;
        let samples: Vec<(f64, f64)> = (0..3000)
            .map(|k| (k as f64 * 0.01, m.at(k as f64 * 0.01)))
            .collect();
        let peak =
            samples.iter().cloned().fold(
                (0.0, f64::NEG_INFINITY),
                |a, b| if b.1 > a.1 { b } else { a },
            );
        let trough = samples
            .iter()
            .cloned()
            .fold((0.0, f64::INFINITY), |a, b| if b.1 < a.1 { b } else { a });
        assert!((4.5..5.5).contains(&peak.0), "peak at {} s", peak.0);
        assert!(
            (13.0..16.0).contains(&trough.0) && trough.1 < 0.0,
            "undershoot at {} s",
            trough.0
        );
        // Volterra: starts at 0, rises, and its first zero crossing is at π/ω.
        let v = HrfKernel::Volterra;
        let omega = (1.0f64 / 0.4 - 1.0 / (4.0 * 0.64)).sqrt();
        assert_eq!(v.at(0.0), 0.0);
        assert!(v.at(1.0) > 0.0 && v.at(std::f64::consts::PI / omega).abs() < 1e-15);
    }

    #[test]
    fn convolution_of_a_constant_and_sampling() {
        let bold = HrfBold {
            kernel_ms: 1000.0,
            period_ms: 100.0,
            ..HrfBold::new(HrfKernel::GAMMA)
        };
        let signal = vec![2.0; 10_000]; // 1 s at dt 0.1 ms
        let out = bold.apply(&signal, 0.1).unwrap();
        assert_eq!(out.len(), 9);
        // Sample m is window n = 25·(m + 1); with zero history, conv = 2·Σ_{k ≤ n} kernel(k·4 ms).
        for (m, y) in out.iter().enumerate() {
            let n = 25 * (m + 1);
            let taps: f64 = (0..=n).map(|k| HrfKernel::GAMMA.at(k as f64 * 0.004)).sum();
            assert!(
                (y - 5.6 * 0.02 * (2.0 * taps - 1.0)).abs() < 1e-12,
                "sample {m}"
            );
        }
        assert!(bold.apply(&signal, 10.0).is_err());
    }
}
