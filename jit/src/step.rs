//! A population's whole step compiled: the loop over instances with refractoriness, the
//! events in their schedule and the integration method, operation for operation as the
//! interpreter's step loop and `integrate` take them (so the same bits), with white noise and
//! hazard draws from the same keyed generators.

use std::collections::HashMap;
use std::mem::offset_of;

use cajal_lang::ir::{Expr, Method, Model, Refractory, Schedule};
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{AbiParam, FuncRef, InstBuilder, MemFlagsData, Type, Value, types};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext, Variable};
use cranelift_jit::JITModule;
use cranelift_module::{FuncId, Linkage, Module};

use crate::code::{Frame, Step};
use crate::functions::{NORMAL, REFRACTORY_STEPS};
use crate::lower::{Draws, Inputs, Lower, Values, unsupported};
use crate::{error, host_module, import_functions};

/// Why the JIT does not compile `m`'s step with `method`, if it does not.
pub fn refusal(m: &Model, method: Method) -> Option<String> {
    let mut read: Vec<&Expr> = Vec::new();
    for eq in &m.equations {
        read.push(&eq.rhs);
        read.extend(&eq.jacobian_diagonal);
        read.extend(&eq.noise);
    }
    for ev in &m.events {
        read.push(&ev.condition);
        read.extend(ev.assignments.iter().map(|(_, v)| v));
    }
    match &m.refractory {
        Refractory::None => {}
        Refractory::Period(e) | Refractory::While(e) => read.push(e),
    }
    let why = read.iter().find_map(|e| unsupported(e, true)).or_else(|| {
        let coupled = m.equations.iter().any(|e| !e.coupled.is_empty());
        (method == Method::Exact && coupled).then(|| {
            "integrates a coupled linear system with `exact` (its propagator is a matrix \
             exponential)"
                .to_string()
        })
    })?;
    Some(format!(
        "the step of `{}` stays in the interpreter's loop: the JIT does not compile a model \
         that {why}",
        m.name
    ))
}

/// The step of `plain` (parameters given per instance) and of `hoisted` (its form with
/// hoisted reciprocals, for instances that share the parameters) with `method` and
/// `schedule`, compiled; an error saying why for a model the JIT does not take.
pub fn compile_step(
    plain: &Model,
    hoisted: &Model,
    method: Method,
    schedule: Schedule,
) -> Result<Step, String> {
    if let Some(why) = refusal(plain, method).or_else(|| refusal(hoisted, method)) {
        return Err(why);
    }
    let mut module = host_module()?;
    let shared = define(
        &mut module,
        "step_shared",
        hoisted,
        (method, schedule),
        true,
    )?;
    let each = define(&mut module, "step_each", plain, (method, schedule), false)?;
    let counts = [plain.params.len(), plain.states.len(), plain.inputs.len()];
    let emitting = plain.events.iter().filter(|e| e.emits_spike).count();
    Step::finish(
        module,
        [shared, each],
        (counts, emitting),
        plain.name.clone(),
    )
}

/// Defines function `name`: the step of `m`, reading shared parameter values once (`shared`)
/// or each instance's (else).
fn define(
    module: &mut JITModule,
    name: &str,
    m: &Model,
    (method, schedule): (Method, Schedule),
    shared: bool,
) -> Result<FuncId, String> {
    let ptr = module.target_config().pointer_type();
    let mut ctx = module.make_context();
    ctx.func.signature.params.push(AbiParam::new(ptr));
    ctx.func.signature.returns.push(AbiParam::new(types::I64));
    let id = module
        .declare_function(name, Linkage::Local, &ctx.func.signature)
        .map_err(|e| error("declare the function", e))?;
    let mut fctx = FunctionBuilderContext::new();
    {
        let mut b = FunctionBuilder::new(&mut ctx.func, &mut fctx);
        let calls = import_functions(module, b.func)?;
        let mut builder = StepBuilder::start(&mut b, &calls, m, ptr, shared);
        builder.build(method, schedule);
        b.seal_all_blocks();
        b.finalize(module.target_config());
    }
    module
        .define_function(id, &mut ctx)
        .map_err(|e| error("compile", e))?;
    module.clear_context(&mut ctx);
    Ok(id)
}

/// Memory flags of the frame's and the columns' loads and stores (aligned, in bounds).
fn flags() -> MemFlagsData {
    MemFlagsData::trusted()
}

/// The step's values that do not change from one instance to the next.
struct Invariants {
    states: Vec<Value>,
    inputs: Vec<Value>,
    /// Shared parameter values (`shared`), or each parameter's (column, stride).
    params: Params,
    refractory: Value,
    spikes: Value,
    n: Value,
    t: Value,
    dt: Value,
    seed: Value,
    step_no: Value,
    /// √(dt·1e-3): white noise ξ = N(0, 1)/√(dt in s).
    noise_scale: Value,
}

