//! A network item's signals: `signal NAME: UNIT = value` (a number, or a function of `t` in
//! ms, in the declared unit) or `signal NAME: UNIT = POP.VAR` (a population's state
//! variable, whose unit the runtime checks against the declared one).

use std::collections::HashMap;

use super::{Checker, Typed};
use crate::ast;
use crate::diag::Diagnostic;
use crate::ir::{self, Expr, Var};
use crate::units::Unit;

impl Checker<'_> {
    /// The checked signals; `find` gives a population's index (reporting unknown names).
    pub(super) fn network_signals(
        &mut self,
        decls: &[ast::SignalDecl],
        find: &dyn Fn(&mut Self, &ast::Ident) -> Option<usize>,
    ) -> Vec<ir::Signal> {
        let mut out: Vec<ir::Signal> = Vec::new();
        for s in decls {
            let name = &s.decl.name;
            if out.iter().any(|o| o.name == name.name) {
                self.err(
                    Diagnostic::new(
                        name.loc,
                        format!("signal `{}` is declared twice", name.name),
                    )
                    .with_help("each signal has one source"),
                );
                continue;
            }
            let Some(unit) = s.decl.unit.as_ref().and_then(|u| self.resolve_unit(u)) else {
                continue;
            };
            let unit_text = s.decl.unit.as_ref().map(super::scale::unit_text);
            let value = match (&s.state, &s.decl.value) {
                (Some((pop, var)), _) => find(self, pop).map(|pop| ir::SignalValue::State {
                    pop,
                    var: (var.name.clone(), var.loc),
                }),
                (None, Some(e)) => {
                    let env = HashMap::from([(
                        "t".to_string(),
                        Typed::value(Expr::Var(Var::Time), Unit::MS),
                    )]);
                    let what = format!("signal `{}`", name.name);
                    self.statement_value(e, &env, &what, unit)
                        .map(ir::SignalValue::Value)
                }
                (None, None) => None,
            };
            if let (Some(value), Some(text)) = (value, unit_text) {
                out.push(ir::Signal {
                    name: name.name.clone(),
                    doc: s.decl.doc.clone(),
                    unit: ir::UnitInfo { text, unit },
                    value,
                });
            }
        }
        out
    }
}
