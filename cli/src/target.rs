//! What the model argument of `show` and `simulate` names, resolved once: an item of the
//! library (model, network, coupling, synapse), or a model or network of a `.cajal` file.

use cajal_lang::ir::{Item, Model};
use cajal_models::catalog::{self, Entry, NetworkEntry, SynapseEntry};
use cajal_models::frontend::ModelCode;
use cajal_runtime::CouplingInfo;
use cajal_runtime::interpreter::InterpretedNetwork;

use crate::fail;
use crate::failure::Failure;
use crate::source::{interpret_network, is_file, load_file};

/// The item a model argument names.
pub enum Target {
    /// A library model: compiled code.
    LibraryModel(&'static Entry),
    /// A library network: compiled code.
    LibraryNetwork(&'static NetworkEntry),
    /// A library coupling.
    LibraryCoupling(&'static CouplingInfo),
    /// A library synapse.
    LibrarySynapse(&'static SynapseEntry),
    /// A model of a file: interpreted.
    FileModel(Box<Model>),
    /// A network of a file: interpreted, with the models and synapses it uses.
    FileNetwork(Box<InterpretedNetwork>),
}

impl Target {
    /// Resolves `arg`: a library item by name, or a `.cajal` file (its item `item` when the
    /// file holds several).
    pub fn resolve(arg: &str, item: Option<&str>) -> Result<Target, Failure> {
        if is_file(arg) {
            return from_file(arg, item);
        }
        let target = if let Some(net) = catalog::find_network(arg) {
            Target::LibraryNetwork(net)
        } else if let Some(c) = catalog::find_coupling(arg) {
            Target::LibraryCoupling(c)
        } else if let Some(s) = catalog::find_synapse(arg) {
            Target::LibrarySynapse(s)
        } else if let Some(e) = catalog::find(arg) {
            Target::LibraryModel(e)
        } else {
            let names: Vec<&str> = catalog::MODELS.iter().map(|e| e.info.name).collect();
            let networks: Vec<&str> = catalog::NETWORKS.iter().map(|e| e.name).collect();
            fail!(
                "no library model or network is called `{arg}` (a model file must end in `.cajal`)\n  models: {}\n  networks: {}",
                names.join(", "),
                networks.join(", ")
            )
        };
        if item.is_some() {
            fail!(
                "--model picks an item of a file; `{arg}` is a library {}",
                target.kind()
            );
        }
        Ok(target)
    }

    /// What kind of item it is, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Target::LibraryModel(e) => e.info.kind.keyword(),
            Target::FileModel(m) => m.kind.keyword(),
            Target::LibraryNetwork(_) | Target::FileNetwork(_) => "network",
            Target::LibraryCoupling(_) => "coupling",
            Target::LibrarySynapse(_) => "synapse",
        }
    }

    /// The checked model of a model target (a library model is checked again from its
    /// source text); an error naming the kind for other targets.
    pub fn model_ir(&self) -> Result<Model, Failure> {
        match self {
            Target::FileModel(m) => Ok((**m).clone()),
            Target::LibraryModel(e) => Ok(ModelCode::Library(e).ir()?),
            Target::FileNetwork(n) => fail!("`{}` is a network, not a model", n.ir().name),
            other => fail!(
                "this is a library {}; `simulate` runs neuron and mass models and networks",
                other.kind()
            ),
        }
    }
}

/// The model or network `item` of the file `path` (the only one, or the file's network when
/// it has one network and several models).
fn from_file(path: &str, item: Option<&str>) -> Result<Target, Failure> {
    let (text, items) = load_file(path)?;
    let names: Vec<&str> = items
        .iter()
        .filter_map(|i| match i {
            Item::Model(m) => Some(m.name.as_str()),
            Item::Network(n) => Some(n.name.as_str()),
            Item::Coupling(_) | Item::Synapse(_) => None,
        })
        .collect();
    let networks: Vec<&str> = items
        .iter()
        .filter_map(|i| match i {
            Item::Network(n) => Some(n.name.as_str()),
            _ => None,
        })
        .collect();
    let wanted = match (item, names.len(), &networks[..]) {
        (Some(name), _, _) if names.contains(&name) => name.to_string(),
        (Some(name), _, _) => fail!(
            "`{path}` has no model or network `{name}`; it has {}",
            names.join(", ")
        ),
        (None, 0, _) => fail!("`{path}` has no neuron or mass model and no network"),
        (None, 1, _) => names[0].to_string(),
        // A file's network is what the file is for; its models are its parts.
        (None, _, [network]) => network.to_string(),
        (None, _, _) => fail!(
            "`{path}` has several models and networks ({}); pick one with --model NAME",
            names.join(", ")
        ),
    };
    let network = items.iter().find_map(|i| match i {
        Item::Network(n) if n.name == wanted => Some(n.clone()),
        _ => None,
    });
    if let Some(net) = network {
        let interpreted = interpret_network(net, &items, path, &text)?;
        return Ok(Target::FileNetwork(Box::new(interpreted)));
    }
    match items.into_iter().find_map(|i| match i {
        Item::Model(m) if m.name == wanted => Some(m),
        _ => None,
    }) {
        Some(m) => Ok(Target::FileModel(Box::new(m))),
        None => fail!("`{path}` has no model `{wanted}`"),
    }
}
