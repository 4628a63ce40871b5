//! Whole-brain studies from Python: a library mass on a connectome composed into a network
//! (as `cajal simulate MASS --connectome …` composes it), the shipped connectomes as arrays,
//! and the analyses of the recorded activity (functional connectivity and its fit, the
//! Kuramoto order parameter, Welch spectra, FC dynamics).

use std::path::PathBuf;

use cajal_models::frontend::{self, Composition, NetworkPlan};
use cajal_runtime::Connectome;
use cajal_runtime::analysis;
use numpy::{PyArray1, PyArray2, PyReadonlyArray1, PyReadonlyArray2};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::errors::{check, value_error};
use crate::items::compile;
use crate::network::PyNetwork;
use crate::values::{rows_of, time_ms};

/// A library mass on a connectome, composed into a network and built: the mass's nodes
/// coupled through `coupling` (state `couple` = `"x->x_inp"` into an input; by default the
/// first state into the first input), with tract-length delays at `speed`, Ornstein–Uhlenbeck
/// noise of standard deviation `noise` per node (`"0.05@y_inp"` names its input), and
/// Balloon–Windkessel BOLD sampled every `tr` (720 ms by default) if `bold`. `connectome` is a shipped name
/// (`"hcp80"`) or a CSV/NPY file of weights (row = target), `lengths` a file of tract lengths
/// (mm); files are read relative to `directory`. The network's parameters are the mass's and
/// the coupling's (`coupling_NAME` where they clash), set with `params`; `text` on the result
/// is the composed network.
#[pyfunction]
#[pyo3(signature = (
    mass, connectome = "hcp80", *, lengths = None, speed = None, coupling = "Diffusive",
    couple = None, noise = None, bold = false, tr = None, dt = None, every = 1,
    directory = None, params = None, seed = None,
))]
#[allow(clippy::too_many_arguments)]
pub fn whole_brain(
    py: Python<'_>,
    mass: &str,
    connectome: &str,
    lengths: Option<&str>,
    speed: Option<&Bound<'_, PyAny>>,
    coupling: &str,
    couple: Option<&str>,
    noise: Option<&Bound<'_, PyAny>>,
    bold: bool,
    tr: Option<&Bound<'_, PyAny>>,
    dt: Option<&Bound<'_, PyAny>>,
    every: u64,
    directory: Option<PathBuf>,
    params: Option<&Bound<'_, PyDict>>,
    seed: Option<u64>,
) -> PyResult<PyNetwork> {
    let dir = directory.unwrap_or_else(|| PathBuf::from("."));
    let dt_ms = match dt {
        Some(dt) => time_ms(dt, "dt")?,
        None => 0.1,
    };
    let as_text = |x: &Bound<'_, PyAny>, unit: &str| -> PyResult<String> {
        match x.extract::<f64>() {
            Ok(v) => Ok(format!("{v} {unit}")),
            Err(_) => x.extract::<String>(),
        }
    };
    let speed = speed.map(|s| as_text(s, "m/s")).transpose()?;
    let noise = noise.map(|s| as_text(s, "")).transpose()?;
    let tr = match tr {
        Some(tr) => as_text(tr, "ms")?,
        None => "720 ms".to_string(),
    };
    let composition = Composition {
        mass,
        connectome,
        lengths,
        speed: speed.as_deref(),
        coupling,
        couple,
        noise: noise.as_deref().map(str::trim),
        bold,
        tr: &tr,
        dt_ms,
        every,
    };
    let text = frontend::compose(&composition, &dir).map_err(value_error)?;
    let items = compile(py, &text, "the composed network", Some(dir))?;
    let Some(net) = items.network(py) else {
        return Err(value_error("the composition holds no network"));
    };
    PyNetwork::from_plan(
        &NetworkPlan::interpreted(net),
        None,
        params,
        seed,
        Some(text),
    )
}

/// A matrix as a NumPy array (rows of equal length).
fn matrix<'py>(py: Python<'py>, rows: &[Vec<f64>]) -> PyResult<Bound<'py, PyArray2<f64>>> {
    PyArray2::from_vec2(py, rows).map_err(|e| value_error(e.to_string()))
}

