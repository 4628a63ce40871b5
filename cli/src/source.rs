//! Where a model or network comes from: the library (by name) or a `.cajal` file (parsed
//! and checked by the same grammar as `neural_model!`; a file's network may use the file's
//! own models and synapses and those of the library).

use std::path::Path;

use cajal_lang::ir::{Item, Model, Network};
use cajal_models::catalog::{self, Entry};
use cajal_runtime::interpreter::{InterpretedNetwork, Types};

use crate::fail;
use crate::failure::Failure;

/// A model chosen on the command line.
pub enum Chosen {
    /// A library model: compiled code.
    Library(&'static Entry),
    /// A model of a file: interpreted.
    File(Box<Model>),
    /// A network of a file: interpreted, with the models and synapses it uses.
    Network(Box<InterpretedNetwork>),
}

impl Chosen {
    /// The checked model (library models are checked again from their source text).
    pub fn ir(&self) -> Result<Model, Failure> {
        match self {
            Chosen::File(m) => Ok((**m).clone()),
            Chosen::Network(n) => fail!("`{}` is a network, not a model", n.ir().name),
            Chosen::Library(e) => library_item(e.info.name, e.info.source)?.model(),
        }
    }
}

/// Whether `arg` names a model file rather than a library model.
pub fn is_file(arg: &str) -> bool {
    arg.ends_with(".cajal") || arg.contains('/') || arg.contains('\\')
}

/// Reads and checks a model file: every item, or the rendered diagnostics.
pub fn load_file(path: &str) -> Result<(String, Vec<Item>), Failure> {
    let text = match std::fs::read_to_string(Path::new(path)) {
        Ok(text) => text,
        Err(e) => fail!("cannot read `{path}`: {e}"),
    };
    match cajal_lang::compile_items(&text) {
        Ok(items) => Ok((text, items)),
        Err(d) => Err(Failure(d.render(path, &text))),
    }
}

/// The model `arg` names: a library model, or the model of a file (`model`, when the file
/// holds several).
pub fn choose(arg: &str, model: Option<&str>) -> Result<Chosen, Failure> {
    if !is_file(arg) {
        return match catalog::find(arg) {
            Some(e) => Ok(Chosen::Library(e)),
            None => {
                let names: Vec<&str> = catalog::MODELS.iter().map(|e| e.info.name).collect();
                let networks: Vec<&str> = catalog::NETWORKS.iter().map(|e| e.name).collect();
                fail!(
                    "no library model or network is called `{arg}` (a model file must end in `.cajal`)\n  models: {}\n  networks: {}",
                    names.join(", "),
                    networks.join(", ")
                )
            }
        };
    }
    let (text, items) = load_file(arg)?;
    let names: Vec<&str> = items
        .iter()
        .filter_map(|i| match i {
            Item::Model(m) => Some(m.name.as_str()),
            Item::Network(n) => Some(n.name.as_str()),
            Item::Coupling(_) | Item::Synapse(_) => None,
        })
        .collect();
    let networks = items
        .iter()
        .filter(|i| matches!(i, Item::Network(_)))
        .count();
    let wanted = match (model, names.len(), networks) {
        (Some(name), _, _) if names.contains(&name) => name.to_string(),
        (Some(name), _, _) => fail!(
            "`{arg}` has no model or network `{name}`; it has {}",
            names.join(", ")
        ),
        (None, 0, _) => fail!("`{arg}` has no neuron or mass model and no network"),
        (None, 1, _) => names[0].to_string(),
        // A file's network is what the file is for; its models are its parts.
        (None, _, 1) => items
            .iter()
            .find_map(|i| match i {
                Item::Network(n) => Some(n.name.clone()),
                _ => None,
            })
            .expect("one network"),
        (None, _, _) => fail!(
            "`{arg}` has several models and networks ({}); pick one with --model NAME",
            names.join(", ")
        ),
    };
    let network = items.iter().find_map(|i| match i {
        Item::Network(n) if n.name == wanted => Some(n.clone()),
        _ => None,
    });
    if let Some(net) = network {
        return Ok(Chosen::Network(Box::new(interpret_network(
            net, &items, arg, &text,
        )?)));
    }
    let model = items.into_iter().find_map(|i| match i {
        Item::Model(m) if m.name == wanted => Some(m),
        _ => None,
    });
    Ok(Chosen::File(Box::new(model.expect("a model of that name"))))
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
struct LibraryItem(String, Item);

fn library_item(name: &str, source: &str) -> Result<LibraryItem, Failure> {
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
    fn model(self) -> Result<Model, Failure> {
        match self.1 {
            Item::Model(m) => Ok(m),
            _ => fail!("the library's `{}` is not a model", self.0),
        }
    }

    fn synapse(self) -> Result<cajal_lang::ir::Synapse, Failure> {
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
    InterpretedNetwork::new(net, &types).map_err(|d| {
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
