//! The integration method: the stated ones checked against the equations, or one chosen
//! from their form (linear, conditionally linear, nonlinear, noisy), with the reason.

use super::Checker;
use crate::diag::Diagnostic;
use crate::ir::{self, Expr, Method, Var};
use crate::suggest::closest;
use crate::sym;

impl Checker<'_> {
    // ---- integration method -------------------------------------------------------------

    pub(super) fn method(&mut self, eqs: &mut [ir::Equation]) -> Option<(Vec<Method>, String)> {
        let item = self.item;
        let state_name = |i: usize| item.states[i].name.name.clone();
        // Per equation: the affine split in its own variable, if any.
        let splits: Vec<Option<sym::Affine>> = eqs
            .iter()
            .enumerate()
            .map(|(i, e)| sym::affine_in(&e.rhs, Var::State(i)))
            .collect();
        let not_state_or_time =
            |e: &Expr| !sym::any_var(e, &|v| matches!(v, Var::State(_) | Var::Time));
        let first_nonlinear = splits.iter().position(Option::is_none);
        let first_nonconstant = splits.iter().position(|s| match s {
            Some(a) => !(not_state_or_time(&a.coefficient) && not_state_or_time(&a.offset)),
            None => true,
        });
        // The constant off-diagonal Jacobian of a coupled linear system, when the whole
        // system is linear with constant coefficients (`exact` then uses its propagator).
        let coupled = if first_nonconstant.is_some() {
            coupled_linear_system(eqs, &splits)
        } else {
            None
        };
        let exact_blocker = first_nonconstant.filter(|_| coupled.is_none());
        let noisy = eqs.iter().position(|e| e.noise.is_some());
        let mut methods = Vec::new();
        for id in item.methods {
            let Some(m) = Method::from_name(&id.name) else {
                let mut d =
                    Diagnostic::new(id.loc, format!("unknown integration method `{}`", id.name));
                d = match closest(&id.name, Method::NAMES.iter().copied()) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d.with_help(format!("available methods: {}", Method::NAMES.join(", "))),
                };
                self.err(d);
                continue;
            };
            if m.is_discrete() {
                self.err(
                    Diagnostic::new(id.loc, format!("`{}` is the update order of a discrete-time model, but this model integrates equations", id.name))
                        .with_help("give the model `update { x = … }` instead of `dx/dt = …`, or choose an integration method such as `rk4`"),
                );
                continue;
            }
            if m == Method::Exact
                && let Some(i) = exact_blocker
            {
                let why = if splits[i].is_none() {
                    format!("`d{0}/dt` is nonlinear in `{0}`", state_name(i))
                } else {
                    format!(
                        "`d{}/dt` is not linear in the state with coefficients free of the state and of time",
                        state_name(i)
                    )
                };
                self.err(
                    Diagnostic::new(id.loc, format!("`exact` needs linear equations with constant coefficients, but {why}"))
                        .with_help("use `method exponential_euler` for conditionally linear equations, or `rk4`"),
                );
                continue;
            }
            if m == Method::ExponentialEuler
                && let Some(i) = first_nonlinear
            {
                self.err(
                    Diagnostic::new(id.loc, format!("`exponential_euler` needs each equation to be linear in its own variable, but `d{0}/dt` is nonlinear in `{0}`", state_name(i)))
                        .with_help("use `exp_euler_diag` (Jacobian diagonal) or `rk4`"),
                );
                continue;
            }
            if let Some(i) = noisy
                && m == Method::Rk4
            {
                self.err(
                    Diagnostic::new(id.loc, format!("`{}` cannot integrate the white noise `xi` in `d{}/dt`", id.name, state_name(i)))
                        .with_help("use `method euler_maruyama`, `heun` (stochastic Heun), or an exponential method (the noise is added as g·√dt·N(0,1))"),
                );
                continue;
            }
            if methods.contains(&m) {
                self.err(Diagnostic::new(
                    id.loc,
                    format!("method `{}` is listed twice", id.name),
                ));
                continue;
            }
            methods.push(m);
        }
        if !self.diags.is_empty() {
            return None;
        }
        let reason = match item.methods.first() {
            Some(id) => format!("stated in the model (`method {}`)", id.name),
            None if noisy.is_some() => {
                methods.push(Method::EulerMaruyama);
                let i = noisy.unwrap_or_default();
                format!(
                    "chosen automatically: `d{}/dt` has white noise `xi`, so Euler–Maruyama is used",
                    state_name(i)
                )
            }
            None => {
                let (m, reason) = match (first_nonconstant, first_nonlinear) {
                    (None, _) => (
                        Method::Exact,
                        "chosen automatically: every equation is linear with constant coefficients, so the exact propagator is used".to_string(),
                    ),
                    (Some(_), _) if coupled.is_some() => (
                        Method::Exact,
                        "chosen automatically: the equations form a coupled linear system with constant coefficients, so its exact propagator (a matrix exponential) is used".to_string(),
                    ),
                    (Some(_), None) => (
                        Method::ExponentialEuler,
                        "chosen automatically: every equation is linear in its own variable (conditionally linear), so exponential Euler is used".to_string(),
                    ),
                    (Some(_), Some(i)) => (
                        Method::Rk4,
                        format!("chosen automatically: `d{0}/dt` is nonlinear in `{0}`, so rk4 is used", state_name(i)),
                    ),
                };
                methods.push(m);
                reason
            }
        };
        let exponential = |m: &Method| {
            matches!(
                m,
                Method::Exact | Method::ExponentialEuler | Method::ExpEulerDiag
            )
        };
        if let Some(pos) = methods.iter().position(exponential) {
            for (i, eq) in eqs.iter_mut().enumerate() {
                match sym::diff(&eq.rhs, Var::State(i)) {
                    Ok(j) => eq.jacobian_diagonal = Some(j),
                    Err(what) => {
                        let loc = item.methods.get(pos).map_or(item.name().loc, |m| m.loc);
                        self.err(Diagnostic::new(
                            loc,
                            format!(
                                "`{}` needs ∂f/∂{1} of `d{1}/dt`, but it contains {what}",
                                methods[pos].name(),
                                state_name(i)
                            ),
                        ));
                        return None;
                    }
                }
            }
        }
        if methods.contains(&Method::Exact)
            && let Some(coupled) = coupled
        {
            for (eq, entries) in eqs.iter_mut().zip(coupled) {
                eq.coupled = entries;
            }
        }
        Some((methods, reason))
    }
}

