//! One integration step of one instance, with each of the language's methods, lowered in
//! the operation order of the interpreter's `integrate` (and so of the generated code).

use cajal_lang::ir::{Method, Model};
use cranelift_codegen::ir::{InstBuilder, Type, Value, types};
use cranelift_frontend::FunctionBuilder;

use crate::define::{Calls, trusted};
use crate::functions::NORMAL;
use crate::hoist::{Hoisted, propagator};
use crate::lower::{Draws, Inputs, Lower, Values};

/// What one instance's integration reads: the model, its parameter and input values, the
/// time, the draws (white noise and `dt`, where readable) and whether it is refractory.
pub struct Integration<'a, 'b, 'v> {
    /// The function's builder.
    pub b: &'a mut FunctionBuilder<'b>,
    /// The functions it may call.
    pub calls: &'a Calls,
    /// The model integrated.
    pub m: &'a Model,
    /// Its parameter values.
    pub params: &'v [Value],
    /// Its input values.
    pub inputs: &'v [Value],
    /// Time (ms).
    pub t: Value,
    /// Time step (ms).
    pub dt: Value,
    /// `dt` and the draws of this instance and step; `None` where they read as NaN (and
    /// white noise is refused).
    pub draws: Option<Draws>,
    /// Whether the instance is refractory (`i8`), for a refractory model.
    pub refractory: Option<Value>,
    /// The pointer type.
    pub ptr: Type,
    /// What was computed before the loop (when every instance shares the parameters).
    pub hoisted: Option<&'v Hoisted>,
}

impl<'b> Integration<'_, 'b, '_> {
    /// A lowering of expressions reading states `x` at time `t`, with `dt` and the draws
    /// where `draws`.
    pub fn lower<'s>(&'s mut self, t: Value, x: &'s [Value], draws: bool) -> Lower<'s, 'b, 's> {
        Lower {
            b: self.b,
            calls: self.calls,
            at: Inputs {
                params: Values::Each(self.params),
                states: Values::Each(x),
                inputs: Values::Each(self.inputs),
                t,
                draws: if draws { self.draws } else { None },
                synapse: None,
                coupling: None,
                weight: None,
            },
            hoisted: self.hoisted.map(|h| &h.values),
        }
    }

    /// Every equation's right-hand side at states `x` and time `t`.
    fn drifts(&mut self, t: Value, x: &[Value]) -> Vec<Value> {
        let m = self.m;
        let mut lower = self.lower(t, x, true);
        m.equations.iter().map(|e| lower.value(&e.rhs)).collect()
    }

    /// ξ of equation `e` for this instance and step.
    fn xi(&mut self, e: usize) -> Value {
        let d = self
            .draws
            .expect("white noise is refused where there are no draws");
        let e = self.b.ins().iconst(types::I64, e as i64);
        let normal = self.calls[NORMAL];
        let call = self.b.ins().call(normal, &[d.seed, e, d.i, d.step]);
        let draw = self.b.inst_results(call)[0];
        self.b.ins().fdiv(draw, d.noise_scale)
    }

    /// dt·g·ξ for equation `e` with white noise, at states `x`.
    fn noise(&mut self, e: usize, x: &[Value]) -> Option<Value> {
        let g = self.m.equations[e].noise.as_ref()?;
        let t = self.t;
        let g = self.lower(t, x, true).value(g);
        let dt_g = self.b.ins().fmul(self.dt, g);
        let xi = self.xi(e);
        Some(self.b.ins().fmul(dt_g, xi))
    }

    /// `x + c·dt·k` and `t + c·dt`: a Runge–Kutta stage's arguments.
    fn stage(&mut self, x: &[Value], k: &[Value], c: f64) -> (Vec<Value>, Value) {
        let c = self.b.ins().f64const(c);
        let c_dt = self.b.ins().fmul(c, self.dt);
        let stage = x
            .iter()
            .zip(k)
            .map(|(x, k)| {
                let step = self.b.ins().fmul(c_dt, *k);
                self.b.ins().fadd(*x, step)
            })
            .collect();
        (stage, self.b.ins().fadd(self.t, c_dt))
    }

