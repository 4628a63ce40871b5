//! Neural masses against `tests/reference/mass/` (brainmass 0.1.1, numpy cross-checked):
//! trajectories within 1e-9 of the maximum amplitude with the same integrator.

use crate::common;

use cajal::prelude::*;
use common::{f, floats, max_relative_deviation, reference, wilson_cowan_params};

const TOLERANCE: f64 = 1e-9;

fn run_and_compare<M: Model>(file: &str, model: M, states: &[&str], inputs: &[(&str, &str)]) {
    let keyed: Vec<(&str, &str)> = states.iter().map(|s| (*s, *s)).collect();
    run_and_compare_keyed(file, model, &keyed, inputs);
}

/// Runs `model` as the reference file describes and compares every state's trajectory.
/// `states` pairs each state with its key in the file's `initial_state`; `inputs` pairs each
/// input with its key in the file's `inputs`.
fn run_and_compare_keyed<M: Model>(
    file: &str,
    model: M,
    states: &[(&str, &str)],
    inputs: &[(&str, &str)],
) {
    let rec = run_like_reference(file, model, states, inputs);
    let r = reference(file);
    for (name, _) in states {
        let expected = floats(&r["trajectory"][name]);
        let dev = max_relative_deviation(rec.trace(name, 0).unwrap(), &expected);
        assert!(
            dev <= TOLERANCE,
            "{file}: `{name}` deviates by {dev:e} of its amplitude"
        );
    }
}

/// Simulates `model` with the file's method, initial state, inputs, duration and stride.
fn run_like_reference<M: Model>(
    file: &str,
    mut model: M,
    states: &[(&str, &str)],
    inputs: &[(&str, &str)],
) -> Recording {
    let r = reference(file);
    // brainmass's method names (`exp_euler`) are accepted as they are.
    model.set_method(r["method"].as_str().unwrap()).unwrap();
    for (name, key) in states {
        let k = model.info().state_index(name).unwrap();
        model.state_mut(k)[0] = f(&r["initial_state"][key]);
    }
    let dt = f(&r["dt_ms"]);
    let n_steps = r["n_steps"].as_u64().unwrap();
    let stride = r["record_stride"].as_u64().unwrap();
    let mut sim = Simulation::new(model, dt).unwrap();
    for (ours, theirs) in inputs {
        let stimulus = match &r["inputs"][theirs] {
            serde_json::Value::String(rule) => {
                // "0.0 if step<5000 else 1.5"
                let (before, rest) = rule.split_once(" if step<").unwrap();
                let (at, after) = rest.split_once(" else ").unwrap();
                let at: f64 = at.parse().unwrap();
                Stimulus::step(before.parse().unwrap(), after.parse().unwrap(), at * dt)
            }
            v => Stimulus::Constant(f(v)),
        };
        sim.drive(ours, stimulus).unwrap();
    }
    let names: Vec<&str> = states.iter().map(|(n, _)| *n).collect();
    sim.record(&names).unwrap();
    sim.every(stride).unwrap();
    let rec = sim.run(n_steps as f64 * dt).unwrap();
    assert_eq!(
        rec.t_ms.len(),
        floats(&r["t_ms"]).len(),
        "{file}: sample count"
    );
    rec
}

fn hopf(file: &str) {
    let r = reference(file);
    let p = &r["params"];
    let params = HopfParams {
        a: f(&p["a"]),
        w: f(&p["w"]),
        beta: f(&p["beta"]),
        ..HopfParams::default()
    };
    run_and_compare(
        file,
        Hopf::with_params(1, params).unwrap(),
        &["x", "y"],
        &[("x_inp", "x_inp"), ("y_inp", "y_inp")],
    );
}

fn wilson_cowan(file: &str) {
    let r = reference(file);
    let params = wilson_cowan_params(&r["params"]);
    run_and_compare(
        file,
        WilsonCowan::with_params(1, params).unwrap(),
        &["rE", "rI"],
        &[("I_E", "rE_inp"), ("I_I", "rI_inp")],
    );
}

#[test]
fn hopf_limit_cycle_exp_euler_diag() {
    hopf("mass/single_hopf_limit_cycle.json");
}

#[test]
fn hopf_limit_cycle_euler() {
    hopf("mass/single_hopf_limit_cycle_euler.json");
}

#[test]
fn hopf_limit_cycle_rk4() {
    hopf("mass/single_hopf_limit_cycle_rk4.json");
}

#[test]
fn hopf_fixed_point() {
    hopf("mass/single_hopf_fixed_point.json");
}

#[test]
fn hopf_constant_input() {
    hopf("mass/single_hopf_const_input.json");
}

