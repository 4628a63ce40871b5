//! BOLD by convolution with a haemodynamic response function (HRF), as brainmass's `HRFBold`:
//! the signal is averaged over non-overlapping windows, convolved with the sampled kernel
//! (zero history of one kernel length), scaled as k₁ V₀ (conv − 1) and sampled at the end of
//! every period (the sample at time m·period sees every window completed by then, so a
//! run of whole periods gives one sample per period, the last included).
//! Time in the kernels is in seconds.
//!
//! Two ways to sample the kernel ([`HrfGrid`]): exactly at the window spacing, with
//! peak-normalised kernels scaled by their true peak (the default), or brainmass 0.1.1's
//! grid, `linspace(0, duration, ⌈duration/window⌉)` — a step of 4.0008 ms for a 20 s kernel
//! in 4 ms windows — with peaks taken over those samples. The default is the kernel the
//! formulas describe: brainmass's grid stretches its time axis by 1/(n − 1) (0.02 %) as an
//! artefact of `linspace` including its end point, and its normalisation changes with the
//! window. The brainmass grid is there to reproduce brainmass's numbers.

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
    /// Difference of two damped sinusoids (Polonsky et al. 2000; TVB's `DoubleExponential`):
    /// amp₁ e^{−t/τ₁} sin(2π f₁ t) − amp₂ e^{−t/τ₂} sin(2π f₂ t), scaled so that its peak over
    /// the kernel's support (0–40 s) is `a` (brainmass: τ₁ = 7.22 s, τ₂ = 7.4 s,
    /// f₁ = 0.03 Hz, f₂ = 0.12 Hz, amp₁ = amp₂ = 0.1, a = 0.1).
    DoubleExponential {
        /// Decay time of the first term (s).
        tau1: f64,
        /// Decay time of the second term (s).
        tau2: f64,
        /// Frequency of the first term (Hz).
        f1: f64,
        /// Frequency of the second term (Hz).
        f2: f64,
        /// Amplitude of the first term.
        amp1: f64,
        /// Amplitude of the second term.
        amp2: f64,
        /// Peak value after normalisation.
        a: f64,
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
    /// brainmass's default double exponential.
    pub const DOUBLE_EXPONENTIAL: HrfKernel = HrfKernel::DoubleExponential {
        tau1: 7.22,
        tau2: 7.4,
        f1: 0.03,
        f2: 0.12,
        amp1: 0.1,
        amp2: 0.1,
        a: 0.1,
    };
    /// brainmass's default mixture of gammas.
    pub const MIXTURE_OF_GAMMAS: HrfKernel = HrfKernel::MixtureOfGammas {
        a1: 6.0,
        a2: 13.0,
        l: 1.0,
        c: 0.4,
    };

    /// Support (s) over which the double exponential's peak is taken (brainmass's 40 s).
    const DOUBLE_EXPONENTIAL_SUPPORT_S: f64 = 40.0;

    /// brainmass's duration of the kernel (ms): 40 s for the double exponential (whose
    /// undershoot lasts beyond 20 s), 20 s for the others.
    pub fn duration_ms(&self) -> f64 {
        match self {
            HrfKernel::DoubleExponential { .. } => Self::DOUBLE_EXPONENTIAL_SUPPORT_S * 1000.0,
            _ => 20_000.0,
        }
    }

    /// Whether the kernel is scaled to a given peak (Gamma, double exponential).
    fn is_peak_normalised(&self) -> bool {
        matches!(
            self,
            HrfKernel::Gamma { .. } | HrfKernel::DoubleExponential { .. }
        )
    }

    /// The kernel on brainmass 0.1.1's grid: `n` points from 0 to `duration_s` inclusive,
    /// a normalised kernel scaled so that its largest sample is its peak value (left
    /// unscaled if no sample is positive).
    pub fn sampled_as_brainmass(&self, duration_s: f64, n: usize) -> Vec<f64> {
        let step = if n > 1 {
            duration_s / (n - 1) as f64
        } else {
            0.0
        };
        let times = (0..n).map(|k| k as f64 * step);
        if !self.is_peak_normalised() {
            return times.map(|t| self.shape(t)).collect();
        }
        let peak_value = match *self {
            HrfKernel::Gamma { peak, .. } => peak,
            HrfKernel::DoubleExponential { a, .. } => a,
            _ => 1.0,
        };
        let raw: Vec<f64> = times.map(|t| self.shape(t)).collect();
        let largest = raw.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let scale = if largest > 0.0 { largest } else { 1.0 };
        raw.iter().map(|x| x / scale * peak_value).collect()
    }

    /// The kernel at time `t` (s). (The double exponential finds its peak on every call:
    /// to sample it many times use [`HrfKernel::sampled`].)
    pub fn at(&self, t: f64) -> f64 {
        if t < 0.0 {
            return 0.0;
        }
        match *self {
            HrfKernel::DoubleExponential { a, .. } => a * self.shape(t) / self.peak_of_shape(),
            _ => self.shape(t),
        }
    }

    /// The kernel at `n` times `k·step_s`, k = 0…n−1.
    pub fn sampled(&self, step_s: f64, n: usize) -> Vec<f64> {
        match *self {
            HrfKernel::DoubleExponential { a, .. } => {
                let peak = self.peak_of_shape();
                (0..n)
                    .map(|k| a * self.shape(k as f64 * step_s) / peak)
                    .collect()
            }
            _ => (0..n).map(|k| self.at(k as f64 * step_s)).collect(),
        }
    }

    /// The double exponential's unnormalised maximum over its support: a 1 ms grid, then
    /// golden-section search between the neighbours of the best grid point (1 if the
    /// maximum is not positive, as brainmass).
    fn peak_of_shape(&self) -> f64 {
        let step = 1e-3;
        let n = (Self::DOUBLE_EXPONENTIAL_SUPPORT_S / step) as usize;
        let best = (0..=n)
            .max_by(|&i, &j| {
                self.shape(i as f64 * step)
                    .total_cmp(&self.shape(j as f64 * step))
            })
            .unwrap_or(0);
        let (mut lo, mut hi) = (
            (best as f64 - 1.0).max(0.0) * step,
            (best + 1) as f64 * step,
        );
        let ratio = (5f64.sqrt() - 1.0) / 2.0;
        for _ in 0..60 {
            let (x1, x2) = (hi - ratio * (hi - lo), lo + ratio * (hi - lo));
            if self.shape(x1) < self.shape(x2) {
                lo = x1;
            } else {
                hi = x2;
            }
        }
        let peak = self
            .shape(0.5 * (lo + hi))
            .max(self.shape(best as f64 * step));
        if peak > 0.0 { peak } else { 1.0 }
    }

    /// The kernel's formula at `t` ≥ 0 (before any normalisation that needs its peak).
    fn shape(&self, t: f64) -> f64 {
        use std::f64::consts::TAU;
        match *self {
            HrfKernel::DoubleExponential {
                tau1,
                tau2,
                f1,
                f2,
                amp1,
                amp2,
                ..
            } => {
                amp1 * (-t / tau1).exp() * (TAU * f1 * t).sin()
                    - amp2 * (-t / tau2).exp() * (TAU * f2 * t).sin()
            }
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

/// Where the kernel is sampled (see the module documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum HrfGrid {
    /// At k·window, k = 0 … ⌈duration/window⌉ − 1; peaks of normalised kernels are their
    /// true peaks.
    #[default]
    Exact,
    /// brainmass 0.1.1's: ⌈duration/window⌉ points from 0 to the duration inclusive;
    /// normalised kernels scaled by their largest sample.
    Brainmass,
}

/// Convolution BOLD: `k1`, `v0` as brainmass (`k_1 = 5.6`, `V_0 = 0.02`).
#[derive(Clone, Debug, PartialEq)]
pub struct HrfBold {
    /// The kernel.
    pub kernel: HrfKernel,
    /// How the kernel is sampled.
    pub grid: HrfGrid,
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
    /// brainmass's defaults with the given kernel: 4 ms windows, the kernel's duration
    /// ([`HrfKernel::duration_ms`]), period 1 s, the exact grid.
    pub fn new(kernel: HrfKernel) -> HrfBold {
        HrfBold {
            kernel,
            grid: HrfGrid::Exact,
            window_ms: 4.0,
            kernel_ms: kernel.duration_ms(),
            period_ms: 1000.0,
            k1: 5.6,
            v0: 0.02,
        }
    }

    /// BOLD samples for `signal` sampled every `dt_ms`: one value at the end of every whole
    /// `period_ms` of the signal.
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
        let kernel = match self.grid {
            HrfGrid::Exact => self.kernel.sampled(self.window_ms / 1000.0, taps),
            HrfGrid::Brainmass => self
                .kernel
                .sampled_as_brainmass(self.kernel_ms / 1000.0, taps),
        };
        let every = (self.period_ms / self.window_ms).round() as usize;
        if every == 0 || !self.kernel_ms.is_finite() || self.kernel_ms < 0.0 {
            return Err(Error::InvalidTime {
                message: format!(
                    "the BOLD period ({} ms) must be at least the {} ms window, and the kernel's duration ({} ms) finite",
                    self.period_ms, self.window_ms, self.kernel_ms
                ),
            });
        }
        Ok((1..)
            .map(|m| m * every)
            .take_while(|&end| end <= averaged.len())
            .map(|end| {
                // The window that ends the period; zero history before the first window.
                let n = end - 1;
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
    fn double_exponential_is_the_damped_sine_difference_peak_normalised() {
        let k = HrfKernel::DOUBLE_EXPONENTIAL;
        let formula = |t: f64| {
            let w = 2.0 * std::f64::consts::PI;
            0.1 * (-t / 7.22).exp() * (w * 0.03 * t).sin()
                - 0.1 * (-t / 7.4).exp() * (w * 0.12 * t).sin()
        };
        // Proportional to the formula…
        let scale = k.at(3.0) / formula(3.0);
        for t in [0.5, 1.0, 6.0, 12.5, 30.0] {
            assert!((k.at(t) - scale * formula(t)).abs() < 1e-14, "t = {t}");
        }
        // …with its maximum over 40 s equal to a = 0.1 (a 0.1 ms grid comes within 1e-9).
        let max = (0..400_000)
            .map(|i| scale * formula(i as f64 * 1e-4))
            .fold(f64::NEG_INFINITY, f64::max);
        assert!(max <= 0.1 + 1e-15 && max > 0.1 - 1e-9, "max {max}");
        // Sampling normalises once, to the same values.
        let taps = k.sampled(0.004, 100);
        for (i, h) in taps.iter().enumerate() {
            assert!((h - k.at(i as f64 * 0.004)).abs() < 1e-16, "tap {i}");
        }
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
        assert_eq!(out.len(), 10);
        // Sample m ends window n = 25·(m + 1) − 1; with zero history,
        // conv = 2·Σ_{k ≤ n} kernel(k·4 ms).
        for (m, y) in out.iter().enumerate() {
            let n = 25 * (m + 1) - 1;
            let taps: f64 = (0..=n).map(|k| HrfKernel::GAMMA.at(k as f64 * 0.004)).sum();
            assert!(
                (y - 5.6 * 0.02 * (2.0 * taps - 1.0)).abs() < 1e-12,
                "sample {m}"
            );
        }
        assert!(bold.apply(&signal, 10.0).is_err());
    }
}
