//! Benchmarks: one step of a mass network (Hopf or Wilson–Cowan nodes, dense diffusive /
//! additive coupling, no delays, dt = 0.1 ms, f64, single thread) at 90 and 1000 nodes; with
//! conduction delays on the shipped 80-node connectome and on 100 nodes with up to 3000
//! steps of history. At 1000 nodes also with the weights in single precision
//! (`…_f32_…`, [`Precision::F32`]) and with the product on two threads.
//!
//! Also a batch of 64 parameter sets of an 80-node network against running them one by one,
//! a batch of 16 members of a 1000-node network against one member alone,
//! 16 members of a sweep on the shipped connectome with delays stepped together
//! ([`NetworkBatch`], as `cajal simulate --sweep` runs them) against one by one, and two
//! floors (`bounds/…`): the time to read a 1000-node weight matrix once, and the node
//! updates of the batch without coupling.
//!
//! Run: `cargo bench --bench mass_network`.

#![allow(missing_docs)] // criterion_group! generates undocumented items

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;

use cajal::prelude::*;
use cajal::runtime::network::NetworkBatch;
use cajal::runtime::rng::{mix64, uniform_open};
use cajal::runtime::{Connectome, ConnectomeRule, DelayRounding};

/// A dense random weight matrix with zero diagonal, rows normalised to sum 1.
fn weights(n: usize) -> Connectivity {
    let rows: Vec<Vec<f64>> = (0..n)
        .map(|i| {
            let row: Vec<f64> = (0..n)
                .map(|j| {
                    if i == j {
                        0.0
                    } else {
                        uniform_open(mix64((i * n + j) as u64))
                    }
                })
                .collect();
            let sum: f64 = row.iter().sum();
            row.into_iter().map(|w| w / sum).collect()
        })
        .collect();
    Connectivity::from_rows(&rows).expect("finite weights")
}

fn bench_network<M: Model>(c: &mut Criterion, name: &str, n: usize, mut net: M) {
    let mut spikes = Vec::new();
    let mut t = 0.0;
    c.bench_with_input(BenchmarkId::new(name, n), &n, |b, _| {
        b.iter(|| {
            net.step(black_box(t), 0.1, &mut spikes);
            t += 0.1;
        })
    });
}

fn networks(c: &mut Criterion) {
    for n in [90, 1000] {
        let mut hopf = Hopf::new(n);
        hopf.state
            .x
            .iter_mut()
            .enumerate()
            .for_each(|(i, x)| *x = 0.1 * (i as f64).sin());
        let net = MassNetwork::new(hopf, Diffusive { k: 0.2 }, weights(n), "x", "x_inp")
            .expect("sizes match");
        bench_network(c, "hopf_diffusive_step", n, net);
        let wc = || WilsonCowan::new(n);
        let net = MassNetwork::new(wc(), Additive { k: 0.5, b: 0.0 }, weights(n), "rE", "I_E")
            .expect("sizes match");
        bench_network(c, "wilson_cowan_additive_step", n, net);
        if n < 1000 {
            continue;
        }
        // The weight product shared out over two threads that live as long as the network.
        let mut hopf = Hopf::new(n);
        hopf.state.x.fill(0.1);
        let mut net = MassNetwork::new(hopf, Diffusive { k: 0.2 }, weights(n), "x", "x_inp")
            .expect("sizes match");
        net.set_threads(2);
        bench_network(c, "hopf_diffusive_step_2_threads", n, net);
        let mut net = MassNetwork::new(wc(), Additive { k: 0.5, b: 0.0 }, weights(n), "rE", "I_E")
            .expect("sizes match");
        net.set_threads(2);
        bench_network(c, "wilson_cowan_additive_step_2_threads", n, net);
        // The weights stored and multiplied in single precision, on one and two threads.
        for threads in [1, 2] {
            let mut hopf = Hopf::new(n);
            hopf.state.x.fill(0.1);
            let mut net = MassNetwork::new(hopf, Diffusive { k: 0.2 }, weights(n), "x", "x_inp")
                .expect("sizes match");
            net.set_precision(Precision::F32);
            net.set_threads(threads);
            bench_network(
                c,
                &format!("hopf_diffusive_step_f32_{threads}_threads"),
                n,
                net,
            );
            let mut net =
                MassNetwork::new(wc(), Additive { k: 0.5, b: 0.0 }, weights(n), "rE", "I_E")
                    .expect("sizes match");
            net.set_precision(Precision::F32);
            net.set_threads(threads);
            bench_network(
                c,
                &format!("wilson_cowan_additive_step_f32_{threads}_threads"),
                n,
                net,
            );
        }
    }
}

