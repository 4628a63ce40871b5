//! The checked model: names resolved, units folded into constants, no source places.
//!
//! Every value in an IR expression is a plain number in the unit its declaration gives
//! (parameters, inputs and states keep the units the modeller wrote); time is in ms.

mod network;
mod params;
pub use network::*;
pub use params::{changed_params, resolve_params};

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

/// A variable an expression can read.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Var {
    /// A parameter, by index.
    Param(usize),
    /// A state variable, by index.
    State(usize),
    /// An input, by index.
    Input(usize),
    /// Simulation time in ms.
    Time,
    /// In a coupling's edge term: the source node's (delayed) value.
    Pre,
    /// In a coupling's edge term: the target node's current value.
    Post,
    /// In a coupling's node term: Σ_j W_ij · edge_ij.
    Total,
    /// Gaussian white noise `xi` (units s^-1/2), independent per equation and instance.
    Noise,
    /// In a synapse's `on_pre`: the weight of the synapse that carries the spike.
    Weight,
    /// In a plastic synapse: per-synapse variable k (the traces, then the continuous
    /// variables).
    Trace(usize),
    /// In a network's settings and initial values: the neuron's index in its population.
    Index,
    /// In a network's settings and initial values: a draw from stream `stream` of the
    /// network's seed, keyed by the neuron's index in the whole network (standard normal if
    /// `normal`, else uniform in [0, 1)).
    Random {
        /// Standard normal rather than uniform.
        normal: bool,
        /// The stream number written in `rand(k)` / `randn(k)`.
        stream: u32,
    },
    /// In a model's event condition: a uniform draw in (0, 1), new at every step and
    /// independent per instance, from the model's seed; `hazard(…)` number k of the model
    /// reads draw k.
    Draw(u32),
    /// The time step in ms.
    Dt,
}

/// Built-in functions.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Func {
    /// e^x
    Exp,
    /// natural logarithm
    Log,
    /// square root
    Sqrt,
    /// absolute value
    Abs,
    /// sine
    Sin,
    /// cosine
    Cos,
    /// tangent
    Tan,
    /// hyperbolic tangent
    Tanh,
    /// (e^x − 1)/x, 1 at 0
    Exprel,
    /// logistic 1/(1 + e^−x)
    Sigmoid,
    /// smaller of two values
    Min,
    /// larger of two values
    Max,
    /// the value, held constant by exponential methods (its derivative is taken as 0): for
    /// quantities that a scheme computes once before the step, as brainmass does for rates
    Frozen,
    /// hyperbolic cosine
    Cosh,
    /// hyperbolic sine
    Sinh,
    /// arctangent (radians)
    Atan,
    /// `atan2(y, x)`: the angle of the point (x, y) in radians, in (−π, π]
    Atan2,
    /// largest whole number ≤ x
    Floor,
    /// smallest whole number ≥ x
    Ceil,
    /// −1, 0 or 1 by the sign of x (0 at 0, as numpy and Brian2)
    Sign,
    /// 1 for x > 0, else 0 (NESTML's `heaviside`)
    Heaviside,
    /// `clip(x, low, high)`: x limited to [low, high] (numpy's `clip`: min(max(x, low), high))
    Clip,
    /// base-10 logarithm
    Log10,
    /// e^x − 1, accurate for small x
    Expm1,
}

impl Func {
    /// Looks up a built-in function by its DSL name (`ln` is `log`).
    pub fn from_name(name: &str) -> Option<Func> {
        let name = if name == "ln" { "log" } else { name };
        Func::ALL.iter().copied().find(|f| f.name() == name)
    }

