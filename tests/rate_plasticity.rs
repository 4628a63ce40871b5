//! Rate-based plasticity on rate projections (plastic couplings of the library): the
//! Hebbian and gated rules against the closed-form solution of their linear weight
//! equation; Oja's rule learning the principal eigenvector of its inputs' correlation; the
//! BCM rule settling at its fixed points (the target rate for one input, selectivity at
//! p·ν_target for p patterns); the interpreted rule equal to the compiled one bit for bit,
//! through a checkpoint; wrong uses refused with the reason.

use cajal::prelude::*;
use cajal::runtime::StimulusFn;
use cajal::runtime::interpreter::InterpretedCoupling;
use cajal::runtime::rng::normal;

const DT: f64 = 0.1;

/// `n` linear rate units that follow their input within a step (τ = 1 µs, exact).
fn followers(n: usize) -> RateUnit {
    RateUnit::with_params(n, RateUnitParams { tau: 0.001 }).unwrap()
}

/// A network of `n_in` input units driven by `input(t, i)` (Hz) projecting through
/// `coupling` with initial weights `w0` onto one follower, which also receives `drive` Hz.
fn learner(
    coupling: impl Coupling + Send + 'static,
    w0: &[f64],
    input: impl Fn(f64, usize) -> f64 + Send + Sync + 'static,
    drive: f64,
) -> Network {
    let mut net = Network::new(DT).unwrap();
    let mut inputs = followers(w0.len());
    for (i, nu) in inputs.state.nu.iter_mut().enumerate() {
        *nu = input(0.0, i);
    }
    let mut output = followers(1);
    output.state.nu[0] = drive + (0..w0.len()).map(|i| w0[i] * input(0.0, i)).sum::<f64>();
    let a = net.add_population("in", inputs).unwrap();
    let b = net.add_population("out", output).unwrap();
    net.drive(a, "nu_inp", Stimulus::Function(StimulusFn::new(input)))
        .unwrap();
    net.drive(b, "nu_inp", Stimulus::Constant(drive)).unwrap();
    let mut conn = Connections::new(w0.len(), 1);
    for (i, &w) in w0.iter().enumerate() {
        conn.push(i, 0, w);
    }
    net.couple("learn", (a, "nu"), (b, "nu_inp"), coupling, conn)
        .unwrap();
    net
}

fn weights(net: &Network) -> Vec<f64> {
    net.rate_weights("learn").unwrap().weight
}

/// w(t) of dw/dt = a + b·w from w0.
fn linear_solution(a: f64, b: f64, w0: f64, t: f64) -> f64 {
    (w0 + a / b) * (b * t).exp() - a / b
}

#[test]
fn hebbian_and_gated_rules_follow_their_linear_equations() {
    // One input at x = 10 Hz onto one output at y = d + w·x: with a2_post = 0 the general
    // rule is dw/dt = A + B·w, A = a0 + a1_pre x + a1_post d + a2_pre x² + a2_corr x d,
    // B = a1_post x + a2_corr x².
    let (x, d, w0, t) = (10.0, 4.0, 0.1, 1000.0);
    let rule = Hebbian {
        a0: -1e-3,
        a1_pre: 2e-4,
        a1_post: 5e-5,
        a2_pre: 1e-6,
        a2_post: 0.0,
        a2_corr: 1e-5,
    };
    let a =
        rule.a0 + rule.a1_pre * x + rule.a1_post * d + rule.a2_pre * x * x + rule.a2_corr * x * d;
    let b = rule.a1_post * x + rule.a2_corr * x * x;
    let mut net = learner(rule, &[w0], move |_, _| x, d);
    net.run(t).unwrap();
    let expected = linear_solution(a, b, w0, t);
    let w = weights(&net)[0];
    assert!(
        ((w - w0) / (expected - w0) - 1.0).abs() < 1e-3,
        "Hebbian: w = {w}, closed form {expected}"
    );

    // Gated: dw/dt = γ (y − ν_θ) x = γ x (d − ν_θ) + γ x² w; below the threshold it
    // depresses, above it potentiates.
    for drive in [2.0, 8.0] {
        let rule = GatedHebbian {
            gamma: 1e-5,
            nu_theta: 5.0,
        };
        let (a, b) = (rule.gamma * x * (drive - 5.0), rule.gamma * x * x);
        let mut net = learner(rule, &[w0], move |_, _| x, drive);
        net.run(t).unwrap();
        let expected = linear_solution(a, b, w0, t);
        let w = weights(&net)[0];
        assert!(
            ((w - w0) / (expected - w0) - 1.0).abs() < 1e-3,
            "gated, drive {drive} Hz: w = {w}, closed form {expected}"
        );
    }
}

