//! Phases of oscillating signals and the Kuramoto order parameter
//! R(t) = |(1/N) Σ_j e^{iθ_j(t)}| (Kuramoto 1975): 1 when every node has the same phase,
//! about 1/√N for N independent uniform phases.

use realfft::RealFftPlanner;
use rustfft::num_complex::Complex64;

/// The order parameter of one set of phases (radians); 0 for none.
pub fn order_parameter(phases: &[f64]) -> f64 {
    if phases.is_empty() {
        return 0.0;
    }
    let (c, s) = phases
        .iter()
        .fold((0.0, 0.0), |(c, s), th| (c + th.cos(), s + th.sin()));
    let n = phases.len() as f64;
    (c / n).hypot(s / n)
}

/// R(t) of phases `phases[node][time]`, one value per time (as long as the shortest series).
pub fn order_parameter_series(phases: &[Vec<f64>]) -> Vec<f64> {
    let len = phases.iter().map(Vec::len).min().unwrap_or(0);
    let mut at = vec![0.0; phases.len()];
    (0..len)
        .map(|t| {
            for (a, p) in at.iter_mut().zip(phases) {
                *a = p[t];
            }
            order_parameter(&at)
        })
        .collect()
}

/// The time average of R(t) (NaN for no times).
pub fn mean_order_parameter(phases: &[Vec<f64>]) -> f64 {
    let r = order_parameter_series(phases);
    r.iter().sum::<f64>() / r.len() as f64
}

/// The phase atan2(y, x) of an oscillator with two coordinates (a Hopf or Stuart–Landau
/// node's x and y), per time.
pub fn phases_from_xy(x: &[f64], y: &[f64]) -> Vec<f64> {
    x.iter().zip(y).map(|(x, y)| y.atan2(*x)).collect()
}

/// The instantaneous phase of a real signal: the angle of its analytic signal s + iH[s]
/// (H the Hilbert transform, by FFT with the mean removed: negative frequencies zeroed,
/// positive ones doubled), per sample. Meaningful for narrow-band signals.
pub fn analytic_phase(signal: &[f64]) -> Vec<f64> {
    let n = signal.len();
    if n < 2 {
        return vec![0.0; n];
    }
    let mean = signal.iter().sum::<f64>() / n as f64;
    let mut planner = RealFftPlanner::<f64>::new();
    let forward = planner.plan_fft_forward(n);
    let mut input: Vec<f64> = signal.iter().map(|x| x - mean).collect();
    let mut spectrum = forward.make_output_vec();
    forward
        .process(&mut input, &mut spectrum)
        .expect("buffers made by the plan");
    // The full spectrum of the analytic signal: X_0, 2X_k for 0 < k < n/2, X_{n/2} (even n),
    // zero above.
    let mut full = vec![Complex64::new(0.0, 0.0); n];
    for (k, x) in spectrum.iter().enumerate() {
        let nyquist = n.is_multiple_of(2) && k == n / 2;
        full[k] = if k == 0 || nyquist { *x } else { 2.0 * x };
    }
    let mut complex = rustfft::FftPlanner::<f64>::new();
    complex.plan_fft_inverse(n).process(&mut full);
    full.iter().map(|z| z.im.atan2(z.re)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_phases_give_one_and_opposite_phases_zero() {
        assert!((order_parameter(&[0.3, 0.3, 0.3]) - 1.0).abs() < 1e-15);
        assert!(order_parameter(&[0.0, std::f64::consts::PI]) < 1e-15);
        let r = order_parameter_series(&[vec![0.0, 1.0], vec![0.0, 1.0 + std::f64::consts::PI]]);
        assert!((r[0] - 1.0).abs() < 1e-15 && r[1] < 1e-15);
    }

    #[test]
    fn the_analytic_phase_of_a_cosine_is_its_argument() {
        // cos(2π f t) over whole periods: phase 2π f t (mod 2π).
        let (n, f) = (1000, 7.0);
        let x: Vec<f64> = (0..n)
            .map(|k| (std::f64::consts::TAU * f * k as f64 / n as f64).cos())
            .collect();
        for (k, th) in analytic_phase(&x).iter().enumerate() {
            let want = std::f64::consts::TAU * f * k as f64 / n as f64;
            let d = (th - want).sin().abs() + (1.0 - (th - want).cos());
            assert!(d < 1e-9, "sample {k}: {th} vs {want}");
        }
        let xy = phases_from_xy(&[0.0, -1.0], &[1.0, 0.0]);
        assert_eq!(xy, [std::f64::consts::FRAC_PI_2, std::f64::consts::PI]);
    }
}
