//! Hopfield networks: discrete-time units (`update`), synchronous and seeded asynchronous
//! order, Hebbian weights stored as patterns. Retrieval from a corrupted cue; the error of
//! one synchronous step from a stored pattern against the signal-to-noise result
//! Φ(−√((N−1)/(P−1))) (Hopfield 1982; Amit, Gutfreund & Sompolinsky 1985); the capacity
//! ≈ 0.138·N (retrieval holds below it and breaks down above); the energy never increasing
//! under asynchronous deterministic updates; Glauber units firing with probability g(h);
//! the pattern weights equal to the same weights as an explicit matrix; reproducibility for
//! 1 and 2 threads and across a checkpoint.

use cajal::prelude::*;

/// N units of `model` with Hebbian pattern weights (Hopfield's rule) onto themselves,
/// started from `start`.
fn memory<M: Model + Send + 'static>(model: M, patterns: &Patterns, start: &[f64]) -> Network {
    let mut net = Network::new(1.0).unwrap();
    let mut model = model;
    model.state_mut(0).copy_from_slice(start);
    let pop = net.add_population("units", model).unwrap();
    let rule = HebbianPatterns::hopfield(patterns.units());
    net.couple_patterns(
        "memory",
        (pop, "S"),
        (pop, "h"),
        Additive::default(),
        (patterns, rule),
    )
    .unwrap();
    net
}

fn units(n: usize, order: &str) -> Hopfield {
    let mut m = Hopfield::new(n);
    m.set_method(order).unwrap();
    m
}

fn flip(x: f64) -> f64 {
    -x
}

fn state(net: &Network) -> Vec<f64> {
    net.population(PopulationId(0)).unwrap().state(0).to_vec()
}

#[test]
fn a_corrupted_cue_is_completed_to_the_stored_pattern() {
    let patterns = Patterns::random(10, 1000, (-1.0, 1.0), 0.5, 1).unwrap();
    for order in ["synchronous", "asynchronous"] {
        let cue = patterns.cue(3, 0.2, 9, flip).unwrap();
        let mut net = memory(units(1000, order), &patterns, &cue);
        let m0 = net.pattern_overlaps("memory").unwrap()[3];
        assert!(
            (m0 - 0.6).abs() < 1e-12,
            "20 % flipped: overlap 0.6, got {m0}"
        );
        net.run(5.0).unwrap();
        let m = net.pattern_overlaps("memory").unwrap();
        assert_eq!(m[3], 1.0, "{order}: retrieved");
        assert!(
            m.iter()
                .enumerate()
                .all(|(mu, x)| mu == 3 || x.abs() < 0.15),
            "{m:?}"
        );
    }
}

