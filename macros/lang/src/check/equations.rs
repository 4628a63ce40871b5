//! Equations `dx/dt = …` (dimension-checked, white noise split off) and outputs.

use std::collections::HashMap;

use super::scale::rescale;
use super::{Checker, Scope, Sym};
use crate::ast::{self};
use crate::diag::Diagnostic;
use crate::ir::{self, Expr, Var};
use crate::suggest::closest;
use crate::sym;
use crate::units::Unit;

impl Checker<'_> {
    pub(super) fn equations(&mut self) -> Option<Vec<ir::Equation>> {
        let item = self.item;
        let mut eqs: Vec<Option<ir::Equation>> = vec![None; item.states.len()];
        let mut ok = true;
        for d in item.derivatives {
            let idx = match self.names.get(&d.state.name) {
                Some(Sym::State(i)) => *i,
                other => {
                    let msg = match other {
                        Some(s) => format!(
                            "`d{0}/dt` needs a state variable, but `{0}` is {1}",
                            d.state.name,
                            s.describe()
                        ),
                        None => format!(
                            "`d{0}/dt` names `{0}`, which is not a declared state variable",
                            d.state.name
                        ),
                    };
                    let states: Vec<&str> =
                        item.states.iter().map(|s| s.name.name.as_str()).collect();
                    let mut diag = Diagnostic::new(d.state.loc, msg);
                    diag = match closest(&d.state.name, states) {
                        Some(s) => diag.with_help(format!("did you mean `d{s}/dt`?")),
                        None => diag
                            .with_help(format!("declare it in `state {{ {} = … }}`", d.state.name)),
                    };
                    self.err(diag);
                    ok = false;
                    continue;
                }
            };
            if eqs[idx].is_some() {
                self.err(Diagnostic::new(
                    d.state.loc,
                    format!("`d{}/dt` is defined twice", d.state.name),
                ));
                ok = false;
                continue;
            }
            self.in_equation = true;
            let lowered = self.lower(&d.rhs, Scope::Full, &HashMap::new());
            self.in_equation = false;
            let rhs = match lowered {
                Ok(t) => t,
                Err(e) => {
                    self.err(e);
                    ok = false;
                    continue;
                }
            };
            let su = self.state_units[idx].unit;
            let expected = su.per(Unit::MS);
            if rhs.condition || rhs.unit.dim != expected.dim {
                let got = if rhs.condition {
                    "is a condition".to_string()
                } else if rhs.unit.dim.is_none() {
                    "is dimensionless".to_string()
                } else {
                    format!("has units of {}", rhs.unit.dim.describe())
                };
                let text = &self.state_units[idx].text;
                let per_ms = if text == "1" {
                    "1/ms".to_string()
                } else {
                    format!("{text}/ms")
                };
                let name = &d.state.name;
                let help = if !rhs.condition && rhs.unit.dim == su.dim {
                    format!(
                        "the right-hand side has the units of `{name}` itself: divide it by a time scale, e.g. `d{name}/dt = (…)/tau` with `tau` in ms, or `(…)/(1 ms)`"
                    )
                } else {
                    format!(
                        "`{name}` is in {text}, so its derivative is in {text} per unit of time, e.g. {per_ms}"
                    )
                };
                self.err(
                    Diagnostic::new(
                        d.rhs.loc,
                        format!(
                            "`d{name}/dt` must be in {per_ms} (or another unit of {}), but the right-hand side {got}",
                            expected.dim.describe(),
                        ),
                    )
                    .with_help(help),
                );
                ok = false;
                continue;
            }
            let full = sym::simplify(&rescale(rhs.expr, rhs.unit.exp10, expected.exp10));
            let Some((rhs, noise)) = self.split_noise(&full, d) else {
                ok = false;
                continue;
            };
            eqs[idx] = Some(ir::Equation {
                rhs,
                noise,
                jacobian_diagonal: None,
                coupled: Vec::new(),
                clamped: d.unless_refractory,
                doc: d.doc.clone(),
            });
        }
        for (i, s) in item.states.iter().enumerate() {
            if eqs[i].is_none() && ok {
                self.err(
                    Diagnostic::new(s.name.loc, format!("state `{}` has no equation", s.name.name))
                        .with_help(format!(
                            "add `d{0}/dt = …` to `equations` (write `d{0}/dt = 0 {1}/ms` for a variable that only events change)",
                            s.name.name, self.state_units[i].text
                        )),
                );
                ok = false;
            }
        }
        if ok { eqs.into_iter().collect() } else { None }
    }

    /// Splits `full` = f + g·xi into (f, Some(g)), or (full, None) without noise.
    pub(super) fn split_noise(
        &mut self,
        full: &Expr,
        d: &ast::Derivative,
    ) -> Option<(Expr, Option<Expr>)> {
        if !sym::contains(full, Var::Noise) {
            return Some((full.clone(), None));
        }
        match sym::affine_in(full, Var::Noise) {
            Some(a) if !sym::contains(&a.coefficient, Var::Noise) => {
                Some((a.offset, Some(a.coefficient)))
            }
            _ => {
                self.err(
                    Diagnostic::new(
                        d.rhs.loc,
                        format!(
                            "`d{}/dt` must be linear in the white noise `xi`",
                            d.state.name
                        ),
                    )
                    .with_help("write the noise as `… + g*xi`, with `g` free of `xi`"),
                );
                None
            }
        }
    }

    pub(super) fn outputs(&mut self) -> Vec<ir::Output> {
        let mut out = Vec::new();
        for o in self.item.outputs {
            let Some(e) = &o.value else { continue };
            let Ok(v) = self
                .lower(e, Scope::Full, &HashMap::new())
                .map_err(|d| self.err(d))
            else {
                continue;
            };
            let Some(unit) = self.declared_unit(o.unit.as_ref(), Some(&v), Some(e)) else {
                continue;
            };
            if !self.expect_same_dim(e.loc, &format!("output `{}`", o.name.name), unit.unit, &v) {
                continue;
            }
            out.push(ir::Output {
                name: o.name.name.clone(),
                expr: sym::simplify(&rescale(v.expr, v.unit.exp10, unit.unit.exp10)),
                unit,
                doc: o.doc.clone(),
            });
        }
        out
    }
}
