//! The interpreter: runs a checked model (a `.cajal` file, or any [`ir::Model`]) without
//! compiling Rust, through the same [`Model`] trait as generated code.
//!
//! It follows the generated code operation for operation (integration methods, both event
//! schedules, refractoriness, white noise keyed by (seed, equation, instance, step), delay
//! histories, and, when every instance shares the parameters, the reciprocals of the
//! generated code's hoisted loops), so it agrees with `neural_model!` to the last bit. It evaluates expression trees, so it is much slower than
//! generated code: it is for trying models, not for production runs.
//!
//! ```
//! use cajal_runtime::interpreter::Interpreter;
//! use cajal_runtime::Model;
//!
//! let text = "neuron Decay { parameters { tau = 10 ms } state { v = 1 mV }
//!             equations { dv/dt = -v/tau } method exact }";
//! let models = cajal_lang::compile(text).expect("a valid model");
//! let mut cells = Interpreter::new(models[0].clone()).population(3);
//! cells.step(0.0, 0.1, &mut Vec::new());
//! assert!((cells.state(0)[0] - (-0.01f64).exp()).abs() < 1e-15);
//! ```

mod coupling;
mod eval;
mod hoist;
mod info;
mod integrate;
mod native;
mod network;
mod presets;
mod synapse;

pub(crate) use presets::{named_preset, with_values};

use std::sync::Arc;

use cajal_lang::ir::{self, Refractory, Schedule, Var};

use crate::error::Error;
use crate::model::{Model, ModelInfo, refractory_steps};
use crate::rng::hazard_uniform;
use crate::saved_state::{SavedLayout, check_saved_state};
use crate::targets::JumpTarget;
pub use coupling::InterpretedCoupling;
use eval::{History, Scope, eval, holds};
use integrate::{NoiseKey, Workspace, integrate};
use native::Steps;
pub use native::{
    CouplingCode, CouplingTerm, Engine, NativeCompiler, NativeCoupling, NativePlasticity,
    NativeRhs, NativeStep, NativeSynapse, PlasticityCode, PopulationStep, StepCode, SynapseCode,
    SynapsePass, SynapseVisit, native_compiler, set_native_compiler,
};
pub use network::{
    BuildCoupling, BuildModel, BuildSynapse, BuiltNetwork, CouplingType, InterpretedNetwork,
    ModelType, SynapseType, Types,
};
pub use synapse::InterpretedSynapse;

/// A checked model ready to be interpreted: its IR and its metadata (allocated once and
/// kept for the rest of the process, like the metadata of compiled models).
#[derive(Debug)]
pub struct Interpreter {
    model: ir::Model,
    /// The model as the step loop computes it when every instance shares the parameters.
    hoisted: ir::Model,
    info: &'static ModelInfo,
    /// The states read through `delayed(…)`, in order of first use.
    delayed: Vec<usize>,
    /// What computes the right-hand sides: native code from the installed JIT, or the
    /// expression trees.
    engine: Engine,
    /// The JIT it was prepared with, if any.
    compiler: Option<NativeCompiler>,
    /// Whole population steps compiled by that JIT, by method and schedule.
    steps: Steps,
}

impl Interpreter {
    /// Prepares `model` for interpretation (its right-hand sides compiled to native code
    /// if a JIT is installed, see [`set_native_compiler`]).
    pub fn new(model: ir::Model) -> Arc<Interpreter> {
        Interpreter::with_compiler(model, native_compiler())
    }

    /// Prepares `model` with `compiler` (`None`: the expression trees), whatever compiler
    /// is installed.
    pub fn with_compiler(model: ir::Model, compiler: Option<NativeCompiler>) -> Arc<Interpreter> {
        let info = info::model_info(&model);
        let delayed = model.delayed_states();
        let hoisted = hoist::hoisted_model(&model);
        let engine = Engine::for_model(&model, &hoisted, compiler);
        Arc::new(Interpreter {
            hoisted,
            model,
            info,
            delayed,
            engine,
            compiler,
            steps: Steps::default(),
        })
    }

    /// What computes the model's right-hand sides.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The compiled whole step of a population with method `method` and schedule
    /// `schedule` (positions in the model's lists), compiled on first use; `None` without a
    /// JIT, or where it does not take the model (its right-hand sides may still be native,
    /// see [`Interpreter::engine`], and [`Interpreter::step_refusal`] says why).
    pub fn native_step(&self, method: usize, schedule: usize) -> Option<Arc<dyn NativeStep>> {
        let compiler = self.compiler?;
        if !matches!(self.engine, Engine::Native { .. }) {
            return None;
        }
        let m = &self.model;
        let (method, schedule) = (*m.methods.get(method)?, *m.schedules.get(schedule)?);
        self.steps
            .get(compiler, (&self.model, &self.hoisted), method, schedule)
    }

