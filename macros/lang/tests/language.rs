//! End-to-end tests of parse + check on small models.

use cajal_lang::ir::{Expr, Method, Refractory, Schedule, Var};
use cajal_lang::{compile, sym};

const IZH: &str = r#"
/// Izhikevich (2007) simple model.
pub neuron Izhikevich {
    parameters {
        /// membrane capacitance
        C = 100 pF, k = 3 nS/mV, v_r = -60 mV, v_t = -50 mV, v_peak = 50 mV,
        a = 0.01 /ms, b = 5 nS, c = -60 mV, d = 400 pA,
    }
    inputs { I: pA }
    state { v = v_r, u = 0 pA }
    equations {
        dv/dt = (k*(v - v_r)*(v - v_t) - u + I) / C
        du/dt = a*(b*(v - v_r) - u)
    }
    on v >= v_peak { emit spike; v = c; u += d }
    method euler
    schedule seed
    preset fs { C = 20 pF, k = 1 nS/mV }
}
"#;

fn eval_rhs(m: &cajal_lang::ir::Model, i: usize, vals: &dyn Fn(Var) -> f64) -> f64 {
    sym::eval(&m.equations[i].rhs, vals)
}

#[test]
fn izhikevich_compiles_with_units_folded() {
    let models = compile(IZH).unwrap_or_else(|d| panic!("{}", d.render("izh", IZH)));
    let m = &models[0];
    assert_eq!(m.name, "Izhikevich");
    assert_eq!(m.method, Method::Euler);
    assert_eq!(m.schedule, Schedule::Seed);
    assert_eq!(m.params[0].unit.text, "pF");
    assert_eq!(m.params[1].unit.text, "nS/mV");
    assert_eq!(m.params[5].unit.text, "1/ms");
    assert_eq!(m.params[5].default, 0.01);
    assert_eq!(m.states[0].unit.text, "mV");
    assert_eq!(m.states[0].init, Expr::Var(Var::Param(2)));
    assert_eq!(m.doc, vec!["Izhikevich (2007) simple model."]);
    assert_eq!(m.params[0].doc, vec!["membrane capacitance"]);
    // pA/pF = mV/ms: the right-hand side needs no conversion factor.
    let p = |v: Var| match v {
        Var::Param(i) => m.params[i].default,
        Var::State(0) => -55.0,
        Var::State(1) => 10.0,
        Var::Input(0) => 125.0,
        _ => 0.0,
    };
    let expected = (3.0 * (-55.0 + 60.0) * (-55.0 + 50.0) - 10.0 + 125.0) / 100.0;
    assert_eq!(eval_rhs(m, 0, &p), expected);
    assert_eq!(m.presets[0].values, vec![(0, 20.0), (1, 1.0)]);
    assert_eq!(m.events.len(), 1);
    assert!(m.events[0].emits_spike);
}

#[test]
fn mixed_prefixes_fold_into_constants() {
    let src = r#"neuron Lif {
        parameters { tau = 0.01 s, v_rest = -70 mV, R = 10 Mohm, t_ref = 2 ms }
        inputs { I: nA }
        state { v: V = v_rest }
        equations { dv/dt = (-(v - v_rest) + R*I)/tau unless refractory }
        refractory t_ref
    }"#;
    let m = &compile(src).unwrap_or_else(|d| panic!("{}", d.render("lif", src)))[0];
    assert_eq!(m.method, Method::Exact);
    assert!(m.method_reason.contains("automatically"));
    // v = -0.07 V, I = 2 nA: dv/dt = (0 + 0.02 V)/0.01 s = 2 V/s = 0.002 V/ms
    let p = |v: Var| match v {
        Var::Param(i) => m.params[i].default,
        Var::State(0) => -0.07,
        Var::Input(0) => 2.0,
        _ => 0.0,
    };
    assert!((eval_rhs(m, 0, &p) - 0.002).abs() < 1e-15);
    assert_eq!(m.refractory, Refractory::Period(Expr::Var(Var::Param(3))));
    assert_eq!(
        sym::eval(&m.states[0].init, &|v| match v {
            Var::Param(i) => m.params[i].default,
            _ => 0.0,
        }),
        -0.07
    );
}