/// Delayed coupling (issue: delayed whole-brain coupling at speed): Hopf nodes on the shipped
/// 80-node connectome with 10 m/s conduction delays at dt = 0.1 ms (rounded up), and 100
/// nodes with TVB's benchmark geometry (random 10–150 mm tracts at 10 m/s, dt = 0.005 ms:
/// up to 3000 steps of history); one step each.
fn delayed(c: &mut Criterion) {
    let hcp80 = Connectome::shipped("hcp80")
        .expect("shipped")
        .expect("readable");
    let lengths = hcp80.lengths_mm.as_ref().expect("hcp80 has tract lengths");
    let conn = Connectivity::from_rows(&hcp80.weights)
        .and_then(|c| c.with_delays_from_lengths(lengths, 10.0, 0.1, DelayRounding::Up))
        .expect("finite");
    let mut hopf = Hopf::new(80);
    hopf.state.x.fill(0.1);
    let net = MassNetwork::new(hopf, Diffusive { k: 0.2 }, conn, "x", "x_inp").expect("sizes");
    bench_network(c, "hopf_delayed_step/hcp80_dt_0.1ms", 80, net);
    let n = 100;
    let tract = |i: usize, j: usize| {
        let (a, b) = (i.min(j), i.max(j));
        10.0 + 140.0 * uniform_open(mix64((a * n + b) as u64 ^ 0x7ac7))
    };
    let lengths: Vec<Vec<f64>> = (0..n)
        .map(|i| {
            (0..n)
                .map(|j| if i == j { 0.0 } else { tract(i, j) })
                .collect()
        })
        .collect();
    let conn = weights(n)
        .with_delays_from_lengths(&lengths, 10.0, 0.005, DelayRounding::Nearest)
        .expect("finite");
    let mut hopf = Hopf::new(n);
    hopf.state.x.fill(0.1);
    let mut net = MassNetwork::new(hopf, Diffusive { k: 0.2 }, conn, "x", "x_inp").expect("sizes");
    let mut spikes = Vec::new();
    c.bench_function("hopf_delayed_step/100_nodes_dt_0.005ms", |b| {
        b.iter(|| net.step(0.0, 0.005, &mut spikes))
    });
}

/// 64 parameter sets of an 80-node Hopf network: one batched network against 64 separate
/// ones (per step of all 64).
fn batches(c: &mut Criterion) {
    let (n, sets) = (80, 64);
    let a_of = |b: usize| -0.05 + 0.1 * b as f64 / sets as f64;
    let mut separate: Vec<_> = (0..sets)
        .map(|b| {
            let mut hopf = Hopf::with_params(
                n,
                HopfParams {
                    a: a_of(b),
                    ..HopfParams::default()
                },
            )
            .expect("finite");
            hopf.state
                .x
                .iter_mut()
                .enumerate()
                .for_each(|(i, x)| *x = 0.1 * (i as f64).sin());
            MassNetwork::new(hopf, Diffusive { k: 0.2 }, weights(n), "x", "x_inp")
                .expect("sizes match")
        })
        .collect();
    let mut spikes = Vec::new();
    c.bench_function("hopf_80_nodes_64_sets/one_by_one", |b| {
        b.iter(|| {
            for net in &mut separate {
                net.step(0.0, 0.1, &mut spikes);
            }
        })
    });
    let mut hopf = Hopf::new(n * sets);
    let a: Vec<f64> = (0..sets).flat_map(|b| vec![a_of(b); n]).collect();
    hopf.set_param_per_instance(0, a).expect("right length");
    hopf.state
        .x
        .iter_mut()
        .enumerate()
        .for_each(|(i, x)| *x = 0.1 * ((i % n) as f64).sin());
    let couplings = (0..sets).map(|_| Diffusive { k: 0.2 }).collect();
    let mut batch =
        MassNetwork::batched(hopf, couplings, weights(n), "x", "x_inp").expect("sizes match");
    c.bench_function("hopf_80_nodes_64_sets/batched", |b| {
        b.iter(|| batch.step(0.0, 0.1, &mut spikes))
    });
    large_batch(c);
}

