//! Helpers the CLI test files share: running the binary and scratch directories.

#![allow(dead_code)] // each test file uses its own subset

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the `cajal` binary with `args`.
pub fn cajal(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cajal"))
        .args(args)
        .output()
        .expect("the cajal binary runs")
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh directory for one test's files.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cajal-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A path as `&str` for an argument list.
pub fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}
