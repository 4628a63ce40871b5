//! The three measures of a spiking population's activity that Potjans & Diesmann (2014,
//! Fig. 6) report per population: the mean firing rate, the irregularity of single cells
//! (the coefficient of variation of their interspike intervals) and the synchrony of the
//! population (the variance of its spike count in 3 ms bins over the mean count).

use crate::network::SpikeRecord;

/// Rate, irregularity and synchrony of one population over a window.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PopulationActivity {
    /// Spikes per neuron per second (Hz), over every neuron of the population.
    pub rate_hz: f64,
    /// Mean over the neurons with at least three spikes of the coefficient of variation of
    /// their interspike intervals (NaN if none has).
    pub cv_isi: f64,
    /// Variance over mean of the spike count of a sample of the population in bins of
    /// `bin_ms` (1 for independent Poisson trains; NaN without spikes).
    pub synchrony: f64,
}

/// The activity of a population of `n` neurons from its spike record `spikes`, over the
/// steps `from..to` of width `dt_ms`, with synchrony counted in bins of `bin_ms` (3 ms in
/// the paper; rounded to whole steps, at least one) over the spikes of the first `sample`
/// neurons: the variance of a summed count grows with the number of correlated neurons
/// summed, so populations (and networks of different sizes) compare at one sample size.
pub fn population_activity(
    spikes: &SpikeRecord,
    n: usize,
    (from, to): (u64, u64),
    dt_ms: f64,
    (bin_ms, sample): (f64, usize),
) -> PopulationActivity {
    let steps = to.saturating_sub(from);
    let inside = || {
        spikes
            .steps
            .iter()
            .zip(&spikes.neurons)
            .filter(move |(s, _)| (from..to).contains(*s))
    };
    let count = inside().count();
    let seconds = steps as f64 * dt_ms * 1e-3;
    let rate_hz = count as f64 / n.max(1) as f64 / seconds;

    let mut trains: Vec<Vec<u64>> = vec![Vec::new(); n];
    for (&s, &i) in inside() {
        if let Some(t) = trains.get_mut(i as usize) {
            t.push(s);
        }
    }
    let cvs: Vec<f64> = trains
        .iter_mut()
        .filter(|t| t.len() >= 3)
        .map(|t| {
            t.sort_unstable();
            let isi: Vec<f64> = t.windows(2).map(|w| (w[1] - w[0]) as f64).collect();
            let (m, var) = mean_and_variance(&isi);
            var.sqrt() / m
        })
        .collect();
    let cv_isi = if cvs.is_empty() {
        f64::NAN
    } else {
        cvs.iter().sum::<f64>() / cvs.len() as f64
    };

    let bin = ((bin_ms / dt_ms).round() as u64).max(1);
    let mut counts = vec![0.0f64; (steps / bin) as usize];
    for (&s, _) in inside().filter(|(_, i)| (**i as usize) < sample) {
        if let Some(c) = counts.get_mut(((s - from) / bin) as usize) {
            *c += 1.0;
        }
    }
    let (m, var) = mean_and_variance(&counts);
    PopulationActivity {
        rate_hz,
        cv_isi,
        synchrony: if m > 0.0 { var / m } else { f64::NAN },
    }
}

/// Mean and (population) variance.
fn mean_and_variance(x: &[f64]) -> (f64, f64) {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    (m, x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::splitmix_uniform;

    /// Independent Bernoulli trains with probability `p` per step.
    fn poisson_like(n: usize, steps: u64, p: f64) -> SpikeRecord {
        let mut r = SpikeRecord::new();
        for s in 0..steps {
            for i in 0..n {
                if splitmix_uniform(3, s * n as u64 + i as u64) < p {
                    r.steps.push(s);
                    r.neurons.push(i as u32);
                }
            }
        }
        r
    }

    #[test]
    fn independent_trains_are_irregular_and_asynchronous() {
        // 5 Hz at dt = 0.1 ms: p = 5e-4 per step, 200 neurons over 20 s.
        let r = poisson_like(200, 200_000, 5e-4);
        let a = population_activity(&r, 200, (0, 200_000), 0.1, (3.0, 200));
        assert!((a.rate_hz - 5.0).abs() < 0.1, "{a:?}");
        // Geometric intervals with p = 5e-4: CV = √(1 − p) ≈ 1.
        assert!((a.cv_isi - 1.0).abs() < 0.05, "{a:?}");
        // Counts in 30-step bins are binomial: variance/mean = 1 − p.
        assert!((a.synchrony - 1.0).abs() < 0.05, "{a:?}");
    }

    #[test]
    fn clocklike_synchronous_firing_is_regular_and_synchronous() {
        // Every neuron fires at every 100th step: CV 0, all spikes in one bin of 33.
        let mut r = SpikeRecord::new();
        for s in (0..100_000).step_by(100) {
            for i in 0..50 {
                r.steps.push(s);
                r.neurons.push(i);
            }
        }
        let a = population_activity(&r, 50, (0, 100_000), 0.1, (3.0, 50));
        assert_eq!(a.rate_hz, 100.0);
        assert_eq!(a.cv_isi, 0.0);
        // Bins of 30 steps: one in 10/3 holds 50 spikes — variance/mean far above 1, and in
        // proportion to the neurons summed.
        assert!(a.synchrony > 30.0, "{a:?}");
        let ten = population_activity(&r, 50, (0, 100_000), 0.1, (3.0, 10));
        assert!((ten.synchrony * 5.0 - a.synchrony).abs() < 1e-9, "{ten:?}");
        assert_eq!(ten.rate_hz, a.rate_hz);
    }

    #[test]
    fn only_the_window_counts() {
        let r = poisson_like(100, 20_000, 1e-3);
        let whole = population_activity(&r, 100, (0, 20_000), 0.1, (3.0, 100));
        let half = population_activity(&r, 100, (10_000, 20_000), 0.1, (3.0, 100));
        let in_half = r.steps.iter().filter(|&&s| s >= 10_000).count();
        assert_eq!(half.rate_hz, in_half as f64 / 100.0 / 1.0);
        assert!((whole.rate_hz - 10.0).abs() < 0.5);
    }
}