#[test]
fn automatic_method_choice() {
    let hh_like = r#"mass M { parameters { a = 1 /ms } state { x = 0, y = 0 }
        equations { dx/dt = a*(1 - x)*exp(y) - a*x  dy/dt = a*y*y } }"#;
    let m = compile(hh_like).map_err(|d| d.render("m", hh_like));
    assert_eq!(m.unwrap()[0].method, Method::Rk4);
    let cond = r#"mass M { parameters { a = 1 /ms } state { x = 0, y = 0 }
        equations { dx/dt = a*(1 - x)*exp(y) - a*x  dy/dt = -a*y*exp(x) } }"#;
    assert_eq!(compile(cond).unwrap()[0].method, Method::ExponentialEuler);
}

#[test]
fn file_form_accepts_comments() {
    let src = "// a comment\nmass Decay { /* block */ parameters { tau = 10 ms } // trailing\n state { x = 1 } equations { dx/dt = -x/tau } }";
    let m = &compile(src).unwrap()[0];
    assert_eq!(m.method, Method::Exact);
}

fn first_error(src: &str) -> String {
    match compile(src) {
        Ok(_) => panic!("expected an error"),
        Err(d) => {
            let e = d.iter().next().expect("one diagnostic");
            format!("{} @ `{}`", e.full_message(), &src[e.loc.range()])
        }
    }
}

#[test]
fn errors_point_at_the_offending_text() {
    let e = first_error(
        "neuron N { parameters { tau = 10 ms } state { v = 0 mV } equations { dv/dt = v/tauu } }",
    );
    assert!(
        e.contains("unknown name `tauu`")
            && e.contains("did you mean `tau`")
            && e.ends_with("@ `tauu`"),
        "{e}"
    );
    let e = first_error(
        "neuron N { parameters { tau = 10 ms } state { v = 0 mV } equations { dv/dt = v*tau } }",
    );
    assert!(
        e.contains("voltage/time") && e.ends_with("@ `v*tau`"),
        "{e}"
    );
    let e = first_error(
        "neuron N { parameters { x = 10 mX } state { v = 0 mV } equations { dv/dt = 0 mV/ms } }",
    );
    assert!(
        e.contains("unknown unit `mX`") && e.ends_with("@ `mX`"),
        "{e}"
    );
    let e = first_error("neuron N { state { v = 0 mV } equations { dv/dt = exp(v)/(1 ms) } }");
    assert!(e.contains("dimensionless") && e.ends_with("@ `v`"), "{e}");
    let e = first_error("neuron N { state { v = 0 mV } equations { dv/dt = (v + mV)/(1 ms) } }");
    assert!(e.contains("unit `mV` used without a number"), "{e}");
    let e = first_error(
        "neuron N { state { v = 0 mV } equations { dv/dt = v*v/(1 mV*ms) } method exact }",
    );
    assert!(
        e.contains("`exact` needs linear") && e.ends_with("@ `exact`"),
        "{e}"
    );
    let e = first_error("neuron N { state { v = 0 mV, w = 0 } equations { dv/dt = -v/(1 ms) } }");
    assert!(e.contains("state `w` has no equation"), "{e}");
    let e = first_error(
        "neuron N { parameters { c = 1 mV } state { v = 0 mV } equations { dv/dt = -v/(1 ms) } on v > 1 mV { c = 0 mV } }",
    );
    assert!(e.contains("cannot assign to parameter `c`"), "{e}");
    let e = first_error(
        "neuron N { state { v = 0 mV } equations { dv/dt = -v/(1 ms) } on v > 1 { v = 0 mV } }",
    );
    assert!(e.contains("cannot compare"), "{e}");
    let e = first_error("neuron N { state { v = 0 mV } equations { dv/dt = -v/(1 ms) + } }");
    assert!(e.contains("syntax error"), "{e}");
}