#[test]
fn wilson_cowan_defaults() {
    let r = reference("mass/single_wilson_cowan_default_P1p25.json");
    let d = WilsonCowanParams::default();
    assert_eq!(
        (d.tau_E, d.a_E, d.theta_E, d.wEE, d.wIE, d.wEI, d.wII),
        (f(&r["params"]["tau_E"]), 1.2, 2.8, 12.0, 4.0, 13.0, 11.0)
    );
    wilson_cowan("mass/single_wilson_cowan_default_P1p25.json");
}

#[test]
fn wilson_cowan_limit_cycle() {
    wilson_cowan("mass/single_wilson_cowan_nlparams_P1p5.json");
}

#[test]
fn wilson_cowan_step_input() {
    wilson_cowan("mass/single_wilson_cowan_step_input.json");
}

#[test]
fn hopf_defaults_are_brainmass_defaults() {
    let d = HopfParams::default();
    assert_eq!((d.a, d.w, d.beta), (0.25, 0.2, 1.0));
    assert_eq!(Hopf::INFO.method, "exp_euler_diag");
}

#[test]
fn stuart_landau_limit_cycle() {
    let file = "mass/single_stuart_landau_limit_cycle.json";
    let p = &reference(file)["params"];
    let params = StuartLandauParams {
        a: f(&p["a"]),
        w: f(&p["w"]),
        ..StuartLandauParams::default()
    };
    assert_eq!(params, StuartLandauParams::default());
    run_and_compare(
        file,
        StuartLandau::with_params(1, params).unwrap(),
        &["x", "y"],
        &[("x_inp", "x_inp"), ("y_inp", "y_inp")],
    );
}

#[test]
fn van_der_pol_limit_cycle() {
    let file = "mass/single_van_der_pol_mu1.json";
    let p = &reference(file)["params"];
    let params = VanDerPolParams {
        mu: f(&p["mu"]),
        ..VanDerPolParams::default()
    };
    run_and_compare(
        file,
        VanDerPol::with_params(1, params).unwrap(),
        &["x", "y"],
        &[("x_inp", "x_inp"), ("y_inp", "y_inp")],
    );
}

#[test]
fn fitzhugh_nagumo_oscillation() {
    let file = "mass/single_fhn_oscillation.json";
    let p = &reference(file)["params"];
    assert_eq!(p["tau_unit"], "ms");
    let params = FitzHughNagumoParams {
        alpha: f(&p["alpha"]),
        beta: f(&p["beta"]),
        gamma: f(&p["gamma"]),
        delta: f(&p["delta"]),
        epsilon: f(&p["epsilon"]),
        tau: f(&p["tau"]),
        ..FitzHughNagumoParams::default()
    };
    assert_eq!(params, FitzHughNagumoParams::default());
    run_and_compare(
        file,
        FitzHughNagumo::with_params(1, params).unwrap(),
        &["V", "w"],
        &[("V_inp", "V_inp"), ("w_inp", "w_inp")],
    );
}

#[test]
fn threshold_linear_relaxation_with_the_corrected_sign() {
    let file = "mass/single_threshold_linear_relax.json";
    let r = reference(file);
    let p = &r["params"];
    let params = ThresholdLinearParams {
        tau_E: f(&p["tau_E"]),
        tau_I: f(&p["tau_I"]),
        beta_E: f(&p["beta_E"]),
        beta_I: f(&p["beta_I"]),
    };
    assert_eq!(params, ThresholdLinearParams::default());
    let states = [("E", "E"), ("I", "I")];
    let model = ThresholdLinear::with_params(1, params.clone()).unwrap();
    let rec = run_like_reference(
        file,
        model,
        &states,
        &[("E_inp", "E_inp"), ("I_inp", "I_inp")],
    );
    // E follows the same equation in brainmass and in Cajal.
    let dev = max_relative_deviation(rec.trace("E", 0).unwrap(), &floats(&r["trajectory"]["E"]));
    assert!(dev <= TOLERANCE, "E deviates by {dev:e}");
    // I: brainmass has +I (its sign error) and stays clamped at 0; with the literature's −I
    // it relaxes as β_I·[I_inp]₊·(1 − e^{−t/τ_I}), which the exponential step gives exactly.
    let i_inp = f(&r["inputs"]["I_inp"]);
    let analytic: Vec<f64> = rec
        .t_ms
        .iter()
        .map(|t| params.beta_I * i_inp.max(0.0) * (1.0 - (-t / params.tau_I).exp()))
        .collect();
    let dev = max_relative_deviation(rec.trace("I", 0).unwrap(), &analytic);
    assert!(dev <= 1e-12, "I deviates from the closed form by {dev:e}");
    assert!(
        floats(&r["trajectory"]["I"]).iter().all(|x| *x == 0.0),
        "the file documents brainmass's clamped I"
    );
}