enum Params {
    Shared(Vec<Value>),
    Each(Vec<(Value, Value)>),
}

/// Builds one step function.
struct StepBuilder<'a, 'b> {
    b: &'a mut FunctionBuilder<'b>,
    calls: &'a HashMap<&'static str, FuncRef>,
    m: &'a Model,
    at: Invariants,
    /// The instance (`i64`).
    i: Value,
    /// This instance's parameter and input values.
    params: Vec<Value>,
    inputs: Vec<Value>,
    /// This instance's state values as the step changes them.
    x: Vec<Variable>,
    /// Steps of refractoriness left (`i32`), for a model with a refractory period.
    refr: Option<Variable>,
    /// Spikes written so far (`i64`).
    count: Variable,
    /// Whether the instance is refractory in this step (`i8`), for a refractory model.
    refractory: Option<Value>,
}

impl<'a, 'b> StepBuilder<'a, 'b> {
    /// Opens the function: its entry block reads the frame.
    fn start(
        b: &'a mut FunctionBuilder<'b>,
        calls: &'a HashMap<&'static str, FuncRef>,
        m: &'a Model,
        ptr: Type,
        shared: bool,
    ) -> Self {
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        let frame = b.block_params(entry)[0];
        let field = |b: &mut FunctionBuilder, ty: Type, offset: usize| {
            b.ins().load(ty, flags(), frame, offset as i32)
        };
        let bytes = i32::from(ptr.bytes() as u8);
        let columns = |b: &mut FunctionBuilder, base: Value, count: usize| -> Vec<Value> {
            (0..count)
                .map(|k| b.ins().load(ptr, flags(), base, bytes * k as i32))
                .collect()
        };
        let states = field(b, ptr, offset_of!(Frame, states));
        let states = columns(b, states, m.states.len());
        let inputs = field(b, ptr, offset_of!(Frame, inputs));
        let inputs = columns(b, inputs, m.inputs.len());
        let params = field(b, ptr, offset_of!(Frame, params));
        let params = columns(b, params, m.params.len());
        let params = if shared {
            Params::Shared(
                params
                    .iter()
                    .map(|p| b.ins().load(types::F64, flags(), *p, 0))
                    .collect(),
            )
        } else {
            let strides = field(b, ptr, offset_of!(Frame, strides));
            let strides = (0..m.params.len())
                .map(|k| b.ins().load(types::I64, flags(), strides, 8 * k as i32));
            Params::Each(
                params
                    .into_iter()
                    .zip(strides.collect::<Vec<_>>())
                    .collect(),
            )
        };
        let dt = field(b, types::F64, offset_of!(Frame, dt));
        let milli = b.ins().f64const(1e-3);
        let dt_s = b.ins().fmul(dt, milli);
        let at = Invariants {
            states,
            inputs,
            params,
            refractory: field(b, ptr, offset_of!(Frame, refractory)),
            spikes: field(b, ptr, offset_of!(Frame, spikes)),
            n: field(b, types::I64, offset_of!(Frame, n)),
            t: field(b, types::F64, offset_of!(Frame, t)),
            dt,
            seed: field(b, types::I64, offset_of!(Frame, seed)),
            step_no: field(b, types::I64, offset_of!(Frame, step_no)),
            noise_scale: b.ins().sqrt(dt_s),
        };
        let x = m.states.iter().map(|_| b.declare_var(types::F64)).collect();
        let refr = matches!(m.refractory, Refractory::Period(_)).then(|| b.declare_var(types::I32));
        let zero = b.ins().iconst(types::I64, 0);
        let count = b.declare_var(types::I64);
        b.def_var(count, zero);
        StepBuilder {
            b,
            calls,
            m,
            at,
            i: zero,
            params: Vec::new(),
            inputs: Vec::new(),
            x,
            refr,
            count,
            refractory: None,
        }
    }

    /// The loop over instances and the return.
    fn build(&mut self, method: Method, schedule: Schedule) {
        let header = self.b.create_block();
        self.b.append_block_param(header, types::I64);
        let exit = self.b.create_block();
        let zero = self.i;
        let empty = self.b.ins().icmp_imm_u(IntCC::Equal, self.at.n, 0);
        self.b.ins().brif(empty, exit, &[], header, &[zero.into()]);

        self.b.switch_to_block(header);
        self.i = self.b.block_params(header)[0];
        self.load_instance();
        let store = self.b.create_block();
        match schedule {
            Schedule::Seed => {
                for e in 0..self.m.events.len() {
                    self.event(e, Some(store));
                }
                self.integrate(method);
                self.b.ins().jump(store, &[]);
            }
            Schedule::Brian2 => {
                self.integrate(method);
                for e in 0..self.m.events.len() {
                    self.event(e, None);
                }
                self.b.ins().jump(store, &[]);
            }
        }
        self.b.switch_to_block(store);
        self.store_instance();
        let next = self.b.ins().iadd_imm_u(self.i, 1);
        let more = self.b.ins().icmp(IntCC::UnsignedLessThan, next, self.at.n);
        self.b.ins().brif(more, header, &[next.into()], exit, &[]);

        self.b.switch_to_block(exit);
        let count = self.b.use_var(self.count);
        self.b.ins().return_(&[count]);
    }

