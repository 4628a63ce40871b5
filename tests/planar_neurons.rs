//! Two-variable neurons (Morris–Lecar, FitzHugh–Nagumo) against an independent
//! high-accuracy solution, and their excitability classes.

use cajal::prelude::*;
use cajal::runtime::gain::GainCurve;

/// The classic fourth-order Runge–Kutta solution of dy/dt = f(y) from `y0` at step `dt` for
/// `duration`, returning the times at which y[0] crosses `level` upwards (linearly
/// interpolated within the step).
fn rk4_crossings(
    f: impl Fn([f64; 2]) -> [f64; 2],
    y0: [f64; 2],
    dt: f64,
    duration: f64,
    level: f64,
) -> Vec<f64> {
    let add = |y: [f64; 2], k: [f64; 2], h: f64| [y[0] + h * k[0], y[1] + h * k[1]];
    let mut y = y0;
    let mut crossings = Vec::new();
    let steps = (duration / dt).round() as usize;
    for n in 0..steps {
        let k1 = f(y);
        let k2 = f(add(y, k1, dt / 2.0));
        let k3 = f(add(y, k2, dt / 2.0));
        let k4 = f(add(y, k3, dt));
        let next = [
            y[0] + dt / 6.0 * (k1[0] + 2.0 * k2[0] + 2.0 * k3[0] + k4[0]),
            y[1] + dt / 6.0 * (k1[1] + 2.0 * k2[1] + 2.0 * k3[1] + k4[1]),
        ];
        if y[0] <= level && next[0] > level {
            crossings.push((n as f64 + (level - y[0]) / (next[0] - y[0])) * dt);
        }
        y = next;
    }
    crossings
}

/// Mean interval between the last `k + 1` of `times`.
fn mean_period(times: &[f64], k: usize) -> f64 {
    let n = times.len();
    assert!(n > k, "{n} crossings");
    (times[n - 1] - times[n - 1 - k]) / k as f64
}

/// The Morris–Lecar right-hand side (Rinzel & Ermentrout 1998), written out here.
fn morris_lecar(p: &MorrisLecarParams, i: f64) -> impl Fn([f64; 2]) -> [f64; 2] + '_ {
    move |[v, w]| {
        let m_inf = 0.5 * (1.0 + ((v - p.V1) / p.V2).tanh());
        let w_inf = 0.5 * (1.0 + ((v - p.V3) / p.V4).tanh());
        let dv =
            (i - p.g_L * (v - p.V_L) - p.g_Ca * m_inf * (v - p.V_Ca) - p.g_K * w * (v - p.V_K))
                / p.C;
        let dw = p.phi * ((v - p.V3) / (2.0 * p.V4)).cosh() * (w_inf - w);
        [dv, dw]
    }
}

/// Spike times (ms) of one instance of `model` under a constant input.
fn spikes<M: Model>(model: M, input: f64, dt: f64, duration: f64) -> Vec<f64> {
    let mut sim = Simulation::new(model, dt).unwrap();
    sim.drive("I", Stimulus::Constant(input)).unwrap();
    sim.run(duration).unwrap().spike_times_ms(0)
}

/// The library's Morris–Lecar (default RK4 at dt = 0.01 ms) has the period of an RK4
/// solution at dt = 0.0005 ms, within 0.05 %, for both parameter sets.
#[test]
fn morris_lecar_periods_match_a_high_accuracy_solution() {
    for (preset, current) in [("type_2", 100.0), ("type_1", 60.0)] {
        let p = MorrisLecarParams::preset(preset).unwrap();
        let w0 = 0.5 * (1.0 + ((p.V0 - p.V3) / p.V4).tanh());
        let reference = rk4_crossings(morris_lecar(&p, current), [p.V0, w0], 0.0005, 2000.0, 0.0);
        let reference = mean_period(&reference, 5);
        let model = MorrisLecar::with_params(1, p.clone()).unwrap();
        let period = mean_period(&spikes(model, current, 0.01, 2000.0), 5);
        assert!(
            (period / reference - 1.0).abs() < 5e-4,
            "{preset}: {period} ms against {reference} ms"
        );
    }
}

