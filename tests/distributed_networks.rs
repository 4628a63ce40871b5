//! Networks split over ranks (here threads of one process, which exchange exactly as MPI
//! ranks do): every spike and every state value equals the whole network's, bit for bit, for
//! 1, 2 and 4 ranks — the library's COBA, Brunel and seed ring networks, the cortical
//! microcircuit at 1 %, and a network with Poisson sources, heterogeneous delays, white noise
//! and STDP. A checkpoint written by 2 ranks resumes with 2 ranks bit for bit; parts that
//! read other ranks' neurons within a step are refused; a rank that fails stops every rank.

use cajal::models::networks::{
    Brunel, BrunelParams, CanoColinoRing, CanoColinoRingParams, Coba, CobaParams, Microcircuit,
    MicrocircuitParams,
};
use cajal::models::{Lif, Stdp};
use cajal::prelude::*;
use cajal::runtime::distributed::{Share, threads};
use cajal::runtime::interpreter::{InterpretedNetwork, Types};
use cajal_lang::ir::Item;

neural_model! {
    /// LIF with white-noise membrane fluctuations (σ in mV over τ).
    neuron NoisyLif {
        parameters {
            tau = 20 ms, R = 100 Mohm, v_rest = -60 mV, v_th = -50 mV, v_reset = -60 mV,
            sigma = 3 mV, t_ref = 2 ms,
        }
        inputs { I: nA }
        state { v = v_rest }
        equations {
            dv/dt = (-(v - v_rest) + R*I)/tau + sigma*sqrt(2/tau)*xi unless refractory
        }
        on v > v_th { emit spike; v = v_reset }
        refractory t_ref
        method euler_maruyama
    }

    /// Blows up from any positive start: v reaches infinity in finite time.
    neuron Blowup {
        parameters { tau = 1 ms }
        state { v = 0 mV }
        equations { dv/dt = v*v/(tau*1 mV) }
    }
}

/// What a run leaves: every spike (neuron numbered across populations, step) and every
/// monitored value, gathered from all ranks.
#[derive(Debug, PartialEq)]
struct Outcome {
    spikes: Vec<(u32, u64)>,
    values: Vec<Vec<u64>>,
}

/// Records the spikes of every population and `var` of every neuron every 50 steps.
fn monitor_all(net: &mut Network, var: &str) {
    let pops: Vec<PopulationId> = net.populations().iter().map(|(_, p)| *p).collect();
    for p in pops {
        let n = net.population_len(p).unwrap();
        net.record_spikes(p).unwrap();
        net.record_state(p, var, (0..n).collect(), 50).unwrap();
    }
}

fn outcome(net: &Network) -> Outcome {
    let rec = net.recording("run", &net.monitors()).unwrap();
    let values = rec
        .values
        .iter()
        .map(|s| s.iter().flatten().map(|x| x.to_bits()).collect())
        .collect();
    Outcome {
        spikes: rec.spikes,
        values,
    }
}

/// Runs `build`'s network for `ms` whole and split over 1, 2 and 4 ranks, and checks that
/// every rank gathers the whole run's spikes and values; returns the whole run's outcome.
fn same_on_every_split(build: impl Fn(Share) -> Network + Sync, ms: f64) -> Outcome {
    let run = |share: Share| {
        let mut net = build(share);
        net.run(ms).unwrap();
        outcome(&net)
    };
    let whole = run(Share::whole());
    for ranks in [1, 2, 4] {
        for (rank, o) in threads::run(ranks, run).into_iter().enumerate() {
            assert_eq!(
                o.spikes.len(),
                whole.spikes.len(),
                "rank {rank} of {ranks}: spike count"
            );
            assert!(
                o == whole,
                "rank {rank} of {ranks} differs from the whole run"
            );
        }
    }
    whole
}

#[test]
fn coba_is_the_same_on_every_split() {
    let whole = same_on_every_split(
        |share| {
            let p = CobaParams {
                N: 2000.0,
                ..CobaParams::default()
            };
            let mut coba = Coba::with_params_on(&p, share).unwrap();
            monitor_all(&mut coba.network, "v");
            coba.network
        },
        100.0,
    );
    assert!(whole.spikes.len() > 200, "{} spikes", whole.spikes.len());
}

