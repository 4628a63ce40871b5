//! All-to-all projections stored as one weight (`Network::connect_all_to_all`, O(n) memory)
//! give the numbers of the same synapses listed one by one (`Connections::all_to_all`), bit
//! for bit: with and without self-connections, with a delay, in the seed and Brian2
//! schedules; wrong uses are refused.

use cajal::prelude::*;

const N: usize = 120;

/// N LIF neurons firing regularly at staggered phases, coupled all to all through
/// `synapse` (weight `w`), listed or as one weight.
fn network(
    synapse: impl Synapse + Clone + 'static,
    w: f64,
    (self_connections, delay_ms): (bool, f64),
    one_weight: bool,
) -> Network {
    let mut lif = Lif::new(N);
    for (i, v) in lif.state.v.iter_mut().enumerate() {
        *v = -70.0 + 19.0 * i as f64 / N as f64;
    }
    let mut net = Network::new(0.1).unwrap();
    let p = net.add_population("lif", lif).unwrap();
    net.drive(p, "I", Stimulus::Constant(2.2)).unwrap();
    if one_weight {
        net.connect_all_to_all("recurrent", p, p, synapse, (w, self_connections, delay_ms))
            .unwrap();
    } else {
        let c = Connections::all_to_all(N, N, w, self_connections).with_delay(delay_ms);
        net.connect("recurrent", p, p, synapse, c).unwrap();
    }
    net.record_spikes(p).unwrap();
    net
}

fn same_run(a: &mut Network, b: &mut Network) -> usize {
    let p = PopulationId(0);
    for step in 0..3000 {
        a.step().unwrap();
        b.step().unwrap();
        let (va, vb) = (
            a.population(p).unwrap().state(0),
            b.population(p).unwrap().state(0),
        );
        assert_eq!(va, vb, "after step {step}");
    }
    let (sa, sb) = (a.spikes(p).unwrap(), b.spikes(p).unwrap());
    assert_eq!(sa.len(), sb.len());
    sa.len()
}

#[test]
fn one_weight_for_all_pairs_is_the_list_of_synapses() {
    for (self_connections, delay) in [(true, 0.0), (false, 0.0), (false, 1.5)] {
        // Seed schedule (conductance) and Brian2 schedule (current).
        let cond = ExpConductance::default();
        let mut a = network(cond.clone(), 0.02, (self_connections, delay), false);
        let mut b = network(cond, 0.02, (self_connections, delay), true);
        assert_eq!(a.synapse_count(), b.synapse_count());
        let spikes = same_run(&mut a, &mut b);
        assert!(spikes > 500, "the neurons fire: {spikes}");
        let mut listed = a.synapses("recurrent").unwrap();
        let mut one = b.synapses("recurrent").unwrap();
        listed.sort_by(|x, y| x.partial_cmp(y).unwrap());
        one.sort_by(|x, y| x.partial_cmp(y).unwrap());
        assert_eq!(listed, one);
        let current = ExpCurrent::default();
        let mut a = network(current.clone(), 0.05, (self_connections, delay), false);
        let mut b = network(current, 0.05, (self_connections, delay), true);
        same_run(&mut a, &mut b);
    }
    // Memory: a few bytes per neuron, not per synapse.
    let b = network(ExpCurrent::default(), 0.05, (true, 0.0), true);
    assert!(b.synapse_bytes() <= 16 * N, "{} bytes", b.synapse_bytes());
}

#[test]
fn wrong_all_to_all_projections_say_why() {
    let mut net = Network::new(0.1).unwrap();
    let a = net.add_population("a", Lif::new(3)).unwrap();
    let b = net.add_population("b", Lif::new(4)).unwrap();
    let err = net
        .connect_all_to_all("ab", a, b, ExpCurrent::default(), (1.0, false, 0.0))
        .unwrap_err();
    assert!(err.to_string().contains("one population"), "{err}");
    let err = net
        .connect_all_to_all("ab", a, b, ExpCurrent::default(), (f64::NAN, true, 0.0))
        .unwrap_err();
    assert!(err.to_string().contains("weight"), "{err}");
    let err = net
        .connect_all_to_all("ab", a, b, ExpCurrent::default(), (1.0, true, -1.0))
        .unwrap_err();
    assert!(err.to_string().contains("delay"), "{err}");
}
