//! `cajal.Network`: a library network (compiled) or a network of a compiled text
//! (interpreted), built with a preset, parameter values and a seed; the spikes of every
//! population recorded, state monitors added by name, runs without the GIL, checkpoints.

use std::sync::{Mutex, MutexGuard, TryLockError};

use cajal_models::catalog;
use cajal_models::frontend::NetworkPlan;
use cajal_runtime::Network;
use cajal_runtime::network::{MonitorId, PopulationId};
use numpy::PyArray1;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::errors::{SimulationError, check, runtime_error, value_error};
use crate::items::{ItemKind, ItemType};
use crate::recording::PyRecording;
use crate::run::Watch;
use crate::values::{scalar_in, time_ms};

/// Steps between two questions to the watch.
const POLL_STEPS: u64 = 256;

/// A network built and ready to run.
///
/// `network` is a library name (`"Coba"`, `"CanoColinoRing"`, …) or a network of
/// `cajal.compile(text)`; `preset` one of its presets; `params` a dict of values (numbers in
/// the declared unit or strings with units); `seed` its random streams' seed (else its own).
/// Every population's spikes are recorded; the network's own `record` lines, and those
/// added with `record("pop.var")`, are its state monitors.
#[pyclass(module = "cajal._cajal", name = "Network")]
pub struct PyNetwork {
    name: String,
    net: Mutex<Network>,
    monitors: Mutex<Vec<MonitorId>>,
    text: Option<String>,
}

impl PyNetwork {
    fn net(&self) -> PyResult<MutexGuard<'_, Network>> {
        match self.net.try_lock() {
            Ok(net) => Ok(net),
            Err(TryLockError::Poisoned(e)) => Ok(e.into_inner()),
            Err(TryLockError::WouldBlock) => Err(PyRuntimeError::new_err(
                "the network is running (in another thread): wait for its run to end",
            )),
        }
    }

    fn monitors(&self) -> MutexGuard<'_, Vec<MonitorId>> {
        self.monitors.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Builds `plan` with `preset`, `params` (a dict of values in the declared units or
    /// strings with units) and `seed`; every population's spikes recorded. `text` is the
    /// network's text when it was composed.
    pub fn from_plan(
        plan: &NetworkPlan,
        preset: Option<&str>,
        params: Option<&Bound<'_, PyDict>>,
        seed: Option<u64>,
        text: Option<String>,
    ) -> PyResult<PyNetwork> {
        let mut settings = Vec::new();
        if let Some(params) = params {
            for (key, value) in params.iter() {
                let name: String = key
                    .extract()
                    .map_err(|_| value_error("parameter names are strings"))?;
                let Some(k) = plan.params.iter().position(|(n, _)| *n == name) else {
                    let names: Vec<&str> = plan.params.iter().map(|(n, _)| n.as_str()).collect();
                    return Err(value_error(format!(
                        "`{}` has no parameter `{name}`; it has {}",
                        plan.name,
                        names.join(", ")
                    )));
                };
                let unit = plan.params[k].1.clone();
                settings.push((k, scalar_in(&value, &unit, &format!("parameter `{name}`"))?));
            }
        }
        let mut net = check(plan.build(preset, &settings, seed))?;
        let ids: Vec<PopulationId> = net.populations().into_iter().map(|(_, id)| id).collect();
        for id in ids {
            check(net.record_spikes(id))?;
        }
        let monitors = net.monitors();
        Ok(PyNetwork {
            name: plan.name.clone(),
            net: Mutex::new(net),
            monitors: Mutex::new(monitors),
            text,
        })
    }
}

/// The population called `name`.
fn population(net: &Network, name: &str) -> PyResult<PopulationId> {
    let pops = net.populations();
    match pops.iter().find(|(n, _)| *n == name) {
        Some((_, id)) => Ok(*id),
        None => {
            let names: Vec<&str> = pops.iter().map(|(n, _)| *n).collect();
            Err(value_error(format!(
                "the network has no population `{name}`; it has {}",
                names.join(", ")
            )))
        }
    }
}

/// `"population.variable"` split in two.
fn split_target(target: &str) -> PyResult<(&str, &str)> {
    target.split_once('.').ok_or_else(|| {
        value_error(format!(
            "`{target}`: name a population's variable as `population.variable`, e.g. \"E.v\""
        ))
    })
}

#[pymethods]
impl PyNetwork {
    #[new]
    #[pyo3(signature = (network, preset = None, params = None, seed = None))]
    fn new(
        network: &Bound<'_, PyAny>,
        preset: Option<&str>,
        params: Option<&Bound<'_, PyDict>>,
        seed: Option<u64>,
    ) -> PyResult<PyNetwork> {
        let plan = if let Ok(name) = network.cast::<PyString>() {
            let name = &*name.to_cow()?;
            match catalog::find_network(name) {
                Some(entry) => NetworkPlan::library(entry),
                None if catalog::find(name).is_some() => {
                    return Err(value_error(format!(
                        "`{name}` is a library model: use cajal.Model(\"{name}\", n=…)"
                    )));
                }
                None => return Err(crate::library::unknown(name)),
            }
        } else if let Ok(item) = network.cast::<ItemType>() {
            match &item.get().kind {
                ItemKind::Network(net) => NetworkPlan::interpreted(net.clone()),
                _ => {
                    return Err(value_error(format!(
                        "{} is not a network",
                        item.get().label()
                    )));
                }
            }
        } else {
            return Err(value_error(
                "a network is a library name (e.g. \"Coba\") or a network of cajal.compile(text)",
            ));
        };
        PyNetwork::from_plan(&plan, preset, params, seed, None)
    }