#[test]
fn brunel_with_poisson_input_and_delays_is_the_same_on_every_split() {
    let whole = same_on_every_split(
        |share| {
            let p = BrunelParams {
                N_E: 2000.0,
                N_I: 500.0,
                C_E: 200.0,
                C_I: 50.0,
                ..BrunelParams::default()
            };
            let mut net = Brunel::with_params_on(&p, share).unwrap();
            monitor_all(&mut net.network, "v");
            net.network
        },
        100.0,
    );
    assert!(whole.spikes.len() > 500, "{} spikes", whole.spikes.len());
}

#[test]
fn the_seed_ring_is_the_same_on_every_split() {
    let whole = same_on_every_split(
        |share| {
            let p = CanoColinoRingParams::default();
            let mut net = CanoColinoRing::with_params_on(&p, share).unwrap();
            monitor_all(&mut net.network, "v");
            net.network
        },
        300.0,
    );
    assert!(!whole.spikes.is_empty());
}

#[test]
fn the_microcircuit_at_one_percent_is_the_same_on_every_split() {
    let whole = same_on_every_split(
        |share| {
            let p = MicrocircuitParams {
                scale: 0.01,
                ..MicrocircuitParams::default()
            };
            let mut net = Microcircuit::with_params_on(&p, share).unwrap();
            monitor_all(&mut net.network, "v");
            net.network
        },
        200.0,
    );
    assert!(whole.spikes.len() > 100, "{} spikes", whole.spikes.len());
}

#[test]
fn an_interpreted_network_file_is_the_same_on_every_split() {
    // Its own neuron and synapse, a Poisson source and input, a timed drive with random
    // values, per-neuron parameters, delays from the synapses' indices and a monitor.
    let text = include_str!("models/small_network.cajal");
    let items = cajal_lang::compile_items(text).expect("the file checks");
    let mut types = Types::new();
    types.interpret(&items);
    let ir = items.into_iter().find_map(|i| match i {
        Item::Network(n) => Some(n),
        _ => None,
    });
    let net = InterpretedNetwork::new(ir.unwrap(), &types).unwrap();
    let whole = same_on_every_split(
        |share| {
            let built = net.build_on(&net.defaults(), net.ir().seed, share).unwrap();
            let mut network = built.network;
            let pops: Vec<PopulationId> = network.populations().iter().map(|p| p.1).collect();
            for p in pops {
                network.record_spikes(p).unwrap();
            }
            assert_eq!(
                network.monitors().len(),
                1,
                "the file's `record E.v every 5`"
            );
            network
        },
        100.0,
    );
    assert!(!whole.spikes.is_empty());
    assert_eq!(
        whole.values[0].len(),
        40 * 200,
        "E.v of 40 neurons at 200 samples"
    );
}

/// Noisy E and I cells driven by Poisson sources through per-synapse delays (0.1 to 3 ms),
/// E → E through STDP with a 1 ms delay, E → I and I → E static with per-synapse delays.
fn plastic_network(share: Share) -> Network {
    let (ne, ni) = (300, 75);
    let mut net = Network::with_share(0.1, share).unwrap();
    net.set_seed(41);
    let e = net.add_population("E", NoisyLif::new(ne)).unwrap();
    let i = net.add_population("I", NoisyLif::new(ni)).unwrap();
    let drive = net.add_poisson("drive", 200, 12.0, 7).unwrap();
    let delays = |c: Connections, salt: usize| {
        let d = (0..c.len())
            .map(|k| 0.1 * (1 + (k * 7 + salt) % 30) as f64)
            .collect();
        c.with_delays(d).unwrap()
    };
    let to_e = Connections::bernoulli_sparse(200, ne, 0.1, 0.6, 1, true).unwrap();
    let to_i = Connections::bernoulli_sparse(200, ni, 0.1, 0.6, 2, true).unwrap();
    let ampa = || ExpConductance::ampa();
    let brian2 = Delivery::Brian2;
    net.connect_with("drive_E", drive, e, ampa(), delays(to_e, 1), brian2)
        .unwrap();
    net.connect_with("drive_I", drive, i, ampa(), delays(to_i, 2), brian2)
        .unwrap();
    let ee = Connections::bernoulli_sparse(ne, ne, 0.1, 0.5, 3, false).unwrap();
    net.connect("EE", e, e, Stdp::default(), ee.with_delay(1.0))
        .unwrap();
    let ei = Connections::bernoulli_sparse(ne, ni, 0.2, 0.8, 4, true).unwrap();
    net.connect_with("EI", e, i, ampa(), delays(ei, 3), brian2)
        .unwrap();
    let ie = Connections::bernoulli_sparse(ni, ne, 0.2, 3.0, 5, true).unwrap();
    net.connect_with("IE", i, e, ExpConductance::gabaa(), delays(ie, 4), brian2)
        .unwrap();
    net.drive(
        i,
        "I",
        Stimulus::PerInstance((0..ni).map(|k| 0.01 * (k % 3) as f64).collect()),
    )
    .unwrap();
    net.record_spikes(e).unwrap();
    net.record_spikes(i).unwrap();
    net.record_state(e, "v", (0..ne).step_by(7).collect(), 10)
        .unwrap();
    net.record_state(i, "v", (0..ni).collect(), 10).unwrap();
    net
}

