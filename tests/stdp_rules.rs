//! The library's spike-timing rules ([`Stdp`], [`TripletStdp`]):
//!
//! - the pair rule reproduces `tests/reference/spike/stdp.json` (Brian2 and an independent
//!   event loop) to 1e-12 in its additive form;
//! - the event-driven traces give the weights of the same rules integrated continuously
//!   (forward Euler on every step): the difference halves with the step, and the event-driven
//!   weights themselves do not depend on the step;
//! - nearest-neighbour pairing and the multiplicative forms follow their one-pair closed forms;
//! - the triplet rule's mean drift under independent Poisson trains matches its closed form
//!   (Pfister & Gerstner 2006), on both sides of its BCM-like threshold.

use crate::common;

use cajal::models::{Relay, Stdp, TripletStdp};
use cajal::neural_model;
use cajal::prelude::*;
use common::{f, floats, reference};

neural_model! {
    /// Fires as a Poisson process at `rate`; holds a potential for the synapse to read.
    pub neuron PoissonCell {
        inputs { rate: Hz, I: pA }
        state { v = -70 mV }
        equations { dv/dt = 0 mV/ms }
        on hazard(rate) { emit spike }
        method euler
    }

    /// [`Stdp`] with its traces integrated every step (forward Euler) instead of exactly.
    pub synapse ContinuousStdp {
        parameters {
            tau_pre = 20 ms, tau_post = 20 ms, A_plus = 0.01 nS, A_minus = 0.0105 nS,
            wmax = 1 nS, mu_plus = 0, mu_minus = 0, nearest = 0,
        }
        weight w: nS = 0.5 nS
        continuous { apre = 0 nS, apost = 0 nS }
        equations {
            dapre/dt = -apre/tau_pre
            dapost/dt = -apost/tau_post
        }
        on_pre {
            apre = apre*(1 - nearest) + A_plus
            w = clip(w - apost*(w/wmax)^mu_minus, 0 nS, wmax)
        }
        on_post {
            apost = apost*(1 - nearest) + A_minus
            w = clip(w + apre*(1 - w/wmax)^mu_plus, 0 nS, wmax)
        }
        schedule brian2
    }

    /// [`TripletStdp`] with its traces integrated every step (forward Euler).
    pub synapse ContinuousTriplet {
        parameters {
            tau_plus = 16.8 ms, tau_x = 101 ms, tau_minus = 33.7 ms, tau_y = 125 ms,
            A2_plus = 5e-10 nS, A3_plus = 6.2e-3 nS, A2_minus = 7e-3 nS, A3_minus = 2.3e-4 nS,
            wmax = 100 nS,
        }
        weight w: nS = 1 nS
        continuous { r1 = 0, r2 = 0, o1 = 0, o2 = 0 }
        equations {
            dr1/dt = -r1/tau_plus
            dr2/dt = -r2/tau_x
            do1/dt = -o1/tau_minus
            do2/dt = -o2/tau_y
        }
        on_pre {
            w = clip(w - o1*(A2_minus + A3_minus*r2), 0 nS, wmax)
            r1 += 1
            r2 += 1
        }
        on_post {
            w = clip(w + r1*(A2_plus + A3_plus*o2), 0 nS, wmax)
            o1 += 1
            o2 += 1
        }
        schedule brian2
    }
}

/// The reference's pair rule as the library synapse: Apre, −Apost and wmax in nS.
fn reference_stdp(file: &serde_json::Value) -> Stdp {
    let p = &file["parameters"];
    Stdp {
        tau_pre: f(&p["taupre_ms"]),
        tau_post: f(&p["taupost_ms"]),
        A_plus: f(&p["Apre"]),
        A_minus: -f(&p["Apost"]),
        wmax: f(&p["wmax"]),
        ..Stdp::default()
    }
}

/// Given pre and post spike times (ms) → one synapse of `synapse` onto a relay, at `dt`.
fn pair_network<S: Synapse + 'static>(
    synapse: S,
    w0: f64,
    pre_ms: &[f64],
    post_ms: &[f64],
    dt: f64,
) -> Network {
    let mut net = Network::new(dt).unwrap();
    let post = net.add_population("post", Relay::new(1)).unwrap();
    let mut kicks = vec![(0.0, 0.0)];
    for &t in post_ms {
        kicks.push((t, 1.0));
        kicks.push((t + dt, 0.0));
    }
    net.drive(post, "kick", Stimulus::Piecewise(kicks)).unwrap();
    let train: Vec<(f64, usize)> = pre_ms.iter().map(|&t| (t, 0)).collect();
    let pre = net.add_spike_generator("pre", 1, &train).unwrap();
    let c = Connections::all_to_all(1, 1, w0, true);
    net.connect("syn", pre, post, synapse, c).unwrap();
    net
}

