//! The interpreter agrees with the generated code on every model of the library: every
//! selectable method and schedule, white noise, delays, refractoriness, events and outputs.

use cajal::runtime::interpreter::Interpreter;
use cajal::runtime::{Coupling, Model};
use cajal_models::catalog::{Entry, MODELS};

/// Time step (ms): 0.1, or 0.01 for the Hodgkin–Huxley-type neurons (explicit RK4 is
/// unstable at 0.1 ms during their spikes, whose fastest time constants are about
/// 0.025 ms) and for Lorenz (whose time unit is τ₀ = 1 ms).
fn dt(model: &str) -> f64 {
    match model {
        "HodgkinHuxley" | "TraubMiles" | "Lorenz" => 0.01,
        _ => 0.1,
    }
}
const STEPS: usize = 2000;
const INSTANCES: usize = 3;

/// An input current that makes the library's neurons fire (instance i gets (1 + i/4) times
/// it), in the input's declared unit; masses keep their default inputs.
fn drive(model: &str) -> Option<f64> {
    match model {
        "Izhikevich" => Some(125.0),    // pA
        "Lif" => Some(2.5),             // nA
        "HodgkinHuxley" => Some(10.0),  // µA/cm²
        "AdEx" => Some(500.0),          // pA
        "Izhikevich2003" => Some(10.0), // mV/ms
        "ExponentialIf" => Some(0.6),   // nA
        "Qif" => Some(1.0),             // nA
        "TraubMiles" => Some(0.5),      // nA
        "MorrisLecar" => Some(100.0),   // µA/cm²
        "FitzHughNagumoNeuron" => Some(0.5),
        "LifConductance" => Some(200.0), // pA (rheobase 100)
        "LifExpCurrents" => Some(600.0), // pA (rheobase 375)
        "QifCanonical" => Some(10.0),    // (η = −5)
        _ => None,
    }
}

/// The interpreted twin of a library model, from the source text it was compiled from.
fn interpreted(entry: &Entry) -> cajal::runtime::interpreter::Interpreted {
    let models = cajal_lang::compile(entry.info.source)
        .unwrap_or_else(|d| panic!("{}: its source does not compile: {d:?}", entry.info.name));
    let ir = models
        .into_iter()
        .find(|m| m.name == entry.info.name)
        .expect("the source holds the model");
    Interpreter::new(ir).population(INSTANCES)
}

/// Runs both populations side by side and compares every state after every step, the
/// spikes, and the outputs at the end; `tolerance` is relative to the largest magnitude of
/// the variable over the instances.
fn compare(
    name: &str,
    generated: &mut dyn Model,
    interpreted: &mut dyn Model,
    tolerance: f64,
) -> usize {
    let (mut s1, mut s2) = (Vec::new(), Vec::new());
    let mut spikes = 0;
    let dt = dt(generated.info().name);
    for step in 0..STEPS {
        let t = step as f64 * dt;
        generated.step(t, dt, &mut s1);
        interpreted.step(t, dt, &mut s2);
        assert_eq!(s1, s2, "{name}: spikes differ at step {step}");
        spikes += s1.len();
        s1.clear();
        s2.clear();
        for (k, var) in generated.info().states.iter().enumerate() {
            let (a, b) = (generated.state(k), interpreted.state(k));
            let scale = a
                .iter()
                .chain(b)
                .fold(f64::MIN_POSITIVE, |m, x| m.max(x.abs()));
            for i in 0..a.len() {
                assert!(
                    (a[i] - b[i]).abs() <= tolerance * scale,
                    "{name}: `{}` of instance {i} at step {step}: generated {} vs interpreted {}",
                    var.name,
                    a[i],
                    b[i]
                );
            }
        }
    }
    for k in 0..generated.info().outputs.len() {
        for i in 0..generated.len() {
            let (a, b) = (generated.output(k, i), interpreted.output(k, i));
            assert!(
                (a - b).abs() <= tolerance * a.abs().max(b.abs()).max(1e-300),
                "{name}: output {k} of instance {i}: {a} vs {b}"
            );
        }
    }
    spikes
}

