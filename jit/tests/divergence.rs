//! A compiled step says whether it wrote a value that is NaN or infinite, so that the
//! divergence check after a step scans the states only then: a diverging model read from
//! text stops at the same step with the JIT as with the expression trees, and a population
//! whose step wrote finite values is rescanned after anything else writes its states.

use cajal_runtime::error::Error;
use cajal_runtime::interpreter::Interpreter;
use cajal_runtime::model::{Model, check_finite_after_step};

/// A cell whose `v` blows up in finite time (dv/dt = v²/(1 mV·ms) from v = 1 mV: past any
/// bound after about 1 ms), beside a state `w` that stays finite; an event at a huge `v`.
const BLOW_UP: &str = "neuron BlowUp {
    parameters { tau = 1 ms, unit = 1 mV, v_peak = 1e300 mV }
    inputs { I: mV/ms }
    state { v = 1 mV, w = 0 mV }
    equations {
        dv/dt = v*v/(tau*unit) + I
        dw/dt = -w/tau
    }
    on v >= v_peak { emit spike; w += 1 mV }
    method euler
}";

/// Steps `cells` until the divergence check fails: the step at which it did and the error.
fn steps_until_diverged(mut cells: Box<dyn Model>) -> (usize, Error) {
    let mut spikes = Vec::new();
    for step in 0..10_000 {
        let t = step as f64 * 0.01;
        cells.step(t, 0.01, &mut spikes);
        if let Err(e) = check_finite_after_step(&mut *cells, t + 0.01) {
            return (step, e);
        }
    }
    panic!("never diverged");
}

#[test]
fn a_diverging_text_model_stops_at_the_same_step_natively() {
    let model = cajal_lang::compile(BLOW_UP).unwrap().remove(0);
    let native = Interpreter::with_compiler(model.clone(), Some(cajal_jit::COMPILER));
    assert!(
        native.native_step(0, 0).is_some(),
        "the whole step is compiled"
    );
    let trees = Interpreter::with_compiler(model, None);
    let (a, error) = steps_until_diverged(Box::new(native.population(3)));
    let (b, _) = steps_until_diverged(Box::new(trees.population(3)));
    assert_eq!(a, b, "the same step");
    assert!(a > 50, "diverges after {a} steps, not at once");
    match error {
        Error::Diverged { variable, .. } => assert_eq!(variable, "v"),
        other => panic!("{other}"),
    }
}

/// A write into a population's states through the model's interface.
type Write = fn(&mut dyn Model);

#[test]
fn a_finite_native_step_skips_the_scan_until_the_states_are_written() {
    let model = cajal_lang::compile(BLOW_UP).unwrap().remove(0);
    let native = Interpreter::with_compiler(model.clone(), Some(cajal_jit::COMPILER));
    let mut cells = native.population(4);
    let mut spikes = Vec::new();
    assert!(cells.may_have_non_finite(), "new cells are unchecked");
    check_finite_after_step(&mut cells, 0.0).unwrap();
    assert!(!cells.may_have_non_finite());
    cells.step(0.0, 0.01, &mut spikes);
    assert!(!cells.may_have_non_finite(), "a finite compiled step");
    // Every write through the model's interface makes the next check scan.
    let writes: [Write; 4] = [
        |m| m.state_mut(1)[2] = f64::NAN,
        |m| m.add_values_to_state(0, &[1.0, 2.0, 3.0, 4.0]),
        |m| m.reset_state(),
        |m| {
            let saved = m.save_dynamic();
            m.load_dynamic(&saved).unwrap();
        },
    ];
    for (k, write) in writes.iter().enumerate() {
        cells.mark_all_finite();
        write(&mut cells);
        assert!(cells.may_have_non_finite(), "write {k}");
    }
    // The NaN written by hand is gone after the reset; one written by hand now is found.
    check_finite_after_step(&mut cells, 0.01).unwrap();
    cells.state_mut(1)[3] = f64::INFINITY;
    let err = check_finite_after_step(&mut cells, 0.01).unwrap_err();
    assert!(err.to_string().contains("`BlowUp.w`"), "{err}");
    // The trees' step does not say, so it is always scanned.
    let mut trees = Interpreter::with_compiler(model, None).population(4);
    check_finite_after_step(&mut trees, 0.0).unwrap();
    trees.step(0.0, 0.01, &mut spikes);
    assert!(trees.may_have_non_finite());
}
