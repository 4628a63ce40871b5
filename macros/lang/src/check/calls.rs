//! Calls: built-in functions with their unit rules, `delayed(x, d)`, user functions and
//! network draws `rand(k)` / `randn(k)`.

use std::collections::HashMap;

use super::scale::rescale;
use super::{Checker, Scope, Sym, Typed};
use crate::ast::{self, ExprKind, Ident};
use crate::diag::Diagnostic;
use crate::ir::{Cmp, Expr, Func, Op, Var};
use crate::suggest::closest;
use crate::sym;
use crate::units::{Dim, Unit};

/// Math functions of other languages that Cajal does not have, whose names are close to
/// built-ins of other meaning.
const OTHER_MATH_FUNCTIONS: &[&str] = &[
    "acos", "asin", "acosh", "asinh", "atanh", "log2", "log1p", "exp2", "expm1", "erf", "erfc",
    "round", "trunc", "cbrt", "hypot", "pow", "fmod", "gamma", "lgamma", "tgamma",
];

/// Deepest nesting of user-function calls.
pub const MAX_CALL_NESTING: usize = 32;
/// Most terms one user-function call may expand to once inlined.
pub const MAX_INLINED_NODES: usize = 20_000;
/// Deepest tree one user-function call may expand to once inlined.
pub const MAX_INLINED_DEPTH: usize = 300;