#[test]
fn poisson_sources_heterogeneous_delays_noise_and_stdp_are_the_same_on_every_split() {
    let whole = same_on_every_split(plastic_network, 300.0);
    assert!(whole.spikes.len() > 300, "{} spikes", whole.spikes.len());
    let mut plain = plastic_network(Share::whole());
    plain.run(300.0).unwrap();
    let moved = plain
        .synapses("EE")
        .unwrap()
        .iter()
        .filter(|e| e.2 != 0.5)
        .count();
    assert!(moved > 100, "STDP moved {moved} weights");
}

#[test]
fn a_checkpoint_written_by_two_ranks_resumes_with_two_ranks() {
    let dir = std::env::temp_dir().join(format!("cajal-split-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("state.chk");
    let straight = threads::run(2, |share| {
        let mut net = plastic_network(share);
        net.run(100.0).unwrap();
        net.checkpoint(&path).unwrap();
        net.run(100.0).unwrap();
        outcome(&net)
    });
    assert!(path.with_extension("chk.rank0").exists());
    assert!(path.with_extension("chk.rank1").exists());
    let resumed = threads::run(2, |share| {
        let mut net = plastic_network(share);
        net.restore(&path).unwrap();
        net.run(100.0).unwrap();
        outcome(&net)
    });
    for (a, b) in straight.iter().zip(&resumed) {
        let late: Vec<_> = a.spikes.iter().filter(|s| s.1 >= 1000).collect();
        assert!(!late.is_empty());
        assert_eq!(late, b.spikes.iter().collect::<Vec<_>>());
    }
    let wrong = threads::run(4, |share| {
        let mut net = plastic_network(share);
        net.restore(&path).map_err(|e| e.to_string())
    });
    assert!(wrong[0].is_err(), "{:?}", wrong[0]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn what_reads_other_ranks_neurons_within_a_step_is_refused() {
    let errors = threads::run(2, |share| {
        let mut net = Network::with_share(0.1, share).unwrap();
        let a = net.add_population("a", Lif::new(10)).unwrap();
        let b = net.add_population("b", Lif::new(10)).unwrap();
        let c = Connections::all_to_all(10, 10, 1.0, true);
        let coupling = cajal::models::Additive::default();
        let e = net.couple("rates", (a, "v"), (b, "I"), coupling, c);
        e.unwrap_err().to_string()
    });
    for e in errors {
        assert!(e.contains("rate projection `rates`"), "{e}");
        assert!(e.contains("cannot be split over ranks"), "{e}");
    }
}

#[test]
fn a_rank_that_fails_stops_every_rank_with_an_error() {
    let errors = threads::run(2, |share| {
        let mut net = Network::with_share(0.1, share).unwrap();
        let mut model = Blowup::new(10);
        model.state.v[7] = 10.0;
        let p = net.add_population("p", model).unwrap();
        let q = net.add_population("q", Lif::new(10)).unwrap();
        let c = Connections::all_to_all(10, 10, 1.0, true).with_delay(0.5);
        net.connect("pq", p, q, ExpCurrent::default(), c).unwrap();
        net.run(50.0).unwrap_err().to_string()
    });
    assert!(errors[1].contains("diverged"), "{}", errors[1]);
    assert!(errors[1].contains("instance 7"), "{}", errors[1]);
    assert!(errors[0].starts_with("rank 1 failed: "), "{}", errors[0]);
}
