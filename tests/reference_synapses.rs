//! Synapses: the four receptors driven by a fixed train into an RS cell
//! (`tests/reference/spike/synapses.json`, seed convention, exact spike steps), an
//! exponential synapse against its closed form, and the network's divergence guard.

use crate::common;

use cajal::prelude::*;
use common::{f, floats, reference, steps};

/// One conductance run: a spike generator → the listed receptors → one RS cell, in the seed
/// notebook's schedule or Brian2's (cell and synapses).
fn conductance_run(run: &serde_json::Value, cond: &serde_json::Value, brian2: bool) -> Vec<u64> {
    let dt = f(&cond["dt_ms"]);
    let mut net = Network::new(dt).unwrap();
    let mut rs = Izhikevich::new(1);
    let delivery = if brian2 {
        rs.set_schedule("brian2").unwrap();
        Delivery::Brian2
    } else {
        Delivery::Seed
    };
    let cell = net.add_population("RS", rs).unwrap();
    let bias = f(&run["I_bias_pA"]);
    net.drive(cell, "I", Stimulus::Constant(bias)).unwrap();
    let train: Vec<(f64, usize)> = floats(&cond["presynaptic_train_ms"])
        .into_iter()
        .map(|t| (t, 0))
        .collect();
    let pre = net.add_spike_generator("train", 1, &train).unwrap();
    let w = f(&cond["weight_nS"]);
    let one = || Connections::all_to_all(1, 1, w, true);
    for r in run["receptors"].as_array().unwrap() {
        let r = r.as_str().unwrap();
        match r {
            "ampa" => net.connect_with(r, pre, cell, ExpConductance::ampa(), one(), delivery),
            "nmda" => net.connect_with(r, pre, cell, Nmda::default(), one(), delivery),
            "gabaa" => net.connect_with(r, pre, cell, ExpConductance::gabaa(), one(), delivery),
            "gabab" => net.connect_with(r, pre, cell, ExpConductance::gabab(), one(), delivery),
            other => panic!("unknown receptor {other}"),
        }
        .unwrap();
    }
    net.record_spikes(cell).unwrap();
    net.run(f(&cond["duration_ms"])).unwrap();
    net.spikes(cell).unwrap().steps.clone()
}

