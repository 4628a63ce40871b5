//! The step loops generated for populations with shared parameters compute values that read
//! only parameters once per step (a division by one becomes a multiplication by its
//! reciprocal) and run events in a second loop over the flagged instances. Per-instance
//! parameters take the plain one-loop path, so the two must agree over 0.5 s of uncoupled
//! cells: same spike steps, states within 1e-9 relative. (Rounding differences do grow: over
//! seconds a spike may move by one step.) Covered: both event schedules, a refractory
//! period, exact and Euler integration.

use cajal::models::{Izhikevich, IzhikevichParams, Lif, LifParams};
use cajal::prelude::*;
use cajal::runtime::{Error, Targets, check_finite_after_step};

/// Spike steps and final states of `model` over `steps` steps of 0.1 ms, instance i driven
/// by `current(i)` (so instances spike at different steps).
fn run(
    model: &mut dyn Model,
    steps: u64,
    current: impl Fn(usize) -> f64,
) -> (Vec<(u64, u32)>, Vec<Vec<f64>>) {
    for (i, x) in model.input_mut(0).iter_mut().enumerate() {
        *x = current(i);
    }
    let mut spikes = Vec::new();
    let mut all = Vec::new();
    for s in 0..steps {
        spikes.clear();
        model.step(s as f64 * 0.1, 0.1, &mut spikes);
        all.extend(spikes.iter().map(|&i| (s, i)));
    }
    let states = (0..model.info().states.len())
        .map(|k| model.state(k).to_vec())
        .collect();
    (all, states)
}

/// Sets every parameter of `model` per instance, to the shared `values`.
fn make_per_instance(model: &mut dyn Model, values: &[f64]) {
    let n = model.len();
    for (k, &value) in values.iter().enumerate() {
        model.set_param_per_instance(k, vec![value; n]).unwrap();
    }
}

fn assert_agree(shared: &mut dyn Model, per: &mut dyn Model, current: impl Fn(usize) -> f64) {
    let (spikes_a, states_a) = run(shared, 5_000, &current);
    let (spikes_b, states_b) = run(per, 5_000, &current);
    assert!(
        spikes_a.len() > 50,
        "the test needs spikes: {}",
        spikes_a.len()
    );
    if let Some(k) =
        (0..spikes_a.len().max(spikes_b.len())).find(|&k| spikes_a.get(k) != spikes_b.get(k))
    {
        panic!(
            "spike {k} of {} differs: (step, neuron) {:?} with shared parameters, {:?} per instance",
            spikes_a.len(),
            spikes_a.get(k),
            spikes_b.get(k)
        );
    }
    for (a, b) in states_a.iter().flatten().zip(states_b.iter().flatten()) {
        assert!((a - b).abs() <= 1e-9 * a.abs().max(1.0), "{a} vs {b}");
    }
}

#[test]
fn lif_with_refractory_period_agrees_in_both_methods() {
    let params = LifParams::default();
    for method in ["exact", "euler"] {
        let mut shared = Lif::with_params(40, params.clone()).unwrap();
        let mut per = Lif::with_params(40, params.clone()).unwrap();
        make_per_instance(&mut per, &params.to_array());
        shared.set_method(method).unwrap();
        per.set_method(method).unwrap();
        assert_agree(&mut shared, &mut per, |i| 2.0 + 0.05 * i as f64);
    }
}

#[test]
fn izhikevich_agrees_in_both_schedules() {
    for (params, base) in [
        (IzhikevichParams::rs(), 60.0),
        (IzhikevichParams::fs(), 80.0),
    ] {
        for schedule in ["seed", "brian2"] {
            let mut shared = Izhikevich::with_params(40, params.clone()).unwrap();
            let mut per = Izhikevich::with_params(40, params.clone()).unwrap();
            make_per_instance(&mut per, &params.to_array());
            shared.set_schedule(schedule).unwrap();
            per.set_schedule(schedule).unwrap();
            assert_agree(&mut shared, &mut per, |i| base + 5.0 * i as f64);
        }
    }
}

/// Once one parameter is per instance the step reads every parameter per instance, so a
/// shared value set afterwards (or before) must reach every instance.
#[test]
fn shared_values_set_around_a_per_instance_parameter_reach_every_instance() {
    let params = IzhikevichParams::rs();
    let mut shared = Izhikevich::with_params(40, params.clone()).unwrap();
    let index = |name: &str| shared.info().param_index(name).unwrap();
    // b and d away from RS's values (5 nS, 400 pA); a made per instance in between.
    let changed = [(index("b"), 4.0), (index("d"), 300.0)];
    let mut per = Izhikevich::with_params(40, params.clone()).unwrap();
    per.set_param(changed[0].0, changed[0].1).unwrap();
    per.set_param_per_instance(index("a"), vec![params.a; 40])
        .unwrap();
    per.set_param(changed[1].0, changed[1].1).unwrap();
    for (k, value) in changed {
        shared.set_param(k, value).unwrap();
    }
    assert_agree(&mut shared, &mut per, |i| 60.0 + 5.0 * i as f64);
}

cajal::neural_model! {
    /// Grows without bound (an event that never fires puts it on the two-loop path).
    neuron Blowup {
        parameters { rate = 50 /ms }
        state { x = 1 }
        equations { dx/dt = rate*x*x }
        on x < -1 { emit spike }
        method euler
        schedule seed, brian2
    }
}

