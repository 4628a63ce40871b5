//! Where a model comes from: the library (by name) or a `.cajal` file (parsed and checked
//! by the same grammar as `neural_model!`).

use std::path::Path;

use cajal_lang::ir::{Item, Model};
use cajal_models::catalog::{self, Entry};

use crate::diagnostics::render;
use crate::fail;
use crate::failure::Failure;

/// A model chosen on the command line.
pub enum Chosen {
    /// A library model: compiled code.
    Library(&'static Entry),
    /// A model of a file: interpreted.
    File(Box<Model>),
}

impl Chosen {
    /// The checked model (library models are checked again from their source text).
    pub fn ir(&self) -> Result<Model, Failure> {
        match self {
            Chosen::File(m) => Ok((**m).clone()),
            Chosen::Library(e) => {
                let models = cajal_lang::compile(e.info.source).map_err(|d| {
                    Failure(format!(
                        "error: the library's `{}` does not check from its text:\n{}",
                        e.info.name,
                        render(&d, e.info.name, e.info.source)
                    ))
                })?;
                models
                    .into_iter()
                    .find(|m| m.name == e.info.name)
                    .ok_or_else(|| Failure(format!("error: `{}` is not in its text", e.info.name)))
            }
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
        Err(d) => Err(Failure(render(&d, path, &text))),
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
    let (_, items) = load_file(arg)?;
    let models: Vec<Model> = items
        .into_iter()
        .filter_map(|i| match i {
            Item::Model(m) => Some(m),
            _ => None,
        })
        .collect();
    let names: Vec<String> = models.iter().map(|m| m.name.clone()).collect();
    match (model, models.len()) {
        (_, 0) => fail!("`{arg}` has no neuron or mass model"),
        (None, 1) => Ok(Chosen::File(Box::new(
            models.into_iter().next().expect("one model"),
        ))),
        (None, _) => fail!(
            "`{arg}` has several models ({}); pick one with --model NAME",
            names.join(", ")
        ),
        (Some(name), _) => match models.into_iter().find(|m| m.name == name) {
            Some(m) => Ok(Chosen::File(Box::new(m))),
            None => fail!("`{arg}` has no model `{name}`; it has {}", names.join(", ")),
        },
    }
}
