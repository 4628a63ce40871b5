//! `all_to_all` in a `network` item, generated and interpreted: a static synapse with one
//! weight and one delay is stored as one weight (a few bytes per neuron, not per synapse),
//! and the run is the run of the same synapses listed one by one through the Rust API, bit
//! for bit; delays that differ between synapses keep them listed.

use cajal::neural_model;
use cajal::prelude::*;
use cajal::runtime::interpreter::InterpretedNetwork;
use cajal_lang::ir::Item;
use cajal_models::frontend::library_types;

const N: usize = 120;

neural_model! {
    /// LIF neurons at staggered phases, coupled every pair to every pair by a conductance
    /// (without self-connections, 1.5 ms delay) and by a current.
    network AllPairs {
        timestep 0.1 ms
        population E = cajal::models::Lif[120] { init v = -70 mV + 19 mV*i/120 }
        drive E.I = 2.2 nA
        projection EG: E -> E = cajal::models::ExpConductance with all_to_all(0.2 nS, no_self) delay 1.5 ms
        projection EC: E -> E = cajal::models::ExpCurrent with all_to_all(5 pA)
    }
}

/// `AllPairs` as a file (library names, no paths), with a third projection whose delays
/// depend on the pair.
const TEXT: &str = "network AllPairs {
    timestep 0.1 ms
    population E = Lif[120] { init v = -70 mV + 19 mV*i/120 }
    drive E.I = 2.2 nA
    projection EG: E -> E = ExpConductance with all_to_all(0.2 nS, no_self) delay 1.5 ms
    projection EC: E -> E = ExpCurrent with all_to_all(5 pA)
    projection ED: E -> E = ExpCurrent with all_to_all(1 pA) delay 0.1 ms*(1 + abs(pre - post)/40)
}";

/// The text's network, interpreted with the library's compiled models and synapses.
fn interpreted() -> Network {
    let items = cajal_lang::compile_items(TEXT).expect("the text checks");
    let types = library_types(&items).unwrap();
    let ir = items
        .into_iter()
        .find_map(|i| match i {
            Item::Network(n) => Some(n),
            _ => None,
        })
        .unwrap();
    let net = InterpretedNetwork::new(ir, &types).unwrap();
    net.build(&net.defaults(), net.ir().seed).unwrap().network
}

/// The generated network's synapses listed one by one through the Rust API, from the same
/// initial state.
fn listed(initial_v: &[f64]) -> Network {
    let mut lif = Lif::new(N);
    lif.state.v.copy_from_slice(initial_v);
    let mut net = Network::new(0.1).unwrap();
    let e = net.add_population("E", lif).unwrap();
    net.drive(e, "I", Stimulus::Constant(2.2)).unwrap();
    let conductance = Connections::all_to_all(N, N, 0.2, false).with_delay(1.5);
    net.connect("EG", e, e, ExpConductance::default(), conductance)
        .unwrap();
    let current = Connections::all_to_all(N, N, 5.0, true);
    net.connect("EC", e, e, ExpCurrent::default(), current)
        .unwrap();
    net
}

/// Steps `a` and `b` side by side; their potentials agree bit for bit after every step.
/// Returns the number of neurons that crossed threshold (a reset lowers v) in the run.
fn same_run(a: &mut Network, b: &mut Network, steps: usize) -> usize {
    let e = PopulationId(0);
    let mut resets = 0;
    let mut before = a.population(e).unwrap().state(0).to_vec();
    for step in 0..steps {
        a.step().unwrap();
        b.step().unwrap();
        let (va, vb) = (
            a.population(e).unwrap().state(0),
            b.population(e).unwrap().state(0),
        );
        assert_eq!(va, vb, "after step {step}");
        resets += va.iter().zip(&before).filter(|(v, w)| v < w).count();
        before = va.to_vec();
    }
    resets
}

#[test]
fn a_generated_all_to_all_projection_is_one_weight_with_the_numbers_of_the_list() {
    let mut generated = AllPairs::new().unwrap();
    let initial = generated.population(generated.E).unwrap().state(0).to_vec();
    assert_eq!(initial[60], -70.0 + 19.0 * 60.0 / 120.0);
    let mut listed = listed(&initial);
    assert_eq!(generated.synapse_count(), listed.synapse_count());
    assert_eq!(generated.synapse_count(), N * (N - 1) + N * N);
    // Two projections of a few bytes per neuron each, against at least a target index (2
    // bytes onto these few neurons) per synapse listed.
    assert!(
        generated.synapse_bytes() <= 2 * 16 * N,
        "{}",
        generated.synapse_bytes()
    );
    assert!(listed.synapse_bytes() >= 2 * listed.synapse_count());
    let resets = same_run(&mut generated.network, &mut listed, 3000);
    assert!(resets > 500, "the neurons fire: {resets} resets");
}

#[test]
fn an_interpreted_all_to_all_projection_is_one_weight_unless_delays_differ() {
    let mut text = interpreted();
    let synapses_of = |net: &Network, name: &str| net.synapses(name).unwrap().len();
    assert_eq!(synapses_of(&text, "EG"), N * (N - 1));
    assert_eq!(synapses_of(&text, "ED"), N * N);
    // The generated network with the text's third projection listed through the Rust API.
    let mut generated = AllPairs::new().unwrap();
    let e = generated.E;
    let ed = Connections::all_to_all(N, N, 1.0, true);
    let delays = ed
        .pre
        .iter()
        .zip(&ed.post)
        .map(|(&i, &j)| 0.1 * (1.0 + (f64::from(i) - f64::from(j)).abs() / 40.0))
        .collect();
    let ed = ed.with_delays(delays).unwrap();
    generated
        .connect("ED", e, e, ExpCurrent::default(), ed)
        .unwrap();
    // EG and EC stored as one weight each, ED listed, in both.
    assert_eq!(text.synapse_bytes(), generated.synapse_bytes());
    assert!(text.synapse_bytes() >= 2 * N * N);
    let resets = same_run(&mut text, &mut generated.network, 3000);
    assert!(resets > 500, "the neurons fire: {resets} resets");
}
