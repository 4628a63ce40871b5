//! Plastic synapses: per-synapse traces with exponential (event-driven) dynamics, continuous
//! per-synapse variables (and weight) integrated every step, and `on_pre` / `on_post`
//! statements that change them, the weight and the target.
//!
//! The per-synapse variables are checked as extra state variables after the summed state,
//! then split off. A trace's equation must be `dx/dt = rate·x` with a rate made of
//! parameters, so that the value after a gap Δ is x·exp(rate·Δ), exactly; a continuous
//! variable's may read anything per synapse, the target's `post` variables and time.

use std::collections::HashMap;

use super::scale::rescale;
use super::{Checker, Scope, Sym, Typed};
use crate::ast::{self, AssignOp, EventStmt};
use crate::diag::Diagnostic;
use crate::ir::{self, Expr, PlasticStmt, PlasticTarget, Var};
use crate::sym;
use crate::units::Unit;

/// Which block a plastic statement list is.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Block {
    /// `on_pre`: may also add to the summed state and `post` variables.
    Pre,
    /// `on_post`: traces and weight only.
    Post,
}

impl Checker<'_> {
    /// The signals of `item` (checked as inputs `n_post..` of `d`), removed from `d`'s inputs
    /// and read in its per-synapse equations as [`Var::Signal`]; reading one in the summed
    /// state's equations or what the synapse injects is an error.
    pub(super) fn split_signals(
        &mut self,
        item: &ast::SynapseItem,
        d: &mut ir::Model,
        n_post: usize,
        n_summed: usize,
    ) -> Vec<ir::Input> {
        let is_signal = |v: Var| matches!(v, Var::Input(k) if k >= n_post);
        let help = "a signal is one value for the whole network: the plasticity reads it (`on_pre`, `on_post`, continuous variables, the weight's equation)";
        for (k, eq) in d.equations.iter().enumerate().take(n_summed) {
            if sym::any_var(&eq.rhs, &is_signal) {
                let name = &d.states[k].name;
                let loc = item
                    .dynamics
                    .derivatives
                    .iter()
                    .find(|dv| dv.state.name == *name)
                    .map_or(item.header.name.loc, |dv| dv.rhs.loc);
                self.err(
                    Diagnostic::new(loc, format!("`d{name}/dt` reads a signal")).with_help(help),
                );
            }
        }
        for (o, decl) in d.outputs.iter().zip(&item.injects) {
            if sym::any_var(&o.expr, &is_signal) {
                self.err(
                    Diagnostic::new(decl.name.loc, format!("`{}` reads a signal", o.name))
                        .with_help(help),
                );
            }
        }
        let to_signal = |v: Var| match v {
            Var::Input(k) if k >= n_post => Expr::Var(Var::Signal(k - n_post)),
            other => Expr::Var(other),
        };
        for eq in d.equations.iter_mut().skip(n_summed) {
            eq.rhs = sym::map_vars(&eq.rhs, &to_signal);
        }
        d.inputs.split_off(n_post.min(d.inputs.len()))
    }

    /// The per-synapse variables of `item` (checked as states `n_summed..` of `d`: traces,
    /// continuous variables, then the weight if it has an equation), removed from `d`; the
    /// blocks are left empty.
    pub(super) fn split_per_synapse(
        &mut self,
        item: &ast::SynapseItem,
        d: &mut ir::Model,
        n_summed: usize,
        weight_state: Option<usize>,
    ) -> ir::Plasticity {
        let is_per_synapse = |v: Var| matches!(v, Var::State(k) if k >= n_summed);
        let derivative_loc =
            |name: &str| derivative_loc(&item.dynamics.derivatives, name, item.header.name.loc);
        for (k, eq) in d.equations.iter().enumerate().take(n_summed) {
            if sym::any_var(&eq.rhs, &is_per_synapse) {
                let name = &d.states[k].name;
                self.err(
                    Diagnostic::new(derivative_loc(name), format!("`d{name}/dt` reads a per-synapse variable"))
                        .with_help("the summed state is one value per target neuron; per-synapse variables reach it only through `on_pre`"),
                );
            }
        }
        for (o, decl) in d.outputs.iter().zip(&item.injects) {
            if sym::any_var(&o.expr, &is_per_synapse) {
                self.err(Diagnostic::new(
                    decl.name.loc,
                    format!("`{}` reads a per-synapse variable, but what a synapse injects is summed over its synapses", o.name),
                ));
            }
        }
        let mut out = ir::Plasticity::default();
        for (k, decl) in item.traces.iter().enumerate() {
            let idx = n_summed + k;
            let (Some(state), Some(eq)) = (d.states.get(idx), d.equations.get(idx)) else {
                continue;
            };
            let only_params = |e: &Expr| !sym::any_var(e, &|v| !matches!(v, Var::Param(_)));
            let rate = sym::affine_in(&eq.rhs, Var::State(idx)).filter(|a| {
                eq.noise.is_none()
                    && only_params(&a.coefficient)
                    && sym::simplify(&a.offset) == Expr::Num(0.0)
            });
            match rate {
                Some(a) => out.traces.push(ir::Trace {
                    name: state.name.clone(),
                    unit: state.unit.clone(),
                    init: state.init.clone(),
                    rate: sym::simplify(&a.coefficient),
                    doc: decl.doc.clone(),
                }),
                None => {
                    let name = &state.name;
                    self.err(
                        Diagnostic::new(
                            derivative_loc(name),
                            format!("`d{name}/dt` must be a rate made of parameters times `{name}`"),
                        )
                        .with_help(format!(
                            "a trace is solved exactly between spikes (event-driven), e.g. `d{name}/dt = -{name}/tau`; put a variable with other dynamics in `continuous {{ … }}`"
                        )),
                    );
                }
            }
        }
        // Continuous variables and the weight: any equation over per-synapse values,
        // parameters, `post` variables and time.
        let n_vars = item.traces.len() + item.continuous.len();
        let per_synapse = |v: Var| match v {
            Var::State(k) if Some(k) == weight_state => Expr::Var(Var::Weight),
            Var::State(k) if k >= n_summed => Expr::Var(Var::Trace(k - n_summed)),
            other => Expr::Var(other),
        };
        let derivative = |c: &mut Self, idx: usize| {
            let (state, eq) = (d.states.get(idx)?, d.equations.get(idx)?);
            let name = &state.name;
            let reads_summed =
                sym::any_var(&eq.rhs, &|v| matches!(v, Var::State(k) if k < n_summed));
            if reads_summed || eq.noise.is_some() {
                let what = if reads_summed {
                    "the summed state"
                } else {
                    "white noise"
                };
                c.err(
                    Diagnostic::new(derivative_loc(name), format!("`d{name}/dt` reads {what}"))
                        .with_help("a per-synapse equation may read parameters, the weight, the traces, the continuous variables, `post` variables and `t`"),
                );
                return None;
            }
            Some(sym::simplify(&sym::map_vars(&eq.rhs, &per_synapse)))
        };
        for (k, decl) in item.continuous.iter().enumerate() {
            let idx = n_summed + item.traces.len() + k;
            if let Some(rhs) = derivative(self, idx) {
                let state = &d.states[idx];
                out.continuous.push(ir::Continuous {
                    name: state.name.clone(),
                    unit: state.unit.clone(),
                    init: state.init.clone(),
                    derivative: rhs,
                    doc: decl.doc.clone(),
                });
            }
        }
        if let Some(idx) = weight_state {
            debug_assert_eq!(idx, n_summed + n_vars);
            out.weight_derivative = derivative(self, idx).map(Box::new);
        }
        d.states.truncate(n_summed);
        d.equations.truncate(n_summed);
        out
    }

    /// The statements of a plastic synapse's `on_pre` or `on_post`, in order.
    pub(super) fn plastic_block(
        &mut self,
        stmts: &[EventStmt],
        block: Block,
        w: &ir::Weight,
        (vars, signals): (&ir::Plasticity, &[ir::Input]),
        n_summed: usize,
    ) -> Vec<PlasticStmt> {
        let mut env = HashMap::from([(
            w.name.clone(),
            Typed::value(Expr::Var(Var::Weight), w.unit.unit),
        )]);
        for (k, signal) in signals.iter().enumerate() {
            env.insert(
                signal.name.clone(),
                Typed::value(Expr::Var(Var::Signal(k)), signal.unit.unit),
            );
        }
        for (k, (name, unit)) in (0..).map_while(|k| vars.per_synapse(k)).enumerate() {
            env.insert(
                name.to_string(),
                Typed::value(Expr::Var(Var::Trace(k)), unit.unit),
            );
        }
        let mut out = Vec::new();
        for stmt in stmts {
            let EventStmt::Assign { target, op, value } = stmt else {
                continue;
            };
            if signals.iter().any(|s| s.name == target.name) {
                self.err(
                    Diagnostic::new(target.loc, format!("signal `{}` cannot be changed by a synapse", target.name))
                        .with_help("a signal is set for the whole network by a drive or by the program that runs it"),
                );
                continue;
            }
            let Some((target_kind, unit)) = self.plastic_target(target, block, w, vars, n_summed)
            else {
                continue;
            };
            let what = format!("the value for `{}`", target.name);
            let Some(v) = self.statement_value(value, &env, &what, unit) else {
                continue;
            };
            let current = match target_kind {
                PlasticTarget::Trace(k) => Some(Expr::Var(Var::Trace(k))),
                PlasticTarget::Weight => Some(Expr::Var(Var::Weight)),
                PlasticTarget::Summed(_) | PlasticTarget::Post(_) => None,
            };
            let combined = match (op, current) {
                (AssignOp::Add, None) => v,
                (AssignOp::Sub, None) => sym::neg(v),
                (AssignOp::Set, Some(_)) => v,
                (AssignOp::Add, Some(x)) => Expr::Bin(ir::Op::Add, Box::new(x), Box::new(v)),
                (AssignOp::Sub, Some(x)) => Expr::Bin(ir::Op::Sub, Box::new(x), Box::new(v)),
                (_, None) => {
                    self.err(
                        Diagnostic::new(
                            target.loc,
                            format!("`{}` can only be added to (`+=` or `-=`)", target.name),
                        )
                        .with_help("the effects of many synapses onto one neuron must add up"),
                    );
                    continue;
                }
                (_, Some(_)) => {
                    self.err(
                        Diagnostic::new(
                            target.loc,
                            format!("write `{0} = …`, `{0} += …` or `{0} -= …`", target.name),
                        )
                        .with_help(format!(
                            "e.g. `{0} = {0}*f` for a multiplicative change",
                            target.name
                        )),
                    );
                    continue;
                }
            };
            out.push(PlasticStmt {
                target: target_kind,
                value: sym::simplify(&combined),
            });
        }
        out
    }

    /// A statement's right-hand side over parameters and `env`, in `unit` (`None` after
    /// reporting an error).
    pub(super) fn statement_value(
        &mut self,
        value: &ast::Expr,
        env: &HashMap<String, Typed>,
        what: &str,
        unit: Unit,
    ) -> Option<Expr> {
        let t = self
            .lower(value, Scope::Params, env)
            .map_err(|d| self.err(d))
            .ok()?;
        if !self.expect_same_dim(value.loc, what, unit, &t) {
            return None;
        }
        Some(rescale(t.expr, t.unit.exp10, unit.exp10))
    }

    fn plastic_target(
        &mut self,
        target: &ast::Ident,
        block: Block,
        w: &ir::Weight,
        vars: &ir::Plasticity,
        n_summed: usize,
    ) -> Option<(PlasticTarget, Unit)> {
        if target.name == w.name {
            return Some((PlasticTarget::Weight, w.unit.unit));
        }
        if let Some((k, (_, unit))) = (0..)
            .map_while(|k| vars.per_synapse(k))
            .enumerate()
            .find(|(_, (name, _))| *name == target.name)
        {
            return Some((PlasticTarget::Trace(k), unit.unit));
        }
        let found = match self.names.get(&target.name) {
            Some(Sym::State(k)) if *k < n_summed && block == Block::Pre => {
                Some((PlasticTarget::Summed(*k), self.state_units[*k].unit))
            }
            Some(Sym::Input(k)) if block == Block::Pre => {
                Some((PlasticTarget::Post(*k), self.inputs[*k].unit.unit))
            }
            _ => None,
        };
        if found.is_none() {
            let can = match block {
                Block::Pre => {
                    "the summed state, a `post` variable, a per-synapse variable or the weight"
                }
                Block::Post => "a per-synapse variable or the weight",
            };
            let name = match block {
                Block::Pre => "on_pre",
                Block::Post => "on_post",
            };
            self.err(Diagnostic::new(
                target.loc,
                format!("`{name}` can change {can}, but not `{}`", target.name),
            ));
        }
        found
    }

    /// Reports a missing `name` block (`on_pre`); true if present.
    pub(super) fn require_block(
        &mut self,
        block: Option<&ast::Block>,
        name: &str,
        item: &ast::SynapseItem,
    ) -> bool {
        if block.is_none() {
            self.err(
                Diagnostic::new(
                    item.header.name.loc,
                    format!(
                        "synapse `{}` has no `{name} {{ … }}`",
                        item.header.name.name
                    ),
                )
                .with_help("say what a presynaptic spike does, e.g. `on_pre { g += w }`"),
            );
            return false;
        }
        true
    }
}

/// Where `d{name}/dt = …` has its right-hand side, or `fallback` if it is not written.
pub(super) fn derivative_loc(
    derivatives: &[ast::Derivative],
    name: &str,
    fallback: crate::diag::Loc,
) -> crate::diag::Loc {
    derivatives
        .iter()
        .find(|dv| dv.state.name == name)
        .map_or(fallback, |dv| dv.rhs.loc)
}
