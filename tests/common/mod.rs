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
