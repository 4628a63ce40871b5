//! A population's whole step compiled: the loop over instances with refractoriness, the
//! events in their schedule and the integration method, operation for operation as the
//! interpreter's step loop and `integrate` take them (so the same bits), with white noise and
//! hazard draws from the same keyed generators.

use std::mem::offset_of;

use cajal_lang::ir::{Expr, Method, Model, Refractory, Schedule};
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{InstBuilder, MemFlagsData, Type, Value, types};
use cranelift_frontend::{FunctionBuilder, Variable};
use cranelift_jit::JITModule;
use cranelift_module::{FuncId, Module};

use crate::code::{Frame, Step};
use crate::define::{Calls, CountedLoop, define, host_module, trusted};
use crate::functions::REFRACTORY_STEPS;
use crate::hoist::{Hoisted, hoist};
use crate::integrate::Integration;
use crate::lower::{Draws, unsupported};

/// Every expression `m`'s step evaluates.
fn read(m: &Model) -> Vec<&Expr> {
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
    read
}

/// Why the JIT does not compile `m`'s step, if it does not.
pub fn refusal(m: &Model) -> Option<String> {
    let read = read(m);
    let why = read.iter().find_map(|e| unsupported(e, true))?;
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
    if let Some(why) = refusal(plain).or_else(|| refusal(hoisted)) {
        return Err(why);
    }
    let mut module = host_module()?;
    let shared = define_step(
        &mut module,
        "step_shared",
        hoisted,
        (method, schedule),
        true,
    )?;
    let each = define_step(&mut module, "step_each", plain, (method, schedule), false)?;
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
fn define_step(
    module: &mut JITModule,
    name: &str,
    m: &Model,
    (method, schedule): (Method, Schedule),
    shared: bool,
) -> Result<FuncId, String> {
    let ptr = module.target_config().pointer_type();
    define(module, name, (&[ptr], &[types::I64]), |b, calls, args| {
        let mut builder = StepBuilder::start(b, calls, m, (args[0], ptr), shared);
        builder.build(method, schedule);
        Ok(())
    })
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
    /// Global index of instance 0 (`i64`).
    first: Value,
    step_no: Value,
    /// Where the step writes whether it stored a non-finite value.
    non_finite: Value,
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
    calls: &'a Calls,
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
    /// 1 once a stored state value was NaN or infinite, else 0 (`i64`).
    non_finite: Variable,
    /// Whether the instance is refractory in this step (`i8`), for a refractory model.
    refractory: Option<Value>,
    /// The pointer type.
    ptr: Type,
    /// What was computed before the loop (shared parameters).
    hoisted: Option<Hoisted>,
}

impl<'a, 'b> StepBuilder<'a, 'b> {
    /// Opens the function: its entry block reads the frame.
    fn start(
        b: &'a mut FunctionBuilder<'b>,
        calls: &'a Calls,
        m: &'a Model,
        (frame, ptr): (Value, Type),
        shared: bool,
    ) -> Self {
        let field = |b: &mut FunctionBuilder, ty: Type, offset: usize| {
            b.ins().load(ty, trusted(), frame, offset as i32)
        };
        let bytes = i32::from(ptr.bytes() as u8);
        let columns = |b: &mut FunctionBuilder, base: Value, count: usize| -> Vec<Value> {
            (0..count)
                .map(|k| b.ins().load(ptr, trusted(), base, bytes * k as i32))
                .collect()
        };
        let states = field(b, ptr, offset_of!(Frame, states));
        let states = columns(b, states, m.states.len());
        let inputs = field(b, ptr, offset_of!(Frame, inputs));
        let inputs = columns(b, inputs, m.inputs.len());
        let params = if shared {
            let values = field(b, ptr, offset_of!(Frame, values));
            Params::Shared(
                (0..m.params.len())
                    .map(|k| b.ins().load(types::F64, trusted(), values, 8 * k as i32))
                    .collect(),
            )
        } else {
            let params = field(b, ptr, offset_of!(Frame, params));
            let params = columns(b, params, m.params.len());
            let strides = field(b, ptr, offset_of!(Frame, strides));
            let strides = (0..m.params.len())
                .map(|k| b.ins().load(types::I64, trusted(), strides, 8 * k as i32));
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
            first: field(b, types::I64, offset_of!(Frame, first)),
            step_no: field(b, types::I64, offset_of!(Frame, step_no)),
            non_finite: field(b, ptr, offset_of!(Frame, non_finite)),
            noise_scale: b.ins().sqrt(dt_s),
        };
        let x = m.states.iter().map(|_| b.declare_var(types::F64)).collect();
        let refr = matches!(m.refractory, Refractory::Period(_)).then(|| b.declare_var(types::I32));
        let zero = b.ins().iconst(types::I64, 0);
        let count = b.declare_var(types::I64);
        b.def_var(count, zero);
        let non_finite = b.declare_var(types::I64);
        b.def_var(non_finite, zero);
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
            non_finite,
            refractory: None,
            ptr,
            hoisted: None,
        }
    }

    /// The loop over instances and the return.
    fn build(&mut self, method: Method, schedule: Schedule) {
        if let Params::Shared(params) = &self.at.params {
            let at = (self.b as &mut FunctionBuilder, self.calls, self.ptr);
            let times = (self.at.t, self.at.dt);
            let read = read(self.m);
            self.hoisted = Some(hoist(at, (self.m, method), &read, params, times));
        }
        let (instances, i) = CountedLoop::open(self.b, self.i, self.at.n);
        self.i = i;
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
        instances.close(self.b, self.i);
        let non_finite = self.b.use_var(self.non_finite);
        self.b
            .ins()
            .store(trusted(), non_finite, self.at.non_finite, 0);
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
                    self.b.ins().load(types::F64, trusted(), at, 0)
                })
                .collect(),
        };
        self.inputs = (0..self.at.inputs.len())
            .map(|k| {
                let at = self.element(self.at.inputs[k], 8);
                self.b.ins().load(types::F64, trusted(), at, 0)
            })
            .collect();
        for k in 0..self.x.len() {
            let at = self.element(self.at.states[k], 8);
            let v = self.b.ins().load(types::F64, trusted(), at, 0);
            self.b.def_var(self.x[k], v);
        }
        self.refractory = match &self.m.refractory {
            Refractory::None => None,
            Refractory::Period(_) => {
                let at = self.element(self.at.refractory, 4);
                let r = self.b.ins().load(types::I32, trusted(), at, 0);
                let left = self.b.ins().icmp_imm_u(IntCC::UnsignedGreaterThan, r, 0);
                let fewer = self.saturating_decrement(r);
                let refr = self.refr.expect("a refractory period has a counter");
                self.b.def_var(refr, fewer);
                Some(left)
            }
            Refractory::While(c) => {
                let x = self.states();
                let t = self.at.t;
                Some(self.instance().lower(t, &x, false).condition(c))
            }
        };
    }

    /// Writes instance i's states and refractory counter back, noting a value that is NaN
    /// or infinite (all exponent bits set, as `cajal_runtime::model::non_finite_bit` tests).
    fn store_instance(&mut self) {
        const EXPONENT: i64 = 0x7ff0_0000_0000_0000;
        let mut bad = self.b.use_var(self.non_finite);
        for k in 0..self.x.len() {
            let v = self.b.use_var(self.x[k]);
            let at = self.element(self.at.states[k], 8);
            self.b.ins().store(trusted(), v, at, 0);
            let bits = self.b.ins().bitcast(types::I64, MemFlagsData::new(), v);
            let exponent = self.b.ins().band_imm_u(bits, EXPONENT);
            let all_set = self.b.ins().icmp_imm_u(IntCC::Equal, exponent, EXPONENT);
            let all_set = self.b.ins().uextend(types::I64, all_set);
            bad = self.b.ins().bor(bad, all_set);
        }
        self.b.def_var(self.non_finite, bad);
        if let Some(refr) = self.refr {
            let r = self.b.use_var(refr);
            let at = self.element(self.at.refractory, 4);
            self.b.ins().store(trusted(), r, at, 0);
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

    /// What instance i's integration and expressions read.
    fn instance(&mut self) -> Integration<'_, 'b, '_> {
        let global = self.b.ins().iadd(self.i, self.at.first);
        Integration {
            b: self.b,
            calls: self.calls,
            m: self.m,
            params: &self.params,
            inputs: &self.inputs,
            t: self.at.t,
            dt: self.at.dt,
            draws: Some(Draws {
                dt: self.at.dt,
                seed: self.at.seed,
                i: global,
                step: self.at.step_no,
                noise_scale: self.at.noise_scale,
            }),
            refractory: self.refractory,
            ptr: self.ptr,
            hoisted: self.hoisted.as_ref(),
        }
    }

    /// One step of `method` from the current states into the variables.
    fn integrate(&mut self, method: Method) {
        let x = self.states();
        let new = self.instance().integrate(method, &x);
        for (var, value) in self.x.clone().into_iter().zip(new) {
            self.b.def_var(var, value);
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
        let hit = self.instance().lower(t, &x, true).condition(&ev.condition);
        self.b.ins().brif(hit, fire, &[], after, &[]);

        self.b.switch_to_block(fire);
        for (k, value) in &ev.assignments {
            let x = self.states();
            let v = self.instance().lower(t, &x, false).value(value);
            self.b.def_var(self.x[*k], v);
        }
        if ev.emits_spike {
            let i = self.b.ins().ireduce(types::I32, self.i);
            let count = self.b.use_var(self.count);
            let offset = self.b.ins().imul_imm_u(count, 4);
            let at = self.b.ins().iadd(self.at.spikes, offset);
            self.b.ins().store(trusted(), i, at, 0);
            let count = self.b.ins().iadd_imm_u(count, 1);
            self.b.def_var(self.count, count);
            if let (Refractory::Period(period), Some(refr)) = (&self.m.refractory, self.refr) {
                let x = self.states();
                let p = self.instance().lower(t, &x, false).value(period);
                let dt = self.at.dt;
                let steps = self
                    .instance()
                    .lower(t, &x, false)
                    .call(REFRACTORY_STEPS, &[p, dt]);
                let left = self.saturating_decrement(steps);
                self.b.def_var(refr, left);
            }
        }
        self.b.ins().jump(done.unwrap_or(after), &[]);
        self.b.switch_to_block(after);
    }
}
