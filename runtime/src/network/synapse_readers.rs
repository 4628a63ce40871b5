//! Reading a [`Network`]'s spiking projections: summed states, synapse lists, per-synapse
//! variables, and counts.

use super::Network;
use crate::error::Error;

impl Network {
    /// Summed state variable `var` of projection `name` (one value per target neuron).
    pub fn synapse_state(&self, name: &str, var: &str) -> Result<&[f64], Error> {
        let (p, k) = self.synapse_var(name, var)?;
        Ok(self.projections[p].1.state(k))
    }

    /// Index of projection `name` and of its summed state variable `var`.
    pub(super) fn synapse_var(&self, name: &str, var: &str) -> Result<(usize, usize), Error> {
        let p = self.projection_index(name)?;
        let states = self.projections[p].1.synapse().info().states;
        let k = states
            .iter()
            .position(|v| v.name == var)
            .ok_or_else(|| Error::UnknownName {
                kind: "synapse state",
                name: var.to_string(),
                available: states.iter().map(|v| v.name.to_string()).collect(),
            })?;
        Ok((p, k))
    }

    pub(super) fn projection_index(&self, name: &str) -> Result<usize, Error> {
        self.projections
            .iter()
            .position(|(_, p)| p.name == name)
            .ok_or_else(|| Error::UnknownName {
                kind: "projection",
                name: name.to_string(),
                available: self
                    .projections
                    .iter()
                    .map(|(_, p)| p.name.clone())
                    .collect(),
            })
    }

    /// Summed state variable `var` of projection `name`, mutably (e.g. to set initial
    /// conductances).
    pub fn synapse_state_mut(&mut self, name: &str, var: &str) -> Result<&mut [f64], Error> {
        let (p, k) = self.synapse_var(name, var)?;
        Ok(self.projections[p].1.state_mut(k))
    }

    /// The synapses of projection `name` as (source, target, weight), source-major.
    pub fn synapses(&self, name: &str) -> Result<Vec<(u32, u32, f64)>, Error> {
        Ok(self.projections[self.projection_index(name)?].1.edges())
    }

    /// Per-synapse variable `var` (a trace, as of the start of the current step, or a
    /// continuous variable) of every synapse of projection `name`, in the order of
    /// [`Network::synapses`].
    pub fn per_synapse(&self, name: &str, var: &str) -> Result<Vec<f64>, Error> {
        let proj = &self.projections[self.projection_index(name)?].1;
        let info = proj.synapse().info();
        let names = info.traces.iter().chain(info.continuous);
        let k = names
            .clone()
            .position(|v| v.name == var)
            .ok_or_else(|| Error::UnknownName {
                kind: "per-synapse variable",
                name: var.to_string(),
                available: names.map(|v| v.name.to_string()).collect(),
            })?;
        Ok(proj.per_synapse(k, self.step))
    }

    /// Number of synapses over all projections.
    pub fn synapse_count(&self) -> usize {
        self.projections.iter().map(|(_, p)| p.len()).sum()
    }

    /// Bytes of static synapse data over all projections.
    pub fn synapse_bytes(&self) -> usize {
        self.projections
            .iter()
            .map(|(_, p)| p.synapse_bytes())
            .sum()
    }
}
