//! Spike sources that are not neuron models: given spike times and Poisson trains.

use crate::error::Error;
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
