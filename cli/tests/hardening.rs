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
