//! What the front ends (the command line and the Python package) share about the library
//! as text: a library item checked again from its source, the types a text's network may
//! use (the text's own items, then the library's), a network — from the library or from a
//! text — built with a preset, parameter values and a seed, and a whole-brain network
//! composed around a library mass ([`compose`]).

use std::sync::Arc;

use cajal_lang::ir::{Coupling, Item, Model, Synapse};
use cajal_runtime::distributed::Share;
use cajal_runtime::interpreter::{InterpretedNetwork, Interpreter, Types};
use cajal_runtime::{Error, ModelInfo, Network, ParamInfo};

use crate::catalog::{self, Entry, NetworkEntry};

mod compose;
pub use compose::{Composition, compose};

/// A library item checked again from its source text.
pub struct LibraryItem(String, Item);

/// The library item `name` checked again from its text `source` (an error names the item
/// and shows the diagnostics).
pub fn library_item(name: &str, source: &str) -> Result<LibraryItem, String> {
    let items = cajal_lang::compile_items(source).map_err(|d| {
        format!(
            "the library's `{name}` does not check from its text:\n{}",
            d.render(name, source)
        )
    })?;
    match items.into_iter().next() {
        Some(item) => Ok(LibraryItem(name.to_string(), item)),
        None => Err(format!("the library's `{name}` has no item in its text")),
    }
}

impl LibraryItem {
    /// The item as a model.
    pub fn model(self) -> Result<Model, String> {
        match self.1 {
            Item::Model(m) => Ok(m),
            _ => Err(format!("the library's `{}` is not a model", self.0)),
        }
    }

    /// The item as a coupling.
    pub fn coupling(self) -> Result<Coupling, String> {
        match self.1 {
            Item::Coupling(c) => Ok(c),
            _ => Err(format!("the library's `{}` is not a coupling", self.0)),
        }
    }

    /// The item as a synapse.
    pub fn synapse(self) -> Result<Synapse, String> {
        match self.1 {
            Item::Synapse(s) => Ok(s),
            _ => Err(format!("the library's `{}` is not a synapse", self.0)),
        }
    }
}

/// Where a population's code comes from: a library model (compiled) or a model of a text
/// (interpreted).
#[derive(Clone)]
pub enum ModelCode {
    /// A library model.
    Library(&'static Entry),
    /// A model of a text.
    Interpreted(Arc<Interpreter>),
}

impl ModelCode {
    /// Names, units and documentation of the model.
    pub fn info(&self) -> &'static ModelInfo {
        match self {
            ModelCode::Library(e) => e.info,
            ModelCode::Interpreted(i) => i.info(),
        }
    }

    /// `n` instances in their initial state.
    pub fn build(&self, n: usize) -> Box<dyn cajal_runtime::Model + Send> {
        match self {
            ModelCode::Library(e) => (e.build)(n),
            ModelCode::Interpreted(i) => Box::new(i.population(n)),
        }
    }

    /// The checked model (a library model checked again from its text): its parameters'
    /// derived defaults and its presets.
    pub fn ir(&self) -> Result<Model, String> {
        match self {
            ModelCode::Library(e) => library_item(e.info.name, e.info.source)?.model(),
            ModelCode::Interpreted(i) => Ok(i.model().clone()),
        }
    }
}

/// A model's parameter values from `preset` (if named) and then the `explicit`
/// (parameter, value) settings, as the (parameter, value) pairs that differ from the
/// defaults — the defaults that read other parameters recomputed (`V_cut = V_T + 5*Delta_T`
/// follows a new `V_T` unless `V_cut` is set too).
pub fn parameter_values(
    model: &Model,
    preset: Option<&str>,
    explicit: &[(usize, f64)],
) -> Result<Vec<(usize, f64)>, String> {
    let mut values = match preset {
        Some(name) => preset_values(model, name)?.to_vec(),
        None => Vec::new(),
    };
    values.extend_from_slice(explicit);
    Ok(cajal_lang::ir::changed_params(&model.params, &values))
}

/// The (parameter, value) pairs preset `name` of `model` states.
pub fn preset_values<'m>(model: &'m Model, name: &str) -> Result<&'m [(usize, f64)], String> {
    match model.presets.iter().find(|p| p.name == name) {
        Some(preset) => Ok(&preset.values),
        None => {
            let names: Vec<&str> = model.presets.iter().map(|p| p.name.as_str()).collect();
            Err(format!(
                "`{}` has no preset `{name}`; it has {}",
                model.name,
                if names.is_empty() {
                    "none".to_string()
                } else {
                    names.join(", ")
                }
            ))
        }
    }
}

