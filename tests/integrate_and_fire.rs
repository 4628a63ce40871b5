//! Nonlinear integrate-and-fire neurons against their closed forms.

use cajal::prelude::*;

/// The exponential integrate-and-fire defaults of *Neuronal Dynamics* (ch. 5.2 exercises):
/// τ = 12 ms, R = 20 MΩ, v_rest = −65 mV, v_reset = −60 mV, v_rh = −55 mV, Δ_T = 2 mV,
/// v_spike = −30 mV.
#[test]
fn the_exponential_if_has_the_book_defaults() {
    let p = ExponentialIfParams::default();
    assert_eq!(
        (
            p.tau, p.R, p.v_rest, p.v_reset, p.v_rh, p.Delta_T, p.v_spike
        ),
        (12.0, 20.0, -65.0, -60.0, -55.0, 2.0, -30.0)
    );
}

/// Spikes of one EIF cell under a constant current (nA) for `duration` ms, and its final v.
fn eif_run(current_na: f64, duration: f64) -> (usize, f64) {
    let mut sim = Simulation::new(ExponentialIf::new(1), 0.01).unwrap();
    sim.drive("I", Stimulus::Constant(current_na)).unwrap();
    sim.record(&["v"]).unwrap();
    let rec = sim.run(duration).unwrap();
    let v = *rec.trace("v", 0).unwrap().last().unwrap();
    (rec.spike_steps(0).len(), v)
}

/// The rheobase of the EIF is where the fixed points meet (F(v) = 0 and F'(v) = 0 at
/// v = v_rh): I_rh = (v_rh − v_rest − Δ_T)/R = (−55 + 65 − 2) mV / 20 MΩ = 0.4 nA. Below it
/// the cell settles at its stable fixed point; above it, it fires (slowly near the
/// bifurcation).
#[test]
fn the_exponential_if_fires_exactly_above_its_rheobase() {
    let rheobase = (-55.0 - -65.0 - 2.0) / 20.0;
    for factor in [0.5, 0.9, 0.99] {
        let i = factor * rheobase;
        let (spikes, v) = eif_run(i, 2000.0);
        assert_eq!(spikes, 0, "{factor} × rheobase");
        // The rest state solves −(v − v_rest) + Δ_T e^{(v − v_rh)/Δ_T} + R I = 0 below v_rh.
        let residual = -(v + 65.0) + 2.0 * ((v + 55.0) / 2.0).exp() + 20.0 * i;
        assert!(
            v < -55.0 && residual.abs() < 1e-9,
            "{factor}: v = {v}, F(v) = {residual}"
        );
    }
    for factor in [1.01, 1.1, 2.0] {
        let (spikes, _) = eif_run(factor * rheobase, 2000.0);
        assert!(spikes > 0, "{factor} × rheobase");
    }
}