/// For each equation, its nonzero ∂f_i/∂x_j (j ≠ i) when every equation is affine in the
/// whole state with coefficients free of the state and of time, and some equation reads
/// another state; `None` otherwise.
fn coupled_linear_system(
    eqs: &[ir::Equation],
    splits: &[Option<sym::Affine>],
) -> Option<Vec<Vec<(usize, Expr)>>> {
    let constant = |e: &Expr| !sym::any_var(e, &|v| matches!(v, Var::State(_) | Var::Time));
    let mut entries = Vec::with_capacity(eqs.len());
    for (i, split) in splits.iter().enumerate() {
        let split = split.as_ref()?;
        if !constant(&split.coefficient) {
            return None;
        }
        let mut row = Vec::new();
        for j in (0..eqs.len()).filter(|&j| j != i) {
            if !sym::contains(&split.offset, Var::State(j)) {
                continue;
            }
            let d = sym::diff(&split.offset, Var::State(j)).ok()?;
            if !constant(&d) {
                return None;
            }
            row.push((j, d));
        }
        // What is left once the other states are removed must be free of time.
        let rest = (0..eqs.len()).fold(split.offset.clone(), |e, j| {
            sym::substitute(&e, Var::State(j), &Expr::Num(0.0))
        });
        if sym::any_var(&rest, &|v| v == Var::Time) {
            return None;
        }
        entries.push(row);
    }
    entries.iter().any(|r| !r.is_empty()).then_some(entries)
}