#[test]
fn jansen_rit_alpha_rhythm() {
    let file = "mass/single_jansen_rit_p220.json";
    let r = reference(file);
    let p = &r["params"];
    let params = JansenRitParams {
        A_e: f(&p["Ae"]),
        A_i: f(&p["Ai"]),
        b_e: f(&p["be_hz"]),
        b_i: f(&p["bi_hz"]),
        C: f(&p["C"]),
        a1: f(&p["a1"]),
        a2: f(&p["a2"]),
        a3: f(&p["a3"]),
        a4: f(&p["a4"]),
        s_max: f(&p["s_max_hz"]),
        v0: f(&p["v0"]),
        rho: f(&p["r"]),
    };
    assert_eq!(params, JansenRitParams::default());
    let states = [
        ("M", "M"),
        ("E", "E"),
        ("I", "I"),
        ("Mv", "Mv"),
        ("Ev", "Ev"),
        ("Iv", "Iv"),
    ];
    let inputs = [
        ("M_inp", "M_inp_mV"),
        ("E_inp", "E_inp_Hz"),
        ("I_inp", "I_inp_mV"),
    ];
    run_and_compare_keyed(
        file,
        JansenRit::with_params(1, params.clone()).unwrap(),
        &states,
        &inputs,
    );
    // The EEG proxy E − I, from the model's own output.
    let model = JansenRit::with_params(1, params).unwrap();
    let rec = run_like_reference(file, model, &states, &inputs);
    let eeg: Vec<f64> = rec
        .trace("E", 0)
        .unwrap()
        .iter()
        .zip(rec.trace("I", 0).unwrap())
        .map(|(e, i)| e - i)
        .collect();
    let dev = max_relative_deviation(&eeg, &floats(&r["output_trajectory"]));
    assert!(dev <= TOLERANCE, "eeg deviates by {dev:e}");
}

#[test]
fn jansen_rit_eeg_output_is_e_minus_i() {
    let mut m = JansenRit::new(1);
    m.state.E[0] = 7.5;
    m.state.I[0] = 2.25;
    let k = JansenRit::INFO.output_index("eeg").unwrap();
    assert_eq!(m.output(k, 0), 5.25);
}

#[test]
fn montbrio_pazo_roxin_focus() {
    let file = "mass/single_mpr_delta1kHz_I3.json";
    let r = reference(file);
    let p = &r["params"];
    let params = MontbrioPazoRoxinParams {
        tau: f(&p["tau_ms"]),
        eta: f(&p["eta"]),
        delta: f(&p["delta_hz"]),
        J: f(&p["J"]),
    };
    assert_eq!(params, MontbrioPazoRoxinParams::standard());
    let model = MontbrioPazoRoxin::with_params(1, params).unwrap();
    run_and_compare_keyed(
        file,
        model,
        &[("r", "r_Hz"), ("v", "v")],
        &[("r_inp", "r_inp_Hz"), ("v_inp", "v_inp")],
    );
}

#[test]
fn wilson_cowan_adaptive_defaults() {
    let file = "mass/single_wc_variant_WilsonCowanAdaptiveStep.json";
    let states = [("rE", "rE"), ("rI", "rI"), ("aE", "aE"), ("aI", "aI")];
    run_and_compare_keyed(
        file,
        WilsonCowanAdaptive::new(1),
        &states,
        &[("I_E", "rE_inp"), ("I_I", "rI_inp")],
    );
}

#[test]
fn wong_wang_two_choice_with_zero_coherence() {
    let file = "mass/single_wong_wang_coh0.json";
    let r = reference(file);
    let p = &r["params"];
    let params = WongWangParams {
        tau_S: f(&p["tau_S_ms"]),
        gamma: f(&p["gamma"]),
        a: f(&p["a"]),
        theta: f(&p["theta"]),
        J11: f(&p["J_N11"]),
        J22: f(&p["J_N22"]),
        J12: f(&p["J_N12"]),
        J21: f(&p["J_N21"]),
        J_ext: f(&p["J_A_ext"]),
        mu0: f(&p["mu_0"]),
        I0: f(&p["I_0"]),
    };
    assert_eq!(params, WongWangParams::default());
    let model = WongWang::with_params(1, params).unwrap();
    run_and_compare(file, model, &["S1", "S2"], &[("coherence", "coherence")]);
}
