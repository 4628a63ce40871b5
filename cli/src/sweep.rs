//! `--sweep`: a network run once per member of a parameter grid, each member's recorded
//! variables analysed, the results tabulated (one row per member and variable) and, with
//! `--analysis-out`, written as JSON. A member is exactly the run `--set` of its values gives.

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::analyse::{AnalysisRequest, analyse};
use crate::fail;
use crate::failure::Failure;
use crate::report::progress_bar;
use crate::request::{NetworkRun, SweepAxis};
use crate::run_network::run_with;

/// Every combination of the axes' values, the first axis varying slowest.
pub fn members(axes: &[SweepAxis]) -> Vec<Vec<f64>> {
    axes.iter().fold(vec![Vec::new()], |grid, axis| {
        grid.iter()
            .flat_map(|head| {
                axis.values.iter().map(move |v| {
                    let mut m = head.clone();
                    m.push(*v);
                    m
                })
            })
            .collect()
    })
}

/// Runs every member of the sweep of `run` and analyses it: the table and the JSON document.
pub fn run_sweep(
    run: &NetworkRun,
    analysis: &AnalysisRequest,
    duration_ms: f64,
    progress: bool,
) -> Result<(String, Value), Failure> {
    let grid = members(&run.sweep);
    let mut bar = progress.then(progress_bar);
    let count = grid.len() as u64;
    let mut table = String::new();
    let names: Vec<String> = run
        .sweep
        .iter()
        .map(|a| format!("{} [{}]", a.name, a.unit))
        .collect();
    let _ = writeln!(
        table,
        "{}\tvariable\tFC fit\tmean R\tpeak Hz",
        names.join("\t")
    );
    let mut rows = Vec::new();
    for (m, values) in grid.iter().enumerate() {
        let mut settings = run.settings.clone();
        settings.retain(|(k, _)| !run.sweep.iter().any(|a| a.param == *k));
        settings.extend(
            run.sweep
                .iter()
                .map(|a| a.param)
                .zip(values.iter().copied()),
        );
        let outcome = run_with(run, &settings, duration_ms, &mut |done, total| {
            if let Some(bar) = &mut bar {
                bar(m as u64 * total + done, count * total);
            }
        })?;
        if let Some(Failure(message)) = outcome.stopped {
            fail!(
                "member {m} of the sweep ({}) stopped: {}",
                describe(&run.sweep, values),
                message.trim_end()
            );
        }
        let (_, doc) = analyse(&outcome.recording, analysis)?;
        if let Some(vars) = doc["variables"].as_object() {
            for (var, a) in vars {
                let peaks = a["peak_frequency_hz"].as_array().map(|p| {
                    p.iter().filter_map(Value::as_f64).sum::<f64>() / p.len().max(1) as f64
                });
                let cell = |v: Option<f64>| v.map_or("-".to_string(), |x| format!("{x:.4}"));
                let values: Vec<String> = values.iter().map(|v| format!("{v}")).collect();
                let _ = writeln!(
                    table,
                    "{}\t{var}\t{}\t{}\t{}",
                    values.join("\t"),
                    cell(a["fc_fit"].as_f64()),
                    cell(a["order_parameter_mean"].as_f64()),
                    cell(peaks),
                );
            }
        }
        let params: serde_json::Map<String, Value> = run
            .sweep
            .iter()
            .zip(values)
            .map(|(a, v)| (a.name.clone(), json!(v)))
            .collect();
        rows.push(json!({ "params": params, "analysis": doc }));
    }
    let axes: Vec<Value> = run
        .sweep
        .iter()
        .map(|a| json!({ "name": a.name, "unit": a.unit, "values": a.values }))
        .collect();
    Ok((table, json!({ "axes": axes, "members": rows })))
}

fn describe(axes: &[SweepAxis], values: &[f64]) -> String {
    axes.iter()
        .zip(values)
        .map(|(a, v)| format!("{} = {v} {}", a.name, a.unit))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn axis(name: &str, values: &[f64]) -> SweepAxis {
        SweepAxis {
            param: 0,
            name: name.into(),
            unit: "1".into(),
            values: values.to_vec(),
        }
    }

    #[test]
    fn the_axes_form_a_grid_the_first_varying_slowest() {
        let grid = members(&[axis("k", &[0.0, 1.0]), axis("a", &[5.0, 6.0, 7.0])]);
        assert_eq!(
            grid,
            [
                [0.0, 5.0],
                [0.0, 6.0],
                [0.0, 7.0],
                [1.0, 5.0],
                [1.0, 6.0],
                [1.0, 7.0]
            ]
        );
        assert_eq!(members(&[]), [Vec::<f64>::new()]);
    }
}