#[test]
fn oja_learns_the_principal_eigenvector_with_norm_one() {
    // Zero-mean inputs x = R diag(√λ) z, held for 10 ms each, λ = (4, 1) Hz², R a rotation
    // by 30°: Oja's rule converges to ±(cos 30°, sin 30°), the eigenvector of ⟨x xᵀ⟩ with
    // the larger eigenvalue, at the rate γ(λ1 − λ2).
    let hold = 10.0;
    let (angle, l1, l2) = (30f64.to_radians(), 4.0f64, 1.0f64);
    let sample = move |k: u64| {
        let z = [normal(7, 0, 2 * k, 0), normal(7, 0, 2 * k + 1, 0)];
        let (u, v) = (l1.sqrt() * z[0], l2.sqrt() * z[1]);
        [
            angle.cos() * u - angle.sin() * v,
            angle.sin() * u + angle.cos() * v,
        ]
    };
    let input = move |t: f64, i: usize| sample((t / hold + 1e-9) as u64)[i];
    let mut net = learner(Oja { gamma: 5e-5 }, &[0.3, -0.6], input, 0.0);
    let duration = 60_000.0;
    net.run(duration).unwrap();
    let w = weights(&net);
    // The eigenvector of the correlation of the samples presented (the sampling error of 6000
    // samples is a degree or two away from the population's 30°).
    let mut c = [0.0; 3];
    let n = (duration / hold) as u64;
    for k in 0..n {
        let x = sample(k);
        c[0] += x[0] * x[0];
        c[1] += x[0] * x[1];
        c[2] += x[1] * x[1];
    }
    let principal = 0.5 * (2.0 * c[1]).atan2(c[0] - c[2]);
    let learned = w[1].atan2(w[0]);
    let mut off = (learned - principal).rem_euclid(std::f64::consts::PI);
    off = off.min(std::f64::consts::PI - off);
    assert!(
        off.to_degrees() < 2.0,
        "w = {w:?} at {:.2}°, principal eigenvector at {:.2}°",
        learned.to_degrees(),
        principal.to_degrees()
    );
    // |w|² = 1 − 1/100: the output answers the input of the step before, and one step in
    // the hundred of each sample pairs a new input with the previous output.
    let norm = (w[0] * w[0] + w[1] * w[1]).sqrt();
    assert!((norm - 0.99f64.sqrt()).abs() < 0.01, "|w| = {norm}");
}

/// The output's rate after `ms` of pattern `pattern` (with the weights frozen at their
/// current values: y = Σ w x).
fn response(w: &[f64], pattern: &[f64]) -> f64 {
    w.iter().zip(pattern).map(|(w, x)| w * x).sum()
}

#[test]
fn bcm_settles_at_the_target_rate_and_becomes_selective() {
    let rule = Bcm {
        eta: 1e-6,
        nu_target: 10.0,
        tau_theta: 100.0,
    };
    // One input at 10 Hz: the fixed point y = θ = y²/ν_target is y = ν_target.
    let mut net = learner(rule.clone(), &[0.5], |_, _| 10.0, 0.0);
    net.run(30_000.0).unwrap();
    let y = response(&weights(&net), &[10.0]);
    assert!((y / 10.0 - 1.0).abs() < 0.01, "single input: y = {y} Hz");
    let theta = net.rate_rule_state("learn", "theta").unwrap()[0];
    assert!((theta / 10.0 - 1.0).abs() < 0.01, "θ = {theta}");

    // Two orthogonal patterns alternating every 10 ms: the selective fixed point answers
    // one at 2·ν_target and the other at 0 (θ = ⟨y²⟩/ν_target = y²/2ν_target = y); the
    // pattern with the larger initial response wins.
    let patterns = [[10.0, 0.0], [0.0, 10.0]];
    let input = move |t: f64, i: usize| patterns[((t / 10.0 + 1e-9) as usize) % 2][i];
    let mut net = learner(rule, &[1.2, 1.0], input, 0.0);
    net.run(40_000.0).unwrap();
    let w = weights(&net);
    let (preferred, other) = (response(&w, &patterns[0]), response(&w, &patterns[1]));
    assert!(
        (preferred / 20.0 - 1.0).abs() < 0.03,
        "preferred pattern: {preferred} Hz (w = {w:?})"
    );
    assert!(other.abs() < 0.5, "other pattern: {other} Hz (w = {w:?})");
}

#[test]
fn the_value_update_is_the_incremental_average_of_rewards() {
    // Three actions, one taken per trial (one step of 1 ms), its reward the target's rate:
    // Q_a ← Q_a + α (r − Q_a) with α = η·dt for the action taken, the others unchanged.
    let mut net = Network::new(1.0).unwrap();
    let actions = net.add_population("actions", followers(3)).unwrap();
    let reward = net.add_population("reward", followers(1)).unwrap();
    let conn = Connections::all_to_all(3, 1, 0.0, true);
    let rule = ValueUpdate { eta: 0.1 };
    net.couple("values", (actions, "nu"), (reward, "nu_inp"), rule, conn)
        .unwrap();
    let mut expected = [0.0; 3];
    for trial in 0..200u64 {
        let a = (trial * 7 % 3) as usize;
        let r = [1.0, -0.5, 2.0][a] + normal(3, 0, trial, 0);
        let units = net.population_mut(actions).unwrap().state_mut(0);
        for (i, nu) in units.iter_mut().enumerate() {
            *nu = if i == a { 1.0 } else { 0.0 };
        }
        net.population_mut(reward).unwrap().state_mut(0)[0] = r;
        net.step().unwrap();
        expected[a] += 0.1 * (r - expected[a]);
    }
    let q = net.rate_weights("values").unwrap().weight;
    for (q, e) in q.iter().zip(expected) {
        assert!((q - e).abs() < 1e-12, "Q = {q}, incremental average {e}");
    }
    // The reward unit received nothing from the values.
    let r = net.population(reward).unwrap().state(0)[0];
    assert!(r.abs() < 1e-3, "reward unit {r}");
}

