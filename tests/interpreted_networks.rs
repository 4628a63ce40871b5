//! The interpreter agrees with the generated code on synapses and networks: every library
//! synapse, a plastic (STDP) one and one with continuous per-synapse dynamics, every library network (built from its text, with
//! interpreted models and synapses), and a network file holding its own neuron, synapse and
//! network items — spikes and states equal after every step.

use cajal::prelude::*;
use cajal::runtime::interpreter::{InterpretedNetwork, InterpretedSynapse, Types};
use cajal_lang::ir::Item;
use cajal_models::catalog;
use cajal_models::frontend::interpreted_library;

use crate::stdp_models;

use crate::continuous_models;

use crate::network_file;

use crate::plastic_visits;
use network_file::interpret_network;
use plastic_visits::visit_log;

/// The synapse item of `source`.
fn synapse_ir(source: &str, name: &str) -> cajal_lang::ir::Synapse {
    cajal_lang::compile_items(source)
        .unwrap_or_else(|d| panic!("{name}: {d:?}"))
        .into_iter()
        .find_map(|i| match i {
            Item::Synapse(s) if s.dynamics.name == name => Some(s),
            _ => None,
        })
        .expect("the source holds the synapse")
}

/// Every method of the two synapses gives the same numbers on the same values.
fn check_synapse(compiled: &mut dyn Synapse, twin: &mut InterpretedSynapse) {
    let info = compiled.info();
    let name = info.name;
    let (ns, np, ni) = (info.states.len(), info.post.len(), info.injects.len());
    assert_eq!(twin.info().states.len(), ns, "{name}");
    assert_eq!(twin.info().plastic, info.plastic, "{name}");
    for round in 0..2 {
        if round == 1 && !info.params.is_empty() {
            let value = info.params[0].default * 1.3 + 0.1;
            compiled.set_param(0, value).unwrap();
            twin.set_param(0, value).unwrap();
        }
        let pair = |f: &dyn Fn(&dyn Synapse, &mut [f64]), n: usize, what: &str| {
            let (mut a, mut b) = (vec![0.0; n], vec![0.0; n]);
            f(&*compiled, &mut a);
            f(&*twin, &mut b);
            assert_eq!(a, b, "{name}: {what}");
        };
        pair(&|s, o| s.initial_state(o), ns, "initial state");
        pair(&|s, o| s.state_jump(o), ns, "state jump");
        pair(&|s, o| s.post_jump(o), np, "post jump");
        // Five targets with different summed states and target values.
        let n = 5;
        let state: Vec<f64> = (0..ns * n).map(|k| 0.7 * k as f64 - 1.3).collect();
        let post: Vec<Vec<f64>> = (0..np)
            .map(|m| (0..n).map(|j| -65.0 + 7.0 * j as f64 + m as f64).collect())
            .collect();
        let post_refs: Vec<&[f64]> = post.iter().map(Vec::as_slice).collect();
        let (mut sa, mut sb) = (state.clone(), state.clone());
        compiled.advance(1.0, 0.1, &mut sa, n);
        twin.advance(1.0, 0.1, &mut sb, n);
        assert_eq!(sa, sb, "{name}: advance");
        for base in [None, Some(vec![3.0; ni])] {
            let (mut sa, mut sb) = (state.clone(), state.clone());
            let mut oa = vec![vec![0.5; n]; ni];
            let mut ob = oa.clone();
            let scale: Vec<f64> = (0..ni).map(|m| 1e-3 * (m + 1) as f64).collect();
            let mut ra: Vec<&mut [f64]> = oa.iter_mut().map(Vec::as_mut_slice).collect();
            let mut rb: Vec<&mut [f64]> = ob.iter_mut().map(Vec::as_mut_slice).collect();
            let b = base.as_deref();
            compiled.inject_advance(2.0, 0.1, &mut sa, n, &post_refs, &mut ra, &scale, b);
            twin.inject_advance(2.0, 0.1, &mut sb, n, &post_refs, &mut rb, &scale, b);
            assert_eq!(sa, sb, "{name}: inject_advance state");
            assert_eq!(oa, ob, "{name}: inject_advance values");
        }
        if info.plastic {
            let nt = info.traces.len() + info.continuous.len();
            pair(&|s, o| s.trace_init(o), nt, "trace init");
            // Three synapses onto targets 4, 0, 4 of the five.
            let advance = |s: &dyn Synapse| {
                let mut weights = vec![0.4, 1.5, -0.2];
                let mut vars: Vec<f64> = (0..3 * nt).map(|k| 0.3 * k as f64 - 0.5).collect();
                let signals: Vec<f64> = (0..info.signals.len()).map(|k| 0.3 + k as f64).collect();
                for step in 0..3 {
                    let t = 0.1 * step as f64;
                    let targets = [4, 0, 4];
                    s.advance_continuous(
                        t,
                        0.1,
                        &mut weights,
                        &mut vars,
                        &targets,
                        &post_refs,
                        &signals,
                    );
                }
                (weights, vars)
            };
            assert_eq!(advance(&*compiled), advance(&*twin), "{name}: continuous");
            assert_eq!(
                info.trace_scopes,
                twin.info().trace_scopes,
                "{name}: scopes"
            );
            pair(&|s, o| s.trace_rates(o), info.traces.len(), "trace rates");
            let signals: Vec<f64> = (0..info.signals.len()).map(|k| 0.7 - k as f64).collect();
            assert_eq!(
                visit_log(&*compiled, &signals),
                visit_log(&*twin, &signals),
                "{name}: plastic events"
            );
        }
    }
}

