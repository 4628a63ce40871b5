//! Measures of one neuron's spike train: interspike intervals, their coefficient of
//! variation, the adaptation index of Naud et al. (2008), bursts and first-spike latency.
//! What firing-pattern classifications are built from.

/// The spike times (ms, increasing) of one neuron.
#[derive(Clone, Debug, PartialEq)]
pub struct SpikeTrain {
    times_ms: Vec<f64>,
}

impl SpikeTrain {
    /// A train from spike times in ms (sorted here).
    pub fn new(mut times_ms: Vec<f64>) -> Self {
        times_ms.sort_by(f64::total_cmp);
        SpikeTrain { times_ms }
    }

    /// The spike times (ms).
    pub fn times_ms(&self) -> &[f64] {
        &self.times_ms
    }

    /// Number of spikes.
    pub fn len(&self) -> usize {
        self.times_ms.len()
    }

    /// Whether there is no spike.
    pub fn is_empty(&self) -> bool {
        self.times_ms.is_empty()
    }

    /// The spikes in `[from_ms, to_ms)`.
    pub fn between(&self, from_ms: f64, to_ms: f64) -> SpikeTrain {
        SpikeTrain {
            times_ms: self
                .times_ms
                .iter()
                .copied()
                .filter(|&t| from_ms <= t && t < to_ms)
                .collect(),
        }
    }

    /// Interspike intervals (ms).
    pub fn isis(&self) -> Vec<f64> {
        self.times_ms.windows(2).map(|w| w[1] - w[0]).collect()
    }

    /// Coefficient of variation of the interspike intervals (standard deviation over mean;
    /// population standard deviation), or `None` with fewer than two intervals.
    pub fn cv(&self) -> Option<f64> {
        let isis = self.isis();
        if isis.len() < 2 {
            return None;
        }
        let n = isis.len() as f64;
        let mean = isis.iter().sum::<f64>() / n;
        let var = isis.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
        Some(var.sqrt() / mean)
    }

    /// Adaptation index of Naud et al. (2008): the mean of
    /// (ISI_{i+1} − ISI_i)/(ISI_{i+1} + ISI_i) over successive intervals, the first `skip`
    /// intervals left out. Positive for adapting trains, negative for accelerating ones, 0
    /// for tonic firing; `None` without two intervals after the skipped ones.
    pub fn adaptation_index(&self, skip: usize) -> Option<f64> {
        let isis = self.isis();
        let pairs: Vec<f64> = isis
            .get(skip..)?
            .windows(2)
            .map(|w| (w[1] - w[0]) / (w[1] + w[0]))
            .collect();
        (!pairs.is_empty()).then(|| pairs.iter().sum::<f64>() / pairs.len() as f64)
    }

    /// Bursts: maximal runs of spikes whose successive intervals are at most `max_isi_ms`.
    /// A lone spike is a burst of one.
    pub fn bursts(&self, max_isi_ms: f64) -> Vec<SpikeTrain> {
        let mut bursts: Vec<Vec<f64>> = Vec::new();
        let mut last = f64::NEG_INFINITY;
        for &t in &self.times_ms {
            match bursts.last_mut() {
                Some(burst) if t - last <= max_isi_ms => burst.push(t),
                _ => bursts.push(vec![t]),
            }
            last = t;
        }
        bursts
            .into_iter()
            .map(|times_ms| SpikeTrain { times_ms })
            .collect()
    }

    /// Time from `onset_ms` to the first spike at or after it.
    pub fn latency(&self, onset_ms: f64) -> Option<f64> {
        self.times_ms
            .iter()
            .find(|&&t| t >= onset_ms)
            .map(|t| t - onset_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regular_train_has_no_variation_and_no_adaptation() {
        let train = SpikeTrain::new((0..10).map(|k| 5.0 + 10.0 * k as f64).collect());
        assert_eq!(train.isis(), vec![10.0; 9]);
        assert_eq!(train.cv(), Some(0.0));
        assert_eq!(train.adaptation_index(0), Some(0.0));
        assert_eq!(train.latency(0.0), Some(5.0));
        assert_eq!(train.bursts(9.0).len(), 10);
        assert_eq!(train.bursts(10.0).len(), 1);
    }

    #[test]
    fn doubling_intervals_give_an_adaptation_index_of_one_third() {
        // ISIs 1, 2, 4, 8: every (2x − x)/(2x + x) = 1/3.
        let train = SpikeTrain::new(vec![0.0, 1.0, 3.0, 7.0, 15.0]);
        let a = train.adaptation_index(0).unwrap();
        assert!((a - 1.0 / 3.0).abs() < 1e-15);
        assert!((train.adaptation_index(1).unwrap() - 1.0 / 3.0).abs() < 1e-15);
        assert_eq!(train.adaptation_index(3), None);
        // Mean 3.75, deviations −2.75, −1.75, 0.25, 4.25: variance 7.1875.
        assert!((train.cv().unwrap() - 7.1875f64.sqrt() / 3.75).abs() < 1e-15);
    }

    #[test]
    fn bursts_split_at_long_intervals() {
        let train = SpikeTrain::new(vec![30.0, 31.0, 10.0, 12.0, 11.0, 50.0]);
        let sizes: Vec<usize> = train.bursts(2.0).iter().map(SpikeTrain::len).collect();
        assert_eq!(sizes, vec![3, 2, 1]);
        assert_eq!(train.between(11.0, 31.0).times_ms(), &[11.0, 12.0, 30.0]);
        assert_eq!(train.latency(13.0), Some(17.0));
        assert_eq!(train.latency(51.0), None);
        assert!(SpikeTrain::new(vec![]).is_empty());
    }
}
