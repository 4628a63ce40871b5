//! Compiled functions' common frame: the host's code generator, the functions compiled code
//! may call, and a function declared in a module, built by a closure and compiled.

use std::collections::HashMap;

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{
    AbiParam, Block, FuncRef, InstBuilder, MemFlagsData, Type, Value, types,
};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{FuncId, Linkage, Module, default_libcall_names};

use crate::functions::{self, Kind};

/// The functions a function under construction may call, by symbol.
pub type Calls = HashMap<&'static str, FuncRef>;

/// A Cranelift error as text.
pub fn error(what: &str, e: impl std::fmt::Display) -> String {
    format!("the JIT could not {what}: {e}")
}

/// The host's code generator, optimising for speed (Cranelift never reassociates or fuses
/// floating-point operations, so optimisation does not change results).
pub fn host_module() -> Result<JITModule, String> {
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
) -> Result<Calls, String> {
    let ptr = module.target_config().pointer_type();
    let ty = |k: Kind| match k {
        Kind::F64 => types::F64,
        Kind::I32 => types::I32,
        Kind::I64 => types::I64,
        Kind::Ptr => ptr,
    };
    let mut imported = HashMap::new();
    for f in functions::all() {
        let mut sig = module.make_signature();
        sig.params
            .extend(f.params.iter().map(|k| AbiParam::new(ty(*k))));
        sig.returns
            .extend(f.returns.iter().map(|k| AbiParam::new(ty(*k))));
        let callee = module
            .declare_function(f.name, Linkage::Import, &sig)
            .map_err(|e| error("import a function", e))?;
        imported.insert(f.name, module.declare_func_in_func(callee, func));
    }
    Ok(imported)
}

/// Declares function `name` with `params` and `returns` in `module`, builds it with `body`
/// (given the callable functions and the arguments, in the entry block) and compiles it.
pub fn define(
    module: &mut JITModule,
    name: &str,
    (params, returns): (&[Type], &[Type]),
    body: impl FnOnce(&mut FunctionBuilder, &Calls, &[Value]) -> Result<(), String>,
) -> Result<FuncId, String> {
    let mut ctx = module.make_context();
    let signature = &mut ctx.func.signature;
    signature
        .params
        .extend(params.iter().map(|t| AbiParam::new(*t)));
    signature
        .returns
        .extend(returns.iter().map(|t| AbiParam::new(*t)));
    let id = module
        .declare_function(name, Linkage::Local, &ctx.func.signature)
        .map_err(|e| error("declare the function", e))?;
    let mut fctx = FunctionBuilderContext::new();
    {
        let mut b = FunctionBuilder::new(&mut ctx.func, &mut fctx);
        let calls = import_functions(module, b.func)?;
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        let args = b.block_params(entry).to_vec();
        body(&mut b, &calls, &args)?;
        b.seal_all_blocks();
        b.finalize(module.target_config());
    }
    module
        .define_function(id, &mut ctx)
        .map_err(|e| error("compile", e))?;
    module.clear_context(&mut ctx);
    Ok(id)
}

/// Memory flags of compiled code's loads and stores from frames and columns: aligned and in
/// bounds (the callers in `code.rs` check every size before a call).
pub fn trusted() -> MemFlagsData {
    MemFlagsData::trusted()
}

/// An open `for i in 0..n` loop: its body block and the block after it.
pub struct CountedLoop {
    header: Block,
    exit: Block,
    n: Value,
}

impl CountedLoop {
    /// Opens the loop over `i` from `start` (an `i64` zero) to `n`, skipped when `n` is 0;
    /// returns it and `i`, with the builder in its body.
    pub fn open(b: &mut FunctionBuilder, start: Value, n: Value) -> (CountedLoop, Value) {
        let header = b.create_block();
        b.append_block_param(header, types::I64);
        let exit = b.create_block();
        let empty = b.ins().icmp_imm_u(IntCC::Equal, n, 0);
        b.ins().brif(empty, exit, &[], header, &[start.into()]);
        b.switch_to_block(header);
        let i = b.block_params(header)[0];
        (CountedLoop { header, exit, n }, i)
    }

    /// Ends the body for counter `i` (the next instance, or leave), with the builder after
    /// the loop.
    pub fn close(self, b: &mut FunctionBuilder, i: Value) {
        let next = b.ins().iadd_imm_u(i, 1);
        let more = b.ins().icmp(IntCC::UnsignedLessThan, next, self.n);
        b.ins()
            .brif(more, self.header, &[next.into()], self.exit, &[]);
        b.switch_to_block(self.exit);
    }
}
