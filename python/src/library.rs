//! `cajal.library()` and `cajal.show(name)`: what the library holds, and one item's
//! parameters with units and defaults, variables, equations, methods and presets, as plain
//! Python dicts and lists.

use cajal_models::catalog;
use cajal_runtime::{ModelInfo, ParamInfo, VarInfo};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::errors::value_error;

/// The first paragraph of a doc comment.
fn summary(doc: &str) -> &str {
    doc.split("\n\n").next().unwrap_or("").trim()
}

/// Every library item: a list of dicts with `name`, `kind` (neuron, mass, synapse,
/// coupling or network) and `doc` (its first paragraph).
#[pyfunction]
pub fn library(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    let list = PyList::empty(py);
    let add = |name: &str, kind: &str, doc: &str| -> PyResult<()> {
        let d = PyDict::new(py);
        d.set_item("name", name)?;
        d.set_item("kind", kind)?;
        d.set_item("doc", summary(doc))?;
        list.append(d)
    };
    for e in catalog::MODELS {
        add(e.info.name, e.info.kind.keyword(), e.info.doc)?;
    }
    for s in catalog::SYNAPSES {
        add(s.info.name, "synapse", s.info.doc)?;
    }
    for c in catalog::COUPLINGS {
        add(c.name, "coupling", c.doc)?;
    }
    for n in catalog::NETWORKS {
        add(n.name, "network", n.doc)?;
    }
    Ok(list)
}

/// Parameters as a list of dicts: `name`, `unit`, `default`, `doc`.
fn params<'py>(py: Python<'py>, params: &[ParamInfo]) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for p in params {
        let d = PyDict::new(py);
        d.set_item("name", p.name)?;
        d.set_item("unit", p.unit)?;
        d.set_item("default", p.default)?;
        d.set_item("doc", p.doc)?;
        list.append(d)?;
    }
    Ok(list)
}

/// Variables as a list of dicts: `name`, `unit`, `doc`.
fn vars<'py>(py: Python<'py>, vars: &[VarInfo]) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for v in vars {
        let d = PyDict::new(py);
        d.set_item("name", v.name)?;
        d.set_item("unit", v.unit)?;
        d.set_item("doc", v.doc)?;
        list.append(d)?;
    }
    Ok(list)
}

/// A model's description (see [`show`]).
pub fn describe_model<'py>(py: Python<'py>, info: &ModelInfo) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("name", info.name)?;
    d.set_item("kind", info.kind.keyword())?;
    d.set_item("doc", info.doc)?;
    d.set_item("parameters", params(py, info.params)?)?;
    d.set_item("state", vars(py, info.states)?)?;
    d.set_item("inputs", vars(py, info.inputs)?)?;
    d.set_item("outputs", vars(py, info.outputs)?)?;
    d.set_item("equations", info.equations.to_vec())?;
    d.set_item("method", info.method)?;
    d.set_item("method_reason", info.method_reason)?;
    d.set_item("methods", info.methods.to_vec())?;
    d.set_item("schedule", info.schedule)?;
    d.set_item("schedules", info.schedules.to_vec())?;
    d.set_item("presets", info.presets.to_vec())?;
    d.set_item("source", info.source)?;
    Ok(d)
}

/// One library item by name (case, `_` and `-` ignored): a dict with its `name`, `kind`,
/// `doc`, `parameters` (name, unit, default, doc), and for a model its `state`, `inputs`,
/// `outputs`, `equations`, `method` (with `method_reason`), `methods`, `schedules` and
/// `presets`; every item also gives its `source` text in the Cajal language.
#[pyfunction]
pub fn show<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyDict>> {
    if let Some(e) = catalog::find(name) {
        return describe_model(py, e.info);
    }
    let d = PyDict::new(py);
    if let Some(s) = catalog::find_synapse(name) {
        let i = s.info;
        d.set_item("name", i.name)?;
        d.set_item("kind", "synapse")?;
        d.set_item("doc", i.doc)?;
        d.set_item("parameters", params(py, i.params)?)?;
        d.set_item(
            "weight",
            vars(py, std::slice::from_ref(&i.weight))?.get_item(0)?,
        )?;
        d.set_item("state", vars(py, i.states)?)?;
        d.set_item("post", vars(py, i.post)?)?;
        d.set_item("injects", vars(py, i.injects)?)?;
        d.set_item("traces", vars(py, i.traces)?)?;
        d.set_item("plastic", i.plastic)?;
        d.set_item("equations", i.equations.to_vec())?;
        d.set_item("method", i.method)?;
        d.set_item("schedule", i.schedule)?;
        d.set_item("source", i.source)?;
    } else if let Some(c) = catalog::find_coupling(name) {
        d.set_item("name", c.name)?;
        d.set_item("kind", "coupling")?;
        d.set_item("doc", c.doc)?;
        d.set_item("parameters", params(py, c.params)?)?;
        d.set_item("edge", c.edge)?;
        d.set_item("node", c.node)?;
        d.set_item("source", c.source)?;
    } else if let Some(n) = catalog::find_network(name) {
        d.set_item("name", n.name)?;
        d.set_item("kind", "network")?;
        d.set_item("doc", n.doc)?;
        d.set_item("parameters", params(py, n.params)?)?;
        d.set_item("presets", n.presets.to_vec())?;
        d.set_item("dt_ms", n.dt_ms)?;
        d.set_item("source", n.source)?;
    } else {
        return Err(unknown(name));
    }
    Ok(d)
}

/// The error for a name the library does not have, listing what it has.
pub fn unknown(name: &str) -> PyErr {
    let models: Vec<&str> = catalog::MODELS.iter().map(|e| e.info.name).collect();
    let networks: Vec<&str> = catalog::NETWORKS.iter().map(|e| e.name).collect();
    value_error(format!(
        "the library has no model or network called `{name}`\n  models: {}\n  networks: {}\n\
         (cajal.library() lists every item; cajal.compile(text) reads models written as text)",
        models.join(", "),
        networks.join(", ")
    ))
}
