//! IR expressions → Rust `f64` / `bool` expressions, with loop-invariant hoisting.

use std::cell::RefCell;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::names::internal;

use cajal_lang::ir::{Cmp, Expr, Func, Op, Var};

/// How variables appear in the generated code.
pub trait VarTokens {
    /// The tokens that read `v`.
    fn var(&self, v: Var) -> TokenStream;
    /// The tokens that read state `state` as it was `delay` (ms, as tokens) ago.
    fn delayed(&self, state: usize, delay: TokenStream) -> TokenStream;
    /// Whether `v` has one value for every iteration of the loop being generated.
    fn invariant(&self, _v: Var) -> bool {
        false
    }
    /// Whether loop-invariant values are computed once before the loop ([`VarTokens::hoist`]).
    fn hoists(&self) -> bool {
        false
    }
    /// Binds the loop-invariant `value` of type `ty` (`f64`, or a propagator matrix) to a
    /// local computed once before the loop and returns the tokens that read it (only called
    /// when [`VarTokens::hoists`]).
    fn hoist_as(&self, value: TokenStream, _ty: TokenStream) -> TokenStream {
        value
    }
}

/// Whether `e` reads only constants and loop-invariant variables.
pub fn is_invariant(e: &Expr, vars: &dyn VarTokens) -> bool {
    match e {
        Expr::Num(_) => true,
        Expr::Var(v) => vars.invariant(*v),
        Expr::Delayed(..) => false,
        Expr::Neg(a) | Expr::Powi(a, _) | Expr::Not(a) => is_invariant(a, vars),
        Expr::Bin(_, a, b)
        | Expr::Powf(a, b)
        | Expr::Cmp(_, a, b)
        | Expr::And(a, b)
        | Expr::Or(a, b) => is_invariant(a, vars) && is_invariant(b, vars),
        Expr::Select(c, a, b) => {
            is_invariant(c, vars) && is_invariant(a, vars) && is_invariant(b, vars)
        }
        Expr::Call(_, args) => args.iter().all(|a| is_invariant(a, vars)),
    }
}

/// Loop-invariant code motion (as Brian2's loop-invariant optimisation): wraps the variables
/// of a loop body so that every subexpression reading only constants and parameters is
/// computed once, before the loop, and a division by such a value becomes a multiplication
/// by its reciprocal (which may differ from the quotient in the last bit).
pub struct Hoisting<'a> {
    inner: &'a dyn VarTokens,
    lets: RefCell<Vec<(String, TokenStream, TokenStream)>>,
}

impl<'a> Hoisting<'a> {
    /// Hoisting for a loop in which the parameters are invariant.
    pub fn new(inner: &'a dyn VarTokens) -> Self {
        Hoisting {
            inner,
            lets: RefCell::new(Vec::new()),
        }
    }

    /// `let __cajal_lio<k>: f64 = …;` (or the value's type) for every value hoisted so far,
    /// in order (a later value may read an earlier one).
    pub fn lets(&self) -> TokenStream {
        let lets = self.lets.borrow();
        let binds = lets.iter().enumerate().map(|(k, (_, value, ty))| {
            let id = internal(&format!("lio{k}"));
            quote!(let #id: #ty = #value;)
        });
        quote!(#(#binds)*)
    }
}

impl VarTokens for Hoisting<'_> {
    fn var(&self, v: Var) -> TokenStream {
        self.inner.var(v)
    }

    fn delayed(&self, state: usize, delay: TokenStream) -> TokenStream {
        self.inner.delayed(state, delay)
    }

    fn invariant(&self, v: Var) -> bool {
        matches!(v, Var::Param(_))
    }

    fn hoists(&self) -> bool {
        true
    }

    fn hoist_as(&self, value: TokenStream, ty: TokenStream) -> TokenStream {
        let key = value.to_string();
        let mut lets = self.lets.borrow_mut();
        let k = match lets.iter().position(|(text, ..)| *text == key) {
            Some(k) => k,
            None => {
                lets.push((key, value, ty));
                lets.len() - 1
            }
        };
        let id = internal(&format!("lio{k}"));
        quote!(#id)
    }
}

/// The variables of `inner` with hoisting switched off (for the value of a hoisted local).
struct InPlace<'a>(&'a dyn VarTokens);

impl VarTokens for InPlace<'_> {
    fn var(&self, v: Var) -> TokenStream {
        self.0.var(v)
    }

    fn delayed(&self, state: usize, delay: TokenStream) -> TokenStream {
        self.0.delayed(state, delay)
    }

    fn invariant(&self, v: Var) -> bool {
        self.0.invariant(v)
    }
}

/// The tokens of the loop-invariant value that `build` makes from variables that do not
/// hoist: a local computed before the loop when `vars` hoists, else the value in place.
pub fn hoisted(vars: &dyn VarTokens, build: impl Fn(&dyn VarTokens) -> TokenStream) -> TokenStream {
    hoisted_as(vars, quote!(f64), build)
}

/// [`hoisted`] for a value of type `ty`.
pub fn hoisted_as(
    vars: &dyn VarTokens,
    ty: TokenStream,
    build: impl Fn(&dyn VarTokens) -> TokenStream,
) -> TokenStream {
    let value = build(&InPlace(vars));
    if vars.hoists() {
        vars.hoist_as(value, ty)
    } else {
        value
    }
}

