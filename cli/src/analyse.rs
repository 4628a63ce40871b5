//! `--analyse`: analyses of the variables a run recorded, each over every recorded instance
//! (the nodes of a whole-brain network) after a transient: functional connectivity and its
//! fit to an empirical FC, the Kuramoto order parameter (of Hilbert phases, or of variables
//! that are phases), Welch power spectra with each node's peak frequency, and FC dynamics.
//! Printed as a table; with `--analysis-out`, written as JSON.

use std::fmt::Write as _;
use std::path::Path;

use cajal_runtime::analysis::{
    analytic_phase, fc_similarity, fcd, functional_connectivity, mean_order_parameter, welch,
};
use cajal_runtime::{Connectome, Recording};
use serde_json::{Value, json};

use crate::fail;
use crate::failure::Failure;

/// One analysis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Analysis {
    /// Functional connectivity (Pearson) and its fit to an empirical FC.
    Fc,
    /// Mean Kuramoto order parameter of the Hilbert phases.
    Order,
    /// Mean Kuramoto order parameter of values that are phases (radians).
    OrderOfPhase,
    /// Welch spectra and peak frequencies.
    Spectrum,
    /// FC dynamics: the correlations between FCs of sliding windows.
    Fcd,
}

impl Analysis {
    const NAMES: [(&'static str, Analysis); 5] = [
        ("fc", Analysis::Fc),
        ("order", Analysis::Order),
        ("order-of-phase", Analysis::OrderOfPhase),
        ("spectrum", Analysis::Spectrum),
        ("fcd", Analysis::Fcd),
    ];

    /// Parses an analysis name.
    pub fn parse(name: &str) -> Result<Analysis, Failure> {
        match Self::NAMES.iter().find(|(n, _)| *n == name) {
            Some((_, a)) => Ok(*a),
            None => {
                let names: Vec<&str> = Self::NAMES.iter().map(|(n, _)| *n).collect();
                fail!("--analyse {name}: the analyses are {}", names.join(", "))
            }
        }
    }
}

/// What to analyse and how.
#[derive(Clone, Debug)]
pub struct AnalysisRequest {
    /// The analyses, in order.
    pub analyses: Vec<Analysis>,
    /// Time left out at the start (ms).
    pub transient_ms: f64,
    /// The empirical FC: a shipped connectome's name or a matrix file (default: `hcp80` for
    /// 80 instances).
    pub empirical_fc: Option<String>,
    /// FCD window and step (ms); default a tenth of the analysed time and half of that.
    pub fcd_window_ms: Option<f64>,
    /// FCD step (ms).
    pub fcd_step_ms: Option<f64>,
    /// Welch segment length (ms); default a quarter of the analysed time.
    pub segment_ms: Option<f64>,
    /// JSON output file.
    pub out: Option<String>,
    /// Plot file (`.svg` or `.png`).
    pub plot: Option<String>,
}

/// The empirical FC that `name` names (a shipped connectome or a file), or the default for
/// `n` nodes.
pub fn empirical_fc(name: Option<&str>, n: usize) -> Result<Option<Vec<Vec<f64>>>, Failure> {
    let name = match name {
        Some(name) => name,
        None if n == 80 => "hcp80",
        None => return Ok(None),
    };
    let fc = match Connectome::shipped(name) {
        Some(c) => c?.empirical_fc,
        None => Some(cajal_runtime::connectome::read_matrix(Path::new(name))?),
    };
    match fc {
        Some(fc) if fc.len() == n => Ok(Some(fc)),
        Some(fc) => fail!(
            "--empirical-fc {name}: it has {} regions, but {n} instances were recorded",
            fc.len()
        ),
        None => fail!("--empirical-fc {name}: no empirical FC"),
    }
}

/// Samples in `ms` of time at the recording's sampling interval (at least 2).
fn samples(ms: f64, interval_ms: f64) -> usize {
    ((ms / interval_ms).round() as usize).max(2)
}

/// Runs the analyses on every recorded variable: a table to print and the JSON document.
pub fn analyse(rec: &Recording, req: &AnalysisRequest) -> Result<(String, Value), Failure> {
    let interval = rec.dt_ms * rec.every as f64;
    let skip = (req.transient_ms / interval).ceil() as usize;
    let mut table = String::new();
    let mut variables = serde_json::Map::new();
    for (k, name) in rec.names.iter().enumerate() {
        let series: Vec<Vec<f64>> = rec.values[k]
            .iter()
            .map(|s| s.get(skip..).unwrap_or(&[]).to_vec())
            .collect();
        let len = series.iter().map(Vec::len).min().unwrap_or(0);
        if len < 4 {
            fail!(
                "--analyse: `{name}` has {len} samples after the {} ms transient; run longer or record more often",
                req.transient_ms
            );
        }
        let analysed_ms = (len - 1) as f64 * interval;
        let _ = writeln!(
            table,
            "{name}: {} instances, {len} samples over {analysed_ms} ms",
            series.len()
        );
        let mut out = serde_json::Map::new();
        for a in &req.analyses {
            match a {
                Analysis::Fc => {
                    let fc = functional_connectivity(&series);
                    if let Some(emp) = empirical_fc(req.empirical_fc.as_deref(), series.len())? {
                        let fit = fc_similarity(&fc, &emp);
                        let _ = writeln!(table, "  FC fit to the empirical FC: r = {fit:.4}");
                        out.insert("fc_fit".into(), json!(fit));
                    }
                    let mean = mean_off_diagonal(&fc);
                    let _ = writeln!(table, "  mean FC (off the diagonal): {mean:.4}");
                    out.insert("fc".into(), json!(fc));
                }
                Analysis::Order | Analysis::OrderOfPhase => {
                    // Phases of the values, or the values themselves when they are phases.
                    let r = if *a == Analysis::Order {
                        let phases: Vec<Vec<f64>> =
                            series.iter().map(|s| analytic_phase(s)).collect();
                        mean_order_parameter(&phases)
                    } else {
                        mean_order_parameter(&series)
                    };
                    let _ = writeln!(table, "  mean Kuramoto order parameter R: {r:.4}");
                    out.insert("order_parameter_mean".into(), json!(r));
                }
                Analysis::Spectrum => {
                    let segment = samples(req.segment_ms.unwrap_or(analysed_ms / 4.0), interval);
                    let mut peaks = Vec::new();
                    let mut spectra = Vec::new();
                    for s in &series {
                        let psd = welch(s, interval, segment)?;
                        peaks.push(psd.peak_frequency().unwrap_or(f64::NAN));
                        spectra.push(psd);
                    }
                    let mean_peak = peaks.iter().sum::<f64>() / peaks.len() as f64;
                    let _ = writeln!(
                        table,
                        "  peak frequency: {mean_peak:.3} Hz on average over the instances"
                    );
                    out.insert("peak_frequency_hz".into(), json!(peaks));
                    out.insert("freqs_hz".into(), json!(spectra[0].freqs_hz));
                    let density: Vec<&Vec<f64>> = spectra.iter().map(|s| &s.density).collect();
                    out.insert("psd".into(), json!(density));
                }
                Analysis::Fcd => {
                    let window = req.fcd_window_ms.unwrap_or(analysed_ms / 10.0);
                    let step = req.fcd_step_ms.unwrap_or(window / 2.0);
                    let step_samples = ((step / interval).round() as usize).max(1);
                    let m = fcd(&series, samples(window, interval), step_samples)?;
                    let mean = mean_off_diagonal(&m);
                    let _ = writeln!(
                        table,
                        "  FCD: {} windows of {window} ms every {step} ms, mean off-diagonal {mean:.4}",
                        m.len()
                    );
                    out.insert("fcd".into(), json!(m));
                }
            }
        }
        variables.insert(name.clone(), Value::Object(out));
    }
    let doc = json!({
        "model": rec.model,
        "transient_ms": req.transient_ms,
        "sample_interval_ms": interval,
        "variables": variables,
    });
    Ok((table, doc))
}

/// The mean over the instances of the peak frequencies (Hz) in one variable's analysis
/// document, if a spectrum was analysed.
pub fn mean_peak_frequency(analysis: &Value) -> Option<f64> {
    let peaks: Vec<f64> = analysis["peak_frequency_hz"]
        .as_array()?
        .iter()
        .filter_map(Value::as_f64)
        .collect();
    (!peaks.is_empty()).then(|| peaks.iter().sum::<f64>() / peaks.len() as f64)
}

fn mean_off_diagonal(m: &[Vec<f64>]) -> f64 {
    let n = m.len();
    if n < 2 {
        return f64::NAN;
    }
    let sum: f64 = (0..n)
        .flat_map(|i| (0..n).filter(move |j| *j != i).map(move |j| (i, j)))
        .map(|(i, j)| m[i][j])
        .sum();
    sum / (n * (n - 1)) as f64
}
