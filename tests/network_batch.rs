//! A batch of networks that differ in parameter values ([`NetworkBatch`], what `cajal
//! simulate --sweep` runs): the rate projections the members have alike are computed for all
//! of them at once — dense, sparse and delayed — and every member still runs exactly as it
//! does alone, bit for bit, whatever the batch it is part of.

use cajal::prelude::*;
use cajal::runtime::network::NetworkBatch;
use cajal::runtime::rng::{mix64, uniform_open};

/// Uniform (0, 1) weights from `salt`, a fraction `keep` of them kept (the rest zero), as
/// `Connections` of `n_source` → `n_target`; with `delays`, each kept edge gets a delay of
/// 0 … 3 ms.
fn weights(n_source: usize, n_target: usize, keep: f64, salt: u64, delays: bool) -> Connections {
    let mut conn = Connections::new(n_source, n_target);
    let mut delay_ms = Vec::new();
    for j in 0..n_target {
        for i in 0..n_source {
            let key = salt ^ (j * n_source + i) as u64;
            if uniform_open(mix64(key ^ 0x5eed)) < keep {
                conn.push(i, j, uniform_open(mix64(key)));
                delay_ms.push(3.0 * uniform_open(mix64(key ^ 0xde1a)));
            }
        }
    }
    if delays {
        conn.with_delays(delay_ms).unwrap()
    } else {
        conn
    }
}

fn hopf(n: usize, phase: f64) -> Hopf {
    let mut h = Hopf::new(n);
    h.params.a = -0.05;
    for (i, x) in h.state.x.iter_mut().enumerate() {
        *x = 0.3 * (i as f64 + phase).sin();
    }
    for (i, y) in h.state.y.iter_mut().enumerate() {
        *y = 0.2 * (i as f64 * 0.7 + phase).cos();
    }
    h
}

/// One member: a 40-node population coupled to itself densely (`k`) and a 30-node one
/// driven by it through sparse delayed weights (`k / 2`) and coupled to itself sparsely
/// (additive, `k / 4`); `salt` changes the weights of the delayed projection.
fn member(k: f64, salt: u64) -> Network {
    let mut net = Network::new(0.1).unwrap();
    let a = net.add_population("a", hopf(40, 0.0)).unwrap();
    let b = net.add_population("b", hopf(30, 1.0)).unwrap();
    net.couple(
        "dense",
        (a, "x"),
        (a, "x_inp"),
        Diffusive { k },
        weights(40, 40, 1.0, 11, false),
    )
    .unwrap();
    net.couple(
        "delayed",
        (a, "x"),
        (b, "x_inp"),
        Diffusive { k: k / 2.0 },
        weights(40, 30, 0.2, salt, true),
    )
    .unwrap();
    net.couple(
        "sparse",
        (b, "y"),
        (b, "y_inp"),
        Additive {
            k: k / 4.0,
            b: 0.01,
        },
        weights(30, 30, 0.15, 13, false),
    )
    .unwrap();
    net
}

/// Every state of every population, as bits.
fn states(net: &Network) -> Vec<u64> {
    let mut out = Vec::new();
    for (_, id) in net.populations() {
        let model = net.population(id).unwrap();
        for k in 0..model.info().states.len() {
            out.extend(model.state(k).iter().map(|v| v.to_bits()));
        }
    }
    out
}

#[test]
fn every_member_of_a_batch_runs_as_it_does_alone() {
    let ks = [0.0, 0.15, 0.3, 0.45, 0.6];
    let mut batch = NetworkBatch::new(ks.iter().map(|&k| member(k, 17)).collect()).unwrap();
    assert!(member(0.1, 17).is_dense("dense").unwrap());
    assert!(!member(0.1, 17).is_dense("sparse").unwrap());
    assert_eq!(
        batch.shared_projections(),
        ["dense", "delayed", "sparse"],
        "all three projections are alike in every member"
    );
    let mut alone: Vec<Network> = ks.iter().map(|&k| member(k, 17)).collect();
    for step in 0..600 {
        batch.step().unwrap();
        for (b, net) in alone.iter_mut().enumerate() {
            net.step().unwrap();
            assert!(
                states(&batch.members()[b]) == states(net),
                "member {b} (k = {}) differs at step {step}",
                ks[b]
            );
        }
    }
    // The members did differ: k changes the dynamics.
    let members = batch.into_members();
    assert_ne!(states(&members[0]), states(&members[4]));
}

