//! The learning rule of a plastic coupling: `weight w: 1`, per-target `state` variables and
//! their equations, checked by the model pass as a small model whose inputs are `pre` and
//! `post` (dimensionless, as in the edge term) and whose states are the rule states followed
//! by the weight.

use super::plasticity::derivative_loc;
use super::{Checker, Decls};
use crate::ast::{self, Ident, UnitExpr};
use crate::diag::{Diagnostic, Diagnostics};
use crate::ir::{self, Expr, Var};
use crate::sym;

/// The learning rule of `item`, `None` for a static coupling.
pub(super) fn check_rate_plasticity(
    item: &ast::CouplingItem,
) -> Result<Option<ir::RatePlasticity>, Diagnostics> {
    let d = &item.dynamics;
    let has_rule = item.weight.is_some()
        || !d.states.is_empty()
        || !d.derivatives.is_empty()
        || !d.aliases.is_empty();
    if !has_rule {
        return Ok(None);
    }
    let Some(weight) = &item.weight else {
        let loc = d
            .states
            .first()
            .map(|s| s.name.loc)
            .or(d.derivatives.first().map(|e| e.state.loc))
            .unwrap_or(item.header.name.loc);
        let msg = "a coupling with states or equations is plastic, but names no weight";
        return Err(Diagnostics::from(
            Diagnostic::new(loc, msg)
                .with_help("declare the weight the rule changes, e.g. `weight w: 1`, and give it an equation `dw/dt = …`"),
        ));
    };
    if let Some(v) = &weight.value {
        return Err(Diagnostics::from(
            Diagnostic::new(
                v.loc,
                "a plastic coupling's weights start from the connectivity rule's values",
            )
            .with_help(format!(
                "remove the value: `weight {}: 1`",
                weight.name.name
            )),
        ));
    }
    let number = |name: &str| ast::Decl {
        doc: Vec::new(),
        name: Ident {
            name: name.to_string(),
            loc: item.header.name.loc,
        },
        unit: Some(UnitExpr {
            factors: Vec::new(),
            loc: item.header.name.loc,
        }),
        value: None,
    };
    let inputs = [number("pre"), number("post")];
    let mut decls = Decls::dynamics(&item.header, d, &inputs, &[]);
    decls.states.push(weight);
    let mut c = Checker::new(&decls);
    let model = c.run(ir::ModelKind::Mass);
    let rule = model.and_then(|m| c.learning_rule(item, weight, m));
    c.finish(rule).map(Some)
}

impl Checker<'_> {
    /// The rule from the model pass's result (which has given every state an equation): a
    /// dimensionless weight, rule states that read neither `pre` nor the weight, no noise
    /// and no time.
    fn learning_rule(
        &mut self,
        item: &ast::CouplingItem,
        weight: &ast::Decl,
        m: ir::Model,
    ) -> Option<ir::RatePlasticity> {
        let w = m.states.len() - 1;
        if !m.states[w].unit.unit.dim.is_none() {
            self.err(
                Diagnostic::new(
                    weight.unit.as_ref().map_or(weight.name.loc, |u| u.loc),
                    format!(
                        "a coupling's weight is a number, but `{}` has units of {}",
                        weight.name.name,
                        m.states[w].unit.unit.dim.describe()
                    ),
                )
                .with_help(format!("declare it `weight {}: 1`", weight.name.name)),
            );
            return None;
        }
        let derivative_loc =
            |name: &str| derivative_loc(&item.dynamics.derivatives, name, item.header.name.loc);
        let mut ok = true;
        for (k, (state, eq)) in m.states.iter().zip(&m.equations).enumerate() {
            let name = &state.name;
            let reads_time = sym::any_var(&eq.rhs, &|v| {
                !matches!(v, Var::Param(_) | Var::Input(_) | Var::State(_))
            });
            let per_edge = |v: Var| matches!(v, Var::Input(0)) || v == Var::State(w);
            let why = if eq.noise.is_some() {
                Some("white noise".to_string())
            } else if reads_time {
                Some("time or a random number".to_string())
            } else if k != w && sym::any_var(&eq.rhs, &per_edge) {
                Some(format!("`pre` or `{}`", weight.name.name))
            } else {
                None
            };
            if let Some(what) = why {
                let help = if k == w {
                    "the weight's equation may read parameters, `pre`, `post`, the weight and the coupling's states".to_string()
                } else {
                    format!(
                        "`{name}` is one value per target node: its equation may read parameters, `post` and the coupling's states"
                    )
                };
                self.err(
                    Diagnostic::new(derivative_loc(name), format!("`d{name}/dt` reads {what}"))
                        .with_help(help),
                );
                ok = false;
            }
        }
        if !ok {
            return None;
        }
        let map = |v: Var| match v {
            Var::Input(0) => Expr::Var(Var::Pre),
            Var::Input(_) => Expr::Var(Var::Post),
            Var::State(k) if k == w => Expr::Var(Var::Weight),
            other => Expr::Var(other),
        };
        let lower = |e: &Expr| sym::simplify(&sym::map_vars(e, &map));
        let states = m.states[..w]
            .iter()
            .zip(&m.equations)
            .map(|(s, eq)| ir::RuleState {
                name: s.name.clone(),
                unit: s.unit.clone(),
                init: s.init.clone(),
                derivative: lower(&eq.rhs),
                doc: s.doc.clone(),
            })
            .collect();
        Some(ir::RatePlasticity {
            weight: weight.name.name.clone(),
            states,
            weight_derivative: lower(&m.equations[w].rhs),
        })
    }
}
