//! Plastic synapses: pair-based additive STDP on one synapse with fixed pre- and
//! postsynaptic trains (`tests/reference/spike/stdp.json`): the weight after every event
//! matches the reference's independent event loop to 1e-12, for three initial weights; the
//! traces are event-driven (exact exponentials between spikes). A checkpoint in the middle
//! resumes the plastic state bit for bit.

use crate::common;

use cajal::prelude::*;
use common::{f, floats, reference};

use crate::stdp_models;
use stdp_models::{Relay, Stdp};

/// Pre trains → one plastic synapse → a relay spiking at the post times.
fn build(w0: f64, file: &serde_json::Value) -> Network {
    let dt = f(&file["dt_ms"]);
    let mut net = Network::new(dt).unwrap();
    let post = net.add_population("post", Relay::new(1)).unwrap();
    let mut kicks = vec![(0.0, 0.0)];
    for t in floats(&file["post_spikes_ms"]) {
        kicks.push((t, 1.0));
        kicks.push((t + dt, 0.0));
    }
    net.drive(post, "kick", Stimulus::Piecewise(kicks)).unwrap();
    let train: Vec<(f64, usize)> = floats(&file["pre_spikes_ms"])
        .into_iter()
        .map(|t| (t, 0))
        .collect();
    let pre = net.add_spike_generator("pre", 1, &train).unwrap();
    let c = Connections::all_to_all(1, 1, w0, true);
    net.connect("stdp", pre, post, Stdp::default(), c).unwrap();
    net.record_spikes(post).unwrap();
    net
}

fn weight(net: &Network) -> f64 {
    net.synapses("stdp").unwrap()[0].2
}

#[test]
fn stdp_weight_after_every_event_matches_the_reference() {
    let file = reference("spike/stdp.json");
    let dt = f(&file["dt_ms"]);
    let steps = (f(&file["duration_ms"]) / dt).round() as u64;
    for run in file["runs"].as_array().unwrap() {
        let mut net = build(f(&run["w0"]), &file);
        common::follow_stdp_events(&mut net, run, (dt, steps), weight);
        let spikes = net.spikes(PopulationId(0)).unwrap().len();
        assert_eq!(spikes, floats(&file["post_spikes_ms"]).len());
        assert!((weight(&net) - f(&run["w_final"])).abs() <= 1e-12);
    }
}

#[test]
fn a_checkpoint_resumes_the_plastic_state_bit_for_bit() {
    let file = reference("spike/stdp.json");
    let dir = std::env::temp_dir().join(format!("cajal-stdp-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("half.bin");
    let mut whole = build(0.5, &file);
    let mut halves = build(0.5, &file);
    for _ in 0..12_345 {
        halves.step().unwrap();
    }
    halves.checkpoint(&path).unwrap();
    let mut resumed = build(0.5, &file);
    resumed.restore(&path).unwrap();
    for _ in 0..12_345 {
        whole.step().unwrap();
    }
    for _ in 0..10_000 {
        whole.step().unwrap();
        resumed.step().unwrap();
    }
    assert_eq!(weight(&whole).to_bits(), weight(&resumed).to_bits());
    std::fs::remove_dir_all(&dir).ok();
}
