//! Benchmarks of the spiking network runtime, single thread: the seed notebook's Cano-Colino
//! ring (100 RS + 20 FS, four receptors, 10 000 steps of 0.1 ms) and the COBA benchmark
//! network (4000 LIF, 2 % connectivity, 1 s at 0.1 ms; and scaled from 4k to 256k neurons at
//! 80 synapses per neuron), CUBA scaled from 4k to 64k the same way, and Brunel's (2000)
//! network at 10 000 neurons. Networks are built outside the timed region.
//!
//! Run: `cargo bench --bench spiking_network`.

#![allow(missing_docs)] // criterion_group! generates undocumented items

use criterion::{Criterion, criterion_group, criterion_main};

use std::time::{Duration, Instant};

use cajal::models::networks::{
    Brunel, BrunelParams, CanoColinoRing, Coba, CobaParams, Cuba, CubaParams,
};
use cajal::runtime::Network;

fn ring_100_20(c: &mut Criterion) {
    c.bench_function("seed ring 100+20, 10000 steps", |b| {
        b.iter_batched(
            || CanoColinoRing::new().unwrap().network,
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

/// Time of `net.run(1000 ms)` for networks built by `build` (outside the timed region).
fn time_runs(iters: u64, build: impl Fn() -> Network) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        let mut net = build();
        let start = Instant::now();
        net.run(1000.0).expect("the network does not diverge");
        total += start.elapsed();
    }
    total
}

/// COBA built from `params`.
fn coba_network(params: &CobaParams) -> Network {
    Coba::with_params(params).expect("COBA builds").network
}

fn coba(c: &mut Criterion) {
    let mut group = c.benchmark_group("COBA 1 s");
    group.sample_size(10);
    group.bench_function("4000 neurons (reference network)", |b| {
        b.iter_custom(|iters| time_runs(iters, || coba_network(&CobaParams::default())))
    });
    // Scaled at 80 synapses per neuron (Brette et al. 2007): run time against N.
    for n in [4_000usize, 16_000, 64_000, 256_000] {
        group.bench_function(format!("{n} neurons, 80 synapses each"), |b| {
            b.iter_custom(|iters| time_runs(iters, || coba_network(&CobaParams::scaled(n, 80.0))))
        });
    }
    group.finish();
}

fn cuba(c: &mut Criterion) {
    let mut group = c.benchmark_group("CUBA 1 s");
    group.sample_size(10);
    for n in [4_000usize, 16_000, 64_000] {
        // Scaled at 80 synapses per neuron, drawn by skipping, the published weights.
        let params = CubaParams {
            N: n as f64,
            p: 80.0 / n as f64,
            pairwise: 0.0,
            ..CubaParams::default()
        };
        group.bench_function(format!("{n} neurons, 80 synapses each"), |b| {
            b.iter_custom(|iters| {
                time_runs(iters, || {
                    Cuba::with_params(&params).expect("CUBA builds").network
                })
            })
        });
    }
    group.finish();
}

/// Brunel (2000) at 10 000 neurons (8000 + 2000, ε = 0.1, asynchronous irregular state), 1 s.
fn brunel_10k(c: &mut Criterion) {
    let params = BrunelParams {
        N_E: 8000.0,
        N_I: 2000.0,
        C_E: 800.0,
        C_I: 200.0,
        ..BrunelParams::default()
    };
    let mut group = c.benchmark_group("Brunel 1 s");
    group.sample_size(10);
    group.bench_function("10000 neurons, 1000 inputs each (AI state)", |b| {
        b.iter_custom(|iters| {
            time_runs(iters, || {
                Brunel::with_params(&params).expect("Brunel builds").network
            })
        })
    });
    group.finish();
}

criterion_group!(benches, ring_100_20, coba, cuba, brunel_10k);
criterion_main!(benches);
