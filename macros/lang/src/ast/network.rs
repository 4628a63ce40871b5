//! The syntax of a `network` item: populations, projections, drives, Poisson inputs and
//! monitors, as written.

use super::{Expr, Ident};
use crate::diag::Loc;

/// Everything a `network` item says beyond its parameters and presets.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct NetworkBody {
    /// `timestep 0.1 ms`.
    pub timestep: Option<Expr>,
    /// `seed 2000`, with its place.
    pub seed: Option<(u64, Loc)>,
    /// `precision f32`.
    pub precision: Option<Ident>,
    /// `population E = Model[n] { … }`, in order.
    pub populations: Vec<PopulationDecl>,
    /// `source P = poisson[n] { rate = … }` or `source G = spike_times[n] { 0 at 10 ms, … }`.
    pub sources: Vec<SourceDecl>,
    /// `projection EE: E -> E = Synapse { … } with rule(…) delay …`, in order.
    pub projections: Vec<ProjectionDecl>,
    /// `drive E.I = value`.
    pub drives: Vec<DriveDecl>,
    /// `poisson_input name: E.v { count = …, rate = …, weight = … }`.
    pub poisson_inputs: Vec<PoissonInputDecl>,
    /// `signal dopamine: uM = DA.d` or `signal reward: 1 = value`.
    pub signals: Vec<SignalDecl>,
    /// `record E` (spikes) and `record E.v every k` (a state variable of every neuron).
    pub records: Vec<RecordDecl>,
}

/// `signal NAME: UNIT = value` (may read `t`) or `signal NAME: UNIT = POP.VAR`.
#[derive(Clone, PartialEq, Debug)]
pub struct SignalDecl {
    /// Doc, name, unit and the value when it is one.
    pub decl: super::Decl,
    /// The population and state variable the signal follows, when it does.
    pub state: Option<(Ident, Ident)>,
}

/// A Rust path to a model or synapse type, e.g. `crate::Lif`.
#[derive(Clone, PartialEq, Debug)]
pub struct TypePath {
    /// The segments.
    pub segments: Vec<Ident>,
    /// Where it is.
    pub loc: Loc,
}

/// How a population or projection uses its model: preset, method, schedule, parameter
/// settings and initial values.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct ModelUse {
    /// `preset name`.
    pub preset: Option<Ident>,
    /// `method name`.
    pub method: Option<Ident>,
    /// `schedule name`.
    pub schedule: Option<Ident>,
    /// `param = value` (uniform, or per neuron when it depends on `i` or random draws).
    pub settings: Vec<(Ident, Expr)>,
    /// `init state = value`.
    pub inits: Vec<(Ident, Expr)>,
}

/// `population NAME = Model[size] { … }`.
#[derive(Clone, PartialEq, Debug)]
pub struct PopulationDecl {
    /// Doc comment lines.
    pub doc: Vec<String>,
    /// The population's name.
    pub name: Ident,
    /// The model type.
    pub model: TypePath,
    /// Number of neurons (a whole number).
    pub size: Expr,
    /// Preset, method and settings.
    pub using: ModelUse,
}

/// `source NAME = kind[size] { … }`: neurons that only spike.
#[derive(Clone, PartialEq, Debug)]
pub struct SourceDecl {
    /// Doc comment lines.
    pub doc: Vec<String>,
    /// The source's name.
    pub name: Ident,
    /// `poisson` or `spike_times`.
    pub kind: Ident,
    /// Number of neurons.
    pub size: Expr,
    /// Named arguments (`rate = …`).
    pub args: Vec<(Option<Ident>, Expr)>,
    /// `neuron at time` entries.
    pub spikes: Vec<(u64, Expr)>,
}

/// A connectivity rule as written.
#[derive(Clone, PartialEq, Debug)]
pub enum RuleDecl {
    /// `name(arg, key = arg, flag, …)`.
    Call {
        /// The rule's name.
        name: Ident,
        /// Positional (`None`) and named arguments; a bare name is a flag such as `no_self`.
        args: Vec<(Option<Ident>, Expr)>,
    },
    /// `edges { 0 -> 2 = 5 nS, … }`: (source, target, weight).
    Edges(Vec<(u64, u64, Expr)>),
}

/// `projection NAME: PRE -> POST = Synapse { … } with rule delay d`.
#[derive(Clone, PartialEq, Debug)]
pub struct ProjectionDecl {
    /// Doc comment lines.
    pub doc: Vec<String>,
    /// The projection's name.
    pub name: Ident,
    /// Source population.
    pub pre: Ident,
    /// Target population.
    pub post: Ident,
    /// A rate projection's coupled state of the source (`A.x`).
    pub pre_var: Option<Ident>,
    /// A rate projection's input of the target (`B.x_inp`).
    pub post_input: Option<Ident>,
    /// The synapse type (a coupling type for a rate projection).
    pub synapse: TypePath,
    /// Preset, schedule, parameter settings and initial values of the summed state.
    pub using: ModelUse,
    /// Connectivity and weights.
    pub rule: RuleDecl,
    /// Where the rule is.
    pub rule_loc: Loc,
    /// Transmission delay, if any.
    pub delay: Option<Expr>,
}

/// `drive POP.INPUT = value`.
#[derive(Clone, PartialEq, Debug)]
pub struct DriveDecl {
    /// Target population.
    pub pop: Ident,
    /// The input driven.
    pub input: Ident,
    /// Its value (may depend on `i`).
    pub value: Expr,
}

/// `poisson_input NAME: POP.VAR { count = …, rate = …, weight = … }`.
#[derive(Clone, PartialEq, Debug)]
pub struct PoissonInputDecl {
    /// Doc comment lines.
    pub doc: Vec<String>,
    /// Its name.
    pub name: Ident,
    /// Target population.
    pub pop: Ident,
    /// The state variable that each spike jumps.
    pub var: Ident,
    /// Named arguments.
    pub args: Vec<(Option<Ident>, Expr)>,
    /// The whole declaration.
    pub loc: Loc,
}

/// `record POP` or `record POP.VAR every K`.
#[derive(Clone, PartialEq, Debug)]
pub struct RecordDecl {
    /// The population.
    pub pop: Ident,
    /// The state variable, or `None` for spikes.
    pub var: Option<Ident>,
    /// Record every K steps (default 1).
    pub every: Option<u64>,
}
