//! Mass models without a shared reference file, checked against closed forms, published
//! behaviour (fixed points, attractors, oscillation frequency) and exact identities with the
//! Wilson–Cowan model that is checked against brainmass.

use cajal::prelude::*;

fn run<M: Model>(model: M, dt: f64, ms: f64, vars: &[&str]) -> Recording {
    let mut sim = Simulation::new(model, dt).unwrap();
    sim.record(vars).unwrap();
    sim.run(ms).unwrap()
}

fn max_abs_diff(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .fold(0.0f64, |m, (x, y)| m.max((x - y).abs()))
}

#[test]
fn linear_node_is_integrated_exactly() {
    let mut m = Linear::new(1);
    m.inputs.I[0] = 0.5;
    assert_eq!(m.method(), "exact");
    let rec = run(m, 0.1, 2.0, &["x"]);
    for (t, x) in rec.t_ms.iter().zip(rec.trace("x", 0).unwrap()) {
        let decay = (-10.0 * t).exp();
        let want = 0.01 * decay + 0.05 * (1.0 - decay);
        assert!((x - want).abs() < 1e-15, "t = {t}: {x} vs {want}");
    }
}

#[test]
fn lorenz_fixed_points_attractor_and_stable_origin() {
    let p = LorenzParams::default();
    let c = (p.beta * (p.rho - 1.0)).sqrt();
    let mut m = Lorenz::new(1);
    (m.state.x[0], m.state.y[0], m.state.z[0]) = (c, c, p.rho - 1.0);
    let rec = run(m, 0.01, 5.0, &["x", "z"]);
    assert!(
        rec.trace("x", 0)
            .unwrap()
            .iter()
            .all(|x| (x - c).abs() < 1e-9),
        "C+ is an equilibrium"
    );
    // From (1, 1, 1): the butterfly attractor, bounded, visiting both wings.
    let rec = run(Lorenz::new(1), 0.01, 100.0, &["x", "z"]);
    let (x, z) = (
        &rec.trace("x", 0).unwrap()[2000..],
        &rec.trace("z", 0).unwrap()[2000..],
    );
    assert!(x.iter().all(|v| v.abs() < 25.0) && z.iter().all(|v| *v > 0.0 && *v < 55.0));
    assert!(x.iter().any(|v| *v > 5.0) && x.iter().any(|v| *v < -5.0));
    // ρ < 1: the origin is globally stable.
    let params = LorenzParams {
        rho: 0.5,
        ..LorenzParams::default()
    };
    let rec = run(Lorenz::with_params(1, params).unwrap(), 0.01, 100.0, &["x"]);
    assert!(rec.trace("x", 0).unwrap().last().unwrap().abs() < 1e-6);
}

#[test]
fn generic_2d_oscillator_fixed_point_and_9_hz_cycle() {
    let rec = run(Generic2dOscillator::new(1), 0.1, 2000.0, &["V"]);
    let v = &rec.trace("V", 0).unwrap()[19000..];
    let spread = v.iter().cloned().fold(f64::NEG_INFINITY, f64::max)
        - v.iter().cloned().fold(f64::INFINITY, f64::min);
    assert!(
        spread < 1e-6,
        "defaults settle to a fixed point (spread {spread})"
    );
    let params = Generic2dOscillatorParams {
        I: 5.0,
        ..Generic2dOscillatorParams::default()
    };
    let rec = run(
        Generic2dOscillator::with_params(1, params).unwrap(),
        0.1,
        3000.0,
        &["V"],
    );
    let v = &rec.trace("V", 0).unwrap()[10000..];
    let mean = v.iter().sum::<f64>() / v.len() as f64;
    let upward = v.windows(2).filter(|w| w[0] < mean && w[1] >= mean).count();
    let hz = upward as f64 / (v.len() as f64 * 0.1 / 1000.0);
    assert!(
        (7.0..=11.0).contains(&hz),
        "I = 5 oscillates near 9 Hz, got {hz:.2} Hz"
    );
}