    /// The network's text, for a network composed by `cajal.whole_brain` (what
    /// `cajal simulate --save-network` writes); `None` otherwise.
    #[getter]
    fn text(&self) -> Option<&str> {
        self.text.as_deref()
    }

    /// The network's name.
    #[getter]
    fn name(&self) -> &str {
        &self.name
    }

    /// The populations as (name, size), in order.
    #[getter]
    fn populations(&self) -> PyResult<Vec<(String, usize)>> {
        let net = self.net()?;
        let mut out = Vec::new();
        for (name, id) in net.populations() {
            out.push((name.to_string(), check(net.population(id))?.len()));
        }
        Ok(out)
    }

    /// The simulated time so far (ms).
    #[getter]
    fn t(&self) -> PyResult<f64> {
        Ok(self.net()?.t_ms())
    }

    /// The time step (ms).
    #[getter]
    fn dt(&self) -> PyResult<f64> {
        Ok(self.net()?.dt_ms())
    }

    /// Records `"population.variable"` (a state variable or output) of `neurons` (all by
    /// default) every `every` steps from now on.
    #[pyo3(signature = (target, neurons = None, every = 1))]
    fn record(&self, target: &str, neurons: Option<Vec<usize>>, every: u64) -> PyResult<()> {
        let (pop, var) = split_target(target)?;
        let mut net = self.net()?;
        let id = population(&net, pop)?;
        let n = check(net.population(id))?.len();
        let neurons = neurons.unwrap_or_else(|| (0..n).collect());
        let m = check(net.record_state(id, var, neurons, every))?;
        self.monitors().push(m);
        Ok(())
    }

    /// State variable `"population.variable"` of every neuron now (a copy).
    fn state<'py>(&self, py: Python<'py>, target: &str) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let (pop, var) = split_target(target)?;
        let net = self.net()?;
        let model = check(net.population(population(&net, pop)?))?;
        let k = check(model.info().state_index(var))?;
        Ok(PyArray1::from_slice(py, model.state(k)))
    }

    /// Runs for `duration` (ms, or a string with a unit). `progress`: `True` for a tqdm bar
    /// (if tqdm is installed), or a callable `f(done_steps, total_steps)`. A divergence
    /// raises `SimulationError`, Ctrl-C `KeyboardInterrupt`, both at a step boundary with
    /// everything recorded until then kept (see `recording()`).
    #[pyo3(signature = (duration, progress = None))]
    fn run(
        &self,
        py: Python<'_>,
        duration: &Bound<'_, PyAny>,
        progress: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let duration_ms = time_ms(duration, "duration")?;
        let mut net = self.net()?;
        let steps = check(cajal_runtime::steps::whole_steps(duration_ms, net.dt_ms()))?;
        check(net.check_monitor_budget(steps))?;
        let mut watch = Watch::new(py, progress, steps)?;
        let net_ref: &mut Network = &mut net;
        let (done, outcome) = py.detach(|| {
            for done in 0..steps {
                if done.is_multiple_of(POLL_STEPS) && watch.poll(done, steps) {
                    return (done, Ok(false));
                }
                if let Err(e) = net_ref.step() {
                    return (done + 1, Err(e));
                }
            }
            (steps, Ok(true))
        });
        let raised = watch.finish(py, done, steps);
        match outcome {
            Ok(true) => net.sample_monitors(),
            Ok(false) => {}
            Err(e) => {
                drop(net);
                let message = e.to_string();
                let err = match e {
                    cajal_runtime::Error::Diverged { .. } => SimulationError::new_err(message),
                    other => runtime_error(other),
                };
                if let Ok(rec) = self.recording(py) {
                    err.value(py).setattr("recording", rec)?;
                }
                return Err(err);
            }
        }
        match raised {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// The spikes of every population and the samples of the state monitors so far.
    fn recording(&self, py: Python<'_>) -> PyResult<Py<PyRecording>> {
        let rec = {
            let net = self.net()?;
            check(net.recording(&self.name, &self.monitors()))?
        };
        Py::new(py, PyRecording::new(rec))
    }

    /// Writes the network's whole state to `path` (atomically).
    fn checkpoint(&self, path: std::path::PathBuf) -> PyResult<()> {
        check(self.net()?.checkpoint(path))
    }

    /// Restores a state written by `checkpoint` for this network.
    fn restore(&self, path: std::path::PathBuf) -> PyResult<()> {
        check(self.net()?.restore(path))
    }

    fn __repr__(&self) -> String {
        match self.net() {
            Ok(net) => format!("<cajal.Network {} at t = {} ms>", self.name, net.t_ms()),
            Err(_) => format!("<cajal.Network {} (running)>", self.name),
        }
    }
}
