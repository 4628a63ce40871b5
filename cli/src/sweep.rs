//! `--sweep`: a network run once per member of a parameter grid, members shared out over
//! threads, each member's recorded variables analysed, the results tabulated (one row per
//! member and variable) and, with `--analysis-out`, written as JSON. A member is exactly the
//! run `--set` of its values gives, whatever the number of threads.

use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

use serde_json::{Value, json};

use crate::analyse::{AnalysisRequest, analyse, mean_peak_frequency};
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

/// Runs every member of the sweep of `run` and analyses it, on `threads` threads (members
/// are independent runs: the results do not depend on the number): the table and the JSON
/// document.
pub fn run_sweep(
    run: &NetworkRun,
    analysis: &AnalysisRequest,
    duration_ms: f64,
    threads: usize,
    progress: bool,
) -> Result<(String, Value), Failure> {
    let grid = members(&run.sweep);
    let steps = cajal_runtime::steps::whole_steps(duration_ms, run.plan.dt_ms)?;
    let total = grid.len() as u64 * steps;
    let bar = Mutex::new(progress.then(progress_bar));
    let done = AtomicU64::new(0);
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let results: Mutex<Vec<Option<Result<Value, Failure>>>> =
        Mutex::new((0..grid.len()).map(|_| None).collect());
    let worker = || {
        loop {
            let m = next.fetch_add(1, Ordering::Relaxed);
            if m >= grid.len() || failed.load(Ordering::Relaxed) {
                return;
            }
            let mut reported = 0;
            let result = member(run, analysis, duration_ms, &grid[m], &mut |steps, _| {
                let now = done.fetch_add(steps - reported, Ordering::Relaxed) + steps - reported;
                reported = steps;
                if let Ok(mut bar) = bar.lock()
                    && let Some(bar) = bar.as_mut()
                {
                    bar(now, total);
                }
            });
            let result = result.map_err(|Failure(message)| {
                failed.store(true, Ordering::Relaxed);
                Failure(format!(
                    "member {m} of the sweep ({}) stopped: {}",
                    describe(&run.sweep, &grid[m]),
                    message.trim_end()
                ))
            });
            if let Ok(mut results) = results.lock() {
                results[m] = Some(result);
            }
        }
    };
    let threads = threads.clamp(1, grid.len().max(1));
    std::thread::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(worker);
        }
        worker();
    });
    let results = results.into_inner().unwrap_or_default();
    let mut docs = Vec::with_capacity(grid.len());
    for result in results {
        match result {
            Some(Ok(doc)) => docs.push(doc),
            Some(Err(e)) => return Err(e),
            None => fail!("the sweep stopped before every member ran"),
        }
    }
    Ok(tabulate(run, &grid, docs))
}

/// Runs one member (the values of the swept parameters) and analyses it.
fn member(
    run: &NetworkRun,
    analysis: &AnalysisRequest,
    duration_ms: f64,
    values: &[f64],
    report: &mut dyn FnMut(u64, u64),
) -> Result<Value, Failure> {
    let mut settings = run.settings.clone();
    settings.retain(|(k, _)| !run.sweep.iter().any(|a| a.param == *k));
    settings.extend(
        run.sweep
            .iter()
            .map(|a| a.param)
            .zip(values.iter().copied()),
    );
    let outcome = run_with(run, &settings, duration_ms, report)?;
    if let Some(failure) = outcome.stopped {
        return Err(failure);
    }
    Ok(analyse(&outcome.recording, analysis)?.1)
}

/// The table (one row per member and variable) and the JSON document of a sweep.
fn tabulate(run: &NetworkRun, grid: &[Vec<f64>], docs: Vec<Value>) -> (String, Value) {
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
    for (values, doc) in grid.iter().zip(docs) {
        if let Some(vars) = doc["variables"].as_object() {
            for (var, a) in vars {
                let cell = |v: Option<f64>| v.map_or("-".to_string(), |x| format!("{x:.4}"));
                let values: Vec<String> = values.iter().map(|v| format!("{v}")).collect();
                let _ = writeln!(
                    table,
                    "{}\t{var}\t{}\t{}\t{}",
                    values.join("\t"),
                    cell(a["fc_fit"].as_f64()),
                    cell(a["order_parameter_mean"].as_f64()),
                    cell(mean_peak_frequency(a)),
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
    (table, json!({ "axes": axes, "members": rows }))
}

fn describe(axes: &[SweepAxis], values: &[f64]) -> String {
    axes.iter()
        .zip(values)
        .map(|(a, v)| match a.unit.as_str() {
            "1" | "" => format!("{} = {v}", a.name),
            unit => format!("{} = {v} {unit}", a.name),
        })
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
