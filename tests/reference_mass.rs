//! Neural masses against `tests/reference/mass/` (brainmass 0.1.1, numpy cross-checked):
//! trajectories within 1e-9 of the maximum amplitude with the same integrator.

mod common;

use cajal::prelude::*;
use common::{f, floats, max_relative_deviation, reference};

const TOLERANCE: f64 = 1e-9;

/// brainmass method names → Cajal's.
fn method(name: &str) -> &str {
    match name {
        "exp_euler" => "exp_euler_diag",
        other => other,
    }
}

fn run_and_compare<M: Model>(file: &str, mut model: M, states: &[&str], inputs: &[(&str, &str)]) {
    let r = reference(file);
    model
        .set_method(method(r["method"].as_str().unwrap()))
        .unwrap();
    for (k, name) in states.iter().enumerate() {
        model.state_mut(k)[0] = f(&r["initial_state"][name]);
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
    sim.record(states).unwrap();
    sim.every(stride).unwrap();
    let rec = sim.run(n_steps as f64 * dt).unwrap();
    assert_eq!(
        rec.t_ms.len(),
        floats(&r["t_ms"]).len(),
        "{file}: sample count"
    );
    for name in states {
        let expected = floats(&r["trajectory"][name]);
        let dev = max_relative_deviation(rec.trace(name, 0).unwrap(), &expected);
        assert!(
            dev <= TOLERANCE,
            "{file}: `{name}` deviates by {dev:e} of its amplitude"
        );
    }
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
    let p = &r["params"];
    assert_eq!(p["tau_unit"], "ms");
    let params = WilsonCowanParams {
        tau_E: f(&p["tau_E"]),
        a_E: f(&p["a_E"]),
        theta_E: f(&p["theta_E"]),
        tau_I: f(&p["tau_I"]),
        a_I: f(&p["a_I"]),
        theta_I: f(&p["theta_I"]),
        wEE: f(&p["wEE"]),
        wIE: f(&p["wIE"]),
        wEI: f(&p["wEI"]),
        wII: f(&p["wII"]),
        r: f(&p["r"]),
    };
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