/// Both populations in the same configuration: method, schedule, seed, drive, and (when
/// `per_instance`) parameters given per instance, which selects the generated code's plain
/// loop instead of its hoisted one.
fn configure(m: &mut dyn Model, method: &str, schedule: &str, per_instance: bool) {
    m.set_method(method).unwrap();
    m.set_schedule(schedule).unwrap();
    m.set_seed(7);
    if let Some(current) = drive(m.info().name) {
        let input = m.input_mut(0);
        for (i, x) in input.iter_mut().enumerate() {
            *x = current * (1.0 + i as f64 / 4.0);
        }
    }
    if per_instance && !m.info().params.is_empty() {
        let value = m.info().params[0].default;
        m.set_param_per_instance(0, vec![value; m.len()]).unwrap();
    }
}

#[test]
fn the_interpreter_agrees_with_generated_code_on_every_library_model() {
    let mut runs = 0;
    let mut spikes = 0;
    for entry in MODELS {
        let info = entry.info;
        for method in info.methods {
            for schedule in info.schedules {
                for per_instance in [true, false] {
                    let name = format!(
                        "{} ({method}, {schedule}, {} parameters)",
                        info.name,
                        if per_instance {
                            "per-instance"
                        } else {
                            "shared"
                        }
                    );
                    let mut generated = (entry.build)(INSTANCES);
                    let mut twin = interpreted(entry);
                    configure(generated.as_mut(), method, schedule, per_instance);
                    configure(&mut twin, method, schedule, per_instance);
                    spikes += compare(&name, generated.as_mut(), &mut twin, 1e-12);
                    runs += 1;
                }
            }
        }
    }
    assert!(runs >= 2 * MODELS.len());
    // The neurons were driven to fire: events and refractoriness were exercised.
    assert!(spikes > 100, "only {spikes} spikes");
}

