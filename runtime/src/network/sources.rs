//! Spike sources that are not neuron models: given spike times and Poisson trains.

use crate::error::Error;
use crate::poisson::{PoissonLaw, poisson};
use crate::rng::{key, mix64, uniform_open};

/// Neurons that spike at given times.
#[derive(Clone, Debug)]
pub struct SpikeGenerator {
    n: usize,
    /// (step, neuron), sorted by step.
    events: Vec<(u64, u32)>,
    next: usize,
}

impl SpikeGenerator {
    /// `n` neurons; `spikes` are (time in ms, neuron index), rounded to the nearest step.
    pub fn new(n: usize, spikes: &[(f64, usize)], dt_ms: f64) -> Result<SpikeGenerator, Error> {
        let mut events = Vec::with_capacity(spikes.len());
        for &(t, i) in spikes {
            if !(t.is_finite() && t >= 0.0) {
                return Err(Error::InvalidTime {
                    message: format!("spike time {t} ms of neuron {i} must be ≥ 0"),
                });
            }
            if i >= n {
                return Err(Error::Incompatible {
                    what: "spike generator".into(),
                    message: format!("neuron {i} does not exist (the generator has {n})"),
                });
            }
            events.push(((t / dt_ms).round() as u64, i as u32));
        }
        events.sort_unstable();
        events.dedup();
        Ok(SpikeGenerator { n, events, next: 0 })
    }

    /// Number of neurons.
    pub fn len(&self) -> usize {
        self.n
    }

    /// True if the generator has no neurons.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Pushes the neurons that spike at `step` (steps are asked for in increasing order).
    pub fn spikes_at(&mut self, step: u64, out: &mut Vec<u32>) {
        while self.next < self.events.len() && self.events[self.next].0 < step {
            self.next += 1;
        }
        while self.next < self.events.len() && self.events[self.next].0 == step {
            out.push(self.events[self.next].1);
            self.next += 1;
        }
    }

    /// Restarts from step 0.
    pub fn rewind(&mut self) {
        self.next = 0;
    }
}

/// Independent Poisson trains: neuron `i` spikes in step `n` with probability `rate·dt`, from
/// a counter-based stream keyed by (seed, stream, i, n).
#[derive(Clone, Debug)]
pub struct PoissonSource {
    n: usize,
    rate_hz: f64,
    seed: u64,
    stream: u64,
}

impl PoissonSource {
    /// `n` neurons firing at `rate_hz` each.
    pub fn new(n: usize, rate_hz: f64, seed: u64, stream: u64) -> Result<PoissonSource, Error> {
        if !(rate_hz.is_finite() && rate_hz >= 0.0) {
            return Err(Error::NonFinite {
                what: "Poisson rate (Hz, ≥ 0)".into(),
                value: rate_hz,
            });
        }
        Ok(PoissonSource {
            n,
            rate_hz,
            seed,
            stream,
        })
    }

    /// Number of neurons.
    pub fn len(&self) -> usize {
        self.n
    }

    /// Replaces the seed of the trains.
    pub fn set_seed(&mut self, seed: u64) {
        self.seed = seed;
    }

    /// True if the source has no neurons.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Pushes the neurons that spike at `step`.
    pub fn spikes_at(&self, step: u64, dt_ms: f64, out: &mut Vec<u32>) {
        let p = self.rate_hz * dt_ms * 1e-3;
        for i in 0..self.n {
            let u = uniform_open(mix64(key(self.seed, self.stream, i as u64, step)));
            if u < p {
                out.push(i as u32);
            }
        }
    }
}

/// Poisson input into a variable (as Brian2's `PoissonInput`): each target neuron receives
/// `n_inputs` independent Poisson trains at `rate_hz`, each spike adding `weight` to its
/// variable; per step the number of spikes is drawn from a Poisson law of mean
/// n_inputs·rate·dt, keyed by (seed, stream, neuron, step).
#[derive(Clone, Debug)]
pub struct PoissonInput {
    pub(crate) target: usize,
    pub(crate) state: usize,
    n_inputs: usize,
    rate_hz: f64,
    weight: f64,
    seed: u64,
    stream: u64,
    /// Index of the first target neuron in its whole population (its draws' key).
    pub(crate) first: u64,
    /// The law of a step's count, set up at the first draw and kept while its mean stays
    /// (the rate and the time step do not change during a run).
    law: Option<PoissonLaw>,
    /// Scratch space of the draws: a step's uniforms.
    uniforms: Vec<f64>,
}

impl PoissonInput {
    /// `n_inputs` trains at `rate_hz` into state `state` of population `target`.
    pub(crate) fn new(
        target: usize,
        state: usize,
        n_inputs: usize,
        rate_hz: f64,
        weight: f64,
        seed: u64,
        stream: u64,
    ) -> Result<PoissonInput, Error> {
        if !(rate_hz.is_finite() && rate_hz >= 0.0) {
            return Err(Error::NonFinite {
                what: "Poisson input rate (Hz, ≥ 0)".into(),
                value: rate_hz,
            });
        }
        if !weight.is_finite() {
            return Err(Error::NonFinite {
                what: "Poisson input weight".into(),
                value: weight,
            });
        }
        Ok(PoissonInput {
            target,
            state,
            n_inputs,
            rate_hz,
            weight,
            seed,
            stream,
            first: 0,
            law: None,
            uniforms: Vec::new(),
        })
    }

