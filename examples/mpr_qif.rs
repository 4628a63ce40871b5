//! The Montbrió–Pazó–Roxin mean field against the network it describes (Montbrió, Pazó &
//! Roxin 2015, Fig. 2 in spirit): 10 000 [`QifCanonical`] neurons with Lorentzian
//! excitabilities (η̄ = −2, Δ = 1), coupled all to all (J = 5; 10⁸ synapses stored as one
//! weight), τ = 10 ms, receive a step of
//! input I = 3 from 100 ms to 300 ms; the network's population rate (1 ms bins) is drawn
//! with the rate r(t) of the [`MontbrioPazoRoxin`] mass under the same input.
//!
//! Run: `cargo run --release --example mpr_qif [-- OUTPUT.svg|png]` (default
//! `out/mpr_qif.svg`).

use std::process::ExitCode;

use cajal::models::{CanonicalKick, MontbrioPazoRoxin, QifCanonical};
use cajal::prelude::*;
use cajal::runtime::output::run_example;
use cajal::runtime::plot::{Curve, CurvesFigure};

const N: usize = 10_000;
const TAU_MS: f64 = 10.0;
const DT: f64 = 0.01;
const DURATION_MS: f64 = 400.0;
const ETA: f64 = -2.0;
const DELTA: f64 = 1.0;
const J: f64 = 5.0;

/// The input step (dimensionless).
fn input() -> Stimulus {
    Stimulus::Piecewise(vec![(0.0, 0.0), (100.0, 3.0), (300.0, 0.0)])
}

/// The network's population rate (Hz) in 1 ms bins, at the bins' centres.
fn network() -> Result<Vec<(f64, f64)>, Error> {
    let mut qif = QifCanonical::new(N);
    qif.params.tau = TAU_MS;
    let half_pi = std::f64::consts::FRAC_PI_2;
    let etas: Vec<f64> = (1..=N)
        .map(|j| ETA + DELTA * (half_pi * (2 * j) as f64 / (N + 1) as f64 - half_pi).tan())
        .collect();
    let k = qif.info().param_index("eta")?;
    qif.set_param_per_instance(k, etas)?;
    let mut net = Network::new(DT)?;
    let p = net.add_population("qif", qif)?;
    net.drive(p, "I", input())?;
    net.connect_all_to_all(
        "recurrent",
        p,
        p,
        CanonicalKick::default(),
        (J / N as f64, true, 0.0),
    )?;
    net.record_spikes(p)?;
    net.run(DURATION_MS)?;
    let steps_per_bin = (1.0 / DT).round() as u64;
    let mut counts = vec![0usize; DURATION_MS as usize];
    for &s in &net.spikes(p)?.steps {
        counts[(s / steps_per_bin) as usize] += 1;
    }
    Ok(counts
        .iter()
        .enumerate()
        .map(|(b, &c)| (b as f64 + 0.5, c as f64 / N as f64 / 1e-3))
        .collect())
}

/// The mean field's rate (Hz) every 0.1 ms.
fn mean_field() -> Result<Vec<(f64, f64)>, Error> {
    let mut mpr = MontbrioPazoRoxin::new(1);
    mpr.params.tau = TAU_MS;
    mpr.params.eta = ETA;
    mpr.params.delta = DELTA / (TAU_MS * 1e-3);
    mpr.params.J = J;
    mpr.set_method("rk4")?;
    let mut sim = Simulation::new(mpr, DT)?;
    sim.drive("v_inp", input())?;
    sim.record(&["r"])?.every(10)?;
    let rec = sim.run(DURATION_MS)?;
    Ok(rec
        .sample_times_ms()
        .into_iter()
        .zip(rec.values[0][0].iter().copied())
        .collect())
}

fn run(output: &str) -> Result<(), Error> {
    let (net, mf) = (network()?, mean_field()?);
    let mean = |points: &[(f64, f64)], from: f64, to: f64| {
        let inside: Vec<f64> = points
            .iter()
            .filter(|p| p.0 >= from && p.0 < to)
            .map(|p| p.1)
            .collect();
        inside.iter().sum::<f64>() / inside.len() as f64
    };
    for (what, from, to) in [("before the step", 50.0, 100.0), ("during", 200.0, 300.0)] {
        println!(
            "{what}: network {:.2} Hz, mean field {:.2} Hz",
            mean(&net, from, to),
            mean(&mf, from, to)
        );
    }
    CurvesFigure {
        title: format!("{N} QIF neurons against the Montbrió–Pazó–Roxin mean field"),
        x_label: "time (ms)".into(),
        y_label: "population rate (Hz)".into(),
        curves: vec![
            Curve {
                label: format!("network ({N} neurons, 1 ms bins)"),
                points: net,
                markers: false,
            },
            Curve {
                label: "mean field r(t)".into(),
                points: mf,
                markers: false,
            },
        ],
    }
    .save(output)?;
    println!("wrote {output}");
    Ok(())
}

fn main() -> ExitCode {
    run_example("out/mpr_qif.svg", run)
}
