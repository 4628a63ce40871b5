//! Evaluation of IR expressions for one instance, with the arithmetic generated code uses
//! (the same operation order, so results agree to the last bit with the plain, unhoisted
//! loops of `neural_model!`).

use cajal_lang::ir::{Cmp, Expr, Func, Op, Var};

use super::native::NativeRhs;
use crate::math::{clip, exprel, heaviside, sigmoid, sign};

/// The delay history of the states read through `delayed(x, d)`: slot `s`, delayed state
/// `m`, instance `i` at `((s · count + m) · n + i)`, as generated code lays it out.
pub(crate) struct History<'a> {
    /// Every slot.
    pub data: &'a [f64],
    /// Number of slots (the longest delay in steps, plus one).
    pub len: usize,
    /// The state indices read through `delayed`, in order of first use.
    pub order: &'a [usize],
    /// Steps taken so far.
    pub step_no: u64,
    /// Time step (ms).
    pub dt: f64,
    /// Instances.
    pub n: usize,
}

impl History<'_> {
    /// State `k` of instance `i` as it was `delay_ms` ago (rounded up to whole steps).
    fn read(&self, k: usize, delay_ms: f64, i: usize) -> f64 {
        let m = self
            .order
            .iter()
            .position(|s| *s == k)
            .expect("every delayed state has a history");
        let lag = f64::ceil(delay_ms / self.dt) as usize;
        let slot = (self.step_no as usize + self.len - lag) % self.len;
        self.data[(slot * self.order.len() + m) * self.n + i]
    }
}

/// What an expression reads: the values of one instance.
pub(crate) struct Scope<'a> {
    /// Parameter values of this instance.
    pub params: &'a [f64],
    /// State values (the locals of the step being computed).
    pub states: &'a [f64],
    /// Input values.
    pub inputs: &'a [f64],
    /// Time (ms).
    pub t: f64,
    /// The instance's index.
    pub i: usize,
    /// Delay history, for models that read `delayed(…)`.
    pub history: Option<&'a History<'a>>,
    /// In a coupling's terms: `pre`, `post` and `total`; in a network's delays, the
    /// synapse's source and target indices as `pre` and `post`.
    pub coupling: [f64; 3],
    /// The variables of synapses and networks: the weight and traces of a plastic synapse,
    /// a network's neuron index and random draws.
    pub extra: Option<&'a dyn Fn(Var) -> f64>,
    /// Native code of the model's right-hand sides (from a JIT), used for them instead of
    /// evaluating their trees.
    pub native: Option<&'a dyn NativeRhs>,
}

impl Scope<'_> {
    /// The same scope with other state values and time (a Runge–Kutta stage).
    pub fn with<'b>(&'b self, states: &'b [f64], t: f64) -> Scope<'b> {
        Scope {
            params: self.params,
            states,
            inputs: self.inputs,
            t,
            i: self.i,
            history: self.history,
            coupling: self.coupling,
            extra: self.extra,
            native: self.native,
        }
    }
}

/// The value of `e`.
pub(crate) fn eval(e: &Expr, s: &Scope) -> f64 {
    match e {
        Expr::Num(x) => *x,
        Expr::Var(v) => var(*v, s),
        Expr::Neg(a) => -eval(a, s),
        Expr::Bin(op, a, b) => {
            let (a, b) = (eval(a, s), eval(b, s));
            match op {
                Op::Add => a + b,
                Op::Sub => a - b,
                Op::Mul => a * b,
                Op::Div => a / b,
            }
        }
        Expr::Powi(a, n) => {
            let x = eval(a, s);
            match n {
                2 => x * x,
                3 => x * x * x,
                4 => {
                    let x2 = x * x;
                    x2 * x2
                }
                -1 => 1.0 / x,
                n => x.powi(*n),
            }
        }
        Expr::Powf(a, b) => crate::math::powf(eval(a, s), eval(b, s)),
        Expr::Call(f, args) => {
            let a = eval(&args[0], s);
            match f {
                Func::Exp => a.exp(),
                Func::Log => a.ln(),
                Func::Sqrt => a.sqrt(),
                Func::Abs => a.abs(),
                Func::Sin => a.sin(),
                Func::Cos => a.cos(),
                Func::Tan => a.tan(),
                Func::Tanh => a.tanh(),
                Func::Exprel => exprel(a),
                Func::Sigmoid => sigmoid(a),
                Func::Frozen => a,
                Func::Min => a.min(eval(&args[1], s)),
                Func::Max => a.max(eval(&args[1], s)),
                Func::Cosh => a.cosh(),
                Func::Sinh => a.sinh(),
                Func::Atan => a.atan(),
                Func::Atan2 => a.atan2(eval(&args[1], s)),
                Func::Floor => a.floor(),
                Func::Ceil => a.ceil(),
                Func::Log10 => a.log10(),
                Func::Expm1 => a.exp_m1(),
                Func::Sign => sign(a),
                Func::Heaviside => heaviside(a),
                Func::Clip => clip(a, eval(&args[1], s), eval(&args[2], s)),
            }
        }
        Expr::Select(c, a, b) => {
            if holds(c, s) {
                eval(a, s)
            } else {
                eval(b, s)
            }
        }
        Expr::Delayed(k, d) => {
            let history = s
                .history
                .expect("a model that reads `delayed` is stepped with its history");
            history.read(*k, eval(d, s), s.i)
        }
        Expr::Cmp(..) | Expr::And(..) | Expr::Or(..) | Expr::Not(..) => {
            if holds(e, s) {
                1.0
            } else {
                0.0
            }
        }
    }
}

