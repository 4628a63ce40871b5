//! End-to-end tests of spiking networks with the `cajal` binary: the library's and a file's
//! networks against the seed notebook (spikes and traces), a network split over threads,
//! parameters, presets and the errors of network files.

mod common;

use std::path::Path;

use common::{cajal, path, reference, scratch, spike_steps, stderr, stdout, whole_numbers};
use serde_json::Value;

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
