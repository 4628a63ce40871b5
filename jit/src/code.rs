//! The one place that runs compiled code: finished JIT modules, kept alive as long as their
//! functions may be called, the calls of right-hand-side and population-step functions, and
//! the spike recorder compiled steps call back.
//!
//! Invariants the `unsafe` below relies on:
//! - a right-hand-side function was built by [`crate::compile_rhs`] with the signature
//!   `extern "C" fn(params, states, inputs: *const f64, t: f64, out: *mut f64)`, for a model
//!   with `params`, `states`, `inputs` and `equations` values, and reads only
//!   `params[..params]`, `states[..states]`, `inputs[..inputs]` and writes only
//!   `out[..equations]` (every load and store is at a constant offset below those counts);
//!   [`Rhs::rhs`] checks the slices' lengths against those counts before the call;
//! - a step function was built by [`crate::step::compile_step`] with the signature
//!   `extern "C" fn(*const Frame) -> u64`; it reads the frame's column pointers at constant
//!   indices below the model's counts of states, inputs and parameters (the shared step:
//!   `values` below the count of parameters, never `params` or `strides`), and instance `i < n`
//!   of each column (element `i` of every state, input and per-instance column and of
//!   `refractory`, element 0 of a shared value), writes states and `refractory` at those
//!   places only, writes spike indices to `spikes[0..count]` one after another, at most one per
//!   instance and event that emits a spike, writes `non_finite[0]` once, and returns `count`;
//!   [`Step::step`] checks every count and column length, reserves that room after the spike
//!   vector's length, and builds the frame from live, exclusively borrowed slices (and a
//!   local for `non_finite`) that outlive the call;
//! - the synapse functions were built by [`crate::synapse::compile_synapse`] with the
//!   signature `extern "C" fn(*const SynapseFrame)`; they read the frame's tables at constant
//!   indices below the synapse's counts of parameters, `post` variables and injected values
//!   (the base only in the pass that sets), and element `k·n + j` of `state`, element `j` of
//!   every `post` and `out` column for j < n; they write `state` and `out` at those places
//!   only; [`CompiledSynapse`] checks every count and length and builds the frame from live
//!   borrows that outlive the call;
//! - the plastic-statement functions were built by [`crate::plasticity::compile_plasticity`]
//!   with the signature `extern "C" fn(*const PlasticFrame)`; they read `params`, `vars` and
//!   `signals` at constant indices below the synapse's counts of parameters, per-synapse
//!   variables and signals (refused otherwise), read and write `weight[0]` and `vars` there, and add to
//!   `summed` and `post` below the counts of summed states and `post` variables only when
//!   those pointers are not null; [`CompiledPlasticity`] checks the counts and builds the
//!   frame from borrows that outlive the call;
//! - a coupling's term functions were built by [`crate::coupling::compile_coupling`] with the
//!   signature `extern "C" fn(params, states: *const f64, pre, post, total, w: f64) -> f64`;
//!   they read `params` at constant indices below the coupling's count of parameters and
//!   `states` below its count of rule states (the edge and node terms none; refused
//!   otherwise), and write nothing; [`CompiledCoupling`] checks both slices' lengths;
//! - a module's memory is finalised before a pointer is taken and freed only when the value
//!   holding it is dropped; nothing mutates it in between.
#![allow(unsafe_code)]

use cajal_runtime::interpreter::{
    CouplingTerm, NativeCoupling, NativePlasticity, NativeRhs, NativeStep, NativeSynapse,
    PopulationStep, SynapsePass, SynapseVisit,
};
use std::ptr::{null, null_mut};

use cranelift_jit::JITModule;
use cranelift_module::FuncId;

/// Column addresses gathered for one call, in place: on the stack for up to 16 of a kind (so
/// that a step allocates nothing and nothing is copied after it is written), on the heap
/// beyond.
struct Table<T> {
    stack: [T; 16],
    heap: Vec<T>,
}

impl<T: Copy> Table<T> {
    /// An empty table (`empty` fills the unused places).
    fn new(empty: T) -> Table<T> {
        Table {
            stack: [empty; 16],
            heap: Vec::new(),
        }
    }

