//! The checked model: names resolved, units folded into constants, no source places.
//!
//! Every value in an IR expression is a plain number in the unit its declaration gives
//! (parameters, inputs and states keep the units the modeller wrote); time is in ms.

mod expr;
mod network;
mod params;
mod trace_scope;
pub use expr::*;
pub use network::*;
pub use params::{changed_params, resolve_params};
pub use trace_scope::TraceScope;

/// What a checked model is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ModelKind {
    /// A spiking neuron (a `neuron` item).
    Neuron,
    /// A neural mass (a `mass` item).
    Mass,
    /// The summed state of a `synapse` item (its [`Synapse::dynamics`]): one value per target
    /// neuron, with the `post` variables as inputs and the injected values as outputs.
    Synapse,
}

impl ModelKind {
    /// The item keyword: `neuron`, `mass` or `synapse`.
    pub fn keyword(self) -> &'static str {
        match self {
            ModelKind::Neuron => "neuron",
            ModelKind::Mass => "mass",
            ModelKind::Synapse => "synapse",
        }
    }
}

/// A unit as shown to users, with the exact scale used by the checker.
#[derive(Clone, PartialEq, Debug)]
pub struct UnitInfo {
    /// The unit as text, e.g. `mV` or `nS/mV`.
    pub text: String,
    /// Dimension and power of ten.
    pub unit: crate::units::Unit,
}

/// A parameter.
#[derive(Clone, PartialEq, Debug)]
pub struct Param {
    /// Name.
    pub name: String,
    /// Unit of the stored value.
    pub unit: UnitInfo,
    /// Default value in that unit.
    pub default: f64,
    /// The default as an expression of the parameters declared before it
    /// (`V_cut = V_T + 5*Delta_T`), in this parameter's unit; `None` for a constant.
    pub derived: Option<Expr>,
    /// Documentation.
    pub doc: Vec<String>,
}

/// An input (driven from outside each step).
#[derive(Clone, PartialEq, Debug)]
pub struct Input {
    /// Name.
    pub name: String,
    /// Unit.
    pub unit: UnitInfo,
    /// Value when nothing drives it.
    pub default: f64,
    /// Documentation.
    pub doc: Vec<String>,
}

/// A state variable.
#[derive(Clone, PartialEq, Debug)]
pub struct State {
    /// Name.
    pub name: String,
    /// Unit.
    pub unit: UnitInfo,
    /// Initial value (may read parameters).
    pub init: Expr,
    /// Documentation.
    pub doc: Vec<String>,
}

/// The equation of one state variable: dx/dt = rhs, in (unit of x)/ms; in a discrete-time
/// model ([`Model::is_discrete`]) rhs is instead the value x takes at the next step, in the
/// unit of x.
#[derive(Clone, PartialEq, Debug)]
pub struct Equation {
    /// Right-hand side.
    pub rhs: Expr,
    /// ∂rhs/∂x, for exponential methods.
    pub jacobian_diagonal: Option<Expr>,
    /// ∂rhs/∂x_j for the other states j it reads, constant, when the model's equations form a
    /// coupled linear system integrated by `exact` (empty otherwise).
    pub coupled: Vec<(usize, Expr)>,
    /// The coefficient g of white noise: dx/dt = rhs + g·ξ, ξ in s^-1/2 (g in (unit of x)/ms
    /// per s^-1/2). `rhs` is the deterministic part.
    pub noise: Option<Expr>,
    /// Frozen while the instance is refractory.
    pub clamped: bool,
    /// Documentation.
    pub doc: Vec<String>,
}

/// An observable computed from the state.
#[derive(Clone, PartialEq, Debug)]
pub struct Output {
    /// Name.
    pub name: String,
    /// Unit.
    pub unit: UnitInfo,
    /// Definition.
    pub expr: Expr,
    /// Documentation.
    pub doc: Vec<String>,
}

/// `on condition { … }`.
#[derive(Clone, PartialEq, Debug)]
pub struct Event {
    /// When it fires.
    pub condition: Expr,
    /// Assignments applied in order: state index and new value.
    pub assignments: Vec<(usize, Expr)>,
    /// Whether it emits a spike.
    pub emits_spike: bool,
}

/// Refractoriness.
#[derive(Clone, PartialEq, Debug)]
pub enum Refractory {
    /// None.
    None,
    /// A period in ms after each spike (rounded down to steps, with a 1e-3·dt tolerance).
    Period(Expr),
    /// Refractory while the condition holds (tested at the start of each step).
    While(Expr),
}

