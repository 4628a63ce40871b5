//! The Kuramoto order parameter of simulated networks against theory: strongly coupled
//! identical oscillators synchronise (R → 1); uncoupled ones with spread frequencies stay
//! incoherent, with the mean R of N independent uniform phases, √(π/(4N)) (R is then
//! Rayleigh-distributed with σ² = 1/(2N)).

use cajal::prelude::*;
use cajal::runtime::analysis::{mean_order_parameter, order_parameter_series};
use cajal::runtime::rng::{mix64, uniform_open};

/// `n` Kuramoto nodes all to all (weights 1/N), coupling `k`, natural frequencies
/// `omega(i)` (rad/ms), phases uniform on [0, 2π) from a fixed seed; θ every ms for `ms`.
fn run(n: usize, k: f64, omega: impl Fn(usize) -> f64, ms: f64) -> Vec<Vec<f64>> {
    let mut nodes = Kuramoto::new(n);
    let index = Kuramoto::INFO.param_index("omega").unwrap();
    nodes
        .set_param_per_instance(index, (0..n).map(&omega).collect())
        .unwrap();
    for (i, th) in nodes.state.theta.iter_mut().enumerate() {
        *th = std::f64::consts::TAU * uniform_open(mix64(0x5EED ^ i as u64));
    }
    let conn = Connectivity::all_to_all(n, 1.0 / n as f64).unwrap();
    let coupling = KuramotoSine { K: k, alpha: 0.0 };
    let network = MassNetwork::new(nodes, coupling, conn, "theta", "theta_inp").unwrap();
    let mut sim = Simulation::new(network, 0.1).unwrap();
    sim.record(&["theta"]).unwrap();
    sim.every(10).unwrap();
    let rec = sim.run(ms).unwrap();
    (0..n)
        .map(|i| rec.trace("theta", i).unwrap().to_vec())
        .collect()
}

#[test]
fn strongly_coupled_identical_oscillators_synchronise() {
    let phases = run(100, 2.0, |_| 0.1, 200.0);
    let r = order_parameter_series(&phases);
    assert!(r[0] < 0.3, "random start: R = {}", r[0]);
    let last = *r.last().unwrap();
    assert!(last > 1.0 - 1e-9, "R = {last}");
}

#[test]
fn uncoupled_oscillators_stay_incoherent_at_one_over_root_n() {
    let n = 100;
    let phases = run(
        n,
        0.0,
        |i| 0.5 + uniform_open(mix64(0xF00D ^ i as u64)),
        500.0,
    );
    let mean = mean_order_parameter(&phases);
    let theory = (std::f64::consts::PI / (4.0 * n as f64)).sqrt();
    assert!(
        (mean - theory).abs() < 0.15 * theory,
        "mean R = {mean}, theory {theory}"
    );
}
