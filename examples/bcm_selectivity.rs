//! Selectivity emerging under the BCM rule (Bienenstock, Cooper & Munro 1982; *Neuronal
//! Dynamics* §19.2): one linear rate neuron sees three orthogonal input patterns (each on
//! 4 of 12 input units at 10 Hz) in turn, 10 ms each, through the library's [`Bcm`]
//! coupling. From nearly equal weights, the neuron comes to answer one pattern at
//! p·ν_target = 30 Hz and the others at 0, while the sliding threshold θ = ⟨y²⟩/ν_target
//! settles at the preferred response.
//!
//! Run: `cargo run --release --example bcm_selectivity [-- OUTPUT.svg|png]` (default
//! `out/bcm_selectivity.svg`); the responses are also printed every second.

use std::process::ExitCode;

use cajal::prelude::*;
use cajal::runtime::StimulusFn;
use cajal::runtime::output::run_example;
use cajal::runtime::plot::{Curve, CurvesFigure};
use cajal::runtime::rng::{mix64, uniform_open};

const INPUTS: usize = 12;
const PATTERNS: usize = 3;
const RATE_HZ: f64 = 10.0;
const SHOW_MS: f64 = 10.0;
const DURATION_MS: f64 = 8_000.0;
const SAMPLE_MS: f64 = 20.0;

/// Rate of input unit `i` under pattern `p`.
fn pattern(p: usize, i: usize) -> f64 {
    if i / (INPUTS / PATTERNS) == p {
        RATE_HZ
    } else {
        0.0
    }
}

fn run(output: &str) -> Result<(), Error> {
    let rule = Bcm {
        eta: 1e-6,
        nu_target: 10.0,
        tau_theta: 100.0,
    };
    let followers = |n| RateUnit::with_params(n, RateUnitParams { tau: 0.001 });
    let mut net = Network::new(0.1)?;
    let inputs = net.add_population("inputs", followers(INPUTS)?)?;
    let neuron = net.add_population("neuron", followers(1)?)?;
    let shown = |t: f64, i: usize| pattern((t / SHOW_MS + 1e-9) as usize % PATTERNS, i);
    net.drive(inputs, "nu_inp", Stimulus::Function(StimulusFn::new(shown)))?;
    let mut conn = Connections::new(INPUTS, 1);
    for i in 0..INPUTS {
        // Weights near 0.8, a few per cent apart.
        conn.push(i, 0, 0.8 + 0.05 * uniform_open(mix64(42 + i as u64)));
    }
    net.couple("bcm", (inputs, "nu"), (neuron, "nu_inp"), rule, conn)?;

    let mut responses = vec![Vec::new(); PATTERNS];
    let mut theta = Vec::new();
    println!(
        "t (s)\t{}\tθ",
        (0..PATTERNS)
            .map(|p| format!("y{p} (Hz)"))
            .collect::<Vec<_>>()
            .join("\t")
    );
    while net.t_ms() < DURATION_MS - 1e-9 {
        let w = net.rate_weights("bcm")?.weight;
        let t_s = net.t_ms() / 1000.0;
        let y: Vec<f64> = (0..PATTERNS)
            .map(|p| (0..INPUTS).map(|i| w[i] * pattern(p, i)).sum())
            .collect();
        let th = net.rate_rule_state("bcm", "theta")?[0];
        for (p, y) in y.iter().enumerate() {
            responses[p].push((t_s, *y));
        }
        theta.push((t_s, th));
        if (net.t_ms() / 1000.0).fract().abs() < 1e-9 {
            let cells: Vec<String> = y.iter().map(|v| format!("{v:.2}")).collect();
            println!("{t_s:.0}\t{}\t{th:.2}", cells.join("\t"));
        }
        net.run(SAMPLE_MS)?;
    }
    let mut curves: Vec<Curve> = responses
        .into_iter()
        .enumerate()
        .map(|(p, points)| Curve {
            label: format!("response to pattern {}", p + 1),
            points,
            markers: false,
        })
        .collect();
    curves.push(Curve {
        label: "threshold θ".into(),
        points: theta,
        markers: false,
    });
    CurvesFigure {
        title: format!("BCM: selectivity among {PATTERNS} patterns (ν_target = 10 Hz)"),
        x_label: "time (s)".into(),
        y_label: "rate (Hz)".into(),
        curves,
    }
    .save(output)?;
    println!("wrote {output}");
    Ok(())
}

fn main() -> ExitCode {
    run_example("out/bcm_selectivity.svg", run)
}