/// Integration methods.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Method {
    /// Forward Euler.
    Euler,
    /// Heun (explicit trapezoid).
    Rk2,
    /// Classic fourth-order Runge–Kutta.
    Rk4,
    /// Analytic propagator of linear equations with constant coefficients.
    Exact,
    /// Brian2's exponential Euler for conditionally linear equations.
    ExponentialEuler,
    /// brainmass's per-variable exponential Euler with the diagonal of the full Jacobian.
    ExpEulerDiag,
    /// Euler–Maruyama for equations with white noise (Euler for the others).
    EulerMaruyama,
    /// Semi-implicit (symplectic) Euler: variables are advanced in declaration order, each
    /// from the values already updated in this step.
    SemiImplicitEuler,
    /// A discrete-time model's `update`, every instance at once (parallel dynamics): each
    /// equation's `rhs` is the value its state takes at the next step.
    Synchronous,
    /// A discrete-time model's `update`, one instance at a time in a random order drawn from
    /// the seed (each instance sees the inputs its predecessors in the order changed, when a
    /// network steps it); on its own, a population steps as with [`Method::Synchronous`].
    Asynchronous,
}

impl Method {
    /// The DSL name.
    pub fn name(self) -> &'static str {
        match self {
            Method::Euler => "euler",
            Method::Rk2 => "rk2",
            Method::Rk4 => "rk4",
            Method::Exact => "exact",
            Method::ExponentialEuler => "exponential_euler",
            Method::ExpEulerDiag => "exp_euler_diag",
            Method::EulerMaruyama => "euler_maruyama",
            Method::SemiImplicitEuler => "semi_implicit_euler",
            Method::Synchronous => "synchronous",
            Method::Asynchronous => "asynchronous",
        }
    }

    /// Whether this is a discrete-time model's update rather than an integration method.
    pub fn is_discrete(self) -> bool {
        matches!(self, Method::Synchronous | Method::Asynchronous)
    }

    /// Parses a DSL method name.
    pub fn from_name(name: &str) -> Option<Method> {
        Some(match name {
            "euler" => Method::Euler,
            "rk2" | "heun" => Method::Rk2,
            "rk4" => Method::Rk4,
            "exact" => Method::Exact,
            "exponential_euler" => Method::ExponentialEuler,
            "exp_euler_diag" | "exp_euler" => Method::ExpEulerDiag,
            "euler_maruyama" => Method::EulerMaruyama,
            "semi_implicit_euler" => Method::SemiImplicitEuler,
            "synchronous" => Method::Synchronous,
            "asynchronous" => Method::Asynchronous,
            _ => return None,
        })
    }

    /// All method names, for suggestions.
    pub const NAMES: &'static [&'static str] = &[
        "euler",
        "rk2",
        "heun",
        "rk4",
        "exact",
        "exponential_euler",
        "exp_euler_diag",
        "exp_euler",
        "euler_maruyama",
        "semi_implicit_euler",
    ];

    /// The update orders of discrete-time models, for suggestions.
    pub const DISCRETE_NAMES: &'static [&'static str] = &["synchronous", "asynchronous"];
}

/// When events are tested relative to integration.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Schedule {
    /// Brian2's default: integrate, then test events on the new values and apply them.
    Brian2,
    /// The seed notebook's loop: test events in order on the stored values; the first that
    /// holds is applied and that instance does not integrate in that step.
    Seed,
}

impl Schedule {
    /// The DSL name.
    pub fn name(self) -> &'static str {
        match self {
            Schedule::Brian2 => "brian2",
            Schedule::Seed => "seed",
        }
    }
}

/// A named parameter set.
#[derive(Clone, PartialEq, Debug)]
pub struct Preset {
    /// Name.
    pub name: String,
    /// (parameter index, value in the parameter's unit), as the preset states them;
    /// [`resolve_params`] adds the defaults derived from them.
    pub values: Vec<(usize, f64)>,
    /// Documentation.
    pub doc: Vec<String>,
}

