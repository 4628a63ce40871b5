//! What a loop over instances computes once before it when every instance shares the
//! parameters: the calls whose arguments read only parameters (`exp(-dt/tau)` and the
//! like), the factors dt·exprel(dt·a) of exponential methods whose Jacobian diagonal reads
//! only parameters, and a coupled block's propagator. Computed from the same values with the
//! same operations, they are the same bits as computed for each instance; Cranelift moves
//! pure arithmetic out of loops itself, but not calls.

use std::collections::HashMap;

use cajal_lang::ir::{Expr, Func, Method, Model, Var};
use cranelift_codegen::ir::{InstBuilder, StackSlotData, StackSlotKind, Type, Value, types};
use cranelift_frontend::FunctionBuilder;

use crate::define::Calls;
use crate::functions::LINEAR_PROPAGATOR;
use crate::lower::{Inputs, Lower, Values};

/// Values computed before the loop.
pub struct Hoisted {
    /// Subexpressions of the model that call a function and read only parameters, by
    /// address.
    pub values: HashMap<*const Expr, Value>,
    /// dt·exprel(dt·a) of each equation whose Jacobian diagonal a reads only parameters
    /// (exponential methods).
    pub phis: Vec<Option<Value>>,
    /// The address of the coupled block's propagator, if its matrix reads only parameters.
    pub propagator: Option<Value>,
}

/// Whether `e` reads only constants and parameters.
pub fn invariant(e: &Expr) -> bool {
    match e {
        Expr::Var(v) => matches!(v, Var::Param(_)),
        Expr::Delayed(..) => false,
        _ => e.children().into_iter().all(invariant),
    }
}

/// Whether `e` calls a function (not an instruction: `sqrt`, `abs`, `frozen`, small powers).
fn calls(e: &Expr) -> bool {
    let here = match e {
        Expr::Call(f, _) => !matches!(f, Func::Sqrt | Func::Abs | Func::Frozen),
        Expr::Powf(..) => true,
        Expr::Powi(_, n) => !matches!(n, -1 | 2 | 3 | 4),
        _ => false,
    };
    here || e.children().into_iter().any(calls)
}

/// The address of P = dt·φ₁(dt·A) for a coupled block whose matrix entries (row-major) are
/// `a`: a stack slot the runtime's propagator fills.
pub fn propagator(
    b: &mut FunctionBuilder,
    calls: &Calls,
    ptr: Type,
    dt: Value,
    a: &[Value],
) -> Value {
    let size = (a.len() as f64).sqrt() as usize;
    let bytes = 8 * a.len() as u32;
    let mut slot =
        || b.create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, bytes, 3));
    let (matrix, result) = (slot(), slot());
    for (k, v) in a.iter().enumerate() {
        b.ins().stack_store(ptr, *v, matrix, 8 * k as i32);
    }
    let at = b.ins().stack_addr(ptr, matrix, 0);
    let out = b.ins().stack_addr(ptr, result, 0);
    let n = b.ins().iconst(types::I64, size as i64);
    b.ins().call(calls[LINEAR_PROPAGATOR], &[dt, at, n, out]);
    out
}

/// Lowers, before the loop, what the loop over instances of `m` with `method` would compute
/// the same for every instance, from the shared parameter values `params`; `read` holds
/// every expression the loop evaluates.
pub fn hoist(
    (b, calls_to, ptr): (&mut FunctionBuilder, &Calls, Type),
    (m, method): (&Model, Method),
    read: &[&Expr],
    params: &[Value],
    (t, dt): (Value, Value),
) -> Hoisted {
    let at = Inputs {
        params: Values::Each(params),
        states: Values::Each(&[]),
        inputs: Values::Each(&[]),
        t,
        draws: None,
        synapse: None,
        coupling: None,
        weight: None,
    };
    let mut lower = Lower {
        b,
        calls: calls_to,
        at,
        hoisted: None,
    };
    let mut values = HashMap::new();
    let mut pending: Vec<&Expr> = read.to_vec();
    while let Some(e) = pending.pop() {
        if invariant(e) && calls(e) {
            values.insert(e as *const Expr, lower.value(e));
        } else if !invariant(e) {
            pending.extend(e.children());
        }
    }
    let exponential = matches!(
        method,
        Method::Exact | Method::ExponentialEuler | Method::ExpEulerDiag
    );
    let (block, matrix) = m.coupled_block_of(method);
    let exprel = calls_to["cajal_exprel"];
    let phis = m
        .equations
        .iter()
        .enumerate()
        .map(|(e, eq)| {
            let a = eq.jacobian_diagonal.as_ref()?;
            if !exponential || block.contains(&e) || !invariant(a) {
                return None;
            }
            let a = lower.value(a);
            let dt_a = lower.b.ins().fmul(dt, a);
            let call = lower.b.ins().call(exprel, &[dt_a]);
            let phi = lower.b.inst_results(call)[0];
            Some(lower.b.ins().fmul(dt, phi))
        })
        .collect();
    let propagator =
        (!block.is_empty() && matrix.iter().flatten().all(|e| invariant(e))).then(|| {
            let a: Vec<Value> = matrix.iter().flatten().map(|e| lower.value(e)).collect();
            propagator(lower.b, calls_to, ptr, dt, &a)
        });
    Hoisted {
        values,
        phis,
        propagator,
    }
}
