//! Networks written as `network` items: unit conversion into a model's declared units,
//! per-neuron settings and drives, initial values from the seed's keyed streams, connectivity
//! rules, delays, Poisson input and monitors — each checked against values computed here
//! independently (closed forms and the documented SplitMix64 keys).

use cajal::neural_model;
use cajal::runtime::rng::splitmix_normal;

neural_model! {
    /// Two LIF populations exercising the network items.
    network Probe {
        parameters {
            Ne = 6, Ni = 3,
            /// Membrane time constant given in seconds (Lif declares ms).
            tau_m = 0.02 s,
            /// Current per neuron index.
            step = 10 pA,
            J = 0.5 mV,
            D = 1.2 ms,
        }
        timestep 0.1 ms
        seed 99
        population E = cajal::models::Lif[Ne] {
            tau = tau_m, R = 100 Mohm, v_rest = -70 mV, v_th = 100 mV
            init v = -70 mV + 2 mV*randn(0)
        }
        population I = cajal::models::Lif[Ni] {
            v_th = 1 V,
            t_ref = 0.5 ms + 0.5 ms*i
            init v = -60 mV + 2 mV*randn(0)
        }
        drive E.I = step*i
        projection EI: E -> I = cajal::models::VoltageJump with fixed_in_degree(2, J) delay D
        projection II: I -> I = cajal::models::VoltageJump with all_to_all(J, no_self)
        poisson_input ext: I.v { count = 4, rate = 100 Hz, weight = 0.1 mV }
        record E
        record E.v every 10
    }
}

neural_model! {
    /// A population driven by a pulse that depends on time and neuron.
    network Pulse {
        parameters {
            /// Current per neuron index during the pulse.
            amplitude = 50 pA,
            t_on = 1 ms,
            t_off = 2 ms,
        }
        timestep 0.1 ms
        population E = cajal::models::Lif[3]
        drive E.I = if t >= t_on && t < t_off { amplitude*(i + 1) } else { 0 pA }
    }
}

#[test]
fn a_drive_that_reads_time_is_computed_at_every_step() {
    let mut p = Pulse::new().unwrap();
    for n in 0..40u64 {
        p.step().unwrap();
        // The input used by step n (time n·dt), in the model's unit (nA).
        let input = p.population(p.E).unwrap().input(0).to_vec();
        let t = n as f64 * 0.1;
        for (i, x) in input.iter().enumerate() {
            let expected = if (1.0..2.0).contains(&t) {
                0.05 * (i + 1) as f64
            } else {
                0.0
            };
            assert!(
                (x - expected).abs() < 1e-15,
                "step {n}, neuron {i}: {x} vs {expected}"
            );
        }
    }
}

#[test]
fn initial_values_come_from_the_seed_streams_keyed_by_global_index() {
    let p = Probe::new().unwrap();
    let ve = p.population(p.E).unwrap().state(0).to_vec();
    let vi = p.population(p.I).unwrap().state(0).to_vec();
    assert_eq!((ve.len(), vi.len()), (6, 3));
    for (k, v) in ve.iter().enumerate() {
        assert_eq!(*v, -70.0 + 2.0 * splitmix_normal(99, k as u64));
    }
    for (k, v) in vi.iter().enumerate() {
        assert_eq!(*v, -60.0 + 2.0 * splitmix_normal(99, 6 + k as u64));
    }
    // Another seed gives other values.
    let other = Probe::with_params(&ProbeParams {
        seed: 100,
        ..ProbeParams::default()
    })
    .unwrap();
    assert_ne!(other.population(other.E).unwrap().state(0)[0], ve[0]);
}

#[test]
fn values_are_converted_to_the_models_units_and_drives_are_per_neuron() {
    let mut p = Probe::new().unwrap();
    assert_eq!(Probe::DT_MS, 0.1);
    let v0 = p.population(p.E).unwrap().state(0).to_vec();
    p.step().unwrap();
    let v1 = p.population(p.E).unwrap().state(0).to_vec();
    // Exact LIF step with τ = 0.02 s = 20 ms and I = 10 pA · i, R = 100 MΩ: R·I = i mV.
    for k in 0..6 {
        let v_inf = -70.0 + 100.0 * 10.0 * k as f64 * 1e-3;
        let expected = v_inf + (v0[k] - v_inf) * (-0.1f64 / 20.0).exp();
        assert!(
            (v1[k] - expected).abs() < 1e-12,
            "neuron {k}: {} vs {expected}",
            v1[k]
        );
    }
}

#[test]
fn rules_delays_inputs_and_monitors_are_built() {
    let mut p = Probe::new().unwrap();
    let ei = p.synapses("EI").unwrap();
    assert_eq!(ei.len(), 2 * 3, "fixed in-degree 2 onto 3 targets");
    for j in 0..3u32 {
        assert_eq!(ei.iter().filter(|s| s.1 == j).count(), 2);
    }
    let ii = p.synapses("II").unwrap();
    assert_eq!(ii.len(), 3 * 2, "all-to-all without self-connections");
    assert!(ii.iter().all(|(i, j, w)| i != j && *w == 0.5));
    p.run(10.0).unwrap();
    // E never spikes (threshold 100 mV) and is recorded every 10 steps from t = 0.
    assert!(p.spikes(p.E).unwrap().is_empty());
    let m = p.monitor(p.monitors[0]).unwrap();
    assert_eq!(m.neurons, (0..6).collect::<Vec<_>>());
    assert_eq!(m.t_ms.len(), 10);
    assert!((m.t_ms[1] - 1.0).abs() < 1e-12);
    // The Poisson input moves the I cells off their (unrecorded) start; with 4 trains at
    // 100 Hz each receives about 4 spikes in 10 ms.
    let vi = p.population(p.I).unwrap().state(0).to_vec();
    let start: Vec<f64> = (0..3)
        .map(|k| -60.0 + 2.0 * splitmix_normal(99, 6 + k))
        .collect();
    assert!(vi.iter().zip(&start).any(|(a, b)| a != b));
}

