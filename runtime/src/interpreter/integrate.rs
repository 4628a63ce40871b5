//! One integration step of one instance, with each of the language's methods, in the
//! operation order of the generated code.

use cajal_lang::ir::{Method, Model};

use super::eval::{Scope, eval};
use crate::math::{exprel, linear_propagator};
use crate::rng::normal;

/// Where white-noise draws come from: (seed, equation, instance, step), as in generated code.
pub(crate) struct NoiseKey {
    /// The model's seed.
    pub seed: u64,
    /// Steps taken so far.
    pub step_no: u64,
    /// Global index of instance 0 (see [`crate::Model::keep_instances`]).
    pub first: u64,
}

impl NoiseKey {
    /// ξ for equation `e` of instance `i` over a step of `dt` ms: N(0, 1)/√(dt in s), so
    /// that dt·g·ξ has the variance g²·dt of a Wiener increment.
    fn xi(&self, e: usize, i: usize, dt: f64) -> f64 {
        normal(self.seed, e as u64, i as u64 + self.first, self.step_no) / f64::sqrt(dt * 1e-3)
    }
}

/// Scratch vectors reused from one instance to the next.
#[derive(Clone, Debug, Default)]
pub(crate) struct Workspace {
    k: [Vec<f64>; 4],
    stage: Vec<f64>,
    g: [Vec<f64>; 2],
    dw: Vec<f64>,
}

/// `k ← rhs(states, t)` for every equation: the scope's native code if it has some, else
/// the expression trees (the same values).
fn rhs(m: &Model, s: &Scope, out: &mut Vec<f64>) {
    out.clear();
    match s.native {
        Some(code) => {
            out.resize(m.equations.len(), 0.0);
            code.rhs(s.params, s.states, s.inputs, s.t, out);
        }
        None => out.extend(m.equations.iter().map(|e| eval(&e.rhs, s))),
    }
}

/// `k[to] ← rhs(x + c·dt·k[from], t + c·dt)`: one explicit Runge–Kutta stage.
fn stage(m: &Model, s: &Scope, dt: f64, c: f64, (from, to): (usize, usize), w: &mut Workspace) {
    w.stage.clear();
    let prev = &w.k[from];
    w.stage
        .extend(s.states.iter().zip(prev).map(|(x, k)| x + c * dt * k));
    let mut out = std::mem::take(&mut w.k[to]);
    rhs(m, &s.with(&w.stage, s.t + c * dt), &mut out);
    w.k[to] = out;
}

/// `out` holding the values of `values` (its allocation reused).
fn fill(mut out: Vec<f64>, values: impl Iterator<Item = f64>) -> Vec<f64> {
    out.clear();
    out.extend(values);
    out
}

