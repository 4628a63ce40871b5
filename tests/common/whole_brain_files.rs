//! Whole-brain network files in tests: scratch directories, matrices written as CSV, and
//! networks interpreted with the library's models and couplings (from their text), their
//! file names read relative to a directory.

#![allow(dead_code)] // each test file uses its own subset

use std::path::{Path, PathBuf};

use cajal::runtime::interpreter::{BuiltNetwork, InterpretedNetwork, Types};
use cajal_lang::ir::Item;
use cajal_models::catalog;

/// A fresh directory for one test's files.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cajal-files-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `rows` as comma-separated text (shortest round-trip decimals: read back bit for bit).
pub fn write_csv(path: &Path, rows: &[Vec<f64>]) {
    let text: String = rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|x| format!("{x:e}"))
                .collect::<Vec<_>>()
                .join(",")
                + "\n"
        })
        .collect();
    std::fs::write(path, text).unwrap();
}

/// The checked network of `text` with its uses resolved (the file's items, then the
/// library's models and couplings), reading files from `dir`; errors as text.
pub fn plan(text: &str, dir: &Path) -> Result<InterpretedNetwork, String> {
    let items = cajal_lang::compile_items(text).map_err(|d| d.render("net.cajal", text))?;
    let mut types = Types::new();
    types.interpret(&items);
    for source in catalog::MODELS
        .iter()
        .map(|e| e.info.source)
        .chain(catalog::COUPLINGS.iter().map(|c| c.source))
    {
        types.interpret(&cajal_lang::compile_items(source).expect("library items check"));
    }
    let ir = items
        .into_iter()
        .find_map(|i| match i {
            Item::Network(n) => Some(n),
            _ => None,
        })
        .ok_or("the text holds no network")?;
    let net = InterpretedNetwork::new(ir, &types).map_err(|d| format!("{d:?}"))?;
    Ok(net.with_files_dir(dir))
}

/// The network of `text` built with its defaults; any error fails the test.
pub fn interpret(text: &str, dir: &Path) -> BuiltNetwork {
    let net = plan(text, dir).unwrap_or_else(|e| panic!("{e}"));
    net.build(&net.defaults(), net.ir().seed).unwrap()
}

/// The error of building the network of `text` (which must check).
pub fn build_error(text: &str, dir: &Path) -> String {
    let net = plan(text, dir).unwrap_or_else(|e| panic!("{e}"));
    match net.build(&net.defaults(), net.ir().seed) {
        Ok(_) => panic!("the network built"),
        Err(e) => e.to_string(),
    }
}
