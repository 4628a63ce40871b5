//! What a network item reads from files when it is built: connectomes (weights, tract-length
//! delays, Laplacians) and columns of per-neuron values.

use cajal_lang::ir::{self, Expr, Var};

use super::types::Value;
use crate::error::Error;

/// An error unless every column of a file that `values` read has a value for each of the
/// `size` neurons of population `name`.
pub(super) fn check_columns<'v>(
    net: &ir::Network,
    columns: &[Vec<f64>],
    values: impl IntoIterator<Item = &'v Value>,
    size: usize,
    name: &str,
) -> Result<(), Error> {
    for v in values {
        for (k, c) in columns.iter().enumerate() {
            if cajal_lang::sym::contains(&v.expr, Var::Column(k)) {
                crate::io::check_column(c, size, &net.columns[k].path, name)?;
            }
        }
    }
    Ok(())
}

/// The runtime's form of a connectome rule, its speed evaluated.
pub(super) fn connectome_rule(
    c: &ir::ConnectomeRule,
    speed: impl Fn(&Expr) -> f64,
) -> crate::ConnectomeRule {
    use crate::connectivity::Laplacian;
    crate::ConnectomeRule {
        source: c.source.clone(),
        lengths: c.lengths.clone(),
        speed_mm_per_ms: c.speed.as_ref().map(speed),
        rounding: rounding(c.round_up),
        laplacian: c
            .laplacian
            .map(|(kind, exp_weighted)| crate::LaplacianRule {
                kind: match kind {
                    ir::GraphLaplacian::Plain => Laplacian::Plain,
                    ir::GraphLaplacian::RandomWalk => Laplacian::RandomWalk,
                    ir::GraphLaplacian::Symmetric => Laplacian::Symmetric,
                },
                exp_weighted,
            }),
    }
}

/// Delays rounded up (brainmass) or to the nearest step.
pub(super) fn rounding(up: bool) -> crate::DelayRounding {
    if up {
        crate::DelayRounding::Up
    } else {
        crate::DelayRounding::Nearest
    }
}
