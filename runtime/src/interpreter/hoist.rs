//! The one value-changing rewrite of the generated code's loop-invariant hoisting, so that
//! the interpreter follows the hoisted loops (parameters shared by every instance) to the
//! last bit: a division by a value that reads only constants and parameters becomes a
//! multiplication by its reciprocal. (Hoisting also computes such values once before the
//! loop, which does not change them.)

use cajal_lang::ir::{Event, Expr, Model, Op, Refractory, Var};

/// Whether `e` reads only constants and parameters.
fn invariant(e: &Expr) -> bool {
    match e {
        Expr::Var(v) => matches!(v, Var::Param(_)),
        Expr::Delayed(..) => false,
        _ => e.children().into_iter().all(invariant),
    }
}

/// `e` with every division by an invariant value (outside invariant subexpressions, which
/// are computed as written) turned into a multiplication by its reciprocal.
pub(crate) fn reciprocals(e: &Expr) -> Expr {
    let leaf = matches!(e, Expr::Num(_) | Expr::Var(_));
    if leaf || invariant(e) {
        return e.clone();
    }
    let r = |a: &Expr| Box::new(reciprocals(a));
    match e {
        Expr::Bin(Op::Div, a, b) if invariant(b) => Expr::Bin(
            Op::Mul,
            r(a),
            Box::new(Expr::Bin(Op::Div, Box::new(Expr::Num(1.0)), b.clone())),
        ),
        Expr::Num(_) | Expr::Var(_) => e.clone(),
        Expr::Neg(a) => Expr::Neg(r(a)),
        Expr::Not(a) => Expr::Not(r(a)),
        Expr::Powi(a, n) => Expr::Powi(r(a), *n),
        Expr::Delayed(k, d) => Expr::Delayed(*k, r(d)),
        Expr::Bin(op, a, b) => Expr::Bin(*op, r(a), r(b)),
        Expr::Powf(a, b) => Expr::Powf(r(a), r(b)),
        Expr::Cmp(c, a, b) => Expr::Cmp(*c, r(a), r(b)),
        Expr::And(a, b) => Expr::And(r(a), r(b)),
        Expr::Or(a, b) => Expr::Or(r(a), r(b)),
        Expr::Select(c, a, b) => Expr::Select(r(c), r(a), r(b)),
        Expr::Call(f, args) => Expr::Call(*f, args.iter().map(reciprocals).collect()),
    }
}

/// `m` with [`reciprocals`] applied to everything its step loop computes: equations (drift,
/// Jacobian diagonal, noise coefficient), event conditions and actions, refractoriness.
/// Initial values and outputs are computed outside the loop, as written.
pub(crate) fn hoisted_model(m: &Model) -> Model {
    let mut h = m.clone();
    for eq in &mut h.equations {
        eq.rhs = reciprocals(&eq.rhs);
        eq.jacobian_diagonal = eq.jacobian_diagonal.as_ref().map(reciprocals);
        for (_, d) in &mut eq.coupled {
            *d = reciprocals(d);
        }
        eq.noise = eq.noise.as_ref().map(reciprocals);
    }
    h.events = m
        .events
        .iter()
        .map(|ev| Event {
            condition: reciprocals(&ev.condition),
            assignments: ev
                .assignments
                .iter()
                .map(|(k, v)| (*k, reciprocals(v)))
                .collect(),
            emits_spike: ev.emits_spike,
        })
        .collect();
    h.refractory = match &m.refractory {
        Refractory::None => Refractory::None,
        Refractory::Period(p) => Refractory::Period(reciprocals(p)),
        Refractory::While(c) => Refractory::While(reciprocals(c)),
    };
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_divisions_of_varying_values_by_invariant_ones_change() {
        let p = |k| Box::new(Expr::Var(Var::Param(k)));
        let x = || Box::new(Expr::Var(Var::State(0)));
        // x / p → x * (1 / p)
        let e = Expr::Bin(Op::Div, x(), p(0));
        let expected = Expr::Bin(
            Op::Mul,
            x(),
            Box::new(Expr::Bin(Op::Div, Box::new(Expr::Num(1.0)), p(0))),
        );
        assert_eq!(reciprocals(&e), expected);
        // p / q is computed as written, as is p / x.
        let both = Expr::Bin(Op::Div, p(0), p(1));
        assert_eq!(reciprocals(&both), both);
        let by_state = Expr::Bin(Op::Div, p(0), x());
        assert_eq!(reciprocals(&by_state), by_state);
    }
}
