//! Asynchronous steps of discrete-time populations (`method asynchronous`): the units take
//! their update one at a time, in a random order drawn from the network's seed and the step
//! (so a run is reproducible, whatever the threads, and across a checkpoint), and before
//! each unit's turn every rate projection from the population onto itself recomputes that
//! unit's input from the state the units before it left. Projections from other
//! populations, drives and synaptic input keep the values assembled at the start of the
//! step: their sources do not change during it.

use super::Network;
use crate::error::Error;
use crate::model::Model;
use crate::patterns::permutation;
use crate::rng::key;

/// The method name of an asynchronous discrete-time model.
pub(super) const ASYNCHRONOUS: &str = "asynchronous";

impl Network {
    /// Whether population `k` steps one unit at a time.
    pub(super) fn is_asynchronous(&self, k: usize) -> bool {
        self.pops[k].model.method() == ASYNCHRONOUS
    }

    /// One asynchronous step of population `k` from `t` (ms): see the module.
    pub(super) fn step_asynchronous(&mut self, k: usize, t: f64, dt: f64) -> Result<(), Error> {
        let recurrent: Vec<usize> = (0..self.rate_projections.len())
            .filter(|&r| {
                let p = &self.rate_projections[r];
                p.source == k && p.target == k
            })
            .collect();
        let pop = &mut self.pops[k];
        for &r in &recurrent {
            let proj = &self.rate_projections[r];
            if let Some(why) = proj.refuses_asynchronous() {
                return Err(Error::Incompatible {
                    what: format!("population `{}`", pop.name),
                    message: format!(
                        "it steps asynchronously, unit by unit, but its projection `{}` onto itself cannot follow each unit: {why}",
                        proj.name
                    ),
                });
            }
        }
        let inputs: Vec<usize> = recurrent
            .iter()
            .map(|&r| pop.managed[self.rate_projections[r].slot].input)
            .collect();
        let order = permutation(
            pop.model.len(),
            key(self.seed.unwrap_or(0), 3, k as u64, self.step),
        );
        let projections = &mut self.rate_projections;
        let mut previous: Option<usize> = None;
        let mut before = |j: usize, model: &mut dyn Model| {
            for (&r, &input) in recurrent.iter().zip(&inputs) {
                let delta = projections[r].turn(previous, j, &*model);
                model.input_mut(input)[j] += delta;
            }
            previous = Some(j);
        };
        pop.model.step_in_order(t, dt, &order, &mut before)
    }
}
