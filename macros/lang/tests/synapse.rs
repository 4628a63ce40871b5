//! Synapse items: summed linear state, weight, `on_pre` jumps, injected values, and the
//! errors that keep summed state exact.

use cajal_lang::compile_items;
use cajal_lang::ir::{Item, JumpTarget, Method, Synapse, Var};
use cajal_lang::sym;

const NMDA: &str = r#"
/// NMDA conductance with magnesium block.
pub synapse Nmda {
    parameters { tau = 100 ms, E = 0 mV }
    weight w: nS = 1 nS
    post { v: mV }
    state { g = 0 nS }
    equations { dg/dt = -g/tau }
    functions { fn block(v) = (((v + 80 mV)/60 mV)^2) / (1 + ((v + 80 mV)/60 mV)^2) }
    on_pre { g += w }
    inject { I: pA = g*(E - v)*block(v) }
}
"#;

fn synapse(text: &str) -> Synapse {
    let items = compile_items(text).unwrap_or_else(|d| panic!("{}", d.render("syn", text)));
    match items.into_iter().next() {
        Some(Item::Synapse(s)) => s,
        other => panic!("expected a synapse, got {other:?}"),
    }
}

fn errors(text: &str) -> String {
    match compile_items(text) {
        Ok(_) => panic!("expected errors"),
        Err(d) => d.render("syn", text),
    }
}

#[test]
fn nmda_synapse_has_summed_state_weight_jump_and_injected_current() {
    let s = synapse(NMDA);
    let d = &s.dynamics;
    assert_eq!(d.name, "Nmda");
    assert_eq!(d.states[0].name, "g");
    assert_eq!(d.inputs[0].name, "v");
    assert_eq!(d.outputs[0].name, "I");
    assert_eq!(d.outputs[0].unit.text, "pA");
    assert_eq!(s.weight.name, "w");
    assert_eq!(s.weight.default, Some(1.0));
    assert_eq!(
        d.method,
        Method::Exact,
        "linear decay is integrated exactly"
    );
    assert_eq!(s.on_pre.len(), 1);
    assert_eq!(s.on_pre[0].target, JumpTarget::State(0));
    assert_eq!(sym::eval(&s.on_pre[0].per_weight, &|_| f64::NAN), 1.0);
    // nS · mV = pA: the injected current is g (E − v) B(v) with no scale factor.
    let (g, v) = (2.0, -40.0);
    let vals = |x: Var| match x {
        Var::State(0) => g,
        Var::Input(0) => v,
        Var::Param(0) => 100.0,
        Var::Param(1) => 0.0,
        other => panic!("unexpected {other:?}"),
    };
    let x: f64 = (v + 80.0) / 60.0;
    let expected = g * (0.0 - v) * (x * x / (1.0 + x * x));
    let got = sym::eval(&d.outputs[0].expr, &vals);
    assert!((got - expected).abs() < 1e-12 * expected.abs());
}

#[test]
fn increment_in_other_units_is_scaled_per_unit_weight() {
    let s = synapse(
        r#"synapse Alpha {
            parameters { tau = 5 ms }
            weight w: pA
            state { I = 0 pA, x = 0 nA }
            equations { dI/dt = (x - I)/tau; dx/dt = -x/tau }
            on_pre { x += w*2.718281828459045 }
            inject { I_syn: pA = I }
        }"#,
    );
    assert_eq!(s.on_pre[0].target, JumpTarget::State(1));
    let c = sym::eval(&s.on_pre[0].per_weight, &|_| f64::NAN);
    assert!((c - 2.718281828459045e-3).abs() < 1e-18, "pA → nA: {c}");
    assert_eq!(s.weight.default, None);
}

#[test]
fn post_variables_can_jump() {
    let s = synapse(
        r#"synapse Delta {
            weight J: mV
            post { v: mV }
            on_pre { v -= J }
        }"#,
    );
    assert_eq!(s.on_pre[0].target, JumpTarget::Post(0));
    assert_eq!(sym::eval(&s.on_pre[0].per_weight, &|_| f64::NAN), -1.0);
    assert!(s.dynamics.states.is_empty());
}

#[test]
fn nonlinear_summed_state_is_rejected_at_its_equation() {
    let e = errors(
        r#"synapse Bad {
            parameters { tau = 5 ms }
            weight w: nS
            post { v: mV }
            state { g = 0 nS }
            equations { dg/dt = -g*g/(tau*1 nS) }
            on_pre { g += w }
        }"#,
    );
    assert!(
        e.contains("`dg/dt` must be linear in the synapse's state"),
        "{e}"
    );
    assert!(e.contains("-g*g/(tau*1 nS)"), "points at the equation: {e}");
}