    /// Holds `values`, and says where they are (valid while the table lives, unmoved).
    fn hold(&mut self, values: impl ExactSizeIterator<Item = T>) -> *const T {
        if values.len() <= self.stack.len() {
            for (slot, v) in self.stack.iter_mut().zip(values) {
                *slot = v;
            }
            self.stack.as_ptr()
        } else {
            self.heap.clear();
            self.heap.extend(values);
            self.heap.as_ptr()
        }
    }
}

/// The signature of a compiled right-hand side.
type RhsFn = extern "C" fn(*const f64, *const f64, *const f64, f64, *mut f64);

/// The signature of a compiled population step: it returns the number of spikes written.
type StepFn = extern "C" fn(*const Frame) -> u64;

/// What a compiled step reads: the addresses of the population's columns and the step's
/// scalars. Its layout is what [`crate::step`] loads from (offsets from `offset_of!`).
#[repr(C)]
pub struct Frame {
    /// `*mut f64` of each state column.
    pub states: *const *mut f64,
    /// `*const f64` of each input column.
    pub inputs: *const *const f64,
    /// Every parameter's shared value, in order: what the step for shared parameters reads.
    pub values: *const f64,
    /// Each parameter's shared value, or its column when given per instance: what the step
    /// for per-instance parameters reads (null for the other).
    pub params: *const *const f64,
    /// Each parameter's stride in bytes: 0 for a shared value, 8 for a column (null with
    /// `params`).
    pub strides: *const u64,
    /// Steps of refractoriness left, per instance.
    pub refractory: *mut u32,
    /// Where the indices of the instances that spike are written, one after another (room
    /// for every instance times every event that emits a spike).
    pub spikes: *mut u32,
    /// Instances.
    pub n: u64,
    /// Time (ms).
    pub t: f64,
    /// Time step (ms).
    pub dt: f64,
    /// Seed.
    pub seed: u64,
    /// Global index of instance 0 (added to the instance in random draws' keys).
    pub first: u64,
    /// Steps taken so far.
    pub step_no: u64,
    /// Where the step writes whether it stored a state value that is NaN or infinite (1) or
    /// not (0).
    pub non_finite: *mut u64,
}

/// What a compiled synapse pass reads: the addresses of its tables and columns. Its layout
/// is what [`crate::synapse`] loads from.
#[repr(C)]
pub struct SynapseFrame {
    /// Parameter values.
    pub params: *const f64,
    /// Summed states, `state[k·n + j]`.
    pub state: *mut f64,
    /// `*const f64` of each `post` column.
    pub post: *const *const f64,
    /// `*mut f64` of each output column.
    pub out: *const *mut f64,
    /// The factor of each injected value.
    pub scale: *const f64,
    /// The base of each output (the pass that sets).
    pub base: *const f64,
    /// Targets.
    pub n: u64,
    /// Time (ms).
    pub t: f64,
    /// Time step (ms).
    pub dt: f64,
}

/// The signature of a compiled synapse pass.
type PassFn = extern "C" fn(*const SynapseFrame);

/// What a compiled visit of plastic statements reads and writes: one synapse's values. Its
/// layout is what [`crate::plasticity`] loads from.
#[repr(C)]
pub struct PlasticFrame {
    /// Parameter values.
    pub params: *const f64,
    /// The weight.
    pub weight: *mut f64,
    /// Per-synapse variables.
    pub vars: *mut f64,
    /// The signals' values.
    pub signals: *const f64,
    /// Increments of the summed states (null in a postsynaptic visit).
    pub summed: *mut f64,
    /// Increments of the `post` variables (null in a postsynaptic visit).
    pub post: *mut f64,
}

/// The signature of a compiled visit of plastic statements.
type VisitFn = extern "C" fn(*const PlasticFrame);

/// `p` ← P = dt·φ₁(dt·A) for the n×n matrix at `a` (row-major): the propagator of a coupled
/// linear block (called by compiled code).
extern "C" fn linear_propagator(dt: f64, a: *const f64, n: u64, p: *mut f64) {
    let n = n as usize;
    // SAFETY: compiled code passes two stack slots of n·n values each, `a` filled (the
    // block's matrix) and `p` for the result, live for the call and not aliased.
    let (a, p) = unsafe {
        (
            std::slice::from_raw_parts(a, n * n),
            std::slice::from_raw_parts_mut(p, n * n),
        )
    };
    p.copy_from_slice(&cajal_runtime::math::linear_propagator(dt, a, n));
}

