//! Cajal's JIT: models written as text (and library models read from their text) compiled
//! to native code with Cranelift, in milliseconds and without a Rust or C compiler — a
//! population's whole step (the loop over instances, every integration method with white
//! noise, refractoriness, both event schedules, hazard draws, spikes), a synapse's passes
//! over its targets (injection and the summed-state advance), a plastic synapse's `on_pre`
//! and `on_post` statements, a coupling's terms (edge, node, and a plastic coupling's rule),
//! and the right-hand sides alone for the interpreter's own loop.
//!
//! The compiled code performs the interpreter's operations in the same order and calls the
//! same math functions, so runs agree with the interpreter — and so with `neural_model!`'s
//! generated code — to the last bit; what the loop computes the same for every instance
//! (calls whose arguments read only shared parameters, exponential factors, propagators) is
//! computed once before it, from the same values. [`install`] makes every interpreter
//! prepared afterwards use it; models it cannot take (those that read delayed states) stay
//! with the expression trees, and [`cajal_runtime::interpreter::Interpreter::engine`] says
//! why.
//!
//! ```
//! cajal_jit::install();
//! let text = "neuron Decay { parameters { tau = 10 ms } state { v = 1 mV }
//!             equations { dv/dt = -v/tau } method euler }";
//! let model = cajal_lang::compile(text).unwrap().remove(0);
//! let interpreter = cajal_runtime::interpreter::Interpreter::new(model);
//! assert!(matches!(
//!     interpreter.engine(),
//!     cajal_runtime::interpreter::Engine::Native { .. }
//! ));
//! ```

mod code;
mod coupling;
mod define;
mod functions;
mod hoist;
mod integrate;
mod lower;
mod plasticity;
mod step;
mod synapse;

pub use code::{CompiledCoupling, CompiledPlasticity, CompiledSynapse, Rhs, Step};
pub use coupling::compile_coupling;
pub use plasticity::compile_plasticity;
pub use step::compile_step;
pub use synapse::compile_synapse;

use std::sync::Arc;

use cajal_lang::ir;
use cajal_runtime::interpreter::{
    NativeCompiler, NativeCoupling, NativePlasticity, NativeRhs, NativeStep, NativeSynapse,
    set_native_compiler,
};
use cranelift_codegen::ir::{InstBuilder, types};
use cranelift_module::Module;

use define::{define, error, host_module, trusted};
use lower::{Inputs, Lower, Values, unsupported};

/// The JIT as the interpreter takes it (see
/// [`cajal_runtime::interpreter::Interpreter::with_compiler`]).
pub const COMPILER: NativeCompiler = NativeCompiler {
    rhs: |model| compile_rhs(model).map(|rhs| Arc::new(rhs) as Arc<dyn NativeRhs>),
    step: |plain, hoisted, method, schedule| {
        compile_step(plain, hoisted, method, schedule).map(|s| Arc::new(s) as Arc<dyn NativeStep>)
    },
    synapse: |dynamics, injected| {
        compile_synapse(dynamics, injected).map(|s| Arc::new(s) as Arc<dyn NativeSynapse>)
    },
    plasticity: |synapse| {
        compile_plasticity(synapse).map(|p| Arc::new(p) as Arc<dyn NativePlasticity>)
    },
    coupling: |c| compile_coupling(c).map(|c| Arc::new(c) as Arc<dyn NativeCoupling>),
};

/// Makes every interpreter prepared from now on run native code.
pub fn install() {
    set_native_compiler(Some(COMPILER));
}

/// Makes interpreters prepared from now on evaluate expression trees (the reference).
pub fn uninstall() {
    set_native_compiler(None);
}

/// Why the JIT does not take `c`'s terms, if it does not: the message names the coupling.
pub fn coupling_refusal(c: &ir::Coupling) -> Option<String> {
    coupling::refusal(c)
}

/// Why the JIT does not take `model`, if it does not: the message names the model and what
/// the interpreter keeps doing for it.
pub fn refusal(model: &ir::Model) -> Option<String> {
    let why = model
        .equations
        .iter()
        .find_map(|e| unsupported(&e.rhs, false))?;
    Some(format!(
        "`{}` stays interpreted: the JIT does not compile an equation that {why}",
        model.name
    ))
}

/// The right-hand sides of `model`'s equations compiled to one native function; an error
/// saying why for a model the JIT does not take.
pub fn compile_rhs(model: &ir::Model) -> Result<Rhs, String> {
    if let Some(why) = refusal(model) {
        return Err(why);
    }
    let mut module = host_module()?;
    let ptr = module.target_config().pointer_type();
    let signature = (&[ptr, ptr, ptr, types::F64, ptr][..], &[][..]);
    let id = define(&mut module, "rhs", signature, |b, calls, args| {
        let at = Inputs {
            params: Values::At(args[0]),
            states: Values::At(args[1]),
            inputs: Values::At(args[2]),
            t: args[3],
            draws: None,
            synapse: None,
            coupling: None,
            weight: None,
        };
        let out = args[4];
        for (e, eq) in model.equations.iter().enumerate() {
            let mut lower = Lower {
                b,
                calls,
                at,
                hoisted: None,
            };
            let v = lower.value(&eq.rhs);
            let offset = i32::try_from(8 * e).map_err(|e| error("lay out the output", e))?;
            b.ins().store(trusted(), v, out, offset);
        }
        b.ins().return_(&[]);
        Ok(())
    })?;
    let counts = [
        model.params.len(),
        model.states.len(),
        model.inputs.len(),
        model.equations.len(),
    ];
    Rhs::finish(module, id, counts, model.name.clone())
}
