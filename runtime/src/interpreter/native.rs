//! Native code for a model (a JIT, the `cajal-jit` crate, compiles it), run by the
//! interpreter instead of walking the expression trees — with the same operations in the same
//! order, so the results agree to the last bit. Two levels: a population's whole step (the
//! loop over instances, integration, refractoriness, events, spikes) where the JIT takes it,
//! and otherwise the right-hand sides alone, called by the interpreter's loop.
//!
//! The runtime does not depend on the JIT: a front end that links it installs its compiler
//! with [`set_native_compiler`], and every [`super::Interpreter`] made afterwards uses it.

use std::collections::HashMap;
use std::fmt::Debug;
use std::sync::{Arc, Mutex, RwLock};

use cajal_lang::ir::{self, Method, Schedule};

/// The compiled right-hand sides of one model.
pub trait NativeRhs: Send + Sync + Debug {
    /// `out[e]` ← the right-hand side of equation `e` (its deterministic part) for one
    /// instance with these parameter, state and input values at time `t_ms`. The slices
    /// have the model's numbers of parameters, states, inputs and equations.
    fn rhs(&self, params: &[f64], states: &[f64], inputs: &[f64], t_ms: f64, out: &mut [f64]);
}

/// What one step of a whole population reads and writes (see [`NativeStep`]).
pub struct PopulationStep<'a> {
    /// The parameter values every instance shares (those not given per instance).
    pub params: &'a [f64],
    /// The parameters given per instance (one value per instance), by parameter.
    pub per_instance: &'a [Option<Vec<f64>>],
    /// State columns, one value per instance.
    pub states: &'a mut [Vec<f64>],
    /// Input columns.
    pub inputs: &'a [Vec<f64>],
    /// Steps of refractoriness left, per instance.
    pub refractory: &'a mut [u32],
    /// The instances that spike are pushed here, in order.
    pub spikes: &'a mut Vec<u32>,
    /// Time at the start of the step (ms).
    pub t_ms: f64,
    /// Time step (ms).
    pub dt_ms: f64,
    /// The population's seed (noise and hazard draws).
    pub seed: u64,
    /// Global index of instance 0: draws are keyed by it plus the instance's index.
    pub first: u64,
    /// Steps taken so far.
    pub step_no: u64,
    /// Set by the step: whether it wrote a state value that is NaN or infinite (so that the
    /// network's divergence check scans the states only then).
    pub wrote_non_finite: bool,
}

/// A population's whole step for one integration method and event schedule, compiled.
pub trait NativeStep: Send + Sync + Debug {
    /// One step of every instance, in index order, exactly as the interpreter takes it; an
    /// error (and nothing changed) when the columns do not have the model's sizes.
    fn step(&self, step: &mut PopulationStep<'_>) -> Result<(), String>;
}

/// What one pass of a synapse over its targets reads and writes (see [`NativeSynapse`]).
pub struct SynapsePass<'a> {
    /// The synapse's parameter values.
    pub params: &'a [f64],
    /// Summed states, `state[k·n + j]` for target j.
    pub state: &'a mut [f64],
    /// Targets.
    pub n: usize,
    /// Time (ms).
    pub t_ms: f64,
    /// Time step (ms).
    pub dt_ms: f64,
}