/// The address of the propagator helper, for the module's symbol table.
pub fn linear_propagator_address() -> *const u8 {
    linear_propagator as *const u8
}

/// A finished module whose code stays mapped until this is dropped.
struct Code(Option<JITModule>);

impl Code {
    /// Finishes `module` and returns it with the addresses of `ids`.
    fn finish(mut module: JITModule, ids: &[FuncId]) -> Result<(Code, Vec<*const u8>), String> {
        module
            .finalize_definitions()
            .map_err(|e| format!("the JIT could not finish the code: {e}"))?;
        let addresses = ids
            .iter()
            .map(|id| module.get_finalized_function(*id))
            .collect();
        Ok((Code(Some(module)), addresses))
    }
}

impl Drop for Code {
    fn drop(&mut self) {
        if let Some(module) = self.0.take() {
            // SAFETY: the value owning the functions is being dropped, so they cannot be
            // running or be called again, and nothing else holds the module's code.
            unsafe { module.free_memory() };
        }
    }
}

/// Compiled right-hand sides of one model, with the counts of what they read and write.
pub struct Rhs {
    function: RhsFn,
    /// (parameters, states, inputs, equations).
    counts: [usize; 4],
    name: String,
    /// Declared last: dropped after nothing can call the function.
    _code: Code,
}

// SAFETY: the compiled function only reads its arguments and writes its output; the module's
// code is immutable once finalised and only touched again by `drop`.
unsafe impl Send for Rhs {}
// SAFETY: as above: calls share nothing but immutable code.
unsafe impl Sync for Rhs {}

impl Rhs {
    /// Finishes `module`, whose function `id` was built by [`crate::compile_rhs`] with the
    /// `RhsFn` signature for a model of `counts` (parameters, states, inputs, equations).
    pub fn finish(
        module: JITModule,
        id: FuncId,
        counts: [usize; 4],
        name: String,
    ) -> Result<Rhs, String> {
        let (code, addresses) = Code::finish(module, &[id])?;
        // SAFETY: the address is the finalised function `id`, built with the `RhsFn`
        // signature (the module invariants above); it stays mapped while `code` lives.
        let function = unsafe { std::mem::transmute::<*const u8, RhsFn>(addresses[0]) };
        Ok(Rhs {
            function,
            counts,
            name,
            _code: code,
        })
    }
}

impl std::fmt::Debug for Rhs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "native right-hand sides of `{}`", self.name)
    }
}

impl NativeRhs for Rhs {
    fn rhs(&self, params: &[f64], states: &[f64], inputs: &[f64], t_ms: f64, out: &mut [f64]) {
        let [p, s, i, e] = self.counts;
        assert!(
            params.len() >= p && states.len() >= s && inputs.len() >= i && out.len() >= e,
            "native right-hand sides of `{}` called with too few values",
            self.name
        );
        (self.function)(
            params.as_ptr(),
            states.as_ptr(),
            inputs.as_ptr(),
            t_ms,
            out.as_mut_ptr(),
        );
    }
}

/// A compiled population step: one function for instances that share the parameters (the
/// hoisted model) and one for parameters given per instance (the plain model).
pub struct Step {
    shared: StepFn,
    each: StepFn,
    /// (parameters, states, inputs).
    counts: [usize; 3],
    /// The events that emit a spike.
    emitting: usize,
    name: String,
    /// Declared last: dropped after nothing can call the functions.
    _code: Code,
}

// SAFETY: the compiled functions only touch the columns of the frame they are given, which
// `Step::step` builds from exclusive borrows; the code is immutable once finalised.
unsafe impl Send for Step {}
// SAFETY: as above.
unsafe impl Sync for Step {}

impl Step {
    /// Finishes `module`, whose functions `shared` and `each` were built by
    /// [`crate::step::compile_step`] for a model of `counts` (parameters, states, inputs)
    /// with `emitting` events that emit a spike.
    pub fn finish(
        module: JITModule,
        [shared, each]: [FuncId; 2],
        (counts, emitting): ([usize; 3], usize),
        name: String,
    ) -> Result<Step, String> {
        let (code, addresses) = Code::finish(module, &[shared, each])?;
        // SAFETY: the addresses are the finalised functions, built with the `StepFn`
        // signature (the module invariants above); they stay mapped while `code` lives.
        let [shared, each] = [addresses[0], addresses[1]]
            .map(|a| unsafe { std::mem::transmute::<*const u8, StepFn>(a) });
        Ok(Step {
            shared,
            each,
            counts,
            emitting,
            name,
            _code: code,
        })
    }