#[test]
fn coombes_byrne_settles_to_a_fixed_point_of_its_equations() {
    let rec = run(CoombesByrne::new(1), 0.01, 500.0, &["r", "v"]);
    let (r, v) = (
        *rec.trace("r", 0).unwrap().last().unwrap(),
        *rec.trace("v", 0).unwrap().last().unwrap(),
    );
    let p = CoombesByrneParams::default();
    let pi = std::f64::consts::PI;
    let g = p.k * pi * r;
    // The published right-hand sides vanish at the end point.
    let dr = p.Delta / pi + 2.0 * v * r - g * r;
    let dv = v * v - (pi * r) * (pi * r) + p.eta + (p.v_syn - v) * g;
    assert!(
        r > 0.0 && dr.abs() < 1e-9 && dv.abs() < 1e-9,
        "r = {r}, v = {v}, dr = {dr}, dv = {dv}"
    );
}

fn wc_base(params: WilsonCowanParams, i_e: f64, method: &str) -> Recording {
    let mut m = WilsonCowan::with_params(1, params).unwrap();
    m.set_method(method).unwrap();
    m.inputs.I_E[0] = i_e;
    m.state.rE[0] = 0.05;
    m.state.rI[0] = 0.05;
    run(m, 0.1, 300.0, &["rE", "rI"])
}

fn assert_same(a: &Recording, b: &Recording, what: &str) {
    for v in ["rE", "rI"] {
        let d = max_abs_diff(a.trace(v, 0).unwrap(), b.trace(v, 0).unwrap());
        assert!(d < 1e-12, "{what}: `{v}` differs by {d:e}");
    }
}

#[test]
fn wilson_cowan_variants_reduce_to_the_checked_model() {
    let base = WilsonCowanParams::default();
    for method in ["exp_euler_diag", "rk4"] {
        // No saturation = the base model with r = 0.
        let mut m = WilsonCowanNoSaturation::new(1);
        m.set_method(method).unwrap();
        m.inputs.I_E[0] = 1.5;
        (m.state.rE[0], m.state.rI[0]) = (0.05, 0.05);
        let no_sat = run(m, 0.1, 300.0, &["rE", "rI"]);
        assert_same(
            &no_sat,
            &wc_base(
                WilsonCowanParams {
                    r: 0.0,
                    ..base.clone()
                },
                1.5,
                method,
            ),
            "no saturation",
        );

        // Symmetric = the base model with shared τ, a, θ.
        let sym = WilsonCowanSymmetricParams::default();
        let mut m = WilsonCowanSymmetric::new(1);
        m.set_method(method).unwrap();
        m.inputs.I_E[0] = 1.5;
        (m.state.rE[0], m.state.rI[0]) = (0.05, 0.05);
        let shared = WilsonCowanParams {
            tau_E: sym.tau,
            tau_I: sym.tau,
            a_E: sym.a,
            a_I: sym.a,
            theta_E: sym.theta,
            theta_I: sym.theta,
            ..base.clone()
        };
        assert_same(
            &run(m, 0.1, 300.0, &["rE", "rI"]),
            &wc_base(shared, 1.5, method),
            "symmetric",
        );

        // Simplified = the base model with wEE = wEI = w_exc and wIE = wII = w_inh.
        let simp = WilsonCowanSimplifiedParams::default();
        let mut m = WilsonCowanSimplified::new(1);
        m.set_method(method).unwrap();
        m.inputs.I_E[0] = 1.5;
        (m.state.rE[0], m.state.rI[0]) = (0.05, 0.05);
        let same_drive = WilsonCowanParams {
            wEE: simp.w_exc,
            wEI: simp.w_exc,
            wIE: simp.w_inh,
            wII: simp.w_inh,
            ..base.clone()
        };
        assert_same(
            &run(m, 0.1, 300.0, &["rE", "rI"]),
            &wc_base(same_drive, 1.5, method),
            "simplified",
        );

        // Three populations with M disconnected from E and I = the base model.
        let params = WilsonCowanThreePopulationParams {
            wEM: 0.0,
            wIM: 0.0,
            ..WilsonCowanThreePopulationParams::default()
        };
        let mut m = WilsonCowanThreePopulation::with_params(1, params.clone()).unwrap();
        m.set_method(method).unwrap();
        m.inputs.I_E[0] = 1.5;
        (m.state.rE[0], m.state.rI[0]) = (0.05, 0.05);
        let two = WilsonCowanParams {
            wIE: params.wIE,
            wEI: params.wEI,
            ..base.clone()
        };
        assert_same(
            &run(m, 0.1, 300.0, &["rE", "rI"]),
            &wc_base(two, 1.5, method),
            "three populations",
        );
    }
}

