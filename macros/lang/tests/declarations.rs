//! Declarations that read other declarations: parameter defaults from the parameters declared
//! before them (recomputed for each preset), and initial values from earlier states.

use cajal_lang::ir::{Var, changed_params, resolve_params};
use cajal_lang::{compile, sym};

/// AdEx's numerical cut-off as Brian2's examples write it: `Vcut = VT + 5*DeltaT`.
const ADEX_CUT: &str = "neuron A {
    parameters { VT = -50.4 mV, DeltaT = 2 mV, Vcut = VT + 5*DeltaT, half = Vcut/2 }
    state { v = -70 mV }
    equations { dv/dt = -v/(10 ms) }
    on v > Vcut { emit spike; v = -70 mV }
    preset steep { DeltaT = 0.5 mV }
    preset fixed { DeltaT = 0.5 mV, Vcut = 0 mV }
}";

#[test]
fn a_default_may_read_the_parameters_declared_before_it() {
    let m = &compile(ADEX_CUT).unwrap_or_else(|d| panic!("{}", d.render("a", ADEX_CUT)))[0];
    let defaults: Vec<f64> = m.params.iter().map(|p| p.default).collect();
    assert_eq!(
        defaults,
        [-50.4, 2.0, -50.4 + 5.0 * 2.0, (-50.4 + 10.0) / 2.0]
    );
    assert_eq!(m.params[2].unit.text, "mV");
    // A preset that changes DeltaT moves Vcut and, through it, `half`.
    let steep = &m.presets[0];
    assert_eq!(steep.values, [(1, 0.5)]);
    let vcut = -50.4 + 5.0 * 0.5;
    assert_eq!(
        changed_params(&m.params, &steep.values),
        [(1, 0.5), (2, vcut), (3, vcut / 2.0)]
    );
    // A value the preset sets itself is kept.
    let fixed = &m.presets[1];
    assert_eq!(
        changed_params(&m.params, &fixed.values),
        [(1, 0.5), (2, 0.0), (3, 0.0)]
    );
    // Any change follows the same rule (a `--set VT=…` on the command line).
    assert_eq!(
        resolve_params(&m.params, &[(0, -40.0)]),
        [-40.0, 2.0, -30.0, -15.0]
    );
}

#[test]
fn a_default_cannot_read_a_later_parameter_or_a_state() {
    let later =
        "mass M { parameters { a = b, b = 1 } state { x = 0 } equations { dx/dt = -x/(1 ms) } }";
    let e = compile(later).unwrap_err().render("m", later);
    assert!(
        e.contains("may read only the parameters declared before it"),
        "{e}"
    );
    let state = "mass M { parameters { a = x } state { x = 0 } equations { dx/dt = -x/(1 ms) } }";
    let e = compile(state).unwrap_err().render("m", state);
    assert!(
        e.contains("may use numbers and the parameters declared before it"),
        "{e}"
    );
}

#[test]
fn an_initial_value_may_read_earlier_states() {
    let src = "neuron I {
        parameters { v_r = -60 mV, b = 0.2 nS }
        state { v = v_r, u = b*v, w: pA = 2*u }
        equations { dv/dt = -v/(1 ms)  du/dt = -u/(1 ms)  dw/dt = -w/(1 ms) }
    }";
    let m = &compile(src).unwrap_or_else(|d| panic!("{}", d.render("i", src)))[0];
    let at = |k: usize| {
        sym::eval(&m.states[k].init, &|v| match v {
            Var::Param(0) => -60.0,
            Var::Param(1) => 0.2,
            _ => f64::NAN,
        })
    };
    // u in nS·mV = pA; w in pA.
    assert_eq!((at(0), at(1), at(2)), (-60.0, -12.0, -24.0));
    assert_eq!(m.states[1].unit.text, "pA");
}
