//! `cajal._cajal`: the native part of the `cajal` Python package. The library's compiled
//! models and networks, models written as text (checked with the compiler's diagnostics,
//! run by the interpreter), simulations whose recordings are NumPy arrays handed over
//! without copying, and long runs that release the GIL and stop on Ctrl-C.
//!
//! The Python layer (`cajal/__init__.py`) re-exports these and adds what needs optional
//! packages (pandas, tqdm).

use pyo3::prelude::*;

mod builder;
mod errors;
mod items;
mod library;
mod mass;
mod model;
mod network;
mod recording;
mod run;
mod simulation;
mod stimulus;
mod values;
mod whole_brain;

/// Chooses what runs models written as text: `"jit"` (their equations compiled to native
/// code, the default; the same results to the last bit) or `"interp"` (the interpreter's
/// expression trees, the reference). Applies to models compiled from then on.
#[pyfunction]
fn set_engine(engine: &str) -> PyResult<()> {
    match engine {
        "jit" => cajal_jit::install(),
        "interp" => cajal_jit::uninstall(),
        other => {
            return Err(errors::value_error(format!(
                "the engine is \"jit\" or \"interp\", not \"{other}\""
            )));
        }
    }
    Ok(())
}

/// The module `cajal._cajal`.
#[pymodule]
fn _cajal(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    cajal_jit::install();
    m.add_function(wrap_pyfunction!(set_engine, m)?)?;
    m.add("ModelError", py.get_type::<errors::ModelError>())?;
    m.add("SimulationError", py.get_type::<errors::SimulationError>())?;
    m.add_function(wrap_pyfunction!(library::library, m)?)?;
    m.add_function(wrap_pyfunction!(library::show, m)?)?;
    m.add_function(wrap_pyfunction!(items::compile, m)?)?;
    for f in [
        wrap_pyfunction!(whole_brain::whole_brain, m)?,
        wrap_pyfunction!(mass::mass_network, m)?,
        wrap_pyfunction!(whole_brain::connectome, m)?,
        wrap_pyfunction!(whole_brain::functional_connectivity, m)?,
        wrap_pyfunction!(whole_brain::fc_similarity, m)?,
        wrap_pyfunction!(whole_brain::order_parameter, m)?,
        wrap_pyfunction!(whole_brain::analytic_phase, m)?,
        wrap_pyfunction!(whole_brain::welch, m)?,
        wrap_pyfunction!(whole_brain::fcd, m)?,
    ] {
        m.add_function(f)?;
    }
    m.add_class::<items::Items>()?;
    m.add_class::<items::ItemType>()?;
    m.add_class::<model::PyModel>()?;
    m.add_class::<simulation::PySimulation>()?;
    m.add_class::<recording::PyRecording>()?;
    m.add_class::<network::PyNetwork>()?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
