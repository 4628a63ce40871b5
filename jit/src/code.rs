//! The one place that runs compiled code: a finished JIT module, kept alive as long as its
//! functions may be called, and the call of a right-hand-side function.
//!
//! Invariants the `unsafe` below relies on:
//! - the function was built by [`crate::compile_rhs`] with the signature
//!   `extern "C" fn(params, states, inputs: *const f64, t: f64, out: *mut f64)`, for a model
//!   with `params`, `states`, `inputs` and `equations` values, and reads only
//!   `params[..params]`, `states[..states]`, `inputs[..inputs]` and writes only
//!   `out[..equations]` (every load and store is at a constant offset below those counts);
//! - [`Rhs::rhs`] checks the slices' lengths against those counts before the call;
//! - the module's memory is finalised before the pointer is taken and freed only when the
//!   [`Rhs`] holding it is dropped; nothing mutates it in between.
#![allow(unsafe_code)]

use cajal_runtime::interpreter::NativeRhs;
use cranelift_jit::JITModule;
use cranelift_module::FuncId;

/// The signature of a compiled right-hand side.
type RhsFn = extern "C" fn(*const f64, *const f64, *const f64, f64, *mut f64);

/// Compiled right-hand sides of one model, with the counts of what they read and write.
pub struct Rhs {
    /// The finished module: its code stays mapped until this is dropped.
    module: Option<JITModule>,
    function: RhsFn,
    /// (parameters, states, inputs, equations).
    counts: [usize; 4],
    name: String,
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
        mut module: JITModule,
        id: FuncId,
        counts: [usize; 4],
        name: String,
    ) -> Result<Rhs, String> {
        module
            .finalize_definitions()
            .map_err(|e| format!("the JIT could not finish the code: {e}"))?;
        let address = module.get_finalized_function(id);
        // SAFETY: `address` is the finalised function `id`, built with the `RhsFn` signature
        // (the module invariants above); it stays mapped while the module lives in `Rhs`.
        let function = unsafe { std::mem::transmute::<*const u8, RhsFn>(address) };
        Ok(Rhs {
            module: Some(module),
            function,
            counts,
            name,
        })
    }
}

impl Drop for Rhs {
    fn drop(&mut self) {
        if let Some(module) = self.module.take() {
            // SAFETY: `self` is being dropped, so its function cannot be running or be
            // called again, and nothing else holds the module's code.
            unsafe { module.free_memory() };
        }
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