/// An `f64` literal (parenthesised when negative; named constants for NaN and infinities).
pub fn number(x: f64) -> TokenStream {
    if x.is_nan() {
        quote!(::core::f64::NAN)
    } else if x.is_infinite() {
        if x > 0.0 {
            quote!(::core::f64::INFINITY)
        } else {
            quote!((-::core::f64::INFINITY))
        }
    } else if x < 0.0 || (x == 0.0 && x.is_sign_negative()) {
        let lit = Literal::f64_unsuffixed(-x);
        quote!((-#lit))
    } else {
        let lit = Literal::f64_unsuffixed(x);
        quote!(#lit)
    }
}

/// Rust tokens computing `e`.
pub fn tokens(e: &Expr, vars: &dyn VarTokens, rt: &TokenStream) -> TokenStream {
    let t = |e: &Expr| tokens(e, vars, rt);
    // Conditions are computed in place (their invariant operands are hoisted): the hoisted
    // locals are numbers.
    let leaf = matches!(e, Expr::Num(_) | Expr::Var(_));
    let condition = matches!(
        e,
        Expr::Cmp(..) | Expr::And(..) | Expr::Or(..) | Expr::Not(..)
    );
    if !leaf && !condition && vars.hoists() && is_invariant(e, vars) {
        return hoisted(vars, |plain| tokens(e, plain, rt));
    }
    match e {
        Expr::Num(x) => number(*x),
        Expr::Var(v) => vars.var(*v),
        Expr::Neg(a) => {
            let a = t(a);
            quote!((-#a))
        }
        Expr::Bin(Op::Div, a, b) if vars.hoists() && is_invariant(b, vars) => {
            let reciprocal = hoisted(vars, |plain| {
                let b = tokens(b, plain, rt);
                quote!((1.0 / #b))
            });
            let a = t(a);
            quote!((#a * #reciprocal))
        }
        Expr::Bin(op, a, b) => {
            let (a, b) = (t(a), t(b));
            match op {
                Op::Add => quote!((#a + #b)),
                Op::Sub => quote!((#a - #b)),
                Op::Mul => quote!((#a * #b)),
                Op::Div => quote!((#a / #b)),
            }
        }
        Expr::Powi(a, n) => {
            let a = t(a);
            match n {
                2 => quote!({ let __cajal_x: f64 = #a; __cajal_x * __cajal_x }),
                3 => quote!({ let __cajal_x: f64 = #a; __cajal_x * __cajal_x * __cajal_x }),
                4 => {
                    quote!({ let __cajal_x: f64 = #a; let __cajal_x2 = __cajal_x * __cajal_x; __cajal_x2 * __cajal_x2 })
                }
                -1 => quote!((1.0 / #a)),
                n => quote!(f64::powi(#a, #n)),
            }
        }
        Expr::Powf(a, b) => {
            let (a, b) = (t(a), t(b));
            quote!(#rt::__private::powf(#a, #b))
        }
        Expr::Call(f, args) => {
            let a = t(&args[0]);
            match f {
                Func::Exp => quote!(f64::exp(#a)),
                Func::Log => quote!(f64::ln(#a)),
                Func::Sqrt => quote!(f64::sqrt(#a)),
                Func::Abs => quote!(f64::abs(#a)),
                Func::Sin => quote!(f64::sin(#a)),
                Func::Cos => quote!(f64::cos(#a)),
                Func::Tan => quote!(f64::tan(#a)),
                Func::Tanh => quote!(f64::tanh(#a)),
                Func::Exprel => quote!(#rt::__private::exprel(#a)),
                Func::Sigmoid => quote!(#rt::__private::sigmoid(#a)),
                Func::Frozen => a,
                Func::Cosh => quote!(f64::cosh(#a)),
                Func::Sinh => quote!(f64::sinh(#a)),
                Func::Atan => quote!(f64::atan(#a)),
                Func::Floor => quote!(f64::floor(#a)),
                Func::Ceil => quote!(f64::ceil(#a)),
                Func::Log10 => quote!(f64::log10(#a)),
                Func::Expm1 => quote!(f64::exp_m1(#a)),
                Func::Sign => quote!(#rt::__private::sign(#a)),
                Func::Heaviside => quote!(#rt::__private::heaviside(#a)),
                Func::Min => {
                    let b = t(&args[1]);
                    quote!(f64::min(#a, #b))
                }
                Func::Max => {
                    let b = t(&args[1]);
                    quote!(f64::max(#a, #b))
                }
                Func::Atan2 => {
                    let b = t(&args[1]);
                    quote!(f64::atan2(#a, #b))
                }
                Func::Clip => {
                    let (lo, hi) = (t(&args[1]), t(&args[2]));
                    quote!(#rt::__private::clip(#a, #lo, #hi))
                }
            }
        }
        Expr::Cmp(c, a, b) => {
            let (a, b) = (t(a), t(b));
            match c {
                Cmp::Lt => quote!((#a < #b)),
                Cmp::Le => quote!((#a <= #b)),
                Cmp::Gt => quote!((#a > #b)),
                Cmp::Ge => quote!((#a >= #b)),
                Cmp::Eq => quote!((#a == #b)),
                Cmp::Ne => quote!((#a != #b)),
            }
        }
        Expr::And(a, b) => {
            let (a, b) = (t(a), t(b));
            quote!((#a && #b))
        }
        Expr::Or(a, b) => {
            let (a, b) = (t(a), t(b));
            quote!((#a || #b))
        }
        Expr::Not(a) => {
            let a = t(a);
            quote!((!#a))
        }
        Expr::Delayed(k, d) => vars.delayed(*k, t(d)),
        Expr::Select(c, a, b) => {
            let (c, a, b) = (t(c), t(a), t(b));
            quote!((if #c { #a } else { #b }))
        }
    }
}