impl Checker<'_> {
    pub(super) fn lower_call(
        &mut self,
        e: &ast::Expr,
        f: &Ident,
        args: &[ast::Expr],
        scope: Scope,
        env: &HashMap<String, Typed>,
    ) -> Result<Typed, Diagnostic> {
        if f.name == "delayed" && !self.names.contains_key("delayed") {
            return self.lower_delayed(e, args, scope, env);
        }
        if matches!(f.name.as_str(), "rand" | "randn") && !self.names.contains_key(&f.name) {
            return self.lower_draw(f, args);
        }
        if f.name == "column" && !self.names.contains_key("column") {
            return self.lower_column(f, args);
        }
        if f.name == "hazard" && !self.names.contains_key("hazard") {
            return self.lower_hazard(f, args, scope, env);
        }
        if f.name == "bernoulli" && !self.names.contains_key("bernoulli") {
            return self.lower_bernoulli(f, args, scope, env);
        }
        if let Some(Sym::Function(fi)) = self.names.get(&f.name).copied() {
            return self.lower_user_call(e, fi, args, scope, env);
        }
        let Some(func) = Func::from_name(&f.name) else {
            let mut d = Diagnostic::new(f.loc, format!("unknown function `{}`", f.name));
            let user: Vec<&str> = self
                .item
                .functions
                .iter()
                .map(|f| f.name.name.as_str())
                .collect();
            // A function of other languages is not a misspelling: `cos` for `acos` or `log`
            // for `log2` would name another function.
            let elsewhere = OTHER_MATH_FUNCTIONS.contains(&f.name.as_str());
            let builtins: Vec<&str> = Func::ALL.iter().map(|f| f.name()).collect();
            let all = builtins.iter().copied().chain(user);
            if let Some(s) = closest(&f.name, all).filter(|_| !elsewhere) {
                d = d.with_help(format!("did you mean `{s}`?"));
            }
            d = d.with_help(format!(
                "built-in functions: {}; define your own in `functions {{ fn name(x) = … }}`",
                builtins.join(", ")
            ));
            return Err(d);
        };
        if args.len() != func.arity() {
            return Err(Diagnostic::new(
                e.loc,
                format!(
                    "`{}` takes {} argument{}, but {} were given",
                    f.name,
                    func.arity(),
                    if func.arity() == 1 { "" } else { "s" },
                    args.len()
                ),
            ));
        }
        let mut lowered = Vec::new();
        for a in args {
            let t = self.lower(a, scope, env)?;
            if t.condition {
                return Err(Diagnostic::new(
                    a.loc,
                    format!(
                        "the argument of `{}` must be a quantity, not a condition",
                        f.name
                    ),
                ));
            }
            lowered.push(t);
        }
        match func {
            Func::Abs | Func::Frozen => {
                let t = lowered.remove(0);
                Ok(Typed::value(Expr::Call(func, vec![t.expr]), t.unit))
            }
            Func::Min | Func::Max | Func::Clip => {
                let (args, unit) = same_units(&f.name, e, lowered)?;
                Ok(Typed::value(Expr::Call(func, args), unit))
            }
            Func::Atan2 => {
                let (args, _) = same_units(&f.name, e, lowered)?;
                Ok(Typed::value(Expr::Call(func, args), Unit::ONE))
            }
            // The sign does not change with a positive scale factor: any unit.
            Func::Sign | Func::Heaviside => {
                let t = lowered.remove(0);
                Ok(Typed::value(Expr::Call(func, vec![t.expr]), Unit::ONE))
            }
            Func::Sqrt => {
                let t = lowered.remove(0);
                let Some(dim) = t.unit.dim.sqrt() else {
                    return Err(Diagnostic::new(
                        args[0].loc,
                        format!(
                            "`sqrt` needs whole powers of every dimension (half powers are as far as units go), but its argument has units of {}",
                            t.unit.dim.describe()
                        ),
                    ));
                };
                let even = t.unit.exp10 - t.unit.exp10.rem_euclid(2);
                let arg = rescale(t.expr, t.unit.exp10, even);
                Ok(Typed::value(
                    Expr::Call(func, vec![arg]),
                    Unit {
                        dim,
                        exp10: even / 2,
                    },
                ))
            }
            _ => {
                let t = lowered.remove(0);
                if !t.unit.dim.is_none() {
                    return Err(Diagnostic::new(
                        args[0].loc,
                        format!(
                            "the argument of `{}` must be dimensionless, but it has units of {}",
                            f.name,
                            t.unit.dim.describe()
                        ),
                    )
                    .with_help(
                        "divide by a quantity of the same dimension, e.g. `(v - v_half)/(10 mV)`",
                    ));
                }
                Ok(Typed::value(
                    Expr::Call(func, vec![rescale(t.expr, t.unit.exp10, 0)]),
                    Unit::ONE,
                ))
            }
        }
    }

    /// `delayed(x, d)`: a state variable `d` ago (only in equations; `d` from parameters).
    pub(super) fn lower_delayed(
        &mut self,
        e: &ast::Expr,
        args: &[ast::Expr],
        scope: Scope,
        env: &HashMap<String, Typed>,
    ) -> Result<Typed, Diagnostic> {
        let usage =
            "write `delayed(x, d)` with a state variable `x` and a delay `d` made of parameters";
        if args.len() != 2 {
            return Err(Diagnostic::new(
                e.loc,
                format!("`delayed` takes 2 arguments, but {} were given", args.len()),
            )
            .with_help(usage));
        }
        if !self.in_equation || scope != Scope::Full {
            return Err(Diagnostic::new(
                e.loc,
                "`delayed` can only be used in equations `dx/dt = …`",
            ));
        }
        let state = match &args[0].kind {
            ExprKind::Name(id) => match self.names.get(&id.name) {
                Some(Sym::State(k)) => *k,
                _ => {
                    return Err(Diagnostic::new(
                        args[0].loc,
                        format!("`{}` is not a state variable", id.name),
                    )
                    .with_help(usage));
                }
            },
            _ => {
                return Err(Diagnostic::new(
                    args[0].loc,
                    "the first argument of `delayed` must name a state variable",
                )
                .with_help(usage));
            }
        };
        let d = self.lower(&args[1], scope, env)?;
        if d.condition || d.unit.dim != Dim::TIME {
            return Err(Diagnostic::new(
                args[1].loc,
                format!(
                    "a delay must have units of time, but this has units of {}",
                    d.unit.dim.describe()
                ),
            ));
        }
        if sym::any_var(&d.expr, &|v| !matches!(v, Var::Param(_))) {
            return Err(Diagnostic::new(
                args[1].loc,
                "a delay may only depend on parameters",
            ));
        }
        let delay_ms = sym::simplify(&rescale(d.expr, d.unit.exp10, Unit::MS.exp10));
        Ok(Typed::value(
            Expr::Delayed(state, Box::new(delay_ms)),
            self.state_units[state].unit,
        ))
    }

    pub(super) fn lower_user_call(
        &mut self,
        e: &ast::Expr,
        fi: usize,
        args: &[ast::Expr],
        scope: Scope,
        env: &HashMap<String, Typed>,
    ) -> Result<Typed, Diagnostic> {
        let f = &self.item.functions[fi];
        if args.len() != f.args.len() {
            return Err(Diagnostic::new(
                e.loc,
                format!(
                    "`{}` takes {} argument(s), but {} were given",
                    f.name.name,
                    f.args.len(),
                    args.len()
                ),
            ));
        }
        if self.calls.contains(&fi) {
            return Err(Diagnostic::new(
                e.loc,
                format!(
                    "`{}` calls itself; functions cannot be recursive",
                    f.name.name
                ),
            ));
        }
        if self.calls.len() >= MAX_CALL_NESTING {
            return Err(Diagnostic::new(
                e.loc,
                format!(
                    "functions call each other more than {MAX_CALL_NESTING} deep here (`{}`)",
                    f.name.name
                ),
            ));
        }
        let mut inner = HashMap::new();
        for (name, a) in f.args.iter().zip(args) {
            inner.insert(name.name.clone(), self.lower(a, scope, env)?);
        }
        self.calls.push(fi);
        let r = self.lower(&f.body, scope, &inner);
        self.calls.pop();
        let r = r?;
        // Inlining can multiply an expression (each function calling the previous twice
        // doubles it): bound what one call expands to.
        let (size, depth) = r.expr.size_and_depth();
        if size > MAX_INLINED_NODES || depth > MAX_INLINED_DEPTH {
            return Err(Diagnostic::new(
                e.loc,
                format!(
                    "`{}` expands to {size} terms nested {depth} deep once its calls are inlined; the limits are {MAX_INLINED_NODES} terms and depth {MAX_INLINED_DEPTH}",
                    f.name.name
                ),
            )
            .with_help("compute the shared part once, as an output or a state, instead of calling it many times"));
        }
        Ok(r)
    }

    /// `hazard(rho)`: true with probability 1 − exp(−rho·dt) in each step, from a draw of
    /// the instance's own stream (escape noise, inhomogeneous Poisson firing).
    pub(super) fn lower_hazard(
        &mut self,
        f: &Ident,
        args: &[ast::Expr],
        scope: Scope,
        env: &HashMap<String, Typed>,
    ) -> Result<Typed, Diagnostic> {
        if !self.allow_hazard {
            return Err(Diagnostic::new(
                f.loc,
                "`hazard` can only be an event condition: `on hazard(rho) { emit spike }` fires with probability 1 − exp(−rho·dt) in each step",
            ));
        }
        let [rate] = args else {
            return Err(Diagnostic::new(
                f.loc,
                format!(
                    "`hazard` takes one argument, the firing rate, but {} were given",
                    args.len()
                ),
            )
            .with_help("e.g. `on hazard(rho0*exp((u - theta)/Delta_u)) { emit spike }`"));
        };
        let r = self.lower(rate, scope, env)?;
        let per_ms = Unit::ONE.per(Unit::MS);
        if r.condition || r.unit.dim != per_ms.dim {
            return Err(Diagnostic::new(
                rate.loc,
                format!(
                    "the argument of `hazard` is a rate and must have units of 1/time, but this has units of {}",
                    r.unit.dim.describe()
                ),
            )
            .with_help("e.g. `hazard(10 Hz)` or `hazard(rho0*exp((u - theta)/Delta_u))` with `rho0` in Hz"));
        }
        let rate_ms = rescale(r.expr, r.unit.exp10, per_ms.exp10);
        let draw = || Box::new(Expr::Var(Var::Draw(self.hazards)));
        let num = |x: f64| Box::new(Expr::Num(x));
        // x = rho·dt; P(fire in [t, t + dt)) = 1 − e^{−x} = −expm1(−x), which lies between
        // x(1 − x/2) and x: the draw is compared with it only when those bounds do not decide
        // (rarely, as x is small), so most steps cost no second exponential (`expm1` is a
        // library call, which the compiler does not evaluate ahead of the branch).
        let x = || {
            Box::new(Expr::Bin(
                Op::Mul,
                Box::new(rate_ms.clone()),
                Box::new(Expr::Var(Var::Dt)),
            ))
        };
        let lower_bound = Expr::Bin(
            Op::Mul,
            x(),
            Box::new(Expr::Bin(
                Op::Sub,
                num(1.0),
                Box::new(Expr::Bin(Op::Mul, num(0.5), x())),
            )),
        );
        let probability = Expr::Neg(Box::new(Expr::Call(Func::Expm1, vec![Expr::Neg(x())])));
        let condition = Expr::And(
            Box::new(Expr::Cmp(Cmp::Lt, draw(), x())),
            Box::new(Expr::Or(
                Box::new(Expr::Cmp(Cmp::Lt, draw(), Box::new(lower_bound))),
                Box::new(Expr::Cmp(Cmp::Lt, draw(), Box::new(probability))),
            )),
        );
        self.hazards += 1;
        Ok(Typed {
            expr: condition,
            unit: Unit::ONE,
            condition: true,
        })
    }

    /// `column("file.csv", k)`: neuron i's value in row i, column k (default 0) of a file.
    pub(super) fn lower_column(
        &mut self,
        f: &Ident,
        args: &[ast::Expr],
    ) -> Result<Typed, Diagnostic> {
        if !self.allow_draws {
            return Err(Diagnostic::new(
                f.loc,
                "`column` cannot be used here: a file's column sets a network's per-neuron values (settings, `init`, `drive`)",
            ));
        }
        let usage = || {
            Diagnostic::new(f.loc, "`column` takes a file in quotes and a column number, e.g. `column(\"initial.csv\", 2)`")
                .with_help("row i of the file (CSV or .npy) is the value of neuron i; the column defaults to 0, the first")
        };
        let (path, column) = match args {
            [p] => (p, 0),
            [p, c] => match &c.kind {
                ExprKind::Quantity(x, None) if x.fract() == 0.0 && *x >= 0.0 && *x < 1e9 => {
                    (p, *x as usize)
                }
                _ => return Err(usage()),
            },
            _ => return Err(usage()),
        };
        let ExprKind::Text(path) = &path.kind else {
            return Err(usage());
        };
        let file = crate::ir::ColumnFile {
            path: path.clone(),
            column,
        };
        let k = match self.columns.iter().position(|c| *c == file) {
            Some(k) => k,
            None => {
                self.columns.push(file);
                self.columns.len() - 1
            }
        };
        Ok(Typed::value(Expr::Var(Var::Column(k)), Unit::ONE))
    }

    /// `rand(k)` / `randn(k)`: a draw from stream `k` of a network's seed.
    pub(super) fn lower_draw(
        &mut self,
        f: &Ident,
        args: &[ast::Expr],
    ) -> Result<Typed, Diagnostic> {
        if !self.allow_draws {
            return Err(Diagnostic::new(
                f.loc,
                format!(
                    "`{}` cannot be used here: random draws set a network's per-neuron values (settings, `init`, `drive`)",
                    f.name
                ),
            ));
        }
        let stream = match args {
            [a] => match &a.kind {
                ExprKind::Quantity(x, None)
                    if x.fract() == 0.0 && *x >= 0.0 && *x <= f64::from(u32::MAX) =>
                {
                    Some(*x as u32)
                }
                _ => None,
            },
            _ => None,
        };
        let Some(stream) = stream else {
            return Err(Diagnostic::new(
                f.loc,
                format!("`{}` takes the number of its random stream, e.g. `{0}(0)`", f.name),
            )
            .with_help("draws of different streams are independent; the same stream and neuron always give the same number"));
        };
        let normal = f.name == "randn";
        Ok(Typed::value(
            Expr::Var(Var::Random { normal, stream }),
            Unit::ONE,
        ))
    }
}

/// The arguments of `name` (call `e`) in one unit, the smallest power of ten among them, or
/// an error if their dimensions differ.
fn same_units(
    name: &str,
    e: &ast::Expr,
    args: Vec<Typed>,
) -> Result<(Vec<Expr>, Unit), Diagnostic> {
    let first = args[0].unit;
    if let Some(other) = args.iter().find(|a| a.unit.dim != first.dim) {
        return Err(Diagnostic::new(
            e.loc,
            format!(
                "the arguments of `{name}` must have the same units, but they are {} and {}",
                first.dim.describe(),
                other.unit.dim.describe()
            ),
        ));
    }
    let target = args.iter().map(|a| a.unit.exp10).min().unwrap_or(0);
    let exprs = args
        .into_iter()
        .map(|a| rescale(a.expr, a.unit.exp10, target))
        .collect();
    Ok((
        exprs,
        Unit {
            dim: first.dim,
            exp10: target,
        },
    ))
}
