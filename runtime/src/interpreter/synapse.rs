//! Interpreted synapses: a checked `synapse` item through the runtime's [`Synapse`] trait,
//! computed as the generated code computes it (summed state, jumps per unit weight,
//! injected values, and the per-synapse traces, continuous variables and statements of
//! plastic synapses).

use std::sync::Arc;

use cajal_lang::ir::{self, Expr, JumpTarget, PlasticStmt, PlasticTarget, Var};

use super::eval::{Scope, eval};
use super::hoist::{hoisted_model, reciprocals};
use super::info::{keep, keep_all, param_infos, var_info, var_infos};
use super::integrate::{NoiseKey, Workspace, integrate};
use super::native::{
    NativeCompiler, NativePlasticity, NativeSynapse, SynapsePass, SynapseVisit, native_compiler,
};
use crate::error::Error;
use crate::plastic_visits::{on_post_each, on_pre_each};
use crate::synapse::{PostColumn, PreRow, Synapse, SynapseInfo, TraceScope};

/// A checked synapse and what its loops compute.
#[derive(Debug)]
struct Definition {
    synapse: ir::Synapse,
    /// The summed-state dynamics as the loops over targets compute them (parameters are
    /// shared by every target, so divisions by them become multiplications by reciprocals).
    hoisted: ir::Model,
    /// The injected values, likewise.
    injected: Vec<Expr>,
    info: &'static SynapseInfo,
    /// The loops over targets as native code, from the installed JIT; or why not.
    native: Result<Arc<dyn NativeSynapse>, Option<String>>,
    /// The plastic statements as native code, likewise (`Err(None)` also for a synapse
    /// without them).
    native_plasticity: Result<Arc<dyn NativePlasticity>, Option<String>>,
}

/// A synapse read from text, with its own parameter values (see [the module](super) for how
/// interpretation relates to generated code).
#[derive(Clone, Debug)]
pub struct InterpretedSynapse {
    def: Arc<Definition>,
    params: Vec<f64>,
}

/// The runtime's name for where a trace is kept.
fn trace_scope(scope: ir::TraceScope) -> TraceScope {
    match scope {
        ir::TraceScope::Synapse => TraceScope::Synapse,
        ir::TraceScope::Pre => TraceScope::Pre,
        ir::TraceScope::Post => TraceScope::Post,
    }
}

fn synapse_info(s: &ir::Synapse) -> &'static SynapseInfo {
    let m = &s.dynamics;
    let info = SynapseInfo {
        name: keep(m.name.clone()),
        doc: keep(m.doc.join("\n")),
        params: param_infos(&m.params),
        weight: var_info(&s.weight.name, &s.weight.unit.text, &s.weight.doc),
        weight_default: s.weight.default,
        states: var_infos(m.states.iter().map(|v| (&*v.name, &*v.unit.text, &*v.doc))),
        post: var_infos(m.inputs.iter().map(|v| (&*v.name, &*v.unit.text, &*v.doc))),
        injects: var_infos(m.outputs.iter().map(|v| (&*v.name, &*v.unit.text, &*v.doc))),
        signals: var_infos(s.signals.iter().map(|v| (&*v.name, &*v.unit.text, &*v.doc))),
        traces: var_infos(
            s.plasticity
                .iter()
                .flat_map(|p| &p.traces)
                .map(|t| (&*t.name, &*t.unit.text, &*t.doc)),
        ),
        trace_scopes: keep_all(
            s.plasticity
                .iter()
                .flat_map(|p| (0..p.traces.len()).map(|k| trace_scope(p.scope(k))))
                .collect(),
        ),
        continuous: var_infos(
            s.plasticity
                .iter()
                .flat_map(|p| &p.continuous)
                .map(|c| (&*c.name, &*c.unit.text, &*c.doc)),
        ),
        weight_equation: s
            .plasticity
            .as_ref()
            .is_some_and(|p| p.weight_derivative.is_some()),
        plastic: s.plasticity.is_some(),
        method: m.method.name(),
        schedule: m.schedule.name(),
        equations: keep_all(m.equation_texts().into_iter().map(keep).collect()),
        source: keep(m.source.clone()),
    };
    Box::leak(Box::new(info))
}

