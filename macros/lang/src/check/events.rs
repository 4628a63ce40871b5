//! Events `on condition { … }`, their assignments, and refractoriness.

use std::collections::HashMap;

use super::scale::rescale;
use super::{Checker, Scope, Sym};
use crate::ast::{self, AssignOp, Ident};
use crate::diag::Diagnostic;
use crate::ir::{self, Expr, Refractory, Var};
use crate::sym;
use crate::units::{Dim, Unit};

impl Checker<'_> {
    pub(super) fn events(&mut self) -> Vec<ir::Event> {
        let mut out = Vec::new();
        for ev in self.item.events {
            self.allow_hazard = true;
            let lowered = self.lower(&ev.condition, Scope::Full, &HashMap::new());
            self.allow_hazard = false;
            let cond = match lowered {
                Ok(t) if t.condition => t.expr,
                Ok(_) => {
                    self.err(Diagnostic::new(
                        ev.condition.loc,
                        "an event needs a condition such as `v >= v_th`",
                    ));
                    continue;
                }
                Err(d) => {
                    self.err(d);
                    continue;
                }
            };
            let mut assignments = Vec::new();
            let mut emits_spike = false;
            for stmt in &ev.body {
                match stmt {
                    ast::EventStmt::Emit(id) => {
                        if id.name == "spike" {
                            emits_spike = true;
                        } else {
                            self.err(
                                Diagnostic::new(id.loc, format!("unknown event `{}`", id.name))
                                    .with_help("a neuron can `emit spike`"),
                            );
                        }
                    }
                    ast::EventStmt::Assign { target, op, value } => {
                        if let Some(a) = self.assignment(target, *op, value) {
                            assignments.push(a);
                        }
                    }
                }
            }
            out.push(ir::Event {
                condition: cond,
                assignments,
                emits_spike,
            });
        }
        out
    }

    pub(super) fn assignment(
        &mut self,
        target: &Ident,
        op: AssignOp,
        value: &ast::Expr,
    ) -> Option<(usize, Expr)> {
        let idx = match self.names.get(&target.name) {
            Some(Sym::State(i)) => *i,
            Some(Sym::Param(_)) => {
                self.err(
                    Diagnostic::new(target.loc, format!("cannot assign to parameter `{}`", target.name))
                        .with_help("parameters are constant during a run; declare it in `state` if events change it"),
                );
                return None;
            }
            Some(s) => {
                let s = *s;
                self.err(Diagnostic::new(
                    target.loc,
                    format!("cannot assign to `{}`: it is {}, and events can only change state variables", target.name, s.describe()),
                ));
                return None;
            }
            None => {
                let d = self.unknown_name(target);
                self.err(d);
                return None;
            }
        };
        let v = self
            .lower(value, Scope::Full, &HashMap::new())
            .map_err(|d| self.err(d))
            .ok()?;
        let su = self.state_units[idx].unit;
        let current = Expr::Var(Var::State(idx));
        let new = match op {
            AssignOp::Mul | AssignOp::Div => {
                if !v.unit.dim.is_none() || v.condition {
                    self.err(Diagnostic::new(
                        value.loc,
                        format!(
                            "`{}` scales `{}` and must be dimensionless, but this has units of {}",
                            if op == AssignOp::Mul { "*=" } else { "/=" },
                            target.name,
                            v.unit.dim.describe()
                        ),
                    ));
                    return None;
                }
                let f = rescale(v.expr, v.unit.exp10, 0);
                if op == AssignOp::Mul {
                    sym::mul(current, f)
                } else {
                    sym::div(current, f)
                }
            }
            _ => {
                if !self.expect_same_dim(
                    value.loc,
                    &format!("the value assigned to `{}`", target.name),
                    su,
                    &v,
                ) {
                    return None;
                }
                let f = rescale(v.expr, v.unit.exp10, su.exp10);
                match op {
                    AssignOp::Add => sym::add(current, f),
                    AssignOp::Sub => sym::sub(current, f),
                    _ => f,
                }
            }
        };
        Some((idx, sym::simplify(&new)))
    }

    pub(super) fn refractory(&mut self) -> Refractory {
        let Some(e) = self.item.refractory else {
            return Refractory::None;
        };
        match self.lower(e, Scope::Full, &HashMap::new()) {
            Ok(t) if t.condition => Refractory::While(sym::simplify(&t.expr)),
            Ok(t) if t.unit.dim == Dim::TIME => {
                if sym::any_var(&t.expr, &|v| !matches!(v, Var::Param(_))) {
                    self.err(Diagnostic::new(
                        e.loc,
                        "a refractory period may only depend on parameters",
                    ));
                    return Refractory::None;
                }
                Refractory::Period(sym::simplify(&rescale(
                    t.expr,
                    t.unit.exp10,
                    Unit::MS.exp10,
                )))
            }
            Ok(t) => {
                self.err(Diagnostic::new(
                    e.loc,
                    format!(
                        "`refractory` needs a duration or a condition, but this has units of {}",
                        t.unit.dim.describe()
                    ),
                ));
                Refractory::None
            }
            Err(d) => {
                self.err(d);
                Refractory::None
            }
        }
    }
}