    /// The DSL name.
    pub fn name(self) -> &'static str {
        match self {
            Func::Exp => "exp",
            Func::Log => "log",
            Func::Sqrt => "sqrt",
            Func::Abs => "abs",
            Func::Sin => "sin",
            Func::Cos => "cos",
            Func::Tan => "tan",
            Func::Tanh => "tanh",
            Func::Exprel => "exprel",
            Func::Sigmoid => "sigmoid",
            Func::Min => "min",
            Func::Max => "max",
            Func::Frozen => "frozen",
            Func::Cosh => "cosh",
            Func::Sinh => "sinh",
            Func::Atan => "atan",
            Func::Atan2 => "atan2",
            Func::Floor => "floor",
            Func::Ceil => "ceil",
            Func::Sign => "sign",
            Func::Heaviside => "heaviside",
            Func::Clip => "clip",
            Func::Log10 => "log10",
            Func::Expm1 => "expm1",
        }
    }

    /// Number of arguments.
    pub fn arity(self) -> usize {
        match self {
            Func::Min | Func::Max | Func::Atan2 => 2,
            Func::Clip => 3,
            _ => 1,
        }
    }

    /// Every built-in, in the order they are listed to users.
    pub const ALL: &'static [Func] = &[
        Func::Exp,
        Func::Expm1,
        Func::Log,
        Func::Log10,
        Func::Sqrt,
        Func::Abs,
        Func::Sin,
        Func::Cos,
        Func::Tan,
        Func::Atan,
        Func::Atan2,
        Func::Sinh,
        Func::Cosh,
        Func::Tanh,
        Func::Exprel,
        Func::Sigmoid,
        Func::Min,
        Func::Max,
        Func::Clip,
        Func::Floor,
        Func::Ceil,
        Func::Sign,
        Func::Heaviside,
        Func::Frozen,
    ];
}

/// Arithmetic operators.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Op {
    /// +
    Add,
    /// −
    Sub,
    /// ×
    Mul,
    /// ÷
    Div,
}

/// Comparison operators.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Cmp {
    /// <
    Lt,
    /// <=
    Le,
    /// >
    Gt,
    /// >=
    Ge,
    /// ==
    Eq,
    /// !=
    Ne,
}

