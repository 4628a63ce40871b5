//! End-to-end tests of the `cajal` binary: listing, showing, checking, generating and
//! simulating (library models compiled, model files interpreted), outputs and plots, and
//! the errors users see.

mod common;

use std::path::Path;

use common::{cajal, path, reference, scratch, spike_steps, stderr, stdout, whole_numbers};
use serde_json::Value;

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