    /// Replaces the seed.
    pub fn set_seed(&mut self, seed: u64) {
        self.seed = seed;
    }

    /// Number of input spikes neuron `i` receives in step `step` of `dt_ms` (a Poisson count
    /// of mean n_inputs·rate·dt, in bounded time for any mean: see [`crate::poisson`]).
    pub fn count(&self, i: usize, step: u64, dt_ms: f64) -> u64 {
        poisson(
            self.mean(dt_ms),
            key(self.seed, self.stream, i as u64, step),
        )
    }

    /// Mean count per neuron in a step of `dt_ms`: n_inputs·rate·dt.
    fn mean(&self, dt_ms: f64) -> f64 {
        self.n_inputs as f64 * self.rate_hz * dt_ms * 1e-3
    }

    /// Writes this step's input for each neuron into `out` (the variable's unit): the counts
    /// of [`PoissonInput::count`], with the law of their mean set up once.
    pub fn draw(&mut self, step: u64, dt_ms: f64, out: &mut [f64]) {
        let mean = self.mean(dt_ms);
        let law = match &mut self.law {
            Some(law) if law.mean() == mean => law,
            slot => slot.insert(PoissonLaw::new(mean)),
        };
        let (seed, stream, first) = (self.seed, self.stream, self.first);
        law.draw_each(
            |i| key(seed, stream, i as u64 + first, step),
            &mut self.uniforms,
            out,
        );
        for v in out.iter_mut() {
            *v *= self.weight;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generator_emits_each_spike_at_its_step() {
        let mut g = SpikeGenerator::new(3, &[(0.3, 2), (0.1, 0), (0.1, 1)], 0.1).unwrap();
        let mut out = Vec::new();
        g.spikes_at(0, &mut out);
        assert!(out.is_empty());
        g.spikes_at(1, &mut out);
        assert_eq!(out, vec![0, 1]);
        out.clear();
        g.spikes_at(3, &mut out);
        assert_eq!(out, vec![2]);
        assert!(SpikeGenerator::new(1, &[(1.0, 1)], 0.1).is_err());
        assert!(SpikeGenerator::new(1, &[(-1.0, 0)], 0.1).is_err());
    }

    #[test]
    fn poisson_input_counts_have_poisson_moments() {
        // Mean 0.8 per step (1000 inputs × 8 Hz × 0.1 ms) and 120 per step (large means are
        // drawn in pieces): mean and variance both equal the mean.
        for (n_inputs, rate, mean) in [(1000usize, 8.0, 0.8), (100_000, 12.0, 120.0)] {
            let input = PoissonInput::new(0, 0, n_inputs, rate, 1.0, 3, 0).unwrap();
            let draws: Vec<f64> = (0..50_000u64)
                .map(|s| input.count((s % 7) as usize, s, 0.1) as f64)
                .collect();
            let m = draws.iter().sum::<f64>() / draws.len() as f64;
            let v = draws.iter().map(|x| (x - m).powi(2)).sum::<f64>() / draws.len() as f64;
            let se = (mean / draws.len() as f64).sqrt();
            assert!((m - mean).abs() < 5.0 * se, "mean {m} vs {mean}");
            assert!((v / mean - 1.0).abs() < 0.05, "variance {v} vs {mean}");
        }
    }

    /// What a step's draw writes is each neuron's count times the weight, the neurons keyed by
    /// their index in the whole population.
    #[test]
    fn a_steps_input_is_each_neurons_count() {
        let mut input = PoissonInput::new(0, 0, 2000, 8.0, 0.5, 11, 3).unwrap();
        let mut whole = vec![0.0; 40];
        input.draw(17, 0.1, &mut whole);
        for (i, v) in whole.iter().enumerate() {
            assert_eq!(*v, input.count(i, 17, 0.1) as f64 * 0.5);
        }
        input.first = 25;
        let mut tail = vec![0.0; 15];
        input.draw(17, 0.1, &mut tail);
        assert_eq!(tail, whole[25..]);
    }

    #[test]
    fn poisson_count_is_near_rate() {
        let s = PoissonSource::new(100, 20.0, 5, 0).unwrap();
        let mut out = Vec::new();
        for step in 0..10_000 {
            s.spikes_at(step, 0.1, &mut out);
        }
        // 100 neurons × 1 s × 20 Hz = 2000 expected, sd ≈ 45.
        let n = out.len() as f64;
        assert!((n - 2000.0).abs() < 5.0 * 2000f64.sqrt(), "{n}");
    }
}
