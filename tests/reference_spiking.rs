//! Spiking neurons against `tests/reference/spike/` (Brian2, numpy, scipy).

use crate::common;

use cajal::prelude::*;
use common::{f, floats, reference, steps};

fn izh_params(p: &serde_json::Value) -> IzhikevichParams {
    IzhikevichParams {
        C: f(&p["C"]),
        k: f(&p["k"]),
        v_r: f(&p["vr"]),
        v_t: f(&p["vt"]),
        v_peak: f(&p["vpeak"]),
        a: f(&p["a"]),
        b: f(&p["b"]),
        c: f(&p["c"]),
        d: f(&p["d"]),
    }
}

#[test]
fn izhikevich_matches_the_seed_notebook_spike_steps_exactly() {
    let r = reference("spike/izh2007.json");
    let dt = f(&r["dt_ms"]);
    let t_on = f(&r["stimulus"]["t_on_ms"]);
    let runs = r["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 7);
    for run in runs {
        let params = izh_params(&run["parameters"]);
        let preset = match run["neuron"].as_str().unwrap() {
            "RS" => IzhikevichParams::rs(),
            _ => IzhikevichParams::fs(),
        };
        assert_eq!(
            params, preset,
            "preset differs from the reference parameters"
        );
        let mut sim = Simulation::new(Izhikevich::with_params(1, params).unwrap(), dt).unwrap();
        sim.drive("I", Stimulus::step(0.0, f(&run["I_pA"]), t_on))
            .unwrap();
        let rec = sim.run(f(&r["duration_ms"])).unwrap();
        let expected = steps(&run["results"]["numpy_seed"]["spike_steps"]);
        assert_eq!(rec.spike_steps(0), expected, "{}", run["id"]);
    }
}

#[test]
fn izhikevich_in_the_brian2_schedule_matches_brian2_spike_steps_exactly() {
    let r = reference("spike/izh2007.json");
    let dt = f(&r["dt_ms"]);
    let t_on = f(&r["stimulus"]["t_on_ms"]);
    for run in r["runs"].as_array().unwrap() {
        let mut cell = Izhikevich::with_params(1, izh_params(&run["parameters"])).unwrap();
        cell.set_schedule("brian2").unwrap();
        assert_eq!(cell.schedule(), "brian2");
        let mut sim = Simulation::new(cell, dt).unwrap();
        sim.drive("I", Stimulus::step(0.0, f(&run["I_pA"]), t_on))
            .unwrap();
        let rec = sim.run(f(&r["duration_ms"])).unwrap();
        let expected = steps(&run["results"]["brian2_default"]["spike_steps"]);
        assert_eq!(rec.spike_steps(0), expected, "{}", run["id"]);
    }
    let err = Izhikevich::new(1)
        .set_schedule("nest")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("unknown schedule of this model `nest`"),
        "{err}"
    );
    assert!(err.contains("seed, brian2"), "{err}");
}

#[test]
fn izhikevich_seed_trace_matches_sample_by_sample() {
    let r = reference("spike/izh2007.json");
    let run = &r["runs"][0];
    let trace = &run["results"]["numpy_seed"]["trace"];
    let mut sim = Simulation::new(Izhikevich::new(1), 0.1).unwrap();
    sim.drive("I", Stimulus::step(0.0, 125.0, 100.0)).unwrap();
    sim.record(&["v", "u"]).unwrap();
    let rec = sim.run(1000.0).unwrap();
    let t = floats(&trace["t_ms"]);
    let v = floats(&trace["v_mV"]);
    let decimals = trace["decimals"].as_i64().unwrap_or(6) as i32;
    for (ts, vs) in t.iter().zip(&v) {
        let n = (ts / 0.1).round() as usize;
        let ours = rec.trace("v", 0).unwrap()[n];
        assert!(
            (ours - vs).abs() <= 0.6 * 10f64.powi(-decimals) + 1e-9 * vs.abs(),
            "t = {ts}: {ours} vs {vs}"
        );
    }
}

