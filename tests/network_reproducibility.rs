//! Reproducibility of noisy spiking networks: one seed gives bit-identical spikes with 1 and
//! 2 threads, and a checkpoint in the middle + resume gives the uninterrupted run bit for bit.

use cajal::prelude::*;

use crate::network_file;

neural_model! {
    /// LIF with white-noise membrane fluctuations (σ in mV over τ).
    neuron NoisyLif {
        parameters {
            tau = 20 ms, R = 100 Mohm, v_rest = -60 mV, v_th = -50 mV, v_reset = -60 mV,
            sigma = 4 mV, t_ref = 2 ms,
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
}

/// 2400 E + 600 I noisy cells, about 40 E and 10 I inputs each, Poisson drive, 1 ms delays;
/// with `parallel`, populations step side by side and E in chunks (2400 > 1024 per chunk).
fn build_with(seed: u64, parallel: bool) -> (Network, PopulationId, PopulationId) {
    let mut net = Network::new(0.1).unwrap();
    if parallel {
        net.set_parallel_threshold(0);
    }
    let e = net.add_population("E", NoisyLif::new(2400)).unwrap();
    let i = net.add_population("I", NoisyLif::new(600)).unwrap();
    net.drive(e, "I", Stimulus::Constant(0.05)).unwrap();
    let drive = net.add_poisson("drive", 100, 20.0, 0).unwrap();
    let ee = Connections::bernoulli_sparse(2400, 2400, 0.0167, 20.0, 1, false).unwrap();
    let ei = Connections::bernoulli_sparse(2400, 600, 0.0167, 20.0, 2, true).unwrap();
    let ie = Connections::bernoulli_sparse(600, 2400, 0.0167, -60.0, 3, true).unwrap();
    let ii = Connections::bernoulli_sparse(600, 600, 0.0167, -60.0, 4, false).unwrap();
    let de = Connections::bernoulli_sparse(100, 2400, 0.1, 30.0, 5, true).unwrap();
    for (name, from, to, c) in [
        ("EE", SourceId::from(e), e, ee),
        ("EI", e.into(), i, ei),
        ("IE", i.into(), e, ie),
        ("II", i.into(), i, ii),
        ("drive", drive, e, de),
    ] {
        let c = c.with_delay(1.0);
        net.connect(name, from, to, ExpCurrent { tau: 5.0 }, c)
            .unwrap();
    }
    net.set_seed(seed);
    net.record_spikes(e).unwrap();
    net.record_spikes(i).unwrap();
    (net, e, i)
}

fn build(seed: u64) -> (Network, PopulationId, PopulationId) {
    build_with(seed, true)
}

/// (step, population, neuron) of every recorded spike, in time order.
fn spikes(net: &Network, pops: [PopulationId; 2]) -> Vec<(u64, usize, u32)> {
    let mut out = Vec::new();
    for (k, p) in pops.into_iter().enumerate() {
        let r = net.spikes(p).unwrap();
        out.extend(r.steps.iter().zip(&r.neurons).map(|(&s, &n)| (s, k, n)));
    }
    out.sort_unstable();
    out
}

/// Panics at the first difference (without printing thousands of spikes).
fn assert_same(a: &[(u64, usize, u32)], b: &[(u64, usize, u32)], what: &str) {
    if let Some(k) = (0..a.len().min(b.len())).find(|&k| a[k] != b[k]) {
        panic!("{what}: spike {k} differs: {:?} vs {:?}", a[k], b[k]);
    }
    assert_eq!(a.len(), b.len(), "{what}: spike counts differ");
}

fn run_with_threads(threads: usize, seed: u64) -> Vec<(u64, usize, u32)> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    pool.install(|| {
        let (mut net, e, i) = build(seed);
        net.run(200.0).unwrap();
        spikes(&net, [e, i])
    })
}

#[test]
fn one_and_two_threads_give_identical_spikes() {
    let one = run_with_threads(1, 7);
    let two = run_with_threads(2, 7);
    assert!(
        one.len() > 500,
        "the network is active: {} spikes",
        one.len()
    );
    assert_same(&one, &two, "1 vs 2 threads");
    let other_seed = run_with_threads(2, 8);
    assert_ne!(one, other_seed, "the seed reaches the noise");
}

#[test]
fn chunked_parallel_stepping_equals_sequential_stepping() {
    let run = |parallel| {
        let (mut net, e, i) = build_with(5, parallel);
        net.run(100.0).unwrap();
        let v = net.population(e).unwrap().state(0).to_vec();
        (spikes(&net, [e, i]), v)
    };
    let (seq_spikes, seq_v) = run(false);
    let (par_spikes, par_v) = run(true);
    assert!(seq_spikes.len() > 300, "{} spikes", seq_spikes.len());
    assert_same(&seq_spikes, &par_spikes, "sequential vs chunked");
    assert_eq!(seq_v, par_v);
}

#[test]
fn checkpoint_and_resume_continue_bit_for_bit() {
    let (mut whole, e, i) = build(11);
    whole.run(150.0).unwrap();
    let all = spikes(&whole, [e, i]);

    let dir = std::env::temp_dir().join(format!("cajal-checkpoint-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("middle.ckpt");
    let (mut first, e1, i1) = build(11);
    first.run(70.0).unwrap();
    first.checkpoint(&path).unwrap();
    let before = spikes(&first, [e1, i1]);

    let (mut second, e2, i2) = build(11);
    second.restore(&path).unwrap();
    assert_eq!(second.steps(), 700);
    second.run(80.0).unwrap();
    let mut resumed = before;
    resumed.extend(spikes(&second, [e2, i2]));
    assert!(all.len() > 300, "{} spikes", all.len());
    assert_same(&resumed, &all, "resumed vs uninterrupted");
    let v_whole = whole.population(e).unwrap().state(0).to_vec();
    let v_resumed = second.population(e2).unwrap().state(0).to_vec();
    assert_eq!(v_whole, v_resumed);

    // A checkpoint of another network is refused and leaves the network untouched.
    let mut other = Network::new(0.1).unwrap();
    let p = other.add_population("E", NoisyLif::new(5)).unwrap();
    let err = other.restore(&path).unwrap_err().to_string();
    assert!(
        err.contains("does not fit") || err.contains("saved state"),
        "{err}"
    );
    assert_eq!(other.population(p).unwrap().state(0), &[-60.0; 5]);
    std::fs::write(dir.join("junk.ckpt"), b"not a checkpoint").unwrap();
    let err = other
        .restore(dir.join("junk.ckpt"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("not a Cajal checkpoint"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

/// A network item whose only randomness is its population's white noise and a Poisson
/// input: nothing is drawn while it is built.
const NOISY_ITEM: &str = r#"
neuron NoisyCell {
    parameters { tau = 20 ms, sigma = 2 mV }
    state { v = 0 mV }
    equations { dv/dt = -v/tau + sigma*sqrt(2/tau)*xi }
    method euler_maruyama
}

neuron QuietCell {
    parameters { tau = 20 ms }
    state { v = 0 mV }
    equations { dv/dt = -v/tau }
}

network Noisy {
    timestep 0.1 ms
    seed 1
    population N = NoisyCell[4]
    population Q = QuietCell[4]
    poisson_input kick: Q.v { count = 10, rate = 100 Hz, weight = 0.5 mV }
}
"#;

/// The final `v` of both populations of [`NOISY_ITEM`] built with `seed` after 20 ms.
fn noisy_item_finals(seed: u64) -> (Vec<f64>, Vec<f64>) {
    let here = std::path::Path::new(".");
    let mut built = network_file::interpret_network_with(NOISY_ITEM, here, Some(seed));
    built.network.run(20.0).unwrap();
    let [n, q] = [0, 1].map(|k| {
        let m = built.network.population(built.populations[k]).unwrap();
        m.state(0).to_vec()
    });
    (n, q)
}

#[test]
fn the_seed_of_a_network_item_reaches_its_populations_noise_and_poisson_inputs() {
    let (noise, kicks) = noisy_item_finals(1);
    assert_eq!(
        (noise.clone(), kicks.clone()),
        noisy_item_finals(1),
        "one seed, one run"
    );
    let (other_noise, other_kicks) = noisy_item_finals(2);
    for k in 0..4 {
        assert_ne!(
            noise[k], other_noise[k],
            "neuron {k}: the seed reaches the noise"
        );
        assert_ne!(
            kicks[k], other_kicks[k],
            "neuron {k}: the seed reaches the kicks"
        );
    }
    assert!(
        kicks.iter().all(|&v| v > 0.0),
        "every quiet cell was kicked: {kicks:?}"
    );
}