#[test]
fn piecewise_if_expressions() {
    let src = "mass P { parameters { k = 2 /ms } state { x = -1 } equations { dx/dt = if x < 0 { -k*x } else if x < 1 { k*x^2 } else { 0 /ms } } }";
    let m = &compile(src).unwrap_or_else(|d| panic!("{}", d.render("p", src)))[0];
    let at = |x: f64| {
        sym::eval(&m.equations[0].rhs, &|v| match v {
            Var::Param(_) => 2.0,
            _ => x,
        })
    };
    assert_eq!((at(-1.5), at(0.5), at(3.0)), (3.0, 0.5, 0.0));
    // d/dx of a piecewise expression is the derivative of the branch taken.
    let d = sym::diff(&m.equations[0].rhs, Var::State(0)).unwrap();
    let dat = |x: f64| {
        sym::eval(&d, &|v| match v {
            Var::Param(_) => 2.0,
            _ => x,
        })
    };
    assert_eq!((dat(-1.5), dat(0.5), dat(3.0)), (-2.0, 2.0, 0.0));
    let bad = "mass P { state { x = 0 mV } equations { dx/dt = if x < 0 mV { 1 mV/ms } else { 1 /ms } } }";
    let e = compile(bad).unwrap_err();
    let first = e.iter().next().expect("one diagnostic");
    assert!(
        first
            .message
            .contains("branches of `if` must have the same units"),
        "{}",
        first.message
    );
}

#[test]
fn frozen_values_have_a_zero_derivative() {
    let src = "mass F { state { x = 2 } equations { dx/dt = -frozen(x*x)*x/(1 ms) } method exp_euler_diag }";
    let m = &compile(src).unwrap()[0];
    let j = m.equations[0].jacobian_diagonal.as_ref().unwrap();
    let at = |e: &Expr| sym::eval(e, &|_| 2.0);
    assert_eq!(at(&m.equations[0].rhs), -8.0);
    assert_eq!(at(j), -4.0, "only the outer factor is differentiated");
}

#[test]
fn a_written_unit_converts_the_default() {
    let m = &compile(
        "mass U { parameters { tau: ms = 0.01 s } state { x = 1 } equations { dx/dt = -x/tau } }",
    )
    .unwrap()[0];
    assert_eq!(
        (m.params[0].default, m.params[0].unit.text.as_str()),
        (10.0, "ms")
    );
}

#[test]
fn schedules_are_listed_default_first_and_checked() {
    let text = "neuron N { state { v = 0 mV } equations { dv/dt = -v/(1 ms) } on v > 1 mV { v = 0 mV } schedule seed, brian2 }";
    let m = &compile(text).unwrap()[0];
    assert_eq!(m.schedule, Schedule::Seed);
    assert_eq!(m.schedules, vec![Schedule::Seed, Schedule::Brian2]);
    let text =
        "neuron N { state { v = 0 mV } equations { dv/dt = -v/(1 ms) } schedule brian2, brian2 }";
    let e = compile(text).unwrap_err().render("n", text);
    assert!(e.contains("schedule `brian2` is listed twice"), "{e}");
    let text = "neuron N { state { v = 0 mV } equations { dv/dt = -v/(1 ms) } }";
    assert_eq!(compile(text).unwrap()[0].schedules, vec![Schedule::Brian2]);
}

#[test]
fn item_names_are_found_even_when_a_body_does_not_parse() {
    let text = "/// A cell.\npub neuron A { state { v = } }\nsynapse S { weight w: nS }\nnetwork N { population E = A[3] }\nmass M { parameters { k = \"{\" } }";
    let names: Vec<(&str, String)> = cajal_lang::parse::item_names(text)
        .into_iter()
        .map(|(k, id)| (k, id.name))
        .collect();
    let expected = [
        ("neuron", "A"),
        ("synapse", "S"),
        ("network", "N"),
        ("mass", "M"),
    ];
    assert_eq!(
        names,
        expected.map(|(k, n)| (k, n.to_string())).to_vec(),
        "every header, in order"
    );
    let good = "coupling K { edge { pre - post } }";
    let names = cajal_lang::parse::item_names(good);
    assert_eq!(names.len(), 1);
    assert_eq!((names[0].0, names[0].1.name.as_str()), ("coupling", "K"));
}