#[test]
fn voltage_dependent_summed_state_is_rejected() {
    let e = errors(
        r#"synapse Bad {
            parameters { tau = 5 ms }
            weight w: nS
            post { v: mV }
            state { g = 0 nS }
            equations { dg/dt = -g/tau + (v/1 mV)*1 nS/ms }
            on_pre { g += w }
        }"#,
    );
    assert!(e.contains("must be linear in the synapse's state"), "{e}");
}

#[test]
fn increments_must_be_proportional_to_the_weight() {
    let e = errors(
        r#"synapse Bad {
            parameters { tau = 5 ms }
            weight w: nS
            state { g = 0 nS }
            equations { dg/dt = -g/tau }
            on_pre { g += w + 1 nS }
        }"#,
    );
    assert!(e.contains("must be proportional to the weight `w`"), "{e}");
}

#[test]
fn increments_are_dimension_checked() {
    let e = errors(
        r#"synapse Bad {
            parameters { tau = 5 ms }
            weight w: pA
            state { g = 0 nS }
            equations { dg/dt = -g/tau }
            on_pre { g += w }
        }"#,
    );
    assert!(
        e.contains("the increment of `g` must have units of conductance"),
        "{e}"
    );
}

#[test]
fn on_pre_only_adds() {
    let e = errors(
        r#"synapse Bad {
            parameters { tau = 5 ms }
            weight w: nS
            state { g = 0 nS }
            equations { dg/dt = -g/tau }
            on_pre { g = w }
        }"#,
    );
    assert!(e.contains("`on_pre` can only add to `g`"), "{e}");
}

#[test]
fn a_synapse_needs_a_weight_and_on_pre() {
    let e = errors("synapse Bad { state { g = 0 nS } equations { dg/dt = -g/(5 ms) } }");
    assert!(e.contains("synapse `Bad` has no weight"), "{e}");
    let e =
        errors("synapse Bad { weight w: nS state { g = 0 nS } equations { dg/dt = -g/(5 ms) } }");
    assert!(e.contains("has no `on_pre"), "{e}");
}

#[test]
fn sections_stay_in_their_items() {
    let e = errors(
        "neuron N { state { v = 0 mV } equations { dv/dt = -v/(1 ms) } on_pre { v += 1 mV } }",
    );
    assert!(
        e.contains("`on_pre` is not a section of a neuron item; it belongs in a `synapse` item"),
        "{e}"
    );
    let e = errors(
        "synapse S { weight w: nS inputs { I: pA } state { g = 0 nS } equations { dg/dt = -g/(5 ms) } on_pre { g += w } }",
    );
    assert!(
        e.contains("`inputs` is not a section of a synapse item"),
        "{e}"
    );
    assert!(e.contains("post { v: mV }"), "{e}");
}

const STDP: &str = r#"
/// Pair-based additive STDP with an exponential conductance.
synapse Stdp {
    parameters { tau = 5 ms, taupre = 20 ms, taupost = 20 ms, wmax = 1, Apre = 0.01, Apost = -0.0105 }
    weight w: 1 = 0.5
    state { g = 0 }
    traces { apre = 0, apost = 0 }
    equations {
        dg/dt = -g/tau
        dapre/dt = -apre/taupre
        dapost/dt = -apost/taupost
    }
    on_pre { g += w; apre += Apre; w = min(max(w + apost, 0), wmax) }
    on_post { apost += Apost; w = min(max(w + apre, 0), wmax) }
}
"#;

#[test]
fn plastic_synapse_has_traces_and_ordered_statements() {
    use cajal_lang::ir::PlasticTarget;
    let s = synapse(STDP);
    assert_eq!(s.dynamics.states.len(), 1, "only g is summed");
    let p = s.plasticity.expect("plastic");
    assert_eq!(p.traces.len(), 2);
    // Rate −1/taupre in 1/ms.
    assert_eq!(sym::eval(&p.traces[0].rate, &|_| 20.0), -0.05);
    let targets: Vec<PlasticTarget> = p.on_pre.iter().map(|s| s.target).collect();
    assert_eq!(
        targets,
        [
            PlasticTarget::Summed(0),
            PlasticTarget::Trace(0),
            PlasticTarget::Weight
        ]
    );
    assert_eq!(p.on_post[1].target, PlasticTarget::Weight);
    assert!(sym::contains(&p.on_post[1].value, Var::Trace(0)));
}

#[test]
fn plastic_synapse_errors_name_the_offending_statement() {
    let e = errors(&STDP.replace("dapre/dt = -apre/taupre", "dapre/dt = -apre/taupre + 1/ms"));
    assert!(
        e.contains("`dapre/dt` must be a rate made of parameters times `apre`"),
        "{e}"
    );
    let e = errors(&STDP.replace(
        "on_post { apost += Apost;",
        "on_post { g += w; apost += Apost;",
    ));
    assert!(
        e.contains("`on_post` can change a per-synapse variable or the weight, but not `g`"),
        "{e}"
    );
    let e = errors(&STDP.replace("dg/dt = -g/tau", "dg/dt = -g/tau + apre/tau"));
    assert!(e.contains("`dg/dt` reads a per-synapse variable"), "{e}");
    let e = errors(&STDP.replace("apre += Apre;", "apre += 1 mV;"));
    assert!(
        e.contains("the value for `apre` must be dimensionless"),
        "{e}"
    );
    let e = errors(&STDP.replace("g += w;", "g *= w;"));
    assert!(e.contains("`g` can only be added to"), "{e}");
}