    /// The address of element `i` of the column at `base`, elements of `bytes` bytes.
    fn element(&mut self, base: Value, bytes: i64) -> Value {
        let offset = self.b.ins().imul_imm_u(self.i, bytes);
        self.b.ins().iadd(base, offset)
    }

    /// Reads instance i's parameters, inputs, states and refractoriness.
    fn load_instance(&mut self) {
        self.params = match &self.at.params {
            Params::Shared(values) => values.clone(),
            Params::Each(columns) => columns
                .clone()
                .into_iter()
                .map(|(column, stride)| {
                    let offset = self.b.ins().imul(self.i, stride);
                    let at = self.b.ins().iadd(column, offset);
                    self.b.ins().load(types::F64, flags(), at, 0)
                })
                .collect(),
        };
        self.inputs = (0..self.at.inputs.len())
            .map(|k| {
                let at = self.element(self.at.inputs[k], 8);
                self.b.ins().load(types::F64, flags(), at, 0)
            })
            .collect();
        for k in 0..self.x.len() {
            let at = self.element(self.at.states[k], 8);
            let v = self.b.ins().load(types::F64, flags(), at, 0);
            self.b.def_var(self.x[k], v);
        }
        self.refractory = match &self.m.refractory {
            Refractory::None => None,
            Refractory::Period(_) => {
                let at = self.element(self.at.refractory, 4);
                let r = self.b.ins().load(types::I32, flags(), at, 0);
                let left = self.b.ins().icmp_imm_u(IntCC::UnsignedGreaterThan, r, 0);
                let fewer = self.saturating_decrement(r);
                let refr = self.refr.expect("a refractory period has a counter");
                self.b.def_var(refr, fewer);
                Some(left)
            }
            Refractory::While(c) => {
                let x = self.states();
                let t = self.at.t;
                Some(self.lower(t, &x, false).condition(c))
            }
        };
    }

    /// Writes instance i's states and refractory counter back.
    fn store_instance(&mut self) {
        for k in 0..self.x.len() {
            let v = self.b.use_var(self.x[k]);
            let at = self.element(self.at.states[k], 8);
            self.b.ins().store(flags(), v, at, 0);
        }
        if let Some(refr) = self.refr {
            let r = self.b.use_var(refr);
            let at = self.element(self.at.refractory, 4);
            self.b.ins().store(flags(), r, at, 0);
        }
    }

    /// `r − 1`, or 0 for 0 (`u32::saturating_sub(1)`).
    fn saturating_decrement(&mut self, r: Value) -> Value {
        let positive = self.b.ins().icmp_imm_u(IntCC::UnsignedGreaterThan, r, 0);
        let less = self.b.ins().iadd_imm_s(r, -1);
        let zero = self.b.ins().iconst(types::I32, 0);
        self.b.ins().select(positive, less, zero)
    }

    /// The current state values.
    fn states(&mut self) -> Vec<Value> {
        (0..self.x.len())
            .map(|k| self.b.use_var(self.x[k]))
            .collect()
    }

    /// A lowering of expressions reading states `x` at time `t`, with `dt` and the draws
    /// where `draws`.
    fn lower<'s>(&'s mut self, t: Value, x: &'s [Value], draws: bool) -> Lower<'s, 'b, 's> {
        let draws = draws.then_some(Draws {
            dt: self.at.dt,
            seed: self.at.seed,
            i: self.i,
            step: self.at.step_no,
        });
        Lower {
            b: self.b,
            calls: self.calls,
            at: Inputs {
                params: Values::Each(&self.params),
                states: Values::Each(x),
                inputs: Values::Each(&self.inputs),
                t,
                draws,
            },
        }
    }

