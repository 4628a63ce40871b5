//! Benchmarks of the spiking network runtime: the seed notebook's Cano-Colino ring
//! (100 RS + 20 FS, four receptors, 10 000 steps of 0.1 ms), single thread.
//!
//! Run: `cargo bench --bench spiking_network`.

#![allow(missing_docs)] // criterion_group! generates undocumented items

use criterion::{Criterion, criterion_group, criterion_main};

use cajal::models::networks::seed_network;

fn ring_100_20(c: &mut Criterion) {
    let mut currents = vec![0.0; 120];
    currents[0] = 500.0;
    currents[1] = 400.0;
    c.bench_function("seed ring 100+20, 10000 steps", |b| {
        b.iter_batched(
            || seed_network(100, 20, &currents, None).unwrap().0,
            |mut net| {
                for _ in 0..10_000 {
                    net.step().expect("the ring does not diverge");
                }
                net
            },
            criterion::BatchSize::LargeInput,
        )
    });
}

criterion_group!(benches, ring_100_20);
criterion_main!(benches);
