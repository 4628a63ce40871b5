//! `hazard(rate)` event conditions: a draw per step and instance, rates in 1/time, and only
//! in event conditions.

use cajal_lang::compile;
use cajal_lang::ir::Var;
use cajal_lang::sym;

const POISSON: &str = "neuron P {
    parameters { r = 20 Hz }
    state { n = 0 }
    equations { dn/dt = 0 /ms }
    on hazard(r) { emit spike; n += 1 }
    on hazard(2*r) { n += 1 }
}";

/// The condition holds exactly when the draw is below 1 − exp(−r·dt) (r in 1/ms), each
/// hazard reading its own draw.
#[test]
fn each_hazard_compares_its_own_draw_with_the_step_probability() {
    let m = &compile(POISSON).unwrap_or_else(|d| panic!("{}", d.render("p", POISSON)))[0];
    assert_eq!(m.hazard_draws(), 2);
    for (k, ev) in m.events.iter().enumerate() {
        let holds = |draw: f64, dt: f64| {
            sym::eval(&ev.condition, &|v| match v {
                Var::Param(0) => m.params[0].default,
                Var::Dt => dt,
                Var::Draw(j) if j == k as u32 => draw,
                _ => f64::NAN,
            }) != 0.0
        };
        for dt in [0.1, 10.0, 1000.0] {
            // 20 Hz (or 40 Hz) in 1/ms.
            let p = 1.0 - (-(k as f64 + 1.0) * 0.020 * dt).exp();
            for draw in [
                0.0,
                0.5 * p,
                p * (1.0 - 1e-9),
                p * (1.0 + 1e-9),
                2.0 * p,
                0.999_999,
            ] {
                assert_eq!(holds(draw, dt), draw < p, "draw {draw}, dt {dt}, p {p}");
            }
        }
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
