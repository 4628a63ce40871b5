//! Spike delays in networks: one delay per projection and per-synapse delays arrive in the
//! step they should; post-variable jumps; static synapse memory.

use cajal::prelude::*;

neural_model! {
    /// Integrates nothing: v only changes by synaptic jumps.
    neuron Counter {
        inputs { I: pA }
        state { v = 0 mV }
        equations { dv/dt = 0 mV/ms }
    }

    /// Adds the weight to the target's v (a delta synapse).
    synapse Delta {
        weight J: mV
        post { v: mV }
        on_pre { v += J }
    }
}

/// v of each target after each step, for spikes of one source at `times_ms`.
fn run(conn: Connections, times_ms: &[f64], n_post: usize, steps: usize) -> Vec<Vec<f64>> {
    let mut net = Network::new(0.1).unwrap();
    let target = net.add_population("t", Counter::new(n_post)).unwrap();
    let train: Vec<(f64, usize)> = times_ms.iter().map(|&t| (t, 0)).collect();
    let pre = net.add_spike_generator("pre", 1, &train).unwrap();
    net.connect("d", pre, target, Delta::default(), conn)
        .unwrap();
    (0..steps)
        .map(|_| {
            net.step().unwrap();
            net.population(target).unwrap().state(0).to_vec()
        })
        .collect()
}

#[test]
fn a_projection_delay_shifts_arrival_by_whole_steps() {
    // Spike at step 3, delay 1.5 ms = 15 steps: v jumps in step 18.
    let c = Connections::all_to_all(1, 2, 0.5, true).with_delay(1.5);
    let v = run(c, &[0.3], 2, 25);
    assert_eq!(v[17], vec![0.0, 0.0]);
    assert_eq!(v[18], vec![0.5, 0.5]);
    assert_eq!(v[24], vec![0.5, 0.5]);
}

#[test]
fn per_synapse_delays_arrive_separately() {
    let c = Connections::all_to_all(1, 3, 1.0, true)
        .with_delays(vec![0.0, 0.2, 1.0])
        .unwrap();
    let v = run(c, &[0.0, 0.1], 3, 15);
    // Spikes in steps 0 and 1; delays 0, 2 and 10 steps.
    assert_eq!(v[0], vec![1.0, 0.0, 0.0]);
    assert_eq!(v[1], vec![2.0, 0.0, 0.0]);
    assert_eq!(v[2], vec![2.0, 1.0, 0.0]);
    assert_eq!(v[3], vec![2.0, 2.0, 0.0]);
    assert_eq!(v[10], vec![2.0, 2.0, 1.0]);
    assert_eq!(v[11], vec![2.0, 2.0, 2.0]);
}

#[test]
fn the_seed_schedule_needs_one_delay_per_projection() {
    let mut net = Network::new(0.1).unwrap();
    let t = net.add_population("t", Izhikevich::new(2)).unwrap();
    let pre = net.add_spike_generator("pre", 1, &[]).unwrap();
    let c = Connections::all_to_all(1, 2, 1.0, true)
        .with_delays(vec![1.0, 2.0])
        .unwrap();
    let err = net
        .connect("ampa", pre, t, ExpConductance::ampa(), c.clone())
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("one delay for the whole projection"),
        "{err}"
    );
    net.connect_with("ampa", pre, t, ExpConductance::ampa(), c, Delivery::Brian2)
        .unwrap();
}

/// Bytes per synapse of 10^6 synapses from 1000 sources: onto every other of 2000 targets
/// (density 1/2, stored sparse) or, with `all`, onto every one of 1000 targets (dense).
fn bytes_per_synapse(all: bool, weight: impl Fn(usize, usize) -> f64) -> f64 {
    let n_post = if all { 1000 } else { 2000 };
    let mut net = Network::new(0.1).unwrap();
    let t = net.add_population("t", Counter::new(n_post)).unwrap();
    let pre = net.add_spike_generator("pre", 1000, &[]).unwrap();
    let c = Connections::from_fn(1000, n_post, |i, j| {
        (all || (i + j) % 2 == 0).then(|| weight(i, j))
    });
    net.connect("d", pre, t, Delta::default(), c).unwrap();
    assert_eq!(net.synapse_count(), 1_000_000);
    assert_eq!(
        net.is_dense("d").unwrap(),
        all && weight(0, 0) != weight(0, 1)
    );
    net.synapse_bytes() as f64 / 1e6
}

#[test]
fn static_synapses_take_twelve_bytes_each() {
    // A u32 target and an f64 weight each, plus one u32 row start per source.
    let per_synapse = bytes_per_synapse(false, |i, j| 0.1 + (i * 1000 + j) as f64 * 1e-7);
    assert!(per_synapse <= 12.01, "{per_synapse} bytes per synapse");
    // One weight for the whole projection is stored once (copied along one row): the target
    // index remains.
    let per_synapse = bytes_per_synapse(false, |_, _| 0.1);
    assert!(per_synapse <= 4.02, "{per_synapse} bytes per synapse");
    // Every pair a synapse: a dense matrix, one f64 each (one weight for all stays sparse,
    // where it costs half).
    let per_synapse = bytes_per_synapse(true, |i, j| 0.1 + (i * 1000 + j) as f64 * 1e-7);
    assert!(per_synapse <= 8.01, "{per_synapse} bytes per synapse");
    let per_synapse = bytes_per_synapse(true, |_, _| 0.1);
    assert!(per_synapse <= 4.02, "{per_synapse} bytes per synapse");
}
