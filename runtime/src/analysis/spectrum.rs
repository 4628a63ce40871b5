//! Power spectral density by Welch's method (Welch 1967), with the defaults of
//! `scipy.signal.welch`: periodic Hann windows, half-overlapping segments, each segment's mean
//! removed, one-sided density (signal unit² per Hz), segments averaged.

use realfft::RealFftPlanner;

use crate::error::Error;

/// A one-sided power spectral density.
#[derive(Clone, Debug, PartialEq)]
pub struct PowerSpectrum {
    /// Frequencies (Hz), 0 to the Nyquist frequency.
    pub freqs_hz: Vec<f64>,
    /// Density at each frequency (signal unit² / Hz).
    pub density: Vec<f64>,
}

impl PowerSpectrum {
    /// The frequency (Hz) of the largest density above 0 Hz (`None` without such a bin).
    pub fn peak_frequency(&self) -> Option<f64> {
        self.freqs_hz
            .iter()
            .zip(&self.density)
            .skip(1)
            .max_by(|a, b| a.1.total_cmp(b.1))
            .map(|(f, _)| *f)
    }

    /// ∫ density df over the bins (rectangle rule): the signal's variance, by Parseval.
    pub fn total_power(&self) -> f64 {
        let df = self.freqs_hz.get(1).copied().unwrap_or(0.0);
        self.density.iter().sum::<f64>() * df
    }
}

/// Welch's estimate for `signal` sampled every `dt_ms`, in segments of `segment` samples
/// (the whole signal if it is shorter) overlapping by half.
pub fn welch(signal: &[f64], dt_ms: f64, segment: usize) -> Result<PowerSpectrum, Error> {
    if !(dt_ms.is_finite() && dt_ms > 0.0) {
        return Err(Error::InvalidTime {
            message: format!("the sampling step must be a positive number of ms, not {dt_ms}"),
        });
    }
    let m = segment.min(signal.len());
    if m < 2 {
        return Err(Error::WrongSize {
            what: "samples for a power spectrum (segment length)".into(),
            expected: 2,
            got: m,
        });
    }
    let fs = 1000.0 / dt_ms;
    let window: Vec<f64> = (0..m)
        .map(|k| 0.5 - 0.5 * (std::f64::consts::TAU * k as f64 / m as f64).cos())
        .collect();
    let window_power: f64 = window.iter().map(|w| w * w).sum();
    let mut planner = RealFftPlanner::<f64>::new();
    let fft = planner.plan_fft_forward(m);
    let (mut buffer, mut out) = (fft.make_input_vec(), fft.make_output_vec());
    let mut density = vec![0.0; out.len()];
    let step = m - m / 2;
    let mut segments = 0;
    let mut start = 0;
    while start + m <= signal.len() {
        let piece = &signal[start..start + m];
        let mean = piece.iter().sum::<f64>() / m as f64;
        for ((b, x), w) in buffer.iter_mut().zip(piece).zip(&window) {
            *b = (x - mean) * w;
        }
        fft.process(&mut buffer, &mut out)
            .expect("buffers made by the plan");
        for (d, z) in density.iter_mut().zip(&out) {
            *d += z.norm_sqr();
        }
        segments += 1;
        start += step;
    }
    let last = density.len() - 1;
    for (k, d) in density.iter_mut().enumerate() {
        let one_sided = if k == 0 || (m.is_multiple_of(2) && k == last) {
            1.0
        } else {
            2.0
        };
        *d *= one_sided / (fs * window_power * segments as f64);
    }
    let freqs_hz = (0..density.len())
        .map(|k| k as f64 * fs / m as f64)
        .collect();
    Ok(PowerSpectrum { freqs_hz, density })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sine_peaks_at_its_frequency_with_its_power() {
        // 10 s at 1 kHz of 2 sin(2π·12 t) + 1: power A²/2 = 2 at 12 Hz (whole periods in
        // each 1 s segment, so Parseval's sum is exact).
        let x: Vec<f64> = (0..10_000)
            .map(|k| 1.0 + 2.0 * (std::f64::consts::TAU * 12.0 * k as f64 / 1000.0).sin())
            .collect();
        let s = welch(&x, 1.0, 1000).unwrap();
        assert_eq!(s.freqs_hz.len(), 501);
        assert_eq!(s.freqs_hz[1], 1.0);
        assert_eq!(s.peak_frequency(), Some(12.0));
        assert!((s.total_power() - 2.0).abs() < 1e-9, "{}", s.total_power());
        // A Hann window spreads the line over its neighbours only.
        assert!(s.density[10] < 1e-20 && s.density[14] < 1e-20);
    }

    #[test]
    fn bad_inputs_are_errors() {
        assert!(welch(&[1.0], 1.0, 256).is_err());
        assert!(welch(&[1.0, 2.0, 3.0], 0.0, 256).is_err());
        assert!(welch(&[1.0, 2.0, 3.0], 1.0, 256).is_ok());
    }
}