/// The new values of `states` (the scope's state values) after one step of `method`, with
/// the states that are clamped while refractory kept when `refractory`; in `out`'s
/// allocation where the method allows.
#[allow(clippy::too_many_arguments)]
pub(crate) fn integrate(
    m: &Model,
    method: Method,
    s: &Scope,
    dt: f64,
    noise: &NoiseKey,
    refractory: bool,
    w: &mut Workspace,
    out: Vec<f64>,
) -> Vec<f64> {
    let x = s.states;
    let noise_term = |e: usize, s: &Scope| {
        m.equations[e]
            .noise
            .as_ref()
            .map(|g| dt * eval(g, s) * noise.xi(e, s.i, dt))
    };
    let mut new: Vec<f64> = match method {
        Method::Euler | Method::EulerMaruyama => {
            rhs(m, s, &mut w.k[0]);
            let k1 = &w.k[0];
            fill(
                out,
                (0..x.len()).map(|e| {
                    let drift = x[e] + dt * k1[e];
                    match noise_term(e, s) {
                        Some(n) => drift + n,
                        None => drift,
                    }
                }),
            )
        }
        Method::SemiImplicitEuler => {
            // Each variable in turn, from the values already updated in this step.
            let mut now = x.to_vec();
            for e in 0..x.len() {
                let here = s.with(&now, s.t);
                let drift = match here.native {
                    Some(_) => {
                        rhs(m, &here, &mut w.k[0]);
                        w.k[0][e]
                    }
                    None => eval(&m.equations[e].rhs, &here),
                };
                let mut next = now[e] + dt * drift;
                if let Some(n) = noise_term(e, &here) {
                    next += n;
                }
                if refractory && m.equations[e].clamped {
                    next = now[e];
                }
                now[e] = next;
            }
            now
        }
        Method::Rk2 if m.equations.iter().any(|e| e.noise.is_some()) => {
            stochastic_heun(m, s, dt, noise, w)
        }
        Method::Rk2 => {
            rhs(m, s, &mut w.k[0]);
            stage(m, s, dt, 1.0, (0, 1), w);
            let [k1, k2, ..] = &w.k;
            fill(out, (0..x.len()).map(|e| x[e] + 0.5 * dt * (k1[e] + k2[e])))
        }
        Method::Rk4 => {
            rhs(m, s, &mut w.k[0]);
            stage(m, s, dt, 0.5, (0, 1), w);
            stage(m, s, dt, 0.5, (1, 2), w);
            stage(m, s, dt, 1.0, (2, 3), w);
            let [k1, k2, k3, k4] = &w.k;
            fill(
                out,
                (0..x.len()).map(|e| x[e] + dt / 6.0 * (k1[e] + 2.0 * k2[e] + 2.0 * k3[e] + k4[e])),
            )
        }
        // A discrete-time model's update: every new value from the values before it.
        Method::Synchronous | Method::Asynchronous => {
            rhs(m, s, &mut w.k[0]);
            fill(out, w.k[0].iter().copied())
        }
        Method::Exact | Method::ExponentialEuler | Method::ExpEulerDiag => {
            // x ← x + dt·φ(dt·a)·f(x), φ = exprel, a = ∂f/∂x; a coupled linear system's
            // states with `exact`: x ← x + P·f(x), P = dt·φ₁(dt·A).
            let (block, matrix) = m.coupled_block_of(method);
            rhs(m, s, &mut w.k[0]);
            let f = &w.k[0];
            let mut new: Vec<f64> = m
                .equations
                .iter()
                .enumerate()
                .map(|(e, eq)| {
                    if block.contains(&e) {
                        return x[e];
                    }
                    let a = eq
                        .jacobian_diagonal
                        .as_ref()
                        .expect("exponential methods carry the Jacobian diagonal");
                    x[e] + dt * exprel(dt * eval(a, s)) * f[e]
                })
                .collect();
            if !block.is_empty() {
                let a: Vec<f64> = matrix.iter().flatten().map(|a| eval(a, s)).collect();
                let p = linear_propagator(dt, &a, block.len());
                let drifts: Vec<f64> = block.iter().map(|&i| f[i]).collect();
                for (r, &i) in block.iter().enumerate() {
                    let mut sum = p[r * block.len()] * drifts[0];
                    for (c, f) in drifts.iter().enumerate().skip(1) {
                        sum += p[r * block.len() + c] * f;
                    }
                    new[i] = x[i] + sum;
                }
            }
            for (e, value) in new.iter_mut().enumerate() {
                if let Some(n) = noise_term(e, s) {
                    *value += n;
                }
            }
            new
        }
    };
    if refractory {
        for (e, value) in new.iter_mut().enumerate() {
            if m.equations[e].clamped {
                *value = x[e];
            }
        }
    }
    new
}

/// Stochastic Heun (see the generated code's documentation): predictor with the same
/// Wiener increment as the corrector.
fn stochastic_heun(m: &Model, s: &Scope, dt: f64, noise: &NoiseKey, w: &mut Workspace) -> Vec<f64> {
    let x = s.states;
    let coefficients = |s: &Scope, out: &mut Vec<f64>| {
        out.clear();
        out.extend(
            m.equations
                .iter()
                .map(|e| e.noise.as_ref().map_or(0.0, |g| eval(g, s))),
        );
    };
    rhs(m, s, &mut w.k[0]);
    coefficients(s, &mut w.g[0]);
    w.dw.clear();
    w.dw.extend(m.equations.iter().enumerate().map(|(e, eq)| {
        if eq.noise.is_some() {
            dt * noise.xi(e, s.i, dt)
        } else {
            0.0
        }
    }));
    w.stage.clear();
    w.stage
        .extend((0..x.len()).map(|e| x[e] + dt * w.k[0][e] + w.g[0][e] * w.dw[e]));
    let predicted = s.with(&w.stage, s.t + dt);
    rhs(m, &predicted, &mut w.k[1]);
    coefficients(&predicted, &mut w.g[1]);
    (0..x.len())
        .map(|e| {
            x[e] + 0.5 * dt * (w.k[0][e] + w.k[1][e]) + 0.5 * (w.g[0][e] + w.g[1][e]) * w.dw[e]
        })
        .collect()
}