    /// Why the JIT did not compile the whole step for `method` and `schedule` (positions in
    /// the model's lists), if it was asked to and did not.
    pub fn step_refusal(&self, method: usize, schedule: usize) -> Option<String> {
        let m = &self.model;
        self.steps
            .refusal(*m.methods.get(method)?, *m.schedules.get(schedule)?)
    }

    /// The model's IR.
    pub fn model(&self) -> &ir::Model {
        &self.model
    }

    /// The model's metadata.
    pub fn info(&self) -> &'static ModelInfo {
        self.info
    }

    /// `n` instances with the default parameters, in their initial state.
    pub fn population(self: &Arc<Self>, n: usize) -> Interpreted {
        let m = &self.model;
        let mut p = Interpreted {
            def: self.clone(),
            n,
            params: m.params.iter().map(|p| p.default).collect(),
            per_instance: vec![None; m.params.len()],
            state: vec![vec![0.0; n]; m.states.len()],
            inputs: m.inputs.iter().map(|i| vec![i.default; n]).collect(),
            refractory: vec![0; n],
            method: 0,
            schedule: 0,
            seed: 0,
            first: 0,
            step_no: 0,
            t: 0.0,
            history: Vec::new(),
            history_len: 1,
            history_ready: false,
            work: Workspace::default(),
            values: Vec::new(),
            native: None,
            unchecked: true,
        };
        p.reset_state();
        p
    }

    /// dx/dt of every state (deterministic part, in each state's unit per ms) at `states`,
    /// with parameter values `params`, input values `inputs` and time `t_ms`: what phase
    /// planes are drawn from. An error for a model that reads delayed states.
    pub fn derivatives(
        &self,
        params: &[f64],
        states: &[f64],
        inputs: &[f64],
        t_ms: f64,
    ) -> Result<Vec<f64>, Error> {
        let m = &self.model;
        if !self.delayed.is_empty() {
            return Err(Error::Incompatible {
                what: format!("model `{}`", m.name),
                message: "its equations read delayed states: dx/dt depends on the history, not on the state alone".into(),
            });
        }
        let counts = [
            ("parameter", params.len(), m.params.len()),
            ("state", states.len(), m.states.len()),
            ("input", inputs.len(), m.inputs.len()),
        ];
        for (what, got, expected) in counts {
            if got != expected {
                return Err(Error::WrongSize {
                    what: format!("{what} values of `{}`", m.name),
                    expected,
                    got,
                });
            }
        }
        let scope = Scope {
            params,
            states,
            inputs,
            t: t_ms,
            i: 0,
            history: None,
            coupling: [0.0; 3],
            extra: None,
            native: None,
        };
        Ok(m.equations.iter().map(|e| eval(&e.rhs, &scope)).collect())
    }

    /// The values of preset `name` applied to the defaults, in declaration order.
    pub fn preset(&self, name: &str) -> Result<Vec<f64>, Error> {
        named_preset(&self.model.params, &self.model.presets, name)
    }
}

/// A population of an interpreted model (see the [module documentation](self)).
#[derive(Clone, Debug)]
pub struct Interpreted {
    def: Arc<Interpreter>,
    n: usize,
    params: Vec<f64>,
    per_instance: Vec<Option<Vec<f64>>>,
    state: Vec<Vec<f64>>,
    inputs: Vec<Vec<f64>>,
    refractory: Vec<u32>,
    method: usize,
    schedule: usize,
    seed: u64,
    /// Global index of instance 0 (see [`Model::keep_instances`]).
    first: u64,
    step_no: u64,
    t: f64,
    history: Vec<f64>,
    history_len: usize,
    history_ready: bool,
    work: Workspace,
    values: Vec<f64>,
    /// The compiled step for (method, schedule) as last asked for — `None` inside when the
    /// JIT did not take it, so that a refused model does not ask again every step.
    native: Option<(usize, usize, CompiledStep)>,
    /// Whether a state value may be NaN or infinite (see [`Model::may_have_non_finite`]):
    /// a compiled step says whether it wrote one; anything else that writes the states sets
    /// it.
    unchecked: bool,
}

