//! Cajal's JIT: the right-hand sides of models written as text (and of library models read
//! from their text) compiled to native code with Cranelift, in milliseconds and without a
//! Rust or C compiler.
//!
//! The compiled code performs the interpreter's operations in the same order and calls the
//! same math functions, so runs agree with the interpreter — and so with `neural_model!`'s
//! generated code — to the last bit. [`install`] makes every interpreter prepared afterwards
//! use it; models it cannot take (right-hand sides that read delayed states) stay with the
//! expression trees, and [`cajal_runtime::interpreter::Interpreter::engine`] says why.
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
mod functions;
mod lower;
mod step;

pub use code::{Rhs, Step};
pub use step::compile_step;

use functions::Kind;

use std::collections::HashMap;
use std::sync::Arc;

use cajal_lang::ir;
use cajal_runtime::interpreter::{NativeCompiler, NativeRhs, NativeStep, set_native_compiler};
use cranelift_codegen::ir::{AbiParam, FuncRef, InstBuilder, MemFlagsData, types};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{Linkage, Module, default_libcall_names};

use lower::{Inputs, Lower, Values, unsupported};

/// The JIT as the interpreter takes it (see
/// [`cajal_runtime::interpreter::Interpreter::with_compiler`]).
pub const COMPILER: NativeCompiler = NativeCompiler {
    rhs: |model| compile_rhs(model).map(|rhs| Arc::new(rhs) as Arc<dyn NativeRhs>),
    step: |plain, hoisted, method, schedule| {
        compile_step(plain, hoisted, method, schedule).map(|s| Arc::new(s) as Arc<dyn NativeStep>)
    },
};

/// Makes every interpreter prepared from now on run native code.
pub fn install() {
    set_native_compiler(Some(COMPILER));
}

/// Makes interpreters prepared from now on evaluate expression trees (the reference).
pub fn uninstall() {
    set_native_compiler(None);
}

/// A Cranelift error as text.
fn error(what: &str, e: impl std::fmt::Display) -> String {
    format!("the JIT could not {what}: {e}")
}

/// The host's code generator, optimising for speed (Cranelift never reassociates or fuses
/// floating-point operations, so optimisation does not change results).
fn host_module() -> Result<JITModule, String> {
    let mut flags = settings::builder();
    for (flag, value) in [
        ("opt_level", "speed"),
        ("use_colocated_libcalls", "false"),
        ("is_pic", "false"),
    ] {
        flags.set(flag, value).map_err(|e| error("configure", e))?;
    }
    let isa = cranelift_native::builder()
        .map_err(|e| error("find the host's code generator", e))?
        .finish(settings::Flags::new(flags))
        .map_err(|e| error("configure the host's code generator", e))?;
    let mut builder = JITBuilder::with_isa(isa, default_libcall_names());
    for f in functions::all() {
        builder.symbol(f.name, f.address);
    }
    Ok(JITModule::new(builder))
}

/// Declares every function compiled code may call (see [`functions`]) in `module` and
/// `func`; their references by symbol.
fn import_functions(
    module: &mut JITModule,
    func: &mut cranelift_codegen::ir::Function,
) -> Result<HashMap<&'static str, FuncRef>, String> {
    let ty = |k: Kind| match k {
        Kind::F64 => types::F64,
        Kind::I32 => types::I32,
        Kind::I64 => types::I64,
    };
    let mut imported = HashMap::new();
    for f in functions::all() {
        let mut sig = module.make_signature();
        sig.params
            .extend(f.params.iter().map(|k| AbiParam::new(ty(*k))));
        sig.returns.push(AbiParam::new(ty(f.returns)));
        let callee = module
            .declare_function(f.name, Linkage::Import, &sig)
            .map_err(|e| error("import a function", e))?;
        imported.insert(f.name, module.declare_func_in_func(callee, func));
    }
    Ok(imported)
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
    let mut ctx = module.make_context();
    for ty in [ptr, ptr, ptr, types::F64, ptr] {
        ctx.func.signature.params.push(AbiParam::new(ty));
    }
    let id = module
        .declare_function("rhs", Linkage::Local, &ctx.func.signature)
        .map_err(|e| error("declare the function", e))?;
    let mut fctx = FunctionBuilderContext::new();
    {
        let mut b = FunctionBuilder::new(&mut ctx.func, &mut fctx);
        let imported = import_functions(&mut module, b.func)?;
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        b.seal_block(entry);
        let args = b.block_params(entry).to_vec();
        let at = Inputs {
            params: Values::At(args[0]),
            states: Values::At(args[1]),
            inputs: Values::At(args[2]),
            t: args[3],
            draws: None,
        };
        let out = args[4];
        for (e, eq) in model.equations.iter().enumerate() {
            let mut lower = Lower {
                b: &mut b,
                calls: &imported,
                at,
            };
            let v = lower.value(&eq.rhs);
            let offset = i32::try_from(8 * e).map_err(|e| error("lay out the output", e))?;
            b.ins().store(MemFlagsData::trusted(), v, out, offset);
        }
        b.ins().return_(&[]);
        b.finalize(module.target_config());
    }
    module
        .define_function(id, &mut ctx)
        .map_err(|e| error("compile", e))?;
    module.clear_context(&mut ctx);
    let counts = [
        model.params.len(),
        model.states.len(),
        model.inputs.len(),
        model.equations.len(),
    ];
    Rhs::finish(module, id, counts, model.name.clone())
}
