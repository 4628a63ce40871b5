//! End-to-end tests of the `cajal` binary: listing, showing, checking, generating and
//! simulating (library models compiled, model files interpreted), outputs and plots, and
//! the errors users see.

mod common;

use std::path::Path;

use common::{cajal, path, scratch, stderr, stdout};
use serde_json::Value;

fn reference(name: &str) -> Value {
    let file = format!(
        "{}/../tests/reference/spike/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap()
}

/// Spike steps of neuron `k` from a JSON output.
fn spike_steps(json: &Value, k: u64) -> Vec<u64> {
    let dt = json["dt_ms"].as_f64().unwrap();
    let index = json["spikes"]["index"].as_array().unwrap();
    let times = json["spikes"]["time_ms"].as_array().unwrap();
    index
        .iter()
        .zip(times)
        .filter(|(i, _)| i.as_u64() == Some(k))
        .map(|(_, t)| (t.as_f64().unwrap() / dt).round() as u64)
        .collect()
}

/// A JSON array of whole numbers.
fn whole_numbers(v: &Value) -> Vec<u64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_u64().unwrap())
        .collect()
}

#[test]
fn list_names_every_kind_of_item() {
    let o = cajal(&["list"]);
    assert!(o.status.success());
    let text = stdout(&o);
    for needle in [
        "Izhikevich",
        "neuron",
        "WilsonCowan",
        "mass",
        "Diffusive",
        "coupling",
    ] {
        assert!(text.contains(needle), "`{needle}` missing from:\n{text}");
    }
    for needle in ["Nmda", "synapse", "Coba", "network", "Izhikevich (2007)"] {
        assert!(text.contains(needle), "`{needle}` missing from:\n{text}");
    }
    assert!(text.lines().count() >= 45);
}