impl Interpreted {
    /// The definition this population runs.
    pub fn interpreter(&self) -> &Arc<Interpreter> {
        &self.def
    }

    /// The parameter values of instance `i`, into `out`.
    fn params_of(&self, i: usize, out: &mut Vec<f64>) {
        out.clear();
        out.extend(
            self.params
                .iter()
                .zip(&self.per_instance)
                .map(|(p, per)| per.as_ref().map_or(*p, |v| v[i])),
        );
    }

    fn has_period(&self) -> bool {
        matches!(self.def.model.refractory, Refractory::Period(_))
    }

    /// Sizes and fills the delay history (first step, or a longer delay), then stores the
    /// current state in this step's slot.
    fn update_history(&mut self, dt: f64) {
        let delayed = &self.def.delayed;
        if delayed.is_empty() {
            return;
        }
        let (n, d) = (self.n, delayed.len());
        let mut params = Vec::new();
        let mut longest = 0usize;
        for i in 0..n {
            self.params_of(i, &mut params);
            let scope = self.scope(&params, &[], &[], self.t, i, None);
            for (_, e) in self.def.model.delayed_uses() {
                longest = longest.max(f64::ceil(eval(e, &scope) / dt) as usize);
            }
        }
        let needed = longest + 1;
        if !self.history_ready || self.history_len != needed {
            self.history_len = needed;
            self.history = vec![0.0; needed * d * n];
            for slot in 0..needed {
                for (m, k) in delayed.iter().enumerate() {
                    let at = (slot * d + m) * n;
                    self.history[at..at + n].copy_from_slice(&self.state[*k]);
                }
            }
            self.history_ready = true;
        }
        let slot = (self.step_no as usize) % self.history_len;
        for (m, k) in delayed.iter().enumerate() {
            let at = (slot * d + m) * n;
            self.history[at..at + n].copy_from_slice(&self.state[*k]);
        }
    }

    fn scope<'a>(
        &self,
        params: &'a [f64],
        states: &'a [f64],
        inputs: &'a [f64],
        t: f64,
        i: usize,
        history: Option<&'a History<'a>>,
    ) -> Scope<'a> {
        Scope {
            params,
            states,
            inputs,
            t,
            i,
            history,
            coupling: [0.0; 3],
            extra: None,
            native: None,
        }
    }
}

/// What runs before an instance's turn in an asynchronous step (see
/// [`Model::step_in_order`]).
type BeforeTurn<'a> = &'a mut dyn FnMut(usize, &mut dyn Model);

