//! The model trait and the metadata every model carries.

use crate::error::Error;
use crate::targets::{JumpTarget, Targets};

/// Neuron (may spike), neural mass, or the summed state of a synapse: the compiler's kind,
/// shared by generated and interpreted models.
pub use cajal_lang::ir::ModelKind;

/// A parameter's name, unit, default and documentation.
#[derive(Clone, Copy, Debug)]
pub struct ParamInfo {
    /// Name as in the model.
    pub name: &'static str,
    /// Unit of the stored value.
    pub unit: &'static str,
    /// Default value in that unit.
    pub default: f64,
    /// Documentation.
    pub doc: &'static str,
}

/// A state variable's, input's or output's name, unit and documentation.
#[derive(Clone, Copy, Debug)]
pub struct VarInfo {
    /// Name as in the model.
    pub name: &'static str,
    /// Unit.
    pub unit: &'static str,
    /// Documentation.
    pub doc: &'static str,
}

/// Everything the runtime, monitors and the CLI need to know about a model.
#[derive(Clone, Copy, Debug)]
pub struct ModelInfo {
    /// Model name.
    pub name: &'static str,
    /// Neuron or mass.
    pub kind: ModelKind,
    /// Documentation (first line is the summary).
    pub doc: &'static str,
    /// Parameters.
    pub params: &'static [ParamInfo],
    /// Inputs.
    pub inputs: &'static [VarInfo],
    /// State variables.
    pub states: &'static [VarInfo],
    /// Observables.
    pub outputs: &'static [VarInfo],
    /// Default integration method.
    pub method: &'static str,
    /// Every selectable integration method, the default first.
    pub methods: &'static [&'static str],
    /// Why that method.
    pub method_reason: &'static str,
    /// Default event schedule (`brian2` or `seed`).
    pub schedule: &'static str,
    /// Every selectable schedule, the default first.
    pub schedules: &'static [&'static str],
    /// Preset names.
    pub presets: &'static [&'static str],
    /// The equations as written.
    pub equations: &'static [&'static str],
    /// State variables frozen during the refractory period (`unless refractory`): neither
    /// integrated nor changed by synaptic jumps.
    pub clamped: &'static [&'static str],
    /// The model's text in the Cajal language (a `.cajal` file or the macro's input as
    /// text): what the interpreter and `cajal show` read.
    pub source: &'static str,
}

fn find(
    kind: &'static str,
    name: &str,
    names: impl Iterator<Item = &'static str>,
) -> Result<usize, Error> {
    let all: Vec<&str> = names.collect();
    all.iter()
        .position(|n| *n == name)
        .ok_or_else(|| Error::UnknownName {
            kind,
            name: name.to_string(),
            available: all.iter().map(|s| s.to_string()).collect(),
        })
}

impl ModelInfo {
    /// Index of a parameter by name.
    pub fn param_index(&self, name: &str) -> Result<usize, Error> {
        find("parameter", name, self.params.iter().map(|p| p.name))
    }
    /// Index of a state variable by name.
    pub fn state_index(&self, name: &str) -> Result<usize, Error> {
        find("state variable", name, self.states.iter().map(|p| p.name))
    }
    /// Index of an input by name.
    pub fn input_index(&self, name: &str) -> Result<usize, Error> {
        find("input", name, self.inputs.iter().map(|p| p.name))
    }
    /// Index of an output by name.
    pub fn output_index(&self, name: &str) -> Result<usize, Error> {
        find("output", name, self.outputs.iter().map(|p| p.name))
    }
}