#[test]
fn threshold_linear_wilson_cowan_reaches_a_fixed_point_of_its_equations() {
    let mut m = WilsonCowanLinear::new(1);
    m.inputs.I_E[0] = 0.5;
    let rec = run(m, 0.1, 500.0, &["rE", "rI"]);
    let (e, i) = (
        *rec.trace("rE", 0).unwrap().last().unwrap(),
        *rec.trace("rI", 0).unwrap().last().unwrap(),
    );
    let p = WilsonCowanLinearParams::default();
    let de = -e + (1.0 - p.r * e) * (p.wEE * e - p.wIE * i + 0.5).max(0.0);
    let di = -i + (1.0 - p.r * i) * (p.wEI * e - p.wII * i).max(0.0);
    assert!(
        e > 0.0 && de.abs() < 1e-9 && di.abs() < 1e-9,
        "rE = {e}, rI = {i}"
    );
}

/// Episodes of `x > 0` separated by at least `gap_ms` of `x ≤ 0`.
fn episodes(t: &[f64], x: &[f64], gap_ms: f64) -> usize {
    let mut count = 0;
    let mut last_positive = f64::NEG_INFINITY;
    for (ti, xi) in t.iter().zip(x) {
        if *xi > 0.0 {
            if ti - last_positive > gap_ms {
                count += 1;
            }
            last_positive = *ti;
        }
    }
    count
}

#[test]
fn epileptor_seizes_for_x0_minus_1_6_and_not_for_minus_2_2() {
    let run_x0 = |x0: f64| {
        let p = EpileptorParams {
            x0,
            ..EpileptorParams::default()
        };
        let mut sim = Simulation::new(Epileptor::with_params(1, p).unwrap(), 0.05).unwrap();
        sim.record(&["x1", "z"]).unwrap();
        sim.every(20).unwrap();
        sim.run(20_000.0).unwrap()
    };
    let ill = run_x0(-1.6);
    let n = episodes(&ill.t_ms, ill.trace("x1", 0).unwrap(), 500.0);
    assert!(n >= 2, "recurrent seizures expected, got {n} episodes");
    let z = ill.trace("z", 0).unwrap();
    let (lo, hi) = (
        z.iter().cloned().fold(f64::INFINITY, f64::min),
        z.iter().cloned().fold(f64::NEG_INFINITY, f64::max),
    );
    assert!(
        lo > 2.5 && hi < 4.5 && hi - lo > 0.5,
        "slow permittivity variable cycles: {lo}..{hi}"
    );
    let healthy = run_x0(-2.2);
    assert!(
        healthy.trace("x1", 0).unwrap().iter().all(|x| *x < 0.0),
        "no seizure for x0 = -2.2"
    );
    let lfp = Epileptor::INFO.output_index("lfp").unwrap();
    let m = Epileptor::new(1);
    assert_eq!(m.output(lfp, 0), -1.0 - -1.5);
}

#[test]
fn larter_breakspear_defaults_oscillate_near_12_hz() {
    let rec = run(LarterBreakspear::new(1), 0.1, 3000.0, &["V"]);
    let v = &rec.trace("V", 0).unwrap()[10000..];
    let mean = v.iter().sum::<f64>() / v.len() as f64;
    let cycles = v.windows(2).filter(|w| w[0] < mean && w[1] >= mean).count();
    let hz = cycles as f64 / 2.0;
    assert!((10.0..=14.0).contains(&hz), "{hz} Hz");
}

