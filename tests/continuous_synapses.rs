//! Continuous per-synapse dynamics (Brian2's clock-driven synaptic variables): a variable
//! that low-pass filters each synapse's target potential and a weight equation that reads it
//! and an event-driven trace. Without spikes both follow the closed form of forward Euler
//! (and the exact solution to O(dt)); with spikes every step is one Euler step from the values
//! at its start, the trace read up to date; a checkpoint resumes them bit for bit.

use cajal::prelude::*;

use crate::continuous_models;
use continuous_models::{Filtered, Held};

const DT: f64 = 0.1;
/// Target potentials (mV): each synapse filters its own target's.
const V: [f64; 2] = [-50.0, -40.0];

/// One source spiking at `spikes_ms` → two held targets, through `Filtered` (weights 1 nS).
fn build(spikes_ms: &[f64]) -> Network {
    let mut net = Network::new(DT).unwrap();
    let mut held = Held::new(2);
    held.state.v.copy_from_slice(&V);
    let post = net.add_population("post", held).unwrap();
    let train: Vec<(f64, usize)> = spikes_ms.iter().map(|&t| (t, 0)).collect();
    let pre = net.add_spike_generator("pre", 1, &train).unwrap();
    let c = Connections::all_to_all(1, 2, 1.0, true);
    net.connect("syn", pre, post, Filtered::default(), c)
        .unwrap();
    net
}

fn read(net: &Network) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let w = net.synapses("syn").unwrap().iter().map(|e| e.2).collect();
    (
        w,
        net.per_synapse("syn", "vbar").unwrap(),
        net.per_synapse("syn", "apre").unwrap(),
    )
}

#[test]
fn without_spikes_the_variables_follow_the_closed_form_of_euler() {
    let mut net = build(&[]);
    let (tau_f, tau_w) = (10.0, 50.0);
    let steps = 300;
    for _ in 0..steps {
        net.step().unwrap();
    }
    let (w, vbar, apre) = read(&net);
    assert_eq!(apre, [0.0, 0.0]);
    for (j, v) in V.iter().enumerate() {
        // x_{n+1} = x_n + dt·(v − x_n)/τ: x_n = v + (x_0 − v)(1 − dt/τ)^n.
        let euler = v + (-70.0 - v) * (1.0 - DT / tau_f).powi(steps);
        assert!(
            (vbar[j] - euler).abs() <= 1e-12 * euler.abs(),
            "{} vs {euler}",
            vbar[j]
        );
        let exact = v + (-70.0 - v) * (-(steps as f64) * DT / tau_f).exp();
        assert!(
            (vbar[j] - exact).abs() <= 0.01 * (v + 70.0),
            "{} vs {exact}",
            vbar[j]
        );
        let w_euler = (1.0 - DT / tau_w).powi(steps);
        assert!((w[j] - w_euler).abs() <= 1e-12, "{} vs {w_euler}", w[j]);
    }
}

#[test]
fn with_spikes_each_step_is_one_euler_step_from_its_start() {
    let (tau_f, tau_w, taupre, eta) = (10.0, 50.0, 20.0, 0.5);
    let mut net = build(&[5.0, 12.0, 12.5, 30.0]);
    let mut before = read(&net);
    let mut jumps = 0;
    for _ in 0..500 {
        net.step().unwrap();
        let now = read(&net);
        let (w, vbar, apre) = &before;
        for j in 0..2 {
            let dv = (V[j] - vbar[j]) / tau_f;
            let dw = (eta * apre[j] * (vbar[j] + 70.0) - w[j]) / tau_w;
            assert_eq!(now.1[j], vbar[j] + DT * dv, "vbar of synapse {j}");
            assert_eq!(now.0[j], w[j] + DT * dw, "w of synapse {j}");
            // The trace decays exactly, or a spike delivered in the step added one at the
            // step's time, which has decayed for one step since.
            let decay = (-DT / taupre).exp();
            let decayed = apre[j] * decay;
            if (now.2[j] - decayed).abs() > 1e-12 {
                assert!((now.2[j] - decayed - decay).abs() <= 1e-12, "apre jump");
                jumps += 1;
            }
        }
        before = now;
    }
    assert_eq!(jumps, 8, "four spikes reach both synapses");
    // The trace made the weights grow above their relaxed value.
    assert!(before.0.iter().all(|&w| w > 1.0), "{:?}", before.0);
}

#[test]
fn a_checkpoint_resumes_continuous_variables_bit_for_bit() {
    let spikes = [3.0, 8.0, 21.0, 40.0];
    let dir = std::env::temp_dir().join(format!("cajal-continuous-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("half.bin");
    let mut whole = build(&spikes);
    let mut half = build(&spikes);
    for _ in 0..150 {
        whole.step().unwrap();
        half.step().unwrap();
    }
    half.checkpoint(&path).unwrap();
    let mut resumed = build(&spikes);
    resumed.restore(&path).unwrap();
    for _ in 0..350 {
        whole.step().unwrap();
        resumed.step().unwrap();
    }
    let bits = |x: (Vec<f64>, Vec<f64>, Vec<f64>)| {
        [x.0, x.1, x.2]
            .concat()
            .iter()
            .map(|v| v.to_bits())
            .collect::<Vec<_>>()
    };
    assert_eq!(bits(read(&whole)), bits(read(&resumed)));
    std::fs::remove_dir_all(&dir).ok();
}
