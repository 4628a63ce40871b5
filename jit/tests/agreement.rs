//! The JIT agrees with the interpreter's expression trees to the last bit: every library
//! model read from its text and every random well-typed model of the differential tests,
//! with every method and schedule, shared and per-instance parameters (the hoisted and the
//! plain code), driven to fire, its whole step compiled; every library synapse's passes
//! over its targets, and every plastic one's visits of its synapses. And a model it does not take says why and stays interpreted.

use cajal_lang::ir;
use cajal_runtime::Model;
use cajal_runtime::interpreter::{Engine, InterpretedSynapse, Interpreter};
use cajal_runtime::synapse::Synapse;

#[path = "../../tests/common/plastic_visits.rs"]
mod plastic_visits;
use plastic_visits::visit_log;

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

/// Asserts that the JIT compiles the whole step of `model` with method `method` and
/// schedule `schedule` (positions in its lists).
fn assert_whole_step_compiled(model: &ir::Model, method: usize, schedule: usize) {
    let native = Interpreter::with_compiler(model.clone(), Some(cajal_jit::COMPILER));
    assert!(
        native.native_step(method, schedule).is_some(),
        "{}: {:?}",
        model.name,
        native.step_refusal(method, schedule)
    );
}

/// Runs every method, schedule and parameter layout of `model` in both engines and checks
/// that states and spikes are the same bits after every step; the spikes seen.
fn agree(model: &ir::Model, dt: f64, drive: f64) -> usize {
    let (native, _) = twins(model);
    let info = native.info();
    let mut spikes = 0;
    for (m, method) in info.methods.iter().enumerate() {
        for (s, schedule) in info.schedules.iter().enumerate() {
            assert_whole_step_compiled(model, m, s);
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
    spikes
}

#[test]
fn every_library_model_runs_the_same_bits_natively() {
    let (mut spikes, mut skipped) = (0, 0);
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
        spikes += agree(&model, dt, drive);
    }
    assert!(spikes > 100, "the neurons fired: {spikes} spikes");
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
        agree(&model, 0.05, drive);
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

/// The synapse item `name` of `source`.
fn synapse_ir(source: &str, name: &str) -> ir::Synapse {
    cajal_lang::compile_items(source)
        .unwrap_or_else(|d| panic!("{name}: {d:?}"))
        .into_iter()
        .find_map(|i| match i {
            ir::Item::Synapse(s) if s.dynamics.name == name => Some(s),
            _ => None,
        })
        .expect("the source holds the synapse")
}

/// Asserts that two slices hold the same bits.
fn same_bits(a: &[f64], b: &[f64], what: &str) {
    assert_eq!(a.len(), b.len(), "{what}");
    for (k, (x, y)) in a.iter().zip(b).enumerate() {
        assert!(
            x.to_bits() == y.to_bits(),
            "{what}[{k}]: native {x} vs trees {y}"
        );
    }
}

#[test]
fn every_library_synapse_passes_over_its_targets_with_the_same_bits() {
    let mut compiled = 0;
    for entry in cajal_models::catalog::SYNAPSES {
        let name = entry.info.name;
        let ir = synapse_ir(entry.info.source, name);
        let native = InterpretedSynapse::with_compiler(ir.clone(), Some(cajal_jit::COMPILER));
        let trees = InterpretedSynapse::with_compiler(ir, None);
        if let Err(why) = native.native() {
            panic!("{name}: {why:?}");
        }
        compiled += 1;
        let info = native.info();
        let (ns, np, ni) = (info.states.len(), info.post.len(), info.injects.len());
        // Seven targets with different summed states and target values, 200 steps.
        let n = 7;
        let start: Vec<f64> = (0..ns * n).map(|k| 0.7 * k as f64 - 1.3).collect();
        let post: Vec<Vec<f64>> = (0..np)
            .map(|m| (0..n).map(|j| -65.0 + 7.0 * j as f64 + m as f64).collect())
            .collect();
        let post: Vec<&[f64]> = post.iter().map(Vec::as_slice).collect();
        let scale: Vec<f64> = (0..ni).map(|m| 1e-3 * (m + 1) as f64).collect();
        for base in [None, Some(vec![3.0; ni])] {
            let (mut sa, mut sb) = (start.clone(), start.clone());
            for step in 0..200 {
                let t = 0.1 * step as f64;
                let (mut oa, mut ob) = (vec![vec![0.5; n]; ni], vec![vec![0.5; n]; ni]);
                let mut ra: Vec<&mut [f64]> = oa.iter_mut().map(Vec::as_mut_slice).collect();
                let mut rb: Vec<&mut [f64]> = ob.iter_mut().map(Vec::as_mut_slice).collect();
                let b = base.as_deref();
                native.inject_advance(t, 0.1, &mut sa, n, &post, &mut ra, &scale, b);
                trees.inject_advance(t, 0.1, &mut sb, n, &post, &mut rb, &scale, b);
                same_bits(
                    &sa,
                    &sb,
                    &format!("{name}: inject_advance state, step {step}"),
                );
                same_bits(
                    &oa.concat(),
                    &ob.concat(),
                    &format!("{name}: injected values, step {step}"),
                );
                native.advance(t, 0.1, &mut sa, n);
                trees.advance(t, 0.1, &mut sb, n);
                same_bits(&sa, &sb, &format!("{name}: advance, step {step}"));
            }
        }
    }
    assert_eq!(compiled, cajal_models::catalog::SYNAPSES.len());
}

#[test]
fn every_library_plastic_synapse_visits_its_synapses_with_the_same_bits() {
    let mut compiled = 0;
    for entry in cajal_models::catalog::SYNAPSES {
        let name = entry.info.name;
        let ir = synapse_ir(entry.info.source, name);
        if ir.plasticity.is_none() {
            continue;
        }
        let native = InterpretedSynapse::with_compiler(ir.clone(), Some(cajal_jit::COMPILER));
        let trees = InterpretedSynapse::with_compiler(ir, None);
        if let Err(why) = native.native_plasticity() {
            panic!("{name}: {why:?}");
        }
        compiled += 1;
        let signals: Vec<f64> = (0..native.info().signals.len())
            .map(|k| 0.7 - k as f64)
            .collect();
        let (a, b) = (visit_log(&native, &signals), visit_log(&trees, &signals));
        for (k, (x, y)) in a.iter().zip(&b).enumerate() {
            for (what, (x, y)) in ["weights", "own", "pre", "post", "summed", "post_inc"]
                .iter()
                .zip(x.iter().zip(y))
            {
                same_bits(x, y, &format!("{name}: {what} after visit {k}"));
            }
        }
        assert!(
            a.last() != a.first(),
            "{name}: the visits change the synapses"
        );
    }
    assert!(compiled >= 3, "{compiled} plastic library synapses");
}
