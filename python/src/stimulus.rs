//! An input's drive given from Python: one value (a number in the input's unit or a string
//! with a unit), one per instance, piecewise-constant steps, or a NumPy time series — what
//! `Simulation.drive` and `Network.drive` take.

use cajal_runtime::Stimulus;
use numpy::{PyReadonlyArray1, PyReadonlyArray2, PyUntypedArrayMethods};
use pyo3::prelude::*;

use crate::errors::value_error;
use crate::values::{Value, rows_of, scalar_in, time_ms, type_name, value_in};

/// The stimulus of input `name` (`unit`, `n` instances) from exactly one of `value`,
/// `steps` (`[(t_start, value), …]`) and `series` (`(steps,)` or `(steps, n)` float64).
pub fn stimulus(
    name: &str,
    (unit, n): (&str, usize),
    value: Option<&Bound<'_, PyAny>>,
    steps: Option<Vec<(Bound<'_, PyAny>, Bound<'_, PyAny>)>>,
    series: Option<&Bound<'_, PyAny>>,
) -> PyResult<Stimulus> {
    let what = format!("input `{name}`");
    Ok(match (value, steps, series) {
        (Some(v), None, None) => match value_in(v, unit, &what, n)? {
            Value::One(x) => Stimulus::Constant(x),
            Value::Each(xs) => Stimulus::PerInstance(xs),
        },
        (None, Some(steps), None) => {
            let mut segments = Vec::with_capacity(steps.len());
            for (t, v) in &steps {
                segments.push((
                    time_ms(t, "a step's start time")?,
                    scalar_in(v, unit, &what)?,
                ));
            }
            Stimulus::Piecewise(segments)
        }
        (None, None, Some(series)) => Stimulus::Series(rows(series, n, &what)?),
        _ => {
            return Err(value_error(format!(
                "drive(\"{name}\", …): give one of value, steps=[(t, value), …] or series=array"
            )));
        }
    })
}

/// The rows of a time series for `n` instances: a `(steps,)` array (the same value for
/// every instance) or `(steps, n)`.
fn rows(series: &Bound<'_, PyAny>, n: usize, what: &str) -> PyResult<Vec<Vec<f64>>> {
    if let Ok(a) = series.extract::<PyReadonlyArray1<'_, f64>>() {
        return Ok(a.as_array().iter().map(|&x| vec![x; n]).collect());
    }
    if let Ok(a) = series.extract::<PyReadonlyArray2<'_, f64>>() {
        if a.shape()[1] != n {
            return Err(value_error(format!(
                "{what}: a series of shape {:?} has {} columns for {n} instances (one row per step)",
                a.shape(),
                a.shape()[1]
            )));
        }
        return Ok(rows_of(&a));
    }
    Err(value_error(format!(
        "{what}: a series is a float64 array of shape (steps,) or (steps, {n}), not {}",
        type_name(series)
    )))
}