/// A population of `len()` instances of one model, stepped together.
///
/// Time is in ms; every other value is in the unit [`ModelInfo`] lists for it.
pub trait Model {
    /// Names, units and documentation.
    fn info(&self) -> &'static ModelInfo;
    /// Number of instances.
    fn len(&self) -> usize;
    /// True if there are no instances.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Advances every instance from `t_ms` to `t_ms + dt_ms`, pushing the indices of the
    /// instances that spiked onto `spikes`.
    fn step(&mut self, t_ms: f64, dt_ms: f64, spikes: &mut Vec<u32>);
    /// Steps a discrete-time model one instance at a time (its asynchronous update): for each
    /// `i` in `order`, `before(i, self)` runs (so that the caller can set the inputs instance
    /// `i` sees from the state its predecessors left), then instance `i` takes its update
    /// from the state and inputs as they are. Time and step count advance once; instances
    /// not in `order` keep their state. Models that integrate equations refuse.
    fn step_in_order(
        &mut self,
        _t_ms: f64,
        _dt_ms: f64,
        _order: &[u32],
        _before: &mut dyn FnMut(usize, &mut dyn Model),
    ) -> Result<(), Error> {
        Err(Error::Incompatible {
            what: format!("model `{}`", self.info().name),
            message: "only a discrete-time model (with `update { … }`) can be updated one instance at a time".into(),
        })
    }
    /// The integration method in use.
    fn method(&self) -> &'static str;
    /// Switches to another of the model's selectable methods ([`ModelInfo::methods`]).
    fn set_method(&mut self, name: &str) -> Result<(), Error>;
    /// The event schedule in use.
    fn schedule(&self) -> &'static str;
    /// Steps the instances in chunks on rayon's threads when there are at least
    /// `min_instances` of them (default: never). Results are identical to sequential
    /// stepping whatever the number of threads.
    fn set_parallel_threshold(&mut self, _min_instances: usize) {}
    /// Switches to another of the model's selectable schedules ([`ModelInfo::schedules`]).
    fn set_schedule(&mut self, name: &str) -> Result<(), Error>;
    /// Values of state variable `k` (one per instance).
    fn state(&self, k: usize) -> &[f64];
    /// Mutable values of state variable `k`.
    fn state_mut(&mut self, k: usize) -> &mut [f64];
    /// Values of input `k`.
    fn input(&self, k: usize) -> &[f64];
    /// Mutable buffer of input `k`, read by the next `step`.
    fn input_mut(&mut self, k: usize) -> &mut [f64];
    /// Exchanges the values of input `k` with `values`, which must have one value per
    /// instance (other lengths, or a `k` out of range, change nothing). Generated models swap
    /// the buffers without copying.
    fn swap_input(&mut self, k: usize, values: &mut Vec<f64>) {
        let input = self.input_mut(k);
        if input.len() == values.len() {
            input.swap_with_slice(values);
        }
    }
    /// Observable `k` of instance `i`.
    fn output(&self, k: usize, i: usize) -> f64;
    /// Sets parameter `k` to one value shared by all instances.
    fn set_param(&mut self, k: usize, value: f64) -> Result<(), Error>;
    /// Sets parameter `k` to one value per instance.
    fn set_param_per_instance(&mut self, k: usize, values: Vec<f64>) -> Result<(), Error>;
    /// Sets the seed of the model's random streams (white noise). Each draw depends only on
    /// (seed, equation, instance, step), so runs are identical whatever the thread count.
    fn set_seed(&mut self, seed: u64);
    /// Keeps only instances `range`, numbered from 0 again, before the first step: one
    /// rank's share of a population split over ranks ([`crate::distributed`]). Their random
    /// draws keep the keys of their original index, so they draw what the whole population
    /// would. Models that cannot be split refuse.
    fn keep_instances(&mut self, range: std::ops::Range<usize>) -> Result<(), Error> {
        let _ = range;
        Err(Error::Incompatible {
            what: format!("model `{}`", self.info().name),
            message: "this kind of model cannot be split over ranks".into(),
        })
    }
    /// State `k` as synaptic jumps see it: its values, and the refractory steps left per
    /// instance if the state is clamped while refractory ([`ModelInfo::clamped`]), so that
    /// jumps onto those instances are skipped. Many runs of synapses are then added with one
    /// call. A write through the trait, like [`Model::state_mut`].
    fn jump_target(&mut self, k: usize) -> JumpTarget<'_> {
        JumpTarget {
            state: self.state_mut(k),
            refractory: None,
        }
    }
    /// Adds `weights[s]·c` to state `k` of instance `targets[s]` for every s (a synaptic
    /// jump), with the rule of [`Model::jump_target`].
    fn add_to_state(&mut self, k: usize, targets: Targets<'_>, weights: &[f64], c: f64) {
        self.jump_target(k).add(targets, weights, c);
    }
    /// Adds `values[j]` to state `k` of every instance j, with the rule of
    /// [`Model::jump_target`].
    fn add_values_to_state(&mut self, k: usize, values: &[f64]) {
        self.jump_target(k).add_values(values);
    }
    /// Everything that changes as the model runs (state, inputs, refractory counters, step
    /// count, delay history), as numbers, for checkpoints. Parameters are not included.
    fn save_dynamic(&self) -> Vec<f64>;
    /// Restores what [`Model::save_dynamic`] saved from a model of the same type and size.
    fn load_dynamic(&mut self, data: &[f64]) -> Result<(), Error>;
    /// Puts every state variable back to its initial value (computed from the parameters).
    fn reset_state(&mut self);
    /// Whether a state value may be NaN or infinite: true after a step that wrote one, after
    /// any write through this trait (`state_mut`, `add_to_state`, `load_dynamic`, …) and
    /// until [`Model::mark_all_finite`]; models that do not track it always answer true.
    /// Lets [`check_finite_after_step`] skip its scan of the state.
    fn may_have_non_finite(&self) -> bool {
        true
    }
    /// Records that every state value is finite (a scan found none that is not).
    fn mark_all_finite(&mut self) {}
    /// The first state value that is NaN or infinite, as (variable, instance).
    fn first_non_finite(&self) -> Option<(usize, usize)> {
        (0..self.info().states.len()).find_map(|k| {
            let x = self.state(k);
            if all_finite(x) {
                return None;
            }
            x.iter().position(|x| !x.is_finite()).map(|i| (k, i))
        })
    }
}

