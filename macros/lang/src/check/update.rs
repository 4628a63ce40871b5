//! Discrete-time models: the `update` section (the value each state takes at the next step,
//! dimension-checked against the state), what such a model may not have (derivatives,
//! events, refractoriness), its update orders, and `bernoulli(p)`.

use std::collections::HashMap;

use super::scale::rescale;
use super::{Checker, Scope, Sym, Typed};
use crate::ast::{self, Ident};
use crate::diag::Diagnostic;
use crate::ir::{self, Cmp, Expr, Method, Var};
use crate::suggest::closest;
use crate::sym;
use crate::units::Unit;

impl Checker<'_> {
    /// The equations of a discrete-time model: per state, the value it takes at the next
    /// step (its own value when `update` does not name it).
    pub(super) fn updates(&mut self, update: &ast::Update) -> Option<Vec<ir::Equation>> {
        let item = self.item;
        let mut ok = self.refuse_continuous_sections();
        let mut eqs: Vec<Option<ir::Equation>> = vec![None; item.states.len()];
        for a in &update.assigns {
            let idx = match self.names.get(&a.name.name) {
                Some(Sym::State(i)) => *i,
                other => {
                    self.err(not_a_state(a, other, item.states.iter().map(|s| &s.name)));
                    ok = false;
                    continue;
                }
            };
            if eqs[idx].is_some() {
                self.err(
                    Diagnostic::new(a.name.loc, format!("`{}` is updated twice", a.name.name))
                        .with_help(
                            "every state takes one new value per step: merge the two entries",
                        ),
                );
                ok = false;
                continue;
            }
            let Some(value) = &a.value else { continue };
            self.allow_bernoulli = true;
            let lowered = self.lower(value, Scope::Full, &HashMap::new());
            self.allow_bernoulli = false;
            let v = match lowered {
                Ok(v) => v,
                Err(e) => {
                    self.err(e);
                    ok = false;
                    continue;
                }
            };
            let unit = self.state_units[idx].clone();
            if !self.expect_same_dim(
                value.loc,
                &format!("the new `{}`", a.name.name),
                unit.unit,
                &v,
            ) {
                ok = false;
                continue;
            }
            eqs[idx] = Some(ir::Equation {
                rhs: sym::simplify(&rescale(v.expr, v.unit.exp10, unit.unit.exp10)),
                jacobian_diagonal: None,
                coupled: Vec::new(),
                noise: None,
                clamped: false,
                doc: a.doc.clone(),
            });
        }
        if !ok {
            return None;
        }
        let keep = |i: usize| ir::Equation {
            rhs: Expr::Var(Var::State(i)),
            jacobian_diagonal: None,
            coupled: Vec::new(),
            noise: None,
            clamped: false,
            doc: Vec::new(),
        };
        Some(
            eqs.into_iter()
                .enumerate()
                .map(|(i, e)| e.unwrap_or_else(|| keep(i)))
                .collect(),
        )
    }

    /// Derivatives, events and refractoriness have no meaning in discrete time: each is an
    /// error at its place. False if there was one.
    fn refuse_continuous_sections(&mut self) -> bool {
        let item = self.item;
        let mut places = Vec::new();
        for d in item.derivatives {
            places.push((d.state.loc, format!("`d{}/dt`", d.state.name)));
        }
        for e in item.events {
            places.push((e.condition.loc, "an event".to_string()));
        }
        if let Some(r) = item.refractory {
            places.push((r.loc, "a refractory period".to_string()));
        }
        for (loc, what) in &places {
            self.err(
                Diagnostic::new(
                    *loc,
                    format!("a model with `update` is discrete-time and cannot have {what}"),
                )
                .with_help(
                    "write the state's new value in `update { … }`, or remove `update` to integrate equations",
                ),
            );
        }
        places.is_empty()
    }

    /// The update orders of a discrete-time model: the stated ones, else both (synchronous
    /// first).
    pub(super) fn discrete_methods(&mut self) -> Option<(Vec<Method>, String)> {
        let mut methods = Vec::new();
        for id in self.item.methods {
            match Method::from_name(&id.name).filter(|m| m.is_discrete()) {
                Some(m) if !methods.contains(&m) => methods.push(m),
                Some(_) => {}
                None => {
                    let mut d = Diagnostic::new(
                        id.loc,
                        format!(
                            "`{}` is not an update order of a discrete-time model",
                            id.name
                        ),
                    );
                    d = match closest(&id.name, Method::DISCRETE_NAMES.iter().copied()) {
                        Some(s) if Method::from_name(&id.name).is_none() => {
                            d.with_help(format!("did you mean `{s}`?"))
                        }
                        _ => d.with_help("a model with `update` steps by `method synchronous` (every instance at once) or `method asynchronous` (one at a time, in a random order)"),
                    };
                    self.err(d);
                }
            }
        }
        if !self.diags.is_empty() {
            return None;
        }
        if methods.is_empty() {
            let both = vec![Method::Synchronous, Method::Asynchronous];
            return Some((both, "discrete-time model: every instance updated at once, or one at a time in a random order".into()));
        }
        Some((methods, "stated".into()))
    }

    /// `bernoulli(p)`: 1 with probability `p` (dimensionless), else 0, from a draw of the
    /// instance's own stream for this step.
    pub(super) fn lower_bernoulli(
        &mut self,
        f: &Ident,
        args: &[ast::Expr],
        scope: Scope,
        env: &HashMap<String, Typed>,
    ) -> Result<Typed, Diagnostic> {
        if !self.allow_bernoulli {
            return Err(Diagnostic::new(
                f.loc,
                "`bernoulli` can only be used in `update { … }` of a discrete-time model",
            )
            .with_help("in continuous time, fire at random with `on hazard(rate) { … }`"));
        }
        let [p] = args else {
            return Err(Diagnostic::new(
                f.loc,
                format!(
                    "`bernoulli` takes one argument, the probability of 1, but {} were given",
                    args.len()
                ),
            )
            .with_help("e.g. `S = 2*bernoulli(0.5*(1 + tanh(beta*h))) - 1`"));
        };
        let v = self.lower(p, scope, env)?;
        if v.condition || !v.unit.dim.is_none() {
            return Err(Diagnostic::new(
                p.loc,
                "the argument of `bernoulli` is a probability and must be dimensionless",
            )
            .with_help("e.g. `bernoulli(0.5*(1 + tanh(beta*h)))` with `beta*h` dimensionless"));
        }
        let probability = rescale(v.expr, v.unit.exp10, 0);
        let draw = Expr::Var(Var::Draw(self.hazards));
        self.hazards += 1;
        Ok(Typed::value(
            Expr::Select(
                Box::new(Expr::Cmp(Cmp::Lt, Box::new(draw), Box::new(probability))),
                Box::new(Expr::Num(1.0)),
                Box::new(Expr::Num(0.0)),
            ),
            Unit::ONE,
        ))
    }
}

/// The error for an `update` entry that names something other than a state.
fn not_a_state<'a>(
    a: &ast::Decl,
    found: Option<&Sym>,
    states: impl Iterator<Item = &'a Ident>,
) -> Diagnostic {
    let name = &a.name.name;
    let msg = match found {
        Some(s) => format!(
            "`update` sets state variables, but `{name}` is {}",
            s.describe()
        ),
        None => format!("`update` names `{name}`, which is not a declared state variable"),
    };
    let states: Vec<&str> = states.map(|s| s.name.as_str()).collect();
    let d = Diagnostic::new(a.name.loc, msg);
    match closest(name, states) {
        Some(s) => d.with_help(format!("did you mean `{s}`?")),
        None => d.with_help(format!("declare it in `state {{ {name} = … }}`")),
    }
}
