//! `cajal.Simulation`: runs a copy of a `cajal.Model` with inputs driven as constants,
//! per-instance values, piecewise-constant steps or NumPy time series, and returns
//! recordings. Runs release the GIL and stop at a step boundary on Ctrl-C.

use std::sync::{Mutex, MutexGuard};

use cajal_runtime::Simulation;
use numpy::PyArray1;
use pyo3::prelude::*;

use crate::errors::{check, runtime_error};
use crate::model::{AnyModel, PyModel, set_state};
use crate::recording::PyRecording;
use crate::run::{Watch, unless_running};
use crate::stimulus::stimulus;
use crate::values::time_ms;

/// Steps from which `step` lets other Python threads run meanwhile.
const DETACH_STEPS: u64 = 1000;

/// A simulation of a copy of `model` (its parameters and current state) at time step `dt`
/// (ms, or a string with a unit such as `"0.1 ms"`).
///
/// `drive(input, value)` drives an input; `record(names, every=1)` picks what `run`
/// records; `run(duration)` runs and returns a `Recording`. A run that diverges raises
/// `SimulationError` (its `recording` holds what was recorded until then); Ctrl-C stops a
/// run at the next step boundary and raises `KeyboardInterrupt`, and `last_recording`
/// then holds what was recorded.
#[pyclass(module = "cajal._cajal", name = "Simulation")]
pub struct PySimulation {
    sim: Mutex<Simulation<AnyModel>>,
    last: Mutex<Option<Py<PyRecording>>>,
}

impl PySimulation {
    /// A simulation of `model` at time step `dt_ms`.
    pub fn of(model: AnyModel, dt_ms: f64) -> PyResult<PySimulation> {
        Ok(PySimulation {
            sim: Mutex::new(check(Simulation::new(model, dt_ms))?),
            last: Mutex::new(None),
        })
    }

    /// The simulation, unless a run in another thread holds it.
    fn sim(&self) -> PyResult<MutexGuard<'_, Simulation<AnyModel>>> {
        unless_running(&self.sim, "simulation")
    }
}

#[pymethods]
impl PySimulation {
    #[new]
    #[pyo3(signature = (model, dt = None))]
    fn new(model: &Bound<'_, PyModel>, dt: Option<&Bound<'_, PyAny>>) -> PyResult<PySimulation> {
        let dt_ms = match dt {
            Some(dt) => time_ms(dt, "dt")?,
            None => 0.1,
        };
        PySimulation::of(model.borrow().copy()?, dt_ms)
    }

    /// Drives input `name`. `value`: a number (in the input's unit) or a string with a unit,
    /// or one value per instance (array). `steps`: piecewise-constant values as
    /// `[(t_start, value), …]` (times in ms or with units; 0 before the first start).
    /// `series`: one row per step, `(steps,)` or `(steps, instances)` float64 (the last row
    /// holds after the end). Give exactly one of the three.
    #[pyo3(signature = (name, value = None, *, steps = None, series = None))]
    fn drive(
        &self,
        name: &str,
        value: Option<&Bound<'_, PyAny>>,
        steps: Option<Vec<(Bound<'_, PyAny>, Bound<'_, PyAny>)>>,
        series: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let mut sim = self.sim()?;
        let (info, n) = (sim.model().info(), sim.model().len());
        let k = check(info.input_index(name))?;
        let stimulus = stimulus(name, (info.inputs[k].unit, n), value, steps, series)?;
        check(sim.drive(name, stimulus))?;
        Ok(())
    }

    /// Records the state variables or outputs `names` every `every` steps in the next runs.
    #[pyo3(signature = (names, every = 1))]
    fn record(&self, names: Vec<String>, every: u64) -> PyResult<()> {
        let mut sim = self.sim()?;
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        check(sim.record(&names))?;
        check(sim.every(every))?;
        Ok(())
    }

    /// Takes `steps` steps without recording (the inputs driven, divergence checked) and
    /// returns the instances that spiked, in order of time (int64): the cheap call of a
    /// loop that reads the state between steps. Use `run` for long runs (it can be
    /// interrupted and shows progress).
    #[pyo3(signature = (steps = 1))]
    fn step<'py>(&self, py: Python<'py>, steps: u64) -> PyResult<Bound<'py, PyArray1<i64>>> {
        let mut sim = self.sim()?;
        let mut spikes = Vec::new();
        let taken = if steps >= DETACH_STEPS {
            let sim_ref: &mut Simulation<AnyModel> = &mut sim;
            py.detach(|| sim_ref.advance(steps, &mut spikes))
        } else {
            sim.advance(steps, &mut spikes)
        };
        check(taken)?;
        let index: Vec<i64> = spikes.iter().map(|&(i, _)| i64::from(i)).collect();
        Ok(PyArray1::from_vec(py, index))
    }

    /// Sets state variable `name` of every instance: one number (in the variable's unit) or
    /// a string with a unit, or one value per instance (array).
    fn set_state(&self, name: &str, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let mut sim = self.sim()?;
        set_state(&mut **sim.model_mut(), name, value)
    }

    /// The simulated time so far (ms).
    #[getter]
    fn t(&self) -> PyResult<f64> {
        Ok(self.sim()?.time_ms())
    }

    /// State variable `name` of every instance now (a copy).
    fn state<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let sim = self.sim()?;
        let k = check(sim.model().info().state_index(name))?;
        Ok(PyArray1::from_slice(py, sim.model().state(k)))
    }

    /// Runs for `duration` (ms, or a string with a unit such as `"1 s"`) and returns what
    /// was recorded, beginning with the state at the start. `progress`: `True` for a tqdm
    /// bar (if tqdm is installed), or a callable `f(done_steps, total_steps)`.
    #[pyo3(signature = (duration, progress = None))]
    fn run(
        &self,
        py: Python<'_>,
        duration: &Bound<'_, PyAny>,
        progress: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyRecording>> {
        let duration_ms = time_ms(duration, "duration")?;
        let mut sim = self.sim()?;
        let total = check(cajal_runtime::steps::whole_steps(duration_ms, sim.dt_ms()))?;
        let start = sim.steps_taken();
        let mut watch = Watch::new(py, progress, total)?;
        let sim_ref: &mut Simulation<AnyModel> = &mut sim;
        let run = py.detach(|| sim_ref.run_watched(duration_ms, &mut |d, t| watch.poll(d, t)));
        let done = sim.steps_taken() - start;
        drop(sim);
        let run = check(run)?;
        let raised = watch.finish(py, done, total);
        let recording = Py::new(py, PyRecording::new(run.recording))?;
        *self.last.lock().unwrap_or_else(|e| e.into_inner()) = Some(recording.clone_ref(py));
        if let Some(e) = raised {
            return Err(e);
        }
        let Some(e) = run.stopped else {
            return Ok(recording);
        };
        let err = runtime_error(e);
        err.value(py).setattr("recording", recording)?;
        Err(err)
    }

    /// What the last run recorded (also after it was interrupted or diverged).
    #[getter]
    fn last_recording(&self, py: Python<'_>) -> Option<Py<PyRecording>> {
        self.last
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .map(|r| r.clone_ref(py))
    }

    fn __repr__(&self) -> String {
        match self.sim() {
            Ok(sim) => format!(
                "<cajal.Simulation of {} × {} at t = {} ms>",
                sim.model().info().name,
                sim.model().len(),
                sim.time_ms()
            ),
            Err(_) => "<cajal.Simulation (running)>".into(),
        }
    }
}
