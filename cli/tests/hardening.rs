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