/// A shipped connectome (`"hcp80"`) as a dict of arrays: `weights` (row = target),
/// `lengths_mm` and `empirical_fc` where shipped (else `None`).
#[pyfunction]
pub fn connectome<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyDict>> {
    let Some(c) = Connectome::shipped(name) else {
        return Err(value_error(format!(
            "no connectome is shipped as `{name}`; shipped: {}",
            cajal_runtime::connectome::shipped_names().join(", ")
        )));
    };
    let c = check(c)?;
    let d = PyDict::new(py);
    d.set_item("weights", matrix(py, &c.weights)?)?;
    let optional = |m: &Option<Vec<Vec<f64>>>| -> PyResult<Option<Bound<'py, PyArray2<f64>>>> {
        m.as_ref().map(|m| matrix(py, m)).transpose()
    };
    d.set_item("lengths_mm", optional(&c.lengths_mm)?)?;
    d.set_item("empirical_fc", optional(&c.empirical_fc)?)?;
    Ok(d)
}

/// Functional connectivity: the Pearson correlation matrix of `series` (nodes × samples).
#[pyfunction]
pub fn functional_connectivity<'py>(
    py: Python<'py>,
    series: PyReadonlyArray2<'_, f64>,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    matrix(py, &analysis::functional_connectivity(&rows_of(&series)))
}

/// The fit of two FC matrices: the Pearson correlation of their upper triangles (diagonal
/// excluded).
#[pyfunction]
pub fn fc_similarity(a: PyReadonlyArray2<'_, f64>, b: PyReadonlyArray2<'_, f64>) -> PyResult<f64> {
    let (a, b) = (rows_of(&a), rows_of(&b));
    if a.len() != b.len()
        || a.iter()
            .zip(&b)
            .any(|(x, y)| x.len() != y.len() || x.len() != a.len())
    {
        return Err(value_error(format!(
            "two square matrices of one size are compared; got {}×{} and {}×{}",
            a.len(),
            a.first().map_or(0, Vec::len),
            b.len(),
            b.first().map_or(0, Vec::len)
        )));
    }
    Ok(analysis::fc_similarity(&a, &b))
}

/// The Kuramoto order parameter R(t) of `phases` (nodes × samples, radians).
#[pyfunction]
pub fn order_parameter<'py>(
    py: Python<'py>,
    phases: PyReadonlyArray2<'_, f64>,
) -> Bound<'py, PyArray1<f64>> {
    PyArray1::from_vec(py, analysis::order_parameter_series(&rows_of(&phases)))
}

/// The phase of a signal by the Hilbert transform (radians).
#[pyfunction]
pub fn analytic_phase<'py>(
    py: Python<'py>,
    signal: PyReadonlyArray1<'_, f64>,
) -> Bound<'py, PyArray1<f64>> {
    PyArray1::from_vec(py, analysis::analytic_phase(&signal.as_array().to_vec()))
}

/// Frequencies (Hz) and densities of a power spectrum.
type Spectrum<'py> = (Bound<'py, PyArray1<f64>>, Bound<'py, PyArray1<f64>>);

/// Welch's power spectrum of `signal` sampled every `dt` (ms, or with a unit), with segments
/// of `segment` samples (scipy's defaults otherwise): `(frequencies_hz, density)`.
#[pyfunction]
pub fn welch<'py>(
    py: Python<'py>,
    signal: PyReadonlyArray1<'_, f64>,
    dt: &Bound<'_, PyAny>,
    segment: usize,
) -> PyResult<Spectrum<'py>> {
    let dt_ms = time_ms(dt, "dt")?;
    let s = check(analysis::welch(&signal.as_array().to_vec(), dt_ms, segment))?;
    Ok((
        PyArray1::from_vec(py, s.freqs_hz),
        PyArray1::from_vec(py, s.density),
    ))
}

/// FC dynamics: the correlations between the FCs of windows of `window` samples every
/// `step` samples of `series` (nodes × samples).
#[pyfunction]
pub fn fcd<'py>(
    py: Python<'py>,
    series: PyReadonlyArray2<'_, f64>,
    window: usize,
    step: usize,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    matrix(py, &check(analysis::fcd(&rows_of(&series), window, step))?)
}
