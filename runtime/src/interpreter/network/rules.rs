//! A projection's synapses from its rule: the connectivity rules, drawn weights and delays,
//! and the every-pair projections stored as one weight.

use cajal_lang::ir::{self, Rule};

use super::files::connectome_rule;
use super::{At, InterpretedNetwork, ProjectionPlan};
use crate::error::Error;
use crate::network::Connections;
use crate::network::build::Block;

impl InterpretedNetwork {
    /// A projection's synapses by its rule, with their delays.
    pub(super) fn connections(
        &self,
        pr: &ir::Projection,
        plan: &ProjectionPlan,
        block: &Block,
        at: At,
    ) -> Result<Connections, Error> {
        let w = |k: usize| at.converted(&plan.weights[k]);
        let c = match &pr.rule {
            Rule::AllToAll { .. } => block.all_to_all(w(0))?,
            Rule::OneToOne { .. } => block.one_to_one(w(0))?,
            Rule::Bernoulli { p, pairwise, .. } => {
                block.bernoulli(at.value(p), w(0), at.value(pairwise) != 0.0)?
            }
            Rule::FixedInDegree { k, .. } => block.fixed_in_degree(at.value(k), w(0))?,
            Rule::FixedTotalNumber { count, .. } => {
                let n = match count {
                    ir::TotalCount::Synapses(n) => at.value(n),
                    ir::TotalCount::PairProbability(p) => {
                        block.synapses_for_probability(at.value(p))?
                    }
                };
                block.fixed_total_number(n, w(0))?
            }
            Rule::RingGaussian { sigma_deg, .. } => {
                block.ring_gaussian(w(0), at.value(sigma_deg))?
            }
            Rule::Connectome(c) => {
                block.connectome(&connectome_rule(c, |e| at.value(e)), &self.files_dir)?
            }
            Rule::HebbianPatterns { .. } | Rule::Field { .. } => {
                return Err(Error::Incompatible {
                    what: format!("projection `{}`", pr.name),
                    message: "pattern weights and field kernels couple rate projections only"
                        .into(),
                });
            }
            Rule::Edges(edges) => {
                let triples: Vec<(usize, usize, f64)> = edges
                    .iter()
                    .enumerate()
                    .map(|(k, (i, j, _))| (*i, *j, w(k)))
                    .collect();
                block.edges(&triples)?
            }
        };
        let c = match &plan.weight_sd {
            Some(sd) => block.drawn_weights(c, at.converted(sd))?,
            None => c,
        };
        Ok(match &pr.delay_ms {
            None => c,
            Some(mean) if pr.delay_sd_ms.is_some() => {
                let sd = pr.delay_sd_ms.as_ref().map_or(0.0, |sd| at.value(sd));
                block.drawn_delays(c, (at.value(mean), sd), self.net.dt_ms)?
            }
            Some(d) if pr.delay_per_synapse() => {
                let delays = c
                    .pre
                    .iter()
                    .zip(&c.post)
                    .map(|(&i, &j)| {
                        At {
                            pre_post: [f64::from(i), f64::from(j)],
                            ..at
                        }
                        .value(d)
                    })
                    .collect();
                c.with_delays(delays)?
            }
            Some(d) => {
                let delay = at.value(d);
                c.with_delay(delay)
            }
        })
    }
}

/// The weight and delay (ms) of a spiking projection of every source onto every target with
/// one weight and one delay (stored as one weight, see [`Block::connect_all_to_all`]); `None`
/// for any other projection.
pub(super) fn one_weight_for_all_pairs(
    pr: &ir::Projection,
    plan: &ProjectionPlan,
    at: At,
) -> Option<(f64, f64)> {
    pr.one_weight_for_all_pairs().then(|| {
        let delay_ms = pr.delay_ms.as_ref().map_or(0.0, |d| at.value(d));
        (at.converted(&plan.weights[0]), delay_ms)
    })
}

/// The weights a rule gives, in order.
pub(super) fn rule_weights(rule: &Rule) -> Vec<&ir::Quantity> {
    match rule {
        Rule::AllToAll { weight }
        | Rule::OneToOne { weight }
        | Rule::Bernoulli { weight, .. }
        | Rule::FixedInDegree { weight, .. }
        | Rule::FixedTotalNumber { weight, .. }
        | Rule::RingGaussian { weight, .. } => vec![weight],
        Rule::Edges(edges) => edges.iter().map(|(_, _, w)| w).collect(),
        Rule::HebbianPatterns { .. } | Rule::Field { .. } | Rule::Connectome(_) => Vec::new(),
    }
}