impl InterpretedSynapse {
    /// The synapse with its default parameters. Its metadata is allocated once per call and
    /// kept for the rest of the process.
    pub fn new(s: ir::Synapse) -> InterpretedSynapse {
        InterpretedSynapse::with_compiler(s, native_compiler())
    }

    /// The synapse with its default parameters, its loops compiled by `compiler` (`None`:
    /// expression trees), whatever compiler is installed.
    pub fn with_compiler(s: ir::Synapse, compiler: Option<NativeCompiler>) -> InterpretedSynapse {
        let hoisted = hoisted_model(&s.dynamics);
        let injected: Vec<Expr> = s
            .dynamics
            .outputs
            .iter()
            .map(|o| reciprocals(&o.expr))
            .collect();
        let native = match compiler {
            Some(c) => (c.synapse)(&hoisted, &injected).map_err(Some),
            None => Err(None),
        };
        let native_plasticity = match compiler {
            Some(c) if s.plasticity.is_some() => (c.plasticity)(&s).map_err(Some),
            _ => Err(None),
        };
        let def = Definition {
            hoisted,
            injected,
            info: synapse_info(&s),
            native,
            native_plasticity,
            synapse: s,
        };
        InterpretedSynapse {
            params: def
                .synapse
                .dynamics
                .params
                .iter()
                .map(|p| p.default)
                .collect(),
            def: Arc::new(def),
        }
    }

    /// The synapse's IR.
    pub fn ir(&self) -> &ir::Synapse {
        &self.def.synapse
    }

    /// Whether its loops over targets run as native code; else why not (`None`: no JIT).
    pub fn native(&self) -> Result<(), Option<String>> {
        self.def.native.as_ref().map(|_| ()).map_err(Clone::clone)
    }

    /// The pass over `n` targets of `state` at `t_ms`.
    fn pass<'a>(
        &'a self,
        state: &'a mut [f64],
        n: usize,
        t_ms: f64,
        dt_ms: f64,
    ) -> SynapsePass<'a> {
        SynapsePass {
            params: &self.params,
            state,
            n,
            t_ms,
            dt_ms,
        }
    }

    /// A scope of the parameters, `states` and target values `post`.
    fn scope<'a>(&'a self, states: &'a [f64], post: &'a [f64], t: f64) -> Scope<'a> {
        Scope {
            params: &self.params,
            states,
            inputs: post,
            t,
            i: 0,
            history: None,
            coupling: [0.0; 3],
            extra: None,
            native: None,
        }
    }

    /// `out[k]` = the sum, in order, of the increments per unit weight that `on_pre` adds to
    /// the variable `pick` maps to `k`.
    fn jumps(&self, pick: impl Fn(JumpTarget) -> Option<usize>, out: &mut [f64]) {
        let mut sums: Vec<Option<f64>> = vec![None; out.len()];
        for j in &self.def.synapse.on_pre {
            if let Some(k) = pick(j.target) {
                let c = eval(&j.per_weight, &self.scope(&[], &[], 0.0));
                sums[k] = Some(sums[k].map_or(c, |prev| prev + c));
            }
        }
        for (o, s) in out.iter_mut().zip(sums) {
            *o = s.unwrap_or(0.0);
        }
    }

    /// The statements of a plastic synapse on its weight and traces, in order.
    fn run(
        &self,
        stmts: &[PlasticStmt],
        (w, traces, signals): (&mut f64, &mut [f64], &[f64]),
        mut summed: Option<&mut [f64]>,
        mut post: Option<&mut [f64]>,
    ) {
        // Traces, then the weight: what `Var::Trace` and `Var::Weight` read.
        let mut locals: Vec<f64> = traces.iter().copied().chain([*w]).collect();
        let n = traces.len();
        for st in stmts {
            let v = {
                let locals = &locals;
                let read = move |v: Var| match v {
                    Var::Trace(k) => locals[k],
                    Var::Weight => locals[n],
                    Var::Signal(k) => signals[k],
                    _ => f64::NAN,
                };
                let mut scope = self.scope(&[], &[], 0.0);
                scope.extra = Some(&read);
                eval(&st.value, &scope)
            };
            match st.target {
                PlasticTarget::Summed(k) => {
                    if let Some(s) = summed.as_deref_mut() {
                        s[k] += v;
                    }
                }
                PlasticTarget::Post(k) => {
                    if let Some(p) = post.as_deref_mut() {
                        p[k] += v;
                    }
                }
                PlasticTarget::Trace(k) => locals[k] = v,
                PlasticTarget::Weight => locals[n] = v,
            }
        }
        traces.copy_from_slice(&locals[..n]);
        *w = locals[n];
    }

    /// One synapse's values for its compiled statements (checked before any is changed).
    fn visit<'a>(
        &'a self,
        (weight, vars, signals): (&'a mut f64, &'a mut [f64], &'a [f64]),
        increments: Option<(&'a mut [f64], &'a mut [f64])>,
    ) -> SynapseVisit<'a> {
        SynapseVisit {
            params: &self.params,
            weight,
            vars,
            signals,
            increments,
        }
    }

    /// Whether its plastic statements run as native code; else why not (`None`: no JIT, or
    /// a synapse without them).
    pub fn native_plasticity(&self) -> Result<(), Option<String>> {
        self.def
            .native_plasticity
            .as_ref()
            .map(|_| ())
            .map_err(Clone::clone)
    }

    fn plasticity(&self) -> Option<&ir::Plasticity> {
        self.def.synapse.plasticity.as_ref()
    }
}