    /// Whether every column has `n` values and there is one per state, input and parameter.
    fn check(&self, s: &PopulationStep<'_>) -> Result<(), String> {
        let [p, st, i] = self.counts;
        let n = s.refractory.len();
        let counts_match = s.params.len() == p
            && s.per_instance.len() == p
            && s.states.len() == st
            && s.inputs.len() == i;
        let columns_match = s.states.iter().all(|c| c.len() == n)
            && s.inputs.iter().all(|c| c.len() == n)
            && s.per_instance.iter().flatten().all(|c| c.len() == n);
        if counts_match && columns_match && u32::try_from(n).is_ok() {
            Ok(())
        } else {
            Err(format!(
                "the compiled step of `{}` was given columns of the wrong sizes",
                self.name
            ))
        }
    }
}

impl std::fmt::Debug for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "native population step of `{}`", self.name)
    }
}

impl NativeStep for Step {
    fn step(&self, s: &mut PopulationStep<'_>) -> Result<(), String> {
        self.check(s)?;
        let shared = s.per_instance.iter().all(Option::is_none);
        let (mut states, mut inputs) = (Table::new(null_mut()), Table::new(null()));
        let states = states.hold(s.states.iter_mut().map(|c| c.as_mut_ptr()));
        let inputs = inputs.hold(s.inputs.iter().map(|c| c.as_ptr()));
        // The shared step reads the values where they are; only the other needs the tables.
        let (mut params, mut strides) = (Table::new(null()), Table::new(0));
        let (params, strides) = if shared {
            (null(), null())
        } else {
            let columns = s.params.iter().zip(s.per_instance);
            let params = params.hold(columns.clone().map(|(value, column)| match column {
                Some(c) => c.as_ptr(),
                None => value as *const f64,
            }));
            let strides = strides.hold(columns.map(|(_, column)| 8 * column.is_some() as u64));
            (params, strides)
        };
        let n = s.refractory.len();
        let room = n
            .checked_mul(self.emitting)
            .ok_or_else(|| format!("`{}`: too many instances", self.name))?;
        s.spikes.reserve(room);
        let written = s.spikes.len();
        let mut non_finite = 1u64;
        let frame = Frame {
            states,
            inputs,
            values: s.params.as_ptr(),
            params,
            strides,
            refractory: s.refractory.as_mut_ptr(),
            // SAFETY: `written` is the vector's length, so the pointer stays in (or one past)
            // its allocation, which has room for `room` more values.
            spikes: unsafe { s.spikes.as_mut_ptr().add(written) },
            n: n as u64,
            t: s.t_ms,
            dt: s.dt_ms,
            seed: s.seed,
            first: s.first,
            step_no: s.step_no,
            non_finite: &mut non_finite,
        };
        let function = if shared { self.shared } else { self.each };
        let count = function(&frame) as usize;
        s.wrote_non_finite = non_finite != 0;
        assert!(count <= room, "`{}` wrote {count} spikes", self.name);
        // SAFETY: the step initialised `count ≤ room` values after `written` (the invariants
        // above), within the reserved capacity.
        unsafe { s.spikes.set_len(written + count) };
        Ok(())
    }
}

/// A synapse's compiled passes: advance, inject by adding, inject by setting.
pub struct CompiledSynapse {
    advance: PassFn,
    add: PassFn,
    set: PassFn,
    /// (parameters, summed states, `post` variables, injected values).
    counts: [usize; 4],
    name: String,
    /// Declared last: dropped after nothing can call the functions.
    _code: Code,
}

// SAFETY: the compiled functions only touch the frame they are given, which the methods
// below build from borrows of the caller's slices; the code is immutable once finalised.
unsafe impl Send for CompiledSynapse {}
// SAFETY: as above.
unsafe impl Sync for CompiledSynapse {}

