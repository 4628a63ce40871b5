//! Benchmarks of Hopfield networks, single thread: 4096 binary units with Hebbian weights
//! kept as the patterns (`Network::couple_patterns`), one synchronous step at loads
//! P = 64 and P = 410 (α = 0.1), and one asynchronous step (4096 turns, each reading its
//! input from the running pattern sums) at P = 410. The target of issue 18 is ≥ 500
//! synchronous steps per second (≤ 2 ms per step).
//!
//! Run: `cargo bench --bench hopfield`.

#![allow(missing_docs)] // criterion_group! generates undocumented items

use criterion::{Criterion, criterion_group, criterion_main};

use cajal::prelude::*;

const UNITS: usize = 4096;

/// The network started from a cue of pattern 0 with a third of its units flipped, so that
/// units keep changing for a few steps; `reset` puts the cue back.
fn memory(patterns: usize, order: &str) -> (Network, Vec<f64>) {
    let stored = Patterns::random(patterns, UNITS, (-1.0, 1.0), 0.5, 3).unwrap();
    let cue = stored.cue(0, 0.33, 1, |x| -x).unwrap();
    let mut units = Hopfield::new(UNITS);
    units.set_method(order).unwrap();
    units.state.S.copy_from_slice(&cue);
    let mut net = Network::new(1.0).unwrap();
    let pop = net.add_population("units", units).unwrap();
    let rule = HebbianPatterns::hopfield(UNITS);
    net.couple_patterns(
        "memory",
        (pop, "S"),
        (pop, "h"),
        Additive::default(),
        (&stored, rule),
    )
    .unwrap();
    (net, cue)
}

fn hopfield(c: &mut Criterion) {
    for (patterns, order) in [
        (64, "synchronous"),
        (410, "synchronous"),
        (410, "asynchronous"),
    ] {
        let (mut net, cue) = memory(patterns, order);
        c.bench_function(&format!("hopfield_4096_p{patterns}_{order}_step"), |b| {
            b.iter(|| {
                net.step().unwrap();
                if net.steps() % 4 == 0 {
                    let units = net.population_mut(PopulationId(0)).unwrap();
                    units.state_mut(0).copy_from_slice(&cue);
                }
            })
        });
    }
}

criterion_group!(benches, hopfield);
criterion_main!(benches);
