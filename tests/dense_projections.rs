//! Dense storage of static projections: a projection denser than the threshold stores a
//! source × target weight matrix and adds a spiking source's row as one vector; results are
//! the same as with sparse rows, bit for bit, in both delivery schedules, for summed states,
//! injected currents and jumps of the target's state.

use cajal::prelude::*;
use cajal::runtime::network::DENSE_MIN_DENSITY;

/// 60 RS + 15 FS Izhikevich cells driven by Poisson spikes through a sparse projection, with
/// dense recurrent projections of every kind: seed-schedule conductances on Gaussian rings
/// (AMPA, NMDA reading v), GABA_A all-to-all with graded weights, a Brian2-schedule current, and a delta synapse
/// jumping v. `dense_min_density` as in [`Network::set_dense_threshold`].
fn build(dense_min_density: f64) -> Network {
    let mut net = Network::new(0.1).unwrap();
    net.set_dense_threshold(dense_min_density);
    let e = net.add_population("E", Izhikevich::new(60)).unwrap();
    let i = net
        .add_population(
            "I",
            Izhikevich::with_params(15, IzhikevichParams::fs()).unwrap(),
        )
        .unwrap();
    net.drive(e, "I", Stimulus::Constant(250.0)).unwrap();
    net.drive(i, "I", Stimulus::Constant(60.0)).unwrap();
    let drive = net.add_poisson("drive", 50, 40.0, 7).unwrap();
    let de = Connections::bernoulli_sparse(50, 60, 0.1, 2.0, 1, true).unwrap();
    net.connect("drive", drive, e, ExpConductance::ampa(), de)
        .unwrap();
    let ee = Connections::ring_gaussian(60, 60, 1.5, 30.0, false);
    net.connect("EE", e, e, ExpConductance::ampa(), ee).unwrap();
    let ei = Connections::ring_gaussian(60, 15, 0.8, 40.0, true);
    net.connect("EI", e, i, Nmda::default(), ei).unwrap();
    let ie = Connections::from_fn(15, 60, |a, b| Some(0.1 + 0.01 * (a + b % 3) as f64));
    net.connect("IE", i, e, ExpConductance::gabaa(), ie)
        .unwrap();
    let ii = Connections::from_fn(15, 15, |a, b| {
        (a != b).then(|| -5.0 - (a * 7 + b) as f64 * 0.1)
    });
    net.connect_with("II", i, i, ExpCurrent { tau: 4.0 }, ii, Delivery::Brian2)
        .unwrap();
    let jumps = Connections::from_fn(15, 60, |a, b| {
        ((a + b) % 4 != 0).then(|| -0.05 - 0.01 * a as f64)
    });
    net.connect("jumps", i, e, VoltageJump::default(), jumps)
        .unwrap();
    net.set_seed(11);
    net.record_spikes(e).unwrap();
    net.record_spikes(i).unwrap();
    net
}

const DENSE: [&str; 5] = ["EE", "EI", "IE", "II", "jumps"];

#[test]
fn dense_and_sparse_projections_give_the_same_network_bit_for_bit() {
    let mut dense = build(DENSE_MIN_DENSITY);
    let mut sparse = build(2.0);
    for name in DENSE {
        assert!(dense.is_dense(name).unwrap(), "{name} should be dense");
        assert!(!sparse.is_dense(name).unwrap(), "{name} should be sparse");
        assert_eq!(
            dense.synapses(name).unwrap(),
            sparse.synapses(name).unwrap(),
            "{name}"
        );
    }
    assert!(!dense.is_dense("drive").unwrap(), "10 % is sparse");
    assert_eq!(dense.synapse_count(), sparse.synapse_count());
    for _ in 0..4000 {
        dense.step().unwrap();
        sparse.step().unwrap();
    }
    for (name, p) in dense.populations() {
        let (a, b) = (dense.spikes(p).unwrap(), sparse.spikes(p).unwrap());
        assert_eq!(a, b, "spikes of {name}");
        let n_spikes = a.len();
        assert!(n_spikes > 100, "{name} fired only {n_spikes} spikes");
        for k in 0..2 {
            let bits = |net: &Network| -> Vec<u64> {
                let pop = net.population(p).unwrap();
                pop.state(k).iter().map(|x| x.to_bits()).collect()
            };
            assert_eq!(bits(&dense), bits(&sparse), "state {k} of {name}");
        }
    }
    for (name, var) in [("EE", "g"), ("EI", "g"), ("IE", "g"), ("II", "i_syn")] {
        let bits = |net: &Network| -> Vec<u64> {
            let g = net.synapse_state(name, var).unwrap();
            g.iter().map(|x| x.to_bits()).collect()
        };
        assert_eq!(bits(&dense), bits(&sparse), "{name}.{var}");
    }
}

