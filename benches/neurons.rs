//! Benchmarks: generated steppers of the AdEx (forward Euler), Traub–Miles and
//! Hodgkin–Huxley (exponential Euler) neurons against hand-written loops of the same
//! arithmetic (n = 100 000, f64, one thread; target: generated/hand-written ≤ 1.10), and the
//! cost of the escape-noise draw:
//! the library's SRM0 (`on hazard(ρ)`) against the same model with a deterministic
//! threshold (target: the difference ≤ 2 ns per neuron-step).
//!
//! Run: `cargo bench --bench neurons`.

#![allow(missing_docs)] // criterion_group! generates undocumented items

use criterion::measurement::WallTime;
use criterion::{
    BenchmarkGroup, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main,
};
use std::hint::black_box;

use cajal::prelude::*;
use cajal::runtime::math::exprel;

const N: usize = 100_000;

/// Spread initial potentials so that spikes are spread over time, as in a population.
fn spread(v: &mut [f64], lo: f64, span: f64) {
    for (j, x) in v.iter_mut().enumerate() {
        *x = lo + span * (j % 97) as f64 / 97.0;
    }
}

/// The AdEx step by hand: forward Euler, then the threshold test on the new v.
struct AdExLoop {
    p: [f64; 10],
    v: Vec<f64>,
    w: Vec<f64>,
    i: Vec<f64>,
}

impl AdExLoop {
    fn step(&mut self, dt: f64, spikes: &mut Vec<u32>) {
        let [c, g_l, e_l, v_t, delta_t, tau_w, a, b, v_r, v_cut] = self.p;
        let n = self.v.len();
        let (v, w, input) = (&mut self.v[..n], &mut self.w[..n], &self.i[..n]);
        for j in 0..n {
            let (vj, wj) = (v[j], w[j]);
            let dv = (-g_l * (vj - e_l) + g_l * delta_t * ((vj - v_t) / delta_t).exp() - wj
                + input[j])
                / c;
            let dw = (a * (vj - e_l) - wj) / tau_w;
            let (nv, nw) = (vj + dt * dv, wj + dt * dw);
            if nv > v_cut {
                v[j] = v_r;
                w[j] = nw + b;
                spikes.push(j as u32);
            } else {
                v[j] = nv;
                w[j] = nw;
            }
        }
    }
}

/// The Traub–Miles step by hand: exponential Euler for every variable
/// (x ← x + dt·exprel(dt·B)·(A + B x) with dx/dt = A + B x), then the crossing test.
struct TraubMilesLoop {
    p: [f64; 9],
    y: [Vec<f64>; 4],
    i: Vec<f64>,
}

impl TraubMilesLoop {
    fn step(&mut self, dt: f64, spikes: &mut Vec<u32>) {
        let [c, g_l, g_na, g_k, e_l, e_na, e_k, v_t, v_spike] = self.p;
        let n = self.i.len();
        let [v, m, h, nk] = &mut self.y;
        let (v, m, h, nk, input) = (
            &mut v[..n],
            &mut m[..n],
            &mut h[..n],
            &mut nk[..n],
            &self.i[..n],
        );
        for j in 0..n {
            let (vj, mj, hj, nj) = (v[j], m[j], h[j], nk[j]);
            let a_m = 1.28 / exprel((13.0 - vj + v_t) / 4.0);
            let b_m = 1.4 / exprel((vj - v_t - 40.0) / 5.0);
            let a_h = 0.128 * ((17.0 - vj + v_t) / 18.0).exp();
            let b_h = 4.0 / (1.0 + ((40.0 - vj + v_t) / 5.0).exp());
            let a_n = 0.16 / exprel((15.0 - vj + v_t) / 5.0);
            let b_n = 0.5 * ((10.0 - vj + v_t) / 40.0).exp();
            let (g_na_open, g_k_open) = (g_na * mj * mj * mj * hj, g_k * (nj * nj) * (nj * nj));
            let slope = (-g_l - g_na_open - g_k_open) / c;
            let dv =
                (g_l * (e_l - vj) - g_na_open * (vj - e_na) - g_k_open * (vj - e_k) + input[j]) / c;
            let gate = |x: f64, a: f64, b: f64| x + dt * exprel(-dt * (a + b)) * (a - (a + b) * x);
            let nv = vj + dt * exprel(dt * slope) * dv;
            m[j] = gate(mj, a_m, b_m);
            h[j] = gate(hj, a_h, b_h);
            nk[j] = gate(nj, a_n, b_n);
            v[j] = nv;
            if nv > v_spike && vj <= v_spike {
                spikes.push(j as u32);
            }
        }
    }
}

