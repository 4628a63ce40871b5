//! Model files and library texts: a `.cajal` file read and checked by the same grammar as
//! `neural_model!`, a library item checked again from its text, and a file's network with
//! the file's own models and synapses and those of the library.

use std::path::Path;

use cajal_lang::ir::{Item, Network};
use cajal_models::frontend;
use cajal_runtime::interpreter::InterpretedNetwork;

use crate::failure::Failure;

/// Whether `arg` names a model file rather than a library model.
pub fn is_file(arg: &str) -> bool {
    arg.ends_with(".cajal") || arg.contains('/') || arg.contains('\\')
}

/// Reads and checks a model file: every item, or the rendered diagnostics.
pub fn load_file(path: &str) -> Result<(String, Vec<Item>), Failure> {
    let limit = cajal_lang::parse::limits::MAX_TEXT_BYTES as u64;
    let text = cajal_runtime::io::read_text_capped(Path::new(path), limit, "model file")?;
    match cajal_lang::compile_items(&text) {
        Ok(items) => {
            note_interpreted(&items);
            Ok((text, items))
        }
        Err(d) => Err(Failure(d.render(path, &text))),
    }
}

/// Says on stderr which models and couplings of a file the JIT leaves to the interpreter,
/// and why, when the JIT runs them.
fn note_interpreted(items: &[Item]) {
    if cajal_runtime::interpreter::native_compiler().is_none() {
        return;
    }
    for item in items {
        let why = match item {
            Item::Model(m) => cajal_jit::refusal(m),
            Item::Coupling(c) => cajal_jit::coupling_refusal(c),
            _ => None,
        };
        if let Some(why) = why {
            eprintln!("note: {why}");
        }
    }
}

/// `net` of the file `path` (text `text`, checked items `items`) with its uses of other
/// items resolved and checked; errors are rendered at their place in the file.
pub fn interpret_network(
    net: Network,
    items: &[Item],
    path: &str,
    text: &str,
) -> Result<InterpretedNetwork, Failure> {
    let types = frontend::library_types(items)?;
    let dir = std::path::Path::new(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."))
        .to_path_buf();
    InterpretedNetwork::new(net, &types)
        .map(|n| n.with_files_dir(dir))
        .map_err(|d| {
            Failure(
                d.into_iter()
                    .collect::<cajal_lang::Diagnostics>()
                    .render(path, text),
            )
        })
}

/// Checks every network of a file against the items it uses (as compiling it would).
pub fn check_networks(path: &str, text: &str, items: &[Item]) -> Result<(), Failure> {
    for item in items {
        if let Item::Network(net) = item {
            interpret_network(net.clone(), items, path, text)?;
        }
    }
    Ok(())
}
