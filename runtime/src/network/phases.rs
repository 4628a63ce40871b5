//! The phases of one network step after input assembly ([`Network::assemble_inputs`]):
//! stepping the populations, recording and emitting spikes, delivering them, Poisson inputs,
//! and the divergence check.

use rayon::prelude::*;

use super::asynchronous::ASYNCHRONOUS;
use super::{Network, Population, SourceId};
use crate::error::Error;
use crate::model::check_finite_after_step;

impl Network {
    /// Phase 2: every population takes its step (in its own event schedule) and reports its
    /// spikes; in parallel when the populations are large enough
    /// ([`Network::set_parallel_threshold`]). Discrete-time populations that update
    /// asynchronously then take theirs, one unit at a time (see [`super::asynchronous`]).
    pub(super) fn step_populations(&mut self, t: f64, dt: f64) -> Result<(), Error> {
        let asynchronous: Vec<usize> = (0..self.pops.len())
            .filter(|&k| self.is_asynchronous(k))
            .collect();
        let step_one = |(pop, spikes): (&mut Population, &mut Vec<u32>)| {
            spikes.clear();
            if pop.model.method() != ASYNCHRONOUS {
                pop.model.step(t, dt, spikes);
            }
        };
        if self.pops.len() > 1 && self.uses_threads() {
            self.pops
                .par_iter_mut()
                .zip(self.spikes.par_iter_mut())
                .for_each(step_one);
        } else {
            self.pops
                .iter_mut()
                .zip(self.spikes.iter_mut())
                .for_each(step_one);
        }
        for k in asynchronous {
            self.step_asynchronous(k, t, dt)?;
        }
        Ok(())
    }

    /// Records the spikes of the populations that are recorded, stamped with step `n`.
    pub(super) fn record_population_spikes(&mut self, n: u64) {
        let records = self.spike_records.iter_mut().zip(&self.spikes);
        for ((rec, spikes), pop) in records.zip(&self.pops) {
            if let Some(rec) = rec {
                rec.push(n, spikes, pop.first as u32);
            }
        }
    }

    /// Phase 3: spike generators and Poisson sources report their spikes for step `n`.
    pub(super) fn emit_source_spikes(&mut self, n: u64, dt: f64) {
        for (k, (_, g)) in self.generators.iter_mut().enumerate() {
            self.generator_spikes[k].clear();
            g.spikes_at(n, &mut self.generator_spikes[k]);
        }
        for (k, (_, s)) in self.poisson.iter().enumerate() {
            self.poisson_spikes[k].clear();
            s.spikes_at(n, dt, &mut self.poisson_spikes[k]);
        }
    }

    /// Phase 4: every projection delivers the spikes that arrive in step `n` (after their
    /// delay); plastic synapses then see their targets' spikes.
    pub(super) fn deliver_spikes(&mut self, n: u64) {
        for (source, proj) in &mut self.projections {
            let spikes = match *source {
                SourceId::Population(i) => &self.spikes[i],
                SourceId::Generator(i) => &self.generator_spikes[i],
                SourceId::Poisson(i) => &self.poisson_spikes[i],
            };
            proj.deliver(n, spikes, &mut *self.pops[proj.target].model);
        }
        for (_, proj) in &mut self.projections {
            proj.post_spikes(n, &self.spikes[proj.target]);
        }
    }

    /// Phase 5: Poisson inputs add to their variables.
    pub(super) fn add_poisson_inputs(&mut self, n: u64, dt: f64) {
        for (_, input) in &mut self.poisson_inputs {
            let model = &mut self.pops[input.target].model;
            self.scratch.resize(model.len(), 0.0);
            input.draw(n, dt, &mut self.scratch);
            model.add_values_to_state(input.state, &self.scratch);
        }
    }

    /// Phase 6: a non-finite state value at `t_end` is an error naming population, variable,
    /// neuron and time.
    pub(super) fn check_finite(&mut self, t_end: f64) -> Result<(), Error> {
        for pop in &mut self.pops {
            check_finite_after_step(&mut *pop.model, t_end).map_err(|mut e| {
                if let Error::Diverged {
                    model, instance, ..
                } = &mut e
                {
                    *model = format!("{} ({model})", pop.name);
                    *instance += pop.first;
                }
                e
            })?;
        }
        Ok(())
    }
}
