//! IR expressions: the variables they read, built-in functions, operators and the tree.

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
    /// In a network's per-neuron values: the neuron's value in the network's column k
    /// (`column("file.csv", c)`, see [`ColumnFile`](super::ColumnFile)).
    Column(usize),
    /// In a plastic synapse: network-level signal k (a neuromodulator, a reward), the same
    /// for every synapse at a given time.
    Signal(usize),
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

    /// A condition this condition implies and that costs less to test, for a first pass
    /// that flags candidates which the exact condition is then tested on: a `hazard(…)` test
    /// (the draw below ρ·dt, then below 1 − e^{−ρ·dt}) keeps its first comparison only — no
    /// library call in the pass over every instance — through `and` and `or`; any other
    /// condition is its own. Sound for any condition: `a and b` implies `a`, and `or`
    /// keeps what its sides imply (`not` is not entered, as it would turn the implication).
    pub fn necessary_condition(&self) -> Expr {
        match self {
            Expr::And(a, _) if a.is_draw_comparison() => (**a).clone(),
            Expr::And(a, b) => Expr::And(
                Box::new(a.necessary_condition()),
                Box::new(b.necessary_condition()),
            ),
            Expr::Or(a, b) => Expr::Or(
                Box::new(a.necessary_condition()),
                Box::new(b.necessary_condition()),
            ),
            _ => self.clone(),
        }
    }

    /// Whether this is `draw < x`, the first comparison of a `hazard(…)` test.
    fn is_draw_comparison(&self) -> bool {
        matches!(self, Expr::Cmp(Cmp::Lt, d, _) if matches!(**d, Expr::Var(Var::Draw(_))))
    }
}
