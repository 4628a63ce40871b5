//! Hostile inputs to the command line: each is refused with exit code 1 and a message, never a
//! panic, an abort or a run that does not end.

mod common;

use common::{cajal, path, scratch, stderr};

/// Writes `text` to `name` in a scratch directory and runs `cajal check` on it.
fn check_text(test: &str, text: &str) -> (Option<i32>, String) {
    let dir = scratch(test);
    let file = dir.join("model.cajal");
    std::fs::write(&file, text).unwrap();
    let o = cajal(&["check", path(&file)]);
    (o.status.code(), stderr(&o))
}

#[test]
fn a_rate_projection_from_an_unknown_model_is_a_diagnostic() {
    let text = "network N {
    population A = Nope[2]
    population B = Hopf[2]
    projection ab: A.x -> B.x_inp = Diffusive with all_to_all(0.1)
}
";
    let (code, err) = check_text("unknown-rate-model", text);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("no neuron or mass model is called `Nope`"),
        "{err}"
    );
}

#[test]
fn deep_nesting_and_endless_files_are_refused() {
    let deep = format!(
        "mass M {{ state {{ x = 1 }} equations {{ dx/dt = {}x{}/(1 ms) }} }}",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    let (code, err) = check_text("deep", &deep);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("nested more than 64 deep"), "{err}");
    if std::path::Path::new("/dev/zero").exists() {
        let o = cajal(&["check", "/dev/zero"]);
        assert_eq!(o.status.code(), Some(1));
        assert!(stderr(&o).contains("larger than 4 MiB"), "{}", stderr(&o));
    }
}

/// Runs `cajal` and returns (exit code, standard error).
fn run(args: &[&str]) -> (Option<i32>, String) {
    let o = cajal(args);
    (o.status.code(), stderr(&o))
}