fn weight(net: &Network) -> f64 {
    net.synapses("syn").unwrap()[0].2
}

/// The final weight of `synapse` driven by the given trains for `duration` ms.
fn final_weight<S: Synapse + 'static>(
    synapse: S,
    w0: f64,
    (pre, post): (&[f64], &[f64]),
    dt: f64,
    duration: f64,
) -> f64 {
    let mut net = pair_network(synapse, w0, pre, post, dt);
    net.run(duration).unwrap();
    weight(&net)
}

#[test]
fn the_library_pair_rule_reproduces_the_reference_weights() {
    let file = reference("spike/stdp.json");
    let dt = f(&file["dt_ms"]);
    let (pre, post) = (
        floats(&file["pre_spikes_ms"]),
        floats(&file["post_spikes_ms"]),
    );
    let steps = (f(&file["duration_ms"]) / dt).round() as u64;
    for run in file["runs"].as_array().unwrap() {
        let mut net = pair_network(reference_stdp(&file), f(&run["w0"]), &pre, &post, dt);
        let checked = common::follow_stdp_events(&mut net, run, (dt, steps), weight);
        assert!(checked > 60, "{}: {checked} events checked", run["id"]);
        assert!((weight(&net) - f(&run["w_final"])).abs() <= 1e-12);
    }
}

/// The reference trains, in the first `ms` milliseconds.
fn reference_trains(ms: f64) -> (Vec<f64>, Vec<f64>) {
    let file = reference("spike/stdp.json");
    let keep = |v: &serde_json::Value| floats(v).into_iter().filter(|&t| t < ms).collect();
    (keep(&file["pre_spikes_ms"]), keep(&file["post_spikes_ms"]))
}

/// Event-driven weights at dt 0.1 and 0.025 ms agree to rounding; continuous (Euler)
/// weights at dt, dt/2 and dt/4 approach them at first order.
fn converges(event: impl Fn(f64) -> f64, continuous: impl Fn(f64) -> f64, what: &str) {
    let exact = event(0.1);
    let fine = event(0.025);
    assert!(
        (exact - fine).abs() <= 1e-12,
        "{what}: event-driven weights depend on dt: {exact} vs {fine}"
    );
    let gaps: Vec<f64> = [0.1, 0.05, 0.025]
        .iter()
        .map(|&dt| (continuous(dt) - exact).abs())
        .collect();
    assert!(
        gaps[0] > 0.0,
        "{what}: the Euler form should differ at dt 0.1"
    );
    for k in 0..2 {
        let ratio = gaps[k] / gaps[k + 1];
        assert!(
            (1.8..=2.2).contains(&ratio),
            "{what}: Euler gaps {gaps:?} do not halve with the step"
        );
    }
    // All runs start at w = 0.5 nS: the last gap is a small part of the change.
    assert!(
        gaps[2] <= 0.01 * (exact - 0.5).abs(),
        "{what}: event-driven {exact}, gaps {gaps:?}"
    );
}

#[test]
fn event_driven_pair_traces_give_the_continuously_integrated_weights() {
    let (pre, post) = reference_trains(3000.0);
    for (mu_plus, mu_minus, nearest) in [(0.0, 0.0, 0.0), (1.0, 1.0, 0.0), (0.0, 1.0, 1.0)] {
        let event = |dt| {
            let s = Stdp {
                A_plus: 0.01,
                A_minus: 0.0105,
                mu_plus,
                mu_minus,
                nearest,
                ..Stdp::default()
            };
            final_weight(s, 0.5, (&pre, &post), dt, 3000.0)
        };
        let continuous = |dt| {
            let s = ContinuousStdp {
                mu_plus,
                mu_minus,
                nearest,
                ..ContinuousStdp::default()
            };
            final_weight(s, 0.5, (&pre, &post), dt, 3000.0)
        };
        converges(
            event,
            continuous,
            &format!("pair μ+ {mu_plus} μ− {mu_minus} nearest {nearest}"),
        );
    }
}

#[test]
fn event_driven_triplet_traces_give_the_continuously_integrated_weights() {
    let (pre, post) = reference_trains(3000.0);
    let event = |dt| final_weight(TripletStdp::default(), 0.5, (&pre, &post), dt, 3000.0);
    let continuous = |dt| {
        let s = ContinuousTriplet::default();
        final_weight(s, 0.5, (&pre, &post), dt, 3000.0)
    };
    converges(event, continuous, "triplet");
}

