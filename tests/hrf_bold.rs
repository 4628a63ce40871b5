//! Convolution BOLD (HRF kernels) against brainmass 0.1.1's `HRFBold`
//! (`tests/reference/mass/hrf_bold_brainmass.json`): brainmass's grid reproduces it; the
//! exact grid differs from it by the stretch of brainmass's kernel time axis only.

use crate::common;

use cajal::runtime::hrf::{HrfBold, HrfGrid, HrfKernel};
use common::{f, floats, max_relative_deviation, reference};

const FILE: &str = "mass/hrf_bold_brainmass.json";

fn signal(r: &serde_json::Value) -> Vec<f64> {
    let s = &r["signal"];
    let dt = f(&r["dt_ms"]);
    let n = (f(&r["seconds"]) * 1000.0 / dt).round() as usize;
    let tau = std::f64::consts::TAU;
    (0..n)
        .map(|k| {
            let t = k as f64 * dt / 1000.0;
            f(&s["c0"])
                + f(&s["a1"]) * (tau * f(&s["f1_hz"]) * t).sin()
                + f(&s["a2"]) * (tau * f(&s["f2_hz"]) * t).sin()
        })
        .collect()
}

fn kernels() -> [(&'static str, HrfKernel); 4] {
    [
        ("volterra", HrfKernel::Volterra),
        ("gamma", HrfKernel::GAMMA),
        ("double_exponential", HrfKernel::DOUBLE_EXPONENTIAL),
        ("mixture_of_gammas", HrfKernel::MIXTURE_OF_GAMMAS),
    ]
}

#[test]
fn the_brainmass_grid_reproduces_brainmass() {
    let r = reference(FILE);
    let x = signal(&r);
    for (name, kernel) in kernels() {
        let bold = HrfBold {
            grid: HrfGrid::Brainmass,
            ..HrfBold::new(kernel)
        };
        assert_eq!(bold.kernel_ms, f(&r["kernel_duration_ms"][name]), "{name}");
        let ours = bold.apply(&x, f(&r["dt_ms"])).unwrap();
        let theirs = floats(&r["bold"][name]);
        // One sample per whole period, the last included.
        assert_eq!(ours.len(), theirs.len(), "{name}");
        let dev = max_relative_deviation(&ours, &theirs);
        assert!(dev < 1e-9, "{name}: {dev:e}");
    }
}

#[test]
fn the_exact_grid_differs_from_brainmass_by_its_stretched_time_axis() {
    let r = reference(FILE);
    let x = signal(&r);
    for (name, kernel) in kernels() {
        let exact = HrfBold::new(kernel).apply(&x, 1.0).unwrap();
        let theirs = floats(&r["bold"][name]);
        let dev = max_relative_deviation(&exact, &theirs);
        // Different (the grid is not brainmass's), but only by a fraction of a percent.
        assert!(dev > 1e-7 && dev < 5e-3, "{name}: {dev:e}");
    }
}

#[test]
fn brainmass_samples_its_kernel_on_linspace_with_the_end_point() {
    // 20 s in 4 ms windows: 5000 points, a step of 20/4999 s = 4.0008 ms.
    let taps = HrfKernel::Volterra.sampled_as_brainmass(20.0, 5000);
    assert_eq!(taps.len(), 5000);
    let step = 20.0f64 / 4999.0;
    assert!((step * 1000.0 - 4.0008).abs() < 1e-4);
    for k in [1, 250, 4999] {
        assert_eq!(taps[k], HrfKernel::Volterra.at(k as f64 * step));
    }
    // A normalised kernel's largest sample is its peak value.
    let gamma = HrfKernel::GAMMA.sampled_as_brainmass(20.0, 5000);
    let largest = gamma.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    assert_eq!(largest, 0.1);
}