/// The FitzHugh–Nagumo neuron's period at I = 0.5 against an RK4 solution at a small step.
#[test]
fn fitzhugh_nagumo_period_matches_a_high_accuracy_solution() {
    let (a, b, phi, current) = (0.7, 0.8, 0.08, 0.5);
    let f = |[v, w]: [f64; 2]| [v - v * v * v / 3.0 - w + current, phi * (v + a - b * w)];
    let reference = mean_period(
        &rk4_crossings(f, [-1.1994, -0.6243], 0.0005, 1000.0, 1.0),
        5,
    );
    let period = mean_period(
        &spikes(FitzHughNagumoNeuron::new(1), current, 0.01, 1000.0),
        5,
    );
    assert!(
        (period / reference - 1.0).abs() < 5e-4,
        "{period} ms against {reference} ms"
    );
}

/// The FitzHugh–Nagumo neuron starts at its resting state: silent without input.
#[test]
fn fitzhugh_nagumo_rests_without_input() {
    let mut sim = Simulation::new(FitzHughNagumoNeuron::new(1), 0.05).unwrap();
    sim.record(&["v", "w"]).unwrap();
    let rec = sim.run(500.0).unwrap();
    assert!(rec.spike_steps(0).is_empty());
    let v = rec.trace("v", 0).unwrap();
    assert!((v[v.len() - 1] - -1.1994).abs() < 1e-3);
}

/// The lowest sustained firing rate of a model's f–I curve on a fine current grid (the
/// rate after a 1 s transient: a step from rest may fire once even below the onset).
fn onset_rate<M: Model + Send + 'static>(cells: M, currents: &[f64]) -> f64 {
    let curve = GainCurve::measure(Box::new(cells), "I", currents, 0.02, 4000.0, 1000.0).unwrap();
    let k = curve
        .rates_hz
        .iter()
        .position(|&r| r > 0.0)
        .expect("fires at the high end");
    assert!(k > 0, "silent at the low end");
    curve.rates_hz[k]
}

/// Type I (saddle-node on invariant circle): the rate rises from zero at the onset of
/// firing. Type II (Hopf): firing starts at a finite rate.
#[test]
fn morris_lecar_type_1_starts_at_zero_rate_and_type_2_does_not() {
    let type_1: Vec<f64> = (0..=40).map(|k| 35.0 + 0.25 * k as f64).collect();
    let cells =
        MorrisLecar::with_params(type_1.len(), MorrisLecarParams::preset("type_1").unwrap())
            .unwrap();
    let rate_1 = onset_rate(cells, &type_1);
    let type_2: Vec<f64> = (0..=40).map(|k| 80.0 + 0.5 * k as f64).collect();
    let cells =
        MorrisLecar::with_params(type_2.len(), MorrisLecarParams::preset("type_2").unwrap())
            .unwrap();
    let rate_2 = onset_rate(cells, &type_2);
    assert!(rate_1 < 3.0, "type I onset at {rate_1} Hz");
    assert!(rate_2 > 8.0, "type II onset at {rate_2} Hz");
}

/// The published parameter sets (Rinzel & Ermentrout 1998): C = 20 µF/cm², g_K = 8,
/// g_L = 2 mS/cm², V_Ca = 120, V_K = −84, V_L = −60, V1 = −1.2, V2 = 18 mV; type II
/// g_Ca = 4.4, V3 = 2, V4 = 30, φ = 0.04; type I g_Ca = 4, V3 = 12, V4 = 17.4, φ = 1/15.
#[test]
fn morris_lecar_has_the_published_parameter_sets() {
    let p = MorrisLecarParams::default();
    assert_eq!(
        (p.C, p.g_K, p.g_L, p.V_Ca, p.V_K, p.V_L, p.V1, p.V2),
        (20.0, 8.0, 2.0, 120.0, -84.0, -60.0, -1.2, 18.0)
    );
    assert_eq!((p.g_Ca, p.V3, p.V4, p.phi), (4.4, 2.0, 30.0, 0.04));
    let t1 = MorrisLecarParams::preset("type_1").unwrap();
    assert_eq!((t1.g_Ca, t1.V3, t1.V4), (4.0, 12.0, 17.4));
    assert!((t1.phi - 1.0 / 15.0).abs() < 1e-8);
}
