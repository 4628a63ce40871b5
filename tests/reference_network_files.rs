//! The shared mass-network references (`tests/reference/mass/network_*.json`, brainmass
//! 0.1.1) reproduced by network files: weights, tract lengths, initial states and natural
//! frequencies read from CSV files beside the `.cajal` text (`connectome(…)`,
//! `column(…)`), trajectories within 1e-9 of their amplitude; the Kuramoto order parameter
//! against the reference's R(t).

use crate::common;
use crate::whole_brain_files as files;

use std::path::Path;

use cajal::runtime::analysis::order_parameter_series;
use cajal::runtime::interpreter::BuiltNetwork;
use common::{by_column, f, floats, matrix, max_relative_deviation, reference};
use files::{interpret, scratch, write_csv};
use serde_json::Value;

const TOLERANCE: f64 = 1e-9;

/// Columns as a CSV file: one row per node.
fn write_columns(path: &Path, columns: &[Vec<f64>]) {
    let rows: Vec<Vec<f64>> = (0..columns[0].len())
        .map(|i| columns.iter().map(|c| c[i]).collect())
        .collect();
    write_csv(path, &rows);
}

/// Runs `built` for the reference's steps; each monitor's trace of every node, by monitor.
fn run(mut built: BuiltNetwork, r: &Value) -> Vec<Vec<Vec<f64>>> {
    let steps = r["n_steps"].as_u64().unwrap();
    for _ in 0..steps {
        built.network.step().unwrap();
    }
    built
        .monitors
        .iter()
        .map(|m| {
            let mon = built.network.monitor(*m).unwrap();
            (0..mon.neurons.len()).map(|k| mon.trace(k)).collect()
        })
        .collect()
}

/// Compares node traces (from step 0, every `stride` steps) with the reference's.
fn compare(file: &str, name: &str, ours: &[Vec<f64>], theirs: &[Vec<f64>]) {
    assert_eq!(ours.len(), theirs.len(), "{file}: nodes");
    for (node, (a, b)) in ours.iter().zip(theirs).enumerate() {
        let n = a.len().min(b.len());
        assert!(
            n + 1 >= b.len(),
            "{file}: {} samples of {}",
            a.len(),
            b.len()
        );
        let dev = max_relative_deviation(&a[..n], &b[..n]);
        assert!(
            dev <= TOLERANCE,
            "{file}: `{name}` of node {node} deviates by {dev:e}"
        );
    }
}

fn hopf_from_files(file: &str) {
    let r = reference(file);
    let dir = scratch(file.trim_start_matches("mass/").trim_end_matches(".json"));
    let p = &r["params"];
    let n = r["n_nodes"].as_u64().unwrap();
    write_csv(&dir.join("weights.csv"), &matrix(&r["connectivity"]["W"]));
    let init = [
        floats(&r["initial_state"]["x"]),
        floats(&r["initial_state"]["y"]),
    ];
    write_columns(&dir.join("initial.csv"), &init);
    let delays = match r.get("delays") {
        Some(d) => {
            write_csv(&dir.join("distance_mm.csv"), &matrix(&d["distance_mm"]));
            format!(
                ", lengths = \"distance_mm.csv\", speed = {} m/s, rounding = up",
                f(&d["speed_mm_per_ms"])
            )
        }
        None => String::new(),
    };
    let stride = r["record_stride"].as_u64().unwrap();
    let text = format!(
        "network Reference {{
            timestep {dt} ms
            population nodes = Hopf[{n}] {{
                a = {a}; w = {w} /ms; beta = {beta}; method {method}
                init x = column(\"initial.csv\", 0); init y = column(\"initial.csv\", 1)
            }}
            projection sc: nodes.x -> nodes.x_inp = Diffusive {{ k = {k} }} with connectome(\"weights.csv\"{delays})
            record nodes.x every {stride}
            record nodes.y every {stride}
        }}",
        dt = f(&r["dt_ms"]),
        a = f(&p["a"]),
        w = f(&p["w"]),
        beta = f(&p["beta"]),
        method = p["method"].as_str().unwrap(),
        k = f(&r["k"]),
    );
    let traces = run(interpret(&text, &dir), &r);
    for (k, name) in ["x", "y"].iter().enumerate() {
        compare(file, name, &traces[k], &by_column(&r["trajectory"][name]));
    }
}

#[test]
fn hopf_diffusive_from_files() {
    hopf_from_files("mass/network_hopf_diffusive.json");
}

#[test]
fn hopf_diffusive_euler_from_files() {
    hopf_from_files("mass/network_hopf_diffusive_euler.json");
}

#[test]
fn hopf_diffusive_with_tract_length_delays_from_files() {
    hopf_from_files("mass/network_hopf_diffusive_delayed.json");
}

#[test]
fn kuramoto_from_files_and_its_order_parameter() {
    let file = "mass/network_kuramoto_N50_K0.05.json";
    let r = reference(file);
    let dir = scratch("kuramoto");
    let p = &r["params"];
    let n = r["n_nodes"].as_u64().unwrap();
    let columns = [
        floats(&p["omega_rad_per_ms"]),
        floats(&r["initial_state"]["theta"]),
    ];
    write_columns(&dir.join("nodes.csv"), &columns);
    let text = format!(
        "network Reference {{
            timestep {dt} ms
            population nodes = Kuramoto[{n}] {{
                method exp_euler
                omega = column(\"nodes.csv\", 0) * 1 /ms
                init theta = column(\"nodes.csv\", 1)
            }}
            projection all: nodes.theta -> nodes.theta_inp = KuramotoSine {{ K = {k}; alpha = {alpha} }} with all_to_all(1/{n}, no_self)
            record nodes.theta every {stride}
        }}",
        dt = f(&r["dt_ms"]),
        k = f(&p["K"]),
        alpha = f(&p["alpha"]),
        stride = r["record_stride"].as_u64().unwrap(),
    );
    let traces = run(interpret(&text, &dir), &r);
    compare(
        file,
        "theta",
        &traces[0],
        &by_column(&r["theta_trajectory"]),
    );
    // R(t) of the simulated phases against brainmass's.
    let ours = order_parameter_series(&traces[0]);
    let theirs = floats(&r["order_parameter_R"]);
    let n = ours.len().min(theirs.len());
    let worst = ours[..n]
        .iter()
        .zip(&theirs[..n])
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    assert!(worst < 1e-9, "R deviates by {worst:e}");
}
