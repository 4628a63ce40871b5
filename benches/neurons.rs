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

/// An HH-type step by hand (Traub–Miles, Hodgkin–Huxley): exponential Euler for every
/// variable (x ← x + dt·exprel(dt·B)·(A + B x) with dx/dt = A + B x), then the crossing test;
/// `rates(v)` gives (α_m, β_m, α_h, β_h, α_n, β_n).
struct HhTypeLoop<R> {
    /// C, gNa, gK, gL, ENa, EK, EL, v_spike.
    p: [f64; 8],
    rates: R,
    y: [Vec<f64>; 4],
    i: Vec<f64>,
}

impl<R: Fn(f64) -> [f64; 6]> HhTypeLoop<R> {
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
            let [a_m, b_m, a_h, b_h, a_n, b_n] = (self.rates)(vj);
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

/// The generated stepper of an HH-type neuron (states v, m, h, n; input 0 set to
/// `input` in the model's unit) against [`HhTypeLoop`] with parameters `p`, `rates` and
/// input `hand_input` in the loop's units, from the same initial states.
#[allow(clippy::too_many_arguments)]
fn hh_type<M: Model>(
    c: &mut Criterion,
    group: &str,
    dt: f64,
    mut generated: M,
    input: f64,
    p: [f64; 8],
    rates: impl Fn(f64) -> [f64; 6],
    hand_input: f64,
) {
    let mut group = c.benchmark_group(group);
    group.throughput(Throughput::Elements(N as u64));
    spread(generated.state_mut(0), -70.0, 40.0);
    let y = [0, 1, 2, 3].map(|k| generated.state(k).to_vec());
    generated.input_mut(0).fill(input);
    bench_steps(&mut group, "generated", dt, |t, spikes| {
        generated.step(t, dt, spikes)
    });
    let mut hand = HhTypeLoop {
        p: black_box(p),
        rates,
        y,
        i: vec![hand_input; N],
    };
    bench_steps(&mut group, "hand_written", dt, |_, spikes| {
        hand.step(dt, spikes)
    });
    group.finish();
}

fn traub_miles(c: &mut Criterion) {
    // The library's parameters in pF, nS, mV and pA (V_T = −63 mV in the rates).
    let v_t = black_box(-63.0);
    let rates = move |v: f64| {
        [
            1.28 / exprel((13.0 - v + v_t) / 4.0),
            1.4 / exprel((v - v_t - 40.0) / 5.0),
            0.128 * ((17.0 - v + v_t) / 18.0).exp(),
            4.0 / (1.0 + ((40.0 - v + v_t) / 5.0).exp()),
            0.16 / exprel((15.0 - v + v_t) / 5.0),
            0.5 * ((10.0 - v + v_t) / 40.0).exp(),
        ]
    };
    let p = [200.0, 20_000.0, 6_000.0, 10.0, 50.0, -90.0, -60.0, -20.0];
    let model = TraubMiles::new(N);
    hh_type(
        c,
        "traub_miles_step_n100000",
        0.01,
        model,
        0.5,
        p,
        rates,
        500.0,
    );
}

fn hodgkin_huxley(c: &mut Criterion) {
    // Hodgkin & Huxley (1952) in µF/cm², mS/cm², mV, ms and µA/cm².
    let rates = |v: f64| {
        [
            1.0 / exprel(-(v + 40.0) / 10.0),
            4.0 * (-(v + 65.0) / 18.0).exp(),
            0.07 * (-(v + 65.0) / 20.0).exp(),
            1.0 / (1.0 + (-(v + 35.0) / 10.0).exp()),
            0.1 / exprel(-(v + 55.0) / 10.0),
            0.125 * (-(v + 65.0) / 80.0).exp(),
        ]
    };
    let p = [1.0, 120.0, 36.0, 0.3, 50.0, -77.0, -54.387, 0.0];
    let model = HodgkinHuxley::new(N);
    hh_type(
        c,
        "hodgkin_huxley_step_n100000",
        0.01,
        model,
        10.0,
        p,
        rates,
        10.0,
    );
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