neural_model! {
    /// One driven cell onto three silent ones, with delays growing with the target index.
    network Delays {
        parameters { d0 = 1 ms, slope = 0.5 ms }
        population S = cajal::models::Lif[1] {
            tau = 10 ms, R = 100 Mohm, v_rest = -70 mV, v_th = -50 mV, v_reset = -70 mV, t_ref = 50 ms
        }
        population T = cajal::models::Lif[3] { v_th = 1 V }
        drive S.I = 500 pA
        projection ST: S -> T = cajal::models::VoltageJump with all_to_all(1 mV) delay d0 + slope*post
        record S
    }
}

#[test]
fn delays_may_depend_on_the_synapses_indices() {
    let mut net = Delays::new().unwrap();
    let (s, t) = (net.S, net.T);
    let rest = net.population(t).unwrap().state(0).to_vec();
    // v of the targets after each step; they move only when the jump arrives.
    let mut first_change = [None; 3];
    for step in 0..400u64 {
        net.step().unwrap();
        let v = net.population(t).unwrap().state(0).to_vec();
        for k in 0..3 {
            if first_change[k].is_none() && v[k] != rest[k] {
                first_change[k] = Some(step);
            }
        }
    }
    let spike = net.spikes(s).unwrap().steps[0];
    // Delays 1, 1.5 and 2 ms = 10, 15 and 20 steps after the source's spike step.
    assert_eq!(
        first_change,
        [Some(spike + 10), Some(spike + 15), Some(spike + 20)]
    );
}

neural_model! {
    /// Spike sources driving silent cells.
    network Sources {
        parameters { rate = 20 Hz }
        population T = cajal::models::Lif[2] { v_th = 1 V }
        source G = spike_times[2] { 0 at 1 ms, 1 at 2.5 ms }
        /// Background trains.
        source P = poisson[1000] { rate = rate }
        projection GT: G -> T = cajal::models::VoltageJump with edges { 0 -> 0 = 1 mV, 1 -> 1 = 2 mV }
        projection PT: P -> T = cajal::models::VoltageJump with all_to_all(0 mV)
    }
}

#[test]
fn spike_sources_start_projections() {
    let mut net = Sources::new().unwrap();
    assert_eq!(net.synapses("PT").unwrap().len(), 2000);
    let t = net.T;
    let rest = net.population(t).unwrap().state(0).to_vec();
    let mut jumps = [None; 2];
    for step in 0..100u64 {
        net.step().unwrap();
        let v = net.population(t).unwrap().state(0).to_vec();
        for k in 0..2 {
            if jumps[k].is_none() && v[k] != rest[k] {
                jumps[k] = Some((step, v[k] - rest[k]));
            }
        }
    }
    // Spikes at 1 ms and 2.5 ms (steps 10 and 25) of 1 mV and 2 mV (the zero-weight Poisson
    // synapses change nothing).
    let (s0, d0) = jumps[0].unwrap();
    let (s1, d1) = jumps[1].unwrap();
    assert_eq!((s0, s1), (10, 25));
    assert!(
        (d0 - 1.0).abs() < 1e-12 && (d1 - 2.0).abs() < 1e-12,
        "{d0} {d1}"
    );
}

neural_model! {
    /// AdEx cells whose threshold a population setting lowers: the cut-off, declared as
    /// V_cut = V_T + 5 Δ_T, follows it (−60 + 10 = −50 mV) unless a setting states it too.
    network Derived {
        timestep 0.1 ms
        population A = cajal::models::AdEx[1] { V_T = -60 mV }
        population B = cajal::models::AdEx[1] { V_T = -60 mV, V_cut = -30 mV }
        drive A.I = 800 pA
        drive B.I = 800 pA
    }
}

/// The highest potential each population reaches in 200 ms, and its spike count.
fn peak_and_spikes(net: &mut Derived, id: cajal::runtime::PopulationId) -> (f64, usize) {
    let mut peak = f64::MIN;
    for _ in 0..2000 {
        net.step().unwrap();
        peak = peak.max(net.population(id).unwrap().state(0)[0]);
    }
    (peak, net.spikes(id).map_or(0, |s| s.len()))
}

#[test]
fn defaults_derived_from_a_population_setting_follow_it() {
    let mut net = Derived::new().unwrap();
    let a = net.A;
    net.record_spikes(a).unwrap();
    let (peak, spikes) = peak_and_spikes(&mut net, a);
    // v is reset as soon as it passes −50 mV (within one step's rise), not at the default
    // cut-off V_T + 5 Δ_T = −40.4 mV.
    assert!(spikes > 3, "{spikes} spikes");
    assert!(peak < -49.0, "peak {peak} mV");
    let mut net = Derived::new().unwrap();
    let b = net.B;
    net.record_spikes(b).unwrap();
    let (peak, _) = peak_and_spikes(&mut net, b);
    assert!(peak > -40.0, "a stated cut-off stays: peak {peak} mV");
}
