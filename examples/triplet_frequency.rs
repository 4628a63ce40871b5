//! The frequency dependence of STDP that the pair rule misses (Sjöström, Turrigiano &
//! Nelson 2001) and the triplet rule reproduces (Pfister & Gerstner 2006, Fig. 3): the
//! weight change of one synapse after 60 pairings repeated at ρ = 0.1 … 50 Hz, with
//! Δt = t_post − t_pre = +10 ms (pre first) and −10 ms (post first), for the visual-cortex
//! fits of [`TripletStdp`] (all-to-all; minimal and full).
//!
//! Run: `cargo run --release --example triplet_frequency [-- OUTPUT.svg|png]` (default
//! `out/triplet_frequency.svg`); the values are also printed as a table.

use std::process::ExitCode;

use cajal::models::{Relay, TripletStdp};
use cajal::prelude::*;
use cajal::runtime::output::run_example;
use cajal::runtime::plot::{Curve, CurvesFigure};

const DT: f64 = 0.1;
const PAIRINGS: usize = 60;
const W0: f64 = 1.0;
const FREQUENCIES_HZ: [f64; 7] = [0.1, 5.0, 10.0, 20.0, 30.0, 40.0, 50.0];

/// Relative weight change (%) after the pairings at `rate_hz` with interval `delta_ms`.
fn weight_change(synapse: TripletStdp, rate_hz: f64, delta_ms: f64) -> Result<f64, Error> {
    let period = 1000.0 / rate_hz;
    let mut net = Network::new(DT)?;
    let post = net.add_population("post", Relay::new(1))?;
    let start = 50.0;
    let pre_times: Vec<(f64, usize)> = (0..PAIRINGS)
        .map(|k| (start + k as f64 * period, 0))
        .collect();
    let mut kicks = vec![(0.0, 0.0)];
    for &(t, _) in &pre_times {
        kicks.push((t + delta_ms, 1.0));
        kicks.push((t + delta_ms + DT, 0.0));
    }
    net.drive(post, "kick", Stimulus::Piecewise(kicks))?;
    let pre = net.add_spike_generator("pre", 1, &pre_times)?;
    let c = Connections::all_to_all(1, 1, W0, true);
    net.connect("syn", pre, post, synapse, c)?;
    net.run(start + PAIRINGS as f64 * period + 100.0)?;
    Ok(100.0 * (net.synapses("syn")?[0].2 - W0) / W0)
}

fn run(output: &str) -> Result<(), Error> {
    let fits = [
        ("minimal", TripletStdp::visual_minimal()),
        ("full", TripletStdp::default()),
    ];
    let mut curves = Vec::new();
    println!(
        "fit\tΔt (ms)\t{}",
        FREQUENCIES_HZ.map(|f| format!("{f} Hz")).join("\t")
    );
    for (name, fit) in &fits {
        for delta in [10.0, -10.0] {
            let mut points = Vec::new();
            for rate in FREQUENCIES_HZ {
                points.push((rate, weight_change(fit.clone(), rate, delta)?));
            }
            let cells: Vec<String> = points.iter().map(|p| format!("{:+.1}", p.1)).collect();
            println!("{name}\t{delta:+}\t{}", cells.join("\t"));
            curves.push(Curve {
                label: format!("{name} fit, Δt = {delta:+} ms"),
                points,
                markers: true,
            });
        }
    }
    CurvesFigure {
        title: format!("Triplet STDP: {PAIRINGS} pairings against pairing frequency"),
        x_label: "pairing frequency ρ (Hz)".into(),
        y_label: "weight change (%)".into(),
        curves,
    }
    .save(output)?;
    println!("wrote {output}");
    Ok(())
}

fn main() -> ExitCode {
    run_example("out/triplet_frequency.svg", run)
}
