//! White noise `xi`: OU and Brownian processes against theory and
//! `tests/reference/mass/noise_statistics.json`, √dt scaling, and reproducible streams.

use crate::common;

use cajal::prelude::*;
use common::{f, floats, max_relative_deviation, reference};

fn mean_std(x: &[f64]) -> (f64, f64) {
    let n = x.len() as f64;
    let mean = x.iter().sum::<f64>() / n;
    let var = x.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, var.sqrt())
}

/// Final values of every instance after `duration_ms`.
fn finals<M: Model>(model: M, dt: f64, duration_ms: f64, seed: u64) -> Vec<f64> {
    let mut model = model;
    model.set_seed(seed);
    let mut sim = Simulation::new(model, dt).unwrap();
    sim.run(duration_ms).unwrap();
    sim.model().state(0).to_vec()
}

#[test]
fn ou_without_noise_relaxes_exactly() {
    let r = reference("mass/noise_statistics.json");
    let c = &r["results"]["OUProcess_sigma0_deterministic"];
    let p = &c["params"];
    let params = OrnsteinUhlenbeckParams {
        mu: f(&p["mean"]),
        sigma: f(&p["sigma"]),
        tau: f(&p["tau_ms"]),
    };
    let mut model = OrnsteinUhlenbeck::with_params(1, params).unwrap();
    model.state.x[0] = f(&p["init"]);
    let dt = f(&p["dt_ms"]);
    let mut sim = Simulation::new(model, dt).unwrap();
    sim.record(&["x"]).unwrap();
    let rec = sim.run(200.0).unwrap();
    // The file samples after steps 1, 101, 201, …
    let ours: Vec<f64> = (0..20)
        .map(|k| rec.trace("x", 0).unwrap()[1 + 100 * k])
        .collect();
    let dev = max_relative_deviation(&ours, &floats(&c["theory_exact"]));
    assert!(
        dev <= 1e-12,
        "deviates from the exact exponential relaxation by {dev:e}"
    );
}

#[test]
fn ou_stationary_statistics_match_theory_and_brainmass() {
    let r = reference("mass/noise_statistics.json");
    let c = &r["results"]["OUProcess"];
    let p = &c["params"];
    let n = p["n_parallel"].as_u64().unwrap() as usize;
    // brainmass's sigma s has stationary std s/√2; Cajal's sigma is the stationary std.
    let params = OrnsteinUhlenbeckParams {
        mu: f(&p["mean"]),
        sigma: f(&p["sigma"]) / 2f64.sqrt(),
        tau: f(&p["tau_ms"]),
    };
    let x = finals(
        OrnsteinUhlenbeck::with_params(n, params).unwrap(),
        f(&p["dt_ms"]),
        200.0,
        1,
    );
    let (mean, std) = mean_std(&x);
    let (want_mean, want_std) = (f(&c["theory_mean_at_200ms"]), f(&c["theory_std_at_200ms"]));
    // Sampling errors: std/√n for the mean, std/√(2n) for the std; allow 4 of them.
    assert!(
        (mean - want_mean).abs() < 4.0 * want_std / (n as f64).sqrt(),
        "mean {mean} vs {want_mean}"
    );
    assert!(
        (std - want_std).abs() < 4.0 * want_std / (2.0 * n as f64).sqrt(),
        "std {std} vs {want_std}"
    );
    // brainmass's own sample lies within the same band.
    assert!(
        (f(&c["empirical_std_at_200ms"]) - want_std).abs()
            < 4.0 * want_std / (2.0 * n as f64).sqrt()
    );
}

#[test]
fn ou_autocorrelation_decays_with_tau() {
    let n = 4000;
    let tau = 10.0;
    let mut model = OrnsteinUhlenbeck::with_params(
        n,
        OrnsteinUhlenbeckParams {
            mu: 0.0,
            sigma: 1.0,
            tau,
        },
    )
    .unwrap();
    model.set_seed(3);
    let mut sim = Simulation::new(model, 0.1).unwrap();
    sim.run(100.0).unwrap(); // stationary
    let a = sim.model().state(0).to_vec();
    sim.run(tau).unwrap();
    let b = sim.model().state(0).to_vec();
    let corr = a.iter().zip(&b).map(|(x, y)| x * y).sum::<f64>() / n as f64;
    let want = (-1.0f64).exp();
    // Standard error of a correlation estimate ≈ (1 − ρ²)/√n.
    assert!(
        (corr - want).abs() < 4.0 * (1.0 - want * want) / (n as f64).sqrt(),
        "corr {corr} vs {want}"
    );
}

