//! Reward-modulated STDP through a network signal ([`RewardStdp`] reading `dopamine`):
//!
//! - a pairing only tags the synapse (the weight does not move without dopamine); under a
//!   constant dopamine level the weight follows the forward-Euler sum of k·c·d, with the
//!   eligibility c decaying exactly from its value after the pairing;
//! - a signal set by the program, driven by a stimulus or bound to a
//!   [`DopamineConcentration`] population gives the same weights for the same dopamine;
//! - distal reward: of two synapses paired at different times, the one paired shortly
//!   before a reward grows far more than the one paired seconds earlier;
//! - a synapse whose signal the network lacks, or declares in another unit, is refused.

use cajal::models::{DopamineConcentration, Relay, RewardStdp};
use cajal::neural_model;
use cajal::prelude::*;

const DT: f64 = 0.1;

neural_model! {
    /// A synapse reading `dopamine` in nM (the library's reads µM).
    pub synapse OtherUnit {
        weight w: mV = 1 mV
        post { v: mV }
        signals { dopamine: nM }
        traces { c = 0 }
        equations { dc/dt = -c/(10 ms) }
        on_pre { v += w; c += dopamine/(1 nM) }
    }
}

/// Pre spikes of source k at `pre[k]` (ms) onto one relay spiking at `post` (ms), every
/// synapse starting at 1 mV; the network has a `dopamine` signal (µM) at 0.
fn network(pre: &[&[f64]], post: &[f64]) -> Network {
    let mut net = Network::new(DT).unwrap();
    let relay = net.add_population("post", Relay::new(1)).unwrap();
    let mut kicks = vec![(0.0, 0.0)];
    for &t in post {
        kicks.push((t, 1.0));
        kicks.push((t + DT, 0.0));
    }
    net.drive(relay, "kick", Stimulus::Piecewise(kicks))
        .unwrap();
    let train: Vec<(f64, usize)> = pre
        .iter()
        .enumerate()
        .flat_map(|(k, times)| times.iter().map(move |&t| (t, k)))
        .collect();
    let source = net.add_spike_generator("pre", pre.len(), &train).unwrap();
    net.add_signal("dopamine", "uM", 0.0).unwrap();
    let c = Connections::all_to_all(pre.len(), 1, 1.0, true);
    net.connect("syn", source, relay, RewardStdp::default(), c)
        .unwrap();
    net
}

fn weights(net: &Network) -> Vec<f64> {
    net.synapses("syn").unwrap().iter().map(|e| e.2).collect()
}

#[test]
fn a_pairing_tags_the_synapse_and_dopamine_turns_the_tag_into_weight() {
    // Pre at 10 ms, post at 20 ms: c = A_plus·e^{−10/20} after the post spike.
    let mut net = network(&[&[10.0]], &[20.0]);
    net.run(100.0).unwrap();
    assert_eq!(weights(&net), [1.0], "no dopamine, no change");
    let c = net.per_synapse("syn", "c").unwrap()[0];
    let c_post = 1.0 * (-10.0_f64 / 20.0).exp();
    let c_expected = c_post * (-80.0_f64 / 1000.0).exp();
    assert!((c - c_expected).abs() <= 1e-12, "{c} vs {c_expected}");
    // 0.2 µM for 500 ms: w += dt·k·c_n·d with c_n = c·e^{−n·dt/τ_c}, k = 1/(µM·s).
    net.set_signal("dopamine", 0.2).unwrap();
    net.run(500.0).unwrap();
    let (k, d, steps) = (1e-3, 0.2, 5000);
    let sum: f64 = (0..steps)
        .map(|n| c_expected * (-(n as f64) * DT / 1000.0).exp())
        .sum();
    let expected = 1.0 + DT * k * d * sum;
    let w = weights(&net)[0];
    assert!((w - expected).abs() <= 1e-12, "{w} vs {expected}");
    assert!(w - 1.0 > 0.02, "the weight grew by {}", w - 1.0);
}

/// The weight after a pairing and a dopamine episode from `set_dopamine`.
fn episode(set_dopamine: impl Fn(&mut Network)) -> f64 {
    let mut net = network(&[&[10.0]], &[20.0]);
    set_dopamine(&mut net);
    net.run(1500.0).unwrap();
    weights(&net)[0]
}

#[test]
fn set_driven_and_bound_signals_give_the_same_weights() {
    // 0.5 µM from 300 ms to 800 ms, three ways.
    let driven = episode(|net| {
        let pulse = Stimulus::pulse(0.5, 300.0, 800.0);
        net.drive_signal("dopamine", pulse).unwrap();
    });
    let set = {
        let mut net = network(&[&[10.0]], &[20.0]);
        net.run(300.0).unwrap();
        net.set_signal("dopamine", 0.5).unwrap();
        net.run(500.0).unwrap();
        net.set_signal("dopamine", 0.0).unwrap();
        net.run(700.0).unwrap();
        weights(&net)[0]
    };
    assert_eq!(driven.to_bits(), set.to_bits());
    assert!(driven > 1.05, "{driven}");
    // A population whose state follows the same values (no decay, release set directly).
    let bound = episode(|net| {
        let mut da = DopamineConcentration::new(1);
        da.params.tau_d = 1e12;
        let pop = net.add_population("DA", da).unwrap();
        // d rises by 0.5 µM during the step starting at 299.9 ms and falls back after 800 ms.
        let rate = 0.5 / DT;
        let release = Stimulus::Piecewise(vec![
            (299.9, rate),
            (300.0, 0.0),
            (799.9, -rate),
            (800.0, 0.0),
        ]);
        net.drive(pop, "release", release).unwrap();
        net.bind_signal("dopamine", pop, "d").unwrap();
    });
    assert!(
        (bound - driven).abs() <= 1e-9 * driven,
        "{bound} vs {driven}"
    );
}