impl CompiledSynapse {
    /// Finishes `module`, whose functions `ids` (advance, add, set) were built by
    /// [`crate::synapse::compile_synapse`] for a synapse of `counts`.
    pub fn finish(
        module: JITModule,
        ids: [FuncId; 3],
        counts: [usize; 4],
        name: String,
    ) -> Result<CompiledSynapse, String> {
        let (code, addresses) = Code::finish(module, &ids)?;
        // SAFETY: the addresses are the finalised functions, built with the `PassFn`
        // signature (the module invariants above); they stay mapped while `code` lives.
        let [advance, add, set] = [addresses[0], addresses[1], addresses[2]]
            .map(|a| unsafe { std::mem::transmute::<*const u8, PassFn>(a) });
        Ok(CompiledSynapse {
            advance,
            add,
            set,
            counts,
            name,
            _code: code,
        })
    }

    /// The frame of `pass`, after checking its sizes.
    fn frame(&self, pass: &mut SynapsePass<'_>) -> Result<SynapseFrame, String> {
        let [p, s, ..] = self.counts;
        let room = s.checked_mul(pass.n);
        if pass.params.len() != p || room.is_none_or(|r| pass.state.len() < r) {
            return Err(self.wrong_sizes());
        }
        Ok(SynapseFrame {
            params: pass.params.as_ptr(),
            state: pass.state.as_mut_ptr(),
            post: std::ptr::null(),
            out: std::ptr::null(),
            scale: std::ptr::null(),
            base: std::ptr::null(),
            n: pass.n as u64,
            t: pass.t_ms,
            dt: pass.dt_ms,
        })
    }

    fn wrong_sizes(&self) -> String {
        format!(
            "the compiled synapse `{}` was given values of the wrong sizes",
            self.name
        )
    }
}

impl std::fmt::Debug for CompiledSynapse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "native loops of synapse `{}`", self.name)
    }
}

impl NativeSynapse for CompiledSynapse {
    fn advance(&self, mut pass: SynapsePass<'_>) -> Result<(), String> {
        let frame = self.frame(&mut pass)?;
        (self.advance)(&frame);
        Ok(())
    }

    fn inject_advance(
        &self,
        mut pass: SynapsePass<'_>,
        post: &[&[f64]],
        out: &mut [&mut [f64]],
        scale: &[f64],
        base: Option<&[f64]>,
    ) -> Result<(), String> {
        let [_, _, i, o] = self.counts;
        let n = pass.n;
        let fits = post.len() == i
            && post.iter().all(|c| c.len() >= n)
            && out.len() == o
            && out.iter().all(|c| c.len() >= n)
            && scale.len() >= o
            && base.is_none_or(|b| b.len() >= o);
        if !fits {
            return Err(self.wrong_sizes());
        }
        let mut frame = self.frame(&mut pass)?;
        let (mut post_table, mut out_table) = (Table::new(null()), Table::new(null_mut()));
        frame.post = post_table.hold(post.iter().map(|c| c.as_ptr()));
        frame.out = out_table.hold(out.iter_mut().map(|c| c.as_mut_ptr()));
        frame.scale = scale.as_ptr();
        let function = match base {
            Some(base) => {
                frame.base = base.as_ptr();
                self.set
            }
            None => self.add,
        };
        function(&frame);
        Ok(())
    }
}

/// A plastic synapse's compiled statements: `on_pre` and `on_post`.
pub struct CompiledPlasticity {
    on_pre: VisitFn,
    on_post: VisitFn,
    /// (parameters, per-synapse variables, summed states, `post` variables, signals).
    counts: [usize; 5],
    name: String,
    /// Declared last: dropped after nothing can call the functions.
    _code: Code,
}

// SAFETY: the compiled functions only touch the frame they are given, built from borrows of
// the caller's values; the code is immutable once finalised.
unsafe impl Send for CompiledPlasticity {}
// SAFETY: as above.
unsafe impl Sync for CompiledPlasticity {}

impl CompiledPlasticity {
    /// Finishes `module`, whose functions `ids` (on_pre, on_post) were built by
    /// [`crate::plasticity::compile_plasticity`] for a synapse of `counts`.
    pub fn finish(
        module: JITModule,
        ids: [FuncId; 2],
        counts: [usize; 5],
        name: String,
    ) -> Result<CompiledPlasticity, String> {
        let (code, addresses) = Code::finish(module, &ids)?;
        // SAFETY: the addresses are the finalised functions, built with the `VisitFn`
        // signature (the module invariants above); they stay mapped while `code` lives.
        let [on_pre, on_post] = [addresses[0], addresses[1]]
            .map(|a| unsafe { std::mem::transmute::<*const u8, VisitFn>(a) });
        Ok(CompiledPlasticity {
            on_pre,
            on_post,
            counts,
            name,
            _code: code,
        })
    }