#[test]
fn interpreted_synapses_agree_with_every_library_synapse_and_stdp() {
    for entry in catalog::SYNAPSES {
        let mut twin = InterpretedSynapse::new(synapse_ir(entry.info.source, entry.info.name));
        check_synapse(&mut *(entry.build)(), &mut twin);
    }
    let stdp = &stdp_models::Stdp::INFO;
    assert!(stdp.plastic);
    let mut twin = InterpretedSynapse::new(synapse_ir(stdp.source, stdp.name));
    check_synapse(&mut stdp_models::Stdp::default(), &mut twin);
    let filtered = &continuous_models::Filtered::INFO;
    assert_eq!(
        (filtered.continuous.len(), filtered.weight_equation),
        (1, true)
    );
    let mut twin = InterpretedSynapse::new(synapse_ir(filtered.source, filtered.name));
    check_synapse(&mut continuous_models::Filtered::default(), &mut twin);
}

/// Runs both networks `steps` steps; after each, every population's state variables and
/// the spikes so far are equal.
fn assert_same_run(name: &str, compiled: &mut Network, interpreted: &mut Network, steps: usize) {
    let pops = compiled.populations();
    let ids: Vec<PopulationId> = pops.iter().map(|(_, id)| *id).collect();
    for id in &ids {
        compiled.record_spikes(*id).ok();
        interpreted.record_spikes(*id).ok();
    }
    for step in 0..steps {
        compiled.step().unwrap();
        interpreted.step().unwrap();
        for id in &ids {
            let (a, b) = (
                compiled.population(*id).unwrap(),
                interpreted.population(*id).unwrap(),
            );
            for k in 0..a.info().states.len() {
                assert_eq!(
                    a.state(k),
                    b.state(k),
                    "{name}: population {id:?}, state {} after step {step}",
                    a.info().states[k].name
                );
            }
        }
    }
    let mut spikes = 0;
    for id in &ids {
        let (a, b) = (
            compiled.spikes(*id).unwrap(),
            interpreted.spikes(*id).unwrap(),
        );
        assert_eq!(a.steps_of(0), b.steps_of(0), "{name}");
        assert_eq!(a.len(), b.len(), "{name}: spike count of {id:?}");
        spikes += a.len();
    }
    assert!(spikes > 0, "{name}: no spikes, a weak comparison");
}

#[test]
fn interpreted_library_networks_are_the_compiled_networks() {
    let types = interpreted_library().expect("the library checks");
    // Small versions of the large networks: the interpreter evaluates expression trees.
    let sizes: &[(&str, &[(&str, f64)])] = &[
        ("SeedCircuit", &[]),
        ("CanoColinoRing", &[]),
        ("Coba", &[("N", 500.0)]),
        ("Cuba", &[("N", 500.0)]),
        (
            "Brunel",
            &[("N_E", 400.0), ("N_I", 100.0), ("C_E", 40.0), ("C_I", 10.0)],
        ),
        ("Microcircuit", &[("scale", 0.02)]),
    ];
    assert_eq!(sizes.len(), catalog::NETWORKS.len());
    for (name, settings) in sizes {
        let entry = catalog::find_network(name).expect("a library network");
        let ir = cajal_lang::compile_items(entry.source)
            .unwrap_or_else(|d| panic!("{name}: {d:?}"))
            .into_iter()
            .find_map(|i| match i {
                Item::Network(n) => Some(n),
                _ => None,
            })
            .expect("the source holds the network");
        let net = InterpretedNetwork::new(ir, &types).unwrap_or_else(|d| panic!("{name}: {d:?}"));
        let mut values = net.defaults();
        let mut indexed = Vec::new();
        for (param, value) in *settings {
            let k = entry.params.iter().position(|p| p.name == *param).unwrap();
            values[k] = *value;
            indexed.push((k, *value));
        }
        let mut compiled = (entry.build)(None, &indexed, None, Default::default()).unwrap();
        let mut interpreted = net.build(&values, net.ir().seed).unwrap().network;
        assert_eq!(
            compiled.synapse_count(),
            interpreted.synapse_count(),
            "{name}"
        );
        assert_same_run(name, &mut compiled, &mut interpreted, 400);
    }
}