#[test]
fn the_synapse_paired_just_before_the_reward_takes_the_credit() {
    // Synapse 0 paired (pre → post 5 ms later) at 3 s, synapse 1 at 0.5 s; the post spikes
    // of each pairing follow 5 ms after its pre spike. Reward at 3.5 s: a 0.5 µM release
    // pulse into a dopamine population (τ_d = 200 ms) bound to the signal.
    let mut net = network(&[&[3000.0], &[500.0]], &[505.0, 3005.0]);
    let da = net
        .add_population("DA", DopamineConcentration::new(1))
        .unwrap();
    let release = Stimulus::Piecewise(vec![(3500.0, 0.5 / DT), (3500.0 + DT, 0.0)]);
    net.drive(da, "release", release).unwrap();
    net.bind_signal("dopamine", da, "d").unwrap();
    net.run(5000.0).unwrap();
    let w = weights(&net);
    let (recent, distal) = (w[0] - 1.0, w[1] - 1.0);
    // Eligibility at the reward: e^{−0.5} of the pairing's against e^{−3}; both decay
    // alike under the dopamine that follows.
    let ratio = recent / distal;
    let expected = ((3.0_f64 - 0.5) - 0.0).exp();
    assert!(recent > 0.0 && distal > 0.0, "{w:?}");
    assert!(
        (ratio / expected - 1.0).abs() < 0.01,
        "ratio {ratio}, expected {expected}"
    );
}

#[test]
fn a_missing_or_mismatched_signal_is_refused() {
    let mut net = Network::new(DT).unwrap();
    let relay = net.add_population("post", Relay::new(1)).unwrap();
    let src = net.add_spike_generator("pre", 1, &[(1.0, 0)]).unwrap();
    let c = || Connections::all_to_all(1, 1, 1.0, true);
    let err = net
        .connect("a", src, relay, RewardStdp::default(), c())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("signal `dopamine`") && err.contains("add_signal"),
        "{err}"
    );
    net.add_signal("dopamine", "uM", 0.0).unwrap();
    let err = net
        .connect("b", src, relay, OtherUnit::default(), c())
        .unwrap_err()
        .to_string();
    assert!(err.contains("nM") && err.contains("uM"), "{err}");
    let err = net.set_signal("serotonin", 1.0).unwrap_err().to_string();
    assert!(err.contains("dopamine"), "{err}");
    assert!(net.set_signal("dopamine", f64::NAN).is_err());
}

neural_model! {
    /// One pre → post pairing at 10/15 ms, then a reward of 0.5 µM at `reward_at` into a
    /// dopamine population that the synapses' `dopamine` signal follows; a second signal
    /// read by nothing, in time.
    pub network RewardedPairing {
        parameters {
            /// When the reward comes.
            reward_at = 400 ms,
        }
        timestep 0.1 ms
        population post = cajal::models::Relay[1]
        population DA = cajal::models::DopamineConcentration[1]
        source pre = spike_times[1] { 0 at 10 ms }
        drive post.kick = if t > 14.95 ms && t < 15.05 ms { 1 } else { 0 }
        drive DA.release = if t > reward_at - 0.05 ms && t < reward_at + 0.05 ms { 5 uM/ms } else { 0 uM/ms }
        /// Dopamine, from the DA population.
        signal dopamine: uM = DA.d
        /// A clock, in seconds.
        signal clock: s = t
        projection syn: pre -> post = cajal::models::RewardStdp with all_to_all(1 mV)
    }
}

#[test]
fn a_network_item_declares_signals_and_runs_the_same_interpreted() {
    use cajal::runtime::interpreter::{InterpretedNetwork, Types};
    let mut compiled = RewardedPairing::new().unwrap();
    compiled.network.run(1000.0).unwrap();
    let w = compiled.network.synapses("syn").unwrap()[0].2;
    // c = A_plus·e^{−5/20} after the pairing, e^{−0.385} of it at the reward; the 0.5 µM
    // decays with 200 ms: over the 0.6 s left, Δw ≈ k·c·0.5 µM·(1 − e^{−0.6 r})/r with
    // r = 1/0.2 s + 1/1 s (≈ 0.043 mV).
    let c_reward = (-5.0_f64 / 20.0).exp() * (-385.0_f64 / 1000.0).exp();
    let r: f64 = 1.0 / 0.2 + 1.0;
    let expected = c_reward * 0.5 * (1.0 - (-0.6 * r).exp()) / r;
    assert!(
        ((w - 1.0) / expected - 1.0).abs() < 0.02,
        "Δw {} vs {expected}",
        w - 1.0
    );
    let clock = compiled.network.signal("clock").unwrap();
    assert!((clock - 0.9999).abs() < 1e-9, "clock {clock} s");

    let items = cajal_lang::compile_items(RewardedPairing::SOURCE).expect("the item checks");
    let ir = items
        .into_iter()
        .find_map(|i| match i {
            cajal_lang::ir::Item::Network(n) => Some(n),
            _ => None,
        })
        .unwrap();
    // The library's models and synapses, interpreted from their text.
    let mut types = Types::new();
    let sources = [
        Relay::INFO.source,
        DopamineConcentration::INFO.source,
        RewardStdp::INFO.source,
    ];
    for source in sources {
        types.interpret(&cajal_lang::compile_items(source).expect("library items check"));
    }
    let net = InterpretedNetwork::new(ir, &types).expect("its uses check");
    let mut interpreted = net.build(&net.defaults(), net.ir().seed).unwrap().network;
    interpreted.run(1000.0).unwrap();
    let wi = interpreted.synapses("syn").unwrap()[0].2;
    assert_eq!(w.to_bits(), wi.to_bits(), "{w} vs {wi}");
}
