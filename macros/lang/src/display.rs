//! IR expressions printed back in DSL syntax (units already folded), for docs and `cajal show`.

use crate::ir::{Cmp, Expr, Func, Op, Var};

/// Prints `e` with variables named by `name`.
pub fn expr_to_string(e: &Expr, name: &dyn Fn(Var) -> String) -> String {
    fmt(e, name, 0)
}

fn prec(e: &Expr) -> u8 {
    match e {
        Expr::Or(..) => 1,
        Expr::And(..) => 2,
        Expr::Cmp(..) => 3,
        Expr::Bin(Op::Add | Op::Sub, ..) => 4,
        Expr::Bin(Op::Mul | Op::Div, ..) => 5,
        Expr::Neg(_) | Expr::Not(_) => 6,
        Expr::Powi(..) | Expr::Powf(..) => 7,
        Expr::Num(x) if *x < 0.0 => 6,
        _ => 8,
    }
}

fn fmt(e: &Expr, name: &dyn Fn(Var) -> String, outer: u8) -> String {
    let p = prec(e);
    let s = match e {
        Expr::Num(x) => format!("{x}"),
        Expr::Var(v) => name(*v),
        Expr::Neg(a) => format!("-{}", fmt(a, name, 7)),
        Expr::Not(a) => format!("!{}", fmt(a, name, 7)),
        Expr::Bin(op, a, b) => {
            let o = match op {
                Op::Add => "+",
                Op::Sub => "-",
                Op::Mul => "*",
                Op::Div => "/",
            };
            // Right operands of - and / need brackets at equal precedence.
            format!("{} {o} {}", fmt(a, name, p), fmt(b, name, p + 1))
        }
        Expr::Powi(a, n) => format!("{}^{n}", fmt(a, name, 8)),
        Expr::Powf(a, b) => format!("{}^{}", fmt(a, name, 8), fmt(b, name, 8)),
        Expr::Call(f, args) => {
            let args: Vec<String> = args.iter().map(|a| fmt(a, name, 0)).collect();
            format!("{}({})", Func::name(*f), args.join(", "))
        }
        Expr::Cmp(c, a, b) => {
            let o = match c {
                Cmp::Lt => "<",
                Cmp::Le => "<=",
                Cmp::Gt => ">",
                Cmp::Ge => ">=",
                Cmp::Eq => "==",
                Cmp::Ne => "!=",
            };
            format!("{} {o} {}", fmt(a, name, p + 1), fmt(b, name, p + 1))
        }
        Expr::And(a, b) => format!("{} && {}", fmt(a, name, p), fmt(b, name, p + 1)),
        Expr::Or(a, b) => format!("{} || {}", fmt(a, name, p), fmt(b, name, p + 1)),
        Expr::Delayed(k, delay) => {
            format!("delayed({}, {})", name(Var::State(*k)), fmt(delay, name, 0))
        }
        Expr::Select(c, a, b) => format!(
            "if {} {{ {} }} else {{ {} }}",
            fmt(c, name, 0),
            fmt(a, name, 0),
            fmt(b, name, 0)
        ),
    };
    if p < outer { format!("({s})") } else { s }
}

impl crate::ir::Model {
    /// The name of a variable of this model.
    pub fn var_name(&self, v: Var) -> String {
        match v {
            Var::Param(i) => self.params[i].name.clone(),
            Var::State(i) => self.states[i].name.clone(),
            Var::Input(i) => self.inputs[i].name.clone(),
            Var::Time => "t".into(),
            Var::Pre => "pre".into(),
            Var::Post => "post".into(),
            Var::Total => "total".into(),
            Var::Noise => "xi".into(),
            Var::Weight => "w".into(),
            Var::Trace(k) => format!("trace{k}"),
            Var::Index => "i".into(),
            Var::Random { normal, stream } => {
                format!("{}({stream})", if normal { "randn" } else { "rand" })
            }
            Var::Draw(k) => format!("draw{k}"),
            Var::Dt => "dt".into(),
            Var::Signal(k) => format!("signal{k}"),
            Var::Column(k) => format!("column{k}"),
        }
    }

    /// Each equation as text, e.g. `dv/dt = (k * (v - v_r) …) / C  [mV/ms]`, or the update
    /// of a discrete-time model, e.g. `S ← sign(h - theta)  [1]`.
    pub fn equation_texts(&self) -> Vec<String> {
        self.equations
            .iter()
            .zip(&self.states)
            .map(|(eq, s)| {
                let rhs = expr_to_string(&eq.rhs, &|v| self.var_name(v));
                if self.is_discrete() {
                    return format!("{} ← {rhs}  [{}]", s.name, s.unit.text);
                }
                let clamp = if eq.clamped { " unless refractory" } else { "" };
                format!("d{}/dt = {rhs}  [{}/ms]{clamp}", s.name, s.unit.text)
            })
            .collect()
    }
}