    /// Calls `function` on the frame of `visit`, after checking its sizes.
    fn call(&self, function: VisitFn, visit: SynapseVisit<'_>) -> Result<(), String> {
        let [p, v, s, q, g] = self.counts;
        let increments_fit = visit
            .increments
            .as_ref()
            .is_none_or(|(summed, post)| summed.len() >= s && post.len() >= q);
        let fits = visit.params.len() == p && visit.vars.len() >= v && visit.signals.len() >= g;
        if !fits || !increments_fit {
            return Err(format!(
                "the compiled statements of synapse `{}` were given values of the wrong sizes",
                self.name
            ));
        }
        let (summed, post) = match visit.increments {
            Some((summed, post)) => (summed.as_mut_ptr(), post.as_mut_ptr()),
            None => (std::ptr::null_mut(), std::ptr::null_mut()),
        };
        let frame = PlasticFrame {
            params: visit.params.as_ptr(),
            weight: visit.weight,
            vars: visit.vars.as_mut_ptr(),
            signals: visit.signals.as_ptr(),
            summed,
            post,
        };
        function(&frame);
        Ok(())
    }
}

impl std::fmt::Debug for CompiledPlasticity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "native plastic statements of synapse `{}`", self.name)
    }
}

impl NativePlasticity for CompiledPlasticity {
    fn on_pre(&self, visit: SynapseVisit<'_>) -> Result<(), String> {
        self.call(self.on_pre, visit)
    }

    fn on_post(&self, visit: SynapseVisit<'_>) -> Result<(), String> {
        self.call(self.on_post, visit)
    }
}

/// The signature of a compiled coupling term.
type TermFn = extern "C" fn(*const f64, *const f64, f64, f64, f64, f64) -> f64;

/// A coupling's compiled terms: edge, node, then (plastic) dw/dt and each rule state's rate.
pub struct CompiledCoupling {
    terms: Vec<TermFn>,
    /// (parameters, rule states).
    counts: [usize; 2],
    name: String,
    /// Declared last: dropped after nothing can call the functions.
    _code: Code,
}

// SAFETY: the compiled functions only read the slices they are given; the code is
// immutable once finalised.
unsafe impl Send for CompiledCoupling {}
// SAFETY: as above.
unsafe impl Sync for CompiledCoupling {}

impl CompiledCoupling {
    /// Finishes `module`, whose functions `ids` (the terms in order) were built by
    /// [`crate::coupling::compile_coupling`] for a coupling of `counts`.
    pub fn finish(
        module: JITModule,
        ids: &[FuncId],
        counts: [usize; 2],
        name: String,
    ) -> Result<CompiledCoupling, String> {
        let (code, addresses) = Code::finish(module, ids)?;
        let terms = addresses
            .into_iter()
            // SAFETY: the addresses are the finalised functions, built with the `TermFn`
            // signature (the module invariants above); they stay mapped while `code` lives.
            .map(|a| unsafe { std::mem::transmute::<*const u8, TermFn>(a) })
            .collect();
        Ok(CompiledCoupling {
            terms,
            counts,
            name,
            _code: code,
        })
    }
}

impl std::fmt::Debug for CompiledCoupling {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "native terms of coupling `{}`", self.name)
    }
}

impl NativeCoupling for CompiledCoupling {
    fn value(
        &self,
        term: CouplingTerm,
        params: &[f64],
        states: &[f64],
        [pre, post, total]: [f64; 3],
        w: f64,
    ) -> f64 {
        let [p, s] = self.counts;
        let k = match term {
            CouplingTerm::Edge => 0,
            CouplingTerm::Node => 1,
            CouplingTerm::WeightRate => 2,
            CouplingTerm::RuleRate(k) => 3 + k,
        };
        let reads_states = k >= 2;
        assert!(
            params.len() >= p && (!reads_states || states.len() >= s),
            "the compiled terms of coupling `{}` were given too few values",
            self.name
        );
        let function = self
            .terms
            .get(k)
            .unwrap_or_else(|| panic!("coupling `{}` has no term {term:?}", self.name));
        function(params.as_ptr(), states.as_ptr(), pre, post, total, w)
    }
}
