//! The syntax tree: what the text says, with a byte range on every node. No meaning yet.

use crate::diag::Loc;

mod network;
pub use network::*;

/// A name as written, with its place.
#[derive(Clone, PartialEq, Debug)]
pub struct Ident {
    /// The name.
    pub name: String,
    /// Where it is.
    pub loc: Loc,
}

/// A parsed file or macro input: one or more items.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct File {
    /// The items in order.
    pub items: Vec<Item>,
}

/// One item, by kind: each kind has its own sections (the grammar's `*_item` rules).
// Items are made a handful at a time: their sizes do not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, PartialEq, Debug)]
pub enum Item {
    /// A `neuron` or `mass` model.
    Model(ModelItem),
    /// A `synapse`.
    Synapse(SynapseItem),
    /// A `coupling` of a mass network.
    Coupling(CouplingItem),
    /// A `network`.
    Network(NetworkItem),
}

impl Item {
    /// What every item has: doc, visibility, name and place.
    pub fn header(&self) -> &Header {
        match self {
            Item::Model(m) => &m.header,
            Item::Synapse(s) => &s.header,
            Item::Coupling(c) => &c.header,
            Item::Network(n) => &n.header,
        }
    }

    /// The item's keyword as written (`neuron`, `mass`, `synapse`, `coupling`, `network`).
    pub fn keyword(&self) -> &'static str {
        match self {
            Item::Model(m) => m.kind.keyword(),
            Item::Synapse(_) => "synapse",
            Item::Coupling(_) => "coupling",
            Item::Network(_) => "network",
        }
    }
}

/// What every item has.
#[derive(Clone, PartialEq, Debug)]
pub struct Header {
    /// Doc comment lines.
    pub doc: Vec<String>,
    /// Visibility as written (`pub`, `pub(crate)`), empty if private.
    pub vis: String,
    /// The item's name.
    pub name: Ident,
    /// The whole item.
    pub loc: Loc,
}

/// Whether a model is a spiking neuron or a neural mass.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ModelKind {
    /// A neuron model (may emit spikes).
    Neuron,
    /// A neural-mass (population rate) model.
    Mass,
}

impl ModelKind {
    /// The keyword as written.
    pub fn keyword(self) -> &'static str {
        match self {
            ModelKind::Neuron => "neuron",
            ModelKind::Mass => "mass",
        }
    }
}

/// A `neuron` or `mass` item: parameters, inputs, state, equations, functions, outputs,
/// events, refractoriness, methods, schedules and presets.
#[derive(Clone, PartialEq, Debug)]
pub struct ModelItem {
    /// Doc, visibility, name, place.
    pub header: Header,
    /// Neuron or mass.
    pub kind: ModelKind,
    /// The model's declarations and dynamics.
    pub dynamics: Dynamics,
    /// `inputs { … }` entries.
    pub inputs: Vec<Decl>,
    /// Observables.
    pub outputs: Vec<Decl>,
    /// `on cond { … }` blocks.
    pub events: Vec<Event>,
    /// `refractory …` (a duration or a condition).
    pub refractory: Option<Expr>,
    /// `update { … }` of a discrete-time model.
    pub update: Option<Update>,
}

/// `update { x = …; … }`: the value each state takes at the next step of a discrete-time
/// model (the entries' `value`s), with the section's place.
#[derive(Clone, PartialEq, Debug)]
pub struct Update {
    /// The entries in order.
    pub assigns: Vec<Decl>,
    /// The first `update` keyword through its closing brace.
    pub loc: Loc,
}

/// The sections models and synapses share: parameters, state, equations, functions,
/// methods, schedules and presets.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Dynamics {
    /// `parameters { … }` entries.
    pub params: Vec<Decl>,
    /// `state { … }` entries (value = initial value).
    pub states: Vec<Decl>,
    /// `dx/dt = …` equations.
    pub derivatives: Vec<Derivative>,
    /// Algebraic definitions (`let x = …`).
    pub aliases: Vec<Decl>,
    /// User functions.
    pub functions: Vec<Function>,
    /// `method a, b, …`: the default method first, then other selectable ones.
    pub methods: Vec<Ident>,
    /// `schedule …`.
    pub schedules: Vec<Ident>,
    /// Named parameter sets.
    pub presets: Vec<Preset>,
}

/// A `synapse` item: summed state with its equations, the per-synapse weight, the target's
/// variables (`post`), what pre- and postsynaptic spikes do, per-synapse traces and
/// continuous variables, and what the target receives (`inject`).
#[derive(Clone, PartialEq, Debug)]
pub struct SynapseItem {
    /// Doc, visibility, name, place.
    pub header: Header,
    /// Parameters, summed state, equations, functions, methods, schedules and presets.
    pub dynamics: Dynamics,
    /// `weight w: unit`.
    pub weight: Option<Decl>,
    /// `post { … }`: the target's variables the synapse reads or changes.
    pub post: Vec<Decl>,
    /// `signals { … }`: network-level values the plasticity reads.
    pub signals: Vec<Decl>,
    /// `on_pre { … }`.
    pub on_pre: Option<Block>,
    /// `inject { … }`: what the synapse adds to the target's inputs.
    pub injects: Vec<Decl>,
    /// `traces { … }`: per-synapse variables of a plastic synapse.
    pub traces: Vec<Decl>,
    /// `continuous { … }`: per-synapse variables integrated every step.
    pub continuous: Vec<Decl>,
    /// `on_post { … }` of a plastic synapse.
    pub on_post: Option<Block>,
}