#[test]
fn receptor_conductances_into_an_rs_cell_give_identical_spike_steps() {
    let file = reference("spike/synapses.json");
    let cond = &file["conductance"];
    let runs = cond["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 10);
    for run in runs {
        let got = conductance_run(run, cond, false);
        let expected = steps(&run["results"]["numpy_seed"]["spike_steps"]);
        assert_eq!(got, expected, "run {}", run["id"]);
    }
}

#[test]
fn receptor_conductances_in_the_brian2_schedule_give_brian2_spike_steps() {
    let file = reference("spike/synapses.json");
    let cond = &file["conductance"];
    for run in cond["runs"].as_array().unwrap() {
        let got = conductance_run(run, cond, true);
        let expected = steps(&run["results"]["brian2_default"]["spike_steps"]);
        assert_eq!(got, expected, "run {}", run["id"]);
    }
}

#[test]
fn receptor_parameters_match_the_reference() {
    let file = reference("spike/synapses.json");
    let r = &file["conductance"]["receptors"];
    let (ampa, nmda, gabaa, gabab) = (
        ExpConductance::ampa(),
        Nmda::default(),
        ExpConductance::gabaa(),
        ExpConductance::gabab(),
    );
    for (name, tau, e) in [
        ("ampa", ampa.tau, ampa.E),
        ("nmda", nmda.tau, nmda.E),
        ("gabaa", gabaa.tau, gabaa.E),
        ("gabab", gabab.tau, gabab.E),
    ] {
        assert_eq!(tau, f(&r[name]["tau_ms"]), "{name} tau");
        assert_eq!(e, f(&r[name]["E_mV"]), "{name} E");
    }
}

neural_model! {
    /// A passive cell whose input only records what synapses inject.
    neuron Probe {
        parameters { tau = 10 ms }
        inputs { I: pA }
        state { v = 0 mV }
        equations { dv/dt = -v/tau }
    }

    /// Exponential conductance integrated exactly, delivered in Brian2's schedule.
    synapse ExpExact {
        parameters { tau = 5 ms }
        weight w: nS
        post { v: mV }
        state { g = 0 nS }
        equations { dg/dt = -g/tau }
        on_pre { g += w }
        inject { I: pA = g*(1 mV) }
    }

    /// A model that blows up: dx/dt = x²/(1 ms·1 mV) from x = 1 mV.
    neuron Runaway {
        inputs { I: pA }
        state { x = 1 mV }
        equations { dx/dt = x*x/(1 ms * 1 mV) }
        method euler
    }
}

#[test]
fn exponential_synapse_matches_its_closed_form_between_events() {
    // Spikes at steps 10, 25, 26 and 200 (dt = 0.1 ms), two sources with weights 2 and 3 nS.
    let dt = 0.1;
    let mut net = Network::new(dt).unwrap();
    let probe = net.add_population("probe", Probe::new(1)).unwrap();
    let train = [(1.0, 0), (2.5, 1), (2.6, 0), (20.0, 1)];
    let pre = net.add_spike_generator("pre", 2, &train).unwrap();
    let mut c = Connections::new(2, 1);
    c.push(0, 0, 2.0);
    c.push(1, 0, 3.0);
    net.connect("exp", pre, probe, ExpExact::default(), c)
        .unwrap();
    let events = [(10u64, 2.0), (25, 3.0), (26, 2.0), (200, 3.0)];
    let tau = 5.0;
    for n in 0..400u64 {
        // A spike in step k is added after that step's decay: g(t) = Σ w·exp(−(t − (k+1)·dt)/τ).
        let t = n as f64 * dt;
        let closed: f64 = events
            .iter()
            .filter(|(k, _)| *k < n)
            .map(|(k, w)| w * (-(t - (*k + 1) as f64 * dt) / tau).exp())
            .sum();
        let g = net.synapse_state("exp", "g").unwrap()[0];
        assert!(
            (g - closed).abs() <= 1e-12 * closed.max(1.0),
            "step {n}: g = {g}, closed form {closed}"
        );
        net.step().unwrap();
    }
}

#[test]
fn injected_current_reaches_the_target_input() {
    let mut net = Network::new(0.1).unwrap();
    let probe = net.add_population("probe", Probe::new(3)).unwrap();
    net.drive(probe, "I", Stimulus::Constant(7.0)).unwrap();
    let pre = net.add_spike_generator("pre", 1, &[(0.0, 0)]).unwrap();
    let c = Connections::all_to_all(1, 3, 4.0, true);
    net.connect("exp", pre, probe, ExpExact::default(), c)
        .unwrap();
    net.step().unwrap();
    net.step().unwrap();
    // After step 0 delivers 4 nS, step 1 injects g·1 mV = 4 pA on top of the 7 pA drive.
    let input = net.population(probe).unwrap().input(0).to_vec();
    assert_eq!(input, vec![11.0; 3]);
}

#[test]
fn mismatched_synapse_and_target_are_clear_errors() {
    let mut net = Network::new(0.1).unwrap();
    let probe = net.add_population("probe", Runaway::new(2)).unwrap();
    let pre = net.add_spike_generator("pre", 1, &[]).unwrap();
    let err = net
        .connect(
            "a",
            pre,
            probe,
            ExpConductance::ampa(),
            Connections::all_to_all(1, 2, 1.0, true),
        )
        .unwrap_err()
        .to_string();
    assert!(err.contains("projection `a`"), "{err}");
    assert!(err.contains("state variable `v`"), "{err}");
    assert!(err.contains("has only x"), "{err}");
    let err = net
        .connect(
            "b",
            pre,
            probe,
            ExpConductance::ampa(),
            Connections::all_to_all(1, 3, 1.0, true),
        )
        .unwrap_err()
        .to_string();
    assert!(err.contains("1→3 neurons"), "{err}");
}

#[test]
fn a_diverging_population_stops_the_run_naming_variable_neuron_and_time() {
    let mut net = Network::new(0.1).unwrap();
    net.add_population("unstable", Runaway::new(2)).unwrap();
    let err = net.run(1000.0).unwrap_err();
    match &err {
        Error::Diverged {
            model,
            variable,
            instance,
            time_ms,
            ..
        } => {
            assert_eq!(model, "unstable (Runaway)");
            assert_eq!(variable, "x");
            assert_eq!(*instance, 0);
            assert!(*time_ms > 0.0 && *time_ms < 1000.0);
        }
        other => panic!("expected divergence, got {other}"),
    }
    assert!(
        err.to_string()
            .contains("`unstable (Runaway).x` of instance 0")
    );
}