/// A coupled linear system with constant coefficients gets the exact (matrix) propagator,
/// with its off-diagonal Jacobian entries; coupling through a nonlinear or time-dependent
/// term is refused for `exact` and falls back to exponential Euler when chosen automatically.
#[test]
fn coupled_linear_systems_are_integrated_exactly() {
    let src = "mass A { parameters { tau = 2 ms } state { x = 0, g = 0 } equations { dx/dt = -x/tau dg/dt = (x - g)/tau } }";
    let m = &compile(src).unwrap_or_else(|d| panic!("{}", d.render("a", src)))[0];
    assert_eq!(m.method, Method::Exact);
    assert!(
        m.method_reason.contains("coupled linear system"),
        "{}",
        m.method_reason
    );
    assert!(m.equations[0].coupled.is_empty());
    let (j, d) = &m.equations[1].coupled[0];
    assert_eq!(*j, 0);
    assert_eq!(sym::eval(d, &|_| 2.0), 0.5, "∂(x − g)/τ / ∂x = 1/τ");
    let (block, matrix) = m.coupled_block();
    assert_eq!(block, vec![0, 1]);
    assert_eq!(sym::eval(matrix[0][1], &|_| 2.0), 0.0);

    let nonlinear = "mass B { state { x = 0, g = 0 } equations { dx/dt = -x/(1 ms) dg/dt = (x*x - g)/(1 ms) } }";
    let m = &compile(nonlinear).unwrap()[0];
    assert_eq!(m.method, Method::ExponentialEuler);
    let e = first_error(&format!(
        "{} method exact }}",
        nonlinear.trim_end_matches('}')
    ));
    assert!(
        e.contains("`exact` needs linear") && e.contains("`dg/dt`") && e.ends_with("@ `exact`"),
        "{e}"
    );
    let timed = "mass C { state { x = 0, g = 0 } equations { dx/dt = -x/(1 ms) dg/dt = (x - g + sin(t/(1 ms)))/(1 ms) } }";
    assert_eq!(compile(timed).unwrap()[0].method, Method::ExponentialEuler);
}

#[test]
fn brainmass_method_name_and_piecewise_rates_take_exponential_euler() {
    // `exp_euler` is brainmass's name of `exp_euler_diag`; `max`, `min`, `abs` and `clip`
    // have piecewise derivatives, as the same rates written with `if` do.
    let text = "mass M {
        parameters { tau = 1 ms, w = 0.8 }
        inputs { I: 1 }
        state { x = 0, y = 0 }
        equations {
            dx/dt = (-x + max(w*x + I, 0) + abs(y - x) - min(x, 1)) / tau
            dy/dt = (-y + clip(x, 0, 1)) / tau
        }
        method exp_euler, rk4
    }";
    let m = compile(text).unwrap_or_else(|d| panic!("{}", d.render("m", text)));
    assert_eq!(m[0].method, Method::ExpEulerDiag);
    assert!(
        m[0].equations
            .iter()
            .all(|eq| eq.jacobian_diagonal.is_some())
    );
}

#[test]
fn doc_attributes_keep_escaped_characters() {
    // What the compiler hands the macro for `/// M̈ = …`: combining characters escaped.
    let text = r#"#[doc = " M\u{308} = \u{3b1}\tx\x21"]
    mass M { state { x = 0 } equations { dx/dt = -x/(1 ms) } }"#;
    let m = compile(text).unwrap_or_else(|d| panic!("{}", d.render("m", text)));
    assert_eq!(m[0].doc, ["M\u{308} = α\tx!"]);
}