/// The Hodgkin–Huxley (1952) step by hand, in µF/cm², mS/cm², mV, ms and µA/cm²:
/// exponential Euler for every variable, as [`TraubMilesLoop`], then the crossing test.
struct HodgkinHuxleyLoop {
    /// Cm, gNa, gK, gL, ENa, EK, EL, v_spike.
    p: [f64; 8],
    y: [Vec<f64>; 4],
    i: Vec<f64>,
}

impl HodgkinHuxleyLoop {
    fn step(&mut self, dt: f64, spikes: &mut Vec<u32>) {
        let [c, g_na, g_k, g_l, e_na, e_k, e_l, v_spike] = self.p;
        let n = self.i.len();
        let [v, m, h, nk] = &mut self.y;
        let (v, m, h, nk, input) = (
            &mut v[..n],
            &mut m[..n],
            &mut h[..n],
            &mut nk[..n],
            &self.i[..n],
        );
        for j in 0..n {
            let (vj, mj, hj, nj) = (v[j], m[j], h[j], nk[j]);
            let a_m = 1.0 / exprel(-(vj + 40.0) / 10.0);
            let b_m = 4.0 * (-(vj + 65.0) / 18.0).exp();
            let a_h = 0.07 * (-(vj + 65.0) / 20.0).exp();
            let b_h = 1.0 / (1.0 + (-(vj + 35.0) / 10.0).exp());
            let a_n = 0.1 / exprel(-(vj + 55.0) / 10.0);
            let b_n = 0.125 * (-(vj + 65.0) / 80.0).exp();
            let (g_na_open, g_k_open) = (g_na * mj * mj * mj * hj, g_k * (nj * nj) * (nj * nj));
            let slope = (-g_l - g_na_open - g_k_open) / c;
            let dv =
                (input[j] - g_na_open * (vj - e_na) - g_k_open * (vj - e_k) - g_l * (vj - e_l)) / c;
            let gate = |x: f64, a: f64, b: f64| x + dt * exprel(-dt * (a + b)) * (a - (a + b) * x);
            let nv = vj + dt * exprel(dt * slope) * dv;
            m[j] = gate(mj, a_m, b_m);
            h[j] = gate(hj, a_h, b_h);
            nk[j] = gate(nj, a_n, b_n);
            v[j] = nv;
            if nv > v_spike && vj <= v_spike {
                spikes.push(j as u32);
            }
        }
    }
}

/// Benchmarks one step of `N` instances: `step(t, spikes)` with the spike buffer cleared.
fn bench_steps(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    dt: f64,
    mut step: impl FnMut(f64, &mut Vec<u32>),
) {
    let mut spikes = Vec::with_capacity(N);
    group.bench_function(BenchmarkId::new(name, N), |bench| {
        let mut t = 0.0;
        bench.iter(|| {
            spikes.clear();
            step(black_box(t), &mut spikes);
            t += dt;
        })
    });
}

fn adex(c: &mut Criterion) {
    let dt = 0.1;
    let mut group = c.benchmark_group("adex_step_n100000");
    group.throughput(Throughput::Elements(N as u64));
    let mut generated = AdEx::new(N);
    spread(&mut generated.state.v, -70.0, 25.0);
    generated.inputs.I.fill(1000.0);
    bench_steps(&mut group, "generated", dt, |t, spikes| {
        generated.step(t, dt, spikes)
    });
    let d = AdExParams::default();
    let p = black_box([
        d.C, d.g_L, d.E_L, d.V_T, d.Delta_T, d.tau_w, d.a, d.b, d.V_r, d.V_cut,
    ]);
    let mut hand = AdExLoop {
        p,
        v: vec![0.0; N],
        w: vec![0.0; N],
        i: vec![1000.0; N],
    };
    spread(&mut hand.v, -70.0, 25.0);
    bench_steps(&mut group, "hand_written", dt, |_, spikes| {
        hand.step(dt, spikes)
    });
    group.finish();
}

