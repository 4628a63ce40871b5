//! Parameter values with the defaults that read other parameters recomputed.

use super::{Param, Var};

/// Parameter values: the defaults with the `explicit` (index, value) pairs put in, and
/// every default that reads other parameters (and is not explicit) recomputed from the
/// values before it, in declaration order, so that a chain of defaults follows a preset or a
/// changed parameter.
pub fn resolve_params(params: &[Param], explicit: &[(usize, f64)]) -> Vec<f64> {
    let mut values: Vec<f64> = params.iter().map(|p| p.default).collect();
    let mut is_explicit = vec![false; params.len()];
    for &(k, v) in explicit {
        values[k] = v;
        is_explicit[k] = true;
    }
    for (k, p) in params.iter().enumerate() {
        if let (Some(expr), false) = (&p.derived, is_explicit[k]) {
            values[k] = crate::sym::eval(expr, &|var| match var {
                Var::Param(j) => values[j],
                _ => f64::NAN,
            });
        }
    }
    values
}

/// The parameters whose value in [`resolve_params`] differs from their default, as
/// (index, value): what a preset or a set of changes amounts to.
pub fn changed_params(params: &[Param], explicit: &[(usize, f64)]) -> Vec<(usize, f64)> {
    resolve_params(params, explicit)
        .into_iter()
        .enumerate()
        .filter(|&(k, v)| v.to_bits() != params[k].default.to_bits())
        .collect()
}