/// A synapse with a continuous per-synapse variable (a low-pass filter of the target's
/// membrane potential) and a weight equation that reads it, a trace and the weight.
const CONTINUOUS: &str = r#"
synapse Filtered {
    parameters { tau = 5 ms, tau_f = 10 ms, tau_w = 100 ms, taupre = 20 ms, theta = -60 mV }
    weight w: nS = 1 nS
    post { v: mV }
    state { g = 0 nS }
    traces { apre = 0 }
    continuous { vbar = -70 mV }
    equations {
        dg/dt = -g/tau
        dapre/dt = -apre/taupre
        dvbar/dt = (v - vbar)/tau_f
        dw/dt = apre*(vbar - theta)*1 nS/mV/tau_w - w/tau_w
    }
    on_pre { g += w; apre += 1; vbar += 1 mV }
    inject { I: pA = g*(0 mV - v) }
    schedule brian2
}
"#;

#[test]
fn continuous_per_synapse_variables_and_a_weight_equation_are_lowered() {
    use cajal_lang::ir::PlasticTarget;
    let s = synapse(CONTINUOUS);
    assert_eq!(s.dynamics.states.len(), 1, "only g is summed");
    let p = s.plasticity.expect("plastic");
    assert_eq!((p.traces.len(), p.continuous.len()), (1, 1));
    assert!(p.is_continuous());
    let vbar = &p.continuous[0];
    assert_eq!(
        (vbar.name.as_str(), vbar.unit.text.as_str()),
        ("vbar", "mV")
    );
    // (v − vbar)/tau_f with v = −50, vbar = −70, tau_f = 10: 2 mV/ms.
    let value = |v: Var| match v {
        Var::Input(0) => -50.0,
        Var::Trace(1) => -70.0,
        Var::Trace(0) => 0.5,
        Var::Weight => 2.0,
        Var::Param(k) => [5.0, 10.0, 100.0, 20.0, -60.0][k],
        other => panic!("reads {other:?}"),
    };
    assert_eq!(sym::eval(&vbar.derivative, &value), 2.0);
    let dw = p.weight_derivative.as_ref().expect("weight equation");
    // 0.5·(−70 + 60)·1/100 − 2/100 = −0.07 nS/ms.
    assert!((sym::eval(dw, &value) + 0.07).abs() < 1e-15);
    let targets: Vec<PlasticTarget> = p.on_pre.iter().map(|s| s.target).collect();
    assert_eq!(
        targets,
        [
            PlasticTarget::Summed(0),
            PlasticTarget::Trace(0),
            PlasticTarget::Trace(1)
        ]
    );
}

#[test]
fn continuous_variable_errors_point_at_the_equation() {
    let e = errors(&CONTINUOUS.replace(
        "dvbar/dt = (v - vbar)/tau_f",
        "dvbar/dt = (v - vbar)/tau_f + g/tau*1 mV/nS",
    ));
    assert!(e.contains("`dvbar/dt` reads the summed state"), "{e}");
    let e = errors(&CONTINUOUS.replace("dg/dt = -g/tau", "dg/dt = -g/tau + w/tau_w"));
    assert!(e.contains("`dg/dt` reads a per-synapse variable"), "{e}");
    let e = errors(&CONTINUOUS.replace("dvbar/dt = (v - vbar)/tau_f", "dvbar/dt = (v - vbar)"));
    assert!(
        e.contains("`dvbar/dt` must be in mV/ms (or another unit of voltage/time (V/s)), but the right-hand side has units of voltage (V)"),
        "{e}"
    );
    assert!(
        e.contains("divide it by a time scale, e.g. `dvbar/dt = (…)/tau`"),
        "the fix is named: {e}"
    );
    assert!(e.contains("syn:12:21"), "{e}");
    let e = errors(&CONTINUOUS.replace("I: pA = g*(0 mV - v)", "I: pA = g*(0 mV - vbar)"));
    assert!(e.contains("`I` reads a per-synapse variable"), "{e}");
    let e = errors(&CONTINUOUS.replace(
        "continuous { vbar = -70 mV }",
        "continuous { vbar = -70 mV }\n    continuous { q = 0 }",
    ));
    assert!(
        e.contains("`q` has no equation") || e.contains("state `q` has no equation"),
        "{e}"
    );
}
