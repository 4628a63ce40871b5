//! IR expressions → Rust `f64` / `bool` expressions.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use cajal_lang::ir::{Cmp, Expr, Func, Op, Var};

/// How variables appear in the generated code.
pub trait VarTokens {
    /// The tokens that read `v`.
    fn var(&self, v: Var) -> TokenStream;
    /// The tokens that read state `state` as it was `delay` (ms, as tokens) ago.
    fn delayed(&self, state: usize, delay: TokenStream) -> TokenStream;
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
    match e {
        Expr::Num(x) => number(*x),
        Expr::Var(v) => vars.var(*v),
        Expr::Neg(a) => {
            let a = t(a);
            quote!((-#a))
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
            quote!(f64::powf(#a, #b))
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
                Func::Min => {
                    let b = t(&args[1]);
                    quote!(f64::min(#a, #b))
                }
                Func::Max => {
                    let b = t(&args[1]);
                    quote!(f64::max(#a, #b))
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
