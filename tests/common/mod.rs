//! Shared helpers for reference tests: loading the copied reference files.

#![allow(dead_code)]

pub mod model_source;

use serde_json::Value;

/// Reads `tests/reference/<path>`; a missing file fails the test.
pub fn reference(path: &str) -> Value {
    let full = format!("{}/tests/reference/{path}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&full)
        .unwrap_or_else(|e| panic!("reference file {full} is missing: {e}"));
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("reference file {full} is not valid JSON: {e}"))
}

/// A JSON number.
pub fn f(v: &Value) -> f64 {
    v.as_f64()
        .unwrap_or_else(|| panic!("expected a number, got {v}"))
}

/// A JSON array of numbers.
pub fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap_or_else(|| panic!("expected an array, got {v}"))
        .iter()
        .map(f)
        .collect()
}

/// A JSON array of non-negative integers.
pub fn steps(v: &Value) -> Vec<u64> {
    v.as_array()
        .unwrap_or_else(|| panic!("expected an array, got {v}"))
        .iter()
        .map(|x| {
            x.as_u64()
                .unwrap_or_else(|| panic!("expected a step index, got {x}"))
        })
        .collect()
}

/// Largest |a − b| relative to the largest |b|.
pub fn max_relative_deviation(a: &[f64], b: &[f64]) -> f64 {
    assert_eq!(a.len(), b.len(), "trajectories differ in length");
    let scale = b
        .iter()
        .fold(0.0f64, |m, x| m.max(x.abs()))
        .max(f64::MIN_POSITIVE);
    a.iter()
        .zip(b)
        .fold(0.0f64, |m, (x, y)| m.max((x - y).abs()))
        / scale
}

/// A JSON matrix (array of arrays of numbers).
pub fn matrix(v: &Value) -> Vec<Vec<f64>> {
    v.as_array()
        .unwrap_or_else(|| panic!("expected a matrix, got {v}"))
        .iter()
        .map(floats)
        .collect()
}

/// `[time][column]` → `[column][time]`.
pub fn by_column(v: &Value) -> Vec<Vec<f64>> {
    let rows = matrix(v);
    (0..rows[0].len())
        .map(|j| rows.iter().map(|r| r[j]).collect())
        .collect()
}

/// Wilson–Cowan parameters from a reference file's `params` (brainmass names; the base step
/// uses the same target-source reading as Cajal).
pub fn wilson_cowan_params(p: &Value) -> cajal::models::WilsonCowanParams {
    assert_eq!(p["tau_unit"], "ms");
    cajal::models::WilsonCowanParams {
        tau_E: f(&p["tau_E"]),
        a_E: f(&p["a_E"]),
        theta_E: f(&p["theta_E"]),
        tau_I: f(&p["tau_I"]),
        a_I: f(&p["a_I"]),
        theta_I: f(&p["theta_I"]),
        wEE: f(&p["wEE"]),
        wIE: f(&p["wIE"]),
        wEI: f(&p["wEI"]),
        wII: f(&p["wII"]),
        r: f(&p["r"]),
    }
}

/// Mean coefficient of variation of the inter-spike intervals over neurons with at least 3
/// spikes (population standard deviation, ddof = 0), from each neuron's spike steps.
pub fn mean_isi_cv(spike_steps: &[Vec<u64>]) -> f64 {
    let cvs: Vec<f64> = spike_steps
        .iter()
        .filter(|s| s.len() >= 3)
        .map(|s| {
            let isi: Vec<f64> = s.windows(2).map(|w| (w[1] - w[0]) as f64).collect();
            let m = isi.iter().sum::<f64>() / isi.len() as f64;
            let var = isi.iter().map(|x| (x - m).powi(2)).sum::<f64>() / isi.len() as f64;
            var.sqrt() / m
        })
        .collect();
    cvs.iter().sum::<f64>() / cvs.len().max(1) as f64
}

/// Steps `net` through one run of `stdp.json` (`dt` ms, `steps` steps), checking the weight
/// (read by `weight`) after every step with reference events against the event's `w_after`
/// to 1e-12; returns how many events were checked.
#[allow(dead_code)] // used by the STDP tests only
pub fn follow_stdp_events(
    net: &mut cajal::runtime::Network,
    run: &Value,
    (dt, steps): (f64, u64),
    weight: impl Fn(&cajal::runtime::Network) -> f64,
) -> usize {
    let events = run["reference_events"].as_array().unwrap();
    let mut next = 0;
    let mut checked = 0;
    for n in 0..steps {
        net.step().unwrap();
        // Every event of this step has happened; the last one's weight holds.
        while next < events.len() && (f(&events[next]["t_ms"]) / dt).round() as u64 == n {
            next += 1;
        }
        if next > 0 && (f(&events[next - 1]["t_ms"]) / dt).round() as u64 == n {
            let expected = f(&events[next - 1]["w_after"]);
            let got = weight(net);
            assert!(
                (got - expected).abs() <= 1e-12,
                "{}: step {n}: w = {got}, reference {expected}",
                run["id"]
            );
            checked += 1;
        }
    }
    assert_eq!(next, events.len(), "{}: every event was seen", run["id"]);
    checked
}
