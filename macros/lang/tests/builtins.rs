//! Built-in functions: their values (against the formulas they stand for), their unit rules,
//! the suggestions for unknown names, and `frozen` under exponential methods.

use cajal_lang::ir::{Method, Var};
use cajal_lang::{compile, sym};

/// The right-hand side of the first equation of `src` at state value `x`.
fn rhs_at(src: &str, x: f64) -> f64 {
    let models = compile(src).unwrap_or_else(|d| panic!("{}", d.render("m", src)));
    sym::eval(&models[0].equations[0].rhs, &|v| match v {
        Var::State(0) => x,
        _ => 0.0,
    })
}

/// The first diagnostic of `src` with its help lines.
fn error(src: &str) -> String {
    match compile(src) {
        Ok(_) => panic!("expected an error in {src}"),
        Err(d) => d.render("m", src),
    }
}

/// A one-state mass whose equation is `dx/dt = BODY / (1 ms)`.
fn mass(body: &str) -> String {
    format!("mass M {{ state {{ x = 0.3 }} equations {{ dx/dt = ({body})/(1 ms) }} }}")
}

#[test]
fn new_functions_compute_what_they_name() {
    let x: f64 = 0.3;
    let cases: [(&str, f64); 10] = [
        ("cosh(x)", x.cosh()),
        ("sinh(x)", x.sinh()),
        ("atan(x)", x.atan()),
        ("atan2(x, -2)", x.atan2(-2.0)),
        ("floor(x - 1)", -1.0),
        ("ceil(x)", 1.0),
        ("sign(-x) + sign(0)", -1.0),
        ("heaviside(x) + heaviside(0) + heaviside(-x)", 1.0),
        ("clip(x, 0.5, 2) + clip(x, -1, 0.1)", 0.5 + 0.1),
        ("log10(1000*x)", (300.0_f64).log10()),
    ];
    for (body, expected) in cases {
        let got = rhs_at(&mass(body), x);
        assert!(
            (got - expected).abs() < 1e-12,
            "{body}: {got} vs {expected}"
        );
    }
}

#[test]
fn new_functions_check_units() {
    // atan2 and clip take arguments of one dimension, in any prefix; sign and heaviside any unit.
    let src = "mass M { parameters { a = 2 mV, b = 0.003 V } state { x = 0 } \
               equations { dx/dt = (atan2(a, b) + sign(a) + heaviside(b - a))/(1 ms) } }";
    let expected = (2.0_f64).atan2(3.0) + 1.0 + 1.0;
    let models = compile(src).unwrap_or_else(|d| panic!("{}", d.render("m", src)));
    let got = sym::eval(&models[0].equations[0].rhs, &|v| match v {
        Var::Param(0) => 2.0,
        Var::Param(1) => 0.003,
        _ => 0.0,
    });
    assert!((got - expected).abs() < 1e-12, "{got} vs {expected}");
    let clip = "mass M { parameters { lo = -1 mV, hi = 0.01 V } state { v = 0 mV } \
                equations { dv/dt = clip(v, lo, hi)/(1 ms) } }";
    let models = compile(clip).unwrap_or_else(|d| panic!("{}", d.render("m", clip)));
    let at = |v: f64| {
        sym::eval(&models[0].equations[0].rhs, &|w| match w {
            Var::State(0) => v,
            Var::Param(0) => -1.0,
            Var::Param(1) => 0.01,
            _ => 0.0,
        })
    };
    assert_eq!((at(-5.0), at(3.0), at(50.0)), (-1.0, 3.0, 10.0), "in mV");
    let e = error(
        "mass M { parameters { a = 2 mV } state { x = 0 } equations { dx/dt = atan2(a, 1)/(1 ms) } }",
    );
    assert!(
        e.contains("the arguments of `atan2` must have the same units"),
        "{e}"
    );
    let e = error(
        "mass M { parameters { a = 2 mV } state { x = 0 } equations { dx/dt = cosh(a)/(1 ms) } }",
    );
    assert!(
        e.contains("the argument of `cosh` must be dimensionless"),
        "{e}"
    );
    let e = error(&mass("clip(x, 1)"));
    assert!(e.contains("`clip` takes 3 arguments"), "{e}");
}