#[test]
fn projections_that_differ_are_stepped_by_each_member() {
    let members = vec![member(0.3, 17), member(0.3, 18), member(0.5, 17)];
    let mut batch = NetworkBatch::new(members).unwrap();
    assert_eq!(batch.shared_projections(), ["dense", "sparse"]);
    let mut alone = [member(0.3, 17), member(0.3, 18), member(0.5, 17)];
    batch.run_watched(300, &mut |_, _| false).unwrap();
    for (b, net) in alone.iter_mut().enumerate() {
        net.run(30.0).unwrap();
        assert!(states(&batch.members()[b]) == states(net), "member {b}");
    }
}

/// Members that ran alone for a while join a batch with their delay histories.
#[test]
fn members_that_already_ran_bring_their_history() {
    let ks = [0.2, 0.4, 0.6];
    let mut started: Vec<Network> = ks.iter().map(|&k| member(k, 17)).collect();
    for net in &mut started {
        net.run(5.0).unwrap();
    }
    let mut batch = NetworkBatch::new(started).unwrap();
    assert_eq!(batch.shared_projections(), ["dense", "delayed", "sparse"]);
    batch.run_watched(200, &mut |_, _| false).unwrap();
    for (b, &k) in ks.iter().enumerate() {
        let mut alone = member(k, 17);
        alone.run(25.0).unwrap();
        assert!(states(&batch.members()[b]) == states(&alone), "member {b}");
    }
}

/// A member whose step fails stops the batch naming it; the members after it did not take
/// that step, and each can go on alone (its state set anew, say) as if it had never been in
/// a batch.
#[test]
fn after_a_member_fails_the_others_go_on_alone() {
    // β < 0 turns the Hopf nodes' saturation into growth: population `a` blows up.
    let runaway = || {
        let mut net = member(0.3, 17);
        let a = net.populations()[0].1;
        let nodes = net.population_mut(a).unwrap();
        let beta = nodes.info().param_index("beta").unwrap();
        nodes.set_param(beta, -50.0).unwrap();
        net
    };
    let mut batch = NetworkBatch::new(vec![member(0.2, 17), runaway(), member(0.4, 17)]).unwrap();
    let stop = batch.run_watched(20_000, &mut |_, _| false).unwrap_err();
    assert_eq!(stop.member, Some(1));
    assert!(stop.to_string().contains("diverged"), "{stop}");
    let mut members = batch.into_members();
    let (ahead, behind) = (members[0].steps(), members[2].steps());
    assert_eq!(
        ahead,
        behind + 1,
        "member 0 took the failing step, member 2 did not"
    );
    let mut last = members.pop().unwrap();
    let mut alone = member(0.4, 17);
    alone.run(behind as f64 * 0.1).unwrap();
    // A state set from outside before the next step is what that step reads.
    for net in [&mut last, &mut alone] {
        let a = net.populations()[0].1;
        net.population_mut(a).unwrap().state_mut(0).fill(0.25);
    }
    for _ in 0..100 {
        last.step().unwrap();
        alone.step().unwrap();
        assert!(states(&last) == states(&alone));
    }
}

#[test]
fn members_must_step_together() {
    assert!(NetworkBatch::new(Vec::new()).is_err());
    let mut ahead = member(0.3, 17);
    ahead.step().unwrap();
    let e = NetworkBatch::new(vec![member(0.3, 17), ahead])
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("member 1 is at step 1"), "{e}");
}