/// Standard normal distribution function, from erfc's continued fraction-free series.
fn phi(x: f64) -> f64 {
    // Abramowitz & Stegun 26.2.17 (|error| < 7.5e-8).
    let t = 1.0 / (1.0 + 0.231_641_9 * x.abs());
    let poly = t
        * (0.319_381_530
            + t * (-0.356_563_782
                + t * (1.781_477_937 + t * (-1.821_255_978 + t * 1.330_274_429))));
    let tail = (-x * x / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt() * poly;
    if x >= 0.0 { 1.0 - tail } else { tail }
}

#[test]
fn one_step_from_a_pattern_errs_as_the_signal_to_noise_ratio_predicts() {
    let n = 2000;
    for p in [200, 400, 700] {
        let patterns = Patterns::random(p, n, (-1.0, 1.0), 0.5, 5).unwrap();
        let mut flips = 0usize;
        let probes = 6;
        for mu in 0..probes {
            let mut net = memory(units(n, "synchronous"), &patterns, patterns.pattern(mu));
            net.step().unwrap();
            let s = state(&net);
            flips += s
                .iter()
                .zip(patterns.pattern(mu))
                .filter(|(a, b)| a != b)
                .count();
        }
        let measured = flips as f64 / (probes * n) as f64;
        let predicted = phi(-(((n - 1) as f64) / ((p - 1) as f64)).sqrt());
        let sd = (predicted * (1.0 - predicted) / (probes * n) as f64).sqrt();
        assert!(
            (measured - predicted).abs() < 4.0 * sd + 0.1 * predicted,
            "P = {p}: {measured} flipped, predicted {predicted} ± {sd}"
        );
    }
}

#[test]
fn retrieval_holds_below_the_capacity_and_breaks_down_above_it() {
    let n = 2000;
    let retrieved = |alpha: f64| {
        let p = (alpha * n as f64) as usize;
        let patterns = Patterns::random(p, n, (-1.0, 1.0), 0.5, 11).unwrap();
        let mut total = 0.0;
        for mu in 0..3 {
            let mut net = memory(units(n, "asynchronous"), &patterns, patterns.pattern(mu));
            net.set_seed(mu as u64);
            net.run(20.0).unwrap();
            total += net.pattern_overlaps("memory").unwrap()[mu];
        }
        total / 3.0
    };
    let below = retrieved(0.10);
    let above = retrieved(0.18);
    assert!(below > 0.97, "α = 0.10 < 0.138: overlap {below}");
    assert!(above < 0.6, "α = 0.18 > 0.138: overlap {above}");
}

#[test]
fn asynchronous_deterministic_updates_never_raise_the_energy() {
    let n = 500;
    let patterns = Patterns::random(40, n, (-1.0, 1.0), 0.5, 3).unwrap();
    let start = Patterns::random(1, n, (-1.0, 1.0), 0.5, 99).unwrap();
    let mut net = memory(units(n, "asynchronous"), &patterns, start.pattern(0));
    net.set_seed(4);
    let mut energy = vec![net.pattern_energy("memory").unwrap()];
    for _ in 0..30 {
        net.step().unwrap();
        energy.push(net.pattern_energy("memory").unwrap());
    }
    for w in energy.windows(2) {
        assert!(w[1] <= w[0] + 1e-9, "energy rose: {energy:?}");
    }
    assert!(energy[30] < energy[0] - 1.0, "it fell: {energy:?}");
    assert_eq!(energy[29], energy[30], "and settled in a fixed point");
}

#[test]
fn low_activity_patterns_are_retrieved_by_threshold_units() {
    let (n, a) = (2000, 0.1);
    let patterns = Patterns::random(60, n, (0.0, 1.0), a, 21).unwrap();
    let cue = patterns.cue(0, 0.1, 2, |x| 1.0 - x).unwrap();
    let mut net = Network::new(1.0).unwrap();
    let mut model = BinaryUnit::new(n);
    model.params.theta = 0.5 - a;
    model.state.S.copy_from_slice(&cue);
    let pop = net.add_population("units", model).unwrap();
    let rule = HebbianPatterns {
        c: 1.0 / (n as f64 * a * (1.0 - a)),
        a,
        b: a,
        self_connections: false,
    };
    net.couple_patterns(
        "memory",
        (pop, "S"),
        (pop, "h"),
        Additive::default(),
        (&patterns, rule),
    )
    .unwrap();
    assert!(net.pattern_overlaps("memory").unwrap()[0] < 0.85);
    net.run(5.0).unwrap();
    assert_eq!(net.pattern_overlaps("memory").unwrap()[0], 1.0);
    assert_eq!(state(&net), patterns.pattern(0));
}

#[test]
fn glauber_units_switch_on_with_probability_g_of_h() {
    let n = 20_000;
    for (beta, h) in [(1.0, 0.3), (4.0, -0.2)] {
        let mut net = Network::new(1.0).unwrap();
        let model =
            StochasticHopfield::with_params(n, StochasticHopfieldParams { beta, theta: 0.0 })
                .unwrap();
        let pop = net.add_population("units", model).unwrap();
        net.drive(pop, "h", Stimulus::Constant(h)).unwrap();
        net.set_seed(8);
        let mut on = 0usize;
        for _ in 0..5 {
            net.step().unwrap();
            on += state(&net).iter().filter(|&&s| s == 1.0).count();
            assert!(state(&net).iter().all(|&s| s == 1.0 || s == -1.0));
        }
        let g = 0.5 * (1.0 + (beta * h).tanh());
        let fraction = on as f64 / (5 * n) as f64;
        let sd = (g * (1.0 - g) / (5 * n) as f64).sqrt();
        assert!(
            (fraction - g).abs() < 4.0 * sd,
            "β = {beta}, h = {h}: {fraction} against {g}"
        );
    }
}

#[test]
fn pattern_weights_act_as_the_same_weights_written_out() {
    let n = 300;
    let patterns = Patterns::random(12, n, (-1.0, 1.0), 0.5, 17).unwrap();
    let cue = patterns.cue(1, 0.3, 5, flip).unwrap();
    let stored = memory(units(n, "synchronous"), &patterns, &cue);
    let weights = stored.rate_weights("memory").unwrap();
    let mut explicit = Network::new(1.0).unwrap();
    let mut model = units(n, "synchronous");
    model.state.S.copy_from_slice(&cue);
    let pop = explicit.add_population("units", model).unwrap();
    explicit
        .couple(
            "memory",
            (pop, "S"),
            (pop, "h"),
            Additive::default(),
            weights,
        )
        .unwrap();
    let (mut a, mut b) = (stored, explicit);
    for _ in 0..4 {
        a.step().unwrap();
        b.step().unwrap();
        let (ha, hb) = (
            a.population(PopulationId(0)).unwrap().input(0).to_vec(),
            b.population(PopulationId(0)).unwrap().input(0).to_vec(),
        );
        for (x, y) in ha.iter().zip(&hb) {
            assert!((x - y).abs() < 1e-12, "{x} against {y}");
        }
        assert_eq!(state(&a), state(&b));
    }
    let w = a.rate_weights("memory").unwrap();
    let (i, j) = (w.pre[5] as usize, w.post[5] as usize);
    let hebb: f64 = (0..12)
        .map(|mu| patterns.pattern(mu)[i] * patterns.pattern(mu)[j])
        .sum::<f64>()
        / n as f64;
    assert!((w.weight[5] - if i == j { 0.0 } else { hebb }).abs() < 1e-15);
}

/// The states after `steps` asynchronous stochastic steps, on a pool of `threads`, with a
/// checkpoint and resume halfway when `resume` is set.
fn stochastic_run(threads: usize, resume: bool) -> Vec<u64> {
    let n = 400;
    let patterns = Patterns::random(20, n, (-1.0, 1.0), 0.5, 6).unwrap();
    let cue = patterns.cue(0, 0.25, 1, flip).unwrap();
    let build = || {
        let mut model = StochasticHopfield::new(n);
        model.set_method("asynchronous").unwrap();
        let mut net = memory(model, &patterns, &cue);
        net.set_seed(12);
        net.set_parallel_threshold(0);
        net
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    pool.install(|| {
        let mut net = build();
        net.run(10.0).unwrap();
        if resume {
            let path =
                std::env::temp_dir().join(format!("cajal-hopfield-{}.ckpt", std::process::id()));
            net.checkpoint(&path).unwrap();
            net = build();
            net.restore(&path).unwrap();
            std::fs::remove_file(&path).ok();
        }
        net.run(10.0).unwrap();
        state(&net).iter().map(|x| x.to_bits()).collect()
    })
}

#[test]
fn asynchronous_stochastic_runs_are_reproducible_across_threads_and_checkpoints() {
    let one = stochastic_run(1, false);
    assert_eq!(one, stochastic_run(2, false));
    assert_eq!(one, stochastic_run(1, true));
    let mut other = StochasticHopfield::new(400);
    other.set_method("asynchronous").unwrap();
    let patterns = Patterns::random(20, 400, (-1.0, 1.0), 0.5, 6).unwrap();
    let mut net = memory(other, &patterns, &patterns.cue(0, 0.25, 1, flip).unwrap());
    net.set_seed(13);
    net.run(20.0).unwrap();
    let bits: Vec<u64> = state(&net).iter().map(|x| x.to_bits()).collect();
    assert_ne!(one, bits, "another seed, another run");
}

#[test]
fn wrong_uses_of_pattern_projections_say_why() {
    let patterns = Patterns::random(3, 10, (-1.0, 1.0), 0.5, 1).unwrap();
    let mut net = Network::new(1.0).unwrap();
    let pop = net.add_population("units", Hopfield::new(12)).unwrap();
    let rule = HebbianPatterns::hopfield(10);
    let err = net
        .couple_patterns(
            "m",
            (pop, "S"),
            (pop, "h"),
            Additive::default(),
            (&patterns, rule),
        )
        .unwrap_err();
    assert!(err.to_string().contains("patterns' units"), "{err}");
    let pop = net.add_population("ten", Hopfield::new(10)).unwrap();
    let err = net
        .couple_patterns(
            "m",
            (pop, "S"),
            (pop, "h"),
            SigmoidalJansenRit::default(),
            (&patterns, rule),
        )
        .unwrap_err();
    assert!(err.to_string().contains("not linear"), "{err}");
    assert!(Patterns::new(vec![vec![1.0, -1.0], vec![1.0]]).is_err());
    assert!(Patterns::random(2, 5, (-1.0, 1.0), 1.5, 0).is_err());
    let err = net.pattern_overlaps("nothing").unwrap_err();
    assert!(err.to_string().contains("nothing"), "{err}");

    // A model that integrates equations cannot be updated unit by unit.
    let mut lif = Lif::new(2);
    let err = lif
        .step_in_order(0.0, 0.1, &[1, 0], &mut |_, _| {})
        .unwrap_err();
    assert!(err.to_string().contains("discrete-time"), "{err}");
}

cajal::include_model!("tests/models/hopfield_memory.cajal");

use crate::network_file;
use network_file::interpret_network;

#[test]
fn a_memory_written_as_a_file_runs_compiled_and_interpreted_alike() {
    let built = interpret_network(include_str!("models/hopfield_memory.cajal"));
    let (mut interpreted, watched) = (built.network, built.monitors);
    let memory = Memory::new().unwrap();
    let (mut compiled, monitors) = (memory.network, memory.monitors);
    assert_eq!(
        compiled.rate_weights("memory").unwrap().weight,
        interpreted.rate_weights("memory").unwrap().weight
    );
    let start = compiled.pattern_energy("memory").unwrap();
    for step in 0..30 {
        compiled.step().unwrap();
        interpreted.step().unwrap();
        assert_eq!(state(&compiled), state(&interpreted), "after step {step}");
    }
    // From random states the network settles into a memory or a mixture of memories
    // (overlaps ≈ 0.5 with three patterns), far down in energy.
    let m = compiled.pattern_overlaps("memory").unwrap();
    let best = m.iter().fold(0.0f64, |a, x| a.max(x.abs()));
    let end = compiled.pattern_energy("memory").unwrap();
    assert!(
        best > 0.4 && end < start - 50.0,
        "{m:?}, energy {start} → {end}"
    );

    // The overlaps and the energy, recorded every 5 steps (`record memory.overlap every 5`).
    compiled.sample_monitors();
    interpreted.sample_monitors();
    let rec = compiled.recording("Memory", &monitors).unwrap();
    assert_eq!(rec.names, ["memory.overlap", "memory.energy"]);
    assert_eq!(rec.t_ms, [0.0, 5.0, 10.0, 15.0, 20.0, 25.0, 30.0]);
    let overlaps: Vec<f64> = rec.values[0]
        .iter()
        .map(|trace| *trace.last().unwrap())
        .collect();
    assert_eq!(overlaps, m);
    assert_eq!(*rec.values[1][0].last().unwrap(), end);
    assert_eq!(rec.values[1][0][0], start);
    let twin = interpreted.recording("Memory", &watched).unwrap();
    assert_eq!(rec.values, twin.values);
}

cajal::include_model!("tests/models/memories/stored.cajal");

use crate::whole_brain_files as library_files;

#[test]
fn patterns_read_from_a_file_are_stored_and_retrieved_from_a_cue() {
    let dir = std::path::Path::new("tests/models/memories");
    let text = std::fs::read_to_string(dir.join("stored.cajal")).unwrap();
    let mut interpreted = library_files::interpret(&text, dir).network;
    let mut compiled = StoredMemory::new().unwrap().network;

    // The file's patterns, stored by Hopfield's rule through the Rust API, make the same
    // weights as the network item reading the file, compiled and interpreted.
    let patterns = Patterns::from_csv(dir.join("patterns.csv")).unwrap();
    assert_eq!((patterns.count(), patterns.units()), (5, 200));
    let cue = cajal::runtime::io::read_column(&dir.join("cue.csv"), 0).unwrap();
    let by_hand = memory(units(200, "asynchronous"), &patterns, &cue);
    let weights = by_hand.rate_weights("memory").unwrap().weight;
    assert_eq!(compiled.rate_weights("memory").unwrap().weight, weights);
    assert_eq!(interpreted.rate_weights("memory").unwrap().weight, weights);

    // The cue is the first pattern with 40 of 200 values flipped: overlap 0.6. At a load of
    // 5/200, far below capacity, asynchronous updates restore the pattern exactly.
    assert_eq!(state(&compiled), cue);
    let m = compiled.pattern_overlaps("memory").unwrap();
    assert!((m[0] - 0.6).abs() < 1e-12, "{m:?}");
    for _ in 0..3 {
        compiled.step().unwrap();
        interpreted.step().unwrap();
        assert_eq!(state(&compiled), state(&interpreted));
    }
    assert_eq!(state(&compiled), patterns.pattern(0));
    let m = compiled.pattern_overlaps("memory").unwrap();
    assert_eq!(m[0], 1.0);
    assert!(m[1..].iter().all(|x| x.abs() < 0.3), "{m:?}");
}

#[test]
fn patterns_of_the_wrong_length_name_the_file_and_both_sizes() {
    let dir = std::path::Path::new("tests/models/memories");
    let text = std::fs::read_to_string(dir.join("stored.cajal"))
        .unwrap()
        .replace("Hopfield[200]", "Hopfield[150]")
        .replace("init S = column(\"cue.csv\", 0)", "");
    let err = library_files::build_error(&text, dir);
    assert!(
        err.contains("patterns.csv") && err.contains("150") && err.contains("200"),
        "{err}"
    );
}
