//! What a network records: spikes (step and neuron) and sampled state.

use crate::model::Model;

/// Spikes of one population: parallel lists of step and neuron index, in time order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SpikeRecord {
    /// Step of each spike (time = step·dt).
    pub steps: Vec<u64>,
    /// Neuron of each spike.
    pub neurons: Vec<u32>,
}

impl SpikeRecord {
    /// An empty record.
    pub const fn new() -> SpikeRecord {
        SpikeRecord {
            steps: Vec::new(),
            neurons: Vec::new(),
        }
    }

    /// Adds the spikes of step `step`, neurons numbered from `first`.
    pub(crate) fn push(&mut self, step: u64, spikes: &[u32], first: u32) {
        self.steps.extend(std::iter::repeat_n(step, spikes.len()));
        if first == 0 {
            self.neurons.extend_from_slice(spikes);
        } else {
            self.neurons.extend(spikes.iter().map(|&i| i + first));
        }
    }

    /// Bytes the record holds (its allocated capacity).
    pub fn bytes(&self) -> usize {
        self.steps.capacity() * std::mem::size_of::<u64>()
            + self.neurons.capacity() * std::mem::size_of::<u32>()
    }

    /// Number of spikes.
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    /// True if there are no spikes.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// The steps at which neuron `i` spiked.
    pub fn steps_of(&self, i: usize) -> Vec<u64> {
        self.steps
            .iter()
            .zip(&self.neurons)
            .filter(|(_, n)| **n as usize == i)
            .map(|(s, _)| *s)
            .collect()
    }

    /// Spike count of each of `n` neurons.
    pub fn counts(&self, n: usize) -> Vec<usize> {
        let mut c = vec![0; n];
        for &i in &self.neurons {
            if let Some(x) = c.get_mut(i as usize) {
                *x += 1;
            }
        }
        c
    }

    /// Population rate (Hz) of `n` neurons in bins of `bin_steps` steps of `dt_ms`, over
    /// `total_steps`.
    pub fn population_rate(
        &self,
        n: usize,
        dt_ms: f64,
        bin_steps: u64,
        total_steps: u64,
    ) -> Vec<f64> {
        let bin_steps = bin_steps.max(1);
        let bins = total_steps.div_ceil(bin_steps) as usize;
        let mut counts = vec![0usize; bins];
        for &s in &self.steps {
            if let Some(c) = counts.get_mut((s / bin_steps) as usize) {
                *c += 1;
            }
        }
        let width_s = bin_steps as f64 * dt_ms * 1e-3;
        counts
            .into_iter()
            .map(|c| c as f64 / (n.max(1) as f64 * width_s))
            .collect()
    }
}

/// What a monitor of a rate projection samples.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Observed {
    /// The weights of a plastic coupling, sorted by target then source.
    Weights,
    /// The overlaps with stored patterns.
    Overlaps,
    /// The energy of stored patterns.
    Energy,
}

/// Samples of one state variable or output of chosen neurons, every `every` steps (at the
/// step's start); or of what a rate projection observes (its weights, overlaps or energy: one
/// column each).
#[derive(Clone, Debug, PartialEq)]
pub struct StateMonitor {
    pub(crate) population: usize,
    /// The rate projection observed (index) and what of it, instead of a state.
    pub(crate) projection: Option<(usize, Observed)>,
    /// The variable's name.
    pub variable: String,
    pub(crate) state: usize,
    /// Whether `state` indexes the model's outputs rather than its state variables.
    pub(crate) output: bool,
    /// The neurons recorded.
    pub neurons: Vec<usize>,
    /// On a rank of a network split over ranks: the local index of each recorded neuron this
    /// rank holds (in the order of `neurons`); its rows hold only those.
    pub(crate) held: Option<Vec<usize>>,
    pub(crate) every: u64,
    /// Sample times (ms).
    pub t_ms: Vec<f64>,
    /// One row per sample, one value per recorded neuron.
    pub values: Vec<Vec<f64>>,
}

impl StateMonitor {
    pub(crate) fn new(
        population: usize,
        variable: &str,
        state: usize,
        neurons: Vec<usize>,
        every: u64,
    ) -> StateMonitor {
        StateMonitor {
            population,
            projection: None,
            variable: variable.to_string(),
            state,
            output: false,
            neurons,
            held: None,
            every,
            t_ms: Vec::new(),
            values: Vec::new(),
        }
    }

    /// Whether a sample is due at `step` (time `t_ms`) and not taken yet.
    pub(crate) fn due(&self, step: u64, t_ms: f64) -> bool {
        step.is_multiple_of(self.every) && self.t_ms.last() != Some(&t_ms)
    }

    /// Takes the sample of a state monitor, if due.
    pub(crate) fn sample(&mut self, step: u64, t_ms: f64, model: &dyn Model) {
        if !self.due(step, t_ms) {
            return;
        }
        let neurons = self.held.as_ref().unwrap_or(&self.neurons);
        let row = if self.output {
            neurons
                .iter()
                .map(|&i| model.output(self.state, i))
                .collect()
        } else {
            let x = model.state(self.state);
            neurons.iter().map(|&i| x[i]).collect()
        };
        self.push(t_ms, row);
    }

    /// Adds the sample `row` taken at `t_ms`.
    pub(crate) fn push(&mut self, t_ms: f64, row: Vec<f64>) {
        self.t_ms.push(t_ms);
        self.values.push(row);
    }

    /// The samples of the `k`-th recorded neuron.
    pub fn trace(&self, k: usize) -> Vec<f64> {
        self.values.iter().map(|row| row[k]).collect()
    }
}
