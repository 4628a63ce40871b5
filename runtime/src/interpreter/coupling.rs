//! Interpreted couplings: a checked `coupling` item through the runtime's [`Coupling`] trait.

use std::sync::Arc;

use cajal_lang::display::expr_to_string;
use cajal_lang::ir::{self, Expr, Var};

use super::eval::{Scope, eval};
use super::info::{keep, param_infos};
use super::native::{CouplingTerm, NativeCompiler, NativeCoupling, native_compiler};
use crate::coupling::{Coupling, CouplingInfo, RuleInfo};
use crate::error::Error;
use crate::model::VarInfo;

/// A coupling read from text, with its own parameter values (see
/// [the module](super) for how interpretation relates to generated code). Its terms run as
/// native code where a JIT is installed and takes them, else as expression trees.
#[derive(Clone, Debug)]
pub struct InterpretedCoupling {
    def: Arc<ir::Coupling>,
    info: &'static CouplingInfo,
    params: Vec<f64>,
    /// The compiled terms; else why not (`None`: no JIT).
    native: Result<Arc<dyn NativeCoupling>, Option<String>>,
}

impl InterpretedCoupling {
    /// The coupling with its default parameters, compiled by the installed JIT if any. Its
    /// metadata is allocated once per call and kept for the rest of the process.
    pub fn new(c: ir::Coupling) -> InterpretedCoupling {
        InterpretedCoupling::with_compiler(c, native_compiler())
    }

    /// The coupling with its default parameters, its terms compiled by `compiler` (`None`:
    /// expression trees), whatever compiler is installed.
    pub fn with_compiler(c: ir::Coupling, compiler: Option<NativeCompiler>) -> InterpretedCoupling {
        let native = match compiler {
            Some(compiler) => (compiler.coupling)(&c).map_err(Some),
            None => Err(None),
        };
        InterpretedCoupling {
            native,
            ..InterpretedCoupling::trees(c)
        }
    }

    /// The coupling's IR.
    pub fn ir(&self) -> &ir::Coupling {
        &self.def
    }

    /// Whether its terms run as native code; else why not (`None`: no JIT).
    pub fn native(&self) -> Result<(), Option<String>> {
        self.native.as_ref().map(|_| ()).map_err(Clone::clone)
    }

    /// The coupling with its default parameters, evaluating expression trees.
    fn trees(c: ir::Coupling) -> InterpretedCoupling {
        let name = |v: Var| match (v, &c.plasticity) {
            (Var::Param(i), _) => c.params[i].name.clone(),
            (Var::Pre, _) => "pre".into(),
            (Var::Post, _) => "post".into(),
            (Var::State(k), Some(rule)) => rule.states[k].name.clone(),
            (Var::Weight, Some(rule)) => rule.weight.clone(),
            _ => "total".into(),
        };
        let rule = c.plasticity.as_ref().map(|r| {
            let reads_post = |e: &Expr| cajal_lang::sym::contains(e, Var::Post);
            RuleInfo {
                weight: keep(r.weight.clone()),
                weight_rate: keep(expr_to_string(&r.weight_derivative, &name)),
                states: Box::leak(
                    r.states
                        .iter()
                        .map(|s| VarInfo {
                            name: keep(s.name.clone()),
                            unit: keep(s.unit.text.clone()),
                            doc: keep(s.doc.join("\n")),
                        })
                        .collect(),
                ),
                state_rates: Box::leak(
                    r.states
                        .iter()
                        .map(|s| keep(expr_to_string(&s.derivative, &name)))
                        .collect(),
                ),
                reads_post: reads_post(&r.weight_derivative)
                    || r.states.iter().any(|s| reads_post(&s.derivative)),
            }
        });
        let info = CouplingInfo {
            name: keep(c.name.clone()),
            doc: keep(c.doc.join("\n")),
            params: param_infos(&c.params),
            edge: keep(expr_to_string(&c.edge, &name)),
            node: keep(expr_to_string(&c.node, &name)),
            linear: c.linear.is_some(),
            reads_post: cajal_lang::sym::contains(&c.edge, Var::Post),
            rule,
            source: keep(c.source.clone()),
        };
        InterpretedCoupling {
            params: c.params.iter().map(|p| p.default).collect(),
            info: Box::leak(Box::new(info)),
            def: Arc::new(c),
            native: Err(None),
        }
    }

    /// `term` of the coupling: native code if compiled, else the tree `e`.
    fn term(
        &self,
        term: CouplingTerm,
        e: &Expr,
        coupling: [f64; 3],
        states: &[f64],
        w: Option<f64>,
    ) -> f64 {
        match &self.native {
            Ok(code) => code.value(term, &self.params, states, coupling, w.unwrap_or(f64::NAN)),
            Err(_) => self.rule_value(e, coupling, states, w),
        }
    }

    /// `e` with the parameters and `[pre, post, total]`.
    fn value(&self, e: &Expr, coupling: [f64; 3]) -> f64 {
        self.rule_value(e, coupling, &[], None)
    }

    /// `e` with the parameters, `[pre, post, total]`, the rule states and the weight.
    fn rule_value(&self, e: &Expr, coupling: [f64; 3], states: &[f64], w: Option<f64>) -> f64 {
        let weight = |v: Var| match (v, w) {
            (Var::Weight, Some(w)) => w,
            _ => f64::NAN,
        };
        let scope = Scope {
            params: &self.params,
            states,
            inputs: &[],
            t: 0.0,
            i: 0,
            history: None,
            coupling,
            extra: Some(&weight),
            native: None,
        };
        eval(e, &scope)
    }
}

impl Coupling for InterpretedCoupling {
    fn info(&self) -> &'static CouplingInfo {
        self.info
    }

    fn edge(&self, pre: f64, post: f64) -> f64 {
        let edge = &self.def.edge;
        self.term(CouplingTerm::Edge, edge, [pre, post, 0.0], &[], None)
    }

    fn node(&self, total: f64) -> f64 {
        let node = &self.def.node;
        self.term(CouplingTerm::Node, node, [0.0, 0.0, total], &[], None)
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

    fn rule_init(&self, k: usize) -> f64 {
        let rule = self.def.plasticity.as_ref();
        rule.and_then(|r| r.states.get(k))
            .map_or(0.0, |s| self.value(&s.init, [0.0; 3]))
    }

    fn rule_rate(&self, k: usize, post: f64, states: &[f64]) -> f64 {
        let rule = self.def.plasticity.as_ref();
        rule.and_then(|r| r.states.get(k)).map_or(0.0, |s| {
            let term = CouplingTerm::RuleRate(k);
            self.term(term, &s.derivative, [0.0, post, 0.0], states, None)
        })
    }

    fn weight_rate(&self, w: f64, pre: f64, post: f64, states: &[f64]) -> f64 {
        self.def.plasticity.as_ref().map_or(0.0, |r| {
            let (term, e) = (CouplingTerm::WeightRate, &r.weight_derivative);
            self.term(term, e, [pre, post, 0.0], states, Some(w))
        })
    }
}