/// A synapse's loops over its targets, compiled (the [`crate::synapse::Synapse`] methods of
/// the same names, with the same values).
pub trait NativeSynapse: Send + Sync + Debug {
    /// Advances the summed states by one step (the synapse's `post` variables read 0).
    fn advance(&self, pass: SynapsePass<'_>) -> Result<(), String>;
    /// Adds what the synapse injects, times `scale`, to `out` (or sets `base` plus it),
    /// then advances the summed states.
    fn inject_advance(
        &self,
        pass: SynapsePass<'_>,
        post: &[&[f64]],
        out: &mut [&mut [f64]],
        scale: &[f64],
        base: Option<&[f64]>,
    ) -> Result<(), String>;
}

/// One synapse's values as a visit of its plastic statements reads and writes them (see
/// [`NativePlasticity`]).
pub struct SynapseVisit<'a> {
    /// The synapse's parameter values.
    pub params: &'a [f64],
    /// Its weight.
    pub weight: &'a mut f64,
    /// Its per-synapse variables (traces, then continuous variables).
    pub vars: &'a mut [f64],
    /// The values of the signals it reads.
    pub signals: &'a [f64],
    /// A presynaptic visit's increments of the target's summed states and `post` variables
    /// (`None` for a postsynaptic visit, whose statements change neither).
    pub increments: Option<(&'a mut [f64], &'a mut [f64])>,
}

/// A plastic synapse's `on_pre` and `on_post` statements compiled, for one synapse at a
/// time: the same values as the interpreter's statements.
pub trait NativePlasticity: Send + Sync + Debug {
    /// The `on_pre` statements, in order.
    fn on_pre(&self, visit: SynapseVisit<'_>) -> Result<(), String>;
    /// The `on_post` statements, in order.
    fn on_post(&self, visit: SynapseVisit<'_>) -> Result<(), String>;
}

/// A synapse's compiled plastic statements, or why the JIT does not compile them.
pub type PlasticityCode = Result<Arc<dyn NativePlasticity>, String>;

/// Which of a coupling's terms (see [`crate::coupling::Coupling`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CouplingTerm {
    /// The edge term, over `pre` and `post`.
    Edge,
    /// The node term, over `total`.
    Node,
    /// A plastic coupling's dw/dt, over the weight, `pre`, `post` and the rule states.
    WeightRate,
    /// d/dt of rule state k, over `post` and the rule states.
    RuleRate(usize),
}

/// A coupling's terms compiled: the same values as the interpreter's trees.
pub trait NativeCoupling: Send + Sync + Debug {
    /// The value of `term` with the coupling's `params`, the rule `states`, `[pre, post,
    /// total]` and the weight `w`, read as the interpreter reads them (it gives what a term
    /// does not read as 0, and the weight as NaN outside dw/dt).
    ///
    /// # Panics
    /// If `params` or `states` is shorter than the coupling's counts, or the coupling has no
    /// such term.
    fn value(
        &self,
        term: CouplingTerm,
        params: &[f64],
        states: &[f64],
        coupling: [f64; 3],
        w: f64,
    ) -> f64;
}

/// A compiled coupling, or why the JIT does not compile it.
pub type CouplingCode = Result<Arc<dyn NativeCoupling>, String>;

/// A compiled step, or why the JIT does not compile it.
pub type StepCode = Result<Arc<dyn NativeStep>, String>;

/// A JIT, as the interpreter uses it.
#[derive(Clone, Copy, Debug)]
pub struct NativeCompiler {
    /// Compiles the right-hand sides of a model, or says why it cannot.
    pub rhs: fn(&ir::Model) -> Result<Arc<dyn NativeRhs>, String>,
    /// Compiles a population's step of a model (`plain`) and of its form with hoisted
    /// reciprocals (`hoisted`, for instances that share the parameters) for one method and
    /// schedule, or says why it cannot.
    pub step:
        fn(plain: &ir::Model, hoisted: &ir::Model, method: Method, schedule: Schedule) -> StepCode,
    /// Compiles a synapse's loops over its targets from its summed-state dynamics (as the
    /// loops compute them, with hoisted reciprocals) and the values it injects.
    pub synapse: fn(dynamics: &ir::Model, injected: &[ir::Expr]) -> SynapseCode,
    /// Compiles a plastic synapse's `on_pre` and `on_post` statements.
    pub plasticity: fn(synapse: &ir::Synapse) -> PlasticityCode,
    /// Compiles a coupling's edge, node and rule terms.
    pub coupling: fn(coupling: &ir::Coupling) -> CouplingCode,
}

/// A compiled synapse, or why the JIT does not compile it.
pub type SynapseCode = Result<Arc<dyn NativeSynapse>, String>;

static COMPILER: RwLock<Option<NativeCompiler>> = RwLock::new(None);

/// Makes every interpreter prepared from now on use `compiler` (`None`: evaluate the
/// expression trees, the reference engine).
pub fn set_native_compiler(compiler: Option<NativeCompiler>) {
    *COMPILER.write().unwrap_or_else(|e| e.into_inner()) = compiler;
}

/// The installed compiler, if any.
pub fn native_compiler() -> Option<NativeCompiler> {
    *COMPILER.read().unwrap_or_else(|e| e.into_inner())
}

/// What runs a model's right-hand sides.
#[derive(Clone, Debug)]
pub enum Engine {
    /// The expression trees, evaluated; with the reason the JIT did not take the model, if
    /// one was installed.
    Interpreter(Option<String>),
    /// Native code (the plain model, and the model with hoisted reciprocals).
    Native {
        /// For instances with their own parameter values.
        plain: Arc<dyn NativeRhs>,
        /// For instances that share the parameters.
        hoisted: Arc<dyn NativeRhs>,
    },
}

impl Engine {
    /// The engine for `model` and its hoisted form: native code if there is a `compiler`
    /// and it takes both.
    pub(super) fn for_model(
        model: &ir::Model,
        hoisted: &ir::Model,
        compiler: Option<NativeCompiler>,
    ) -> Engine {
        let Some(compiler) = compiler else {
            return Engine::Interpreter(None);
        };
        let plain = match (compiler.rhs)(model) {
            Ok(code) => code,
            Err(why) => return Engine::Interpreter(Some(why)),
        };
        // Without a division to hoist the two forms are one model: compile it once.
        let hoisted = if hoisted == model {
            Ok(plain.clone())
        } else {
            (compiler.rhs)(hoisted)
        };
        match hoisted {
            Ok(hoisted) => Engine::Native { plain, hoisted },
            Err(why) => Engine::Interpreter(Some(why)),
        }
    }

