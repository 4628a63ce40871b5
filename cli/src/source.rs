//! Model files and library texts: a `.cajal` file read and checked by the same grammar as
//! `neural_model!`, a library item checked again from its text, and a file's network with
//! the file's own models and synapses and those of the library.

use std::path::Path;

use cajal_lang::ir::{Item, Model, Network};
use cajal_models::catalog;
use cajal_runtime::interpreter::{InterpretedNetwork, Types};

use crate::fail;
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
        Ok(items) => Ok((text, items)),
        Err(d) => Err(Failure(d.render(path, &text))),
    }
}

/// The types a file's network may use: the file's models and synapses (interpreted), then
/// the library's (compiled) under the names the file does not take.
fn types_for(items: &[Item]) -> Result<Types, Failure> {
    let mut types = Types::new();
    types.interpret(items);
    for e in catalog::MODELS {
        if !types.has(e.info.name) {
            let ir = library_item(e.info.name, e.info.source)?.model()?;
            types.add_model(ir, Box::new(e.build));
        }
    }
    for e in catalog::SYNAPSES {
        if !types.has(e.info.name) {
            let ir = library_item(e.info.name, e.info.source)?.synapse()?;
            types.add_synapse(ir, Box::new(e.build));
        }
    }
    // Library couplings are interpreted from their text (the same arithmetic).
    let mut couplings = Vec::new();
    for info in catalog::COUPLINGS {
        if !types.has(info.name) {
            couplings.push(library_item(info.name, info.source)?.1);
        }
    }
    types.interpret(&couplings);
    Ok(types)
}

/// A library item checked again from its source text.
pub struct LibraryItem(String, Item);

/// The library item `name` checked again from its text `source`.
pub fn library_item(name: &str, source: &str) -> Result<LibraryItem, Failure> {
    let items = cajal_lang::compile_items(source).map_err(|d| {
        Failure(format!(
            "error: the library's `{name}` does not check from its text:\n{}",
            d.render(name, source)
        ))
    })?;
    match items.into_iter().next() {
        Some(item) => Ok(LibraryItem(name.to_string(), item)),
        None => fail!("the library's `{name}` has no item in its text"),
    }
}

impl LibraryItem {
    /// The item as a model.
    pub fn model(self) -> Result<Model, Failure> {
        match self.1 {
            Item::Model(m) => Ok(m),
            _ => fail!("the library's `{}` is not a model", self.0),
        }
    }

    /// The item as a coupling.
    pub fn coupling(self) -> Result<cajal_lang::ir::Coupling, Failure> {
        match self.1 {
            Item::Coupling(c) => Ok(c),
            _ => fail!("the library's `{}` is not a coupling", self.0),
        }
    }

    /// The item as a synapse.
    pub fn synapse(self) -> Result<cajal_lang::ir::Synapse, Failure> {
        match self.1 {
            Item::Synapse(s) => Ok(s),
            _ => fail!("the library's `{}` is not a synapse", self.0),
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
    let types = types_for(items)?;
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