#[test]
fn one_pair_changes_the_weight_by_the_window() {
    // Pre at 10 ms, post at 10 + Δ: the change is A_plus e^{−Δ/τ} times (1 − w/wmax)^μ+.
    let s = |mu_plus: f64| Stdp {
        mu_plus,
        ..Stdp::default()
    };
    for (delta, mu_plus) in [(5.0, 0.0), (12.0, 0.0), (5.0, 1.0), (30.0, 1.0)] {
        let w = final_weight(s(mu_plus), 0.4, (&[10.0], &[10.0 + delta]), 0.1, 100.0);
        let expected = 0.4 + 0.005 * (-delta / 20.0_f64).exp() * (1.0 - 0.4_f64).powf(mu_plus);
        assert!(
            (w - expected).abs() <= 1e-13,
            "Δ {delta}: {w} vs {expected}"
        );
    }
    // Post first: −A_minus e^{Δ/τ} (w/wmax)^μ−.
    let s = Stdp {
        mu_minus: 1.0,
        ..Stdp::default()
    };
    let w = final_weight(s, 0.4, (&[20.0], &[12.0]), 0.1, 100.0);
    let expected = 0.4 - 0.00525 * (-8.0_f64 / 20.0).exp() * 0.4;
    assert!((w - expected).abs() <= 1e-13, "{w} vs {expected}");
}

#[test]
fn nearest_pairing_counts_only_the_latest_spike() {
    // Two pre spikes then one post: all-to-all sums both, nearest only the latest.
    let (pre, post) = ([10.0, 15.0], [20.0]);
    let all = final_weight(Stdp::default(), 0.4, (&pre, &post), 0.1, 50.0);
    let near = Stdp::nearest();
    let nearest = final_weight(near, 0.4, (&pre, &post), 0.1, 50.0);
    let k = |d: f64| 0.005 * (-d / 20.0).exp();
    assert!((all - (0.4 + k(10.0) + k(5.0))).abs() <= 1e-13, "{all}");
    assert!((nearest - (0.4 + k(5.0))).abs() <= 1e-13, "{nearest}");
}

/// Mean weight change per second of `n_post` Poisson cells at `rho_post` receiving triplet
/// synapses from `n_pre` Poisson trains at `rho_pre`, over `seconds`; with the standard
/// error of the per-target means.
fn triplet_drift(rho_pre: f64, rho_post: f64, seconds: f64, seed: u64) -> (f64, f64) {
    let (n_pre, n_post, w0) = (150, 12, 50.0);
    let mut net = Network::new(0.1).unwrap();
    net.set_seed(seed);
    let post = net
        .add_population("post", PoissonCell::new(n_post))
        .unwrap();
    net.drive(post, "rate", Stimulus::Constant(rho_post))
        .unwrap();
    let pre = net.add_poisson("pre", n_pre, rho_pre, seed + 1).unwrap();
    let c = Connections::all_to_all(n_pre, n_post, w0, true);
    net.connect("syn", pre, post, TripletStdp::default(), c)
        .unwrap();
    net.run(seconds * 1000.0).unwrap();
    let mut per_target = vec![0.0; n_post];
    for (_, j, w) in net.synapses("syn").unwrap() {
        per_target[j as usize] += (w - w0) / seconds / n_pre as f64;
    }
    let mean = per_target.iter().sum::<f64>() / n_post as f64;
    let var = per_target.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n_post - 1) as f64;
    (mean, (var / n_post as f64).sqrt())
}

#[test]
fn the_triplet_drift_under_poisson_trains_matches_its_closed_form() {
    let s = TripletStdp::default();
    let ms = 1e-3;
    let closed = |rx: f64, ry: f64| {
        rx * ry * (s.A2_plus * s.tau_plus * ms - s.A2_minus * s.tau_minus * ms)
            + s.A3_plus * s.tau_plus * s.tau_y * ms * ms * rx * ry * ry
            - s.A3_minus * s.tau_minus * s.tau_x * ms * ms * rx * rx * ry
    };
    // Below the threshold (≈ 19 Hz at ρ_pre = 20 Hz) the drift is negative, above positive.
    for (k, (rx, ry)) in [(20.0, 8.0), (20.0, 40.0)].into_iter().enumerate() {
        let (mean, se) = triplet_drift(rx, ry, 20.0, 900 + 10 * k as u64);
        let expected = closed(rx, ry);
        assert!(
            (mean - expected).abs() <= 4.0 * se + 0.01 * expected.abs(),
            "ρ_pre {rx} Hz, ρ_post {ry} Hz: {mean} ± {se} nS/s, closed form {expected}"
        );
        assert!(
            se < 0.1 * expected.abs(),
            "too noisy to test: {se} vs {expected}"
        );
    }
}
