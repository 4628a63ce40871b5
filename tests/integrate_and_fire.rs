//! Nonlinear integrate-and-fire neurons against their closed forms.

use cajal::prelude::*;
use cajal::runtime::gain::GainCurve;

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

/// The f–I curve of `cells` (one instance per current; `duration` and `transient` in ms),
/// every rate checked against the closed-form interspike interval `isi(I)` (ms; `None`
/// where the neuron is silent) within `tolerance(isi)` ms.
fn check_gain_curve(
    cells: impl Model + Send + 'static,
    currents: &[f64],
    (dt, duration, transient): (f64, f64, f64),
    isi: impl Fn(f64) -> Option<f64>,
    tolerance: impl Fn(f64) -> f64,
) -> GainCurve {
    let curve =
        GainCurve::measure(Box::new(cells), "I", currents, dt, duration, transient).unwrap();
    for (&i, &rate) in currents.iter().zip(&curve.rates_hz) {
        match isi(i) {
            None => assert_eq!(rate, 0.0, "I = {i}"),
            Some(isi) => {
                let measured = 1000.0 / rate;
                assert!(
                    (measured - isi).abs() <= tolerance(isi),
                    "I = {i}: {measured} against {isi} ms"
                );
            }
        }
    }
    curve
}

/// The LIF's f–I curve from its closed form: below I_rh = (v_th − v_rest)/R = 2 nA it is
/// silent; above, the interspike interval is t_ref + τ ln((R I + v_rest − v_reset)/(R I +
/// v_rest − v_th)), to within one step (spikes are detected on the step after crossing).
#[test]
fn the_lif_gain_function_follows_its_closed_form() {
    let currents: Vec<f64> = (0..=20).map(|k| 0.25 * k as f64).collect();
    let dt = 0.01;
    let isi = |i: f64| {
        let ri = 10.0 * i; // mV
        (ri > 20.0).then(|| 2.0 + 10.0 * ((ri - 70.0 + 75.0) / (ri - 70.0 + 50.0)).ln())
    };
    let cells = Lif::new(currents.len());
    let curve = check_gain_curve(cells, &currents, (dt, 1000.0, 100.0), isi, |_| dt + 1e-9);
    assert_eq!(curve.rheobase(), Some((2.0, 2.25)));
}

/// The EIF's rheobase, 0.4 nA, lies in the bracket its f–I curve finds.
#[test]
fn the_exponential_if_gain_function_brackets_its_rheobase() {
    let currents: Vec<f64> = (0..=10).map(|k| 0.3 + 0.02 * k as f64).collect();
    let curve = GainCurve::measure(
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
    let (c, a, half_width) = (1.0, 0.005, 10.0); // nF, µS/mV, mV
    let isi = |i: f64| {
        let k2 = i / a - half_width * half_width; // mV²
        (k2 > 0.0).then(|| {
            let k = k2.sqrt();
            let (x_peak, x_reset) = (30.0 + 60.0, -70.0 + 60.0);
            c / (a * k) * ((x_peak / k).atan() - (x_reset / k).atan()) // ms
        })
    };
    let tolerance = |isi: f64| 1.5 * dt + 1e-3 * isi;
    let cells = Qif::new(currents.len());
    let curve = check_gain_curve(cells, &currents, (dt, 500.0, 50.0), isi, tolerance);
    assert_eq!(curve.rheobase(), Some((0.5, 0.75)));
}

/// The conductance-based LIF without synaptic input is a LIF with R = 1/g_L = 100 MΩ and
/// τ = C/g_L = 20 ms: silent up to the rheobase g_L (v_th − E_L) = 100 pA, then
/// ISI = t_ref + τ ln((R I + E_L − v_reset)/(R I + E_L − v_th)), to within a step.
#[test]
fn the_conductance_lif_gain_function_follows_its_closed_form() {
    let currents: Vec<f64> = (0..=12).map(|k| 25.0 * k as f64).collect();
    let dt = 0.01;
    let isi = |i: f64| {
        let ri = 0.1 * i; // mV (100 MΩ × pA)
        (ri > 10.0).then(|| 5.0 + 20.0 * (ri / (ri - 10.0)).ln())
    };
    let cells = LifConductance::new(currents.len());
    check_gain_curve(cells, &currents, (dt, 1000.0, 100.0), isi, |_| {
        2.0 * dt + 1e-9
    });
}

/// One excitatory kick of 5 nS: g_e decays exactly as 5 nS·e^{−t/τ_e}, and the EPSP it
/// causes peaks at the height of an RK4 solution of C v' = g_L (E_L − v) + g_e(t)(E_e − v)
/// (dt = 0.0005 ms), within 0.5 %.
#[test]
fn a_conductance_kick_gives_the_epsp_of_its_equations() {
    let dt = 0.01;
    let mut net = Network::new(dt).unwrap();
    let cell = net.add_population("cell", LifConductance::new(1)).unwrap();
    let pre = net.add_spike_generator("pre", 1, &[(5.0, 0)]).unwrap();
    let one = Connections::all_to_all(1, 1, 5.0, true);
    net.connect("kick", pre, cell, ExcitatoryKick::default(), one)
        .unwrap();
    let (mut v, mut g) = (Vec::new(), Vec::new());
    for _ in 0..(60.0 / dt) as usize {
        net.step().unwrap();
        let population = net.population(cell).unwrap();
        v.push(population.state(0)[0]);
        g.push(population.state(1)[0]);
    }
    let onset = g.iter().position(|&x| x > 0.0).expect("the kick arrived");
    for (k, &value) in g[onset..].iter().enumerate().step_by(100) {
        let expected = 5.0 * (-(k as f64) * dt / 5.0).exp();
        assert!((value - expected).abs() < 1e-12, "{value} vs {expected}");
    }
    // RK4 of the same equations from the onset (nS, mV, pF, ms).
    let f = |t: f64, v: f64| (10.0 * (-60.0 - v) + 5.0 * (-t / 5.0).exp() * (0.0 - v)) / 200.0;
    let (mut t, mut x, h) = (0.0, v[onset - 1], 0.0005);
    let mut peak_reference = x;
    while t < 50.0 {
        let k1 = f(t, x);
        let k2 = f(t + h / 2.0, x + h / 2.0 * k1);
        let k3 = f(t + h / 2.0, x + h / 2.0 * k2);
        let k4 = f(t + h, x + h * k3);
        x += h / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4);
        t += h;
        peak_reference = peak_reference.max(x);
    }
    let peak = v.iter().copied().fold(f64::MIN, f64::max);
    let (height, reference) = (peak + 60.0, peak_reference + 60.0);
    assert!(reference > 0.1, "a visible EPSP: {reference} mV");
    assert!(
        (height / reference - 1.0).abs() < 5e-3,
        "{height} vs {reference} mV"
    );
}
