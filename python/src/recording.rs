//! `cajal.Recording`: what a run recorded, as NumPy arrays that own the recording's memory
//! (moved out of the run, never copied; made when first asked for, so that a run whose
//! recording is not read costs nothing more): each variable `(instances, samples)` float64,
//! the sample times and steps, and the spikes as index, step (int64) and time.

use std::sync::{Mutex, OnceLock};

use cajal_runtime::Recording;
use numpy::ndarray::Array2;
use numpy::{PyArray1, PyArray2};
use pyo3::exceptions::{PyAttributeError, PyKeyError};
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// What a run recorded.
///
/// `rec["v"]` (or `rec.v`) is variable `v` as an `(instances, samples)` float64 array (a
/// network's variables are named `population.variable`); `rec.t` the sample times (ms),
/// `rec.steps` their steps; `rec.spike_index`, `rec.spike_step` (int64) and
/// `rec.spike_time` (ms) the spikes in time order. Every access returns the same arrays.
#[pyclass(module = "cajal._cajal", name = "Recording", frozen)]
pub struct PyRecording {
    model: String,
    dt_ms: f64,
    every: u64,
    names: Vec<String>,
    units: Vec<String>,
    populations: Vec<(String, usize)>,
    samples: usize,
    spikes: usize,
    /// The recording until its arrays are first asked for (then taken by `arrays`).
    pending: Mutex<Option<Recording>>,
    arrays: OnceLock<Arrays>,
}

/// The arrays of a recording, made once from its memory.
struct Arrays {
    values: Vec<Py<PyArray2<f64>>>,
    t: Py<PyArray1<f64>>,
    steps: Py<PyArray1<i64>>,
    spike_index: Py<PyArray1<i64>>,
    spike_step: Py<PyArray1<i64>>,
    spike_time: Py<PyArray1<f64>>,
}

impl Arrays {
    /// Takes `rec` over: its sample blocks become the arrays' memory.
    fn new(py: Python<'_>, rec: Recording) -> Arrays {
        let steps: Vec<i64> = rec.sample_steps().into_iter().map(|s| s as i64).collect();
        let spike_index: Vec<i64> = rec.spikes.iter().map(|&(i, _)| i64::from(i)).collect();
        let spike_step: Vec<i64> = rec.spikes.iter().map(|&(_, s)| s as i64).collect();
        let t = PyArray1::from_vec(py, rec.sample_times_ms()).unbind();
        let spike_time = PyArray1::from_vec(py, rec.all_spike_times_ms()).unbind();
        let values = rec
            .values
            .into_iter()
            .map(|block| {
                let shape = (block.len(), block.samples());
                let array = Array2::from_shape_vec(shape, block.into_vec())
                    .expect("a block holds instances × samples values");
                PyArray2::from_owned_array(py, array).unbind()
            })
            .collect();
        Arrays {
            values,
            t,
            steps: PyArray1::from_vec(py, steps).unbind(),
            spike_index: PyArray1::from_vec(py, spike_index).unbind(),
            spike_step: PyArray1::from_vec(py, spike_step).unbind(),
            spike_time,
        }
    }
}

impl PyRecording {
    /// Takes `rec` over; its arrays are made (from its memory) when first asked for.
    pub fn new(mut rec: Recording) -> PyRecording {
        // What the arrays are not made from moves here; the rest waits for them.
        PyRecording {
            model: std::mem::take(&mut rec.model),
            dt_ms: rec.dt_ms,
            every: rec.every,
            names: std::mem::take(&mut rec.names),
            units: std::mem::take(&mut rec.units),
            populations: std::mem::take(&mut rec.populations),
            samples: rec.t_ms.len(),
            spikes: rec.spikes.len(),
            pending: Mutex::new(Some(rec)),
            arrays: OnceLock::new(),
        }
    }

    fn arrays(&self, py: Python<'_>) -> &Arrays {
        self.arrays.get_or_init(|| {
            let rec = self
                .pending
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .take()
                .expect("a recording's arrays are made once");
            Arrays::new(py, rec)
        })
    }

    fn position(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }
}

#[pymethods]
impl PyRecording {
    /// The model (or network) that was run.
    #[getter]
    fn model(&self) -> &str {
        &self.model
    }

    /// The time step (ms).
    #[getter]
    fn dt(&self) -> f64 {
        self.dt_ms
    }

    /// Steps between two samples.
    #[getter]
    fn every(&self) -> u64 {
        self.every
    }

    /// The recorded variables, in order.
    #[getter]
    fn names(&self) -> Vec<String> {
        self.names.clone()
    }

