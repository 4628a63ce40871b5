//! End-to-end tests of whole-brain runs with the `cajal` binary: network files coupling
//! masses by rates, connectomes and columns read beside the file, analyses (`--analyse`),
//! sweeps (`--sweep`), the whole-brain example file, and values in named units.

mod common;

use std::path::Path;
use std::process::Command;

use common::{cajal, path, scratch, stderr, stdout};
use serde_json::Value;

/// A network file coupling library mass models through a library coupling by rates: B,
/// which starts at rest, is pulled by A (x = 0.5) in the first step by k·Σ w·(0.5 − 0) =
/// 0.03 through its input; a misspelt coupling is an error with a suggestion.
#[test]
fn network_files_couple_populations_by_rates() {
    let dir = scratch("rates");
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/models/rates.cajal");
    let out = dir.join("b.json");
    let o = cajal(&[
        "simulate",
        file,
        "--duration",
        "0.1ms",
        "--record",
        "B.x",
        "--out",
        path(&out),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let x = json["vars"]["B.x"][0].as_array().unwrap();
    // One step of 0.1 ms from rest with x_inp = 0.03 (per ms, τ = 1 ms): x ≈ 0.1·0.03.
    let after = x.last().unwrap().as_f64().unwrap();
    assert!((after - 0.003).abs() < 1e-4, "{after}");
    let bad = dir.join("bad.cajal");
    std::fs::write(
        &bad,
        std::fs::read_to_string(file)
            .unwrap()
            .replace("= Diffusive", "= Difusive"),
    )
    .unwrap();
    let o = cajal(&["check", path(&bad)]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let e = stderr(&o);
    assert!(e.contains("no coupling is called `Difusive`"), "{e}");
    assert!(e.contains("did you mean `Diffusive`?"), "{e}");
}

/// A network file names its connectome relative to itself: run from another directory, the
/// ring of `tests/models/connectome/ring.cajal` reads `ring_weights.csv` beside it.
#[test]
fn network_files_read_their_connectome_beside_them() {
    let dir = scratch("connectome");
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/models/connectome/ring.cajal"
    );
    let out = dir.join("ring.json");
    let o = Command::new(env!("CARGO_BIN_EXE_cajal"))
        .args(["simulate", file, "--duration", "1ms", "--out", path(&out)])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(json["vars"]["nodes.x"].as_array().map(Vec::len), Some(6));
    let moved = dir.join("ring.cajal");
    std::fs::copy(file, &moved).unwrap();
    let o = cajal(&["simulate", path(&moved), "--duration", "1ms"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("ring_initial.csv"), "{}", stderr(&o));
}

/// `--analyse` on a whole-brain file network: six Hopf nodes (ω = 0.2 rad/ms, 31.8 Hz) on a
/// ring give their frequency as the Welch peak, an FC, an order parameter and an FCD.
#[test]
fn analyses_of_a_whole_brain_run() {
    let dir = scratch("analyse");
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/models/connectome/ring.cajal"
    );
    let out = dir.join("analysis.json");
    let o = cajal(&[
        "simulate",
        file,
        "--duration",
        "2s",
        "--analyse",
        "fc,order,spectrum,fcd",
        "--transient",
        "500ms",
        "--analysis-out",
        path(&out),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("nodes.x: 6 instances, 1501 samples over 1500 ms"),
        "{text}"
    );
    assert!(
        text.contains("peak frequency:") && text.contains("FCD:"),
        "{text}"
    );
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let x = &doc["variables"]["nodes.x"];
    let f0 = 200.0 / std::f64::consts::TAU;
    for peak in x["peak_frequency_hz"].as_array().unwrap() {
        let peak = peak.as_f64().unwrap();
        assert!((peak - f0).abs() < 2.7, "{peak} Hz against {f0}");
    }
    let r = x["order_parameter_mean"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&r), "{r}");
    assert_eq!(x["fc"].as_array().unwrap().len(), 6);
    assert_eq!(x["fc"][2][2].as_f64(), Some(1.0));
    assert!(x["fcd"].as_array().unwrap().len() >= 10);
    // Options that need --analyse, and unknown analyses, are refused before the run.
    let o = cajal(&[
        "simulate",
        file,
        "--duration",
        "1ms",
        "--empirical-fc",
        "hcp80",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("add --analyse"), "{}", stderr(&o));
    let o = cajal(&["simulate", file, "--duration", "1ms", "--analyse", "psd"]);
    assert!(
        stderr(&o).contains("the analyses are fc, order"),
        "{}",
        stderr(&o)
    );
    let o = cajal(&[
        "simulate",
        file,
        "--duration",
        "10ms",
        "--analyse",
        "fc",
        "--empirical-fc",
        "hcp80",
    ]);
    assert!(stderr(&o).contains("80 regions, but 6"), "{}", stderr(&o));
}

/// The whole-brain example file runs from the command line: 80 noisy Hopf nodes on the
/// shipped connectome with delays, its FC fitted to the shipped empirical FC by default.
#[test]
fn the_whole_brain_example_file_runs_with_its_analyses() {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/hcp80_hopf.cajal");
    let o = cajal(&[
        "simulate",
        file,
        "--duration",
        "300ms",
        "--transient",
        "100ms",
        "--analyse",
        "fc,spectrum",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("nodes.x: 80 instances"), "{text}");
    assert!(text.contains("FC fit to the empirical FC: r = "), "{text}");
}

/// The seed's multi-region example as a file: Wilson–Cowan nodes with noise on the shipped
/// connectome driving Balloon–Windkessel BOLD, whose traces and FC (beside the empirical
/// FC) are plotted by one command.
#[test]
fn the_bold_example_file_plots_its_traces_and_fc() {
    let dir = scratch("bold-example");
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/hcp80_wilson_cowan.cajal"
    );
    let (traces, fc) = (dir.join("bold.svg"), dir.join("fc.png"));
    let o = cajal(&[
        "simulate",
        file,
        "--duration",
        "500ms",
        "--record",
        "haemodynamics.bold",
        "--every",
        "50",
        "--analyse",
        "fc",
        "--plot",
        path(&traces),
        "--analysis-plot",
        path(&fc),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("Hcp80WilsonCowan: 500 ms at dt = 0.1 ms"),
        "{text}"
    );
    assert!(
        text.contains("haemodynamics.bold: 80 instances, 101 samples"),
        "{text}"
    );
    assert!(text.contains("FC fit to the empirical FC: r = "), "{text}");
    let svg = std::fs::read_to_string(&traces).unwrap();
    assert!(svg.contains("haemodynamics.bold"), "the traces are titled");
    let png = std::fs::read(&fc).unwrap();
    assert_eq!(&png[1..4], b"PNG");
    // Without `fc` there is no FC to plot.
    let o = cajal(&[
        "simulate",
        file,
        "--duration",
        "100ms",
        "--record",
        "haemodynamics.bold",
        "--every",
        "50",
        "--analyse",
        "order",
        "--analysis-plot",
        path(&fc),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("add `fc` to --analyse"),
        "{}",
        stderr(&o)
    );
}

/// A member that diverges stops the sweep with an error naming it, its values and the time
/// (v' = g·v² from v = 1 reaches infinity at t = 1/g ms: member g = 2 first, the integrator
/// lagging behind the true blow-up), whatever the threads and batches.
#[test]
fn a_member_that_diverges_stops_the_sweep_naming_it() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/models/runaway.cajal");
    for threads in ["1", "2"] {
        let o = cajal(&[
            "simulate",
            path(&file),
            "--sweep",
            "g=0..2:3",
            "--duration",
            "5ms",
            "--threads",
            threads,
        ]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains("error: member 2 of the sweep (g = 2) stopped: simulation diverged"),
            "{threads} threads: {err}"
        );
        let t: f64 = err
            .split("at t = ")
            .nth(1)
            .and_then(|rest| rest.split(" ms").next())
            .and_then(|t| t.parse().ok())
            .unwrap_or_else(|| panic!("a time in {err}"));
        assert!(
            (0.5..5.0).contains(&t),
            "not before the blow-up at 0.5 ms: {err}"
        );
    }
}

/// `--sweep` runs every member of a parameter grid and tabulates its analyses; a member is
/// exactly the run `--set` of its values gives (the same analyses, bit for bit).
#[test]
fn a_sweep_member_is_the_run_with_its_values() {
    let dir = scratch("sweep");
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/models/connectome/ring.cajal"
    );
    let common = ["--duration", "600ms", "--transient", "100ms"];
    let swept = dir.join("sweep.json");
    let plot = dir.join("fit.svg");
    let mut args = vec!["simulate", file, "--sweep", "k=0..0.4:3", "--analysis-out"];
    args.extend([
        path(&swept),
        "--analysis-plot",
        path(&plot),
        "--threads",
        "2",
    ]);
    args.extend(common);
    let o = cajal(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let svg = std::fs::read_to_string(&plot).unwrap();
    assert!(
        svg.contains("mean order parameter R of nodes.x"),
        "R against k (no empirical FC for six nodes)"
    );
    // One thread gives what two do.
    let alone = dir.join("one-thread.json");
    let mut args = vec!["simulate", file, "--sweep", "k=0..0.4:3", "--analysis-out"];
    args.extend([path(&alone), "--threads", "1"]);
    args.extend(common);
    let o = cajal(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&alone).unwrap(),
        std::fs::read_to_string(&swept).unwrap()
    );
    let table = stdout(&o);
    assert!(
        table.contains("k [1]\tvariable\tFC fit\tmean R\tpeak Hz"),
        "{table}"
    );
    assert_eq!(
        table.lines().filter(|l| l.contains("\tnodes.x\t")).count(),
        3,
        "{table}"
    );
    let one = dir.join("one.json");
    let mut args = vec![
        "simulate",
        file,
        "--set",
        "k=0.2",
        "--analyse",
        "fc,order,spectrum",
    ];
    args.extend(["--analysis-out", path(&one)]);
    args.extend(common);
    let o = cajal(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let read =
        |p: &Path| -> Value { serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap() };
    let (swept, one) = (read(&swept), read(&one));
    assert_eq!(swept["members"].as_array().unwrap().len(), 3);
    assert_eq!(swept["members"][1]["params"]["k"].as_f64(), Some(0.2));
    assert_eq!(
        swept["members"][1]["analysis"]["variables"],
        one["variables"]
    );
    assert_ne!(
        swept["members"][0]["analysis"]["variables"],
        one["variables"]
    );
    // What a sweep cannot do is refused before anything runs.
    let o = cajal(&["simulate", file, "--sweep", "q=0..1:3", "--duration", "1ms"]);
    assert!(
        stderr(&o).contains("has no parameter `q`"),
        "{}",
        stderr(&o)
    );
    let o = cajal(&[
        "simulate",
        "hopf",
        "--sweep",
        "a=0..1:3",
        "--duration",
        "1ms",
    ]);
    assert!(stderr(&o).contains("`cajal fi`"), "{}", stderr(&o));
    let o = cajal(&[
        "simulate",
        file,
        "--sweep",
        "k=0..1:3",
        "--duration",
        "1ms",
        "--out",
        "x.json",
    ]);
    assert!(
        stderr(&o).contains("a sweep writes its table"),
        "{}",
        stderr(&o)
    );
}

/// Wong–Wang's kinetic factors are pure numbers declared per second per Hz: brainmass's
/// per-ms 0.000641 is refused without its unit, on the command line and in a network file,
/// and accepted with it.
#[test]
fn a_pure_number_in_a_named_unit_needs_its_unit() {
    let run = |value: &str| {
        cajal(&[
            "simulate",
            "wong_wang_exc_inh",
            "--set",
            &format!("gamma_e={value}"),
            "--duration",
            "1ms",
        ])
    };
    let o = run("0.000641");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("write the unit"), "{}", stderr(&o));
    assert!(run("0.000641/ms/Hz").status.success());
    let dir = scratch("named-unit");
    let file = dir.join("ww.cajal");
    let network = |value: &str| {
        format!(
            "network Decision {{\n    population nodes = WongWangExcInh[2] {{ gamma_e = {value} }}\n}}\n"
        )
    };
    std::fs::write(&file, network("0.000641")).unwrap();
    let o = cajal(&["check", path(&file)]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains("pure number in a named unit") && e.contains("2:"),
        "{e}"
    );
    std::fs::write(&file, network("0.000641 /ms/Hz")).unwrap();
    let o = cajal(&["check", path(&file)]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// `--connectome` composes a whole-brain network around a library mass: it runs exactly as
/// the same network written as a file, `--save-network` writes it, `--bold` adds BOLD
/// sampled every `--tr`, and what cannot be composed is refused with the reason.
#[test]
fn a_library_mass_on_a_connectome_from_the_command_line() {
    let dir = scratch("compose");
    let written = dir.join("brain.cajal");
    std::fs::write(
        &written,
        "network Brain {
            parameters { k = 0.5 }
            timestep 0.1 ms
            population nodes = Hopf[80] { a = -0.05 }
            population noise = OrnsteinUhlenbeck[80] { sigma = 0.05; tau = 5 ms }
            projection sc: nodes.x -> nodes.x_inp = Diffusive { k = k } with connectome(\"hcp80\", speed = 10 m/s)
            projection drive: noise.x -> nodes.y_inp = Additive with one_to_one(1)
            record nodes.x every 10
        }",
    )
    .unwrap();
    let (from_file, composed, saved) = (
        dir.join("file.json"),
        dir.join("composed.json"),
        dir.join("composed.cajal"),
    );
    let o = cajal(&[
        "simulate",
        path(&written),
        "--duration",
        "50ms",
        "--out",
        path(&from_file),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = cajal(&[
        "simulate",
        "hopf",
        "--connectome",
        "hcp80",
        "--speed",
        "10m/s",
        "--set",
        "k=0.5",
        "--set",
        "a=-0.05",
        "--noise",
        "0.05@y_inp",
        "--every",
        "10",
        "--duration",
        "50ms",
        "--out",
        path(&composed),
        "--save-network",
        path(&saved),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let read =
        |p: &Path| -> Value { serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap() };
    let (a, b) = (read(&from_file), read(&composed));
    assert_eq!(a["vars"]["nodes.x"], b["vars"]["nodes.x"]);
    assert_eq!(a["vars"]["nodes.x"].as_array().map(Vec::len), Some(80));
    assert_eq!(a["vars"]["nodes.x"][0].as_array().map(Vec::len), Some(51));
    let text = std::fs::read_to_string(&saved).unwrap();
    assert!(text.contains("population nodes = Hopf[80]"), "{text}");
    let o = cajal(&["check", path(&saved)]);
    assert!(o.status.success(), "{}", stderr(&o));

    let bold = dir.join("bold.json");
    let o = cajal(&[
        "simulate",
        "wilson_cowan",
        "--connectome",
        "hcp80",
        "--coupling",
        "additive",
        "--noise",
        "0.1",
        "--bold",
        "--tr",
        "10ms",
        "--duration",
        "100ms",
        "--out",
        path(&bold),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json = read(&bold);
    let samples = json["vars"]["bold.bold"][0].as_array().map(Vec::len);
    assert_eq!(samples, Some(11), "every 10 ms over 100 ms, both ends");

    let refused = |args: &[&str], says: &str| {
        let mut all = vec!["simulate"];
        all.extend(args);
        all.extend(["--duration", "1ms"]);
        let o = cajal(&all);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
    };
    refused(&["lif", "--connectome", "hcp80"], "is a neuron model");
    refused(
        &["hopf", "--connectome", "hcp80", "--coupling", "difusive"],
        "no such library coupling",
    );
    refused(
        &["hopf", "--connectome", "hcp80", "--couple", "x->z_inp"],
        "has no input `z_inp`; it has x_inp, y_inp",
    );
    refused(&["hopf", "--connectome", "nope.csv"], "nope.csv");
    refused(&["hopf", "--bold"], "add --connectome");
}

/// `--threads N` on a whole-brain network, which cannot be split over ranks (its coupling
/// reads every node each step): the network runs whole, its dense weight product shared out
/// over the threads, and writes what one thread writes, byte for byte; with delays there is
/// no dense product, and a note says the run takes one thread.
#[test]
fn threads_share_a_whole_brain_product_and_change_no_value() {
    let dir = scratch("threads");
    let file = dir.join("hcp80.cajal");
    std::fs::write(
        &file,
        "network Hcp80 {
            timestep 0.1 ms
            population nodes = Hopf[80] { a = -0.05; init x = 0.1*sin(i); init y = 0.1*cos(i) }
            projection sc: nodes.x -> nodes.x_inp = Diffusive { k = 0.5 } with connectome(\"hcp80\")
            record nodes.x every 5
        }",
    )
    .unwrap();
    let run = |file: &str, threads: &str| {
        let out = dir.join(format!("{threads}.npz"));
        let o = cajal(&[
            "simulate",
            file,
            "--duration",
            "200ms",
            "--threads",
            threads,
            "--out",
            path(&out),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        (std::fs::read(&out).unwrap(), stderr(&o))
    };
    let (one, _) = run(path(&file), "1");
    for threads in ["2", "3"] {
        let (many, note) = run(path(&file), threads);
        assert!(one == many, "{threads} threads wrote a different file");
        assert!(!note.contains("note"), "{note}");
    }
    let delayed = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/hcp80_hopf.cajal");
    let (_, note) = run(delayed, "2");
    assert!(
        note.contains("cannot be split over ranks")
            && note.contains("no weight product to share out: it runs on one thread"),
        "{note}"
    );
}

/// `--precision f32` takes a whole-brain product in single precision: the file saying
/// `precision f32` writes the same bytes, `--precision f64` overrides it, and the values stay
/// within the products' documented error of the f64 run (and differ from it). Unknown
/// precisions, single models and networks without a dense product are told why.
#[test]
fn precision_f32_runs_a_whole_brain_product_in_single_precision() {
    let dir = scratch("precision");
    let text = "network Hcp80 {
            timestep 0.1 ms
            population nodes = Hopf[80] { a = -0.05; init x = 0.1*sin(i); init y = 0.1*cos(i) }
            projection sc: nodes.x -> nodes.x_inp = Diffusive { k = 0.5 } with connectome(\"hcp80\")
            record nodes.x every 5
        }";
    let (double, single) = (dir.join("f64.cajal"), dir.join("f32.cajal"));
    std::fs::write(&double, text).unwrap();
    std::fs::write(
        &single,
        text.replace(
            "timestep 0.1 ms",
            "timestep 0.1 ms\n            precision f32",
        ),
    )
    .unwrap();
    let run = |file: &Path, precision: Option<&str>, out: &str| {
        let out = dir.join(out);
        let mut args = vec![
            "simulate",
            path(file),
            "--duration",
            "200ms",
            "--out",
            path(&out),
        ];
        if let Some(p) = precision {
            args.extend(["--precision", p]);
        }
        let o = cajal(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        std::fs::read_to_string(&out).unwrap()
    };
    let plain = run(&double, None, "plain.csv");
    let asked = run(&double, Some("f32"), "asked.csv");
    assert_eq!(
        asked,
        run(&single, None, "stated.csv"),
        "--precision f32 is `precision f32`"
    );
    assert_eq!(
        plain,
        run(&single, Some("f64"), "overridden.csv"),
        "--precision f64 overrides"
    );
    let values = |csv: &str| -> Vec<f64> {
        csv.lines()
            .skip(1)
            .map(|l| l.rsplit(',').next().unwrap().parse().unwrap())
            .collect()
    };
    let (plain, asked) = (values(&plain), values(&asked));
    assert_eq!(plain.len(), asked.len());
    let largest = plain
        .iter()
        .zip(&asked)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    // hcp80's rows sum to at most 1 and |x| ≤ 1: each sum is within 67·2⁻²⁴ ≈ 4·10⁻⁶ of its
    // f64 value, and 2000 steps of 0.1 ms at k = 0.5 add at most 2000·0.1·0.5·4·10⁻⁶ = 4·10⁻⁴.
    assert!(
        largest > 0.0 && largest < 4e-4,
        "f32 and f64 differ by {largest}"
    );
    let shown = stdout(&cajal(&["show", path(&single)]));
    assert!(
        shown.contains("(network, dt = 0.1 ms, weight products in f32)"),
        "{shown}"
    );

    let o = cajal(&[
        "simulate",
        path(&double),
        "--duration",
        "1ms",
        "--precision",
        "f16",
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("--precision f16") && stderr(&o).contains("f32"),
        "{}",
        stderr(&o)
    );
    let o = cajal(&[
        "simulate",
        "hopf",
        "--duration",
        "1ms",
        "--precision",
        "f32",
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("--precision applies to a network"),
        "{}",
        stderr(&o)
    );
    let delayed = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/hcp80_hopf.cajal");
    let o = cajal(&[
        "simulate",
        delayed,
        "--duration",
        "20ms",
        "--precision",
        "f32",
        "--out",
        path(&dir.join("delayed.npz")),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("this network has none, and runs in f64"),
        "{}",
        stderr(&o)
    );
}