/// A checked model, ready for code generation or interpretation.
#[derive(Clone, PartialEq, Debug)]
pub struct Model {
    /// Name.
    pub name: String,
    /// Documentation lines.
    pub doc: Vec<String>,
    /// Visibility as written.
    pub vis: String,
    /// Neuron, mass, or a synapse's summed state.
    pub kind: ModelKind,
    /// Parameters.
    pub params: Vec<Param>,
    /// Inputs.
    pub inputs: Vec<Input>,
    /// State variables.
    pub states: Vec<State>,
    /// One equation per state, same order.
    pub equations: Vec<Equation>,
    /// Observables.
    pub outputs: Vec<Output>,
    /// Events in order.
    pub events: Vec<Event>,
    /// Refractoriness.
    pub refractory: Refractory,
    /// Default integration method.
    pub method: Method,
    /// Every selectable method, the default first.
    pub methods: Vec<Method>,
    /// Why that method (stated or chosen automatically).
    pub method_reason: String,
    /// Default event schedule.
    pub schedule: Schedule,
    /// Every selectable schedule, the default first.
    pub schedules: Vec<Schedule>,
    /// Parameter presets.
    pub presets: Vec<Preset>,
    /// The item's text as written, doc comments included (what the interpreter and
    /// `cajal show` read; empty when the model was not compiled from text).
    pub source: String,
}

impl Model {
    /// The states of the coupled linear system that `exact` integrates with a matrix
    /// propagator, ascending (empty when every equation is integrated on its own), and the
    /// Jacobian entry ∂f_i/∂x_j for each pair of them (the diagonal, the coupling, or zero).
    pub fn coupled_block(&self) -> (Vec<usize>, Vec<Vec<&Expr>>) {
        static ZERO: Expr = Expr::Num(0.0);
        let mut block: Vec<usize> = Vec::new();
        for (i, eq) in self.equations.iter().enumerate() {
            if !eq.coupled.is_empty() {
                block.push(i);
                block.extend(eq.coupled.iter().map(|(j, _)| *j));
            }
        }
        block.sort_unstable();
        block.dedup();
        let entry = |i: usize, j: usize| -> &Expr {
            let eq = &self.equations[i];
            if i == j {
                return eq.jacobian_diagonal.as_ref().unwrap_or(&ZERO);
            }
            eq.coupled
                .iter()
                .find(|(k, _)| *k == j)
                .map_or(&ZERO, |(_, d)| d)
        };
        let matrix = block
            .iter()
            .map(|&i| block.iter().map(|&j| entry(i, j)).collect())
            .collect();
        (block, matrix)
    }

    /// The coupled block that `method` integrates with a matrix propagator and its Jacobian
    /// entries: [`Model::coupled_block`] with `exact`, empty with any other method.
    pub fn coupled_block_of(&self, method: Method) -> (Vec<usize>, Vec<Vec<&Expr>>) {
        if method == Method::Exact {
            self.coupled_block()
        } else {
            Default::default()
        }
    }

    /// Whether the model is discrete-time (an `update` section instead of derivatives).
    pub fn is_discrete(&self) -> bool {
        self.method.is_discrete()
    }

    /// Number of random draws: the `hazard(…)` conditions of the events and the
    /// `bernoulli(…)` calls of an `update` (draw k is `Var::Draw(k)`).
    pub fn hazard_draws(&self) -> u32 {
        let mut n = 0;
        let uses = |n: u32, e: &Expr| crate::sym::any_var(e, &|v| v == Var::Draw(n));
        while self.events.iter().any(|e| uses(n, &e.condition))
            || self.equations.iter().any(|e| uses(n, &e.rhs))
        {
            n += 1;
        }
        n
    }

    /// Every `delayed(x, d)` in the equations (deterministic parts, then noise
    /// coefficients, equation by equation): the state read and its delay (ms).
    pub fn delayed_uses(&self) -> Vec<(usize, &Expr)> {
        fn walk<'a>(e: &'a Expr, out: &mut Vec<(usize, &'a Expr)>) {
            if let Expr::Delayed(k, d) = e {
                out.push((*k, d));
            }
            for child in e.children() {
                walk(child, out);
            }
        }
        let mut out = Vec::new();
        for eq in &self.equations {
            walk(&eq.rhs, &mut out);
            if let Some(g) = &eq.noise {
                walk(g, &mut out);
            }
        }
        out
    }

    /// The states read through `delayed(…)`, in order of first use: the layout of a delay
    /// history.
    pub fn delayed_states(&self) -> Vec<usize> {
        let mut out = Vec::new();
        for (k, _) in self.delayed_uses() {
            if !out.contains(&k) {
                out.push(k);
            }
        }
        out
    }
}

