//! A coupling's terms compiled, one function each: the edge term over `pre` and `post`, the
//! node term over `total`, and a plastic coupling's dw/dt and the rates of its rule states —
//! each value computed as the interpreter evaluates the term's tree, from the values the
//! interpreter gives it.

use cajal_lang::ir::{Coupling, Expr, Var};
use cranelift_codegen::ir::{InstBuilder, types};
use cranelift_module::Module;

use crate::code::CompiledCoupling;
use crate::define::{define, host_module};
use crate::lower::{Inputs, Lower, Values, reads_only};

/// Whether a term of a coupling with `params` parameters, whose term may read `states` rule
/// states, may read `v`.
fn readable(v: Var, params: usize, states: usize) -> bool {
    match v {
        Var::Pre | Var::Post | Var::Total | Var::Weight | Var::Time => true,
        Var::Param(k) => k < params,
        Var::State(k) => k < states,
        _ => false,
    }
}

/// The terms of `c` in the order [`CompiledCoupling`] keeps them: edge, node, then for a
/// plastic coupling dw/dt and each rule state's rate; with the rule states each may read.
fn terms(c: &Coupling) -> Vec<(&Expr, usize)> {
    let mut terms = vec![(&c.edge, 0), (&c.node, 0)];
    if let Some(rule) = &c.plasticity {
        let n = rule.states.len();
        terms.push((&rule.weight_derivative, n));
        terms.extend(rule.states.iter().map(|s| (&s.derivative, n)));
    }
    terms
}

/// Why the JIT does not compile `c`'s terms, if it does not.
pub fn refusal(c: &Coupling) -> Option<String> {
    let why = terms(c)
        .into_iter()
        .find_map(|(e, states)| reads_only(e, &|v| readable(v, c.params.len(), states)))?;
    Some(format!(
        "coupling `{}` stays interpreted: the JIT does not compile a term that {why}",
        c.name
    ))
}

/// `c`'s terms compiled; an error saying why for a coupling the JIT does not take.
pub fn compile_coupling(c: &Coupling) -> Result<CompiledCoupling, String> {
    if let Some(why) = refusal(c) {
        return Err(why);
    }
    let mut module = host_module()?;
    let ptr = module.target_config().pointer_type();
    let f64s = [types::F64; 4];
    let signature = [ptr, ptr, f64s[0], f64s[1], f64s[2], f64s[3]];
    let mut ids = Vec::new();
    for (k, (e, _)) in terms(c).into_iter().enumerate() {
        let name = format!("term{k}");
        ids.push(define(
            &mut module,
            &name,
            (&signature, &[types::F64]),
            |b, calls, args| {
                let t = b.ins().f64const(0.0);
                let at = Inputs {
                    params: Values::At(args[0]),
                    states: Values::At(args[1]),
                    inputs: Values::Each(&[]),
                    t,
                    draws: None,
                    synapse: None,
                    coupling: Some([args[2], args[3], args[4]]),
                    weight: Some(args[5]),
                };
                let v = Lower {
                    b,
                    calls,
                    at,
                    hoisted: None,
                }
                .value(e);
                b.ins().return_(&[v]);
                Ok(())
            },
        )?);
    }
    let states = c.plasticity.as_ref().map_or(0, |r| r.states.len());
    CompiledCoupling::finish(module, &ids, [c.params.len(), states], c.name.clone())
}