/// Three inputs with delays onto two outputs through BCM; returns the network.
fn bcm_network(coupling: impl Coupling + Send + 'static) -> Network {
    let mut net = Network::new(DT).unwrap();
    let a = net.add_population("in", followers(3)).unwrap();
    let b = net.add_population("out", followers(2)).unwrap();
    let input = |t: f64, i: usize| 8.0 + 6.0 * (0.01 * t + i as f64).sin();
    net.drive(a, "nu_inp", Stimulus::Function(StimulusFn::new(input)))
        .unwrap();
    let mut conn = Connections::new(3, 2);
    let mut delays = Vec::new();
    for j in 0..2 {
        for i in 0..3 {
            conn.push(i, j, 0.3 + 0.1 * (i + 2 * j) as f64);
            delays.push(0.5 * (i + j) as f64);
        }
    }
    let conn = conn.with_delays(delays).unwrap();
    net.couple("learn", (a, "nu"), (b, "nu_inp"), coupling, conn)
        .unwrap();
    net
}

fn bits(net: &Network) -> Vec<u64> {
    let theta = net.rate_rule_state("learn", "theta").unwrap();
    weights(net)
        .iter()
        .chain(&theta)
        .map(|v| v.to_bits())
        .collect()
}

#[test]
fn the_interpreted_rule_is_the_compiled_one_and_resumes_from_a_checkpoint() {
    let fast = Bcm {
        eta: 2e-7,
        nu_target: 10.0,
        tau_theta: 10.0,
    };
    let mut compiled = bcm_network(fast.clone());
    compiled.run(2000.0).unwrap();
    let changed = weights(&compiled);
    assert!(
        (changed[0] - 0.3).abs() > 1e-3,
        "the weights learn: {changed:?}"
    );

    let items = cajal_lang::compile_items(Bcm::INFO.source).expect("the library text checks");
    let Some(cajal_lang::ir::Item::Coupling(ir)) = items.into_iter().next() else {
        panic!("Bcm is a coupling");
    };
    let mut text = InterpretedCoupling::new(ir);
    text.set_param(0, 2e-7).unwrap();
    text.set_param(2, 10.0).unwrap();
    let mut interpreted = bcm_network(text);
    interpreted.run(2000.0).unwrap();
    assert_eq!(bits(&compiled), bits(&interpreted));

    let dir = std::env::temp_dir().join(format!("cajal-rate-plasticity-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("half.ckpt");
    let mut first = bcm_network(fast.clone());
    first.run(1000.0).unwrap();
    first.checkpoint(&path).unwrap();
    let mut resumed = bcm_network(fast);
    resumed.restore(&path).unwrap();
    resumed.run(1000.0).unwrap();
    assert_eq!(bits(&compiled), bits(&resumed));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_weights_of_a_plastic_coupling_can_be_recorded() {
    let mut net = bcm_network(Bcm::default());
    let monitor = net.record_projection("learn", "w", 100).unwrap();
    net.run(500.0).unwrap();
    net.sample_monitors();
    let mon = net.monitor(monitor).unwrap();
    assert_eq!(mon.t_ms.len(), 51);
    assert_eq!(
        mon.values.last().unwrap(),
        &net.rate_weights("learn").unwrap().weight
    );
    assert_ne!(mon.values[0], mon.values[50], "they learn");
    let err = net.record_projection("learn", "overlap", 1).unwrap_err();
    assert!(
        err.to_string().contains("overlap") && err.to_string().contains('w'),
        "{err}"
    );
    assert!(net.record_projection("nothing", "w", 1).is_err());
}

#[test]
fn wrong_uses_of_a_plastic_coupling_say_why() {
    // A mass network's connectivity is fixed.
    let err = MassNetwork::new(
        followers(2),
        Oja::default(),
        Connectivity::from_rows(&[vec![0.0, 1.0], vec![1.0, 0.0]]).unwrap(),
        "nu",
        "nu_inp",
    )
    .err()
    .expect("refused");
    assert!(err.to_string().contains("plastic"), "{err}");

    // The rule reads `post`, the target's `nu`: a target without it is refused.
    let mut net = Network::new(DT).unwrap();
    let a = net.add_population("in", followers(2)).unwrap();
    let b = net.add_population("out", Linear::new(1)).unwrap();
    let conn = Connections::all_to_all(2, 1, 0.5, true);
    let err = net
        .couple("learn", (a, "nu"), (b, "I"), Oja::default(), conn)
        .unwrap_err();
    assert!(err.to_string().contains("reads `post`"), "{err}");

    assert!(
        net.rate_rule_state("nothing", "theta").is_err(),
        "unknown projection"
    );
}
