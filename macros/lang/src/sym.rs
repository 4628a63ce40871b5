//! A small symbolic algebra on IR expressions: simplification, differentiation,
//! substitution, evaluation and the linearity test behind automatic method choice.

use crate::ir::{Cmp, Expr, Func, Op, Var};

fn num(x: f64) -> Expr {
    Expr::Num(x)
}

fn bin(op: Op, a: Expr, b: Expr) -> Expr {
    Expr::Bin(op, Box::new(a), Box::new(b))
}

/// `a + b`, simplified.
pub fn add(a: Expr, b: Expr) -> Expr {
    simplify_bin(Op::Add, a, b)
}
/// `a - b`, simplified.
pub fn sub(a: Expr, b: Expr) -> Expr {
    simplify_bin(Op::Sub, a, b)
}
/// `a * b`, simplified.
pub fn mul(a: Expr, b: Expr) -> Expr {
    simplify_bin(Op::Mul, a, b)
}
/// `a / b`, simplified.
pub fn div(a: Expr, b: Expr) -> Expr {
    simplify_bin(Op::Div, a, b)
}
/// `-a`, simplified.
pub fn neg(a: Expr) -> Expr {
    match a {
        Expr::Num(x) => num(-x),
        Expr::Neg(inner) => *inner,
        other => Expr::Neg(Box::new(other)),
    }
}

fn is_num(e: &Expr, v: f64) -> bool {
    matches!(e, Expr::Num(x) if *x == v)
}

fn simplify_bin(op: Op, a: Expr, b: Expr) -> Expr {
    if let (Expr::Num(x), Expr::Num(y)) = (&a, &b) {
        return num(match op {
            Op::Add => x + y,
            Op::Sub => x - y,
            Op::Mul => x * y,
            Op::Div => x / y,
        });
    }
    match op {
        Op::Add if is_num(&a, 0.0) => b,
        Op::Add | Op::Sub if is_num(&b, 0.0) => a,
        Op::Sub if is_num(&a, 0.0) => neg(b),
        Op::Mul if is_num(&a, 0.0) || is_num(&b, 0.0) => num(0.0),
        Op::Mul if is_num(&a, 1.0) => b,
        Op::Mul | Op::Div if is_num(&b, 1.0) => a,
        Op::Div if is_num(&a, 0.0) => num(0.0),
        Op::Mul if is_num(&a, -1.0) => neg(b),
        Op::Mul | Op::Div if is_num(&b, -1.0) => neg(a),
        _ => bin(op, a, b),
    }
}

/// Simplifies bottom-up: folds constants and removes neutral elements.
pub fn simplify(e: &Expr) -> Expr {
    match e {
        Expr::Num(_) | Expr::Var(_) => e.clone(),
        Expr::Neg(a) => neg(simplify(a)),
        Expr::Bin(op, a, b) => simplify_bin(*op, simplify(a), simplify(b)),
        Expr::Powi(a, n) => powi(simplify(a), *n),
        Expr::Powf(a, b) => {
            let (a, b) = (simplify(a), simplify(b));
            match (&a, &b) {
                (Expr::Num(x), Expr::Num(y)) => num(x.powf(*y)),
                _ => Expr::Powf(Box::new(a), Box::new(b)),
            }
        }
        Expr::Call(f, args) => Expr::Call(*f, args.iter().map(simplify).collect()),
        Expr::Cmp(c, a, b) => Expr::Cmp(*c, Box::new(simplify(a)), Box::new(simplify(b))),
        Expr::And(a, b) => Expr::And(Box::new(simplify(a)), Box::new(simplify(b))),
        Expr::Or(a, b) => Expr::Or(Box::new(simplify(a)), Box::new(simplify(b))),
        Expr::Not(a) => Expr::Not(Box::new(simplify(a))),
        Expr::Select(c, a, b) => Expr::Select(
            Box::new(simplify(c)),
            Box::new(simplify(a)),
            Box::new(simplify(b)),
        ),
        Expr::Delayed(k, d) => Expr::Delayed(*k, Box::new(simplify(d))),
    }
}