    /// Event `e`: tested unless the instance is refractory; when it holds, its assignments
    /// in order, the spike and the refractory period. With `done`, a firing instance goes
    /// there (the seed schedule's first event); otherwise on to the next event. The builder
    /// is left in the block after the event.
    fn event(&mut self, e: usize, done: Option<cranelift_codegen::ir::Block>) {
        let ev = &self.m.events[e];
        let test = self.b.create_block();
        let fire = self.b.create_block();
        let after = self.b.create_block();
        match self.refractory {
            Some(refractory) => self.b.ins().brif(refractory, after, &[], test, &[]),
            None => self.b.ins().jump(test, &[]),
        };
        self.b.switch_to_block(test);
        let x = self.states();
        let t = self.at.t;
        let hit = self.lower(t, &x, true).condition(&ev.condition);
        self.b.ins().brif(hit, fire, &[], after, &[]);

        self.b.switch_to_block(fire);
        for (k, value) in &ev.assignments {
            let x = self.states();
            let v = self.lower(t, &x, false).value(value);
            self.b.def_var(self.x[*k], v);
        }
        if ev.emits_spike {
            let i = self.b.ins().ireduce(types::I32, self.i);
            let count = self.b.use_var(self.count);
            let offset = self.b.ins().imul_imm_u(count, 4);
            let at = self.b.ins().iadd(self.at.spikes, offset);
            self.b.ins().store(flags(), i, at, 0);
            let count = self.b.ins().iadd_imm_u(count, 1);
            self.b.def_var(self.count, count);
            if let (Refractory::Period(period), Some(refr)) = (&self.m.refractory, self.refr) {
                let x = self.states();
                let p = self.lower(t, &x, false).value(period);
                let dt = self.at.dt;
                let steps = self.lower(t, &x, false).call(REFRACTORY_STEPS, &[p, dt]);
                let left = self.saturating_decrement(steps);
                self.b.def_var(refr, left);
            }
        }
        self.b.ins().jump(done.unwrap_or(after), &[]);
        self.b.switch_to_block(after);
    }

    /// Every equation's right-hand side at states `x` and time `t`.
    fn drifts(&mut self, t: Value, x: &[Value]) -> Vec<Value> {
        let m = self.m;
        let mut lower = self.lower(t, x, true);
        m.equations.iter().map(|e| lower.value(&e.rhs)).collect()
    }

    /// ξ of equation `e` for this instance and step.
    fn xi(&mut self, e: usize) -> Value {
        let e = self.b.ins().iconst(types::I64, e as i64);
        let args = [self.at.seed, e, self.i, self.at.step_no];
        let normal = self.calls[NORMAL];
        let call = self.b.ins().call(normal, &args);
        let draw = self.b.inst_results(call)[0];
        self.b.ins().fdiv(draw, self.at.noise_scale)
    }

    /// dt·g·ξ for equation `e` with white noise, at states `x`.
    fn noise(&mut self, e: usize, x: &[Value]) -> Option<Value> {
        let g = self.m.equations[e].noise.as_ref()?;
        let t = self.at.t;
        let g = self.lower(t, x, true).value(g);
        let dt_g = self.b.ins().fmul(self.at.dt, g);
        let xi = self.xi(e);
        Some(self.b.ins().fmul(dt_g, xi))
    }

    /// `x + c·dt·k` and `t + c·dt`: a Runge–Kutta stage's arguments.
    fn stage(&mut self, x: &[Value], k: &[Value], c: f64) -> (Vec<Value>, Value) {
        let c = self.b.ins().f64const(c);
        let c_dt = self.b.ins().fmul(c, self.at.dt);
        let stage = x
            .iter()
            .zip(k)
            .map(|(x, k)| {
                let step = self.b.ins().fmul(c_dt, *k);
                self.b.ins().fadd(*x, step)
            })
            .collect();
        (stage, self.b.ins().fadd(self.at.t, c_dt))
    }

    /// One step of `method` from the current states; the variables hold the new values,
    /// with the states clamped while refractory kept.
    fn integrate(&mut self, method: Method) {
        let x = self.states();
        let (t, dt) = (self.at.t, self.at.dt);
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
                // x ← x + dt·φ(dt·a)·f(x), φ = exprel, a = ∂f/∂x (no coupled block: refused).
                let f = self.drifts(t, &x);
                let exprel = self.calls["cajal_exprel"];
                let mut new: Vec<Value> = (0..x.len())
                    .map(|e| {
                        let m = self.m;
                        let a = m.equations[e]
                            .jacobian_diagonal
                            .as_ref()
                            .expect("exponential methods carry the Jacobian diagonal");
                        let a = self.lower(t, &x, true).value(a);
                        let dt_a = self.b.ins().fmul(dt, a);
                        let call = self.b.ins().call(exprel, &[dt_a]);
                        let phi = self.b.inst_results(call)[0];
                        let dt_phi = self.b.ins().fmul(dt, phi);
                        let step = self.b.ins().fmul(dt_phi, f[e]);
                        self.b.ins().fadd(x[e], step)
                    })
                    .collect();
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
        for (var, value) in self.x.clone().into_iter().zip(new) {
            self.b.def_var(var, value);
        }
    }

    /// Stochastic Heun: the predictor with the same Wiener increment as the corrector.
    fn stochastic_heun(&mut self, x: &[Value]) -> Vec<Value> {
        let (t, dt) = (self.at.t, self.at.dt);
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
