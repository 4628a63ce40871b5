//! The capacity of the Hopfield network (Amit, Gutfreund & Sompolinsky 1985; *Neuronal
//! Dynamics* §17.2.4, Fig. 17.9): for loads α = P/N from 0.02 to 0.3, a network of 1 000
//! units is started in each of several stored patterns and run to its fixed point
//! (asynchronous deterministic updates); the fraction of units that end wrong stays below
//! 1.5 % up to α ≈ 0.138 and jumps above it, where retrieval breaks down. The error of the
//! first synchronous step from the pattern is drawn with its signal-to-noise prediction
//! Φ(−√(1/α)).
//!
//! Run: `cargo run --release --example hopfield_capacity [-- OUTPUT.svg|png]` (default
//! `out/hopfield_capacity.svg`); the table is also printed.

use std::process::ExitCode;

use cajal::prelude::*;
use cajal::runtime::output::run_example;
use cajal::runtime::plot::{Curve, CurvesFigure};

const UNITS: usize = 1000;
const PROBES: usize = 5;
const SWEEPS: f64 = 30.0;

/// Standard normal distribution function (Abramowitz & Stegun 26.2.17, error < 7.5e-8).
fn phi(x: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.231_641_9 * x.abs());
    let poly = t
        * (0.319_381_530
            + t * (-0.356_563_782
                + t * (1.781_477_937 + t * (-1.821_255_978 + t * 1.330_274_429))));
    let tail = (-x * x / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt() * poly;
    if x >= 0.0 { 1.0 - tail } else { tail }
}

/// (error after one synchronous step, error at the asynchronous fixed point), averaged
/// over the probed patterns, at `p` patterns.
fn errors(p: usize) -> Result<(f64, f64), Error> {
    let patterns = Patterns::random(p, UNITS, (-1.0, 1.0), 0.5, p as u64)?;
    let rule = HebbianPatterns::hopfield(UNITS);
    let (mut first, mut last) = (0.0, 0.0);
    for mu in 0..PROBES {
        let wrong = |net: &Network| {
            let s = net.population(PopulationId(0)).map(|m| m.state(0).to_vec());
            s.map(|s| {
                let bad = s.iter().zip(patterns.pattern(mu)).filter(|(a, b)| a != b);
                bad.count() as f64 / UNITS as f64
            })
        };
        for (order, total, duration) in [
            ("synchronous", &mut first, 1.0),
            ("asynchronous", &mut last, SWEEPS),
        ] {
            let mut units = Hopfield::new(UNITS);
            units.set_method(order)?;
            units.state.S.copy_from_slice(patterns.pattern(mu));
            let mut net = Network::new(1.0)?;
            net.set_seed(mu as u64);
            let pop = net.add_population("units", units)?;
            net.couple_patterns(
                "memory",
                (pop, "S"),
                (pop, "h"),
                Additive::default(),
                (&patterns, rule),
            )?;
            net.run(duration)?;
            *total += wrong(&net)? / PROBES as f64;
        }
    }
    Ok((first, last))
}

fn run(output: &str) -> Result<(), Error> {
    let (mut first, mut fixed, mut predicted) = (Vec::new(), Vec::new(), Vec::new());
    println!("alpha\tone step\tpredicted\tfixed point");
    for k in 1..=15 {
        let alpha = 0.02 * k as f64;
        let p = (alpha * UNITS as f64).round() as usize;
        let (one, end) = errors(p)?;
        let theory = phi(-(((UNITS - 1) as f64) / ((p - 1) as f64)).sqrt());
        println!("{alpha:.2}\t{one:.4}\t{theory:.4}\t{end:.4}");
        first.push((alpha, one));
        fixed.push((alpha, end));
        predicted.push((alpha, theory));
    }
    let capacity = vec![(0.138, 0.0), (0.138, 0.5)];
    CurvesFigure {
        title: format!("Hopfield capacity: N = {UNITS}, {PROBES} patterns probed per load"),
        x_label: "load α = P/N".into(),
        y_label: "fraction of wrong units".into(),
        curves: vec![
            Curve {
                label: "at the fixed point (asynchronous)".into(),
                points: fixed,
                markers: true,
            },
            Curve {
                label: "after one synchronous step".into(),
                points: first,
                markers: true,
            },
            Curve {
                label: "Φ(−√((N−1)/(P−1)))".into(),
                points: predicted,
                markers: false,
            },
            Curve {
                label: "α_c ≈ 0.138".into(),
                points: capacity,
                markers: false,
            },
        ],
    }
    .save(output)?;
    println!("wrote {output}");
    Ok(())
}

fn main() -> ExitCode {
    run_example("out/hopfield_capacity.svg", run)
}
