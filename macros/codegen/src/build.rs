//! The build-script path (like prost-build): `.cajal` files → formatted Rust in `OUT_DIR`.
//!
//! In `build.rs` (and `include!(concat!(env!("OUT_DIR"), "/cell.rs"));` in the crate):
//!
//! ```no_run
//! cajal_codegen::Config::new()
//!     .compile(&["models/cell.cajal"])
//!     .unwrap_or_else(|e| panic!("{e}"));
//! ```

use std::fmt;
use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;

use crate::{Options, generate, pretty};

/// Why a build-script compilation failed: the model errors rendered with file, line and
/// caret, or the file that could not be read or written.
#[derive(Debug)]
pub struct BuildError(String);

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BuildError {}

/// Settings of a build-script compilation.
#[derive(Clone, Debug)]
pub struct Config {
    runtime: String,
    out_dir: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Config::new()
    }
}

impl Config {
    /// Generated code refers to `::cajal::runtime` and files go to `$OUT_DIR`.
    pub fn new() -> Config {
        Config {
            runtime: "::cajal::runtime".into(),
            out_dir: None,
        }
    }

    /// The path of the runtime crate in the generated code (e.g. `::cajal_runtime` for a
    /// crate that depends on the runtime without the facade).
    pub fn runtime(mut self, path: &str) -> Config {
        self.runtime = path.to_string();
        self
    }

    /// Writes into `dir` instead of `$OUT_DIR`.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Config {
        self.out_dir = Some(dir.into());
        self
    }

    /// Compiles each file into `<out dir>/<file stem>.rs` (formatted Rust) and tells Cargo
    /// to run the build script again when a file changes. Returns the written paths.
    pub fn compile(&self, files: &[impl AsRef<Path>]) -> Result<Vec<PathBuf>, BuildError> {
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| {
                    BuildError(
                        "OUT_DIR is not set: call `compile` from a build script, or set `out_dir`"
                            .into(),
                    )
                })?,
        };
        let runtime: TokenStream = self
            .runtime
            .parse()
            .map_err(|_| BuildError(format!("`{}` is not a Rust path", self.runtime)))?;
        let mut written = Vec::new();
        for file in files {
            let file = file.as_ref();
            let options = Options {
                runtime: runtime.clone(),
                spans: None,
                files_dir: parent_dir(file),
            };
            println!("cargo:rerun-if-changed={}", file.display());
            let code = rust_of_file(file, &options)?;
            let stem = file
                .file_stem()
                .and_then(|s| s.to_str())
                .ok_or_else(|| BuildError(format!("`{}` has no file name", file.display())))?;
            let target = out_dir.join(format!("{stem}.rs"));
            std::fs::write(&target, code)
                .map_err(|e| BuildError(format!("cannot write `{}`: {e}", target.display())))?;
            written.push(target);
        }
        Ok(written)
    }
}

/// The directory of `file` as text (`""` for a bare file name).
pub fn parent_dir(file: &Path) -> String {
    file.parent()
        .map(|p| p.display().to_string())
        .unwrap_or_default()
}

/// The formatted Rust code of every item in `file`.
pub fn rust_of_file(file: &Path, options: &Options) -> Result<String, BuildError> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| BuildError(format!("cannot read `{}`: {e}", file.display())))?;
    let name = file.display().to_string();
    let tokens = generate(&text, options).map_err(|d| BuildError(d.render(&name, &text)))?;
    pretty(tokens).map_err(|e| BuildError(format!("{name}: generated code does not parse: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_become_formatted_rust_in_the_out_dir() {
        let dir = std::env::temp_dir().join(format!("cajal-build-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let good = dir.join("decay.cajal");
        std::fs::write(
            &good,
            "/// Decay.\npub mass Decay { parameters { tau = 10 ms } state { x = 1 } equations { dx/dt = -x/tau } }\n",
        )
        .unwrap();
        let written = Config::new()
            .runtime("::cajal_runtime")
            .out_dir(&dir)
            .compile(&[&good])
            .unwrap();
        assert_eq!(written, vec![dir.join("decay.rs")]);
        let code = std::fs::read_to_string(&written[0]).unwrap();
        assert!(code.contains("pub struct Decay {"), "{code}");
        assert!(code.contains("impl ::cajal_runtime::__private::Model for Decay"));
        syn::parse_file(&code).expect("valid Rust");

        let bad = dir.join("bad.cajal");
        std::fs::write(
            &bad,
            "mass Bad {\n  state { x = 1 }\n  equations { dx/dt = -x/tau }\n}\n",
        )
        .unwrap();
        let err = Config::new()
            .out_dir(&dir)
            .compile(&[&bad])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("unknown name `tau`") && err.contains(":3:"),
            "{err}"
        );
        let missing = Config::new()
            .out_dir(&dir)
            .compile(&[dir.join("none.cajal")]);
        assert!(missing.unwrap_err().to_string().contains("cannot read"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