#[test]
fn durations_that_are_not_whole_steps_are_refused() {
    let (code, err) = run(&[
        "simulate",
        "izhikevich",
        "--dt",
        "20ms",
        "--duration",
        "10ms",
    ]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("0.500 steps of 20 ms") && err.contains("use 0 ms or 20 ms"),
        "{err}"
    );
    let (code, err) = run(&["simulate", "izhikevich", "--duration", "0.15ms"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("use 0.1 ms or 0.2 ms"), "{err}");
    let (code, err) = run(&[
        "simulate",
        "izhikevich",
        "--dt",
        "1e-300ms",
        "--duration",
        "1ms",
    ]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("more than"), "{err}");
    let (code, err) = run(&["simulate", "coba", "--duration", "0.15ms"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("not a whole number of steps"), "{err}");
}

#[test]
fn values_beyond_the_float_range_and_a_zero_stride_are_refused() {
    for args in [
        vec![
            "simulate",
            "izhikevich",
            "--init",
            "v=1e999mV",
            "--duration",
            "1ms",
        ],
        vec![
            "simulate",
            "izhikevich",
            "--input",
            "I=100pA@1e999ms..",
            "--duration",
            "1ms",
        ],
        vec![
            "simulate",
            "izhikevich",
            "--set",
            "a=1e999/ms",
            "--duration",
            "1ms",
        ],
    ] {
        let (code, err) = run(&args);
        assert_eq!(code, Some(1), "{args:?}: {err}");
        assert!(
            err.contains("beyond the range of a 64-bit float"),
            "{args:?}: {err}"
        );
    }
    for target in ["izhikevich", "coba"] {
        let record = if target == "coba" { "E.v" } else { "v" };
        let args = [
            "simulate",
            target,
            "--record",
            record,
            "--every",
            "0",
            "--duration",
            "1ms",
        ];
        let (code, err) = run(&args);
        assert_eq!(code, Some(1), "{target}: {err}");
        assert!(err.contains("at least 1 step"), "{target}: {err}");
    }
}

#[test]
fn a_network_run_of_no_time_reports_no_rate() {
    let o = cajal(&["simulate", "coba", "--duration", "0ms"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = common::stdout(&o);
    assert!(!out.contains("NaN"), "{out}");
    assert!(out.contains("0 spikes"), "{out}");
}

/// A model that diverges within a millisecond and has a state named like an output array.
const BLOWUP: &str = "neuron Blowup {
    state { v = 1, t_ms = 0 }
    equations { dv/dt = v^2/(1 ms)  dt_ms/dt = 1/(1 ms) }
}
";

#[test]
fn outputs_are_checked_before_the_run() {
    let dir = scratch("outputs-first");
    let model = dir.join("blowup.cajal");
    std::fs::write(&model, BLOWUP).unwrap();
    let m = path(&model);
    let missing = dir.join("no-such-folder").join("x.json");
    let npy = dir.join("x.npy");
    let txt = dir.join("results.txt");
    let cases = [
        (vec!["--out", path(&missing)], "does not exist"),
        (
            vec!["--out", path(&txt)],
            "must end in .json, .csv, .npz, .npy",
        ),
        (
            vec!["--out", path(&npy)],
            "would take the place of the output's own `t_ms`",
        ),
        (vec!["--record", "v,v", "--out", path(&txt)], "must end in"),
        (vec!["--plot", path(&txt)], "must end in .svg, .png"),
    ];
    for (extra, expected) in cases {
        let mut args = vec!["simulate", m, "--duration", "10ms"];
        args.extend(extra.iter().copied());
        let (code, err) = run(&args);
        assert_eq!(code, Some(1), "{extra:?}: {err}");
        assert!(err.contains(expected), "{extra:?}: {err}");
        assert!(!err.contains("non-finite"), "checked before the run: {err}");
    }
    let npz = dir.join("x.npz");
    let (code, err) = run(&[
        "simulate",
        "izhikevich",
        "--record",
        "v,v",
        "--out",
        path(&npz),
        "--duration",
        "1ms",
    ]);
    assert_eq!(code, Some(1));
    assert!(err.contains("`v` is recorded twice"), "{err}");
}

#[test]
fn npy_output_is_a_folder_replaced_whole() {
    let dir = scratch("npy-folder");
    let out = dir.join("run.npy");
    let o = cajal(&[
        "simulate",
        "izhikevich",
        "--duration",
        "1ms",
        "--out",
        path(&out),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let said = common::stdout(&o);
    assert!(said.contains("run/ (one .npy file per array)"), "{said}");
    let listing = |d: &std::path::Path| {
        let mut names: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    assert!(listing(&dir.join("run")).contains(&"u.npy".to_string()));
    let o = cajal(&[
        "simulate",
        "izhikevich",
        "--duration",
        "1ms",
        "--record",
        "v",
        "--out",
        path(&out),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let names = listing(&dir.join("run"));
    assert!(
        !names.contains(&"u.npy".to_string()),
        "no array of the earlier run: {names:?}"
    );
    assert_eq!(listing(&dir), ["run"], "no temporary beside the output");
}

/// The files under `target` (a file or a folder), by name, with their bytes.
fn snapshot(target: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    if target.is_dir() {
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(target)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    } else {
        vec![(String::new(), std::fs::read(target).unwrap())]
    }
}

/// A run killed in the middle of writing its output (held there by `CAJAL_WRITE_PAUSE_MS`,
/// and killed once its temporary exists) leaves the earlier output whole under the target
/// name, as does a run killed before it writes; the temporary the kill leaves is removed by
/// the next write, which replaces the output whole.
#[test]
fn a_killed_write_leaves_the_old_or_the_new_output_whole() {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let dir = scratch("killed-writes");
    let small = ["simulate", "izhikevich", "--n", "2", "--duration", "1ms"];
    let large = ["simulate", "izhikevich", "--n", "200", "--duration", "20ms"];
    let temporaries = || -> Vec<String> {
        std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".tmp-"))
            .collect()
    };
    for ext in ["csv", "npz", "npy", "json"] {
        let out = dir.join(format!("out.{ext}"));
        let target = match ext {
            "npy" => dir.join("out"),
            _ => out.clone(),
        };
        let args = |run: &[&'static str]| {
            let mut v: Vec<&str> = run.to_vec();
            v.extend(["--out", path(&out)]);
            v
        };
        assert!(cajal(&args(&small)).status.success());
        let old = snapshot(&target);
        for mid_write in [false, true] {
            let mut child = Command::new(env!("CARGO_BIN_EXE_cajal"))
                .args(args(&large))
                .env("CAJAL_WRITE_PAUSE_MS", "30000")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            if mid_write {
                let start = Instant::now();
                while temporaries().is_empty() {
                    assert!(start.elapsed() < Duration::from_secs(60), "no write began");
                    std::thread::sleep(Duration::from_millis(5));
                }
            }
            child.kill().unwrap();
            child.wait().unwrap();
            assert!(
                snapshot(&target) == old,
                "{ext}: the earlier output is not whole"
            );
        }
        assert!(
            !temporaries().is_empty(),
            "{ext}: the kill left its temporary"
        );
        let o = cajal(&args(&large));
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(temporaries().is_empty(), "{ext}: {:?}", temporaries());
        let new = snapshot(&target);
        assert!(new != old && !new.is_empty());
    }
}

/// Populations and recordings that would not fit in memory are refused before anything is
/// allocated, naming the figure, its largest part and the budget; `--max-memory` sets it.
#[test]
fn runs_beyond_the_memory_budget_are_refused_before_they_start() {
    let cases: [(&[&str], &str); 5] = [
        (
            &[
                "simulate",
                "izhikevich",
                "--n",
                "10000000000",
                "--duration",
                "1ms",
            ],
            "a population of 10000000000 `Izhikevich`: needs about 1.2 TiB",
        ),
        (
            &["simulate", "coba", "--set", "N=1e10", "--duration", "1ms"],
            "a population of 8000000000 `Lif`: needs about",
        ),
        (
            &["simulate", "izhikevich", "--duration", "1e8s"],
            "recording 2 variable(s) of 1 instance(s) for 1000000000000 steps",
        ),
        (
            &["simulate", "coba", "--record", "E.v", "--duration", "1e8s"],
            "recording 1000000000000 steps of state",
        ),
        (
            &[
                "simulate",
                "izhikevich",
                "--n",
                "1000",
                "--duration",
                "100ms",
                "--max-memory",
                "1MB",
            ],
            "more than the memory budget set (976.6 KiB)",
        ),
    ];
    for (args, expected) in cases {
        let (code, err) = run(args);
        assert_eq!(code, Some(1), "{args:?}: {err}");
        assert!(err.contains(expected), "{args:?}: {err}");
    }
    let (code, err) = run(&[
        "simulate",
        "izhikevich",
        "--duration",
        "1ms",
        "--max-memory",
        "lots",
    ]);
    assert_eq!(code, Some(1));
    assert!(err.contains("unknown size unit `lots`"), "{err}");
    let o = cajal(&[
        "simulate",
        "izhikevich",
        "--duration",
        "1ms",
        "--max-memory",
        "64MiB",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// A run whose spike record would outgrow the budget (its size is not known before the run)
/// stops when it reaches it, writes what it recorded and exits 1, saying where it stopped.
#[test]
fn a_run_whose_spikes_outgrow_the_budget_stops_and_writes_what_it_recorded() {
    let dir = scratch("spike-budget");
    let out = dir.join("busy.csv");
    let (code, err) = run(&[
        "simulate",
        "poisson_neuron",
        "--n",
        "10000",
        "--input",
        "rate=1000Hz",
        "--duration",
        "1s",
        "--every",
        "10000",
        "--max-memory",
        "8MiB",
        "--out",
        path(&out),
    ]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("recording the spikes of 10000 `PoissonNeuron`")
            && err.contains("more than the memory budget set (8.0 MiB)"),
        "{err}"
    );
    let stopped_at: f64 = err
        .split("recorded up to t = ")
        .nth(1)
        .and_then(|rest| rest.split(" ms").next())
        .and_then(|t| t.parse().ok())
        .unwrap_or_else(|| panic!("no stop time in: {err}"));
    assert!(stopped_at > 0.0 && stopped_at < 1000.0, "{err}");
    let written = std::fs::read_to_string(&out).unwrap();
    let spikes = written.lines().filter(|l| l.starts_with("spike,")).count();
    assert!(spikes > 100_000, "{spikes} spikes written");
}
