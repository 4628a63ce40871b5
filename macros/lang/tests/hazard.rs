//! `hazard(rate)` event conditions: a draw per step and instance, rates in 1/time, and only
//! in event conditions.

use cajal_lang::compile;
use cajal_lang::ir::{Cmp, Expr, Var};

const POISSON: &str = "neuron P {
    parameters { r = 20 Hz }
    state { n = 0 }
    equations { dn/dt = 0 /ms }
    on hazard(r) { emit spike; n += 1 }
    on hazard(2*r) { n += 1 }
}";

#[test]
fn each_hazard_compares_its_own_draw_with_the_step_probability() {
    let m = &compile(POISSON).unwrap_or_else(|d| panic!("{}", d.render("p", POISSON)))[0];
    assert_eq!(m.hazard_draws(), 2);
    for (k, ev) in m.events.iter().enumerate() {
        let Expr::Cmp(Cmp::Lt, draw, probability) = &ev.condition else {
            panic!("{:?}", ev.condition);
        };
        assert_eq!(**draw, Expr::Var(Var::Draw(k as u32)));
        // 1 − exp(−r·dt) with r in 1/ms: at r = 20 Hz and dt = 0.1 ms, 1 − e^{−0.002}.
        let p = cajal_lang::sym::eval(probability, &|v| match v {
            Var::Param(0) => m.params[0].default,
            Var::Dt => 0.1,
            _ => f64::NAN,
        });
        let expected = 1.0 - (-(k as f64 + 1.0) * 0.020 * 0.1f64).exp();
        assert!((p - expected).abs() < 1e-15, "{p} vs {expected}");
    }
}

#[test]
fn a_hazard_needs_a_rate_and_an_event_condition() {
    let wrong_unit = POISSON.replace("on hazard(r)", "on hazard(3 mV)");
    let e = compile(&wrong_unit).unwrap_err().render("p", &wrong_unit);
    assert!(e.contains("must have units of 1/time"), "{e}");
    let in_equation = POISSON.replace("dn/dt = 0 /ms", "dn/dt = hazard(r)/ms");
    let e = compile(&in_equation).unwrap_err().render("p", &in_equation);
    assert!(e.contains("`hazard` can only be an event condition"), "{e}");
    let two = POISSON.replace("on hazard(r)", "on hazard(r, r)");
    let e = compile(&two).unwrap_err().render("p", &two);
    assert!(e.contains("takes one argument"), "{e}");
}
