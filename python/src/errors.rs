//! Python exceptions for Cajal's errors: `ModelError` for text that does not check (the
//! rendered diagnostics, with the position of each), `SimulationError` for a run that
//! diverged (with what it recorded), and the built-in exceptions for everything else.

use cajal_lang::Diagnostics;
use cajal_runtime::Error;
use pyo3::exceptions::{
    PyKeyboardInterrupt, PyMemoryError, PyOSError, PyRuntimeError, PyValueError,
};
use pyo3::prelude::*;
use pyo3::types::PyDict;

pyo3::create_exception!(
    _cajal,
    ModelError,
    PyValueError,
    "Model text that does not check. The message is the rendered diagnostics (line, column, \
     caret, help); `line`, `column`, `message` and `help` give the first one, `diagnostics` \
     all of them (dicts with the same keys and `start`, `end`: byte offsets in the text)."
);

pyo3::create_exception!(
    _cajal,
    SimulationError,
    PyRuntimeError,
    "A run that stopped before its end because a state became NaN or infinite: the message \
     names the variable, instance and time; `recording` holds what was recorded until then."
);

/// The Python exception for a runtime error (a divergence without its recording).
pub fn runtime_error(e: Error) -> PyErr {
    let message = e.to_string();
    match e {
        Error::Diverged { .. } => SimulationError::new_err(message),
        Error::Interrupted { .. } => PyKeyboardInterrupt::new_err(message),
        Error::Budget { .. } => PyMemoryError::new_err(message),
        Error::Io { .. } => PyOSError::new_err(message),
        _ => PyValueError::new_err(message),
    }
}

/// Shorthand: a runtime result as a Python result.
pub fn check<T>(r: Result<T, Error>) -> PyResult<T> {
    r.map_err(runtime_error)
}

/// A `ValueError` with `message`.
pub fn value_error(message: impl Into<String>) -> PyErr {
    PyValueError::new_err(message.into())
}

/// `ModelError` for the diagnostics of `source` (shown as `file_name`).
pub fn model_error(py: Python<'_>, diags: &Diagnostics, file_name: &str, source: &str) -> PyErr {
    let err = ModelError::new_err(diags.render(file_name, source));
    let attach = || -> PyResult<()> {
        let value = err.value(py);
        let mut list = Vec::new();
        for d in diags {
            let (line, column) = d.line_column(source);
            let entry = PyDict::new(py);
            entry.set_item("message", &d.message)?;
            entry.set_item("line", line)?;
            entry.set_item("column", column)?;
            entry.set_item("start", d.loc.start)?;
            entry.set_item("end", d.loc.end)?;
            entry.set_item("help", d.help.clone())?;
            list.push(entry);
        }
        if let Some(first) = list.first() {
            for key in ["message", "line", "column", "help"] {
                value.setattr(key, first.get_item(key)?)?;
            }
        }
        value.setattr("diagnostics", list)?;
        Ok(())
    };
    match attach() {
        Ok(()) => err,
        Err(e) => e,
    }
}