#[test]
fn show_gives_units_defaults_equations_and_the_method() {
    let o = cajal(&["show", "izhikevich"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    for needle in [
        "a       0.01 1/ms",
        "v [mV]  = v_r",
        "dv/dt = (k * (v - v_r) * (v - v_t) - u + I) / C  [mV/ms]",
        "on v >= v_peak { emit spike; v = c; u = u + d }",
        "method: euler",
        "schedule: seed (selectable: seed, brian2)",
        "fs: C = 20 pF",
    ] {
        assert!(text.contains(needle), "`{needle}` missing from:\n{text}");
    }
    let o = cajal(&["show", "no_such_model"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("models: Izhikevich"), "{}", stderr(&o));
    // A discrete-time model shows its update and its orders.
    let text = stdout(&cajal(&["show", "hopfield"]));
    for needle in [
        "update (each state's value at the next step",
        "S ← if h == theta { S } else { sign(h - theta) }  [1]",
        "method: synchronous (selectable: synchronous, asynchronous)",
    ] {
        assert!(text.contains(needle), "`{needle}` missing from:\n{text}");
    }
}

#[test]
fn show_names_the_peer_method_and_prints_combining_characters() {
    let text = stdout(&cajal(&["show", "lorenz"]));
    assert!(
        text.contains("brainmass `LorenzStep` integrates this model with `exp_euler`"),
        "{text}"
    );
    assert!(text.contains("method: rk4"), "{text}");
    let o = cajal(&[
        "simulate",
        "lorenz",
        "--method",
        "exp_euler",
        "--duration",
        "1ms",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&cajal(&["show", "jansen_rit"]));
    assert!(text.contains("M\u{308} = A_e"), "{text}");
    assert!(!text.contains("u{308}"), "{text}");
}

/// Runs every case of `izh2007.json` through `cajal simulate MODEL` and compares the spike
/// steps with the reference's, in both schedules.
fn simulate_matches_izh2007(model: &str, dir: &Path) {
    let r = reference("izh2007.json");
    for run in r["runs"].as_array().unwrap() {
        let preset = if run["neuron"] == "FS" { "fs" } else { "rs" };
        let current = format!("I={}pA@100ms..", run["I_pA"].as_f64().unwrap());
        for (schedule, key) in [("seed", "numpy_seed"), ("brian2", "brian2_default")] {
            let out = dir.join(format!("{}-{schedule}.json", run["id"].as_str().unwrap()));
            let o = cajal(&[
                "simulate",
                model,
                "--preset",
                preset,
                "--input",
                &current,
                "--duration",
                "1s",
                "--dt",
                "0.1ms",
                "--schedule",
                schedule,
                "--out",
                path(&out),
            ]);
            assert!(o.status.success(), "{}", stderr(&o));
            let json: Value =
                serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
            let expected = whole_numbers(&run["results"][key]["spike_steps"]);
            assert_eq!(
                spike_steps(&json, 0),
                expected,
                "{} ({schedule})",
                run["id"]
            );
            // The documented layout: samples from t = 0 with the initial state.
            assert_eq!(json["t_ms"][0], 0.0);
            assert_eq!(json["vars"]["v"][0].as_array().unwrap().len(), 10001);
            assert_eq!(json["units"]["u"], "pA");
            assert_eq!(json["every"], 1);
        }
    }
}

#[test]
fn simulating_the_library_izhikevich_cell_reproduces_the_reference_spikes() {
    simulate_matches_izh2007("izhikevich", &scratch("izh-library"));
}

#[test]
fn simulating_a_model_file_interprets_it_with_the_same_spikes() {
    let dir = scratch("izh-file");
    let file = dir.join("izh.cajal");
    std::fs::write(&file, cajal_models::Izhikevich::INFO.source).unwrap();
    let o = cajal(&["check", path(&file)]);
    assert!(o.status.success(), "{}", stderr(&o));
    simulate_matches_izh2007(path(&file), &dir);
}

#[test]
fn a_unit_error_in_a_file_exits_1_with_the_caret_under_the_offending_range() {
    let dir = scratch("unit-error");
    let file = dir.join("bad.cajal");
    let text = "/// A cell with a unit slip.\n\
                neuron Bad {\n\
                \x20   parameters { C = 100 pF, k = 3 nS, v_r = -60 mV, v_t = -50 mV }\n\
                \x20   inputs { I: pA }\n\
                \x20   state { v = v_r }\n\
                \x20   equations {\n\
                \x20       dv/dt = (k*(v - v_r)*(v - v_t) + I) / C\n\
                \x20   }\n\
                }\n";
    std::fs::write(&file, text).unwrap();
    for command in ["check", "show", "generate"] {
        let o = cajal(&[command, path(&file)]);
        assert_eq!(o.status.code(), Some(1), "{command}");
        let err = stderr(&o);
        assert!(err.contains("mismatched units"), "{err}");
        assert!(err.contains("bad.cajal:7:18"), "{err}");
        let lines: Vec<&str> = err.lines().collect();
        let source_line = lines
            .iter()
            .position(|l| l.contains("dv/dt = (k*(v - v_r)*(v - v_t) + I) / C"))
            .expect("the offending line is quoted");
        let caret = lines[source_line + 1];
        let column = caret.find('^').expect("a caret under the line");
        assert_eq!(&lines[source_line][column..column + 5], "k*(v ", "{err}");
    }
    let o = cajal(&["simulate", path(&file), "--duration", "1ms"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn values_with_the_wrong_dimension_are_rejected_naming_the_expected_one() {
    let o = cajal(&[
        "simulate",
        "izhikevich",
        "--set",
        "a=3mV",
        "--duration",
        "1ms",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("parameter `a`") && err.contains("frequency"),
        "{err}"
    );
    assert!(err.contains("1/ms") && err.contains("voltage"), "{err}");
    let o = cajal(&["simulate", "izhikevich", "--duration", "100"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("time"), "{}", stderr(&o));
    let o = cajal(&[
        "simulate",
        "izhikevich",
        "--input",
        "I=1mV",
        "--duration",
        "1ms",
    ]);
    assert!(stderr(&o).contains("current"), "{}", stderr(&o));
    let o = cajal(&[
        "simulate",
        "izhikevich",
        "--set",
        "nope=1",
        "--duration",
        "1ms",
    ]);
    assert!(
        stderr(&o).contains("unknown parameter `nope`"),
        "{}",
        stderr(&o)
    );
    // Usage errors exit with 2.
    let o = cajal(&["simulate", "izhikevich"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn outputs_in_every_format_and_a_generated_model() {
    let dir = scratch("outputs");
    for name in ["run.csv", "run.npz", "run.npy"] {
        let out = dir.join(name);
        let o = cajal(&[
            "simulate",
            "hopf",
            "--n",
            "2",
            "--duration",
            "10ms",
            "--every",
            "10",
            "--out",
            path(&out),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let csv = std::fs::read_to_string(dir.join("run.csv")).unwrap();
    assert!(csv.starts_with("variable,unit,instance,step,t_ms,value\n"));
    assert!(csv.contains("\nx,1,1,20,2,"), "step 20 at t = 2 ms: {csv}");
    // Two variables × two instances × 11 samples (0, 1, …, 10 ms).
    assert_eq!(csv.lines().count(), 1 + 2 * 2 * 11);
    assert!(
        std::fs::read(dir.join("run.npz"))
            .unwrap()
            .starts_with(b"PK")
    );
    assert!(dir.join("run/x.npy").exists() && dir.join("run/t_ms.npy").exists());
    let o = cajal(&[
        "simulate",
        "hopf",
        "--duration",
        "1ms",
        "--out",
        path(&dir.join("run.txt")),
    ]);
    assert_eq!(o.status.code(), Some(1));

    let file = dir.join("decay.cajal");
    std::fs::write(
        &file,
        "mass Decay { parameters { tau = 10 ms } state { x = 1 } equations { dx/dt = -x/tau } }",
    )
    .unwrap();
    let o = cajal(&["generate", path(&file)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let code = stdout(&o);
    assert!(
        code.contains("pub struct Decay") || code.contains("struct Decay"),
        "{code}"
    );
    assert!(
        code.contains("impl ::cajal::runtime::__private::Model for Decay"),
        "{code}"
    );
}

/// Runs a case of `seed_network.json` through `cajal simulate NETWORK` (with `--set` of each
/// of `sets`, then the `options`) and compares every neuron's spike steps (neurons numbered
/// E first, as in the file).
fn ring_case(network: &str, case: &str, (sets, options): (&[&str], &[&str]), dir: &Path) {
    let r = reference("seed_network.json");
    let c = &r["cases"][case];
    let ms = r["duration_ms"].as_f64().unwrap();
    let out = dir.join(format!("{case}.json"));
    let duration = format!("{ms}ms");
    let mut args = vec!["simulate", network, "--duration", &duration];
    for s in sets {
        args.extend(["--set", s]);
    }
    args.extend(options);
    args.extend(["--out", path(&out)]);
    let o = cajal(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let pops = json["populations"].as_array().unwrap();
    assert_eq!(pops[0]["name"], "E");
    assert_eq!(pops[0]["size"], c["Ne"]);
    assert_eq!(pops[1]["first"], c["Ne"]);
    for (k, expected) in c["spike_steps"].as_array().unwrap().iter().enumerate() {
        assert_eq!(
            spike_steps(&json, k as u64),
            whole_numbers(expected),
            "{case}: neuron {k}"
        );
    }
    let index = json["spikes"]["index"].as_array().unwrap();
    assert_eq!(index.len() as u64, c["total_spikes"].as_u64().unwrap());
}

#[test]
fn simulating_a_library_network_reproduces_the_seed_notebook_ring() {
    let dir = scratch("ring");
    ring_case("cano-colino-ring", "ring_Ne100_Ni20", (&[], &[]), &dir);
    ring_case(
        "cano-colino-ring",
        "ring_Ne2_Ni2",
        (&["Ne=2", "Ni=2"], &[]),
        &dir,
    );
    // Raster and rate plots of a network, one colour per population.
    for kind in ["raster", "rate"] {
        let plot = dir.join(format!("{kind}.svg"));
        let o = cajal(&[
            "simulate",
            "cano-colino-ring",
            "--duration",
            "300ms",
            "--plot",
            path(&plot),
            "--plot-kind",
            kind,
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stdout(&o).contains("E: 100 neurons"), "{}", stdout(&o));
        assert!(std::fs::read(&plot).unwrap().len() > 5000);
    }
}

/// `--threads N` splits a network over N threads (ranks that live for the run): the seed
/// ring still reproduces the notebook, a network's output file is the same byte for byte
/// as one thread's, and what cannot be split says so.
#[test]
fn a_network_split_over_threads_gives_the_spikes_of_one_thread() {
    let dir = scratch("threads");
    for threads in ["2", "3"] {
        let options = ["--threads", threads];
        ring_case("cano-colino-ring", "ring_Ne100_Ni20", (&[], &options), &dir);
        ring_case(
            "cano-colino-ring",
            "ring_Ne2_Ni2",
            (&["Ne=2", "Ni=2"], &options),
            &dir,
        );
    }
    let coba = |threads: &str| {
        let out = dir.join(format!("coba{threads}.npz"));
        let o = cajal(&[
            "simulate",
            "coba",
            "--set",
            "N=2000",
            "--duration",
            "200ms",
            "--record",
            "E.v",
            "--every",
            "10",
            "--threads",
            threads,
            "--out",
            path(&out),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        (std::fs::read(&out).unwrap(), stdout(&o))
    };
    let (one, _) = coba("1");
    let (two, report) = coba("2");
    assert!(one.len() > 100_000, "spikes and voltages were written");
    assert!(one == two, "2 threads wrote a different file");
    assert!(
        report.contains("2 rank(s)") && report.contains("rank 1: update"),
        "{report}"
    );
    let o = cajal(&[
        "simulate",
        "izhikevich",
        "--threads",
        "2",
        "--duration",
        "1ms",
    ]);
    assert!(
        stderr(&o).contains("--threads applies to a network"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn network_parameters_and_options_are_checked() {
    let o = cajal(&["show", "coba"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("w_e") && stdout(&o).contains("6 nS"),
        "{}",
        stdout(&o)
    );
    let o = cajal(&["simulate", "coba", "--set", "w_e=6mV", "--duration", "1ms"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("conductance"), "{}", stderr(&o));
    let o = cajal(&["simulate", "coba", "--set", "Nope=1", "--duration", "1ms"]);
    assert!(stderr(&o).contains("no parameter `Nope`"), "{}", stderr(&o));
    let o = cajal(&["simulate", "coba", "--n", "3", "--duration", "1ms"]);
    assert!(
        stderr(&o).contains("--n cannot be used with a network"),
        "{}",
        stderr(&o)
    );
    let o = cajal(&["simulate", "coba", "--dt", "0.05ms", "--duration", "1ms"]);
    assert!(stderr(&o).contains("dt = 0.1 ms"), "{}", stderr(&o));
}

/// A run that diverges writes what it recorded up to the divergence, says where it stopped,
/// and exits with 1.
#[test]
fn a_diverging_run_writes_what_it_recorded_and_fails() {
    let dir = scratch("diverging");
    let file = dir.join("blow_up.cajal");
    std::fs::write(
        &file,
        "mass Blow { state { x = 1 } equations { dx/dt = x*x/(1 ms) } method euler }\n",
    )
    .unwrap();
    let out = dir.join("blow_up.json");
    let o = cajal(&[
        "simulate",
        path(&file),
        "--duration",
        "10ms",
        "--dt",
        "0.1ms",
        "--out",
        path(&out),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("method: euler (stated in the model (`method euler`))"),
        "{}",
        stdout(&o)
    );
    let err = stderr(&o);
    assert!(
        err.contains("simulation diverged: `Blow.x` of instance 0"),
        "{err}"
    );
    assert!(
        err.contains("the run stopped early; what was recorded up to t = ")
            && err.contains(path(&out)),
        "{err}"
    );
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    // x = 1/(1 − t/ms) blows up near t = 1 ms: the samples before it are finite and kept.
    let xs = json["vars"]["x"][0].as_array().unwrap();
    assert!(xs.len() > 5 && xs.len() < 100, "{} samples", xs.len());
    assert!(xs.iter().all(|x| x.as_f64().is_some_and(f64::is_finite)));
    assert_eq!(json["steps"][3], 3);
    assert_eq!(json["t_ms"][3], 0.3, "times rounded to the step");
}

/// Without `method`, the method chosen and why are printed; dimensionless values have no unit.
#[test]
fn simulate_names_the_method_it_chose() {
    let dir = scratch("method");
    let file = dir.join("fhn.cajal");
    std::fs::write(
        &file,
        "mass F { parameters { I = 0.5 } state { v = 0, w = 0 } equations { dv/dt = (v - v^3/3 - w + I)/(1 ms)  dw/dt = 0.08*(v + 0.7 - 0.8*w)/(1 ms) } }\n",
    )
    .unwrap();
    let o = cajal(&["simulate", path(&file), "--duration", "1ms"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains(
            "method: rk4 (chosen automatically: `dv/dt` is nonlinear in `v`, so rk4 is used)"
        ),
        "{out}"
    );
    assert!(
        out.contains("instance 0: v = ") && !out.contains(" 1 w ="),
        "{out}"
    );
    let o = cajal(&["simulate", "hopf", "--duration", "1ms", "--method", "rk4"]);
    assert!(
        stdout(&o).contains("method: rk4 (chosen with --method)"),
        "{}",
        stdout(&o)
    );
}

/// `cajal fi`: one batch run, the table with the rheobase bracket, CSV and JSON files.
#[test]
fn fi_curves_are_tabled_and_written() {
    let o = cajal(&["fi", "lif", "--input", "I=0nA..5nA:11"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("rheobase: between 2 and 2.5 nA"), "{out}");
    // ISI at 2.5 nA: 2 ms + floor(10 ln 6 / 0.1)·0.1 ms = 19.9 ms.
    assert!(out.contains("50.251"), "{out}");
    let dir = scratch("fi");
    let (csv, json, svg) = (dir.join("fi.csv"), dir.join("fi.json"), dir.join("fi.svg"));
    for file in [&csv, &json] {
        let o = cajal(&[
            "fi",
            "lif",
            "--input",
            "I=1000pA..3nA:3",
            "--out",
            path(file),
            "--plot",
            path(&svg),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.starts_with("I,unit,rate_hz,first_spike_ms\n1,nA,0,\n2,nA,0,\n3,nA,"),
        "{text}"
    );
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(doc["rheobase"], serde_json::json!([2.0, 3.0]));
    assert!(std::fs::read_to_string(&svg).unwrap().starts_with("<svg"));
    let o = cajal(&["fi", "lif", "--input", "I=0nA..5mV:3"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("input `I`"), "{}", stderr(&o));
}

/// The model argument is resolved once, before anything runs: every kind of library item,
/// `--model` only for files, and `simulate` only for models and networks.
#[test]
fn the_model_argument_is_resolved_before_anything_runs() {
    let o = cajal(&[
        "simulate",
        "izhikevich",
        "--model",
        "X",
        "--duration",
        "1ms",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("--model picks an item of a file; `izhikevich` is a library neuron"),
        "{}",
        stderr(&o)
    );
    let o = cajal(&["simulate", "diffusive", "--duration", "1ms"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("library coupling; `simulate` runs neuron and mass models"),
        "{}",
        stderr(&o)
    );
    // A bad value is reported before a long run starts: the run would take minutes.
    let o = cajal(&[
        "simulate",
        "izhikevich",
        "--duration",
        "1000s",
        "--set",
        "a=3mV",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("parameter `a`"), "{}", stderr(&o));
    let o = cajal(&["simulate", "coba", "--record", "E", "--duration", "1000s"]);
    assert!(stderr(&o).contains("POPULATION.VARIABLE"), "{}", stderr(&o));
}

#[test]
fn show_describes_couplings_and_synapses() {
    let o = cajal(&["show", "diffusive"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("Diffusive (coupling)") && text.contains("edge term:"),
        "{text}"
    );
    assert!(text.contains("matrix–vector product"), "{text}");
    assert!(!text.contains("plastic"), "{text}");
    let o = cajal(&["show", "bcm"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("dw/dt = eta * pre * post * (post - theta)"),
        "{text}"
    );
    assert!(text.contains("dtheta/dt = "), "{text}");
    assert!(text.contains("one per target"), "{text}");
    let o = cajal(&["show", "nmda"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    for needle in [
        "Nmda (synapse)",
        "weight: w [nS]",
        "reads from the target: v [mV]",
        "dg/dt",
    ] {
        assert!(text.contains(needle), "`{needle}` missing from:\n{text}");
    }
}

#[test]
fn network_presets_are_selectable_by_name() {
    let small = [
        "--set", "N_E=400", "--set", "N_I=100", "--set", "C_E=40", "--set", "C_I=10",
    ];
    let run = |preset: &str| {
        let mut args = vec![
            "simulate",
            "brunel",
            "--preset",
            preset,
            "--duration",
            "50ms",
        ];
        args.extend(small);
        cajal(&args)
    };
    let (sr, ai) = (run("sr"), run("ai"));
    assert!(
        sr.status.success() && ai.status.success(),
        "{}",
        stderr(&sr)
    );
    // The regimes differ (g = 3 against g = 5): the spike counts do.
    assert_ne!(stdout(&sr), stdout(&ai));
    let o = run("chaos");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("unknown preset `chaos`; available: sr, ai, si_fast, si_slow"),
        "{}",
        stderr(&o)
    );
}

/// A network file with its own cell and synapses (`tests/models/ring.cajal`): every item
/// interpreted, with the spikes of the seed notebook's ring.
#[test]
fn simulating_a_network_file_reproduces_the_seed_notebook_ring() {
    let dir = scratch("file-ring");
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/models/ring.cajal");
    ring_case(file, "ring_Ne100_Ni20", (&[], &[]), &dir);
    ring_case(file, "ring_Ne2_Ni2", (&["Ne=2", "Ni=2"], &[]), &dir);
    let o = cajal(&["show", file]);
    assert!(o.status.success(), "{}", stderr(&o));
    for needle in [
        "FileRing (network",
        "E -> E: NmdaConductance",
        "I  RingCell { preset fs } [Ni]",
    ] {
        assert!(
            stdout(&o).contains(needle),
            "`{needle}` missing from:\n{}",
            stdout(&o)
        );
    }
    let o = cajal(&[
        "simulate",
        file,
        "--model",
        "RingCell",
        "--duration",
        "10ms",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// A network file's wrong uses of other items are diagnostics at their place, from `check`
/// and `simulate` alike.
#[test]
fn errors_in_a_network_file_point_at_the_offending_text() {
    let dir = scratch("bad-network");
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/models/ring.cajal"
    ))
    .unwrap()
    .replace(
        "ring_gaussian(w_ei, sigma)\n    projection EI_nmda",
        "ring_gaussian(3 mV, sigma)\n    projection EI_nmda",
    )
    .replace("RingCell[Ni]", "RingCel[Ni]");
    let file = dir.join("bad.cajal");
    std::fs::write(&file, text).unwrap();
    for command in [
        vec!["check", path(&file)],
        vec!["simulate", path(&file), "--duration", "1ms"],
    ] {
        let o = cajal(&command);
        assert_eq!(o.status.code(), Some(1), "{command:?}");
        let err = stderr(&o);
        assert!(
            err.contains("no neuron or mass model is called `RingCel`"),
            "{err}"
        );
        assert!(err.contains("did you mean `RingCell`?"), "{err}");
        assert!(err.contains("bad.cajal:66:20"), "{err}");
        assert!(
            err.contains("the weight of Conductance is not a voltage"),
            "{err}"
        );
        assert!(err.contains("bad.cajal:70:81"), "{err}");
    }
}

/// `--record POP.VAR` on a network file: the membrane potentials of the seed notebook's
/// 2+2 ring, sampled every 5 steps, equal the reference traces (rounded to 6 decimals).
#[test]
fn network_state_traces_match_the_seed_notebook() {
    let dir = scratch("ring-traces");
    let r = reference("seed_network.json");
    let trace = &r["cases"]["ring_Ne2_Ni2"]["trace"];
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/models/ring.cajal");
    let out = dir.join("traces.json");
    let o = cajal(&[
        "simulate",
        file,
        "--set",
        "Ne=2",
        "--set",
        "Ni=2",
        "--duration",
        "1s",
        "--record",
        "E.v,I.v",
        "--every",
        "5",
        "--out",
        path(&out),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(json["every"], 5);
    assert_eq!(json["units"]["E.v"], "mV");
    let t_ref = trace["t_ms"].as_array().unwrap();
    let t = json["t_ms"].as_array().unwrap();
    // The reference samples at the start of each fifth step; the output adds the final state.
    assert_eq!(t.len(), t_ref.len() + 1);
    for (var, k, name) in [
        ("E.v", 0, "v0_mV"),
        ("E.v", 1, "v1_mV"),
        ("I.v", 0, "v2_mV"),
        ("I.v", 1, "v3_mV"),
    ] {
        let ours = json["vars"][var][k].as_array().unwrap();
        for (s, expected) in trace[name].as_array().unwrap().iter().enumerate() {
            let (a, b) = (ours[s].as_f64().unwrap(), expected.as_f64().unwrap());
            assert!((a - b).abs() <= 1e-6, "{name} sample {s}: {a} vs {b}");
        }
    }
    let o = cajal(&["simulate", file, "--duration", "1ms", "--record", "v"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("POPULATION.VARIABLE"), "{}", stderr(&o));
    let o = cajal(&["simulate", file, "--duration", "1ms", "--record", "X.v"]);
    assert!(
        stderr(&o).contains("no population `X`; it has E, I"),
        "{}",
        stderr(&o)
    );
}

/// A parameter whose default reads others follows a `--set` of them (AdEx:
/// V_cut = V_T + 5 Δ_T) unless it is set itself: with V_T = −60 mV the cut-off is −50 mV, so
/// no recorded v (taken after the reset) reaches it; with V_cut set to −40 mV it does.
#[test]
fn derived_defaults_follow_set_parameters() {
    let dir = scratch("derived");
    let max_v = |extra: &[&str]| {
        let out = dir.join("adex.json");
        let mut args = vec![
            "simulate",
            "adex",
            "--set",
            "V_T=-60mV",
            "--input",
            "I=2nA",
            "--duration",
            "200ms",
            "--record",
            "v",
            "--out",
        ];
        args.push(path(&out));
        args.extend(extra);
        let o = cajal(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        let json: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
        let v = json["vars"]["v"][0].as_array().unwrap();
        v.iter()
            .map(|x| x.as_f64().unwrap())
            .fold(f64::MIN, f64::max)
    };
    let derived = max_v(&[]);
    assert!(derived < -50.0, "max v {derived} mV");
    let explicit = max_v(&["--set", "V_cut=-40mV"]);
    assert!(explicit > -50.0 && explicit < -40.0, "max v {explicit} mV");
}