#[test]
fn lif_first_spike_and_isi_follow_the_floor_rule() {
    let r = reference("spike/lif.json");
    let mut checked = 0;
    for run in r["runs"].as_array().unwrap() {
        for key in ["exact_dt0.1", "exact_dt0.01"] {
            let b = &run["brian2"][key];
            let dt = f(&b["dt_ms"]);
            let mut sim = Simulation::new(Lif::new(1), dt).unwrap();
            sim.drive("I", Stimulus::Constant(f(&run["I_nA"]))).unwrap();
            let rec = sim.run(f(&r["duration_ms"])).unwrap();
            let ours = rec.spike_steps(0);
            // The floor-rule prediction from the closed-form solution in the file.
            let analytic = &run["analytic"];
            let mut predicted = Vec::new();
            if let (Some(t1), Some(tf)) = (
                analytic["first_spike_ms"].as_f64(),
                analytic["T_free_ms"].as_f64(),
            ) {
                let first = (t1 / dt).floor() as u64;
                let isi = (2.0 / dt).round() as u64 + (tf / dt).floor() as u64;
                let n_steps = (f(&r["duration_ms"]) / dt).round() as u64;
                let mut s = first;
                while s < n_steps {
                    predicted.push(s);
                    s += isi;
                }
            }
            assert_eq!(ours, predicted, "{} {key}: floor rule", run["id"]);
            assert_eq!(
                ours,
                steps(&b["spike_steps"]),
                "{} {key}: Brian2 exact",
                run["id"]
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 16);
}

#[test]
fn hodgkin_huxley_spike_counts_and_rk4_times() {
    let r = reference("spike/hh.json");
    let dt = f(&r["dt_ms"]);
    for run in r["runs"].as_array().unwrap() {
        let scipy_times = floats(&run["scipy_reference"]["spike_times_ms"]);
        for method in ["exponential_euler", "rk4"] {
            let mut model = HodgkinHuxley::new(1);
            model.set_method(method).unwrap();
            let mut sim = Simulation::new(model, dt).unwrap();
            sim.drive("I", Stimulus::Constant(f(&run["I_uA_cm2"])))
                .unwrap();
            let rec = sim.run(f(&r["duration_ms"])).unwrap();
            let times = rec.spike_times_ms(0);
            let brian = &run["brian2"][method];
            assert_eq!(
                times.len() as u64,
                brian["spike_count"].as_u64().unwrap(),
                "{} {method}",
                run["id"]
            );
            assert_eq!(
                times.len(),
                scipy_times.len(),
                "{} {method} vs scipy",
                run["id"]
            );
            if method == "rk4" {
                for (ours, theirs) in times.iter().zip(&scipy_times) {
                    assert!(
                        (ours - theirs).abs() <= 0.05,
                        "{}: spike at {ours} ms vs scipy {theirs} ms",
                        run["id"]
                    );
                }
            }
        }
    }
}

cajal::neural_model! {
    /// The reference LIF written in volts and seconds instead of mV and ms.
    neuron LifSi {
        parameters { tau = 0.01 s, R = 10000000 ohm, v_rest = -0.07 V, v_th = -0.05 V, v_reset = -0.075 V, t_ref = 0.002 s }
        inputs { I: A }
        state { v = v_rest }
        equations { dv/dt = (-(v - v_rest) + R*I) / tau unless refractory }
        on v > v_th { emit spike; v = v_reset }
        refractory t_ref
        method exact
    }
}

#[test]
fn the_same_lif_in_volts_and_seconds_gives_identical_spikes() {
    for i_na in [2.05, 2.5, 4.0, 10.0] {
        let mut a = Simulation::new(Lif::new(1), 0.1).unwrap();
        a.drive("I", Stimulus::Constant(i_na)).unwrap();
        let mut b = Simulation::new(LifSi::new(1), 0.1).unwrap();
        b.drive("I", Stimulus::Constant(i_na * 1e-9)).unwrap();
        let (ra, rb) = (a.run(500.0).unwrap(), b.run(500.0).unwrap());
        assert!(!ra.spikes.is_empty());
        assert_eq!(ra.spikes, rb.spikes, "I = {i_na} nA");
    }
}

#[test]
fn a_heterogeneous_population_reproduces_every_reference_cell_at_once() {
    let r = reference("spike/izh2007.json");
    let runs = r["runs"].as_array().unwrap();
    let sets: Vec<IzhikevichParams> = runs
        .iter()
        .map(|run| izh_params(&run["parameters"]))
        .collect();
    let currents: Vec<f64> = runs.iter().map(|run| f(&run["I_pA"])).collect();
    let mut sim = Simulation::new(Izhikevich::with_instance_params(&sets).unwrap(), 0.1).unwrap();
    // Before 100 ms no current; afterwards each instance gets its own.
    sim.drive("I", Stimulus::Constant(0.0)).unwrap();
    let mut rec = sim.run(100.0).unwrap();
    sim.drive("I", Stimulus::PerInstance(currents)).unwrap();
    let rest = sim.run(900.0).unwrap();
    rec.spikes.extend(rest.spikes);
    for (i, run) in runs.iter().enumerate() {
        let expected = steps(&run["results"]["numpy_seed"]["spike_steps"]);
        assert_eq!(rec.spike_steps(i as u32), expected, "{}", run["id"]);
    }
}

#[test]
fn runtime_rejects_bad_input_with_messages() {
    let err = |r: Result<(), cajal::runtime::Error>| r.expect_err("expected an error").to_string();
    assert!(err(Simulation::new(Lif::new(1), 0.0).map(|_| ())).contains("dt must be a positive"));
    assert!(err(Simulation::new(Lif::new(1), f64::NAN).map(|_| ())).contains("dt"));
    let bad = LifParams {
        tau: f64::NAN,
        ..LifParams::default()
    };
    assert!(err(Lif::with_params(2, bad).map(|_| ())).contains("parameter `tau`"));
    let mut m = Lif::new(3);
    assert!(err(m.set_param_per_instance(0, vec![1.0, 2.0])).contains("needs 3 values"));
    assert!(err(m.set_param(0, f64::INFINITY)).contains("finite"));
    assert!(err(m.set_method("rk9")).contains("available: exact, euler"));
    let mut sim = Simulation::new(m, 0.1).unwrap();
    assert!(err(sim.drive("J", Stimulus::Constant(1.0)).map(|_| ())).contains("unknown input `J`"));
    assert!(err(sim.record(&["w"]).map(|_| ())).contains("unknown state variable or output `w`"));
    assert!(
        err(sim.drive("I", Stimulus::PerInstance(vec![1.0])).map(|_| ()))
            .contains("needs 3 values")
    );
}

cajal::neural_model! {
    /// Exponential growth with a rate large enough to overflow: the divergence guard's test.
    mass Runaway {
        parameters { rate = 50 /ms }
        state { x = 1 }
        equations { dx/dt = rate*x*x }
        method euler
    }
}

#[test]
fn a_diverging_simulation_names_variable_instance_and_time() {
    let mut sim = Simulation::new(Runaway::new(2), 0.1).unwrap();
    let e = sim.run(100.0).expect_err("the run must diverge");
    let msg = e.to_string();
    assert!(
        msg.contains("`Runaway.x`") && msg.contains("instance 0") && msg.contains("t = "),
        "{msg}"
    );
    match e {
        cajal::runtime::Error::Diverged { time_ms, .. } => {
            assert!(time_ms > 0.0 && time_ms < 100.0)
        }
        other => panic!("unexpected error {other}"),
    }
}

#[test]
fn a_diverged_run_keeps_what_it_recorded_until_then() {
    let mut sim = Simulation::new(Runaway::new(2), 0.1).unwrap();
    sim.record(&["x"]).unwrap();
    let run = sim.run_partial(100.0).unwrap();
    let Some(cajal::runtime::Error::Diverged { time_ms, .. }) = run.stopped else {
        panic!("the run must diverge: {:?}", run.stopped);
    };
    let rec = run.recording;
    // One sample per step from t = 0 up to the start of the step that diverged.
    assert_eq!(rec.t_ms.len(), (time_ms / 0.1).round() as usize);
    assert!(rec.values[0][0].iter().all(|x| x.is_finite()));
    assert!(
        rec.values[0][0].windows(2).all(|w| w[1] >= w[0]),
        "x runs away"
    );
}

#[test]
fn a_run_told_to_stop_ends_there_and_keeps_its_samples_in_one_block() {
    let mut cells = Izhikevich::new(3);
    cells.state.v.copy_from_slice(&[-70.0, -65.0, -60.0]);
    let mut sim = Simulation::new(cells, 0.1).unwrap();
    sim.record(&["v", "u"]).unwrap();
    sim.every(2).unwrap();
    let mut asked = 0;
    let run = sim
        .run_watched(1000.0, &mut |done, total| {
            assert_eq!(total, 10_000);
            asked += 1;
            done >= 1000
        })
        .unwrap();
    // Asked at steps 0, 256, 512, 768 and 1024; stopped at 1024 = 102.4 ms.
    assert_eq!(asked, 5);
    let Some(cajal::runtime::Error::Interrupted { time_ms }) = run.stopped else {
        panic!("the run must stop: {:?}", run.stopped);
    };
    assert!((time_ms - 102.4).abs() < 1e-9, "{time_ms}");
    let rec = run.recording;
    assert_eq!(rec.t_ms.len(), 513, "samples at steps 0, 2, …, 1024");
    // Each variable is one row-major block (instances × samples) whose rows are the traces.
    let v = &rec.values[0];
    assert_eq!((v.len(), v.samples()), (3, 513));
    assert_eq!(v.as_slice().len(), 3 * 513);
    for i in 0..3 {
        assert_eq!(&v.as_slice()[i * 513..(i + 1) * 513], &v[i]);
        assert_eq!(rec.trace("v", i).unwrap(), &v[i]);
    }
    assert_eq!(v[2][0], -60.0);
    // The run goes on from where it stopped.
    let rest = sim.run(10.0).unwrap();
    assert_eq!(rest.t_ms[0], rec.t_ms[512]);
    assert_eq!(rest.values[0][1][0], rec.values[0][1][512]);
}

#[test]
fn advancing_without_recording_takes_the_same_steps_as_a_run() {
    let build = || {
        let mut sim = Simulation::new(Izhikevich::new(2), 0.1).unwrap();
        sim.drive("I", Stimulus::PerInstance(vec![300.0, 700.0]))
            .unwrap();
        sim
    };
    let mut recorded = build();
    recorded.record(&["v"]).unwrap();
    let rec = recorded.run(200.0).unwrap();
    let mut stepped = build();
    let mut spikes = Vec::new();
    for _ in 0..4 {
        stepped.advance(500, &mut spikes).unwrap();
    }
    assert_eq!(stepped.steps_taken(), 2000);
    assert_eq!(spikes, rec.spikes);
    assert!(spikes.len() > 4);
    assert_eq!(stepped.model().state(0), recorded.model().state(0));
}

#[test]
fn a_network_told_to_stop_ends_at_a_step_boundary() {
    let entry = cajal::models::catalog::find_network("CanoColinoRing").unwrap();
    let mut net = (entry.build)(None, &[], None, Default::default()).unwrap();
    let mut asked = Vec::new();
    let err = net
        .run_watched(1000, &mut |done, total| {
            asked.push((done, total));
            done >= 512
        })
        .unwrap_err();
    assert!(
        matches!(err, cajal::runtime::Error::Interrupted { time_ms } if (time_ms - 51.2).abs() < 1e-9),
        "{err}"
    );
    assert_eq!(net.steps(), 512);
    assert_eq!(asked, [(0, 1000), (256, 1000), (512, 1000)]);
    // A run that is not stopped is told its start, every 256 steps and its end.
    let mut told = Vec::new();
    net.run_watched(300, &mut |done, _| {
        told.push(done);
        false
    })
    .unwrap();
    assert_eq!(told, [0, 256, 300]);
    assert_eq!(net.steps(), 812);
}
