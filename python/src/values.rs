//! Values given from Python in a declared unit: a number (taken in that unit), a string with
//! its unit (`"0.02/ms"`, `"125 pA"`, checked as the command line's `--set` is), or a NumPy
//! array / sequence of numbers (one value per instance).

use cajal_lang::quantity;
use numpy::{PyReadonlyArray1, PyReadonlyArray2, PyUntypedArrayMethods};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyString};

use crate::errors::value_error;

/// One value, or one per instance.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// The same value for every instance.
    One(f64),
    /// One value per instance.
    Each(Vec<f64>),
}

/// A number, or a string with a unit, in `unit`.
pub fn scalar_in(obj: &Bound<'_, PyAny>, unit: &str, what: &str) -> PyResult<f64> {
    if obj.is_instance_of::<PyBool>() {
        return Err(value_error(format!(
            "{what}: expected a number in {unit} or a string with a unit, not a bool"
        )));
    }
    if let Ok(text) = obj.cast::<PyString>() {
        return quantity::value_in(&text.to_cow()?, unit)
            .map_err(|e| value_error(format!("{what}: {e}")));
    }
    match obj.extract::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        Ok(x) => Err(value_error(format!("{what} must be finite, but is {x}"))),
        Err(_) => Err(value_error(format!(
            "{what}: expected a number in {unit} or a string with a unit such as \"1 {unit}\", \
             not {}",
            type_name(obj)
        ))),
    }
}

/// A number or string (one value), or `n` values in `unit` (one per instance): a float64
/// array, or a sequence of numbers and strings with units.
pub fn value_in(obj: &Bound<'_, PyAny>, unit: &str, what: &str, n: usize) -> PyResult<Value> {
    value_per(obj, unit, what, (n, "instance"))
}

/// True if `obj` is one value (a number or a string with a unit), not one per instance.
pub fn is_one_value(obj: &Bound<'_, PyAny>) -> bool {
    obj.cast::<PyString>().is_ok() || obj.extract::<f64>().is_ok()
}

/// As [`value_in`], for `n` things called `each` (`"instance"`, `"synapse"`) in messages.
pub fn value_per(
    obj: &Bound<'_, PyAny>,
    unit: &str,
    what: &str,
    (n, each): (usize, &str),
) -> PyResult<Value> {
    if is_one_value(obj) {
        return scalar_in(obj, unit, what).map(Value::One);
    }
    let values = values_in(obj, unit, what)?;
    if values.len() != n {
        return Err(value_error(format!(
            "{what}: {} values for {n} {each}s (give one number, or one per {each})",
            values.len()
        )));
    }
    Ok(Value::Each(values))
}

/// One-dimensional values in `unit`: a float64 array (taken as it is), or a sequence of
/// numbers and strings with units.
pub fn values_in(obj: &Bound<'_, PyAny>, unit: &str, what: &str) -> PyResult<Vec<f64>> {
    let values: Vec<f64> = if let Ok(a) = obj.extract::<PyReadonlyArray1<'_, f64>>() {
        a.as_array().to_vec()
    } else if let Ok(a) = obj.cast::<numpy::PyUntypedArray>() {
        return Err(value_error(format!(
            "{what}: expected a one-dimensional float64 array, got {} of {} dimension(s) \
             (convert with numpy.asarray(x, dtype=float).ravel())",
            a.dtype(),
            a.ndim()
        )));
    } else if let Ok(items) = obj.extract::<Vec<Bound<'_, PyAny>>>() {
        let mut values = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            values.push(scalar_in(item, unit, &format!("{what}[{i}]"))?);
        }
        values
    } else {
        return Err(value_error(format!(
            "{what}: expected a number, a string with a unit, or one value per instance, not {}",
            type_name(obj)
        )));
    };
    if let Some(x) = values.iter().find(|x| !x.is_finite()) {
        return Err(value_error(format!(
            "{what}: every value must be finite, not {x}"
        )));
    }
    Ok(values)
}

/// The entries of a dict of values by name (`params=`), in order; the names must be strings.
pub fn named<'py>(
    values: Option<&Bound<'py, PyDict>>,
) -> PyResult<Vec<(String, Bound<'py, PyAny>)>> {
    let Some(values) = values else {
        return Ok(Vec::new());
    };
    values
        .iter()
        .map(|(key, value)| {
            let name = key
                .extract::<String>()
                .map_err(|_| value_error("parameter names are strings"))?;
            Ok((name, value))
        })
        .collect()
}

/// The rows of a 2-D float64 array.
pub fn rows_of(a: &PyReadonlyArray2<'_, f64>) -> Vec<Vec<f64>> {
    a.as_array()
        .rows()
        .into_iter()
        .map(|r| r.to_vec())
        .collect()
}

/// A duration or time step: a number of ms, or a string with a unit of time.
pub fn time_ms(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<f64> {
    scalar_in(obj, "ms", what)
}

/// The Python type name of `obj`, for messages.
pub fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}