cajal::include_model!("tests/models/small_network.cajal");

#[test]
fn a_network_file_with_its_own_items_runs_as_compiled() {
    let built = interpret_network(include_str!("models/small_network.cajal"));
    assert_eq!(built.monitors.len(), 1);
    let mut interpreted = built.network;
    let mut compiled = Tiny::new().unwrap();
    assert_same_run("Tiny", &mut compiled.network, &mut interpreted, 1000);
    let (a, b) = (
        compiled.network.monitor(compiled.monitors[0]).unwrap(),
        interpreted.monitor(built.monitors[0]).unwrap(),
    );
    assert_eq!(a.trace(3), b.trace(3));
    // One recording of spikes and monitors; monitors of another stride are refused.
    interpreted.sample_monitors();
    let rec = interpreted.recording("Tiny", &built.monitors).unwrap();
    assert_eq!(
        (rec.names.as_slice(), rec.every),
        (&["E.v".to_string()][..], 5)
    );
    assert_eq!(rec.t_ms.len(), 1000 / 5 + 1);
    let monitor = interpreted.monitor(built.monitors[0]).unwrap();
    assert_eq!(rec.values[0][3], monitor.trace(3));
    assert_eq!(monitor.t_ms.last(), Some(&100.0));
    let e = interpreted.populations()[0].1;
    let other = interpreted.record_state(e, "w", vec![0], 3).unwrap();
    let err = interpreted
        .recording("Tiny", &[built.monitors[0], other])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("one stride") || err.contains("one time axis"),
        "{err}"
    );
}

/// The checks Rust makes on a compiled network, made on an interpreted one: each error is at
/// the offending text and says what is wrong.
#[test]
fn wrong_uses_of_other_items_are_errors_at_their_place() {
    let cell = include_str!("models/small_network.cajal");
    let cases = [
        (
            "population A = Nothing[3]",
            "Nothing",
            "no neuron or mass model is called `Nothing`",
        ),
        (
            "population A = DualExp[3]",
            "DualExp",
            "`DualExp` is a synapse",
        ),
        (
            "population A = AdaptingCell[3] { tau = 3 mV }",
            "3 mV",
            "parameter `tau` of AdaptingCell is not a voltage",
        ),
        (
            "population A = AdaptingCell[3] { taux = 3 ms }",
            "taux",
            "AdaptingCell has no parameter `taux`",
        ),
        (
            "population A = AdaptingCell[3] { preset fast }",
            "fast",
            "AdaptingCell` has no preset `fast`",
        ),
        (
            "population A = AdaptingCell[3] { method rk4 }",
            "AdaptingCell",
            "cannot be integrated with `rk4`",
        ),
        (
            "population A = AdaptingCell[3]\n    drive A.J = 1 pA",
            "J",
            "AdaptingCell has no input `J`",
        ),
        (
            "population A = AdaptingCell[3]\n    record A.q",
            "q",
            "no state variable or output `q` to record",
        ),
        (
            "population A = AdaptingCell[3]\n    projection AA: A -> A = AdaptingCell with all_to_all(1 nS)",
            "AdaptingCell with",
            "is a neuron or mass model",
        ),
        (
            "population A = AdaptingCell[3]\n    projection AA: A -> A = DualExp with all_to_all(1 mV)",
            "1 mV",
            "the weight of DualExp is not a voltage",
        ),
        (
            "population A = AdaptingCell[3]\n    projection AA: A -> A = DualExp { init q = 1 nS } with all_to_all(1 nS)",
            "q",
            "DualExp has no state variable `q`",
        ),
    ];
    for (body, at, message) in cases {
        let net = format!("network Bad {{\n    {body}\n}}\n");
        let text = format!("{cell}\n{net}");
        let items = cajal_lang::compile_items(&text).unwrap_or_else(|d| panic!("{body}: {d:?}"));
        let mut types = Types::new();
        types.interpret(&items);
        let ir = items
            .into_iter()
            .find_map(|i| match i {
                Item::Network(n) if n.name == "Bad" => Some(n),
                _ => None,
            })
            .unwrap();
        let diags = match InterpretedNetwork::new(ir, &types) {
            Ok(_) => panic!("{body}: accepted"),
            Err(d) => d,
        };
        assert_eq!(diags.len(), 1, "{body}: {diags:?}");
        let d = &diags[0];
        assert!(d.message.contains(message), "{body}: {}", d.message);
        // The error starts at the last place `at` is written (in the network).
        let expected = text.rfind(at).unwrap();
        assert_eq!(
            d.loc.start as usize,
            expected,
            "{body}: error at `{}`",
            &text[d.loc.range()]
        );
        assert!(!d.help.is_empty(), "{body}: no help");
    }
}