    /// Each variable's unit.
    #[getter]
    fn units<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (n, u) in self.names.iter().zip(&self.units) {
            d.set_item(n, u)?;
        }
        Ok(d)
    }

    /// Sample times (ms), rounded to the time step's decimals.
    #[getter]
    fn t(&self, py: Python<'_>) -> Py<PyArray1<f64>> {
        self.arrays(py).t.clone_ref(py)
    }

    /// The step of each sample.
    #[getter]
    fn steps(&self, py: Python<'_>) -> Py<PyArray1<i64>> {
        self.arrays(py).steps.clone_ref(py)
    }

    /// The spiking instance (neuron) of each spike; a network numbers its populations'
    /// neurons one population after the other (see `populations`).
    #[getter]
    fn spike_index(&self, py: Python<'_>) -> Py<PyArray1<i64>> {
        self.arrays(py).spike_index.clone_ref(py)
    }

    /// The step of each spike.
    #[getter]
    fn spike_step(&self, py: Python<'_>) -> Py<PyArray1<i64>> {
        self.arrays(py).spike_step.clone_ref(py)
    }

    /// The time of each spike (ms), rounded to the time step's decimals.
    #[getter]
    fn spike_time(&self, py: Python<'_>) -> Py<PyArray1<f64>> {
        self.arrays(py).spike_time.clone_ref(py)
    }

    /// A network's populations as (name, size), in the order of the spike numbering.
    #[getter]
    fn populations(&self) -> Vec<(String, usize)> {
        self.populations.clone()
    }

    fn __getitem__(&self, py: Python<'_>, name: &str) -> PyResult<Py<PyArray2<f64>>> {
        match self.position(name) {
            Some(k) => Ok(self.arrays(py).values[k].clone_ref(py)),
            None => Err(PyKeyError::new_err(format!(
                "`{name}` was not recorded; recorded: {}",
                self.names.join(", ")
            ))),
        }
    }

    fn __getattr__(&self, py: Python<'_>, name: &str) -> PyResult<Py<PyArray2<f64>>> {
        match self.position(name) {
            Some(k) => Ok(self.arrays(py).values[k].clone_ref(py)),
            None => Err(PyAttributeError::new_err(format!(
                "the recording has no attribute or variable `{name}`; recorded: {}",
                self.names.join(", ")
            ))),
        }
    }

    fn __contains__(&self, name: &str) -> bool {
        self.position(name).is_some()
    }

    fn keys(&self) -> Vec<String> {
        self.names.clone()
    }

    /// The samples as a pandas DataFrame in long form (`variable`, `unit`, `instance`,
    /// `step`, `t_ms`, `value`), as the command line's CSV; needs pandas.
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let pandas = py.import("pandas").map_err(|_| {
            pyo3::exceptions::PyImportError::new_err(
                "to_pandas needs pandas (pip install pandas); the arrays are rec[name], rec.t",
            )
        })?;
        let numpy = py.import("numpy")?;
        let frames = pyo3::types::PyList::empty(py);
        for (k, name) in self.names.iter().enumerate() {
            let values = self.arrays(py).values[k].bind(py);
            let (instances, samples) = {
                let shape: (usize, usize) = values.getattr("shape")?.extract()?;
                shape
            };
            let columns = PyDict::new(py);
            columns.set_item("variable", name)?;
            columns.set_item("unit", &self.units[k])?;
            columns.set_item(
                "instance",
                numpy.call_method1(
                    "repeat",
                    (numpy.call_method1("arange", (instances,))?, samples),
                )?,
            )?;
            columns.set_item(
                "step",
                numpy.call_method1("tile", (self.arrays(py).steps.bind(py), instances))?,
            )?;
            columns.set_item(
                "t_ms",
                numpy.call_method1("tile", (self.arrays(py).t.bind(py), instances))?,
            )?;
            columns.set_item("value", values.call_method0("ravel")?)?;
            frames.append(pandas.call_method1("DataFrame", (columns,))?)?;
        }
        if frames.is_empty() {
            return pandas.call_method0("DataFrame");
        }
        let kwargs = PyDict::new(py);
        kwargs.set_item("ignore_index", true)?;
        pandas.call_method("concat", (frames,), Some(&kwargs))
    }

    fn __repr__(&self) -> String {
        format!(
            "<cajal.Recording of {}: {} sample(s) of {}, {} spike(s)>",
            self.model,
            self.samples,
            if self.names.is_empty() {
                "nothing".to_string()
            } else {
                self.names.join(", ")
            },
            self.spikes,
        )
    }
}
