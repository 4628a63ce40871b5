//! Nonlinear integrate-and-fire neurons against their closed forms.

use cajal::prelude::*;

/// The exponential integrate-and-fire defaults of *Neuronal Dynamics* (ch. 5.2 exercises):
/// τ = 12 ms, R = 20 MΩ, v_rest = −65 mV, v_reset = −60 mV, v_rh = −55 mV, Δ_T = 2 mV,
/// v_spike = −30 mV.
#[test]
fn the_exponential_if_has_the_book_defaults() {
    let p = ExponentialIfParams::default();
    assert_eq!(
        (
            p.tau, p.R, p.v_rest, p.v_reset, p.v_rh, p.Delta_T, p.v_spike
        ),
        (12.0, 20.0, -65.0, -60.0, -55.0, 2.0, -30.0)
    );
}

/// Spikes of one EIF cell under a constant current (nA) for `duration` ms, and its final v.
fn eif_run(current_na: f64, duration: f64) -> (usize, f64) {
    let mut sim = Simulation::new(ExponentialIf::new(1), 0.01).unwrap();
    sim.drive("I", Stimulus::Constant(current_na)).unwrap();
    sim.record(&["v"]).unwrap();
    let rec = sim.run(duration).unwrap();
    let v = *rec.trace("v", 0).unwrap().last().unwrap();
    (rec.spike_steps(0).len(), v)
}

/// The rheobase of the EIF is where the fixed points meet (F(v) = 0 and F'(v) = 0 at
/// v = v_rh): I_rh = (v_rh − v_rest − Δ_T)/R = (−55 + 65 − 2) mV / 20 MΩ = 0.4 nA. Below it
/// the cell settles at its stable fixed point; above it, it fires (slowly near the
/// bifurcation).
#[test]
fn the_exponential_if_fires_exactly_above_its_rheobase() {
    let rheobase = (-55.0 - -65.0 - 2.0) / 20.0;
    for factor in [0.5, 0.9, 0.99] {
        let i = factor * rheobase;
        let (spikes, v) = eif_run(i, 2000.0);
        assert_eq!(spikes, 0, "{factor} × rheobase");
        // The rest state solves −(v − v_rest) + Δ_T e^{(v − v_rh)/Δ_T} + R I = 0 below v_rh.
        let residual = -(v + 65.0) + 2.0 * ((v + 55.0) / 2.0).exp() + 20.0 * i;
        assert!(
            v < -55.0 && residual.abs() < 1e-9,
            "{factor}: v = {v}, F(v) = {residual}"
        );
    }
    for factor in [1.01, 1.1, 2.0] {
        let (spikes, _) = eif_run(factor * rheobase, 2000.0);
        assert!(spikes > 0, "{factor} × rheobase");
    }
}

/// The LIF's f–I curve from its closed form: below I_rh = (v_th − v_rest)/R = 2 nA it is
/// silent; above, the interspike interval is t_ref + τ ln((R I + v_rest − v_reset)/(R I +
/// v_rest − v_th)), to within one step (spikes are detected on the step after crossing).
#[test]
fn the_lif_gain_function_follows_its_closed_form() {
    let currents: Vec<f64> = (0..=20).map(|k| 0.25 * k as f64).collect();
    let dt = 0.01;
    let curve = cajal::runtime::gain::GainCurve::measure(
        Box::new(Lif::new(currents.len())),
        "I",
        &currents,
        dt,
        1000.0,
        100.0,
    )
    .unwrap();
    assert_eq!(curve.rheobase(), Some((2.0, 2.25)));
    for (&i, &rate) in currents.iter().zip(&curve.rates_hz) {
        let ri = 10.0 * i; // mV
        if ri <= 20.0 {
            assert_eq!(rate, 0.0, "{i} nA");
            continue;
        }
        let isi = 2.0 + 10.0 * ((ri - 70.0 + 75.0) / (ri - 70.0 + 50.0)).ln();
        let measured = 1000.0 / rate;
        assert!(
            (measured - isi).abs() <= dt + 1e-9,
            "{i} nA: {measured} against {isi} ms"
        );
    }
}

/// The EIF's rheobase, 0.4 nA, lies in the bracket its f–I curve finds.
#[test]
fn the_exponential_if_gain_function_brackets_its_rheobase() {
    let currents: Vec<f64> = (0..=10).map(|k| 0.3 + 0.02 * k as f64).collect();
    let curve = cajal::runtime::gain::GainCurve::measure(
        Box::new(ExponentialIf::new(currents.len())),
        "I",
        &currents,
        0.01,
        2000.0,
        0.0,
    )
    .unwrap();
    let (lo, hi) = curve
        .rheobase()
        .expect("silent at 0.3 nA, firing at 0.5 nA");
    // At the rheobase itself the period is infinite: it is the bracket's silent end.
    assert!(lo <= 0.4 + 1e-12 && 0.4 < hi, "({lo}, {hi})");
    assert!(hi - lo < 0.021);
}

/// The QIF's f–I curve from its closed form: silent below I_rh = a (V_T − E_L)²/4 = 0.5 nA;
/// above, with k = √(I/a − Δ²), Δ = 10 mV, the interval from reset to cut-off is
/// (C/(a k)) [atan(x_peak/k) − atan(x_reset/k)] (x measured from −60 mV), to within one
/// step (spikes are detected on the step after crossing; forward Euler at dt = 0.001 ms).
#[test]
fn the_qif_gain_function_follows_its_closed_form() {
    let currents: Vec<f64> = (0..=12).map(|k| 0.25 * k as f64).collect();
    let dt = 0.001;
    let curve = cajal::runtime::gain::GainCurve::measure(
        Box::new(Qif::new(currents.len())),
        "I",
        &currents,
        dt,
        500.0,
        50.0,
    )
    .unwrap();
    let (c, a, half_width) = (1.0, 0.005, 10.0); // nF, µS/mV, mV
    for (&i, &rate) in currents.iter().zip(&curve.rates_hz) {
        let k2 = i / a - half_width * half_width; // mV²
        if k2 <= 0.0 {
            assert_eq!(rate, 0.0, "{i} nA");
            continue;
        }
        let k = k2.sqrt();
        let (x_peak, x_reset) = (30.0 + 60.0, -70.0 + 60.0);
        let isi = c / (a * k) * ((x_peak / k).atan() - (x_reset / k).atan()); // ms
        let measured = 1000.0 / rate;
        assert!(
            (measured - isi).abs() <= 1.5 * dt + 1e-3 * isi,
            "{i} nA: {measured} against {isi} ms"
        );
    }
    assert_eq!(curve.rheobase(), Some((0.5, 0.75)));
}
