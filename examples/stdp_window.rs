//! The STDP window (Bi & Poo 1998): the weight change of one synapse after 60 pre/post
//! pairings at 1 Hz against the pairing interval Δt = t_post − t_pre, for the library's
//! pair rule [`Stdp`] in its additive (Song, Miller & Abbott 2000) and multiplicative
//! (Gütig et al. 2003, μ = 1) forms, starting from half the maximal weight.
//!
//! Run: `cargo run --release --example stdp_window [-- OUTPUT.svg|png]` (default
//! `out/stdp_window.svg`); the curve is also printed as a table.

use std::process::ExitCode;

use cajal::models::{Relay, Stdp};
use cajal::prelude::*;
use cajal::runtime::output::run_example;
use cajal::runtime::plot::{Curve, CurvesFigure};

const DT: f64 = 0.1;
const PAIRINGS: usize = 60;
const PERIOD_MS: f64 = 1000.0;
const W0: f64 = 0.5;

/// Relative weight change (%) after the pairings at interval `delta_ms`.
fn weight_change(synapse: Stdp, delta_ms: f64) -> Result<f64, Error> {
    let mut net = Network::new(DT)?;
    let post = net.add_population("post", Relay::new(1))?;
    let first_pre = 200.0;
    let pre_times: Vec<(f64, usize)> = (0..PAIRINGS)
        .map(|k| (first_pre + k as f64 * PERIOD_MS, 0))
        .collect();
    let mut kicks = vec![(0.0, 0.0)];
    for &(t, _) in &pre_times {
        kicks.push((t + delta_ms, 1.0));
        kicks.push((t + delta_ms + DT, 0.0));
    }
    net.drive(post, "kick", Stimulus::Piecewise(kicks))?;
    let pre = net.add_spike_generator("pre", 1, &pre_times)?;
    net.connect(
        "syn",
        pre,
        post,
        synapse,
        Connections::all_to_all(1, 1, W0, true),
    )?;
    net.run(first_pre + PAIRINGS as f64 * PERIOD_MS)?;
    Ok(100.0 * (net.synapses("syn")?[0].2 - W0) / W0)
}

fn run(output: &str) -> Result<(), Error> {
    let deltas: Vec<f64> = (-20..=20)
        .filter(|&k| k != 0)
        .map(|k| f64::from(k) * 5.0)
        .collect();
    let rules = [
        ("additive", Stdp::default()),
        ("multiplicative (μ = 1)", Stdp::multiplicative()),
    ];
    let mut curves = Vec::new();
    let labels: Vec<&str> = rules.iter().map(|r| r.0).collect();
    println!("Δt (ms)\t{}", labels.join("\t"));
    let mut rows = vec![Vec::new(); deltas.len()];
    for (label, rule) in &rules {
        let mut points = Vec::new();
        for (k, &d) in deltas.iter().enumerate() {
            let change = weight_change(rule.clone(), d)?;
            rows[k].push(change);
            if d > 0.0 && points.last().is_some_and(|p: &(f64, f64)| p.0 < 0.0) {
                // The window jumps at Δt = 0: no line across it.
                points.push((0.0, f64::NAN));
            }
            points.push((d, change));
        }
        curves.push(Curve {
            label: label.to_string(),
            points,
            markers: true,
        });
    }
    for (d, row) in deltas.iter().zip(&rows) {
        let cells: Vec<String> = row.iter().map(|x| format!("{x:+.2}")).collect();
        println!("{d:+.0}\t{}", cells.join("\t"));
    }
    CurvesFigure {
        title: format!("STDP window: {PAIRINGS} pairings at 1 Hz, w₀ = wmax/2"),
        x_label: "t_post − t_pre (ms)".into(),
        y_label: "weight change (%)".into(),
        curves,
    }
    .save(output)?;
    println!("wrote {output}");
    Ok(())
}

fn main() -> ExitCode {
    run_example("out/stdp_window.svg", run)
}