/// Synapse dynamics have no white noise: their draws are never read.
const NO_NOISE: NoiseKey = NoiseKey {
    seed: 0,
    first: 0,
    step_no: 0,
};

impl Synapse for InterpretedSynapse {
    fn info(&self) -> &'static SynapseInfo {
        self.def.info
    }

    fn initial_state(&self, out: &mut [f64]) {
        let m = &self.def.synapse.dynamics;
        let zeros = vec![0.0; m.states.len()];
        let post = vec![0.0; m.inputs.len()];
        for (o, s) in out.iter_mut().zip(&m.states) {
            *o = eval(&s.init, &self.scope(&zeros, &post, 0.0));
        }
    }

    fn advance(&self, t_ms: f64, dt_ms: f64, state: &mut [f64], n: usize) {
        if let Ok(code) = &self.def.native
            && code.advance(self.pass(state, n, t_ms, dt_ms)).is_ok()
        {
            return;
        }
        let m = &self.def.hoisted;
        let post = vec![0.0; m.inputs.len()];
        let mut x = vec![0.0; m.states.len()];
        let mut work = Workspace::default();
        let mut spare = Vec::with_capacity(m.states.len());
        for j in 0..n {
            for (k, v) in x.iter_mut().enumerate() {
                *v = state[k * n + j];
            }
            let new = integrate(
                m,
                m.method,
                &self.scope(&x, &post, t_ms),
                dt_ms,
                &NO_NOISE,
                false,
                &mut work,
                std::mem::take(&mut spare),
            );
            for (k, v) in new.iter().enumerate() {
                state[k * n + j] = *v;
            }
            spare = new;
        }
    }

    fn state_jump(&self, out: &mut [f64]) {
        self.jumps(
            |t| match t {
                JumpTarget::State(k) => Some(k),
                JumpTarget::Post(_) => None,
            },
            out,
        );
    }

    fn post_jump(&self, out: &mut [f64]) {
        self.jumps(
            |t| match t {
                JumpTarget::Post(k) => Some(k),
                JumpTarget::State(_) => None,
            },
            out,
        );
    }

    fn inject_advance(
        &self,
        t_ms: f64,
        dt_ms: f64,
        state: &mut [f64],
        n: usize,
        post: &[&[f64]],
        out: &mut [&mut [f64]],
        scale: &[f64],
        base: Option<&[f64]>,
    ) {
        if let Ok(code) = &self.def.native {
            let pass = self.pass(state, n, t_ms, dt_ms);
            if code.inject_advance(pass, post, out, scale, base).is_ok() {
                return;
            }
        }
        let m = &self.def.hoisted;
        let mut x = vec![0.0; m.states.len()];
        let mut here = vec![0.0; m.inputs.len()];
        let mut work = Workspace::default();
        for j in 0..n {
            for (k, v) in x.iter_mut().enumerate() {
                *v = state[k * n + j];
            }
            for (k, v) in here.iter_mut().enumerate() {
                *v = post[k][j];
            }
            let scope = self.scope(&x, &here, t_ms);
            for (o, value) in self.def.injected.iter().enumerate() {
                let v = eval(value, &scope) * scale[o];
                match base {
                    Some(base) => out[o][j] = base[o] + v,
                    None => out[o][j] += v,
                }
            }
            let new = integrate(
                m,
                m.method,
                &scope,
                dt_ms,
                &NO_NOISE,
                false,
                &mut work,
                Vec::new(),
            );
            for (k, v) in new.into_iter().enumerate() {
                state[k * n + j] = v;
            }
        }
    }

    fn set_param(&mut self, k: usize, value: f64) -> Result<(), Error> {
        let params = self.def.info.params;
        let Some(p) = params.get(k) else {
            return Err(Error::UnknownName {
                kind: "parameter index",
                name: k.to_string(),
                available: params.iter().map(|p| p.name.to_string()).collect(),
            });
        };
        if !value.is_finite() {
            return Err(Error::NonFinite {
                what: format!("parameter `{}`", p.name),
                value,
            });
        }
        self.params[k] = value;
        Ok(())
    }

    fn trace_init(&self, traces: &mut [f64]) {
        if let Some(p) = self.plasticity() {
            let inits = p.traces.iter().map(|t| &t.init);
            let inits = inits.chain(p.continuous.iter().map(|c| &c.init));
            for (x, init) in traces.iter_mut().zip(inits) {
                *x = eval(init, &self.scope(&[], &[], 0.0));
            }
        }
    }

    fn advance_continuous(
        &self,
        t_ms: f64,
        dt_ms: f64,
        weights: &mut [f64],
        vars: &mut [f64],
        targets: &[u32],
        post: &[&[f64]],
        signals: &[f64],
    ) {
        let Some(p) = self.plasticity() else {
            return;
        };
        let n_vars = p.traces.len() + p.continuous.len();
        let derivatives: Vec<&Expr> = p
            .continuous
            .iter()
            .map(|c| &c.derivative)
            .chain(p.weight_derivative.as_deref())
            .collect();
        let mut here = vec![0.0; post.len()];
        let mut rates = vec![0.0; derivatives.len()];
        for ((w, x), &j) in weights
            .iter_mut()
            .zip(vars.chunks_exact_mut(n_vars))
            .zip(targets)
        {
            for (h, values) in here.iter_mut().zip(post) {
                *h = values[j as usize];
            }
            {
                let (x, w) = (&*x, *w);
                let read = move |v: Var| match v {
                    Var::Trace(k) => x[k],
                    Var::Weight => w,
                    Var::Signal(k) => signals[k],
                    _ => f64::NAN,
                };
                let mut scope = self.scope(&[], &here, t_ms);
                scope.extra = Some(&read);
                for (r, d) in rates.iter_mut().zip(&derivatives) {
                    *r = eval(d, &scope);
                }
            }
            let (continuous, weight) = rates.split_at(p.continuous.len());
            for (value, r) in x[p.traces.len()..].iter_mut().zip(continuous) {
                *value += dt_ms * r;
            }
            if let Some(r) = weight.first() {
                *w += dt_ms * r;
            }
        }
    }

    fn trace_rates(&self, out: &mut [f64]) {
        if let Some(p) = self.plasticity() {
            for (x, t) in out.iter_mut().zip(&p.traces) {
                *x = eval(&t.rate, &self.scope(&[], &[], 0.0));
            }
        }
    }

    fn on_pre_row(&self, row: PreRow<'_>) {
        if let Some(p) = self.plasticity() {
            let signals = row.signals;
            on_pre_each(self.def.info, row, |w, vars, summed, post| {
                if let Ok(code) = &self.def.native_plasticity {
                    let visit = self.visit((w, vars, signals), Some((summed, post)));
                    if code.on_pre(visit).is_ok() {
                        return;
                    }
                }
                self.run(&p.on_pre, (w, vars, signals), Some(summed), Some(post));
            });
        }
    }

    fn on_post_column(&self, column: PostColumn<'_>) {
        if let Some(p) = self.plasticity() {
            let signals = column.signals;
            on_post_each(self.def.info, column, |w, vars| {
                if let Ok(code) = &self.def.native_plasticity
                    && code.on_post(self.visit((w, vars, signals), None)).is_ok()
                {
                    return;
                }
                self.run(&p.on_post, (w, vars, signals), None, None);
            });
        }
    }
}