/// `a^n`, simplified.
pub fn powi(a: Expr, n: i32) -> Expr {
    match (a, n) {
        (_, 0) => num(1.0),
        (a, 1) => a,
        (Expr::Num(x), n) => num(x.powi(n)),
        (a, n) => Expr::Powi(Box::new(a), n),
    }
}

/// True if `e` reads the variable `v`.
pub fn contains(e: &Expr, v: Var) -> bool {
    any_var(e, &|w| w == v)
}

/// True if `e` reads any variable for which `pred` holds.
pub fn any_var(e: &Expr, pred: &dyn Fn(Var) -> bool) -> bool {
    match e {
        Expr::Num(_) => false,
        Expr::Var(w) => pred(*w),
        Expr::Neg(a) | Expr::Powi(a, _) | Expr::Not(a) => any_var(a, pred),
        Expr::Bin(_, a, b)
        | Expr::Powf(a, b)
        | Expr::Cmp(_, a, b)
        | Expr::And(a, b)
        | Expr::Or(a, b) => any_var(a, pred) || any_var(b, pred),
        Expr::Call(_, args) => args.iter().any(|a| any_var(a, pred)),
        Expr::Select(c, a, b) => any_var(c, pred) || any_var(a, pred) || any_var(b, pred),
        Expr::Delayed(k, d) => pred(Var::State(*k)) || any_var(d, pred),
    }
}

/// Replaces every read of `v` by `with`.
pub fn substitute(e: &Expr, v: Var, with: &Expr) -> Expr {
    map_vars(e, &|w| if w == v { with.clone() } else { Expr::Var(w) })
}

/// Rebuilds `e` with each variable replaced by `f(var)` (a delayed value is a past value:
/// only its delay is rewritten).
pub fn map_vars(e: &Expr, f: &dyn Fn(Var) -> Expr) -> Expr {
    match e {
        Expr::Var(w) => f(*w),
        _ => e.map_children(&|c| map_vars(c, f)),
    }
}