impl Interpreted {
    /// One step of the instances in `order` (all, in index order, when `None`), calling
    /// `before(i, self)` before instance i's turn when given (see
    /// [`Model::step_in_order`]).
    fn advance(
        &mut self,
        t_ms: f64,
        dt_ms: f64,
        spikes: &mut Vec<u32>,
        order: Option<&[u32]>,
        mut before: Option<BeforeTurn>,
    ) {
        if order.is_none() && self.native_step(t_ms, dt_ms, spikes) {
            return;
        }
        self.unchecked = true;
        self.update_history(dt_ms);

        let def = self.def.clone();
        let shared = self.per_instance.iter().all(Option::is_none);
        let m = if shared { &def.hoisted } else { &def.model };
        let native = def.engine.code(shared);
        let method = m.methods[self.method];
        let schedule = m.schedules[self.schedule];
        let history_data = std::mem::take(&mut self.history);
        let history = History {
            data: &history_data,
            len: self.history_len,
            order: &def.delayed,
            step_no: self.step_no,
            dt: dt_ms,
            n: self.n,
        };
        let noise = NoiseKey {
            seed: self.seed,
            step_no: self.step_no,
            first: self.first,
        };
        let mut params = std::mem::take(&mut self.values);
        let mut work = std::mem::take(&mut self.work);
        let mut x = vec![0.0; m.states.len()];
        // The allocation the next step's new state values are written into.
        let mut spare = Vec::with_capacity(m.states.len());
        let mut inputs = vec![0.0; m.inputs.len()];
        let count = order.map_or(self.n, <[u32]>::len);
        for pos in 0..count {
            let i = order.map_or(pos, |o| o[pos] as usize);
            if let Some(before) = before.as_mut() {
                before(i, self);
            }
            self.params_of(i, &mut params);
            for (k, v) in x.iter_mut().enumerate() {
                *v = self.state[k][i];
            }
            for (k, v) in inputs.iter_mut().enumerate() {
                *v = self.inputs[k][i];
            }
            let refractory = match &m.refractory {
                Refractory::None => false,
                Refractory::Period(_) => {
                    let r = self.refractory[i] > 0;
                    self.refractory[i] = self.refractory[i].saturating_sub(1);
                    r
                }
                Refractory::While(c) => holds(
                    c,
                    &self.scope(&params, &x, &inputs, t_ms, i, Some(&history)),
                ),
            };
            // The draws of `hazard(…)` conditions and the time step, as generated code reads
            // them.
            let (seed, step_no, first) = (self.seed, self.step_no, self.first);
            let draws = move |v: Var| match v {
                Var::Draw(k) => hazard_uniform(seed, k, i as u64 + first, step_no),
                Var::Dt => dt_ms,
                _ => f64::NAN,
            };
            let mut run_events = |x: &mut Vec<f64>, refr: &mut u32, first_only: bool| -> bool {
                let mut fired = false;
                for ev in &m.events {
                    let hit = !refractory && {
                        let mut scope = self.scope(&params, x, &inputs, t_ms, i, Some(&history));
                        scope.extra = Some(&draws);
                        holds(&ev.condition, &scope)
                    };
                    if !hit {
                        continue;
                    }
                    for (k, value) in &ev.assignments {
                        x[*k] = eval(
                            value,
                            &self.scope(&params, x, &inputs, t_ms, i, Some(&history)),
                        );
                    }
                    if ev.emits_spike {
                        spikes.push(i as u32);
                        if let Refractory::Period(p) = &m.refractory {
                            let period =
                                eval(p, &self.scope(&params, x, &inputs, t_ms, i, Some(&history)));
                            *refr = refractory_steps(period, dt_ms).saturating_sub(1);
                        }
                    }
                    fired = true;
                    if first_only {
                        break;
                    }
                }
                fired
            };
            let mut refr = self.refractory.get(i).copied().unwrap_or(0);
            let integrated = |x: &[f64], work: &mut Workspace, out: Vec<f64>| {
                let scope = Scope {
                    params: &params,
                    states: x,
                    inputs: &inputs,
                    t: t_ms,
                    i,
                    history: Some(&history),
                    coupling: [0.0; 3],
                    extra: Some(&draws),
                    native,
                };
                integrate(m, method, &scope, dt_ms, &noise, refractory, work, out)
            };
            match schedule {
                // The first event that holds on the stored values fires; otherwise integrate.
                Schedule::Seed => {
                    if !run_events(&mut x, &mut refr, true) {
                        let new = integrated(&x, &mut work, std::mem::take(&mut spare));
                        spare = std::mem::replace(&mut x, new);
                    }
                }
                // Integrate, then test every event in order on the new values.
                Schedule::Brian2 => {
                    let new = integrated(&x, &mut work, std::mem::take(&mut spare));
                    spare = std::mem::replace(&mut x, new);
                    run_events(&mut x, &mut refr, false);
                }
            }
            if let Some(r) = self.refractory.get_mut(i) {
                *r = refr;
            }
            for (k, v) in x.iter().enumerate() {
                self.state[k][i] = *v;
            }
        }
        self.values = params;
        self.work = work;
        self.history = history_data;
        self.t = t_ms + dt_ms;
        self.step_no += 1;
    }
}

/// A population's compiled whole step, or `None` where the JIT did not take it.
type CompiledStep = Option<Arc<dyn NativeStep>>;

impl Interpreted {
    /// One step of every instance by the compiled step, if the JIT took the model; whether
    /// it did.
    fn native_step(&mut self, t_ms: f64, dt_ms: f64, spikes: &mut Vec<u32>) -> bool {
        let (method, schedule) = (self.method, self.schedule);
        if !matches!(&self.native, Some((m, s, _)) if (*m, *s) == (method, schedule)) {
            self.native = Some((method, schedule, self.def.native_step(method, schedule)));
        }
        let Some((_, _, Some(code))) = &self.native else {
            return false;
        };
        let mut step = PopulationStep {
            params: &self.params,
            per_instance: &self.per_instance,
            states: &mut self.state,
            inputs: &self.inputs,
            refractory: &mut self.refractory,
            spikes,
            t_ms,
            dt_ms,
            seed: self.seed,
            first: self.first,
            step_no: self.step_no,
            wrote_non_finite: true,
        };
        if code.step(&mut step).is_err() {
            return false;
        }
        self.unchecked |= step.wrote_non_finite;
        self.t = t_ms + dt_ms;
        self.step_no += 1;
        true
    }
}

