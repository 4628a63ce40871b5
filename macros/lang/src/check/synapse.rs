//! Synapse items: summed receptor state with linear dynamics, the per-synapse weight, what a
//! presynaptic spike adds (`on_pre`) and what the target receives (`inject`).
//!
//! A synapse's shared sections go through the model pass with its `post` variables as the
//! inputs and its injected values as the outputs (see [`Decls`]); this file adds the weight, the `on_pre` jumps and the rules that make
//! one summed value per target neuron exact.

use std::collections::HashMap;

use super::plasticity::Block;
use super::{Checker, Decls, Sym, Typed};
use crate::ast::{self, AssignOp, EventStmt};
use crate::diag::{Diagnostic, Diagnostics};
use crate::ir::{self, Expr, JumpTarget, Var};
use crate::sym;

/// Checks a `synapse` item and lowers it to IR, or returns every error found.
pub fn check_synapse(item: &ast::SynapseItem) -> Result<ir::Synapse, Diagnostics> {
    // Signals are checked as inputs after the `post` variables, then split off.
    let n_post = item.post.len();
    let inputs: Vec<ast::Decl> = item.post.iter().chain(&item.signals).cloned().collect();
    let mut decls = Decls::dynamics(&item.header, &item.dynamics, &inputs, &item.injects);
    // Traces, continuous variables and a weight with an equation are checked as states after
    // the summed state, then split off.
    let n_summed = decls.states.len();
    decls.states.extend(&item.traces);
    decls.states.extend(&item.continuous);
    let weight_state = item
        .weight
        .as_ref()
        .filter(|w| {
            item.dynamics
                .derivatives
                .iter()
                .any(|d| d.state.name == w.name.name)
        })
        .map(|w| {
            decls.states.push(w);
            decls.states.len() - 1
        });
    let mut c = Checker::new(&decls);
    let mut dynamics = c.run(ir::ModelKind::Synapse);
    let weight = c.weight(item, weight_state);
    let signals = dynamics
        .as_mut()
        .map(|d| c.split_signals(item, d, n_post, n_summed))
        .unwrap_or_default();
    let per_synapse = dynamics
        .as_mut()
        .map(|d| c.split_per_synapse(item, d, n_summed, weight_state))
        .unwrap_or_default();
    if let Some(d) = &dynamics {
        c.check_summed_dynamics(item, d);
    }
    let sets_weight = |stmts: &[EventStmt], w: &str| {
        stmts
            .iter()
            .any(|s| matches!(s, EventStmt::Assign { target, .. } if target.name == w))
    };
    let plastic = !item.traces.is_empty()
        || !item.continuous.is_empty()
        || weight_state.is_some()
        || item.on_post.is_some()
        || matches!((&item.on_pre, &item.weight), (Some(b), Some(w)) if sets_weight(&b.stmts, &w.name.name));
    let (on_pre, plasticity) = match (&dynamics, &weight) {
        (Some(_), Some(w)) if plastic => {
            let blocks = [
                (item.on_pre.as_ref(), Block::Pre),
                (item.on_post.as_ref(), Block::Post),
            ];
            let [pre, post] = blocks.map(|(b, kind)| {
                b.map(|b| c.plastic_block(&b.stmts, kind, w, (&per_synapse, &signals), n_summed))
                    .unwrap_or_default()
            });
            let ok = c.require_block(item.on_pre.as_ref(), "on_pre", item);
            let mut plasticity = per_synapse;
            plasticity.on_pre = pre;
            plasticity.on_post = post;
            (ok.then(Vec::new), Some(plasticity))
        }
        (Some(_), Some(w)) => (c.on_pre(item, w), None),
        _ => (None, None),
    };
    let synapse = match (dynamics, weight, on_pre) {
        (Some(dynamics), Some(weight), Some(on_pre)) => {
            if plasticity.is_none()
                && let Some(s) = item.signals.first()
            {
                c.err(
                    Diagnostic::new(s.name.loc, format!("signal `{}` is never read", s.name.name))
                        .with_help("signals are read by the plasticity of a plastic synapse (`on_pre`, `on_post`, continuous variables)"),
                );
            }
            Some(ir::Synapse {
                dynamics,
                weight,
                on_pre,
                plasticity,
                signals,
            })
        }
        _ => None,
    };
    c.finish(synapse)
}