/// ∂e/∂v, simplified; an error names the construct that has no derivative.
pub fn diff(e: &Expr, v: Var) -> Result<Expr, String> {
    if !contains(e, v) || matches!(e, Expr::Call(Func::Frozen, _) | Expr::Delayed(..)) {
        return Ok(num(0.0));
    }
    Ok(match e {
        Expr::Num(_) => num(0.0),
        Expr::Var(w) => num(if *w == v { 1.0 } else { 0.0 }),
        Expr::Neg(a) => neg(diff(a, v)?),
        Expr::Bin(Op::Add, a, b) => add(diff(a, v)?, diff(b, v)?),
        Expr::Bin(Op::Sub, a, b) => sub(diff(a, v)?, diff(b, v)?),
        Expr::Bin(Op::Mul, a, b) => {
            add(mul(diff(a, v)?, simplify(b)), mul(simplify(a), diff(b, v)?))
        }
        Expr::Bin(Op::Div, a, b) => {
            let (da, db) = (diff(a, v)?, diff(b, v)?);
            if is_num(&db, 0.0) {
                div(da, simplify(b))
            } else {
                div(
                    sub(mul(da, simplify(b)), mul(simplify(a), db)),
                    powi(simplify(b), 2),
                )
            }
        }
        Expr::Powi(a, n) => mul(
            mul(num(f64::from(*n)), powi(simplify(a), n - 1)),
            diff(a, v)?,
        ),
        Expr::Powf(a, b) => {
            if contains(b, v) {
                return Err("a power whose exponent depends on the variable".into());
            }
            let b = simplify(b);
            mul(
                mul(
                    b.clone(),
                    Expr::Powf(Box::new(simplify(a)), Box::new(sub(b, num(1.0)))),
                ),
                diff(a, v)?,
            )
        }
        Expr::Call(f @ (Func::Min | Func::Max), args) => {
            let (a, b) = (simplify(&args[0]), simplify(&args[1]));
            let (da, db) = (diff(&args[0], v)?, diff(&args[1], v)?);
            let (first, second) = if *f == Func::Max {
                (Cmp::Gt, Cmp::Lt)
            } else {
                (Cmp::Lt, Cmp::Gt)
            };
            // The derivative of the argument that is taken; at a tie, the mean of both
            // (as JAX differentiates `maximum` and `minimum`).
            let tie = mul(num(0.5), add(da.clone(), db.clone()));
            Expr::Select(
                Box::new(Expr::Cmp(first, Box::new(a.clone()), Box::new(b.clone()))),
                Box::new(da),
                Box::new(Expr::Select(
                    Box::new(Expr::Cmp(second, Box::new(a), Box::new(b))),
                    Box::new(db),
                    Box::new(tie),
                )),
            )
        }
        // clip(x, low, high) = min(max(x, low), high).
        Expr::Call(Func::Clip, args) => diff(
            &Expr::Call(
                Func::Min,
                vec![
                    Expr::Call(Func::Max, vec![args[0].clone(), args[1].clone()]),
                    args[2].clone(),
                ],
            ),
            v,
        )?,
        // |a|' = a' where a ≥ 0 (the side JAX takes at 0), −a' below.
        Expr::Call(Func::Abs, args) => {
            let da = diff(&args[0], v)?;
            Expr::Select(
                Box::new(Expr::Cmp(
                    Cmp::Ge,
                    Box::new(simplify(&args[0])),
                    Box::new(num(0.0)),
                )),
                Box::new(da.clone()),
                Box::new(neg(da)),
            )
        }
        Expr::Call(f, args) => {
            let a = simplify(&args[0]);
            let da = diff(&args[0], v)?;
            let outer = match f {
                Func::Exp => Expr::Call(Func::Exp, vec![a]),
                Func::Log => div(num(1.0), a),
                Func::Sqrt => div(num(0.5), Expr::Call(Func::Sqrt, vec![a])),
                Func::Sin => Expr::Call(Func::Cos, vec![a]),
                Func::Cos => neg(Expr::Call(Func::Sin, vec![a])),
                Func::Tan => add(num(1.0), powi(Expr::Call(Func::Tan, vec![a]), 2)),
                Func::Tanh => sub(num(1.0), powi(Expr::Call(Func::Tanh, vec![a]), 2)),
                Func::Sigmoid => {
                    let s = Expr::Call(Func::Sigmoid, vec![a]);
                    mul(s.clone(), sub(num(1.0), s))
                }
                Func::Cosh => Expr::Call(Func::Sinh, vec![a]),
                Func::Sinh => Expr::Call(Func::Cosh, vec![a]),
                Func::Atan => div(num(1.0), add(num(1.0), powi(a, 2))),
                Func::Log10 => div(num(1.0 / std::f64::consts::LN_10), a),
                Func::Expm1 => Expr::Call(Func::Exp, vec![a]),
                // Piecewise constant: zero wherever the derivative exists.
                Func::Floor | Func::Ceil | Func::Sign | Func::Heaviside => num(0.0),
                Func::Frozen => unreachable!("frozen values have a zero derivative"),
                Func::Abs | Func::Min | Func::Max | Func::Clip => {
                    unreachable!("piecewise functions are differentiated above")
                }
                Func::Exprel | Func::Atan2 => {
                    return Err(format!("`{}`, which has no derivative here", f.name()));
                }
            };
            mul(outer, da)
        }
        Expr::Cmp(..) | Expr::And(..) | Expr::Or(..) | Expr::Not(..) => {
            return Err("a condition".into());
        }
        Expr::Delayed(..) => num(0.0),
        // Piecewise: the derivative of the branch that is taken.
        Expr::Select(c, a, b) => Expr::Select(
            Box::new(simplify(c)),
            Box::new(diff(a, v)?),
            Box::new(diff(b, v)?),
        ),
    })
}

/// The result of splitting `f` as `a·x + b` in one variable `x`.
pub struct Affine {
    /// The coefficient a = ∂f/∂x (free of x).
    pub coefficient: Expr,
    /// The rest b = f with x = 0.
    pub offset: Expr,
}

/// True if `e` reads `v` where a derivative sees it: outside `frozen(…)` and `delayed(…)`
/// (values the exponential methods hold at their current value for the step).
pub fn contains_live(e: &Expr, v: Var) -> bool {
    match e {
        Expr::Var(w) => *w == v,
        Expr::Call(Func::Frozen, _) | Expr::Delayed(..) => false,
        _ => e.children().into_iter().any(|c| contains_live(c, v)),
    }
}

