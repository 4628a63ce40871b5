//! A plastic synapse's `on_pre` and `on_post` statements compiled, for one synapse at a
//! time: each statement's value computed as the interpreter evaluates it, from the
//! parameters, the signals and the synapse's variables and weight as the statements before
//! left them; increments added to the summed states and `post` variables in place, the
//! variables and the weight written back at the end.

use std::mem::offset_of;

use cajal_lang::ir::{PlasticStmt, PlasticTarget, Synapse, Var};
use cranelift_codegen::ir::{InstBuilder, Type, Value, types};
use cranelift_frontend::FunctionBuilder;
use cranelift_module::Module;

use crate::code::{CompiledPlasticity, PlasticFrame};
use crate::define::{Calls, define, host_module, trusted};
use crate::lower::{Inputs, Lower, SynapseReads, Values, reads_only};

/// Whether a statement may read `v`: the synapse's parameters, variables, weight and
/// signals (below their `counts`: parameters, per-synapse variables, signals).
fn readable(v: Var, [params, vars, signals]: [usize; 3]) -> bool {
    match v {
        Var::Weight => true,
        Var::Param(k) => k < params,
        Var::Trace(k) => k < vars,
        Var::Signal(k) => k < signals,
        _ => false,
    }
}

/// (parameters, per-synapse variables, summed states, `post` variables, signals) of
/// `synapse`.
fn counts(synapse: &Synapse) -> [usize; 5] {
    let m = &synapse.dynamics;
    let vars = synapse
        .plasticity
        .as_ref()
        .map_or(0, |p| p.traces.len() + p.continuous.len());
    [
        m.params.len(),
        vars,
        m.states.len(),
        m.inputs.len(),
        synapse.signals.len(),
    ]
}

/// Why the JIT does not compile `synapse`'s plastic statements, if it does not.
pub fn refusal(synapse: &Synapse) -> Option<String> {
    let Some(p) = &synapse.plasticity else {
        return Some(format!(
            "synapse `{}` has no plastic statements",
            synapse.dynamics.name
        ));
    };
    let [params, vars, summed, post, signals] = counts(synapse);
    let targets_fit = p.on_pre.iter().chain(&p.on_post).all(|st| match st.target {
        PlasticTarget::Trace(k) => k < vars,
        PlasticTarget::Summed(k) => k < summed,
        PlasticTarget::Post(k) => k < post,
        PlasticTarget::Weight => true,
    });
    let why = p
        .on_pre
        .iter()
        .chain(&p.on_post)
        .find_map(|st| reads_only(&st.value, &|v| readable(v, [params, vars, signals])))
        .or_else(|| (!targets_fit).then(|| "changes a variable it does not have".into()))?;
    Some(format!(
        "the plastic statements of synapse `{}` stay interpreted: the JIT does not compile one that {why}",
        synapse.dynamics.name
    ))
}

/// `synapse`'s `on_pre` and `on_post` statements compiled; an error saying why for one the
/// JIT does not take.
pub fn compile_plasticity(synapse: &Synapse) -> Result<CompiledPlasticity, String> {
    if let Some(why) = refusal(synapse) {
        return Err(why);
    }
    let p = synapse.plasticity.as_ref().expect("refused without them");
    let counts = counts(synapse);
    let mut module = host_module()?;
    let ptr = module.target_config().pointer_type();
    let mut ids = Vec::new();
    for (name, stmts) in [("on_pre", &p.on_pre), ("on_post", &p.on_post)] {
        ids.push(define(
            &mut module,
            name,
            (&[ptr], &[]),
            |b, calls, args| {
                statements(b, calls, stmts, (args[0], ptr), counts[1]);
                Ok(())
            },
        )?);
    }
    let name = synapse.dynamics.name.clone();
    CompiledPlasticity::finish(module, [ids[0], ids[1]], counts, name)
}

/// The body of one visit: `stmts` in order over the frame at `frame`, for a synapse of
/// `n_vars` per-synapse variables. Increments go where the frame points (a postsynaptic
/// visit's frame points nowhere, and its increments are skipped, as the interpreter does).
fn statements(
    b: &mut FunctionBuilder,
    calls: &Calls,
    stmts: &[PlasticStmt],
    (frame, ptr): (Value, Type),
    n_vars: usize,
) {
    let field =
        |b: &mut FunctionBuilder, offset: usize| b.ins().load(ptr, trusted(), frame, offset as i32);
    let params = field(b, offset_of!(PlasticFrame, params));
    let weight_at = field(b, offset_of!(PlasticFrame, weight));
    let vars_at = field(b, offset_of!(PlasticFrame, vars));
    let signals = field(b, offset_of!(PlasticFrame, signals));
    let summed = field(b, offset_of!(PlasticFrame, summed));
    let post = field(b, offset_of!(PlasticFrame, post));
    let mut weight = b.ins().load(types::F64, trusted(), weight_at, 0);
    let mut vars: Vec<Value> = (0..n_vars)
        .map(|k| b.ins().load(types::F64, trusted(), vars_at, 8 * k as i32))
        .collect();
    let t = b.ins().f64const(0.0);
    for st in stmts {
        let at = Inputs {
            params: Values::At(params),
            states: Values::Each(&[]),
            inputs: Values::Each(&[]),
            t,
            draws: None,
            synapse: Some(SynapseReads {
                vars: &vars,
                signals,
            }),
            coupling: None,
            weight: Some(weight),
        };
        let v = Lower {
            b,
            calls,
            at,
            hoisted: None,
        }
        .value(&st.value);
        match st.target {
            PlasticTarget::Trace(k) => vars[k] = v,
            PlasticTarget::Weight => weight = v,
            PlasticTarget::Summed(k) => add_if_given(b, summed, k, v),
            PlasticTarget::Post(k) => add_if_given(b, post, k, v),
        }
    }
    for (k, v) in vars.iter().enumerate() {
        b.ins().store(trusted(), *v, vars_at, 8 * k as i32);
    }
    b.ins().store(trusted(), weight, weight_at, 0);
    b.ins().return_(&[]);
}

/// `values[k] += v` when `values` is not null.
fn add_if_given(b: &mut FunctionBuilder, values: Value, k: usize, v: Value) {
    let add = b.create_block();
    let after = b.create_block();
    b.ins().brif(values, add, &[], after, &[]);
    b.switch_to_block(add);
    b.seal_block(add);
    let before = b.ins().load(types::F64, trusted(), values, 8 * k as i32);
    let sum = b.ins().fadd(before, v);
    b.ins().store(trusted(), sum, values, 8 * k as i32);
    b.ins().jump(after, &[]);
    b.switch_to_block(after);
    b.seal_block(after);
}