fn traub_miles(c: &mut Criterion) {
    let dt = 0.01;
    let mut group = c.benchmark_group("traub_miles_step_n100000");
    group.throughput(Throughput::Elements(N as u64));
    let mut generated = TraubMiles::new(N);
    spread(&mut generated.state.v, -70.0, 40.0);
    generated.inputs.I.fill(0.5);
    bench_steps(&mut group, "generated", dt, |t, spikes| {
        generated.step(t, dt, spikes)
    });
    // The same parameters in pF, nS, mV and pA.
    let p = black_box([
        200.0, 10.0, 20_000.0, 6_000.0, -60.0, 50.0, -90.0, -63.0, -20.0,
    ]);
    let init = TraubMiles::new(N);
    let mut hand = TraubMilesLoop {
        p,
        y: [
            init.state.v.clone(),
            init.state.m.clone(),
            init.state.h.clone(),
            init.state.n.clone(),
        ],
        i: vec![500.0; N],
    };
    spread(&mut hand.y[0], -70.0, 40.0);
    bench_steps(&mut group, "hand_written", dt, |_, spikes| {
        hand.step(dt, spikes)
    });
    group.finish();
}

fn hodgkin_huxley(c: &mut Criterion) {
    let dt = 0.01;
    let mut group = c.benchmark_group("hodgkin_huxley_step_n100000");
    group.throughput(Throughput::Elements(N as u64));
    let mut generated = HodgkinHuxley::new(N);
    spread(&mut generated.state.v, -70.0, 40.0);
    generated.inputs.I.fill(10.0);
    bench_steps(&mut group, "generated", dt, |t, spikes| {
        generated.step(t, dt, spikes)
    });
    let p = black_box([1.0, 120.0, 36.0, 0.3, 50.0, -77.0, -54.387, 0.0]);
    let init = HodgkinHuxley::new(N);
    let mut hand = HodgkinHuxleyLoop {
        p,
        y: [
            init.state.v.clone(),
            init.state.m.clone(),
            init.state.h.clone(),
            init.state.n.clone(),
        ],
        i: vec![10.0; N],
    };
    spread(&mut hand.y[0], -70.0, 40.0);
    bench_steps(&mut group, "hand_written", dt, |_, spikes| {
        hand.step(dt, spikes)
    });
    group.finish();
}

cajal::neural_model! {
    /// The library's SRM0 with the escape noise replaced by a threshold on the escape rate
    /// (ρ > ρ₀, i.e. u > θ): the same arithmetic but the draw, the baseline for its cost.
    pub neuron Srm0Deterministic {
        parameters {
            u_rest = -60 mV, tau_m = 10 ms, R = 10 Mohm, eta0 = 20 mV, tau_eta = 10 ms,
            theta = -50 mV, Delta_u = 4 mV, rho0 = 100 Hz,
        }
        inputs { I: nA }
        state { h = 0 mV, eta = 0 mV }
        equations {
            dh/dt = (-h + R*I) / tau_m
            deta/dt = -eta / tau_eta
        }
        on rho0*exp((u_rest + h + eta - theta)/Delta_u) > rho0 { emit spike; eta = -eta0 }
        method exact
        schedule brian2
    }
}

fn escape_noise(c: &mut Criterion) {
    let dt = 0.1;
    let mut group = c.benchmark_group("srm0_step_n100000");
    group.throughput(Throughput::Elements(N as u64));
    let mut hazard = Srm0::new(N);
    hazard.inputs.I.fill(0.5);
    bench_steps(&mut group, "hazard", dt, |t, spikes| {
        hazard.step(t, dt, spikes)
    });
    let mut threshold = Srm0Deterministic::new(N);
    threshold.inputs.I.fill(0.5);
    bench_steps(&mut group, "threshold", dt, |t, spikes| {
        threshold.step(t, dt, spikes)
    });
    group.finish();
}

criterion_group!(benches, adex, traub_miles, hodgkin_huxley, escape_noise);
criterion_main!(benches);