/// `e` with `v` replaced by `with` outside `frozen(…)` and `delayed(…)`, which keep their
/// current values.
fn substitute_live(e: &Expr, v: Var, with: &Expr) -> Expr {
    match e {
        Expr::Var(w) if *w == v => with.clone(),
        Expr::Call(Func::Frozen, _) | Expr::Delayed(..) => e.clone(),
        _ => e.map_children(&|c| substitute_live(c, v, with)),
    }
}

/// Splits `f` as `a·x + b` if `f` is affine in `x` (∂f/∂x does not read x). Values inside
/// `frozen(…)` count as constants, as the exponential methods treat them: `a` and `b` may
/// read `x` there.
pub fn affine_in(f: &Expr, x: Var) -> Option<Affine> {
    let a = diff(f, x).ok()?;
    if contains_live(&a, x) {
        return None;
    }
    let b = simplify(&substitute_live(f, x, &num(0.0)));
    Some(Affine {
        coefficient: a,
        offset: b,
    })
}

/// Evaluates an expression; conditions give 1.0 or 0.0.
pub fn eval(e: &Expr, vars: &dyn Fn(Var) -> f64) -> f64 {
    let b = |x: bool| if x { 1.0 } else { 0.0 };
    match e {
        Expr::Num(x) => *x,
        Expr::Var(v) => vars(*v),
        Expr::Neg(a) => -eval(a, vars),
        Expr::Bin(op, a, c) => {
            let (x, y) = (eval(a, vars), eval(c, vars));
            match op {
                Op::Add => x + y,
                Op::Sub => x - y,
                Op::Mul => x * y,
                Op::Div => x / y,
            }
        }
        Expr::Powi(a, n) => eval(a, vars).powi(*n),
        Expr::Powf(a, c) => eval(a, vars).powf(eval(c, vars)),
        Expr::Call(f, args) => {
            let x = eval(&args[0], vars);
            match f {
                Func::Exp => x.exp(),
                Func::Log => x.ln(),
                Func::Sqrt => x.sqrt(),
                Func::Abs => x.abs(),
                Func::Sin => x.sin(),
                Func::Cos => x.cos(),
                Func::Tan => x.tan(),
                Func::Tanh => x.tanh(),
                Func::Exprel => crate::math::exprel(x),
                Func::Sigmoid => crate::math::sigmoid(x),
                Func::Min => x.min(eval(&args[1], vars)),
                Func::Max => x.max(eval(&args[1], vars)),
                Func::Frozen => x,
                Func::Cosh => x.cosh(),
                Func::Sinh => x.sinh(),
                Func::Atan => x.atan(),
                Func::Atan2 => x.atan2(eval(&args[1], vars)),
                Func::Floor => x.floor(),
                Func::Ceil => x.ceil(),
                Func::Log10 => x.log10(),
                Func::Expm1 => x.exp_m1(),
                Func::Sign => crate::math::sign(x),
                Func::Heaviside => crate::math::heaviside(x),
                Func::Clip => crate::math::clip(x, eval(&args[1], vars), eval(&args[2], vars)),
            }
        }
        Expr::Cmp(c, a, d) => {
            let (x, y) = (eval(a, vars), eval(d, vars));
            b(match c {
                Cmp::Lt => x < y,
                Cmp::Le => x <= y,
                Cmp::Gt => x > y,
                Cmp::Ge => x >= y,
                Cmp::Eq => x == y,
                Cmp::Ne => x != y,
            })
        }
        Expr::And(a, c) => b(eval(a, vars) != 0.0 && eval(c, vars) != 0.0),
        Expr::Or(a, c) => b(eval(a, vars) != 0.0 || eval(c, vars) != 0.0),
        Expr::Not(a) => b(eval(a, vars) == 0.0),
        Expr::Select(c, x, y) => {
            if eval(c, vars) != 0.0 {
                eval(x, vars)
            } else {
                eval(y, vars)
            }
        }
        // Outside a simulation there is no history: the current value.
        Expr::Delayed(k, _) => vars(Var::State(*k)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn x() -> Expr {
        Expr::Var(Var::State(0))
    }
    fn y() -> Expr {
        Expr::Var(Var::State(1))
    }

    fn at(e: &Expr, xv: f64, yv: f64) -> f64 {
        eval(e, &|v| match v {
            Var::State(0) => xv,
            Var::State(1) => yv,
            _ => 0.0,
        })
    }

    #[test]
    fn derivative_matches_finite_difference() {
        // f = x^3 * y - exp(x*y) / (1 + x^2) + sigmoid(2x) + tanh(x) * sqrt(x)
        let f = add(
            add(
                sub(
                    mul(powi(x(), 3), y()),
                    div(
                        Expr::Call(Func::Exp, vec![mul(x(), y())]),
                        add(num(1.0), powi(x(), 2)),
                    ),
                ),
                Expr::Call(Func::Sigmoid, vec![mul(num(2.0), x())]),
            ),
            mul(
                Expr::Call(Func::Tanh, vec![x()]),
                Expr::Call(Func::Sqrt, vec![x()]),
            ),
        );
        let df = diff(&f, Var::State(0)).unwrap();
        for &(xv, yv) in &[(0.3, 0.7), (1.2, -0.4), (2.0, 0.1)] {
            let h = 1e-6;
            let fd = (at(&f, xv + h, yv) - at(&f, xv - h, yv)) / (2.0 * h);
            assert!((at(&df, xv, yv) - fd).abs() < 1e-6 * (1.0 + fd.abs()));
        }
    }

    #[test]
    fn piecewise_functions_have_the_slope_of_the_side_taken() {
        let call = |f: Func, args: Vec<Expr>| Expr::Call(f, args);
        let cases = [
            call(Func::Max, vec![mul(num(3.0), x()), y()]),
            call(Func::Min, vec![mul(num(3.0), x()), y()]),
            call(Func::Abs, vec![sub(x(), y())]),
            call(Func::Clip, vec![mul(x(), x()), num(-1.0), y()]),
        ];
        for f in &cases {
            let df = diff(f, Var::State(0)).unwrap();
            for &(xv, yv) in &[(0.3, 0.7), (0.4, 0.7), (1.2, -0.4), (-0.9, 2.0)] {
                let h = 1e-7;
                let fd = (at(f, xv + h, yv) - at(f, xv - h, yv)) / (2.0 * h);
                assert!(
                    (at(&df, xv, yv) - fd).abs() < 1e-6,
                    "{f:?} at ({xv}, {yv}): {} vs {fd}",
                    at(&df, xv, yv)
                );
            }
        }
        // At a tie, the mean of both sides (as JAX); |x|' = 1 at 0.
        let tie = diff(&cases[0], Var::State(0)).unwrap();
        assert_eq!(at(&tie, 1.0, 3.0), 1.5);
        let kink = diff(&cases[2], Var::State(0)).unwrap();
        assert_eq!(at(&kink, 0.5, 0.5), 1.0);
    }

    #[test]
    fn linearity_test() {
        // -(x - 2)/10 + y*x is affine in x with a = -0.1 + y, b = 0.2
        let f = add(div(neg(sub(x(), num(2.0))), num(10.0)), mul(y(), x()));
        let aff = affine_in(&f, Var::State(0)).unwrap();
        assert!((at(&aff.coefficient, 0.0, 3.0) - 2.9).abs() < 1e-15);
        assert!((at(&aff.offset, 0.0, 3.0) - 0.2).abs() < 1e-15);
        assert!(affine_in(&mul(x(), x()), Var::State(0)).is_none());
        assert!(affine_in(&Expr::Call(Func::Exp, vec![x()]), Var::State(0)).is_none());
        assert!(affine_in(&Expr::Call(Func::Exp, vec![y()]), Var::State(0)).is_some());
    }

    #[test]
    fn folds_constants() {
        let e = simplify(&mul(num(2.0), mul(num(1.0), add(num(0.0), x()))));
        assert_eq!(e, mul(num(2.0), x()));
        assert_eq!(simplify(&mul(num(1000.0), num(0.001))), num(1.0));
    }
}
