//! The synapse trait implemented by generated `synapse` items.
//!
//! A synapse's state is summed per target neuron: its dynamics are linear and homogeneous and
//! every presynaptic spike adds `w · jump`, so one value per target stands for all the
//! synapses onto it. State buffers hold `n` targets per variable: variable `k` of target `j`
//! is at `k·n + j`.

use crate::error::Error;
use crate::model::{ParamInfo, VarInfo};
pub use crate::plastic_visits::{PostColumn, PreRow, TraceScope};

/// Names, units and documentation of a synapse.
#[derive(Clone, Copy, Debug)]
pub struct SynapseInfo {
    /// Synapse name.
    pub name: &'static str,
    /// Documentation.
    pub doc: &'static str,
    /// Parameters.
    pub params: &'static [ParamInfo],
    /// The per-synapse weight.
    pub weight: VarInfo,
    /// Weight used when a connectivity rule gives none (in the weight's unit).
    pub weight_default: Option<f64>,
    /// Summed state, one value per target neuron.
    pub states: &'static [VarInfo],
    /// The target's state variables the synapse reads or changes (matched by name and unit).
    pub post: &'static [VarInfo],
    /// The target inputs the synapse adds to (matched by name and unit).
    pub injects: &'static [VarInfo],
    /// Network-level signals the plasticity reads (matched by name and unit).
    pub signals: &'static [VarInfo],
    /// Per-synapse traces of a plastic synapse (exponential between spikes).
    pub traces: &'static [VarInfo],
    /// Where each trace is kept: per synapse, or once per source or target neuron.
    pub trace_scopes: &'static [TraceScope],
    /// Per-synapse variables integrated every step (stored after the traces).
    pub continuous: &'static [VarInfo],
    /// True if the weight has an equation (integrated every step with `continuous`).
    pub weight_equation: bool,
    /// True if spikes change the synapse itself (its weight or traces), so that every
    /// synapse is visited on each spike and `on_post` may run.
    pub plastic: bool,
    /// Integration method of the summed state.
    pub method: &'static str,
    /// Event schedule: `brian2` (a spike adds after the step's decay) or `seed` (a spiking
    /// source's synapses take the increment instead of decaying in that step).
    pub schedule: &'static str,
    /// The equations as written.
    pub equations: &'static [&'static str],
    /// The item's text as written (empty when not compiled from text).
    pub source: &'static str,
}

/// A synapse model: summed linear state, per-weight jumps and the values it injects.
pub trait Synapse: Send + Sync {
    /// Names, units and documentation.
    fn info(&self) -> &'static SynapseInfo;
    /// Initial summed state, one value per variable.
    fn initial_state(&self, out: &mut [f64]);
    /// Advances `n` summed states (`state[k·n + j]`) from `t_ms` by `dt_ms`.
    fn advance(&self, t_ms: f64, dt_ms: f64, state: &mut [f64], n: usize);
    /// Increment of each summed state per unit weight when a spike arrives.
    fn state_jump(&self, out: &mut [f64]);
    /// Increment of each `post` variable per unit weight when a spike arrives.
    fn post_jump(&self, out: &mut [f64]);
    /// In one pass over `n` targets: adds what the synapse injects, from the summed state at
    /// `t_ms` (`state[k·n + j]`) and the target's `post` variables, times `scale[m]` (the
    /// factor to the input's unit) to `out[m][j]` (one target input per injected value), then
    /// advances the summed state by `dt_ms`. With `base`, `out[m][j]` is not read but set to
    /// `base[m]` plus the scaled value (the same numbers as filling `out` with `base` first).
    #[allow(clippy::too_many_arguments)]
    fn inject_advance(
        &self,
        t_ms: f64,
        dt_ms: f64,
        state: &mut [f64],
        n: usize,
        post: &[&[f64]],
        out: &mut [&mut [f64]],
        scale: &[f64],
        base: Option<&[f64]>,
    );
    /// Sets parameter `k`.
    fn set_param(&mut self, k: usize, value: f64) -> Result<(), Error>;
    /// Plastic synapses: the initial per-synapse variables of one synapse (traces, then
    /// continuous variables).
    fn trace_init(&self, _traces: &mut [f64]) {}
    /// Plastic synapses: the decay rate of each trace in 1/ms (negative): a trace is
    /// multiplied by `exp(rate·elapsed_ms)` between events.
    fn trace_rates(&self, _out: &mut [f64]) {}
    /// Synapses with continuous variables or a weight equation: one forward-Euler step of
    /// `dt_ms` from `t_ms` for every synapse s, all derivatives taken from the values at
    /// `t_ms`. Synapse s has per-synapse variables `vars[s·K … s·K + K − 1]` (K = traces +
    /// continuous variables; its traces already at `t_ms`), weight `weights[s]` and target
    /// `targets[s]`, whose `post` variable m is `post[m][targets[s]]`; `signals` holds the
    /// values of the signals the synapse reads.
    #[allow(clippy::too_many_arguments)]
    fn advance_continuous(
        &self,
        _t_ms: f64,
        _dt_ms: f64,
        _weights: &mut [f64],
        _vars: &mut [f64],
        _targets: &[u32],
        _post: &[&[f64]],
        _signals: &[f64],
    ) {
    }
    /// Plastic synapses: a presynaptic spike of one source runs `on_pre` at every synapse of
    /// its row, in order (the traces it reads up to date): updates their weights and
    /// variables, adds to the summed state and collects the `post` increments.
    fn on_pre_row(&self, _row: PreRow<'_>) {}
    /// Plastic synapses: a postsynaptic spike of one target runs `on_post` at every synapse
    /// onto it, in order (the traces it reads up to date).
    fn on_post_column(&self, _column: PostColumn<'_>) {}
}
