//! The JIT agrees with the interpreter's expression trees to the last bit: every library
//! model read from its text and every random well-typed model of the differential tests,
//! with every method and schedule, shared and per-instance parameters (the hoisted and the
//! plain code), driven to fire. And a model it does not take says why and stays
//! interpreted.

use cajal_lang::ir;
use cajal_runtime::Model;
use cajal_runtime::interpreter::{Engine, Interpreter};

/// Steps each pair of populations takes.
const STEPS: usize = 1500;

/// The same population twice: right-hand sides as native code, and as expression trees.
fn twins(model: &ir::Model) -> (Box<dyn Model>, Box<dyn Model>) {
    let native = Interpreter::with_compiler(model.clone(), Some(cajal_jit::COMPILER));
    assert!(
        matches!(native.engine(), Engine::Native { .. }),
        "{}: {:?}",
        model.name,
        native.engine()
    );
    let trees = Interpreter::with_compiler(model.clone(), None);
    (
        Box::new(native.population(3)),
        Box::new(trees.population(3)),
    )
}

/// Both in the same configuration: method, schedule, seed, an input that grows with the
/// instance, and (`per_instance`) the first parameter given per instance.
fn configure(m: &mut dyn Model, method: &str, schedule: &str, per_instance: bool, drive: f64) {
    m.set_method(method).unwrap();
    m.set_schedule(schedule).unwrap();
    m.set_seed(5);
    if !m.info().inputs.is_empty() {
        for (i, x) in m.input_mut(0).iter_mut().enumerate() {
            *x = drive * (1.0 + i as f64 / 4.0);
        }
    }
    if per_instance && !m.info().params.is_empty() {
        let value = m.info().params[0].default;
        let n = m.len();
        m.set_param_per_instance(0, (0..n).map(|i| value * (1.0 + 0.05 * i as f64)).collect())
            .unwrap();
        m.reset_state();
    }
}

/// Whether the JIT compiled the whole step of `model` with method `method` and schedule
/// `schedule` (positions in its lists); where it did not, the reason must be the one case it
/// leaves to the interpreter's loop with native right-hand sides.
fn whole_step_compiled(model: &ir::Model, method: usize, schedule: usize) -> bool {
    let native = Interpreter::with_compiler(model.clone(), Some(cajal_jit::COMPILER));
    if native.native_step(method, schedule).is_some() {
        return true;
    }
    let why = native.step_refusal(method, schedule).unwrap_or_default();
    assert!(
        why.contains("coupled linear system"),
        "{}: {why}",
        model.name
    );
    false
}

/// Runs every method, schedule and parameter layout of `model` in both engines and checks
/// that states and spikes are the same bits after every step; the spikes seen and the
/// (method, schedule) pairs whose whole step was compiled.
fn agree(model: &ir::Model, dt: f64, drive: f64) -> (usize, usize) {
    let (native, _) = twins(model);
    let info = native.info();
    let (mut spikes, mut compiled) = (0, 0);
    for (m, method) in info.methods.iter().enumerate() {
        for (s, schedule) in info.schedules.iter().enumerate() {
            compiled += usize::from(whole_step_compiled(model, m, s));
            for per_instance in [false, true] {
                let name = format!("{} ({method}, {schedule}, {per_instance})", model.name);
                let (mut a, mut b) = twins(model);
                configure(a.as_mut(), method, schedule, per_instance, drive);
                configure(b.as_mut(), method, schedule, per_instance, drive);
                let (mut sa, mut sb) = (Vec::new(), Vec::new());
                for step in 0..STEPS {
                    let t = step as f64 * dt;
                    a.step(t, dt, &mut sa);
                    b.step(t, dt, &mut sb);
                    assert_eq!(sa, sb, "{name}: spikes at step {step}");
                    spikes += sa.len();
                    sa.clear();
                    sb.clear();
                    for k in 0..info.states.len() {
                        for (i, (x, y)) in a.state(k).iter().zip(b.state(k)).enumerate() {
                            assert!(
                                x.to_bits() == y.to_bits(),
                                "{name}: state `{}` of instance {i} at step {step}: native {x} \
                                 vs trees {y}",
                                info.states[k].name
                            );
                        }
                    }
                }
            }
        }
    }
    (spikes, compiled)
}