/// Every library model, synapse and coupling read from its text and interpreted (run by
/// the JIT where one is installed): what the compiled library is compared with.
pub fn interpreted_library() -> Result<Types, String> {
    let sources = catalog::MODELS
        .iter()
        .map(|e| (e.info.name, e.info.source))
        .chain(
            catalog::SYNAPSES
                .iter()
                .map(|s| (s.info.name, s.info.source)),
        )
        .chain(catalog::COUPLINGS.iter().map(|c| (c.name, c.source)));
    let mut types = Types::new();
    for (name, source) in sources {
        let items = cajal_lang::compile_items(source).map_err(|d| {
            format!(
                "the library's `{name}` does not check from its text:\n{}",
                d.render(name, source)
            )
        })?;
        types.interpret(&items);
    }
    Ok(types)
}

/// The types a text's network may use: the text's models, synapses and couplings
/// (interpreted), then the library's models and synapses (compiled) and couplings
/// (interpreted from their text: the same arithmetic) under the names the text does not
/// take.
pub fn library_types(items: &[Item]) -> Result<Types, String> {
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
    let mut couplings = Vec::new();
    for info in catalog::COUPLINGS {
        if !types.has(info.name) {
            couplings.push(library_item(info.name, info.source)?.1);
        }
    }
    types.interpret(&couplings);
    Ok(types)
}

/// Builds a network from an optional preset, (parameter index, value) settings and an
/// optional seed.
type BuildNetwork = dyn Fn(Option<&str>, &[(usize, f64)], Option<u64>, Share) -> Result<Network, Error>
    + Send
    + Sync;

/// A network to build, from the library or a text: its parameters (what settings may
/// change) and how it is built.
pub struct NetworkPlan {
    /// The network's name.
    pub name: String,
    /// (name, unit) of each parameter, in order.
    pub params: Vec<(String, String)>,
    /// The time step it is written for (ms).
    pub dt_ms: f64,
    build: Box<BuildNetwork>,
}

fn named_params(params: &[ParamInfo]) -> Vec<(String, String)> {
    params
        .iter()
        .map(|p| (p.name.to_string(), p.unit.to_string()))
        .collect()
}

impl NetworkPlan {
    /// A library network (compiled).
    pub fn library(net: &'static NetworkEntry) -> NetworkPlan {
        NetworkPlan {
            name: net.name.to_string(),
            params: named_params(net.params),
            dt_ms: net.dt_ms,
            build: Box::new(net.build),
        }
    }

    /// The network of a text (interpreted).
    pub fn interpreted(net: Arc<InterpretedNetwork>) -> NetworkPlan {
        let ir = net.ir();
        NetworkPlan {
            name: ir.name.clone(),
            params: ir
                .params
                .iter()
                .map(|p| (p.name.clone(), p.unit.text.clone()))
                .collect(),
            dt_ms: ir.dt_ms,
            build: Box::new(move |preset, settings, seed, share| {
                let mut values = match preset {
                    Some(name) => net.preset(name)?,
                    None => net.defaults(),
                };
                for (k, v) in settings {
                    net.check_settable(*k)?;
                    values[*k] = *v;
                }
                let seed = seed.unwrap_or(net.ir().seed);
                Ok(net.build_on(&values, seed, share)?.network)
            }),
        }
    }

    /// The network from its defaults or `preset`, with the (parameter index, value in its
    /// unit) `settings`, and `seed` for every random stream (else its own).
    pub fn build(
        &self,
        preset: Option<&str>,
        settings: &[(usize, f64)],
        seed: Option<u64>,
    ) -> Result<Network, Error> {
        (self.build)(preset, settings, seed, Share::whole())
    }

    /// As [`NetworkPlan::build`], holding only this rank's `share` of the network (see
    /// [`cajal_runtime::distributed`]).
    pub fn build_on(
        &self,
        preset: Option<&str>,
        settings: &[(usize, f64)],
        seed: Option<u64>,
        share: Share,
    ) -> Result<Network, Error> {
        (self.build)(preset, settings, seed, share)
    }
}
