//! Retrieval from a corrupted cue in a Hopfield network (Hopfield 1982; *Neuronal Dynamics*
//! §17.2, Fig. 17.8): 2 000 binary units store 100 random ±1 patterns (load α = 0.05)
//! with Hopfield's rule w_ij = (1/N) Σ_μ ξ_i^μ ξ_j^μ, kept as the patterns. Started from
//! pattern 1 with 35 % of its units flipped (overlap 0.3), the asynchronous dynamics, one
//! unit at a time in a random order, return to the pattern: its overlap m¹ rises to 1 while
//! the overlaps with the other patterns stay near 0, and the energy falls at every step.
//!
//! Run: `cargo run --release --example hopfield_retrieval [-- OUTPUT.svg|png]` (default
//! `out/hopfield_retrieval.svg`); overlaps and energy are also printed.

use std::process::ExitCode;

use cajal::prelude::*;
use cajal::runtime::output::run_example;
use cajal::runtime::plot::{Curve, CurvesFigure};

const UNITS: usize = 2000;
const PATTERNS: usize = 100;
const FLIPPED: f64 = 0.35;
const STEPS: usize = 8;
/// Overlaps drawn besides the cued pattern's.
const OTHERS: usize = 4;

fn run(output: &str) -> Result<(), Error> {
    let patterns = Patterns::random(PATTERNS, UNITS, (-1.0, 1.0), 0.5, 2014)?;
    let cue = patterns.cue(0, FLIPPED, 1, |x| -x)?;
    let mut units = Hopfield::new(UNITS);
    units.set_method("asynchronous")?;
    units.state.S.copy_from_slice(&cue);
    let mut net = Network::new(1.0)?;
    net.set_seed(7);
    let pop = net.add_population("units", units)?;
    let rule = HebbianPatterns::hopfield(UNITS);
    net.couple_patterns(
        "memory",
        (pop, "S"),
        (pop, "h"),
        Additive::default(),
        (&patterns, rule),
    )?;

    let mut overlaps = vec![Vec::new(); 1 + OTHERS];
    println!("step\tm1\tmax |m_other|\tenergy");
    for step in 0..=STEPS {
        let m = net.pattern_overlaps("memory")?;
        let energy = net.pattern_energy("memory")?;
        for (k, curve) in overlaps.iter_mut().enumerate() {
            curve.push((step as f64, m[k]));
        }
        let others = m[1..].iter().fold(0.0f64, |a, x| a.max(x.abs()));
        println!("{step}\t{:.3}\t{others:.3}\t{energy:.1}", m[0]);
        if step < STEPS {
            net.step()?;
        }
    }
    let curves = overlaps
        .into_iter()
        .enumerate()
        .map(|(k, points)| Curve {
            label: if k == 0 {
                "m¹ (the cued pattern)".into()
            } else {
                format!("m{} (another pattern)", k + 1)
            },
            points,
            markers: true,
        })
        .collect();
    CurvesFigure {
        title: format!(
            "Hopfield retrieval: N = {UNITS}, P = {PATTERNS}, cue with {:.0} % flipped",
            FLIPPED * 100.0
        ),
        x_label: "step (asynchronous sweeps)".into(),
        y_label: "overlap m".into(),
        curves,
    }
    .save(output)?;
    println!("wrote {output}");
    Ok(())
}

fn main() -> ExitCode {
    run_example("out/hopfield_retrieval.svg", run)
}
