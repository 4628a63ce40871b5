//! A synapse's loops over its targets compiled: the summed-state advance and the pass that
//! injects and advances, operation for operation as the interpreter's synapse (and the
//! generated code) compute them.

use std::mem::offset_of;

use cajal_lang::ir::{Expr, Model};
use cranelift_codegen::ir::{InstBuilder, Type, Value, types};
use cranelift_frontend::FunctionBuilder;
use cranelift_module::Module;

use crate::code::{CompiledSynapse, SynapseFrame};
use crate::define::{Calls, CountedLoop, define, host_module, trusted};
use crate::hoist::hoist;
use crate::integrate::Integration;
use crate::lower::{Inputs, Lower, Values, unsupported};

/// Why the JIT does not compile a synapse with summed-state `dynamics` and `injected`
/// values, if it does not.
pub fn refusal(dynamics: &Model, injected: &[Expr]) -> Option<String> {
    let why = read(dynamics, injected)
        .iter()
        .find_map(|e| unsupported(e, true))
        .or_else(|| {
            let noisy = dynamics.equations.iter().any(|e| e.noise.is_some());
            noisy.then(|| "has white noise".to_string())
        })?;
    Some(format!(
        "synapse `{}` stays interpreted: the JIT does not compile one that {why}",
        dynamics.name
    ))
}

/// Every expression a pass evaluates.
fn read<'a>(dynamics: &'a Model, injected: &'a [Expr]) -> Vec<&'a Expr> {
    let mut read: Vec<&Expr> = injected.iter().collect();
    for eq in &dynamics.equations {
        read.push(&eq.rhs);
        read.extend(&eq.jacobian_diagonal);
    }
    read
}

/// What a pass does besides advancing the summed states.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pass {
    /// Only advance (the `post` variables read 0).
    Advance,
    /// Add the scaled injected values to the outputs, then advance.
    Add,
    /// Set the outputs to the base plus the scaled injected values, then advance.
    Set,
}

/// The loops of the synapse with summed-state `dynamics` (with hoisted reciprocals) and
/// `injected` values, compiled; an error saying why for a synapse the JIT does not take.
pub fn compile_synapse(dynamics: &Model, injected: &[Expr]) -> Result<CompiledSynapse, String> {
    if let Some(why) = refusal(dynamics, injected) {
        return Err(why);
    }
    let mut module = host_module()?;
    let ptr = module.target_config().pointer_type();
    let mut ids = Vec::new();
    for (name, pass) in [
        ("advance", Pass::Advance),
        ("inject_add", Pass::Add),
        ("inject_set", Pass::Set),
    ] {
        ids.push(define(
            &mut module,
            name,
            (&[ptr], &[]),
            |b, calls, args| {
                pass_body(b, calls, (dynamics, injected), (args[0], ptr), pass);
                Ok(())
            },
        )?);
    }
    let counts = [
        dynamics.params.len(),
        dynamics.states.len(),
        dynamics.inputs.len(),
        injected.len(),
    ];
    CompiledSynapse::finish(
        module,
        [ids[0], ids[1], ids[2]],
        counts,
        dynamics.name.clone(),
    )
}

/// The body of one pass: a loop over targets j < n.
fn pass_body(
    b: &mut FunctionBuilder,
    calls: &Calls,
    (m, injected): (&Model, &[Expr]),
    (frame, ptr): (Value, Type),
    pass: Pass,
) {
    let field = |b: &mut FunctionBuilder, ty: Type, offset: usize| {
        b.ins().load(ty, trusted(), frame, offset as i32)
    };
    let bytes = i32::from(ptr.bytes() as u8);
    let table = |b: &mut FunctionBuilder, offset: usize, ty: Type, count: usize| -> Vec<Value> {
        let base = field(b, ptr, offset);
        let size = if ty == types::F64 { 8 } else { bytes };
        (0..count)
            .map(|k| b.ins().load(ty, trusted(), base, size * k as i32))
            .collect()
    };
    let params = table(
        b,
        offset_of!(SynapseFrame, params),
        types::F64,
        m.params.len(),
    );
    let n = field(b, types::I64, offset_of!(SynapseFrame, n));
    let t = field(b, types::F64, offset_of!(SynapseFrame, t));
    let dt = field(b, types::F64, offset_of!(SynapseFrame, dt));
    let state = field(b, ptr, offset_of!(SynapseFrame, state));
    let column_bytes = b.ins().imul_imm_u(n, 8);
    let states: Vec<Value> = (0..m.states.len())
        .map(|k| {
            let offset = b.ins().imul_imm_u(column_bytes, k as i64);
            b.ins().iadd(state, offset)
        })
        .collect();
    let (post, out, scale, base) = if pass == Pass::Advance {
        Default::default()
    } else {
        let post = table(b, offset_of!(SynapseFrame, post), ptr, m.inputs.len());
        let out = table(b, offset_of!(SynapseFrame, out), ptr, injected.len());
        let scale = table(
            b,
            offset_of!(SynapseFrame, scale),
            types::F64,
            injected.len(),
        );
        let base = if pass == Pass::Set {
            table(
                b,
                offset_of!(SynapseFrame, base),
                types::F64,
                injected.len(),
            )
        } else {
            Vec::new()
        };
        (post, out, scale, base)
    };

    let read = read(m, injected);
    let hoisted = hoist((b, calls, ptr), (m, m.method), &read, &params, (t, dt));
    let zero = b.ins().iconst(types::I64, 0);
    let (targets, j) = CountedLoop::open(b, zero, n);
    let offset = b.ins().imul_imm_u(j, 8);
    let load = |b: &mut FunctionBuilder, column: Value| {
        let at = b.ins().iadd(column, offset);
        b.ins().load(types::F64, trusted(), at, 0)
    };
    let x: Vec<Value> = states.iter().map(|c| load(b, *c)).collect();
    let inputs: Vec<Value> = match pass {
        Pass::Advance => m.inputs.iter().map(|_| b.ins().f64const(0.0)).collect(),
        Pass::Add | Pass::Set => post.iter().map(|c| load(b, *c)).collect(),
    };
    let injecting = if pass == Pass::Advance {
        &[][..]
    } else {
        injected
    };
    for (o, value) in injecting.iter().enumerate() {
        let at = Inputs {
            params: Values::Each(&params),
            states: Values::Each(&x),
            inputs: Values::Each(&inputs),
            t,
            draws: None,
            synapse: None,
            coupling: None,
            weight: None,
        };
        let hoisted = Some(&hoisted.values);
        let v = Lower {
            b,
            calls,
            at,
            hoisted,
        }
        .value(value);
        let v = b.ins().fmul(v, scale[o]);
        let target = b.ins().iadd(out[o], offset);
        let before = match pass {
            Pass::Set => base[o],
            _ => b.ins().load(types::F64, trusted(), target, 0),
        };
        let sum = b.ins().fadd(before, v);
        b.ins().store(trusted(), sum, target, 0);
    }
    let new = Integration {
        b,
        calls,
        m,
        params: &params,
        inputs: &inputs,
        t,
        dt,
        draws: None,
        refractory: None,
        ptr,
        hoisted: Some(&hoisted),
    }
    .integrate(m.method, &x);
    for (column, value) in states.iter().zip(new) {
        let at = b.ins().iadd(*column, offset);
        b.ins().store(trusted(), value, at, 0);
    }
    targets.close(b, j);
    b.ins().return_(&[]);
}