/// Whether the condition `e` holds.
pub(crate) fn holds(e: &Expr, s: &Scope) -> bool {
    match e {
        Expr::Cmp(c, a, b) => {
            let (a, b) = (eval(a, s), eval(b, s));
            match c {
                Cmp::Lt => a < b,
                Cmp::Le => a <= b,
                Cmp::Gt => a > b,
                Cmp::Ge => a >= b,
                Cmp::Eq => a == b,
                Cmp::Ne => a != b,
            }
        }
        Expr::And(a, b) => holds(a, s) && holds(b, s),
        Expr::Or(a, b) => holds(a, s) || holds(b, s),
        Expr::Not(a) => !holds(a, s),
        other => eval(other, s) != 0.0,
    }
}

fn var(v: Var, s: &Scope) -> f64 {
    match v {
        Var::Param(k) => s.params[k],
        Var::State(k) => s.states[k],
        Var::Input(k) => s.inputs[k],
        Var::Time => s.t,
        Var::Pre => s.coupling[0],
        Var::Post => s.coupling[1],
        Var::Total => s.coupling[2],
        // The checker moves white noise out of the deterministic part of every equation (into
        // its noise coefficient).
        Var::Noise => f64::NAN,
        Var::Weight
        | Var::Trace(_)
        | Var::Signal(_)
        | Var::Index
        | Var::Random { .. }
        | Var::Column(_)
        | Var::Draw(_)
        | Var::Dt => s.extra.map_or(f64::NAN, |f| f(v)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope<'a>(params: &'a [f64], states: &'a [f64]) -> Scope<'a> {
        Scope {
            params,
            states,
            inputs: &[],
            t: 2.5,
            i: 0,
            history: None,
            coupling: [0.0; 3],
            extra: None,
            native: None,
        }
    }

    #[test]
    fn arithmetic_conditions_and_functions_follow_their_definitions() {
        let num = |x: f64| Box::new(Expr::Num(x));
        let s = scope(&[3.0], &[-2.0]);
        let p = || Box::new(Expr::Var(Var::Param(0)));
        let x = || Box::new(Expr::Var(Var::State(0)));
        assert_eq!(eval(&Expr::Bin(Op::Div, p(), x()), &s), -1.5);
        assert_eq!(eval(&Expr::Powi(x(), 3), &s), -8.0);
        assert_eq!(eval(&Expr::Powi(x(), -1), &s), -0.5);
        assert_eq!(eval(&Expr::Powf(num(4.0), num(0.5)), &s), 2.0);
        assert_eq!(eval(&Expr::Var(Var::Time), &s), 2.5);
        assert_eq!(
            eval(&Expr::Call(Func::Max, vec![Expr::Num(1.0), *x()]), &s),
            1.0
        );
        assert_eq!(
            eval(&Expr::Call(Func::Exprel, vec![Expr::Num(0.0)]), &s),
            1.0
        );
        let negative = Expr::Cmp(Cmp::Lt, x(), num(0.0));
        assert!(holds(&negative, &s));
        assert!(!holds(&Expr::Not(Box::new(negative.clone())), &s));
        let select = Expr::Select(Box::new(negative), p(), x());
        assert_eq!(eval(&select, &s), 3.0);
    }

    #[test]
    fn delayed_values_come_from_the_slot_lag_steps_back() {
        // Two instances, one delayed state, three slots holding steps 0, 1, 2.
        let data = [10.0, 20.0, 11.0, 21.0, 12.0, 22.0];
        let history = History {
            data: &data,
            len: 3,
            order: &[0],
            step_no: 2,
            dt: 0.5,
            n: 2,
        };
        let mut s = scope(&[], &[0.0]);
        s.i = 1;
        s.history = Some(&history);
        let delayed = |d: f64| eval(&Expr::Delayed(0, Box::new(Expr::Num(d))), &s);
        assert_eq!(delayed(0.0), 22.0);
        assert_eq!(delayed(0.5), 21.0);
        // 0.6 ms rounds up to two steps.
        assert_eq!(delayed(0.6), 20.0);
    }
}