impl Checker<'_> {
    /// The weight (`state`: its index among the states when it has an equation).
    fn weight(&mut self, item: &ast::SynapseItem, state: Option<usize>) -> Option<ir::Weight> {
        let Some(w) = &item.weight else {
            self.err(
                Diagnostic::new(
                    item.header.name.loc,
                    format!("synapse `{}` has no weight", item.header.name.name),
                )
                .with_help("declare the per-synapse weight, e.g. `weight w: nS`"),
            );
            return None;
        };
        if let Some(prev) = self.names.get(&w.name.name)
            && !matches!((prev, state), (Sym::State(k), Some(s)) if *k == s)
        {
            let msg = format!(
                "duplicate name `{}`: it is already {}",
                w.name.name,
                prev.describe()
            );
            self.err(Diagnostic::new(w.name.loc, msg).with_help("give the weight its own name"));
            return None;
        }
        let unit = self.resolve_unit(w.unit.as_ref()?)?;
        let value = w.value.as_ref().and_then(|e| self.constant(e));
        let default = value
            .is_some()
            .then(|| self.default_value(w, value.as_ref(), unit))
            .flatten();
        Some(ir::Weight {
            name: w.name.name.clone(),
            unit: ir::UnitInfo {
                text: super::scale::unit_text(w.unit.as_ref()?),
                unit,
            },
            default,
            doc: w.doc.clone(),
        })
    }

    fn on_pre(&mut self, item: &ast::SynapseItem, w: &ir::Weight) -> Option<Vec<ir::Jump>> {
        let Some(ast::Block { stmts, loc }) = &item.on_pre else {
            self.err(
                Diagnostic::new(
                    item.header.name.loc,
                    format!(
                        "synapse `{}` has no `on_pre {{ … }}`",
                        item.header.name.name
                    ),
                )
                .with_help("say what a presynaptic spike does, e.g. `on_pre { g += w }`"),
            );
            return None;
        };
        if stmts.is_empty() {
            self.err(Diagnostic::new(
                *loc,
                "`on_pre` is empty: a spike would do nothing",
            ));
            return None;
        }
        let env = HashMap::from([(
            w.name.clone(),
            Typed::value(Expr::Var(Var::Weight), w.unit.unit),
        )]);
        let mut jumps = Vec::new();
        for stmt in stmts {
            let EventStmt::Assign { target, op, value } = stmt else {
                continue;
            };
            let (jump_target, unit) = match self.names.get(&target.name) {
                Some(Sym::State(k)) => (JumpTarget::State(*k), self.state_units[*k].clone()),
                Some(Sym::Input(k)) => (JumpTarget::Post(*k), self.inputs[*k].unit.clone()),
                other => {
                    let what =
                        other.map_or("not declared".to_string(), |s| s.describe().to_string());
                    self.err(
                        Diagnostic::new(
                            target.loc,
                            format!(
                                "`on_pre` can change the synapse's state or a `post` variable, but `{}` is {what}",
                                target.name
                            ),
                        )
                        .with_help("declare it in `state { … }` or in `post { … }`"),
                    );
                    continue;
                }
            };
            let sign = match op {
                AssignOp::Add => 1.0,
                AssignOp::Sub => -1.0,
                _ => {
                    self.err(
                        Diagnostic::new(
                            target.loc,
                            format!("`on_pre` can only add to `{}` (`+=` or `-=`)", target.name),
                        )
                        .with_help("the effects of many synapses onto one neuron must add up"),
                    );
                    continue;
                }
            };
            let what = format!("the increment of `{}`", target.name);
            let Some(increment) = self.statement_value(value, &env, &what, unit.unit) else {
                continue;
            };
            let increment = sym::simplify(&increment);
            let proportional = sym::affine_in(&increment, Var::Weight).filter(|a| {
                !sym::contains(&a.coefficient, Var::Weight)
                    && sym::simplify(&a.offset) == Expr::Num(0.0)
            });
            let Some(a) = proportional else {
                self.err(
                    Diagnostic::new(
                        value.loc,
                        format!(
                            "the increment of `{}` must be proportional to the weight `{}`",
                            target.name, w.name
                        ),
                    )
                    .with_help(format!(
                        "write e.g. `{0} += {1}` or `{0} += {1}*c` with `c` made of parameters, so that the synapses onto a neuron sum into one value",
                        target.name, w.name
                    )),
                );
                continue;
            };
            jumps.push(ir::Jump {
                target: jump_target,
                per_weight: sym::simplify(&Expr::Bin(
                    ir::Op::Mul,
                    Box::new(Expr::Num(sign)),
                    Box::new(a.coefficient),
                )),
            });
        }
        Some(jumps)
    }

    /// Summed state needs dynamics linear and homogeneous in the synapse's own states, with
    /// coefficients made of parameters: then the sum over synapses follows the same equations.
    fn check_summed_dynamics(&mut self, item: &ast::SynapseItem, d: &ir::Model) {
        let is_state = |v: Var| matches!(v, Var::State(_));
        for (k, eq) in d.equations.iter().enumerate() {
            let zero_states = (0..d.states.len()).fold(eq.rhs.clone(), |e, j| {
                sym::substitute(&e, Var::State(j), &Expr::Num(0.0))
            });
            let linear = eq.noise.is_none()
                && !sym::any_var(&eq.rhs, &|v| {
                    matches!(v, Var::Input(_) | Var::Time | Var::Noise | Var::Weight)
                })
                && !has_delay(&eq.rhs)
                && sym::simplify(&zero_states) == Expr::Num(0.0)
                && (0..d.states.len()).all(|j| {
                    sym::diff(&eq.rhs, Var::State(j)).is_ok_and(|a| !sym::any_var(&a, &is_state))
                });
            if linear {
                continue;
            }
            let name = &d.states[k].name;
            let loc = item
                .dynamics
                .derivatives
                .iter()
                .find(|dv| &dv.state.name == name)
                .map_or(item.header.name.loc, |dv| dv.rhs.loc);
            self.err(
                Diagnostic::new(
                    loc,
                    format!(
                        "`d{name}/dt` must be linear in the synapse's state, with coefficients made of parameters and no other term"
                    ),
                )
                .with_help(format!(
                    "`{name}` is one value per target neuron, the sum over its synapses, which is exact only for linear dynamics such as `d{name}/dt = -{name}/tau`"
                )),
            );
        }
    }
}

fn has_delay(e: &Expr) -> bool {
    match e {
        Expr::Delayed(..) => true,
        Expr::Num(_) | Expr::Var(_) => false,
        Expr::Neg(a) | Expr::Powi(a, _) | Expr::Not(a) => has_delay(a),
        Expr::Bin(_, a, b)
        | Expr::Powf(a, b)
        | Expr::Cmp(_, a, b)
        | Expr::And(a, b)
        | Expr::Or(a, b) => has_delay(a) || has_delay(b),
        Expr::Select(c, a, b) => has_delay(c) || has_delay(a) || has_delay(b),
        Expr::Call(_, args) => args.iter().any(has_delay),
    }
}