/// Synaptic jumps onto a neuron that has just spiked skip the states clamped while it is
/// refractory and reach every other state and neuron, in generated and interpreted models
/// alike (the rule of `Model::jump_target`, which the network's delivery uses).
#[test]
fn jumps_skip_clamped_states_of_refractory_neurons() {
    let mut checked = 0;
    for entry in MODELS.iter().filter(|e| !e.info.clamped.is_empty()) {
        let info = entry.info;
        let mut generated = (entry.build)(INSTANCES);
        let mut twin = interpreted(entry);
        for model in [generated.as_mut(), &mut twin as &mut dyn Model] {
            configure(model, info.methods[0], info.schedules[0], false);
            let dt = dt(info.name);
            let mut spikes = Vec::new();
            let mut step = 0;
            while spikes.is_empty() {
                assert!(step < 100_000, "{}: no spike", info.name);
                model.step(step as f64 * dt, dt, &mut spikes);
                step += 1;
            }
            for (k, var) in info.states.iter().enumerate() {
                let before = model.state(k).to_vec();
                let all: Vec<u32> = (0..INSTANCES as u32).collect();
                model.add_to_state(k, all[..].into(), &[1.0; INSTANCES], 0.5);
                model.add_values_to_state(k, &[0.25; INSTANCES]);
                let clamped = info.clamped.contains(&var.name);
                for (i, (&b, &a)) in before.iter().zip(model.state(k)).enumerate() {
                    let skipped = clamped && spikes.contains(&(i as u32));
                    let expected = if skipped { b } else { b + 0.5 + 0.25 };
                    assert_eq!(a, expected, "{}: `{}` of {i}", info.name, var.name);
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 4, "{checked} models with clamped states checked");
}

/// An interpreted coupling agrees with the compiled one on a grid of values, before and
/// after a parameter change.
fn check_coupling(mut compiled: Box<dyn Coupling>) {
    use cajal::runtime::interpreter::InterpretedCoupling;
    let info = compiled.info();
    let ir = cajal_lang::compile_items(info.source)
        .unwrap_or_else(|d| panic!("{}: {d:?}", info.name))
        .into_iter()
        .find_map(|item| match item {
            cajal_lang::ir::Item::Coupling(c) if c.name == info.name => Some(c),
            _ => None,
        })
        .expect("the source holds the coupling");
    let mut twin = InterpretedCoupling::new(ir);
    assert_eq!(twin.info().edge, info.edge);
    assert_eq!(twin.info().node, info.node);
    let close = |a: f64, b: f64| a == b || (a - b).abs() <= 1e-12 * a.abs().max(b.abs());
    for round in 0..2 {
        if round == 1 && !info.params.is_empty() {
            let value = info.params[0].default * 1.7 + 0.3;
            compiled.set_param(0, value).unwrap();
            twin.set_param(0, value).unwrap();
        }
        assert_eq!(compiled.linear(), twin.linear(), "{}", info.name);
        for pre in [-2.0, -0.3, 0.0, 0.7, 3.1] {
            for post in [-1.1, 0.0, 0.4, 2.5] {
                let (a, b) = (compiled.edge(pre, post), twin.edge(pre, post));
                assert!(
                    close(a, b),
                    "{}: edge({pre}, {post}) = {a} vs {b}",
                    info.name
                );
            }
            let (a, b) = (compiled.node(pre * 10.0), twin.node(pre * 10.0));
            assert!(close(a, b), "{}: node({pre}) = {a} vs {b}", info.name);
        }
        // A plastic coupling's rule: initial states, their rates and the weight's.
        let n_states = info.rule.map_or(0, |r| r.states.len());
        assert_eq!(n_states, twin.info().rule.map_or(0, |r| r.states.len()));
        let states: Vec<f64> = (0..n_states).map(|k| compiled.rule_init(k)).collect();
        for (k, &s) in states.iter().enumerate() {
            assert_eq!(s, twin.rule_init(k), "{}: initial state {k}", info.name);
        }
        for (pre, post, w) in [(0.5, 2.0, 0.3), (3.0, 12.0, 1.1), (0.0, 7.5, -0.4)] {
            let shifted: Vec<f64> = states.iter().map(|s| s + post * 0.1).collect();
            let (a, b) = (
                compiled.weight_rate(w, pre, post, &shifted),
                twin.weight_rate(w, pre, post, &shifted),
            );
            assert!(close(a, b), "{}: dw/dt = {a} vs {b}", info.name);
            for k in 0..n_states {
                let (a, b) = (
                    compiled.rule_rate(k, post, &shifted),
                    twin.rule_rate(k, post, &shifted),
                );
                assert!(close(a, b), "{}: state {k} rate {a} vs {b}", info.name);
            }
        }
    }
}

#[test]
fn the_interpreter_agrees_with_generated_code_on_every_library_coupling() {
    use cajal_models::*;
    let couplings: Vec<Box<dyn Coupling>> = vec![
        Box::new(Diffusive::default()),
        Box::new(Additive::default()),
        Box::new(Sigmoidal::default()),
        Box::new(HyperbolicTangent::default()),
        Box::new(SigmoidalJansenRit::default()),
        Box::new(KuramotoSine::default()),
        Box::new(GapJunction::default()),
        Box::new(Hebbian::default()),
        Box::new(GatedHebbian::default()),
        Box::new(Bcm::default()),
        Box::new(Oja::default()),
        Box::new(ValueUpdate::default()),
        Box::new(FieldHeaviside::default()),
        Box::new(FieldSigmoid::default()),
    ];
    assert_eq!(couplings.len(), cajal_models::catalog::COUPLINGS.len());
    for c in couplings {
        check_coupling(c);
    }
}