/// `on_pre { … }` or `on_post { … }`: statements with the block's place.
#[derive(Clone, PartialEq, Debug)]
pub struct Block {
    /// The statements in order.
    pub stmts: Vec<EventStmt>,
    /// The keyword through the closing brace.
    pub loc: Loc,
}

/// A `coupling` item: parameters, functions, the `edge` term and the `node` term; a plastic
/// coupling also names its weight and has per-target states and equations.
#[derive(Clone, PartialEq, Debug)]
pub struct CouplingItem {
    /// Doc, visibility, name, place.
    pub header: Header,
    /// Parameters, functions, and a plastic coupling's per-target states and equations
    /// (methods, schedules and presets stay empty).
    pub dynamics: Dynamics,
    /// `weight w: 1`, named by a plastic coupling.
    pub weight: Option<Decl>,
    /// `edge { … }`.
    pub edge: Option<Expr>,
    /// `node { … }`.
    pub node: Option<Expr>,
}

/// A `network` item: parameters, presets and what [`NetworkBody`] holds.
#[derive(Clone, PartialEq, Debug)]
pub struct NetworkItem {
    /// Doc, visibility, name, place.
    pub header: Header,
    /// `parameters { … }` entries.
    pub params: Vec<Decl>,
    /// Named parameter sets.
    pub presets: Vec<Preset>,
    /// Time step, seed, populations, sources, projections, drives, inputs, records.
    pub body: NetworkBody,
}

/// A unit written on its own, e.g. `nS/mV`: symbols with integer powers.
#[derive(Clone, PartialEq, Debug)]
pub struct UnitExpr {
    /// (symbol, power) factors; `1/ms` is `[("ms", -1)]`.
    pub factors: Vec<(Ident, i32)>,
    /// Where it is.
    pub loc: Loc,
}

/// A named declaration: a parameter, input, state, alias or output.
#[derive(Clone, PartialEq, Debug)]
pub struct Decl {
    /// Doc comment lines.
    pub doc: Vec<String>,
    /// The name.
    pub name: Ident,
    /// An explicit unit, if written.
    pub unit: Option<UnitExpr>,
    /// The value (default, initial value or definition).
    pub value: Option<Expr>,
}

/// `dx/dt = rhs [unless refractory]`.
#[derive(Clone, PartialEq, Debug)]
pub struct Derivative {
    /// Doc comment lines.
    pub doc: Vec<String>,
    /// The state variable (`v` in `dv/dt`), located on the `dv` token.
    pub state: Ident,
    /// Right-hand side.
    pub rhs: Expr,
    /// True if the variable is clamped while refractory.
    pub unless_refractory: bool,
}

/// `fn name(args) = body`.
#[derive(Clone, PartialEq, Debug)]
pub struct Function {
    /// Doc comment lines.
    pub doc: Vec<String>,
    /// The function's name.
    pub name: Ident,
    /// Argument names.
    pub args: Vec<Ident>,
    /// The body.
    pub body: Expr,
}

/// `on cond { statements }`.
#[derive(Clone, PartialEq, Debug)]
pub struct Event {
    /// The condition.
    pub condition: Expr,
    /// The statements in order.
    pub body: Vec<EventStmt>,
    /// The `on` keyword through the closing brace.
    pub loc: Loc,
}

/// One statement in an event.
#[derive(Clone, PartialEq, Debug)]
pub enum EventStmt {
    /// `emit spike`.
    Emit(Ident),
    /// `x = e`, `x += e`, …
    Assign {
        /// Target.
        target: Ident,
        /// The operator.
        op: AssignOp,
        /// The value.
        value: Expr,
    },
}

/// Assignment operators in events.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum AssignOp {
    /// `=`
    Set,
    /// `+=`
    Add,
    /// `-=`
    Sub,
    /// `*=`
    Mul,
    /// `/=`
    Div,
}

/// `preset name { p = value, … }`.
#[derive(Clone, PartialEq, Debug)]
pub struct Preset {
    /// Doc comment lines.
    pub doc: Vec<String>,
    /// The preset's name.
    pub name: Ident,
    /// Parameter values.
    pub values: Vec<(Ident, Expr)>,
}

/// An expression with its place.
#[derive(Clone, PartialEq, Debug)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Where it is.
    pub loc: Loc,
}

/// Expression forms.
#[derive(Clone, PartialEq, Debug)]
pub enum ExprKind {
    /// A number with an optional unit (`65 mV`; the sign is a separate negation).
    Quantity(f64, Option<UnitExpr>),
    /// A name.
    Name(Ident),
    /// A function call.
    Call(Ident, Vec<Expr>),
    /// A prefix operator.
    Unary(UnaryOp, Box<Expr>),
    /// A binary operator.
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    /// `if condition { a } else { b }`.
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    /// Text in quotes, only as an argument of a connectivity rule (a file name).
    Text(String),
}

/// Prefix operators.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum UnaryOp {
    /// `-x`
    Neg,
    /// `!c`
    Not,
}

/// Binary operators.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum BinaryOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `^`
    Pow,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `&&`
    And,
    /// `||`
    Or,
}

impl BinaryOp {
    /// True for comparisons (their result is a condition).
    pub fn is_comparison(self) -> bool {
        matches!(
            self,
            BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge | BinaryOp::Eq | BinaryOp::Ne
        )
    }

    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::Pow => "^",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
            BinaryOp::And => "&&",
            BinaryOp::Or => "||",
        }
    }
}