/// 16 members of a 1000-node Hopf network (a sweep of the bifurcation parameter), where one
/// member is bound by reading its 8 MB weight matrix: one batched network, which reads each
/// block of the weights once for all members, against one network stepped alone (per step of
/// one member; the target is batched ÷ 16 ≤ 0.25 × alone).
fn large_batch(c: &mut Criterion) {
    let (n, members) = (1000, 16);
    let a_of = |b: usize| -0.05 + 0.1 * b as f64 / members as f64;
    let start = |x: &mut [f64]| {
        x.iter_mut()
            .enumerate()
            .for_each(|(i, x)| *x = 0.1 * ((i % n) as f64).sin())
    };
    let mut spikes = Vec::new();
    let mut hopf = Hopf::new(n);
    start(&mut hopf.state.x);
    let mut alone =
        MassNetwork::new(hopf, Diffusive { k: 0.2 }, weights(n), "x", "x_inp").expect("sizes");
    c.bench_function("hopf_1000_nodes_16_members/one_member_alone", |b| {
        b.iter(|| alone.step(0.0, 0.1, &mut spikes))
    });
    let mut hopf = Hopf::new(n * members);
    let a: Vec<f64> = (0..members).flat_map(|b| vec![a_of(b); n]).collect();
    hopf.set_param_per_instance(0, a).expect("right length");
    start(&mut hopf.state.x);
    let couplings = (0..members).map(|_| Diffusive { k: 0.2 }).collect();
    let mut batch =
        MassNetwork::batched(hopf, couplings, weights(n), "x", "x_inp").expect("sizes match");
    c.bench_function("hopf_1000_nodes_16_members/batched", |b| {
        b.iter(|| batch.step(0.0, 0.1, &mut spikes))
    });
    batch.set_threads(2);
    c.bench_function("hopf_1000_nodes_16_members/batched_2_threads", |b| {
        b.iter(|| batch.step(0.0, 0.1, &mut spikes))
    });
    alone.set_precision(Precision::F32);
    c.bench_function("hopf_1000_nodes_16_members/one_member_alone_f32", |b| {
        b.iter(|| alone.step(0.0, 0.1, &mut spikes))
    });
    batch.set_precision(Precision::F32);
    for threads in [1, 2] {
        batch.set_threads(threads);
        c.bench_function(
            &format!("hopf_1000_nodes_16_members/batched_f32_{threads}_threads"),
            |b| b.iter(|| batch.step(0.0, 0.1, &mut spikes)),
        );
    }
}

/// 16 members of a sweep of the global coupling on the shipped 80-node connectome with
/// 10 m/s conduction delays (Wilson–Cowan nodes, additive coupling, as the whole-brain
/// example file): the members stepped together by [`NetworkBatch`], which reads the
/// delayed weights once for all, against the same 16 networks stepped one by one (per step
/// of all 16).
fn network_sweeps(c: &mut Criterion) {
    let members = 16;
    let rule = ConnectomeRule {
        source: "hcp80".into(),
        lengths: None,
        speed_mm_per_ms: Some(10.0),
        rounding: DelayRounding::Up,
        laplacian: None,
    };
    let member = |b: usize| {
        let conn = rule
            .connections(std::path::Path::new("."), (80, 80), false)
            .expect("the shipped connectome");
        let mut net = Network::new(0.1).expect("a step length");
        let nodes = net
            .add_population("nodes", WilsonCowan::new(80))
            .expect("a population");
        let k = 7.0 * b as f64 / members as f64;
        let coupling = Additive { k, b: 0.0 };
        net.couple_with(
            "sc",
            (nodes, "rE"),
            (nodes, "I_E"),
            coupling,
            conn,
            rule.rounding,
        )
        .expect("sizes match");
        net
    };
    let mut separate: Vec<Network> = (0..members).map(member).collect();
    c.bench_function("hcp80_delayed_16_members/one_by_one", |b| {
        b.iter(|| {
            for net in &mut separate {
                net.step().expect("finite");
            }
        })
    });
    let mut batch = NetworkBatch::new((0..members).map(member).collect()).expect("in step");
    assert_eq!(batch.shared_projections(), ["sc"]);
    c.bench_function("hcp80_delayed_16_members/batched", |b| {
        b.iter(|| batch.step().expect("finite"))
    });
}

/// Floors that no implementation of these steps can beat on the machine at hand: reading a
/// dense 1000 × 1000 f64 weight matrix once (8 MB, eight independent sums, so only memory
/// bandwidth limits it), which a coupled step at 1000 nodes must do; and the node updates
/// alone of the 64 × 80 batch (Hopf, no coupling), which batching cannot share.
fn bounds(c: &mut Criterion) {
    let n = 1000;
    let w: Vec<f64> = (0..n * n).map(|k| uniform_open(mix64(k as u64))).collect();
    c.bench_function("bounds/read_dense_weights/1000", |b| {
        b.iter(|| {
            let mut sums = [0.0f64; 8];
            for chunk in black_box(&w).chunks_exact(8) {
                for (s, x) in sums.iter_mut().zip(chunk) {
                    *s += x;
                }
            }
            black_box(sums)
        })
    });
    let mut hopf = Hopf::new(64 * 80);
    hopf.state
        .x
        .iter_mut()
        .enumerate()
        .for_each(|(i, x)| *x = 0.1 * ((i % 80) as f64).sin());
    let mut spikes = Vec::new();
    c.bench_function("bounds/hopf_node_updates/5120", |b| {
        b.iter(|| hopf.step(0.0, 0.1, &mut spikes))
    });
}

criterion_group!(benches, networks, delayed, batches, network_sweeps, bounds);
criterion_main!(benches);