impl Model for Interpreted {
    fn info(&self) -> &'static ModelInfo {
        self.def.info
    }

    fn len(&self) -> usize {
        self.n
    }

    fn step(&mut self, t_ms: f64, dt_ms: f64, spikes: &mut Vec<u32>) {
        self.advance(t_ms, dt_ms, spikes, None, None);
    }

    fn step_in_order(
        &mut self,
        t_ms: f64,
        dt_ms: f64,
        order: &[u32],
        before: &mut dyn FnMut(usize, &mut dyn Model),
    ) -> Result<(), Error> {
        let what = || format!("model `{}`", self.def.info.name);
        if !self.def.model.is_discrete() {
            return Err(Error::Incompatible {
                what: what(),
                message: "only a discrete-time model (with `update { … }`) can be updated one instance at a time".into(),
            });
        }
        if let Some(&i) = order.iter().find(|&&i| i as usize >= self.n) {
            return Err(Error::Incompatible {
                what: what(),
                message: format!("instance {i} in the update order, of {}", self.n),
            });
        }
        self.advance(t_ms, dt_ms, &mut Vec::new(), Some(order), Some(before));
        Ok(())
    }

    fn method(&self) -> &'static str {
        self.def.info.methods[self.method]
    }

    fn set_method(&mut self, name: &str) -> Result<(), Error> {
        self.method = crate::model::method_position(self.def.info.methods, name)?;
        Ok(())
    }

    fn schedule(&self) -> &'static str {
        self.def.info.schedules[self.schedule]
    }

    fn set_schedule(&mut self, name: &str) -> Result<(), Error> {
        let schedules = self.def.info.schedules;
        self.schedule =
            schedules
                .iter()
                .position(|s| *s == name)
                .ok_or_else(|| Error::UnknownName {
                    kind: "schedule of this model",
                    name: name.to_string(),
                    available: schedules.iter().map(|s| s.to_string()).collect(),
                })?;
        Ok(())
    }

    fn state(&self, k: usize) -> &[f64] {
        self.state.get(k).map_or(&[], Vec::as_slice)
    }

    fn state_mut(&mut self, k: usize) -> &mut [f64] {
        self.unchecked = true;
        self.state.get_mut(k).map_or(&mut [], Vec::as_mut_slice)
    }

    fn may_have_non_finite(&self) -> bool {
        self.unchecked
    }

    fn mark_all_finite(&mut self) {
        self.unchecked = false;
    }

    fn input(&self, k: usize) -> &[f64] {
        self.inputs.get(k).map_or(&[], Vec::as_slice)
    }

    fn input_mut(&mut self, k: usize) -> &mut [f64] {
        self.inputs.get_mut(k).map_or(&mut [], Vec::as_mut_slice)
    }

    fn swap_input(&mut self, k: usize, values: &mut Vec<f64>) {
        if let Some(input) = self.inputs.get_mut(k)
            && input.len() == values.len()
        {
            std::mem::swap(input, values);
        }
    }

    fn output(&self, k: usize, i: usize) -> f64 {
        let Some(output) = self.def.model.outputs.get(k) else {
            return f64::NAN;
        };
        let mut params = Vec::new();
        self.params_of(i, &mut params);
        let x: Vec<f64> = self.state.iter().map(|s| s[i]).collect();
        let inputs: Vec<f64> = self.inputs.iter().map(|s| s[i]).collect();
        eval(
            &output.expr,
            &self.scope(&params, &x, &inputs, self.t, i, None),
        )
    }

    fn set_param(&mut self, k: usize, value: f64) -> Result<(), Error> {
        let name = self.param_name(k)?;
        if !value.is_finite() {
            return Err(Error::NonFinite {
                what: format!("parameter `{name}`"),
                value,
            });
        }
        self.params[k] = value;
        self.per_instance[k] = None;
        Ok(())
    }

    fn set_param_per_instance(&mut self, k: usize, values: Vec<f64>) -> Result<(), Error> {
        let name = self.param_name(k)?;
        if values.len() != self.n {
            return Err(Error::WrongSize {
                what: format!("parameter `{name}`"),
                expected: self.n,
                got: values.len(),
            });
        }
        if let Some(bad) = values.iter().find(|x| !x.is_finite()) {
            return Err(Error::NonFinite {
                what: format!("parameter `{name}`"),
                value: *bad,
            });
        }
        self.per_instance[k] = Some(values);
        Ok(())
    }

    fn set_seed(&mut self, seed: u64) {
        self.seed = seed;
    }

    fn keep_instances(&mut self, range: std::ops::Range<usize>) -> Result<(), Error> {
        if range.start > range.end || range.end > self.n || self.step_no != 0 {
            return Err(Error::Incompatible {
                what: format!("model `{}`", self.info().name),
                message: format!(
                    "cannot keep instances {range:?} of {} after {} steps",
                    self.n, self.step_no
                ),
            });
        }
        let columns = self.state.iter_mut().chain(&mut self.inputs);
        for column in columns.chain(self.per_instance.iter_mut().flatten()) {
            *column = column[range.clone()].to_vec();
        }
        self.refractory = self.refractory[range.clone()].to_vec();
        self.unchecked = true;
        self.n = range.len();
        self.first += range.start as u64;
        Ok(())
    }

    fn jump_target(&mut self, k: usize) -> JumpTarget<'_> {
        let skip = self.skips_while_refractory(k);
        self.unchecked = true;
        JumpTarget {
            state: self.state.get_mut(k).map_or(&mut [], |x| &mut x[..]),
            refractory: skip.then_some(&self.refractory[..]),
        }
    }

    fn save_dynamic(&self) -> Vec<f64> {
        let mut out = Vec::new();
        for s in &self.state {
            out.extend_from_slice(s);
        }
        for s in &self.inputs {
            out.extend_from_slice(s);
        }
        if self.has_period() {
            out.extend(self.refractory.iter().map(|r| *r as f64));
        }
        out.push(self.t);
        out.push(self.step_no as f64);
        out.push(if self.history_ready { 1.0 } else { 0.0 });
        out.push(self.history_len as f64);
        out.push(self.history.len() as f64);
        out.extend_from_slice(&self.history);
        out
    }

    fn load_dynamic(&mut self, data: &[f64]) -> Result<(), Error> {
        let n = self.n;
        let vectors = self.state.len() + self.inputs.len() + usize::from(self.has_period());
        let fixed = vectors * n;
        let layout = SavedLayout {
            n,
            vectors,
            counters: self.has_period(),
            per_slot: self.def.delayed.len() * n,
        };
        check_saved_state(self.def.info.name, data, layout)?;
        self.unchecked = true;
        let saved = |k: usize| &data[k * n..(k + 1) * n];
        let vectors = self.state.iter_mut().chain(self.inputs.iter_mut());
        for (k, s) in vectors.enumerate() {
            s.copy_from_slice(saved(k));
        }
        if self.has_period() {
            let at = self.state.len() + self.inputs.len();
            for (r, x) in self.refractory.iter_mut().zip(saved(at)) {
                *r = *x as u32;
            }
        }
        self.t = data[fixed];
        self.step_no = data[fixed + 1] as u64;
        self.history_ready = data[fixed + 2] != 0.0;
        self.history_len = data[fixed + 3] as usize;
        self.history = data[fixed + 5..].to_vec();
        Ok(())
    }

    fn reset_state(&mut self) {
        self.unchecked = true;
        let def = self.def.clone();
        let mut params = Vec::new();
        let zeros = vec![0.0; def.model.states.len()];
        let no_inputs = vec![0.0; def.model.inputs.len()];
        for i in 0..self.n {
            self.params_of(i, &mut params);
            let scope = self.scope(&params, &zeros, &no_inputs, 0.0, i, None);
            for (k, s) in def.model.states.iter().enumerate() {
                self.state[k][i] = eval(&s.init, &scope);
            }
        }
        self.refractory.iter_mut().for_each(|r| *r = 0);
        self.t = 0.0;
        self.step_no = 0;
        self.history_ready = false;
    }
}

impl Interpreted {
    fn param_name(&self, k: usize) -> Result<&'static str, Error> {
        let params = self.def.info.params;
        params
            .get(k)
            .map(|p| p.name)
            .ok_or_else(|| Error::UnknownName {
                kind: "parameter index",
                name: k.to_string(),
                available: params.iter().map(|p| p.name.to_string()).collect(),
            })
    }

    /// Whether jumps into state `k` skip refractory instances (a clamped state of a model with
    /// a refractory period).
    fn skips_while_refractory(&self, k: usize) -> bool {
        self.has_period() && self.def.model.equations.get(k).is_some_and(|e| e.clamped)
    }
}