    /// The new values of states `x` after one step of `method`, with the states clamped
    /// while refractory kept.
    pub fn integrate(&mut self, method: Method, x: &[Value]) -> Vec<Value> {
        let x = x.to_vec();
        let (t, dt) = (self.t, self.dt);
        let noisy = self.m.equations.iter().any(|e| e.noise.is_some());
        let mut new: Vec<Value> = match method {
            Method::Euler | Method::EulerMaruyama => {
                let k = self.drifts(t, &x);
                (0..x.len())
                    .map(|e| {
                        let step = self.b.ins().fmul(dt, k[e]);
                        let drift = self.b.ins().fadd(x[e], step);
                        match self.noise(e, &x) {
                            Some(n) => self.b.ins().fadd(drift, n),
                            None => drift,
                        }
                    })
                    .collect()
            }
            Method::SemiImplicitEuler => {
                let mut now = x.clone();
                for e in 0..x.len() {
                    let m = self.m;
                    let drift = self.lower(t, &now, true).value(&m.equations[e].rhs);
                    let step = self.b.ins().fmul(dt, drift);
                    let mut next = self.b.ins().fadd(now[e], step);
                    if let Some(n) = self.noise(e, &now) {
                        next = self.b.ins().fadd(next, n);
                    }
                    if let (Some(refractory), true) = (self.refractory, m.equations[e].clamped) {
                        next = self.b.ins().select(refractory, now[e], next);
                    }
                    now[e] = next;
                }
                now
            }
            Method::Rk2 if noisy => self.stochastic_heun(&x),
            Method::Rk2 => {
                let k1 = self.drifts(t, &x);
                let (stage, t2) = self.stage(&x, &k1, 1.0);
                let k2 = self.drifts(t2, &stage);
                let half = self.b.ins().f64const(0.5);
                let half_dt = self.b.ins().fmul(half, dt);
                (0..x.len())
                    .map(|e| {
                        let sum = self.b.ins().fadd(k1[e], k2[e]);
                        let step = self.b.ins().fmul(half_dt, sum);
                        self.b.ins().fadd(x[e], step)
                    })
                    .collect()
            }
            Method::Rk4 => {
                let k1 = self.drifts(t, &x);
                let (stage, t2) = self.stage(&x, &k1, 0.5);
                let k2 = self.drifts(t2, &stage);
                let (stage, t3) = self.stage(&x, &k2, 0.5);
                let k3 = self.drifts(t3, &stage);
                let (stage, t4) = self.stage(&x, &k3, 1.0);
                let k4 = self.drifts(t4, &stage);
                let (two, six) = (self.b.ins().f64const(2.0), self.b.ins().f64const(6.0));
                let sixth = self.b.ins().fdiv(dt, six);
                (0..x.len())
                    .map(|e| {
                        let two_k2 = self.b.ins().fmul(two, k2[e]);
                        let two_k3 = self.b.ins().fmul(two, k3[e]);
                        let sum = self.b.ins().fadd(k1[e], two_k2);
                        let sum = self.b.ins().fadd(sum, two_k3);
                        let sum = self.b.ins().fadd(sum, k4[e]);
                        let step = self.b.ins().fmul(sixth, sum);
                        self.b.ins().fadd(x[e], step)
                    })
                    .collect()
            }
            Method::Synchronous | Method::Asynchronous => self.drifts(t, &x),
            Method::Exact | Method::ExponentialEuler | Method::ExpEulerDiag => {
                // x ← x + dt·φ(dt·a)·f(x), φ = exprel, a = ∂f/∂x; a coupled linear system's
                // states with `exact`: x ← x + P·f(x), P = dt·φ₁(dt·A).
                let m = self.m;
                let (block, matrix) = m.coupled_block_of(method);
                let f = self.drifts(t, &x);
                let exprel = self.calls["cajal_exprel"];
                let mut new: Vec<Value> = (0..x.len())
                    .map(|e| {
                        if block.contains(&e) {
                            return x[e];
                        }
                        let a = m.equations[e]
                            .jacobian_diagonal
                            .as_ref()
                            .expect("exponential methods carry the Jacobian diagonal");
                        let dt_phi = match self.hoisted.and_then(|h| h.phis[e]) {
                            Some(dt_phi) => dt_phi,
                            None => {
                                let a = self.lower(t, &x, true).value(a);
                                let dt_a = self.b.ins().fmul(dt, a);
                                let call = self.b.ins().call(exprel, &[dt_a]);
                                let phi = self.b.inst_results(call)[0];
                                self.b.ins().fmul(dt, phi)
                            }
                        };
                        let step = self.b.ins().fmul(dt_phi, f[e]);
                        self.b.ins().fadd(x[e], step)
                    })
                    .collect();
                if !block.is_empty() {
                    let p = match self.hoisted.and_then(|h| h.propagator) {
                        Some(p) => p,
                        None => {
                            let mut lower = self.lower(t, &x, true);
                            let a: Vec<Value> =
                                matrix.iter().flatten().map(|a| lower.value(a)).collect();
                            propagator(self.b, self.calls, self.ptr, dt, &a)
                        }
                    };
                    let size = block.len();
                    let entry = |s: &mut Self, k: usize| {
                        s.b.ins().load(types::F64, trusted(), p, 8 * k as i32)
                    };
                    for (r, &i) in block.iter().enumerate() {
                        let p0 = entry(self, r * size);
                        let mut sum = self.b.ins().fmul(p0, f[block[0]]);
                        for (c, &j) in block.iter().enumerate().skip(1) {
                            let pc = entry(self, r * size + c);
                            let term = self.b.ins().fmul(pc, f[j]);
                            sum = self.b.ins().fadd(sum, term);
                        }
                        new[i] = self.b.ins().fadd(x[i], sum);
                    }
                }
                for (e, value) in new.iter_mut().enumerate() {
                    if let Some(n) = self.noise(e, &x) {
                        *value = self.b.ins().fadd(*value, n);
                    }
                }
                new
            }
        };
        if let Some(refractory) = self.refractory {
            for (e, value) in new.iter_mut().enumerate() {
                if self.m.equations[e].clamped {
                    *value = self.b.ins().select(refractory, x[e], *value);
                }
            }
        }
        new
    }

