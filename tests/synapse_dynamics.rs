//! Library synapses against their closed forms: double-exponential and alpha kinetics, Tsodyks–Markram
//! steady-state depression and facilitation, and the equilibrium of a gap junction.

use cajal::prelude::*;

/// A spike generator with the given spike times → one Izhikevich cell (kept below
/// threshold), through `synapse`; the per-step values of the summed synaptic variables.
fn synapse_trace<S: Synapse + 'static>(
    synapse: S,
    weight: f64,
    spikes_ms: &[f64],
    vars: &[&str],
    dt: f64,
    steps: usize,
) -> Vec<Vec<f64>> {
    let mut net = Network::new(dt).unwrap();
    let cell = net.add_population("cell", Izhikevich::new(1)).unwrap();
    let train: Vec<(f64, usize)> = spikes_ms.iter().map(|&t| (t, 0)).collect();
    let pre = net.add_spike_generator("pre", 1, &train).unwrap();
    let one = Connections::all_to_all(1, 1, weight, true);
    net.connect("syn", pre, cell, synapse, one).unwrap();
    let mut out = vec![Vec::new(); vars.len()];
    for _ in 0..steps {
        net.step().unwrap();
        for (k, var) in vars.iter().enumerate() {
            out[k].push(net.synapse_state("syn", var).unwrap()[0]);
        }
    }
    out
}

/// After one spike the double exponential is w f (e^{−t/τ_d} − e^{−t/τ_r}) at every step
/// (exact integration), with its peak w at t_p = τ_d τ_r ln(τ_d/τ_r)/(τ_d − τ_r).
#[test]
fn a_double_exponential_synapse_follows_its_closed_form_with_peak_w() {
    let (tau_r, tau_d, w, dt) = (1.0f64, 5.0f64, 2.0, 0.01);
    let t_peak = tau_d * tau_r * (tau_d / tau_r).ln() / (tau_d - tau_r);
    let f = 1.0 / ((-t_peak / tau_d).exp() - (-t_peak / tau_r).exp());
    let trace = synapse_trace(BiexpCurrent::default(), w, &[1.0], &["a", "b"], dt, 3000);
    let g: Vec<f64> = trace[0].iter().zip(&trace[1]).map(|(a, b)| a - b).collect();
    let onset = trace[0]
        .iter()
        .position(|&a| a > 0.0)
        .expect("the spike arrived");
    for (k, &value) in g[onset..].iter().enumerate() {
        let t = k as f64 * dt;
        let expected = w * f * ((-t / tau_d).exp() - (-t / tau_r).exp());
        assert!(
            (value - expected).abs() < 1e-12,
            "t = {t}: {value} vs {expected}"
        );
    }
    let peak = g.iter().copied().fold(f64::MIN, f64::max);
    assert!(peak <= w && peak > w * (1.0 - 1e-4), "peak {peak}");
}

/// After one spike the alpha synapse is w (t/τ) e^{1 − t/τ} at every step: its two states
/// form a Jordan block, integrated exactly by their matrix propagator; the peak is w at τ.
#[test]
fn an_alpha_synapse_follows_its_closed_form_with_peak_w_at_tau() {
    let (tau, w, dt) = (2.0f64, 3.0, 0.01);
    let trace = synapse_trace(AlphaCurrent::default(), w, &[1.0], &["x", "g"], dt, 3000);
    let onset = trace[0]
        .iter()
        .position(|&x| x > 0.0)
        .expect("the spike arrived");
    for (k, &value) in trace[1][onset..].iter().enumerate() {
        let t = k as f64 * dt;
        let expected = w * t / tau * (1.0 - t / tau).exp();
        assert!(
            (value - expected).abs() < 1e-12,
            "t = {t}: {value} vs {expected}"
        );
    }
    let (peak_step, peak) = trace[1][onset..]
        .iter()
        .copied()
        .enumerate()
        .fold((0, f64::MIN), |a, b| if b.1 > a.1 { b } else { a });
    assert!((peak - w).abs() < 1e-9, "peak {peak}");
    assert!((peak_step as f64 * dt - tau).abs() < 1.5 * dt);
}

/// The conductance form has the same time course and drives its target towards E.
#[test]
fn an_alpha_conductance_follows_the_same_closed_form() {
    let (tau, w, dt) = (0.2f64, 0.5, 0.01);
    let trace = synapse_trace(AlphaConductance::default(), w, &[1.0], &["g"], dt, 500);
    let onset = trace[0]
        .iter()
        .position(|&g| g > 0.0)
        .expect("the spike arrived")
        - 1;
    for (k, &value) in trace[0][onset..].iter().enumerate() {
        let t = k as f64 * dt;
        let expected = w * t / tau * (1.0 - t / tau).exp();
        assert!(
            (value - expected).abs() < 1e-12,
            "t = {t}: {value} vs {expected}"
        );
    }
}

