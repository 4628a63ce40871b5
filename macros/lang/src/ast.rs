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

/// A parsed file or macro input: one or more model items.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct File {
    /// The items in order.
    pub items: Vec<Item>,
}

/// Whether an item is a spiking neuron or a neural mass.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ItemKind {
    /// A neuron model (may emit spikes).
    Neuron,
    /// A neural-mass (population rate) model.
    Mass,
    /// How node outputs of a mass network combine into a node input.
    Coupling,
    /// A synapse: what a presynaptic spike does to its target and what the target receives.
    Synapse,
    /// A network: populations, projections, inputs and monitors.
    Network,
}

/// One item: a `neuron`, `mass`, `coupling` or `synapse`.
#[derive(Clone, PartialEq, Debug)]
pub struct Item {
    /// Doc comment lines.
    pub doc: Vec<String>,
    /// Visibility as written (`pub`, `pub(crate)`), empty if private.
    pub vis: String,
    /// Neuron or mass.
    pub kind: ItemKind,
    /// The model's name.
    pub name: Ident,
    /// `parameters { … }` entries.
    pub params: Vec<Decl>,
    /// `inputs { … }` entries.
    pub inputs: Vec<Decl>,
    /// `state { … }` entries (value = initial value).
    pub states: Vec<Decl>,
    /// `dx/dt = …` equations.
    pub derivatives: Vec<Derivative>,
    /// Algebraic definitions (`let x = …`).
    pub aliases: Vec<Decl>,
    /// User functions.
    pub functions: Vec<Function>,
    /// Observables.
    pub outputs: Vec<Decl>,
    /// `on cond { … }` blocks.
    pub events: Vec<Event>,
    /// `refractory …` (a duration or a condition).
    pub refractory: Option<Expr>,
    /// `method a, b, …`: the default method first, then other selectable ones.
    pub methods: Vec<Ident>,
    /// `schedule …`.
    pub schedules: Vec<Ident>,
    /// Named parameter sets.
    pub presets: Vec<Preset>,
    /// `edge { … }` of a coupling.
    pub edge: Option<Expr>,
    /// `node { … }` of a coupling.
    pub node: Option<Expr>,
    /// `weight w: unit` of a synapse.
    pub weight: Option<Decl>,
    /// `post { … }`: the target's variables a synapse reads or changes.
    pub post: Vec<Decl>,
    /// `on_pre { … }` statements of a synapse, with the block's place.
    pub on_pre: Option<(Vec<EventStmt>, Loc)>,
    /// `inject { … }`: what a synapse adds to the target's inputs.
    pub injects: Vec<Decl>,
    /// `traces { … }`: per-synapse variables of a plastic synapse.
    pub traces: Vec<Decl>,
    /// `continuous { … }`: per-synapse variables integrated every step.
    pub continuous: Vec<Decl>,
    /// `on_post { … }` statements of a plastic synapse, with the block's place.
    pub on_post: Option<(Vec<EventStmt>, Loc)>,
    /// What a `network` item says (empty for other items).
    pub network: NetworkBody,
    /// The whole item.
    pub loc: Loc,
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