/// True if no value is NaN or infinite: a branch-free pass over the exponent bits (it
/// vectorises), so checking every step stays cheap.
#[inline]
pub fn all_finite(xs: &[f64]) -> bool {
    xs.iter().fold(0u64, |bad, &x| bad | non_finite_bit(x)) == 0
}

/// 1 if `x` is NaN or infinite, else 0: for generated steps, which OR it over the values they
/// write (an integer OR reduction vectorises; a `bool` one does not).
#[inline(always)]
pub fn non_finite_bit(x: f64) -> u64 {
    const EXPONENT: u64 = 0x7ff0_0000_0000_0000;
    u64::from(x.to_bits() & EXPONENT == EXPONENT)
}

/// `Err(Error::Diverged)` naming the model, variable, instance and time `t_ms` if any state
/// value of `model` is NaN or infinite.
pub fn check_finite<M: Model + ?Sized>(model: &M, t_ms: f64) -> Result<(), Error> {
    match model.first_non_finite() {
        None => Ok(()),
        Some((k, i)) => {
            let info = model.info();
            Err(Error::Diverged {
                model: info.name.to_string(),
                variable: info.states[k].name.to_string(),
                instance: i,
                time_ms: t_ms,
                value: model.state(k)[i],
            })
        }
    }
}

/// [`check_finite`] after a step: the scan is skipped when the model knows that no state
/// value can be NaN or infinite ([`Model::may_have_non_finite`]: its step wrote finite
/// values only and nothing else wrote its state since the last check).
pub fn check_finite_after_step<M: Model + ?Sized>(model: &mut M, t_ms: f64) -> Result<(), Error> {
    if model.may_have_non_finite() {
        check_finite(&*model, t_ms)?;
        model.mark_all_finite();
    }
    Ok(())
}

/// Calls `f(i)` for every `i` with `flags[i] != 0`, in increasing order. For generated code,
/// where flags are rare (the neurons whose events may fire in a step): 32 flags are tested
/// at once.
#[inline]
pub fn for_each_flagged(flags: &[u8], mut f: impl FnMut(usize)) {
    const BLOCK: usize = 32;
    let mut blocks = flags.chunks_exact(BLOCK);
    let mut base = 0;
    for block in &mut blocks {
        if block.iter().fold(0u8, |any, &b| any | b) != 0 {
            for (k, &b) in block.iter().enumerate() {
                if b != 0 {
                    f(base + k);
                }
            }
        }
        base += BLOCK;
    }
    for (k, &b) in blocks.remainder().iter().enumerate() {
        if b != 0 {
            f(base + k);
        }
    }
}

/// Other simulators' names of integration methods, accepted wherever a method is chosen by
/// name: `heun` (Brian2) is `rk2`, `exp_euler` (brainmass) is `exp_euler_diag`.
pub const METHOD_ALIASES: &[(&str, &str)] = &[("heun", "rk2"), ("exp_euler", "exp_euler_diag")];

/// Cajal's name of the method called `name` (itself unless it is one of the
/// [`METHOD_ALIASES`]).
pub fn canonical_method(name: &str) -> &str {
    METHOD_ALIASES
        .iter()
        .find(|(alias, _)| *alias == name)
        .map_or(name, |(_, canonical)| canonical)
}

/// The position of the method called `name` (or one of its [`METHOD_ALIASES`]) among a
/// model's `methods`, or an error listing them.
pub fn method_position(methods: &[&str], name: &str) -> Result<usize, Error> {
    let canonical = canonical_method(name);
    methods
        .iter()
        .position(|m| *m == canonical)
        .ok_or_else(|| Error::UnknownName {
            kind: "integration method of this model",
            name: name.to_string(),
            available: methods.iter().map(|m| m.to_string()).collect(),
        })
}

/// Steps of a refractory period: `t_ref/dt` rounded down with a tolerance of 1e-3·dt
/// (Brian2's rule, so 2 ms at dt = 0.1 ms is exactly 20 steps).
#[inline]
pub fn refractory_steps(t_ref_ms: f64, dt_ms: f64) -> u32 {
    let steps = (t_ref_ms / dt_ms + 1e-3).floor();
    if steps > 0.0 { steps as u32 } else { 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn for_each_flagged_visits_exactly_the_flagged_indices_in_order() {
        // Lengths around the 32-flag block, flags in full blocks and in the remainder.
        for n in [0usize, 1, 31, 32, 33, 64, 100] {
            let flags: Vec<u8> = (0..n).map(|i| u8::from(i % 7 == 3 || i == n - 1)).collect();
            let expected: Vec<usize> = (0..n).filter(|&i| flags[i] != 0).collect();
            let mut seen = Vec::new();
            for_each_flagged(&flags, |i| seen.push(i));
            assert_eq!(seen, expected, "n = {n}");
        }
    }

    #[test]
    fn refractory_steps_follow_brian2s_rounding() {
        assert_eq!(refractory_steps(2.0, 0.1), 20);
        assert_eq!(refractory_steps(0.25, 0.1), 2);
        assert_eq!(refractory_steps(0.0, 0.1), 0);
    }
}