#[test]
fn wong_wang_exc_inh_reaches_a_fixed_point_of_the_paper_equations() {
    let rec = run(WongWangExcInh::new(1), 0.1, 5000.0, &["S_e", "S_i"]);
    let (se, si) = (
        *rec.trace("S_e", 0).unwrap().last().unwrap(),
        *rec.trace("S_i", 0).unwrap().last().unwrap(),
    );
    // Deco et al. (2014), in Hz, nA, s (the defaults): the right-hand sides vanish.
    let h = |x: f64, a: f64, b: f64, d: f64| (a * x - b) / (1.0 - (-d * (a * x - b)).exp());
    let x_e = 1.4 * 0.15 * se - 1.0 * si + 0.382;
    let x_i = 0.15 * se - si + 0.7 * 0.382;
    let dse = -se / 0.1 + (1.0 - se) * 0.641 * h(x_e, 310.0, 125.0, 0.16);
    let dsi = -si / 0.01 + h(x_i, 615.0, 177.0, 0.087);
    assert!(
        dse.abs() < 1e-6 && dsi.abs() < 1e-6,
        "S_e = {se}, S_i = {si}: {dse}, {dsi} per s"
    );
    assert!((0.0..1.0).contains(&se) && (0.0..1.0).contains(&si));
}

#[test]
fn horn_semi_implicit_step_matches_its_definition_and_conserves_amplitude() {
    // One step by hand: y ← y + dt·f(x, y); x ← x + dt·y_new (brainmass HORNStep).
    let p = HornParams::default();
    let mut m = Horn::new(1);
    (m.state.x[0], m.state.y[0], m.inputs.I[0]) = (0.3, -0.1, 0.5);
    let mut spikes = Vec::new();
    m.step(0.0, 0.1, &mut spikes);
    let y1 = -0.1
        + 0.1
            * (p.alpha * (0.5f64 + p.v * 0.3).tanh()
                - p.omega * p.omega * 0.3
                - 2.0 * p.gamma * -0.1);
    let x1 = 0.3 + 0.1 * y1;
    assert!((m.state.y[0] - y1).abs() < 1e-15 && (m.state.x[0] - x1).abs() < 1e-15);
    // Undamped, undriven: the symplectic step keeps the amplitude over many periods, where
    // forward Euler lets it grow.
    let free = HornParams {
        gamma: 0.0,
        alpha: 0.0,
        ..HornParams::default()
    };
    let amplitude = |method: &str| {
        let mut m = Horn::with_params(1, free.clone()).unwrap();
        m.set_method(method).unwrap();
        m.state.x[0] = 1.0;
        let rec = run(m, 0.1, 28.0 * 20.0, &["x"]);
        rec.trace("x", 0).unwrap()[rec.t_ms.len() - 300..]
            .iter()
            .fold(0.0f64, |a, b| a.max(b.abs()))
    };
    assert!((amplitude("semi_implicit_euler") - 1.0).abs() < 0.01);
    assert!(amplitude("euler") > 1.05);
}

fn logistic_shifted(x: f64, a: f64, theta: f64) -> f64 {
    1.0 / (1.0 + (-a * (x - theta)).exp()) - 1.0 / (1.0 + (a * theta).exp())
}