/// A checked coupling: how the values of source nodes combine into a target node's input.
///
/// c_i = node(Σ_j W_ij · edge(x_j(t − d_ij), x_i)), in the numbers of the coupled variable's
/// unit (couplings are written once for any variable, so `pre`, `post` and `total` are
/// dimensionless in the checker).
#[derive(Clone, PartialEq, Debug)]
pub struct Coupling {
    /// Name.
    pub name: String,
    /// Documentation lines.
    pub doc: Vec<String>,
    /// Visibility as written.
    pub vis: String,
    /// Parameters (e.g. the global coupling strength).
    pub params: Vec<Param>,
    /// The term of one edge, over `Pre`, `Post` and parameters.
    pub edge: Expr,
    /// What the target receives, over `Total` and parameters.
    pub node: Expr,
    /// `(a, b, c)` when edge = a·pre + b·post + c with a, b, c free of pre and post: then the
    /// weighted sum is a·(W x)_i + (b·x_i + c)·Σ_j W_ij, a matrix–vector product.
    pub linear: Option<(Expr, Expr, Expr)>,
    /// The learning rule of a plastic coupling (the weights then change every step).
    pub plasticity: Option<RatePlasticity>,
    /// The item's text as written (what the interpreter reads; empty when not compiled
    /// from text).
    pub source: String,
}

/// The learning rule of a plastic coupling: dW_ij/dt over the source's value `pre` (as the
/// edge reads it), the target's `post`, the weight and per-target rule states, all
/// integrated by forward Euler every step from the values at the step's start.
#[derive(Clone, PartialEq, Debug)]
pub struct RatePlasticity {
    /// The weight's name as written (`weight w: 1`).
    pub weight: String,
    /// Per-target variables (e.g. BCM's sliding threshold), states `0 …` of the rule.
    pub states: Vec<RuleState>,
    /// dw/dt in 1/ms, over parameters, [`Var::Pre`], [`Var::Post`], [`Var::Weight`] and
    /// the rule states ([`Var::State`]).
    pub weight_derivative: Expr,
}

/// A per-target variable of a plastic coupling: one value per target node.
#[derive(Clone, PartialEq, Debug)]
pub struct RuleState {
    /// Name.
    pub name: String,
    /// Unit.
    pub unit: UnitInfo,
    /// Initial value (reads parameters).
    pub init: Expr,
    /// Its time derivative in its unit per ms, over parameters, [`Var::Post`] and the rule
    /// states ([`Var::State`]).
    pub derivative: Expr,
    /// Documentation.
    pub doc: Vec<String>,
}

/// The per-synapse weight of a synapse item.
#[derive(Clone, PartialEq, Debug)]
pub struct Weight {
    /// Name (read only in `on_pre`).
    pub name: String,
    /// Unit.
    pub unit: UnitInfo,
    /// Value used when a connectivity rule gives none.
    pub default: Option<f64>,
    /// Documentation.
    pub doc: Vec<String>,
}

/// What an `on_pre` statement changes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum JumpTarget {
    /// A summed state of the synapse (index into the dynamics' states).
    State(usize),
    /// A variable of the target neuron (index into the dynamics' inputs, the `post` list).
    Post(usize),
}

/// `x += w·c` on a presynaptic spike.
#[derive(Clone, PartialEq, Debug)]
pub struct Jump {
    /// The variable that jumps.
    pub target: JumpTarget,
    /// The increment per unit weight, c (reads only parameters), in the target's unit per
    /// weight unit.
    pub per_weight: Expr,
}

/// A checked synapse.
///
/// The synapse's state is summed over its synapses: one value per target neuron stands for
/// all the synapses onto it, which is exact because the state follows linear homogeneous
/// dynamics and each spike adds an amount proportional to the synapse's weight.
#[derive(Clone, PartialEq, Debug)]
pub struct Synapse {
    /// Parameters, summed states with their equations and methods, the target's variables
    /// (`inputs`, from the `post` list) and the injected values (`outputs`, each named after
    /// the target input it adds to).
    pub dynamics: Model,
    /// The per-synapse weight.
    pub weight: Weight,
    /// What a presynaptic spike does, in order (for a synapse without plasticity).
    pub on_pre: Vec<Jump>,
    /// Traces, `on_pre` and `on_post` of a plastic synapse.
    pub plasticity: Option<Plasticity>,
    /// Network-level signals the plasticity reads ([`Var::Signal`]), by name and unit.
    pub signals: Vec<Input>,
}