    /// Stochastic Heun: the predictor with the same Wiener increment as the corrector.
    fn stochastic_heun(&mut self, x: &[Value]) -> Vec<Value> {
        let (t, dt) = (self.t, self.dt);
        let coefficients = |s: &mut Self, t: Value, x: &[Value]| -> Vec<Value> {
            let m = s.m;
            let mut lower = s.lower(t, x, true);
            m.equations
                .iter()
                .map(|e| match &e.noise {
                    Some(g) => lower.value(g),
                    None => lower.b.ins().f64const(0.0),
                })
                .collect::<Vec<_>>()
        };
        let k0 = self.drifts(t, x);
        let g0 = coefficients(self, t, x);
        let dw: Vec<Value> = (0..x.len())
            .map(|e| {
                if self.m.equations[e].noise.is_some() {
                    let xi = self.xi(e);
                    self.b.ins().fmul(dt, xi)
                } else {
                    self.b.ins().f64const(0.0)
                }
            })
            .collect();
        let stage: Vec<Value> = (0..x.len())
            .map(|e| {
                let drift = self.b.ins().fmul(dt, k0[e]);
                let drift = self.b.ins().fadd(x[e], drift);
                let kick = self.b.ins().fmul(g0[e], dw[e]);
                self.b.ins().fadd(drift, kick)
            })
            .collect();
        let t1 = self.b.ins().fadd(t, dt);
        let k1 = self.drifts(t1, &stage);
        let g1 = coefficients(self, t1, &stage);
        let half = self.b.ins().f64const(0.5);
        let half_dt = self.b.ins().fmul(half, dt);
        (0..x.len())
            .map(|e| {
                let k = self.b.ins().fadd(k0[e], k1[e]);
                let drift = self.b.ins().fmul(half_dt, k);
                let drift = self.b.ins().fadd(x[e], drift);
                let g = self.b.ins().fadd(g0[e], g1[e]);
                let g = self.b.ins().fmul(half, g);
                let kick = self.b.ins().fmul(g, dw[e]);
                self.b.ins().fadd(drift, kick)
            })
            .collect()
    }
}