#[test]
fn brownian_variance_grows_linearly_and_scales_with_sqrt_dt() {
    let r = reference("mass/noise_statistics.json");
    let c = &r["results"]["BrownianNoise"];
    let want = f(&c["theory_var_at_200ms"]);
    let n = 4000;
    for dt in [0.1, 0.01] {
        let x = finals(Brownian::new(n), dt, 200.0, 11);
        let (_, std) = mean_std(&x);
        let var = std * std;
        // The variance of a sample variance is 2σ⁴/(n − 1).
        let tolerance = 4.0 * want * (2.0 / (n as f64 - 1.0)).sqrt();
        assert!(
            (var - want).abs() < tolerance,
            "dt = {dt}: variance {var} vs {want}"
        );
    }
}

#[test]
fn streams_are_reproducible_and_independent_of_population_size() {
    let a = finals(OrnsteinUhlenbeck::new(50), 0.1, 20.0, 42);
    let b = finals(OrnsteinUhlenbeck::new(50), 0.1, 20.0, 42);
    assert_eq!(a, b);
    let c = finals(OrnsteinUhlenbeck::new(50), 0.1, 20.0, 43);
    assert_ne!(a, c);
    // Each draw depends only on (seed, equation, instance, step).
    let small = finals(OrnsteinUhlenbeck::new(10), 0.1, 20.0, 42);
    assert_eq!(&a[..10], &small[..]);
}

cajal::neural_model! {
    mass NoisyDrift {
        parameters { sigma = 0.5 }
        state { x = 0 }
        equations { dx/dt = x/(100 ms) + sigma*xi/sqrt(1 ms) }
    }
}

#[test]
fn noise_selects_euler_maruyama_automatically() {
    assert_eq!(NoisyDrift::INFO.method, "euler_maruyama");
    assert!(NoisyDrift::INFO.method_reason.contains("white noise"));
    assert_eq!(
        OrnsteinUhlenbeck::INFO.methods,
        &["exp_euler_diag", "euler_maruyama"]
    );
}

cajal::neural_model! {
    /// Noise whose strength is a delayed state: the history must cover delays in noise terms.
    mass DelayedNoiseGain {
        state { x = 1 }
        equations { dx/dt = -x/(10 ms) + 0.1*delayed(x, 5 ms)*xi/sqrt(1 ms) }
    }
}

#[test]
fn delays_inside_noise_coefficients_are_in_the_history() {
    let mut m = DelayedNoiseGain::new(3);
    m.set_seed(5);
    let mut sim = Simulation::new(m, 0.1).unwrap();
    let rec = sim.run(20.0).unwrap();
    assert!(rec.t_ms.len() == 201 && sim.model().state(0).iter().all(|x| x.is_finite()));
}

neural_model! {
    /// OU process integrated with stochastic Heun (`heun` = `rk2`).
    mass OuHeun {
        parameters { tau = 1 ms, sigma = 1 }
        state { x = 0 }
        equations { dx/dt = -x/tau + sigma*sqrt(2/tau)*xi }
        method heun
    }

    /// The same process with Euler–Maruyama.
    mass OuEm {
        parameters { tau = 1 ms, sigma = 1 }
        state { x = 0 }
        equations { dx/dt = -x/tau + sigma*sqrt(2/tau)*xi }
        method euler_maruyama
    }
}

#[test]
fn stochastic_heun_has_the_smaller_variance_bias() {
    // dt/τ = a = 0.2, σ = 1 (true stationary variance 1). The discrete schemes are linear
    // recursions x ← r·x + c·√(2a)·N(0,1) with stationary variance 2a·c²/(1 − r²):
    // Euler–Maruyama r = 1 − a, c = 1, so 1/(1 − a/2) = 1.111;
    // Heun r = 1 − a + a²/2, c = 1 − a/2, so 0.989.
    let (n, dt, a) = (40_000usize, 0.2, 0.2f64);
    let stationary = |r: f64, c: f64| 2.0 * a * c * c / (1.0 - r * r);
    let heun_theory = stationary(1.0 - a + a * a / 2.0, 1.0 - a / 2.0);
    let em_theory = stationary(1.0 - a, 1.0);
    let heun = finals(OuHeun::new(n), dt, 20.0, 3);
    let em = finals(OuEm::new(n), dt, 20.0, 3);
    let (_, s_heun) = mean_std(&heun);
    let (_, s_em) = mean_std(&em);
    let (v_heun, v_em) = (s_heun * s_heun, s_em * s_em);
    // Sampling error of a variance estimate: v·√(2/n) ≈ 0.7 %; allow 4 of them.
    let tol = 4.0 * (2.0 / n as f64).sqrt();
    assert!(
        (v_heun / heun_theory - 1.0).abs() < tol,
        "Heun variance {v_heun} vs {heun_theory}"
    );
    assert!(
        (v_em / em_theory - 1.0).abs() < tol,
        "Euler–Maruyama variance {v_em} vs {em_theory}"
    );
    assert!((v_heun - 1.0).abs() < 0.03 && (v_em - 1.0).abs() > 0.08);
}
