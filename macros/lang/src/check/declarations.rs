//! Declarations: units resolved, parameter defaults, inputs, initial states, schedules and
//! presets.

use std::collections::HashMap;

use super::lower::literal_unit;
use super::scale::{render_unit, rescale, unit_text};
use super::{Checker, Scope, Sym, Typed};
use crate::ast::{self, Ident};
use crate::diag::{Diagnostic, Loc};
use crate::ir::{self, Expr, Schedule, UnitInfo, Var};
use crate::suggest::closest;
use crate::sym;
use crate::units::{self, Unit};

impl Checker<'_> {
    pub(super) fn resolve_unit(&mut self, u: &ast::UnitExpr) -> Option<Unit> {
        let mut unit = Unit::ONE;
        for (sym, pow) in &u.factors {
            match units::lookup_symbol(&sym.name) {
                Some(s) if *pow != i32::MAX && !unit.times(s.powi(*pow)).out_of_range() => {
                    unit = unit.times(s.powi(*pow))
                }
                Some(_) => {
                    self.err(Diagnostic::new(sym.loc, "unit exponent is too large"));
                    return None;
                }
                None => {
                    let d = self.unknown_unit(sym);
                    self.err(d);
                    return None;
                }
            }
        }
        Some(unit)
    }

    pub(super) fn unknown_unit(&self, sym: &Ident) -> Diagnostic {
        let mut d = Diagnostic::new(sym.loc, format!("unknown unit `{}`", sym.name));
        if self.names.contains_key(&sym.name) {
            d = d.with_help(format!(
                "`{}` is declared in this model, but directly after a number a name reads as a unit; write `*` to multiply",
                sym.name
            ));
        } else {
            let known: Vec<String> = ["", "G", "M", "k", "c", "m", "u", "n", "p", "f"]
                .iter()
                .flat_map(|p| units::base_symbols().map(move |b| format!("{p}{b}")))
                .collect();
            if let Some(s) = closest(&sym.name, known.iter().map(String::as_str)) {
                d = d.with_help(format!("did you mean `{s}`?"));
            } else {
                d = d.with_help("units are SI symbols with an optional prefix, e.g. `mV`, `nS`, `pF`, `ms`, `Hz`, `Mohm`, `uF/cm^2`");
            }
        }
        d
    }

    /// The unit a declaration stores its value in: the written unit, else that of its value.
    pub(super) fn declared_unit(
        &mut self,
        unit: Option<&ast::UnitExpr>,
        value: Option<&Typed>,
        value_ast: Option<&ast::Expr>,
    ) -> Option<UnitInfo> {
        if let Some(u) = unit {
            let resolved = self.resolve_unit(u)?;
            return Some(UnitInfo {
                text: unit_text(u),
                unit: resolved,
            });
        }
        let v = value?;
        let text = value_ast
            .and_then(literal_unit)
            .map(unit_text)
            .unwrap_or_else(|| render_unit(v.unit));
        Some(UnitInfo { text, unit: v.unit })
    }

    pub(super) fn expect_same_dim(
        &mut self,
        loc: Loc,
        what: &str,
        expected: Unit,
        got: &Typed,
    ) -> bool {
        if got.condition {
            self.err(Diagnostic::new(
                loc,
                format!("{what} must be a quantity, not a condition"),
            ));
            return false;
        }
        if expected.dim != got.unit.dim {
            let expected = if expected.dim.is_none() {
                "be dimensionless".to_string()
            } else {
                format!("have units of {}", expected.dim.describe())
            };
            let got = if got.unit.dim.is_none() {
                "is dimensionless".to_string()
            } else {
                format!("has units of {}", got.unit.dim.describe())
            };
            self.err(Diagnostic::new(
                loc,
                format!("{what} must {expected}, but this {got}"),
            ));
            return false;
        }
        true
    }

    pub(super) fn constant(&mut self, e: &ast::Expr) -> Option<Typed> {
        let t = self
            .lower(e, Scope::Constant, &HashMap::new())
            .map_err(|d| self.err(d))
            .ok()?;
        Some(t)
    }

    /// The value of a default in the declaration's unit (`None` if absent or wrong); it may
    /// read the defaults of the parameters checked so far.
    pub(super) fn default_value(
        &mut self,
        p: &ast::Decl,
        value: Option<&Typed>,
        unit: Unit,
    ) -> Option<f64> {
        let (v, e) = (value?, p.value.as_ref()?);
        let what = format!("the default of `{}`", p.name.name);
        if !self.expect_same_dim(e.loc, &what, unit, v) {
            return None;
        }
        let defaults: Vec<f64> = self.params.iter().map(|p| p.default).collect();
        let x = sym::eval(
            &rescale(v.expr.clone(), v.unit.exp10, unit.exp10),
            &|var| match var {
                Var::Param(k) => defaults[k],
                _ => 0.0,
            },
        );
        if !x.is_finite() {
            self.err(Diagnostic::new(
                e.loc,
                format!("{what} is not a finite number"),
            ));
        }
        Some(x)
    }

    /// A parameter: its unit and default, which may read the parameters declared before it
    /// (`V_cut = V_T + 5*Delta_T`; such a default is also recomputed for each preset).
    pub(super) fn param(&mut self, p: &ast::Decl) -> ir::Param {
        let value = p.value.as_ref().and_then(|e| {
            self.lower(e, Scope::Defaults, &HashMap::new())
                .map_err(|d| self.err(d))
                .ok()
        });
        let unit = self
            .declared_unit(p.unit.as_ref(), value.as_ref(), p.value.as_ref())
            .unwrap_or(UnitInfo {
                text: "1".into(),
                unit: Unit::ONE,
            });
        let default = self
            .default_value(p, value.as_ref(), unit.unit)
            .unwrap_or(f64::NAN);
        let derived = value
            .filter(|v| sym::any_var(&v.expr, &|w| matches!(w, Var::Param(_))))
            .map(|v| sym::simplify(&rescale(v.expr, v.unit.exp10, unit.unit.exp10)));
        ir::Param {
            name: p.name.name.clone(),
            unit,
            default,
            derived,
            doc: p.doc.clone(),
        }
    }

    pub(super) fn input(&mut self, p: &ast::Decl) -> ir::Input {
        let value = p.value.as_ref().and_then(|e| self.constant(e));
        let unit = self
            .declared_unit(p.unit.as_ref(), None, None)
            .unwrap_or(UnitInfo {
                text: "1".into(),
                unit: Unit::ONE,
            });
        let default = self
            .default_value(p, value.as_ref(), unit.unit)
            .unwrap_or(0.0);
        ir::Input {
            name: p.name.name.clone(),
            unit,
            default,
            doc: p.doc.clone(),
        }
    }

    /// A state's unit and initial value, which may read parameters and the initial values of
    /// the states declared before it (`state { v = v_r, u = b*v }`).
    pub(super) fn state(&mut self, s: &ast::Decl) -> (UnitInfo, Expr) {
        let value = s.value.as_ref().and_then(|e| {
            self.lower(e, Scope::Initial, &HashMap::new())
                .map_err(|d| self.err(d))
                .ok()
        });
        let unit = self
            .declared_unit(s.unit.as_ref(), value.as_ref(), s.value.as_ref())
            .unwrap_or(UnitInfo {
                text: "1".into(),
                unit: Unit::ONE,
            });
        let mut init = Expr::Num(0.0);
        if let (Some(v), Some(e)) = (&value, &s.value)
            && self.expect_same_dim(
                e.loc,
                &format!("the initial value of `{}`", s.name.name),
                unit.unit,
                v,
            )
        {
            init = sym::simplify(&rescale(v.expr.clone(), v.unit.exp10, unit.unit.exp10));
        }
        (unit, init)
    }

    /// The listed schedules, the default first (Brian2's when none is listed).
    pub(super) fn schedules(&mut self) -> Vec<Schedule> {
        let mut out = Vec::new();
        for id in self.item.schedules {
            let s = match id.name.as_str() {
                "brian2" => Schedule::Brian2,
                "seed" => Schedule::Seed,
                _ => {
                    self.err(
                        Diagnostic::new(id.loc, format!("unknown schedule `{}`", id.name))
                            .with_help("use `schedule brian2` (integrate, then test events) or `schedule seed` (test events on the stored values; a firing instance does not integrate that step)"),
                    );
                    continue;
                }
            };
            if out.contains(&s) {
                self.err(Diagnostic::new(
                    id.loc,
                    format!("schedule `{}` is listed twice", id.name),
                ));
                continue;
            }
            out.push(s);
        }
        if out.is_empty() {
            out.push(Schedule::Brian2);
        }
        out
    }

    pub(super) fn presets(&mut self) -> Vec<ir::Preset> {
        let mut out = Vec::new();
        for p in self.item.presets {
            let mut values = Vec::new();
            for (name, e) in &p.values {
                let idx = match self.names.get(&name.name) {
                    Some(Sym::Param(i)) => *i,
                    _ => {
                        let params: Vec<&str> = self
                            .item
                            .params
                            .iter()
                            .map(|p| p.name.name.as_str())
                            .collect();
                        let mut d = Diagnostic::new(
                            name.loc,
                            format!(
                                "preset `{}` sets `{}`, which is not a parameter",
                                p.name.name, name.name
                            ),
                        );
                        if let Some(s) = closest(&name.name, params) {
                            d = d.with_help(format!("did you mean `{s}`?"));
                        }
                        self.err(d);
                        continue;
                    }
                };
                let Some(v) = self.constant(e) else { continue };
                let unit = self.params[idx].unit.unit;
                if self.expect_same_dim(e.loc, &format!("`{}`", name.name), unit, &v) {
                    values.push((
                        idx,
                        sym::eval(&rescale(v.expr, v.unit.exp10, unit.exp10), &|_| 0.0),
                    ));
                }
            }
            out.push(ir::Preset {
                name: p.name.name.clone(),
                values,
                doc: p.doc.clone(),
            });
        }
        out
    }
}