/// An expression over numbers and variables (values in declared units).
#[derive(Clone, PartialEq, Debug)]
pub enum Expr {
    /// A constant.
    Num(f64),
    /// A variable.
    Var(Var),
    /// Negation.
    Neg(Box<Expr>),
    /// Arithmetic.
    Bin(Op, Box<Expr>, Box<Expr>),
    /// Integer power.
    Powi(Box<Expr>, i32),
    /// Real power of a dimensionless base.
    Powf(Box<Expr>, Box<Expr>),
    /// A built-in function call.
    Call(Func, Vec<Expr>),
    /// A comparison (a condition).
    Cmp(Cmp, Box<Expr>, Box<Expr>),
    /// Both conditions.
    And(Box<Expr>, Box<Expr>),
    /// Either condition.
    Or(Box<Expr>, Box<Expr>),
    /// Not the condition.
    Not(Box<Expr>),
    /// `if c { a } else { b }`.
    Select(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `delayed(x, d)`: state variable `x` as it was `d` ms ago (`d` reads only parameters;
    /// rounded up to whole steps; before t = 0 the initial state). Every stage of a step reads
    /// the value at the start of the step, and exponential methods treat it as a constant.
    Delayed(usize, Box<Expr>),
}

impl Expr {
    /// The direct subexpressions, in order.
    pub fn children(&self) -> Vec<&Expr> {
        match self {
            Expr::Num(_) | Expr::Var(_) => vec![],
            Expr::Neg(a) | Expr::Powi(a, _) | Expr::Not(a) | Expr::Delayed(_, a) => vec![a],
            Expr::Bin(_, a, b)
            | Expr::Powf(a, b)
            | Expr::Cmp(_, a, b)
            | Expr::And(a, b)
            | Expr::Or(a, b) => vec![a, b],
            Expr::Select(c, a, b) => vec![c, a, b],
            Expr::Call(_, args) => args.iter().collect(),
        }
    }

    /// The number of nodes and the depth of the tree, counted without recursion (so that
    /// the limits on inlined expressions can be checked on any tree).
    pub fn size_and_depth(&self) -> (usize, usize) {
        let (mut size, mut depth) = (0, 0);
        let mut stack = vec![(self, 1usize)];
        while let Some((e, d)) = stack.pop() {
            size += 1;
            depth = depth.max(d);
            stack.extend(e.children().into_iter().map(|c| (c, d + 1)));
        }
        (size, depth)
    }

    /// The same node with each direct subexpression replaced by `f` of it (a variable or a
    /// number is returned as it is).
    pub fn map_children(&self, f: &dyn Fn(&Expr) -> Expr) -> Expr {
        let m = |a: &Expr| Box::new(f(a));
        match self {
            Expr::Num(_) | Expr::Var(_) => self.clone(),
            Expr::Neg(a) => Expr::Neg(m(a)),
            Expr::Bin(op, a, b) => Expr::Bin(*op, m(a), m(b)),
            Expr::Powi(a, n) => Expr::Powi(m(a), *n),
            Expr::Powf(a, b) => Expr::Powf(m(a), m(b)),
            Expr::Call(func, args) => Expr::Call(*func, args.iter().map(f).collect()),
            Expr::Cmp(c, a, b) => Expr::Cmp(*c, m(a), m(b)),
            Expr::And(a, b) => Expr::And(m(a), m(b)),
            Expr::Or(a, b) => Expr::Or(m(a), m(b)),
            Expr::Not(a) => Expr::Not(m(a)),
            Expr::Select(c, a, b) => Expr::Select(m(c), m(a), m(b)),
            Expr::Delayed(k, d) => Expr::Delayed(*k, m(d)),
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

/// The equation of one state variable: dx/dt = rhs, in (unit of x)/ms.
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
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
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
        }
    }

    /// Parses a DSL method name.
    pub fn from_name(name: &str) -> Option<Method> {
        Some(match name {
            "euler" => Method::Euler,
            "rk2" | "heun" => Method::Rk2,
            "rk4" => Method::Rk4,
            "exact" => Method::Exact,
            "exponential_euler" => Method::ExponentialEuler,
            "exp_euler_diag" => Method::ExpEulerDiag,
            "euler_maruyama" => Method::EulerMaruyama,
            "semi_implicit_euler" => Method::SemiImplicitEuler,
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
        "euler_maruyama",
        "semi_implicit_euler",
    ];
}

/// When events are tested relative to integration.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
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
    pub fn coupled_block(&self) -> (Vec<usize>, Vec<Vec<Expr>>) {
        let mut block: Vec<usize> = Vec::new();
        for (i, eq) in self.equations.iter().enumerate() {
            if !eq.coupled.is_empty() {
                block.push(i);
                block.extend(eq.coupled.iter().map(|(j, _)| *j));
            }
        }
        block.sort_unstable();
        block.dedup();
        let entry = |i: usize, j: usize| -> Expr {
            let eq = &self.equations[i];
            if i == j {
                return eq.jacobian_diagonal.clone().unwrap_or(Expr::Num(0.0));
            }
            eq.coupled
                .iter()
                .find(|(k, _)| *k == j)
                .map_or(Expr::Num(0.0), |(_, d)| d.clone())
        };
        let matrix = block
            .iter()
            .map(|&i| block.iter().map(|&j| entry(i, j)).collect())
            .collect();
        (block, matrix)
    }

    /// Number of `hazard(…)` draws in the event conditions (draw k is `Var::Draw(k)`).
    pub fn hazard_draws(&self) -> u32 {
        let mut n = 0;
        while self
            .events
            .iter()
            .any(|e| crate::sym::any_var(&e.condition, &|v| v == Var::Draw(n)))
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
    /// The item's text as written (what the interpreter reads; empty when not compiled
    /// from text).
    pub source: String,
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