#[test]
fn divisive_wilson_cowan_variants_reach_fixed_points_of_their_equations() {
    let mut m = WilsonCowanDivisive::new(1);
    m.inputs.I_E[0] = 4.0;
    let rec = run(m, 0.1, 500.0, &["rE", "rI"]);
    let (e, i) = (
        *rec.trace("rE", 0).unwrap().last().unwrap(),
        *rec.trace("rI", 0).unwrap().last().unwrap(),
    );
    let p = WilsonCowanDivisiveParams::default();
    let de = -e
        + (1.0 - p.r * e) * logistic_shifted(p.wEE * e + 4.0, p.a_E, p.theta_E)
            / (p.sigma_E + p.wIE * i);
    let di = -i
        + (1.0 - p.r * i) * logistic_shifted(p.wEI * e, p.a_I, p.theta_I) / (p.sigma_I + p.wII * i);
    assert!(
        e > 0.01 && de.abs() < 1e-9 && di.abs() < 1e-9,
        "divisive: rE = {e}, rI = {i}"
    );

    let mut m = WilsonCowanDivisiveInput::new(1);
    m.inputs.I_E[0] = 4.0;
    let rec = run(m, 0.1, 500.0, &["rE", "rI"]);
    let (e, i) = (
        *rec.trace("rE", 0).unwrap().last().unwrap(),
        *rec.trace("rI", 0).unwrap().last().unwrap(),
    );
    let p = WilsonCowanDivisiveInputParams::default();
    let de = -e
        + (1.0 - p.r * e)
            * logistic_shifted(p.wEE * e / (p.sigma_E + p.wIE * i) + 4.0, p.a_E, p.theta_E);
    let di = -i
        + (1.0 - p.r * i) * logistic_shifted(p.wEI * e / (p.sigma_I + p.wII * i), p.a_I, p.theta_I);
    assert!(
        e > 0.01 && de.abs() < 1e-9 && di.abs() < 1e-9,
        "divisive input: rE = {e}, rI = {i}"
    );
}

cajal::neural_model! {
    /// dx/dt = −x(t − τ)/T: a delay equation solvable by the method of steps.
    mass DelayedDecay {
        parameters { tau = 1 ms, T = 2 ms }
        state { x = 1 }
        equations { dx/dt = -delayed(x, tau)/T }
        method euler
    }
}

#[test]
fn delayed_values_follow_the_method_of_steps() {
    // History x = 1 before t = 0: on [0, τ] the slope is exactly −1/T, so Euler is exact.
    let rec = run(DelayedDecay::new(1), 0.01, 3.0, &["x"]);
    let x = rec.trace("x", 0).unwrap();
    for (t, v) in rec.t_ms.iter().zip(x).take(101) {
        assert!((v - (1.0 - t / 2.0)).abs() < 1e-12, "t = {t}: {v}");
    }
    // On [τ, 2τ]: x = 1 − τ/T − (t − τ)/T + (t − τ)²/(2T²), to first order in dt.
    for (t, v) in rec.t_ms.iter().zip(x).skip(100).take(101) {
        let s = t - 1.0;
        let want = 1.0 - 0.5 - s / 2.0 + s * s / 8.0;
        assert!((v - want).abs() < 0.01 * 2.0, "t = {t}: {v} vs {want}");
    }
}

#[test]
fn delayed_wilson_cowan_without_delays_is_the_base_model() {
    // Euler only: exponential methods treat delayed values as constants and Runge–Kutta
    // stages read them at the start of the step (both as brainmass does), so those steps
    // differ from the undelayed model even at zero delay.
    let method = "euler";
    let params = WilsonCowanDelayedParams {
        d_EE: 0.0,
        d_IE: 0.0,
        d_EI: 0.0,
        d_II: 0.0,
        ..WilsonCowanDelayedParams::default()
    };
    let mut m = WilsonCowanDelayed::with_params(1, params.clone()).unwrap();
    m.set_method(method).unwrap();
    m.inputs.I_E[0] = 1.5;
    (m.state.rE[0], m.state.rI[0]) = (0.05, 0.05);
    let base = WilsonCowanParams {
        wIE: params.wIE,
        wEI: params.wEI,
        ..WilsonCowanParams::default()
    };
    let delayed = run(m, 0.1, 300.0, &["rE", "rI"]);
    assert_same(&delayed, &wc_base(base, 1.5, method), "zero delays");
    // With brainmass's delays the trajectory differs from the undelayed one but stays bounded.
    let mut m = WilsonCowanDelayed::new(1);
    m.inputs.I_E[0] = 1.5;
    (m.state.rE[0], m.state.rI[0]) = (0.05, 0.05);
    let rec = run(m, 0.1, 500.0, &["rE"]);
    assert!(
        rec.trace("rE", 0)
            .unwrap()
            .iter()
            .all(|v| v.is_finite() && v.abs() <= 1.0)
    );
}

