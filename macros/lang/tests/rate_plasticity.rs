//! Plastic couplings: a named weight with an equation over `pre`, `post`, the weight and
//! per-target rule states, and the errors that keep the rule's parts in their places.

use cajal_lang::compile_items;
use cajal_lang::ir::{Coupling, Item, Var};
use cajal_lang::sym;

const BCM: &str = r#"
coupling Bcm {
    parameters { eta = 0.000001 /ms, nu_target = 10, tau_theta = 100 ms }
    weight w: 1
    state { theta = nu_target }
    edge { pre }
    equations {
        dtheta/dt = (post^2/nu_target - theta)/tau_theta
        dw/dt = eta*pre*post*(post - theta)
    }
}
"#;

fn coupling(text: &str) -> Coupling {
    let items = compile_items(text).unwrap_or_else(|d| panic!("{}", d.render("c", text)));
    match items.into_iter().next() {
        Some(Item::Coupling(c)) => c,
        other => panic!("expected a coupling, got {other:?}"),
    }
}

fn errors(text: &str) -> String {
    match compile_items(text) {
        Ok(_) => panic!("expected errors"),
        Err(d) => d.render("c", text),
    }
}

#[test]
fn a_bcm_coupling_has_a_weight_equation_and_a_per_target_threshold() {
    let c = coupling(BCM);
    assert!(c.linear.is_some(), "the edge stays a matrix–vector product");
    let rule = c.plasticity.expect("the coupling is plastic");
    assert_eq!(rule.weight, "w");
    assert_eq!(rule.states.len(), 1);
    assert_eq!(rule.states[0].name, "theta");
    let (pre, post, w, theta) = (3.0, 12.0, 0.5, 11.0);
    let vars = |v: Var| match v {
        Var::Param(0) => 1e-6,
        Var::Param(1) => 10.0,
        Var::Param(2) => 100.0,
        Var::Pre => pre,
        Var::Post => post,
        Var::Weight => w,
        Var::State(0) => theta,
        other => panic!("the rule reads {other:?}"),
    };
    let dw = sym::eval(&rule.weight_derivative, &vars);
    assert!(
        (dw - 1e-6 * pre * post * (post - theta)).abs() < 1e-18,
        "{dw}"
    );
    let dtheta = sym::eval(&rule.states[0].derivative, &vars);
    assert!((dtheta - (post * post / 10.0 - theta) / 100.0).abs() < 1e-15);
    assert!(!sym::contains(&rule.states[0].derivative, Var::Pre));
    assert_eq!(sym::eval(&rule.states[0].init, &vars), 10.0);
}

#[test]
fn a_static_coupling_has_no_rule() {
    assert!(
        coupling("coupling K { edge { pre - post } }")
            .plasticity
            .is_none()
    );
}

#[test]
fn a_rule_state_cannot_read_pre_or_the_weight() {
    let e = errors(
        "coupling K { weight w: 1 state { s = 0 } edge { pre } equations { ds/dt = pre/(1 ms) dw/dt = s/(1 ms) } }",
    );
    assert!(e.contains("`ds/dt` reads `pre` or `w`"), "{e}");
    assert!(e.contains("one value per target node"), "{e}");
}

#[test]
fn the_weight_is_a_number_with_an_equation_and_no_value() {
    let e =
        errors("coupling K { weight w: nS edge { pre } equations { dw/dt = pre*post*(1 nS/ms) } }");
    assert!(e.contains("a coupling's weight is a number"), "{e}");
    assert!(e.contains("weight w: 1"), "{e}");

    let e = errors("coupling K { weight w: 1 edge { pre } }");
    assert!(e.contains("state `w` has no equation"), "{e}");

    let e = errors("coupling K { weight w: 1 = 0.5 edge { pre } equations { dw/dt = 0/ms } }");
    assert!(e.contains("start from the connectivity rule"), "{e}");

    let e = errors("coupling K { state { s = 0 } edge { pre } equations { ds/dt = -s/(1 ms) } }");
    assert!(e.contains("names no weight"), "{e}");
}

#[test]
fn a_weight_equation_is_dimension_checked() {
    let e = errors("coupling K { weight w: 1 edge { pre } equations { dw/dt = pre*post } }");
    assert!(e.contains("dw/dt"), "{e}");
    assert!(e.contains("1/ms"), "{e}");
}

#[test]
fn time_and_noise_are_refused_in_a_rule() {
    let e = errors(
        "coupling K { weight w: 1 edge { pre } equations { dw/dt = sin(t/(1 ms))/(1 ms) } }",
    );
    assert!(e.contains("`dw/dt` reads time or a random number"), "{e}");
}
