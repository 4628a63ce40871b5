//! Brunel (2000) sparse balanced network at the paper's size (N_E = 10 000, C_E = 1000,
//! J = 0.1 mV, D = 1.5 ms): the asynchronous irregular state fires at the rate of the paper's
//! mean-field theory (the self-consistent Siegert rate of `cajal::runtime::mean_field`), and
//! the four states have the signatures the paper describes: regular or irregular cells, fast
//! or slow global rhythms.

use crate::common;

use cajal::models::networks::{Brunel, BrunelParams};
use cajal::runtime::mean_field::LifNeuron;
use common::mean_isi_cv;

/// The self-consistent rate of the asynchronous state (Brunel 2000, eqs. 4–5 and 21), from
/// the runtime's mean-field theory.
fn mean_field_rate_hz(p: &BrunelParams) -> f64 {
    let lif = LifNeuron {
        tau_ms: p.tau,
        t_ref_ms: p.t_rp,
        v_reset: p.V_r,
        v_th: p.theta,
    };
    let tau_s = p.tau * 1e-3;
    let (c_e, gamma) = (p.C_E, p.C_I / p.C_E);
    // ν_thr = θ/(J C_E τ).
    let nu_ext = p.eta * p.theta / (p.J * c_e * tau_s);
    let input = |nu: f64| {
        let mu = c_e * p.J * tau_s * (nu_ext + nu * (1.0 - gamma * p.g));
        let var = p.J.powi(2) * c_e * tau_s * (nu_ext + nu * (1.0 + gamma * p.g.powi(2)));
        (mu, var.sqrt())
    };
    lif.self_consistent_rate_hz(input, 10.0)
        .expect("the asynchronous state has a self-consistent rate")
}

struct Activity {
    rate_hz: f64,
    mean_cv: f64,
    /// Coefficient of variation of the population activity in 1 ms bins (synchrony).
    population_cv: f64,
    /// Frequency of the largest peak of the population activity's spectrum (Hz).
    peak_hz: f64,
}

fn simulate(params: BrunelParams, t_ms: f64) -> (BrunelParams, Activity) {
    // The paper's network: N_E = 10 000, N_I = 2500, C_E = 1000, C_I = 250.
    let brunel = Brunel::with_params(&params).unwrap();
    let e = brunel.E;
    let mut net = brunel.network;
    let n_e = net.population(e).unwrap().len();
    let transient = 200.0;
    net.run(transient).unwrap();
    net.record_spikes(e).unwrap();
    net.run(t_ms).unwrap();
    let rec = net.spikes(e).unwrap();
    let start = (transient / net.dt_ms()) as u64;
    let steps = (t_ms / net.dt_ms()) as u64;
    let rate_hz = rec.len() as f64 / n_e as f64 / (t_ms * 1e-3);
    let mut trains = vec![Vec::new(); n_e];
    for (&s, &i) in rec.steps.iter().zip(&rec.neurons) {
        trains[i as usize].push(s);
    }
    let mean_cv = mean_isi_cv(&trains);
    let mut bins = vec![0.0f64; (steps / 10) as usize];
    for &s in &rec.steps {
        if let Some(b) = bins.get_mut(((s - start) / 10) as usize) {
            *b += 1.0;
        }
    }
    let m = bins.iter().sum::<f64>() / bins.len() as f64;
    let sd = (bins.iter().map(|x| (x - m).powi(2)).sum::<f64>() / bins.len() as f64).sqrt();
    // Spectrum of the 1 ms population activity, 5–400 Hz, by direct Fourier sums.
    let peak_hz = (5..=400)
        .step_by(5)
        .map(|f| {
            let w = 2.0 * std::f64::consts::PI * f as f64 * 1e-3;
            let (c, s) = bins.iter().enumerate().fold((0.0, 0.0), |(c, s), (k, x)| {
                let a = w * k as f64;
                (c + (x - m) * a.cos(), s + (x - m) * a.sin())
            });
            (f as f64, c * c + s * s)
        })
        .fold((0.0, 0.0), |best, p| if p.1 > best.1 { p } else { best })
        .0;
    let population_cv = sd / m.max(1e-12);
    (
        params,
        Activity {
            rate_hz,
            mean_cv,
            population_cv,
            peak_hz,
        },
    )
}

fn show(name: &str, a: &Activity) {
    println!(
        "{name}: rate {:.2} Hz, CV {:.2}, population CV {:.2}, peak {} Hz",
        a.rate_hz, a.mean_cv, a.population_cv, a.peak_hz
    );
}

#[test]
fn brunel_states_have_the_papers_signatures() {
    let (cfg, ai) = simulate(BrunelParams::ai(), 300.0);
    assert_eq!(
        cfg,
        BrunelParams::default(),
        "the defaults are the AI state"
    );
    let (_, sr) = simulate(BrunelParams::sr(), 200.0);
    let (_, fast) = simulate(BrunelParams::si_fast(), 300.0);
    let (_, slow) = simulate(BrunelParams::si_slow(), 500.0);
    for (name, a) in [
        ("AI", &ai),
        ("SR", &sr),
        ("SI fast", &fast),
        ("SI slow", &slow),
    ] {
        show(name, a);
    }

    // AI: the stationary rate of the mean-field theory (Brunel 2000, eqs. 4-5, 21).
    let theory = mean_field_rate_hz(&cfg);
    println!("AI mean-field rate {theory:.2} Hz");
    assert!(
        (ai.rate_hz - theory).abs() < 0.10 * theory,
        "AI rate {} vs theory {theory}",
        ai.rate_hz
    );
    // SR: neurons fire regularly at high rates.
    assert!(sr.mean_cv < 0.1, "SR regular: CV {}", sr.mean_cv);
    assert!(sr.rate_hz > 100.0, "SR high rate: {}", sr.rate_hz);
    // SI fast: a fast global oscillation; cells fire irregularly, slower than the rhythm.
    assert!(
        fast.peak_hz > 100.0,
        "SI fast rhythm at {} Hz",
        fast.peak_hz
    );
    assert!(
        fast.rate_hz < 0.5 * fast.peak_hz,
        "SI fast rate {}",
        fast.rate_hz
    );
    assert!(fast.mean_cv > 0.5, "SI fast irregular: CV {}", fast.mean_cv);
    // SI slow: a slow global oscillation with cells firing at low rates.
    assert!(slow.peak_hz < 50.0, "SI slow rhythm at {} Hz", slow.peak_hz);
    assert!(slow.rate_hz < 10.0, "SI slow rate {}", slow.rate_hz);
    // Both SI states are more synchronous than AI.
    assert!(fast.population_cv > ai.population_cv && slow.population_cv > ai.population_cv);
}