/// The two-loop step (integration, then events) still stops a diverging run with the
/// variable and instance named, in both schedules, including a value made non-finite
/// between steps.
#[test]
fn the_two_loop_step_stops_a_diverging_run() {
    for schedule in ["seed", "brian2"] {
        let mut model = Blowup::new(3);
        model.set_schedule(schedule).unwrap();
        let mut net = Network::new(0.1).unwrap();
        net.add_population("b", model).unwrap();
        let err = net.run(100.0).unwrap_err();
        match err {
            Error::Diverged {
                variable, instance, ..
            } => assert_eq!((variable.as_str(), instance), ("x", 0), "{schedule}"),
            other => panic!("{schedule}: expected divergence, got {other}"),
        }
        // A value made non-finite between steps is caught after the next step.
        let mut net = Network::new(0.1).unwrap();
        let p2 = net.add_population("lif", Lif::new(4)).unwrap();
        net.step().unwrap();
        net.population_mut(p2).unwrap().state_mut(0)[2] = f64::NAN;
        match net.step().unwrap_err() {
            Error::Diverged { instance, .. } => assert_eq!(instance, 2),
            other => panic!("expected divergence, got {other}"),
        }
    }
}

cajal::neural_model! {
    /// Climbs at `rate`; its event multiplies x by `big` (1e308: infinite once x > 1.8), so
    /// only the events' loop writes the non-finite value.
    neuron Overflow {
        parameters { rate = 1 /ms, big = 1e308 }
        state { x = 0 }
        equations { dx/dt = rate }
        on x > 2 { x = x*big }
        method euler
    }
}

/// A generated model tracks whether its state may hold a NaN or infinity, so that the check
/// after a step need not read the state again: a clean check clears it, finite steps leave it
/// clear, and a non-finite value written by the integration loop (sequential or in chunks),
/// by the events' loop, or any write through the model's interface sets it.
#[test]
fn generated_models_know_when_their_state_may_be_non_finite() {
    let mut spikes = Vec::new();
    for parallel in [false, true] {
        let mut lif = Lif::new(3000);
        if parallel {
            lif.set_parallel_threshold(1);
        }
        assert!(
            lif.may_have_non_finite(),
            "a new model has not been checked"
        );
        check_finite_after_step(&mut lif, 0.0).unwrap();
        assert!(!lif.may_have_non_finite());
        lif.input_mut(0).fill(1.0);
        for s in 0..100 {
            lif.step(s as f64 * 0.1, 0.1, &mut spikes);
            check_finite_after_step(&mut lif, (s + 1) as f64 * 0.1).unwrap();
            assert!(!lif.may_have_non_finite(), "finite steps need no scan");
        }
        // A NaN input makes v NaN in the integration loop, in the last chunk.
        lif.input_mut(0)[2500] = f64::NAN;
        lif.step(10.0, 0.1, &mut spikes);
        assert!(lif.may_have_non_finite(), "parallel: {parallel}");
        match check_finite_after_step(&mut lif, 10.1).unwrap_err() {
            Error::Diverged {
                variable, instance, ..
            } => assert_eq!((variable.as_str(), instance), ("v", 2500)),
            other => panic!("expected divergence, got {other}"),
        }
    }
    let mut overflow = Overflow::new(2);
    check_finite_after_step(&mut overflow, 0.0).unwrap();
    let mut t = 0.0;
    let err = loop {
        overflow.step(t, 0.1, &mut spikes);
        t += 0.1;
        if let Err(e) = check_finite_after_step(&mut overflow, t) {
            break e;
        }
        assert!(t < 10.0, "the event must overflow x");
    };
    assert!(matches!(err, Error::Diverged { instance: 0, .. }), "{err}");
    // Writes through the interface set the mark.
    let writes: [fn(&mut Lif); 5] = [
        |m| {
            let _ = m.state_mut(0);
        },
        |m| m.add_to_state(0, Targets::Wide(&[1]), &[1.0], 1.0),
        |m| m.add_values_to_state(0, &[0.0; 4]),
        |m| m.reset_state(),
        |m| {
            let saved = m.save_dynamic();
            m.load_dynamic(&saved).unwrap()
        },
    ];
    for write in writes {
        let mut lif = Lif::new(4);
        check_finite_after_step(&mut lif, 0.0).unwrap();
        write(&mut lif);
        assert!(lif.may_have_non_finite());
    }
}

/// A mass network answers for its nodes: finite steps need no scan, a write through its
/// interface needs one.
#[test]
fn a_mass_network_forwards_its_nodes_finite_mark() {
    use cajal::models::{Diffusive, Hopf};
    let rows = vec![vec![0.0, 1.0], vec![1.0, 0.0]];
    let weights = cajal::runtime::Connectivity::from_rows(&rows).unwrap();
    let mut net = cajal::runtime::mass_network::MassNetwork::new(
        Hopf::new(2),
        Diffusive { k: 0.2 },
        weights,
        "x",
        "x_inp",
    )
    .unwrap();
    let mut spikes = Vec::new();
    check_finite_after_step(&mut net, 0.0).unwrap();
    net.step(0.0, 0.1, &mut spikes);
    assert!(!net.may_have_non_finite());
    net.state_mut(0)[1] = f64::NAN;
    assert!(net.may_have_non_finite());
    assert!(check_finite_after_step(&mut net, 0.1).is_err());
}
