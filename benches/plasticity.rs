//! Benchmarks of plastic networks, single thread: the COBA benchmark network (4000 LIF, 2 %
//! connectivity, 1 s at 0.1 ms) with every E→E and E→I synapse plastic (pair STDP, additive,
//! all-to-all, [`Stdp`](cajal::models::Stdp)) against the same network with static synapses.
//! Both transmit through exponential conductances (static: forward Euler; plastic: exact); the plastic
//! weights start at the static network's 6 nS and are bounded by 12 nS. Networks are built
//! outside the timed region.
//!
//! Run: `cargo bench --bench plasticity`.

#![allow(missing_docs)] // criterion_group! and the network item generate undocumented items

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};

use cajal::models::networks::{Coba, CobaParams};
use cajal::prelude::*;

cajal::neural_model! {
    /// COBA (see `cajal::models::networks::Coba`) with pair-STDP on the excitatory synapses:
    /// A_plus = 0.005·wmax, A_minus = 1.05·A_plus (Song, Miller & Abbott 2000), wmax = 12 nS.
    pub network PlasticCoba {
        parameters {
            N = 4000,
            p = 0.02,
            w_e = 6 nS,
            w_i = 67 nS,
            conn_seed = 20070001,
        }
        timestep 0.1 ms
        seed 20070002
        population E = cajal::models::Lif[N*4/5] {
            tau = 20 ms, R = 100 Mohm, v_rest = -60 mV, v_th = -50 mV, v_reset = -60 mV, t_ref = 5 ms
            method euler
            init v = -60 mV + 5 mV*randn(0) - 5 mV
        }
        population I = cajal::models::Lif[N - N*4/5] {
            tau = 20 ms, R = 100 Mohm, v_rest = -60 mV, v_th = -50 mV, v_reset = -60 mV, t_ref = 5 ms
            method euler
            init v = -60 mV + 5 mV*randn(0) - 5 mV
        }
        projection EE: E -> E = cajal::models::Stdp {
            wmax = 12 nS, A_plus = 0.06 nS, A_minus = 0.063 nS
            init g = 10 nS*(1.5*randn(1) + 4)
        } with bernoulli(p, w_e, seed = conn_seed, pairwise = 1)
        projection EI: E -> I = cajal::models::Stdp {
            wmax = 12 nS, A_plus = 0.06 nS, A_minus = 0.063 nS
            init g = 10 nS*(1.5*randn(1) + 4)
        } with bernoulli(p, w_e, seed = conn_seed, pairwise = 1)
        projection IE: I -> E = cajal::models::ExpConductance { tau = 10 ms, E = -80 mV; schedule brian2; init g = 10 nS*(12*randn(2) + 20) }
            with bernoulli(p, w_i, seed = conn_seed, pairwise = 1)
        projection II: I -> I = cajal::models::ExpConductance { tau = 10 ms, E = -80 mV; schedule brian2; init g = 10 nS*(12*randn(2) + 20) }
            with bernoulli(p, w_i, seed = conn_seed, pairwise = 1)
    }
}

/// Time of `run(1000 ms)` summed over `iters` networks built by `build` outside the timing.
fn time_runs(iters: u64, build: impl Fn() -> Network) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        let mut net = build();
        let start = Instant::now();
        net.run(1000.0).expect("COBA does not diverge");
        total += start.elapsed();
    }
    total
}

fn coba_plastic(c: &mut Criterion) {
    let mut group = c.benchmark_group("COBA 4000, 1 s");
    group.sample_size(10);
    group.bench_function("static synapses", |b| {
        b.iter_custom(|iters| {
            time_runs(iters, || {
                Coba::with_params(&CobaParams::default())
                    .expect("COBA builds")
                    .network
            })
        })
    });
    group.bench_function("E→E and E→I pair STDP", |b| {
        b.iter_custom(|iters| time_runs(iters, || PlasticCoba::new().expect("builds").network))
    });
    group.finish();
}

criterion_group!(benches, coba_plastic);
criterion_main!(benches);