/// Releases of a regular train through a Tsodyks–Markram synapse, relative to the first:
/// the summed current just after each spike (it decays with τ_I = 3 ms, to 1e-7 of itself
/// between spikes 50 ms apart).
fn release_ratios(synapse: TsodyksMarkram, interval: f64, n: usize) -> Vec<f64> {
    let dt = 0.1;
    let spikes: Vec<f64> = (0..n).map(|k| 10.0 + interval * k as f64).collect();
    let steps = ((10.0 + interval * n as f64) / dt) as usize;
    let current = &synapse_trace(synapse, 1.0, &spikes, &["I_syn"], dt, steps)[0];
    let jumps: Vec<f64> = current
        .windows(2)
        .filter(|w| w[1] > 2.0 * w[0])
        .map(|w| w[1])
        .collect();
    assert_eq!(jumps.len(), n);
    jumps.iter().map(|j| j / jumps[0]).collect()
}

/// Depression: the release settles at U x*, x* = (1 − e^{−Δ/τ_rec})/(1 − (1 − U) e^{−Δ/τ_rec}),
/// relative to the first release U.
#[test]
fn tsodyks_markram_depression_settles_at_its_steady_state() {
    let (u, tau_rec, interval) = (0.5, 800.0, 50.0);
    let ratios = release_ratios(TsodyksMarkram::default(), interval, 40);
    let e = (-interval / tau_rec).exp();
    let x_star = (1.0 - e) / (1.0 - (1.0 - u) * e);
    let last = ratios[ratios.len() - 1];
    assert!((last - x_star).abs() < 1e-6, "{last} vs {x_star}");
    // Every release is smaller than the one before (pure depression).
    assert!(ratios.windows(2).all(|w| w[1] < w[0]));
}

/// Facilitation and depression: u⁺ settles at U/(1 − (1 − U) e^{−Δ/τ_f}) and x at
/// (1 − e^{−Δ/τ_rec})/(1 − (1 − u⁺) e^{−Δ/τ_rec}); the release u⁺x* relative to U.
#[test]
fn tsodyks_markram_facilitation_settles_at_its_steady_state() {
    let (u, tau_rec, tau_f, interval) = (0.04, 100.0f64, 1000.0f64, 50.0);
    let ratios = release_ratios(TsodyksMarkram::facilitating(), interval, 200);
    let u_star = u / (1.0 - (1.0 - u) * (-interval / tau_f).exp());
    let e = (-interval / tau_rec).exp();
    let x_star = (1.0 - e) / (1.0 - (1.0 - u_star) * e);
    let expected = u_star * x_star / u;
    let last = ratios[ratios.len() - 1];
    assert!(
        (last - expected).abs() < 1e-6 * expected,
        "{last} vs {expected}"
    );
    assert!(
        ratios[1] > 1.0,
        "the second release is facilitated: {ratios:?}"
    );
}

/// Two passive cells (LIF below threshold) joined by a gap junction of conductance g, a
/// current into the first only: at equilibrium d₁ = I (a + g)/(a (a + 2g)) and
/// d₂ = g d₁/(a + g), with a = 1/R and d = v − v_rest.
#[test]
fn a_gap_junction_pair_reaches_its_equilibrium() {
    let (r, g, i) = (10.0, 0.05, 1.0); // MΩ, µS, nA
    let mut net = Network::new(0.1).unwrap();
    let cells = net.add_population("cells", Lif::new(2)).unwrap();
    net.drive(cells, "I", Stimulus::PerInstance(vec![i, 0.0]))
        .unwrap();
    let w = Connections::from_matrix(&[vec![0.0, g], vec![g, 0.0]]).unwrap();
    net.couple("gap", (cells, "v"), (cells, "I"), GapJunction::default(), w)
        .unwrap();
    net.run(500.0).unwrap();
    let population = net.population(cells).unwrap();
    let v = population.state(population.info().state_index("v").unwrap());
    let a = 1.0 / r;
    let d1 = i * (a + g) / (a * (a + 2.0 * g));
    let d2 = g * d1 / (a + g);
    assert!((v[0] + 70.0 - d1).abs() < 1e-9, "{} vs {d1}", v[0] + 70.0);
    assert!((v[1] + 70.0 - d2).abs() < 1e-9, "{} vs {d2}", v[1] + 70.0);
    assert!(d1 < 20.0, "below threshold");
}
