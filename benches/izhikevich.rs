//! Benchmarks: the generated Izhikevich stepper against a hand-written loop (n = 100 000,
//! f64, single thread), and parse + check + codegen of the Izhikevich model in-process.
//!
//! Run: `cargo bench --bench izhikevich`.

#![allow(missing_docs)] // criterion_group! generates undocumented items

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

use cajal::prelude::*;

const N: usize = 100_000;
const DT: f64 = 0.1;

/// The seed notebook's loop written by hand, for comparison: the RS parameters, shared by
/// all neurons and set at run time (as any usable model's are).
struct HandWritten {
    p: [f64; 9],
    v: Vec<f64>,
    u: Vec<f64>,
    i: Vec<f64>,
}

impl HandWritten {
    fn step(&mut self, spikes: &mut Vec<u32>) {
        let [c_m, k, v_r, v_t, v_peak, a, b, c, d] = self.p;
        let n = self.v.len();
        let (v, u, input) = (&mut self.v[..n], &mut self.u[..n], &self.i[..n]);
        for j in 0..n {
            let (vj, uj) = (v[j], u[j]);
            if vj >= v_peak {
                v[j] = c;
                u[j] = uj + d;
                spikes.push(j as u32);
            } else {
                v[j] = vj + DT * ((k * (vj - v_r) * (vj - v_t) - uj + input[j]) / c_m);
                u[j] = uj + DT * (a * (b * (vj - v_r) - uj));
            }
        }
    }
}

fn spread_initial_state(v: &mut [f64]) {
    // Different phases so that spikes are spread over time, as in a real population.
    for (j, x) in v.iter_mut().enumerate() {
        *x = -60.0 + 100.0 * (j % 97) as f64 / 97.0;
    }
}

fn stepper(c: &mut Criterion) {
    let mut group = c.benchmark_group("izhikevich_step_n100000");
    group.throughput(Throughput::Elements(N as u64));

    let mut generated = Izhikevich::new(N);
    spread_initial_state(&mut generated.state.v);
    generated.inputs.I.fill(125.0);
    let mut spikes = Vec::with_capacity(N);
    group.bench_function(BenchmarkId::new("generated", N), |bench| {
        let mut t = 0.0;
        bench.iter(|| {
            spikes.clear();
            generated.step(black_box(t), DT, &mut spikes);
            t += DT;
        })
    });

    let p = black_box([100.0, 3.0, -60.0, -50.0, 50.0, 0.01, 5.0, -60.0, 400.0]);
    let mut hand = HandWritten {
        p,
        v: vec![-60.0; N],
        u: vec![0.0; N],
        i: vec![125.0; N],
    };
    spread_initial_state(&mut hand.v);
    group.bench_function(BenchmarkId::new("hand_written", N), |bench| {
        bench.iter(|| {
            spikes.clear();
            hand.step(&mut spikes);
        })
    });
    group.finish();
}

#[path = "../tests/common/model_source.rs"]
mod model_source;

fn compiler(c: &mut Criterion) {
    let text = model_source::model_source(include_str!("../models/src/izhikevich.rs"));
    let options = cajal_codegen::Options::default();
    c.bench_function("izhikevich_parse_check_codegen", |bench| {
        bench.iter(|| {
            cajal_codegen::generate(black_box(&text), &options).expect("the model compiles")
        })
    });
}

criterion_group!(benches, stepper, compiler);
criterion_main!(benches);
