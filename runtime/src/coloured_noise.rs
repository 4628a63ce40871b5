//! Coloured Gaussian noise in time with power spectrum ∝ 1/f^β (β = 0 white, 1 pink, 2
//! brown), by spectral synthesis: white noise from the reproducible streams, shaped in the
//! frequency domain, standardised. (brainmass's `ColoredNoise` colours across nodes, not in
//! time; this is the temporal process.)

use crate::error::{Error, finite};
use crate::rng::normal;
use crate::stimulus::Stimulus;

/// In-place radix-2 FFT of (re, im); `inverse` computes the unscaled inverse transform.
fn fft(re: &mut [f64], im: &mut [f64], inverse: bool) {
    let n = re.len();
    let mut j = 0;
    for i in 1..n {
        let mut bit = n >> 1;
        while j & bit != 0 {
            j ^= bit;
            bit >>= 1;
        }
        j |= bit;
        if i < j {
            re.swap(i, j);
            im.swap(i, j);
        }
    }
    let sign = if inverse { 1.0 } else { -1.0 };
    let mut len = 2;
    while len <= n {
        let angle = sign * std::f64::consts::TAU / len as f64;
        for start in (0..n).step_by(len) {
            for k in 0..len / 2 {
                let (s, c) = (angle * k as f64).sin_cos();
                let (a, b) = (start + k, start + k + len / 2);
                let (tr, ti) = (re[b] * c - im[b] * s, re[b] * s + im[b] * c);
                re[b] = re[a] - tr;
                im[b] = im[a] - ti;
                re[a] += tr;
                im[a] += ti;
            }
        }
        len <<= 1;
    }
}

/// One series of `n` samples with spectrum ∝ 1/f^β, mean 0 and standard deviation `sigma`,
/// from stream `stream` of `seed`.
pub fn coloured_series(n: usize, beta: f64, sigma: f64, seed: u64, stream: u64) -> Vec<f64> {
    let size = n.next_power_of_two().max(2);
    let mut re: Vec<f64> = (0..size)
        .map(|k| normal(seed, stream, 0, k as u64))
        .collect();
    let mut im = vec![0.0; size];
    fft(&mut re, &mut im, false);
    for k in 0..size {
        // Frequency index folded to 0 … size/2 (the spectrum is Hermitian).
        let f = k.min(size - k) as f64;
        let gain = if f == 0.0 { 0.0 } else { f.powf(-beta / 2.0) };
        re[k] *= gain;
        im[k] *= gain;
    }
    fft(&mut re, &mut im, true);
    let x = &re[..n];
    let mean = x.iter().sum::<f64>() / n as f64;
    let std = (x.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n as f64).sqrt();
    x.iter().map(|v| sigma * (v - mean) / std).collect()
}

/// A [`Stimulus::Series`] of coloured noise for `instances` instances over `steps` steps
/// (each instance an independent stream).
pub fn coloured_noise(
    steps: usize,
    instances: usize,
    beta: f64,
    sigma: f64,
    seed: u64,
) -> Result<Stimulus, Error> {
    finite(|| "spectral exponent β".into(), beta)?;
    finite(|| "noise standard deviation".into(), sigma)?;
    if steps < 2 {
        return Err(Error::WrongSize {
            what: "coloured noise steps".into(),
            expected: 2,
            got: steps,
        });
    }
    let series: Vec<Vec<f64>> = (0..instances)
        .map(|i| coloured_series(steps, beta, sigma, seed, i as u64))
        .collect();
    Ok(Stimulus::Series(
        (0..steps)
            .map(|t| series.iter().map(|s| s[t]).collect())
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Least-squares slope of log power against log frequency over the averaged periodogram.
    fn spectral_slope(beta: f64) -> f64 {
        let n = 4096;
        let mut power = vec![0.0; n / 2];
        for stream in 0..40 {
            let x = coloured_series(n, beta, 1.0, 5, stream);
            let mut re = x.clone();
            let mut im = vec![0.0; n];
            fft(&mut re, &mut im, false);
            for k in 1..n / 2 {
                power[k] += re[k] * re[k] + im[k] * im[k];
            }
        }
        let points: Vec<(f64, f64)> = (2..n / 2)
            .map(|k| ((k as f64).ln(), power[k].ln()))
            .collect();
        let m = points.len() as f64;
        let (mx, my) = (
            points.iter().map(|p| p.0).sum::<f64>() / m,
            points.iter().map(|p| p.1).sum::<f64>() / m,
        );
        let sxy: f64 = points.iter().map(|(x, y)| (x - mx) * (y - my)).sum();
        let sxx: f64 = points.iter().map(|(x, _)| (x - mx).powi(2)).sum();
        sxy / sxx
    }

    #[test]
    fn spectrum_follows_one_over_f_to_the_beta() {
        for beta in [0.0, 1.0, 2.0] {
            let slope = spectral_slope(beta);
            assert!((slope + beta).abs() < 0.1, "β = {beta}: slope {slope}");
        }
    }

    #[test]
    fn standardised_and_reproducible() {
        let x = coloured_series(1000, 1.0, 0.3, 9, 2);
        let mean = x.iter().sum::<f64>() / 1000.0;
        let std = (x.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / 1000.0).sqrt();
        assert!(mean.abs() < 1e-12 && (std - 0.3).abs() < 1e-12);
        assert_eq!(x, coloured_series(1000, 1.0, 0.3, 9, 2));
        assert_ne!(x, coloured_series(1000, 1.0, 0.3, 9, 3));
        let s = coloured_noise(100, 3, 2.0, 1.0, 1).unwrap();
        assert!(s.validate("noise", 3).is_ok());
        assert!(coloured_noise(1, 3, 2.0, 1.0, 1).is_err());
    }

    #[test]
    fn fft_round_trip() {
        let mut re: Vec<f64> = (0..8).map(|k| k as f64).collect();
        let mut im = vec![0.0; 8];
        fft(&mut re, &mut im, false);
        assert!((re[0] - 28.0).abs() < 1e-12);
        fft(&mut re, &mut im, true);
        for (k, v) in re.iter().enumerate() {
            assert!((v / 8.0 - k as f64).abs() < 1e-12);
        }
    }
}