#[test]
fn unknown_functions_suggest_only_misspellings_and_list_the_built_ins() {
    let e = error(&mass("acos(x)"));
    assert!(
        !e.contains("did you mean"),
        "`cos` is another function: {e}"
    );
    assert!(
        e.contains("built-in functions: exp, expm1, log, log10"),
        "{e}"
    );
    let e = error(&mass("sigmod(x)"));
    assert!(e.contains("did you mean `sigmoid`?"), "{e}");
    assert!(e.contains("built-in functions:"), "{e}");
}

/// Morris-Lecar's calcium current with the gate at steady state, as Brian2 integrates it:
/// `frozen(m_inf(v))` is a coefficient for the exponential methods.
const FROZEN_GATE: &str = "neuron ML {
    parameters { C = 20 uF/cm^2, gCa = 4.4 mS/cm^2, ECa = 120 mV, gL = 2 mS/cm^2, EL = -60 mV,
                 V1 = -1.2 mV, V2 = 18 mV }
    inputs { I: uA/cm^2 }
    state { v = -60 mV }
    functions { fn minf(v) = 0.5*(1 + tanh((v - V1)/V2)) }
    equations { dv/dt = (I - gL*(v - EL) - gCa*frozen(minf(v))*(v - ECa)) / C }
    method exponential_euler
}";

#[test]
fn frozen_values_are_constants_for_exponential_euler() {
    let models = compile(FROZEN_GATE).unwrap_or_else(|d| panic!("{}", d.render("ml", FROZEN_GATE)));
    let m = &models[0];
    assert_eq!(m.method, Method::ExponentialEuler);
    // The coefficient of v is −(gL + gCa·m∞(v))/C, evaluated at the current v.
    let a = m.equations[0]
        .jacobian_diagonal
        .as_ref()
        .expect("exponential Euler has the Jacobian diagonal");
    let v = 10.0;
    let params = [20.0, 4.4, 120.0, 2.0, -60.0, -1.2, 18.0];
    let vars = |w: Var| match w {
        Var::State(0) => v,
        Var::Param(k) => params[k],
        _ => 0.0,
    };
    let minf = 0.5 * (1.0 + ((v + 1.2) / 18.0_f64).tanh());
    let expected = -(2.0 + 4.4 * minf) / 20.0;
    let got = sym::eval(a, &vars);
    assert!((got - expected).abs() < 1e-12, "{got} vs {expected}");
    let unfrozen = FROZEN_GATE.replace("frozen(minf(v))", "minf(v)");
    let e = error(&unfrozen);
    assert!(
        e.contains("`exponential_euler` needs each equation to be linear"),
        "{e}"
    );
}

#[test]
fn a_dimensionless_equation_is_told_to_divide_by_a_time_scale() {
    let e = error(
        "mass F { parameters { I = 0.5 } state { v = 0, w = 0 } \
                   equations { dv/dt = v - v^3/3 - w + I   dw/dt = 0.08*(v + 0.7 - 0.8*w)/(1 ms) } }",
    );
    assert!(
        e.contains("`dv/dt` must be in 1/ms (or another unit of frequency (Hz)), but the right-hand side is dimensionless"),
        "{e}"
    );
    assert!(e.contains("divide it by a time scale"), "{e}");
}

#[test]
fn every_built_in_is_found_by_its_name() {
    use cajal_lang::ir::Func;
    for f in Func::ALL {
        assert_eq!(Func::from_name(f.name()), Some(*f), "{}", f.name());
    }
    assert_eq!(Func::from_name("ln"), Some(Func::Log));
    assert_eq!(Func::from_name("acos"), None);
}

/// `expm1(x)` = e^x − 1 without the cancellation of `exp(x) - 1` near 0, differentiable
/// (its derivative is e^x, so exponential methods accept it).
#[test]
fn expm1_is_accurate_near_zero() {
    let text =
        "mass M { state { x = 0 } equations { dx/dt = -expm1(x)/(1 ms) } method exp_euler_diag }";
    let m = &cajal_lang::compile(text).unwrap_or_else(|d| panic!("{}", d.render("m", text)))[0];
    let at = |x: f64| {
        cajal_lang::sym::eval(&m.equations[0].rhs, &|v| match v {
            cajal_lang::ir::Var::State(0) => x,
            _ => f64::NAN,
        })
    };
    assert_eq!(at(1e-12), -1e-12_f64.exp_m1());
    // exp(x) - 1 would be off by about 1e-4 relative here.
    assert!((at(1e-12) / -1e-12 - 1.0).abs() < 1e-11);
    assert!((at(1.0) + (1.0f64.exp() - 1.0)).abs() < 1e-15);
}