/// φ(z) = (e^z − 1)/z, 1 at 0.
fn exprel(z: f64) -> f64 {
    if z == 0.0 { 1.0 } else { z.exp_m1() / z }
}

#[test]
fn threshold_linear_wilson_cowan_steps_by_exponential_euler_through_max() {
    // brainmass integrates WilsonCowanLinearStep by exponential Euler: the Jacobian diagonal
    // of [x]₊ is the slope of the side taken.
    let p = WilsonCowanLinearParams::default();
    assert_eq!(WilsonCowanLinear::INFO.method, "exp_euler_diag");
    for (e0, i0, input) in [(0.2, 0.1, 0.5), (0.05, 0.6, -0.3)] {
        let mut m = WilsonCowanLinear::new(1);
        (m.state.rE[0], m.state.rI[0], m.inputs.I_E[0]) = (e0, i0, input);
        let dt = 0.1;
        m.step(0.0, dt, &mut Vec::new());
        let u = p.wEE * e0 - p.wIE * i0 + input;
        let f = (-e0 + (1.0 - p.r * e0) * u.max(0.0)) / p.tau_E;
        let slope = if u > 0.0 { p.wEE } else { 0.0 };
        let a = (-1.0 - p.r * u.max(0.0) + (1.0 - p.r * e0) * slope) / p.tau_E;
        let want = e0 + dt * exprel(dt * a) * f;
        assert!(
            (m.state.rE[0] - want).abs() < 1e-15,
            "u = {u}: {} vs {want}",
            m.state.rE[0]
        );
    }
}

#[test]
fn brainmass_threshold_linear_keeps_its_plus_sign_and_the_default_its_minus() {
    let ms = 20.0;
    let start = |mut m: ThresholdLinearBrainmass| {
        m.state.I[0] = 0.1;
        m
    };
    let grown = run(start(ThresholdLinearBrainmass::new(1)), 0.1, ms, &["I"]);
    let mut decaying = ThresholdLinear::new(1);
    decaying.state.I[0] = 0.1;
    let decayed = run(decaying, 0.1, ms, &["I"]);
    let tau = ThresholdLinearBrainmassParams::default().tau_I;
    assert_eq!(tau, ThresholdLinearParams::default().tau_I);
    let (up, down) = (
        *grown.trace("I", 0).unwrap().last().unwrap(),
        *decayed.trace("I", 0).unwrap().last().unwrap(),
    );
    let t = *grown.t_ms.last().unwrap();
    // Exponential Euler is exact for these linear equations.
    assert!((up - 0.1 * (t / tau).exp()).abs() < 1e-12, "{up}");
    assert!((down - 0.1 * (-t / tau).exp()).abs() < 1e-12, "{down}");
}

#[test]
fn wong_wang_kinetic_factors_need_their_unit() {
    // brainmass's per-ms value with its unit is the paper's per-second value.
    let p = WongWangExcInhParams::default();
    assert_eq!(p.gamma_e, 0.641);
    let q = cajal_lang::quantity::parse_quantity("0.000641 /ms/Hz").unwrap();
    assert!((q.in_unit("1/s/Hz").unwrap() - 0.641).abs() < 1e-15);
    // A bare number is refused rather than read in the declared scale.
    let bare = cajal_lang::quantity::parse_quantity("0.000641").unwrap();
    let e = bare.in_unit("1/s/Hz").unwrap_err();
    assert!(e.contains("write the unit"), "{e}");
    // …but a plain dimensionless declaration takes bare numbers.
    assert_eq!(bare.in_unit("1").unwrap(), 0.000641);
}
