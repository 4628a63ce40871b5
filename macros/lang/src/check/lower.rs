//! Expressions → IR: names, operators, powers and `if`, each with its unit, and the
//! scale factors between prefixes folded into constants.

use std::collections::HashMap;

use super::scale::{rescale, unit_text};
use super::{Checker, Scope, Sym, Typed};
use crate::ast::{self, BinaryOp, ExprKind, Ident, UnaryOp};
use crate::diag::Diagnostic;
use crate::ir::{Cmp, Expr, Var};
use crate::suggest::closest;
use crate::sym;
use crate::units::{self, Dim, Unit};

impl Checker<'_> {
    // ---- expressions --------------------------------------------------------------------

    pub(super) fn unknown_name(&self, id: &Ident) -> Diagnostic {
        if units::lookup_unit(&id.name).is_some() {
            return Diagnostic::new(id.loc, format!("unit `{}` used without a number", id.name))
                .with_help(format!("write `1 {}` for one {0}", id.name));
        }
        let mut d = Diagnostic::new(id.loc, format!("unknown name `{}`", id.name));
        let mut candidates: Vec<&str> = self.names.keys().map(String::as_str).collect();
        candidates.push("t");
        candidates.sort_unstable();
        if let Some(s) = closest(&id.name, candidates) {
            d = d.with_help(format!("did you mean `{s}`?"));
        } else {
            d = d.with_help("declare it in `parameters`, `inputs`, `state` or `equations`");
        }
        d
    }

    pub(super) fn lower(
        &mut self,
        e: &ast::Expr,
        scope: Scope,
        env: &HashMap<String, Typed>,
    ) -> Result<Typed, Diagnostic> {
        let t = self.lower_node(e, scope, env)?;
        if t.unit.out_of_range() {
            return Err(Diagnostic::new(
                e.loc,
                format!(
                    "the unit of this expression is out of range (an exponent beyond ±{} or a scale beyond 10^±{})",
                    Dim::MAX_DOUBLED_EXPONENT / 2,
                    Unit::MAX_EXP10
                ),
            ));
        }
        Ok(t)
    }

    fn lower_node(
        &mut self,
        e: &ast::Expr,
        scope: Scope,
        env: &HashMap<String, Typed>,
    ) -> Result<Typed, Diagnostic> {
        match &e.kind {
            ExprKind::Quantity(x, unit) => {
                if !x.is_finite() {
                    return Err(Diagnostic::new(
                        e.loc,
                        "this number is too large for a 64-bit float (beyond 1.8e308)",
                    ));
                }
                let u = match unit {
                    None => Unit::ONE,
                    Some(u) => {
                        let mut acc = Unit::ONE;
                        for (sym, pow) in &u.factors {
                            if units::lookup_symbol(&sym.name).is_some()
                                && self.names.contains_key(&sym.name)
                            {
                                return Err(Diagnostic::new(sym.loc, format!("`{}` is both a unit and a name declared in this model", sym.name))
                                    .with_help(format!("after a number `{0}` reads as the unit; write `({0})` to use the declared name", sym.name)));
                            }
                            match units::lookup_symbol(&sym.name) {
                                Some(s) => acc = acc.times(s.powi(*pow)),
                                None => return Err(self.unknown_unit(sym)),
                            }
                        }
                        acc
                    }
                };
                Ok(Typed::value(Expr::Num(*x), u))
            }
            ExprKind::Name(id) => self.lower_name(id, scope, env),
            ExprKind::Text(_) => Err(Diagnostic::new(e.loc, "text in quotes is not a value")
                .with_help("quotes name a file, as in `connectome(\"weights.csv\")`; a value is a number with its unit")),
            ExprKind::Call(f, args) => self.lower_call(e, f, args, scope, env),
            ExprKind::Unary(op, a) => {
                let t = self.lower(a, scope, env)?;
                match op {
                    UnaryOp::Neg if !t.condition => Ok(Typed::value(sym::neg(t.expr), t.unit)),
                    UnaryOp::Not if t.condition => Ok(Typed {
                        expr: Expr::Not(Box::new(t.expr)),
                        ..t
                    }),
                    UnaryOp::Neg => {
                        Err(Diagnostic::new(e.loc, "cannot negate a condition; use `!`"))
                    }
                    UnaryOp::Not => Err(Diagnostic::new(e.loc, "`!` needs a condition")),
                }
            }
            ExprKind::Binary(op, a, b) => self.lower_binary(e, *op, a, b, scope, env),
            ExprKind::If(c, a, b) => {
                let tc = self.lower(c, scope, env)?;
                if !tc.condition {
                    return Err(Diagnostic::new(
                        c.loc,
                        "`if` needs a condition such as `x < 0`",
                    ));
                }
                let (ta, tb) = (self.lower(a, scope, env)?, self.lower(b, scope, env)?);
                if ta.condition || tb.condition || ta.unit.dim != tb.unit.dim {
                    return Err(Diagnostic::new(
                        e.loc,
                        format!(
                            "the branches of `if` must have the same units, but they are {} and {}",
                            ta.unit.dim.describe(),
                            tb.unit.dim.describe()
                        ),
                    ));
                }
                let target = ta.unit.exp10.min(tb.unit.exp10);
                let expr = Expr::Select(
                    Box::new(tc.expr),
                    Box::new(rescale(ta.expr, ta.unit.exp10, target)),
                    Box::new(rescale(tb.expr, tb.unit.exp10, target)),
                );
                Ok(Typed::value(
                    expr,
                    Unit {
                        dim: ta.unit.dim,
                        exp10: target,
                    },
                ))
            }
        }
    }

    pub(super) fn lower_name(
        &mut self,
        id: &Ident,
        scope: Scope,
        env: &HashMap<String, Typed>,
    ) -> Result<Typed, Diagnostic> {
        if let Some(t) = env.get(&id.name) {
            return Ok(t.clone());
        }
        let not_here = |what: &str| {
            Diagnostic::new(id.loc, format!("`{}` cannot be used here: {what}", id.name))
        };
        if id.name == "xi" && !self.names.contains_key("xi") {
            if scope != Scope::Full || !self.in_equation {
                return Err(not_here(
                    "white noise can only drive equations `dx/dt = … + g*xi`",
                ));
            }
            // Gaussian white noise: units s^-1/2, as in Brian2.
            let dim = Dim::TIME.powi(-1).sqrt().expect("1/time has a square root");
            return Ok(Typed::value(Expr::Var(Var::Noise), Unit { dim, exp10: 0 }));
        }
        if id.name == "pi" && !self.names.contains_key("pi") {
            return Ok(Typed::value(Expr::Num(std::f64::consts::PI), Unit::ONE));
        }
        if id.name == "t" && !self.names.contains_key("t") {
            if scope != Scope::Full {
                return Err(not_here(
                    "this value must be fixed before the simulation starts",
                ));
            }
            return Ok(Typed::value(Expr::Var(Var::Time), Unit::MS));
        }
        let Some(&s) = self.names.get(&id.name) else {
            return Err(self.unknown_name(id));
        };
        match (s, scope) {
            (_, Scope::Constant) => Err(not_here("only numbers with units are allowed (no names)")),
            (Sym::Param(i), _) => match self.params.get(i) {
                Some(p) => Ok(Typed::value(Expr::Var(Var::Param(i)), p.unit.unit)),
                None => Err(not_here(
                    "a parameter's default may read only the parameters declared before it",
                )),
            },
            (_, Scope::Defaults) => Err(not_here(
                "a parameter's default may use numbers and the parameters declared before it",
            )),
            (Sym::State(i), Scope::Initial) => match self.state_inits.get(i) {
                Some(init) => Ok(Typed::value(init.clone(), self.state_units[i].unit)),
                None => Err(not_here(
                    "an initial value may read the initial values of the states declared before it",
                )),
            },
            (_, Scope::Initial) => Err(not_here(
                "initial values may use parameters and the states declared before",
            )),
            (_, Scope::Params) => Err(not_here("initial values may only use parameters")),
            (Sym::State(i), _) => Ok(Typed::value(
                Expr::Var(Var::State(i)),
                self.state_units[i].unit,
            )),
            (Sym::Input(i), _) => Ok(Typed::value(
                Expr::Var(Var::Input(i)),
                self.inputs[i].unit.unit,
            )),
            (Sym::Alias(i), _) => self.alias(i),
            (Sym::Function(_), _) => Err(Diagnostic::new(
                id.loc,
                format!("`{}` is a function; call it as `{0}(…)`", id.name),
            )),
            (Sym::Output(_), _) => Err(not_here(
                "outputs are observables and cannot be read by the model",
            )),
        }
    }

    pub(super) fn alias(&mut self, i: usize) -> Result<Typed, Diagnostic> {
        if let Some(t) = &self.aliases[i] {
            return Ok(t.clone());
        }
        let a = &self.item.aliases[i];
        if self.alias_busy[i] {
            return Err(Diagnostic::new(
                a.name.loc,
                format!("definition of `{}` refers to itself", a.name.name),
            ));
        }
        self.alias_busy[i] = true;
        let value = a.value.as_ref().expect("an alias has a value");
        let t = self.lower(value, Scope::Full, &HashMap::new());
        self.alias_busy[i] = false;
        let mut t = t?;
        if let Some(u) = &a.unit {
            let Some(unit) = self.resolve_unit(u) else {
                return Err(Diagnostic::new(u.loc, "invalid unit"));
            };
            if t.condition || t.unit.dim != unit.dim {
                return Err(Diagnostic::new(
                    value.loc,
                    format!(
                        "`{}` is declared in {} ({}), but its definition has units of {}",
                        a.name.name,
                        unit_text(u),
                        unit.dim.describe(),
                        t.unit.dim.describe()
                    ),
                ));
            }
            t = Typed::value(rescale(t.expr, t.unit.exp10, unit.exp10), unit);
        }
        self.aliases[i] = Some(t.clone());
        Ok(t)
    }

    pub(super) fn lower_binary(
        &mut self,
        e: &ast::Expr,
        op: BinaryOp,
        a: &ast::Expr,
        b: &ast::Expr,
        scope: Scope,
        env: &HashMap<String, Typed>,
    ) -> Result<Typed, Diagnostic> {
        if op == BinaryOp::Pow {
            return self.lower_pow(e, a, b, scope, env);
        }
        let ta = self.lower(a, scope, env)?;
        let tb = self.lower(b, scope, env)?;
        if matches!(op, BinaryOp::And | BinaryOp::Or) {
            if !ta.condition || !tb.condition {
                let bad = if ta.condition { b.loc } else { a.loc };
                return Err(Diagnostic::new(
                    bad,
                    format!("`{}` needs conditions on both sides", op.symbol()),
                ));
            }
            let (x, y) = (Box::new(ta.expr), Box::new(tb.expr));
            let expr = if op == BinaryOp::And {
                Expr::And(x, y)
            } else {
                Expr::Or(x, y)
            };
            return Ok(Typed {
                expr,
                unit: Unit::ONE,
                condition: true,
            });
        }
        if ta.condition || tb.condition {
            let bad = if ta.condition { a.loc } else { b.loc };
            return Err(Diagnostic::new(
                bad,
                format!("`{}` needs quantities, not conditions", op.symbol()),
            ));
        }
        match op {
            BinaryOp::Mul => Ok(Typed::value(
                sym::mul(ta.expr, tb.expr),
                ta.unit.times(tb.unit),
            )),
            BinaryOp::Div => Ok(Typed::value(
                sym::div(ta.expr, tb.expr),
                ta.unit.per(tb.unit),
            )),
            _ => {
                if ta.unit.dim != tb.unit.dim {
                    let verb = match op {
                        BinaryOp::Add => format!(
                            "cannot add {} to {}",
                            tb.unit.dim.describe(),
                            ta.unit.dim.describe()
                        ),
                        BinaryOp::Sub => format!(
                            "cannot subtract {} from {}",
                            tb.unit.dim.describe(),
                            ta.unit.dim.describe()
                        ),
                        _ => format!(
                            "cannot compare {} with {}",
                            ta.unit.dim.describe(),
                            tb.unit.dim.describe()
                        ),
                    };
                    return Err(Diagnostic::new(e.loc, format!("mismatched units: {verb}")));
                }
                let target = ta.unit.exp10.min(tb.unit.exp10);
                let x = rescale(ta.expr, ta.unit.exp10, target);
                let y = rescale(tb.expr, tb.unit.exp10, target);
                let unit = Unit {
                    dim: ta.unit.dim,
                    exp10: target,
                };
                let cmp = |c: Cmp| Typed {
                    expr: Expr::Cmp(c, Box::new(x.clone()), Box::new(y.clone())),
                    unit: Unit::ONE,
                    condition: true,
                };
                Ok(match op {
                    BinaryOp::Add => Typed::value(sym::add(x, y), unit),
                    BinaryOp::Sub => Typed::value(sym::sub(x, y), unit),
                    BinaryOp::Lt => cmp(Cmp::Lt),
                    BinaryOp::Le => cmp(Cmp::Le),
                    BinaryOp::Gt => cmp(Cmp::Gt),
                    BinaryOp::Ge => cmp(Cmp::Ge),
                    BinaryOp::Eq => cmp(Cmp::Eq),
                    _ => cmp(Cmp::Ne),
                })
            }
        }
    }

    pub(super) fn lower_pow(
        &mut self,
        e: &ast::Expr,
        a: &ast::Expr,
        b: &ast::Expr,
        scope: Scope,
        env: &HashMap<String, Typed>,
    ) -> Result<Typed, Diagnostic> {
        let base = self.lower(a, scope, env)?;
        if base.condition {
            return Err(Diagnostic::new(
                a.loc,
                "`^` needs a quantity, not a condition",
            ));
        }
        if let Some(n) = integer_literal(b) {
            let n = n as i32;
            return Ok(Typed::value(sym::powi(base.expr, n), base.unit.powi(n)));
        }
        let exp = self.lower(b, scope, env)?;
        if exp.condition || !exp.unit.dim.is_none() {
            return Err(Diagnostic::new(b.loc, "an exponent must be dimensionless"));
        }
        if !base.unit.dim.is_none() {
            return Err(Diagnostic::new(
                e.loc,
                format!(
                    "a quantity with units of {} can only be raised to an integer literal power",
                    base.unit.dim.describe()
                ),
            ));
        }
        Ok(Typed::value(
            Expr::Powf(
                Box::new(rescale(base.expr, base.unit.exp10, 0)),
                Box::new(rescale(exp.expr, exp.unit.exp10, 0)),
            ),
            Unit::ONE,
        ))
    }
}

/// `3` or `-2` written literally (no unit).
pub(super) fn integer_literal(e: &ast::Expr) -> Option<i64> {
    match &e.kind {
        ExprKind::Quantity(x, None) if x.fract() == 0.0 && x.abs() < 64.0 => Some(*x as i64),
        ExprKind::Unary(UnaryOp::Neg, inner) => integer_literal(inner).map(|n| -n),
        _ => None,
    }
}

/// The unit written on a value that is a single (possibly negated) literal.
pub(super) fn literal_unit(e: &ast::Expr) -> Option<&ast::UnitExpr> {
    match &e.kind {
        ExprKind::Quantity(_, u) => u.as_ref(),
        ExprKind::Unary(UnaryOp::Neg, inner) => literal_unit(inner),
        _ => None,
    }
}