#[test]
fn every_library_model_runs_the_same_bits_natively() {
    let (mut spikes, mut skipped, mut compiled) = (0, 0, 0);
    for entry in cajal_models::catalog::MODELS {
        let name = entry.info.name;
        let model = cajal_lang::compile(entry.info.source)
            .unwrap_or_else(|d| panic!("{name}: {d:?}"))
            .into_iter()
            .find(|m| m.name == name)
            .expect("the source holds the model");
        if let Err(why) = cajal_jit::compile_rhs(&model) {
            assert!(why.contains("delayed") || why.contains("random"), "{why}");
            skipped += 1;
            continue;
        }
        let dt = match name {
            "HodgkinHuxley" | "TraubMiles" | "Lorenz" => 0.01,
            _ => 0.1,
        };
        // A drive in the first input's unit that makes the neurons fire.
        let drive = match name {
            "Izhikevich" => 125.0,
            "Lif" => 2.5,
            "HodgkinHuxley" => 10.0,
            "AdEx" => 500.0,
            "Izhikevich2003" => 10.0,
            "ExponentialIf" => 0.6,
            "Qif" => 1.0,
            "TraubMiles" => 0.5,
            "MorrisLecar" => 100.0,
            "FitzHughNagumoNeuron" => 0.5,
            _ => 0.0,
        };
        let (fired, whole) = agree(&model, dt, drive);
        spikes += fired;
        compiled += usize::from(whole > 0);
    }
    assert!(spikes > 100, "the neurons fired: {spikes} spikes");
    assert!(
        compiled + skipped + 2 >= cajal_models::catalog::MODELS.len(),
        "whole steps compiled for {compiled} library models"
    );
    assert!(skipped <= 2, "{skipped} library models stayed interpreted");
}

#[test]
fn every_random_model_runs_the_same_bits_natively() {
    let mut taken = 0;
    for (text, _) in cajal_differential::MODELS {
        let model = cajal_lang::compile(text).unwrap().remove(0);
        if let Err(why) = cajal_jit::compile_rhs(&model) {
            assert!(why.contains("delayed"), "{why}\n{text}");
            continue;
        }
        let drive = model.params[1].default / 2.0;
        let (_, whole) = agree(&model, 0.05, drive);
        assert!(whole > 0, "no whole step compiled for\n{text}");
        taken += 1;
    }
    assert!(
        taken * 4 >= cajal_differential::MODELS.len() * 3,
        "the JIT took {taken} of {} random models",
        cajal_differential::MODELS.len()
    );
}

#[test]
fn a_model_the_jit_does_not_take_stays_interpreted_and_says_why() {
    let text = "mass Echo {
        parameters { tau = 10 ms, d = 5 ms }
        state { x = 1 }
        equations { dx/dt = (delayed(x, d) - x)/tau }
    }";
    let model = cajal_lang::compile(text).unwrap().remove(0);
    let why = cajal_jit::compile_rhs(&model).unwrap_err();
    assert!(
        why.contains("`Echo` stays interpreted") && why.contains("delayed"),
        "{why}"
    );
    let interpreter = Interpreter::with_compiler(model, Some(cajal_jit::COMPILER));
    match interpreter.engine() {
        Engine::Interpreter(Some(reason)) => assert_eq!(reason, &why),
        other => panic!("{other:?}"),
    }
    let mut echo = interpreter.population(1);
    echo.step(0.0, 0.1, &mut Vec::new());
    assert!(echo.state(0)[0].is_finite());
}

#[test]
fn install_makes_new_interpreters_native() {
    let text = "neuron Leak { parameters { tau = 10 ms } state { v = 1 mV }
                equations { dv/dt = -v/tau } }";
    let model = cajal_lang::compile(text).unwrap().remove(0);
    cajal_jit::install();
    let native = Interpreter::new(model.clone());
    cajal_jit::uninstall();
    let trees = Interpreter::new(model);
    assert!(matches!(native.engine(), Engine::Native { .. }));
    assert!(matches!(trees.engine(), Engine::Interpreter(None)));
}
