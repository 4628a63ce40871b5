//! Plastic projections in networks: traces kept once per source or target neuron (the
//! library's [`Stdp`]: `apre` only presynaptic spikes change, `apost` only postsynaptic ones)
//! give the weights of the same rule kept per synapse; runs are identical on 1 and 2
//! threads; a checkpoint resumes the weights and the shared and per-synapse traces bit for
//! bit.

use cajal::models::{Lif, Stdp, TripletStdp};
use cajal::neural_model;
use cajal::prelude::*;
use cajal::runtime::synapse::TraceScope;

neural_model! {
    /// [`Stdp`]'s additive rule with its trace updates reading the weight (in a condition
    /// that always holds), so that every trace is kept per synapse.
    pub synapse StdpPerSynapse {
        parameters {
            tau = 5 ms, E = 0 mV, tau_pre = 20 ms, tau_post = 20 ms,
            A_plus = 0.005 nS, A_minus = 0.00525 nS, wmax = 1 nS,
        }
        weight w: nS = 0.5 nS
        post { v: mV }
        state { g = 0 nS }
        traces { apre = 0 nS, apost = 0 nS }
        equations {
            dg/dt = -g/tau
            dapre/dt = -apre/tau_pre
            dapost/dt = -apost/tau_post
        }
        on_pre {
            g += w
            apre = if w > -1 nS { apre + A_plus } else { apre }
            w = clip(w - apost, 0 nS, wmax)
        }
        on_post {
            apost = if w > -1 nS { apost + A_minus } else { apost }
            w = clip(w + apre, 0 nS, wmax)
        }
        inject { I: pA = g*(E - v) }
        method exact
        schedule brian2
    }
}

const N_PRE: usize = 200;
const N_POST: usize = 40;

/// 200 Poisson trains at 15 Hz → 40 LIF cells (driven near threshold) through `synapse`,
/// 30 % of the pairs connected, weights 0.3–0.7 nS.
fn build<S: Synapse + 'static>(synapse: S, parallel: bool) -> Network {
    let mut net = Network::new(0.1).unwrap();
    if parallel {
        net.set_parallel_threshold(0);
    }
    let params = cajal::models::LifParams {
        tau: 20.0,
        R: 100.0,
        v_rest: -60.0,
        v_th: -50.0,
        v_reset: -60.0,
        t_ref: 2.0,
    };
    let lif = Lif::with_params(N_POST, params).unwrap();
    let post = net.add_population("post", lif).unwrap();
    net.drive(post, "I", Stimulus::Constant(80.0)).unwrap();
    let pre = net.add_poisson("pre", N_PRE, 15.0, 11).unwrap();
    let c = Connections::from_fn(N_PRE, N_POST, |i, j| {
        let u = ((i * 7919 + j * 104_729) % 1000) as f64 / 1000.0;
        (u < 0.3).then_some(0.3 + 0.4 * u / 0.3)
    });
    net.connect("syn", pre, post, synapse, c).unwrap();
    net.record_spikes(post).unwrap();
    net.set_seed(5);
    net
}

fn spikes(net: &Network) -> Vec<(u64, u32)> {
    let r = net.spikes(PopulationId(0)).unwrap();
    r.steps
        .iter()
        .copied()
        .zip(r.neurons.iter().copied())
        .collect()
}

fn weights(net: &Network) -> Vec<f64> {
    net.synapses("syn").unwrap().iter().map(|e| e.2).collect()
}

#[test]
fn shared_traces_give_the_weights_of_per_synapse_traces() {
    let mut shared = build(Stdp::default(), false);
    let mut own = build(StdpPerSynapse::default(), false);
    assert_eq!(Stdp::INFO.trace_scopes, [TraceScope::Pre, TraceScope::Post]);
    assert_eq!(
        StdpPerSynapse::INFO.trace_scopes,
        [TraceScope::Synapse, TraceScope::Synapse]
    );
    shared.run(2000.0).unwrap();
    own.run(2000.0).unwrap();
    assert_eq!(spikes(&shared), spikes(&own));
    assert!(
        spikes(&shared).len() > 500,
        "{} spikes",
        spikes(&shared).len()
    );
    let (a, b) = (weights(&shared), weights(&own));
    let moved = a
        .iter()
        .zip(&b)
        .filter(|(x, _)| (**x - 0.5).abs() > 0.21)
        .count();
    assert!(moved > 0, "plasticity changed the weights");
    for (k, (x, y)) in a.iter().zip(&b).enumerate() {
        assert!((x - y).abs() <= 1e-12, "synapse {k}: {x} vs {y}");
    }
    for var in ["apre", "apost"] {
        let (x, y) = (
            shared.per_synapse("syn", var).unwrap(),
            own.per_synapse("syn", var).unwrap(),
        );
        for (p, q) in x.iter().zip(&y) {
            assert!((p - q).abs() <= 1e-15, "{var}: {p} vs {q}");
        }
    }
}

#[test]
fn one_and_two_threads_give_the_same_plastic_run() {
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let mut net = build(TripletStdp::default(), true);
            net.run(1000.0).unwrap();
            (spikes(&net), weights(&net))
        })
    };
    let (one, two) = (run(1), run(2));
    assert_eq!(one.0, two.0);
    let bits = |w: &[f64]| w.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&one.1), bits(&two.1));
}

#[test]
fn a_checkpoint_resumes_shared_and_per_synapse_traces_bit_for_bit() {
    let dir = std::env::temp_dir().join(format!("cajal-plastic-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for shared in [true, false] {
        let make = || -> Network {
            if shared {
                build(TripletStdp::default(), false)
            } else {
                build(StdpPerSynapse::default(), false)
            }
        };
        let path = dir.join(format!("half-{shared}.bin"));
        let mut whole = make();
        let mut first = make();
        first.run(700.0).unwrap();
        first.checkpoint(&path).unwrap();
        let mut resumed = make();
        resumed.restore(&path).unwrap();
        whole.run(1500.0).unwrap();
        resumed.run(800.0).unwrap();
        let bits = |w: Vec<f64>| w.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(weights(&whole)), bits(weights(&resumed)));
        let vars: &[&str] = if shared {
            &["r1", "r2", "o1", "o2"]
        } else {
            &["apre", "apost"]
        };
        for var in vars {
            assert_eq!(
                bits(whole.per_synapse("syn", var).unwrap()),
                bits(resumed.per_synapse("syn", var).unwrap()),
                "{var}"
            );
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}