    /// The native code for the plain (`hoisted = false`) or hoisted model, if any.
    pub(super) fn code(&self, hoisted: bool) -> Option<&dyn NativeRhs> {
        match self {
            Engine::Interpreter(_) => None,
            Engine::Native { plain, .. } if !hoisted => Some(&**plain),
            Engine::Native { hoisted, .. } => Some(&**hoisted),
        }
    }
}

/// Compiled steps of one model by (method, schedule), compiled on first use and shared by
/// every population of the model; the reason where the JIT does not take a combination.
#[derive(Debug, Default)]
pub(super) struct Steps {
    compiled: Mutex<HashMap<(Method, Schedule), StepCode>>,
}

impl Steps {
    /// The compiled step of (`method`, `schedule`), compiling it with `compiler` the first
    /// time; `None` where the JIT does not take it.
    pub(super) fn get(
        &self,
        compiler: NativeCompiler,
        (plain, hoisted): (&ir::Model, &ir::Model),
        method: Method,
        schedule: Schedule,
    ) -> Option<Arc<dyn NativeStep>> {
        let mut compiled = self.compiled.lock().unwrap_or_else(|e| e.into_inner());
        compiled
            .entry((method, schedule))
            .or_insert_with(|| (compiler.step)(plain, hoisted, method, schedule))
            .as_ref()
            .ok()
            .cloned()
    }

    /// Why the JIT does not compile the step of (`method`, `schedule`), if it was asked and
    /// did not.
    pub(super) fn refusal(&self, method: Method, schedule: Schedule) -> Option<String> {
        let compiled = self.compiled.lock().unwrap_or_else(|e| e.into_inner());
        compiled.get(&(method, schedule))?.as_ref().err().cloned()
    }
}
