//! Native code for a model's right-hand sides: a JIT (the `cajal-jit` crate) compiles them,
//! and the interpreter calls that code instead of walking the expression trees — with the
//! same operations in the same order, so the results agree to the last bit.
//!
//! The runtime does not depend on the JIT: a front end that links it installs its compiler
//! with [`set_native_compiler`], and every [`super::Interpreter`] made afterwards uses it.

use std::fmt::Debug;
use std::sync::{Arc, RwLock};

use cajal_lang::ir;

/// The compiled right-hand sides of one model.
pub trait NativeRhs: Send + Sync + Debug {
    /// `out[e]` ← the right-hand side of equation `e` (its deterministic part) for one
    /// instance with these parameter, state and input values at time `t_ms`. The slices
    /// have the model's numbers of parameters, states, inputs and equations.
    fn rhs(&self, params: &[f64], states: &[f64], inputs: &[f64], t_ms: f64, out: &mut [f64]);
}

/// Compiles the right-hand sides of a model, or says why it cannot (the interpreter then
/// evaluates them itself).
pub type RhsCompiler = fn(&ir::Model) -> Result<Arc<dyn NativeRhs>, String>;

static COMPILER: RwLock<Option<RhsCompiler>> = RwLock::new(None);

/// Makes every interpreter prepared from now on compile its models' right-hand sides with
/// `compiler` (`None`: evaluate the expression trees, the reference engine).
pub fn set_native_compiler(compiler: Option<RhsCompiler>) {
    *COMPILER.write().unwrap_or_else(|e| e.into_inner()) = compiler;
}

/// The installed compiler, if any.
pub fn native_compiler() -> Option<RhsCompiler> {
    *COMPILER.read().unwrap_or_else(|e| e.into_inner())
}

/// What runs a model's right-hand sides.
#[derive(Clone, Debug)]
pub enum Engine {
    /// The expression trees, evaluated; with the reason the JIT did not take the model, if
    /// one was installed.
    Interpreter(Option<String>),
    /// Native code (the plain model, and the model with hoisted reciprocals).
    Native {
        /// For instances with their own parameter values.
        plain: Arc<dyn NativeRhs>,
        /// For instances that share the parameters.
        hoisted: Arc<dyn NativeRhs>,
    },
}

impl Engine {
    /// The engine for `model` and its hoisted form: native code if there is a `compiler`
    /// and it takes both.
    pub(super) fn for_model(
        model: &ir::Model,
        hoisted: &ir::Model,
        compiler: Option<RhsCompiler>,
    ) -> Engine {
        let Some(compile) = compiler else {
            return Engine::Interpreter(None);
        };
        let plain = match compile(model) {
            Ok(code) => code,
            Err(why) => return Engine::Interpreter(Some(why)),
        };
        // Without a division to hoist the two forms are one model: compile it once.
        let hoisted = if hoisted == model {
            Ok(plain.clone())
        } else {
            compile(hoisted)
        };
        match hoisted {
            Ok(hoisted) => Engine::Native { plain, hoisted },
            Err(why) => Engine::Interpreter(Some(why)),
        }
    }

    /// The native code for the plain (`hoisted = false`) or hoisted model, if any.
    pub(super) fn code(&self, hoisted: bool) -> Option<&dyn NativeRhs> {
        match self {
            Engine::Interpreter(_) => None,
            Engine::Native { plain, .. } if !hoisted => Some(&**plain),
            Engine::Native { hoisted, .. } => Some(&**hoisted),
        }
    }
}