#[test]
fn dense_storage_costs_at_most_twelve_bytes_a_synapse() {
    let mut net = Network::new(0.1).unwrap();
    let a = net.add_population("a", Izhikevich::new(300)).unwrap();
    // Density 2/3 exactly: every third pair is missing.
    let conn = Connections::from_fn(300, 300, |i, j| {
        ((i + j) % 3 != 0).then_some(1.0 + j as f64)
    });
    let synapses = conn.len();
    net.connect("aa", a, a, ExpConductance::ampa(), conn)
        .unwrap();
    assert!(net.is_dense("aa").unwrap());
    let per_synapse = net.synapse_bytes() as f64 / synapses as f64;
    assert!(per_synapse <= 12.1, "{per_synapse} bytes a synapse");
}

#[test]
fn sparse_rows_stay_where_a_matrix_cannot_hold_the_synapses() {
    let mut net = Network::new(0.1).unwrap();
    let a = net.add_population("a", Izhikevich::new(20)).unwrap();
    // Below the density threshold.
    let thin = Connections::from_fn(20, 20, |i, j| ((i + j) % 2 == 0).then_some(1.0));
    net.connect("thin", a, a, ExpConductance::ampa(), thin)
        .unwrap();
    // A synapse of weight 0 (the matrix's 0 means "no synapse").
    let zero = Connections::from_fn(20, 20, |i, j| Some(if i == j { 0.0 } else { 1.0 }));
    net.connect("zero", a, a, ExpConductance::ampa(), zero)
        .unwrap();
    // Two synapses between one pair (their sum would not add up bit for bit).
    let mut twice = Connections::all_to_all(20, 20, 1.0, true);
    twice.push(3, 4, 2.0);
    net.connect("twice", a, a, ExpConductance::ampa(), twice)
        .unwrap();
    // Per-synapse delays.
    let delayed = Connections::all_to_all(20, 20, 1.0, true)
        .with_delays((0..400).map(|s| 0.1 * (s % 5) as f64).collect())
        .unwrap();
    net.connect_with(
        "delayed",
        a,
        a,
        ExpConductance::ampa(),
        delayed,
        Delivery::Brian2,
    )
    .unwrap();
    // One weight for all (2 bytes a synapse sparse here, less than a matrix).
    let shared = Connections::all_to_all(20, 20, 1.0, true);
    net.connect("shared", a, a, ExpConductance::ampa(), shared)
        .unwrap();
    for name in ["thin", "zero", "twice", "delayed", "shared"] {
        assert!(!net.is_dense(name).unwrap(), "{name} should be sparse");
    }
    let full = Connections::from_fn(20, 20, |i, j| Some(1.0 + (i * j) as f64));
    net.connect("full", a, a, ExpConductance::ampa(), full)
        .unwrap();
    assert!(net.is_dense("full").unwrap());
    assert_eq!(net.synapses("zero").unwrap().len(), 400);
    assert_eq!(net.synapses("twice").unwrap().len(), 401);
}
