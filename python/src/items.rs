//! `cajal.compile(text)`: models, synapses, couplings and networks written as text, checked
//! by the same compiler as `neural_model!` (a `ModelError` with the rendered diagnostics if
//! they do not check), and run by the interpreter.

use std::path::PathBuf;
use std::sync::Arc;

use cajal_lang::ir::{self, Item};
use cajal_models::frontend;
use cajal_runtime::interpreter::{Engine, InterpretedCoupling, InterpretedNetwork, Interpreter};
use pyo3::exceptions::PyKeyError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::errors::{model_error, value_error};
use crate::library::describe_model;

/// What one compiled item is.
pub enum ItemKind {
    /// A neuron or mass: interpreted populations.
    Model(Arc<Interpreter>),
    /// A network, checked against the items it uses (the text's, then the library's).
    Network(Arc<InterpretedNetwork>),
    /// A synapse (for the text's networks and `Network.connect`).
    Synapse(Box<ir::Synapse>),
    /// A coupling (for the text's networks and `Network.couple`), compiled by the engine
    /// set when the text was compiled.
    Coupling(Box<InterpretedCoupling>),
}

/// One item of a compiled text: pass a model to `cajal.Model`, a network to
/// `cajal.Network`, a synapse to `Network.connect`, a coupling to `Network.couple`.
#[pyclass(module = "cajal._cajal", frozen)]
pub struct ItemType {
    name: String,
    doc: String,
    pub kind: ItemKind,
}

impl ItemType {
    /// `<cajal KIND NAME>`, for messages.
    pub fn label(&self) -> String {
        format!("<cajal {} {}>", self.kind(), self.name)
    }
}

#[pymethods]
impl ItemType {
    /// The item's name.
    #[getter]
    fn name(&self) -> &str {
        &self.name
    }

    /// `neuron`, `mass`, `synapse`, `coupling` or `network`.
    #[getter]
    fn kind(&self) -> &'static str {
        match &self.kind {
            ItemKind::Model(m) => m.info().kind.keyword(),
            ItemKind::Network(_) => "network",
            ItemKind::Synapse(_) => "synapse",
            ItemKind::Coupling(_) => "coupling",
        }
    }

    /// The item's doc comment.
    #[getter]
    fn doc(&self) -> &str {
        &self.doc
    }

    /// What runs a model's equations or a coupling's terms: `"jit"` (native code), or
    /// `"interpreter"` with the reason the JIT left it, if it was asked (`cajal.set_engine`
    /// when the text was compiled); `None` for other items.
    #[getter]
    fn engine(&self) -> Option<String> {
        let refusal = match &self.kind {
            ItemKind::Model(m) => match m.engine() {
                Engine::Native { .. } => Ok(()),
                Engine::Interpreter(why) => Err(why.clone()),
            },
            ItemKind::Coupling(c) => c.native(),
            _ => return None,
        };
        Some(match refusal {
            Ok(()) => "jit".into(),
            Err(None) => "interpreter".into(),
            Err(Some(why)) => format!("interpreter ({why})"),
        })
    }

    /// A model's parameters, variables, equations and methods, as `cajal.show` gives them
    /// for library models.
    fn info<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        match &self.kind {
            ItemKind::Model(m) => describe_model(py, m.info()),
            _ => Err(value_error(format!(
                "`{}` is a {}: only models have a description here",
                self.name,
                self.kind()
            ))),
        }
    }

    fn __repr__(&self) -> String {
        self.label()
    }
}

/// The items of one text, by name.
#[pyclass(module = "cajal._cajal", frozen)]
pub struct Items {
    items: Vec<(String, Py<ItemType>)>,
}

impl Items {
    /// The first network of the text, if it has one.
    pub fn network(&self, py: Python<'_>) -> Option<Arc<InterpretedNetwork>> {
        self.items
            .iter()
            .find_map(|(_, item)| match &item.bind(py).get().kind {
                ItemKind::Network(net) => Some(net.clone()),
                _ => None,
            })
    }
}

#[pymethods]
impl Items {
    fn __getitem__(&self, py: Python<'_>, name: &str) -> PyResult<Py<ItemType>> {
        match self.items.iter().find(|(n, _)| n == name) {
            Some((_, item)) => Ok(item.clone_ref(py)),
            None => {
                let names: Vec<&str> = self.items.iter().map(|(n, _)| n.as_str()).collect();
                Err(PyKeyError::new_err(format!(
                    "the text has no item `{name}`; it has {}",
                    names.join(", ")
                )))
            }
        }
    }

    fn __contains__(&self, name: &str) -> bool {
        self.items.iter().any(|(n, _)| n == name)
    }

    fn __len__(&self) -> usize {
        self.items.len()
    }

    /// The item names, in the order of the text.
    fn keys(&self) -> Vec<String> {
        self.items.iter().map(|(n, _)| n.clone()).collect()
    }

    fn __iter__(&self) -> Vec<String> {
        self.keys()
    }

    fn __repr__(&self) -> String {
        format!("<cajal items: {}>", self.keys().join(", "))
    }
}

/// Checks `text` (models, synapses, couplings and networks in the Cajal language) and
/// returns its items by name. Networks may use the text's own items and the library's;
/// files they name (`connectome("w.csv")`, `column(...)`) are read relative to `directory`
/// (the current directory by default). Raises `ModelError` with the rendered diagnostics
/// (`name` is the file name they show) if the text does not check.
#[pyfunction]
#[pyo3(signature = (text, name = "<text>", directory = None))]
pub fn compile(
    py: Python<'_>,
    text: &str,
    name: &str,
    directory: Option<PathBuf>,
) -> PyResult<Items> {
    let checked = cajal_lang::compile_items(text).map_err(|d| model_error(py, &d, name, text))?;
    let types = frontend::library_types(&checked).map_err(value_error)?;
    let dir = directory.unwrap_or_else(|| PathBuf::from("."));
    let mut items = Vec::new();
    for item in &checked {
        let (item_name, doc, kind) = match item {
            Item::Model(m) => (
                m.name.clone(),
                m.doc.join("\n"),
                ItemKind::Model(Interpreter::new(m.clone())),
            ),
            Item::Network(n) => {
                let net = InterpretedNetwork::new(n.clone(), &types).map_err(|d| {
                    let d: cajal_lang::Diagnostics = d.into_iter().collect();
                    model_error(py, &d, name, text)
                })?;
                (
                    n.name.clone(),
                    n.doc.join("\n"),
                    ItemKind::Network(Arc::new(net.with_files_dir(&dir))),
                )
            }
            Item::Synapse(s) => (
                s.dynamics.name.clone(),
                s.dynamics.doc.join("\n"),
                ItemKind::Synapse(Box::new(s.clone())),
            ),
            Item::Coupling(c) => (
                c.name.clone(),
                c.doc.join("\n"),
                ItemKind::Coupling(Box::new(InterpretedCoupling::new(c.clone()))),
            ),
        };
        let item = ItemType {
            name: item_name.clone(),
            doc,
            kind,
        };
        items.push((item_name, Py::new(py, item)?));
    }
    Ok(Items { items })
}
