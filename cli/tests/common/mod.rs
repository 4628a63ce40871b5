//! Helpers the CLI test files share: running the binary, scratch directories and the
//! reference data of `tests/reference`.

#![allow(dead_code)] // each test file uses its own subset

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// Runs the `cajal` binary with `args`.
pub fn cajal(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cajal"))
        .args(args)
        .output()
        .expect("the cajal binary runs")
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh directory for one test's files.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cajal-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A path as `&str` for an argument list.
pub fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The reference file `name` of `tests/reference/spike`, parsed.
pub fn reference(name: &str) -> Value {
    let file = format!(
        "{}/../tests/reference/spike/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap()
}
/// Spike steps of neuron `k` from a JSON output.
pub fn spike_steps(json: &Value, k: u64) -> Vec<u64> {
    let dt = json["dt_ms"].as_f64().unwrap();
    let index = json["spikes"]["index"].as_array().unwrap();
    let times = json["spikes"]["time_ms"].as_array().unwrap();
    index
        .iter()
        .zip(times)
        .filter(|(i, _)| i.as_u64() == Some(k))
        .map(|(_, t)| (t.as_f64().unwrap() / dt).round() as u64)
        .collect()
}
/// A JSON array of whole numbers.
pub fn whole_numbers(v: &Value) -> Vec<u64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_u64().unwrap())
        .collect()
}