/// A per-synapse trace of a plastic synapse: dx/dt = rate·x, solved exactly between spikes
/// (Brian2's `(event-driven)`).
#[derive(Clone, PartialEq, Debug)]
pub struct Trace {
    /// Name.
    pub name: String,
    /// Unit.
    pub unit: UnitInfo,
    /// Initial value (reads parameters).
    pub init: Expr,
    /// Decay rate in 1/ms (reads parameters; negative for a decaying trace).
    pub rate: Expr,
    /// Documentation.
    pub doc: Vec<String>,
}

/// A per-synapse variable with continuous dynamics, integrated every step by forward Euler
/// (Brian2's `(clock-driven)`).
#[derive(Clone, PartialEq, Debug)]
pub struct Continuous {
    /// Name.
    pub name: String,
    /// Unit.
    pub unit: UnitInfo,
    /// Initial value (reads parameters).
    pub init: Expr,
    /// Its time derivative in its unit per ms, over parameters, `post` variables
    /// ([`Var::Input`]), the per-synapse variables ([`Var::Trace`]), the weight and `t`.
    pub derivative: Expr,
    /// Documentation.
    pub doc: Vec<String>,
}

/// What a plastic synapse's statement changes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum PlasticTarget {
    /// Adds to summed state k of the target neuron.
    Summed(usize),
    /// Adds to `post` variable k of the target neuron.
    Post(usize),
    /// Sets per-synapse variable k (a trace or a continuous variable).
    Trace(usize),
    /// Sets the synapse's weight.
    Weight,
}

/// One statement of a plastic synapse's `on_pre` or `on_post`, over parameters, the weight
/// and the traces: an increment for `Summed`/`Post`, the new value for `Trace`/`Weight`.
#[derive(Clone, PartialEq, Debug)]
pub struct PlasticStmt {
    /// What it changes.
    pub target: PlasticTarget,
    /// The increment or new value, in the target's unit.
    pub value: Expr,
}

/// The per-synapse part of a plastic synapse.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Plasticity {
    /// Traces, in order: per-synapse variables `0 … traces.len() − 1`.
    pub traces: Vec<Trace>,
    /// Continuous per-synapse variables, in order: per-synapse variables `traces.len() …`.
    pub continuous: Vec<Continuous>,
    /// The weight's time derivative (weight unit per ms), when it has an equation; integrated
    /// with the continuous variables.
    pub weight_derivative: Option<Box<Expr>>,
    /// What a presynaptic spike does, in order.
    pub on_pre: Vec<PlasticStmt>,
    /// What a postsynaptic spike does, in order.
    pub on_post: Vec<PlasticStmt>,
}

impl Plasticity {
    /// Name and unit of per-synapse variable k (traces, then continuous variables).
    pub fn per_synapse(&self, k: usize) -> Option<(&str, &UnitInfo)> {
        match self.traces.get(k) {
            Some(t) => Some((&t.name, &t.unit)),
            None => self
                .continuous
                .get(k - self.traces.len())
                .map(|c| (c.name.as_str(), &c.unit)),
        }
    }

    /// True if the synapse changes between spikes in a way that is not solved exactly: it
    /// has continuous variables or a weight equation, so every synapse is visited each step.
    pub fn is_continuous(&self) -> bool {
        !self.continuous.is_empty() || self.weight_derivative.is_some()
    }
}

/// A checked item.
// Items are made once per compilation and a handful at a time: their sizes do not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, PartialEq, Debug)]
pub enum Item {
    /// A neuron or mass model.
    Model(Model),
    /// A coupling.
    Coupling(Coupling),
    /// A synapse.
    Synapse(Synapse),
    /// A network.
    Network(Network),
}

impl Item {
    /// The item's name.
    pub fn name(&self) -> &str {
        match self {
            Item::Model(m) => &m.name,
            Item::Coupling(c) => &c.name,
            Item::Synapse(s) => &s.dynamics.name,
            Item::Network(n) => &n.name,
        }
    }

    /// Records the item's text as written (what the interpreter and `cajal show` read).
    pub fn set_source(&mut self, text: String) {
        match self {
            Item::Model(m) => m.source = text,
            Item::Coupling(c) => c.source = text,
            Item::Synapse(s) => s.dynamics.source = text,
            Item::Network(n) => n.source = text,
        }
    }
}
