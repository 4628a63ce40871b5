//! Interpreted couplings: a checked `coupling` item through the runtime's [`Coupling`] trait.

use std::sync::Arc;

use cajal_lang::display::expr_to_string;
use cajal_lang::ir::{self, Expr, Var};

use super::eval::{Scope, eval};
use super::info::{keep, param_infos};
use crate::coupling::{Coupling, CouplingInfo};
use crate::error::Error;

/// A coupling read from text, with its own parameter values (see
/// [the module](super) for how interpretation relates to generated code).
#[derive(Clone, Debug)]
pub struct InterpretedCoupling {
    def: Arc<ir::Coupling>,
    info: &'static CouplingInfo,
    params: Vec<f64>,
}

impl InterpretedCoupling {
    /// The coupling with its default parameters. Its metadata is allocated once per call
    /// and kept for the rest of the process.
    pub fn new(c: ir::Coupling) -> InterpretedCoupling {
        let name = |v: Var| match v {
            Var::Param(i) => c.params[i].name.clone(),
            Var::Pre => "pre".into(),
            Var::Post => "post".into(),
            _ => "total".into(),
        };
        let info = CouplingInfo {
            name: keep(c.name.clone()),
            doc: keep(c.doc.join("\n")),
            params: param_infos(&c.params),
            edge: keep(expr_to_string(&c.edge, &name)),
            node: keep(expr_to_string(&c.node, &name)),
            linear: c.linear.is_some(),
            reads_post: cajal_lang::sym::contains(&c.edge, Var::Post),
            source: keep(c.source.clone()),
        };
        InterpretedCoupling {
            params: c.params.iter().map(|p| p.default).collect(),
            info: Box::leak(Box::new(info)),
            def: Arc::new(c),
        }
    }

    /// `e` with the parameters and `[pre, post, total]`.
    fn value(&self, e: &Expr, coupling: [f64; 3]) -> f64 {
        let scope = Scope {
            params: &self.params,
            states: &[],
            inputs: &[],
            t: 0.0,
            i: 0,
            history: None,
            coupling,
            extra: None,
        };
        eval(e, &scope)
    }
}

impl Coupling for InterpretedCoupling {
    fn info(&self) -> &'static CouplingInfo {
        self.info
    }

    fn edge(&self, pre: f64, post: f64) -> f64 {
        self.value(&self.def.edge, [pre, post, 0.0])
    }

    fn node(&self, total: f64) -> f64 {
        self.value(&self.def.node, [0.0, 0.0, total])
    }

    fn linear(&self) -> Option<[f64; 3]> {
        let (a, b, c) = self.def.linear.as_ref()?;
        let none = [0.0; 3];
        Some([
            self.value(a, none),
            self.value(b, none),
            self.value(c, none),
        ])
    }

    fn set_param(&mut self, k: usize, value: f64) -> Result<(), Error> {
        let Some(p) = self.info.params.get(k) else {
            return Err(Error::UnknownName {
                kind: "coupling parameter index",
                name: k.to_string(),
                available: self
                    .info
                    .params
                    .iter()
                    .map(|p| p.name.to_string())
                    .collect(),
            });
        };
        if !value.is_finite() {
            return Err(Error::NonFinite {
                what: format!("coupling parameter `{}`", p.name),
                value,
            });
        }
        self.params[k] = value;
        Ok(())
    }
}
