//! Coupling items: parameters, an `edge` term over `pre`/`post` and a `node` term over
//! `total`, with the linear split that lets a mass network use a matrix–vector product.

use std::collections::HashMap;

use super::rate_plasticity::check_rate_plasticity;
use super::scale::rescale;
use super::{Checker, Decls, Scope, Sym, Typed};
use crate::ast::{self};
use crate::diag::{Diagnostic, Diagnostics};
use crate::ir::{self, Expr, Var};
use crate::sym;
use crate::units::Unit;

/// Checks a `coupling` item: parameters, an `edge` term over `pre`/`post` and a `node` term
/// over `total` (default: `total`).
pub fn check_coupling(item: &ast::CouplingItem) -> Result<ir::Coupling, Diagnostics> {
    let d = &item.dynamics;
    let decls = Decls::parameters(&item.header, &d.params, &d.functions, &[]);
    let mut c = Checker::new(&decls);
    let coupling = c.run_coupling(item);
    let rule = check_rate_plasticity(item);
    match (c.finish(coupling), rule) {
        (Ok(mut coupling), Ok(rule)) => {
            coupling.plasticity = rule;
            Ok(coupling)
        }
        (Err(mut a), Err(b)) => {
            for d in &b {
                a.push(d.clone());
            }
            Err(a)
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

impl Checker<'_> {
    pub(super) fn run_coupling(&mut self, item: &ast::CouplingItem) -> Option<ir::Coupling> {
        let decls = self.item;
        for (i, f) in decls.functions.iter().enumerate() {
            self.declare(&f.name, Sym::Function(i));
        }
        for (i, p) in decls.params.iter().enumerate() {
            self.declare(&p.name, Sym::Param(i));
        }
        for p in decls.params {
            let param = self.param(p);
            self.params.push(param);
        }
        let Some(edge_ast) = &item.edge else {
            self.err(
                Diagnostic::new(
                    decls.name().loc,
                    format!(
                        "coupling `{}` has no `edge {{ … }}` term",
                        decls.name().name
                    ),
                )
                .with_help("e.g. `edge { pre - post }` for diffusive coupling"),
            );
            return None;
        };
        let value = |v: Var| Typed::value(Expr::Var(v), Unit::ONE);
        let edge_env = HashMap::from([
            ("pre".to_string(), value(Var::Pre)),
            ("post".to_string(), value(Var::Post)),
        ]);
        let node_env = HashMap::from([("total".to_string(), value(Var::Total))]);
        let edge = self.lower_dimensionless(edge_ast, &edge_env, "the edge term");
        let node = match &item.node {
            Some(n) => self.lower_dimensionless(n, &node_env, "the node term"),
            None => Some(Expr::Var(Var::Total)),
        };
        let (edge, node) = (edge?, node?);
        if !self.diags.is_empty() {
            return None;
        }
        let free = |e: &Expr| !sym::any_var(e, &|v| matches!(v, Var::Pre | Var::Post));
        let linear = match (sym::diff(&edge, Var::Pre), sym::diff(&edge, Var::Post)) {
            (Ok(a), Ok(b)) if free(&a) && free(&b) => {
                let zero = Expr::Num(0.0);
                let c = sym::simplify(&sym::substitute(
                    &sym::substitute(&edge, Var::Pre, &zero),
                    Var::Post,
                    &zero,
                ));
                Some((a, b, c))
            }
            _ => None,
        };
        Some(ir::Coupling {
            name: decls.name().name.clone(),
            doc: item.header.doc.clone(),
            vis: item.header.vis.clone(),
            params: self.params.clone(),
            edge,
            node,
            linear,
            plasticity: None,
            source: String::new(),
        })
    }

    pub(super) fn lower_dimensionless(
        &mut self,
        e: &ast::Expr,
        env: &HashMap<String, Typed>,
        what: &str,
    ) -> Option<Expr> {
        let t = self
            .lower(e, Scope::Full, env)
            .map_err(|d| self.err(d))
            .ok()?;
        if t.condition || !t.unit.dim.is_none() {
            self.err(Diagnostic::new(
                e.loc,
                format!("{what} must be a dimensionless number (in the coupled variable's units), but this has units of {}", t.unit.dim.describe()),
            ));
            return None;
        }
        Some(sym::simplify(&rescale(t.expr, t.unit.exp10, 0)))
    }
}
