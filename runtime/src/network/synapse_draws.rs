//! Weights and delays drawn per synapse from normal distributions, as the cortical
//! microcircuit of Potjans & Diesmann (2014) gives them: each draw is keyed by the synapse's
//! target and its rank among the synapses onto that target, so a part of the targets built
//! alone draws the same values as the whole network.

use super::Connections;
use crate::error::Error;
use crate::rng::normal;

/// Redraws allowed before a delay distribution is refused as (almost) never reaching the
/// time step.
const MAX_REDRAWS: u64 = 1000;

impl Connections {
    /// The rank of each synapse among the synapses onto its target, in list order.
    fn ranks_by_target(&self) -> Vec<u32> {
        let mut seen = vec![0u32; self.n_post];
        self.post
            .iter()
            .map(|&j| {
                let m = seen[j as usize];
                seen[j as usize] += 1;
                m
            })
            .collect()
    }

    /// Adds to each synapse's weight `sd` times a standard normal, redrawn until the weight
    /// keeps the sign it had (an excitatory synapse stays excitatory; NEST's
    /// `redraw(normal(…), min = 0)` of the microcircuit). The normal of the m-th synapse onto
    /// target j at attempt a is the draw (seed, a, j, m) of [`normal`].
    pub fn with_drawn_weights(mut self, sd: f64, seed: u64) -> Result<Connections, Error> {
        if !(sd >= 0.0 && sd.is_finite()) {
            return Err(Error::Incompatible {
                what: "normally distributed weights".into(),
                message: format!("the standard deviation must be finite and ≥ 0, but is {sd}"),
            });
        }
        let ranks = self.ranks_by_target();
        for (s, w) in self.weight.iter_mut().enumerate() {
            let (j, m) = (u64::from(self.post[s]), u64::from(ranks[s]));
            let mean = *w;
            let mut attempt = 0;
            loop {
                let x = mean + sd * normal(seed, attempt, j, m);
                // Acceptance is at least 1/2 per attempt (the mean is on the allowed side).
                if mean == 0.0 || x * mean.signum() >= 0.0 {
                    *w = x;
                    break;
                }
                attempt += 1;
            }
        }
        Ok(self)
    }

    /// Gives each synapse a delay drawn from the normal N(`mean_ms`, `sd_ms`²), redrawn until
    /// it is at least `min_ms` (the time step: NEST's `redraw(normal(…), min = resolution)`
    /// of the microcircuit), keyed as [`Connections::with_drawn_weights`] with its own seed.
    pub fn with_drawn_delays(
        self,
        (mean_ms, sd_ms): (f64, f64),
        min_ms: f64,
        seed: u64,
    ) -> Result<Connections, Error> {
        let refuse = |message: String| Error::Incompatible {
            what: "normally distributed delays".into(),
            message,
        };
        if !(sd_ms >= 0.0 && sd_ms.is_finite() && mean_ms.is_finite()) {
            return Err(refuse(format!(
                "the mean must be finite and the standard deviation finite and ≥ 0, but they are {mean_ms} ms and {sd_ms} ms"
            )));
        }
        let ranks = self.ranks_by_target();
        let mut delays = Vec::with_capacity(self.len());
        for (s, &m) in ranks.iter().enumerate() {
            let (j, m) = (u64::from(self.post[s]), u64::from(m));
            let d = mean_ms + sd_ms * normal(seed, 0, j, m);
            if d >= min_ms {
                delays.push(d);
            } else {
                let redrawn = redraw_delay((mean_ms, sd_ms), min_ms, (seed, j, m));
                delays.push(redrawn.ok_or_else(|| {
                    refuse(format!(
                        "N({mean_ms} ms, ({sd_ms} ms)²) gave no delay ≥ {min_ms} ms (the time step) in {MAX_REDRAWS} draws: raise the mean"
                    ))
                })?);
            }
        }
        self.with_delays(delays)
    }
}

/// Attempts 1, 2, … of [`Connections::with_drawn_delays`] for the m-th synapse onto target
/// j, after the first gave a delay below `min_ms`; `None` after [`MAX_REDRAWS`] attempts.
///
/// Kept out of line: in the synapse loop, the compiler would otherwise evaluate up to 32
/// attempts at once for every synapse (the attempts are pure and the loop is bounded), where
/// one attempt almost always suffices: that had made the delays 10× slower to draw than the
/// weights.
#[cold]
#[inline(never)]
fn redraw_delay(
    (mean_ms, sd_ms): (f64, f64),
    min_ms: f64,
    (seed, j, m): (u64, u64, u64),
) -> Option<f64> {
    (1..MAX_REDRAWS)
        .map(|attempt| mean_ms + sd_ms * normal(seed, attempt, j, m))
        .find(|&d| d >= min_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(n_pre: usize, n_post: usize, n: usize, w: f64) -> Connections {
        Connections::fixed_total_number(n_pre, n_post, n, w, 7, true).unwrap()
    }

    #[test]
    fn drawn_weights_have_the_asked_mean_and_spread_and_keep_their_sign() {
        for mean in [87.8, -351.2] {
            let c = listed(500, 400, 200_000, mean)
                .with_drawn_weights(0.1 * mean.abs(), 11)
                .unwrap();
            let n = c.len() as f64;
            let m = c.weight.iter().sum::<f64>() / n;
            let var = c.weight.iter().map(|w| (w - m).powi(2)).sum::<f64>() / (n - 1.0);
            // Standard error of the mean: 0.1·|mean|/√n ≈ 2·10⁻⁴·|mean|.
            assert!((m - mean).abs() < 1e-3 * mean.abs(), "mean {m} vs {mean}");
            assert!((var.sqrt() / (0.1 * mean.abs()) - 1.0).abs() < 0.01);
            assert!(c.weight.iter().all(|w| w * mean > 0.0));
        }
    }

    #[test]
    fn a_wide_spread_is_cut_at_zero_by_redrawing() {
        let c = listed(100, 100, 50_000, 1.0)
            .with_drawn_weights(2.0, 3)
            .unwrap();
        assert!(c.weight.iter().all(|&w| w >= 0.0));
        // Redrawn, not clipped: no weight sits at 0, and the mean is that of the normal
        // N(1, 2²) cut at 0: 1 + 2·φ(1/2)/Φ(1/2) = 2.0292.
        assert!(c.weight.iter().all(|&w| w > 0.0));
        let m = c.weight.iter().sum::<f64>() / c.len() as f64;
        assert!((m - 2.0292).abs() < 0.03, "{m}");
    }

    #[test]
    fn drawn_delays_are_at_least_the_step_and_follow_the_cut_normal() {
        let c = listed(300, 300, 100_000, 1.0)
            .with_drawn_delays((0.75, 0.375), 0.1, 5)
            .unwrap();
        let d = c.delay_ms.as_ref().unwrap();
        assert!(d.iter().all(|&x| x >= 0.1));
        // N(0.75, 0.375²) cut below at 0.1 (z = −1.7333): mean 0.75 + 0.375·φ(z)/(1 − Φ(z))
        // = 0.75 + 0.375·0.08869/0.95848 = 0.7847.
        let m = d.iter().sum::<f64>() / d.len() as f64;
        assert!((m - 0.7847).abs() < 0.003, "{m}");
    }

    #[test]
    fn a_delay_distribution_below_the_step_is_refused() {
        let e = listed(10, 10, 100, 1.0)
            .with_drawn_delays((-5.0, 0.1), 0.1, 5)
            .unwrap_err();
        assert!(e.to_string().contains("raise the mean"), "{e}");
    }

    #[test]
    fn draws_depend_on_the_target_and_rank_only() {
        // The same synapses listed in another order draw the same values.
        let c = listed(50, 40, 2000, 1.0);
        let a = c.clone().with_drawn_weights(0.3, 9).unwrap();
        // Interleave the targets (last first), keeping each target's synapses in order.
        let mut shuffled = Connections::new(50, 40);
        let mut by_target: Vec<Vec<usize>> = vec![Vec::new(); 40];
        for s in 0..c.len() {
            by_target[c.post[s] as usize].push(s);
        }
        let mut interleaved = Vec::new();
        let longest = by_target.iter().map(Vec::len).max().unwrap();
        for m in 0..longest {
            for list in by_target.iter().rev() {
                if let Some(&s) = list.get(m) {
                    interleaved.push(s);
                }
            }
        }
        for &s in &interleaved {
            shuffled.push(c.pre[s] as usize, c.post[s] as usize, c.weight[s]);
        }
        let b = shuffled.with_drawn_weights(0.3, 9).unwrap();
        for (k, &s) in interleaved.iter().enumerate() {
            assert_eq!(a.weight[s].to_bits(), b.weight[k].to_bits());
        }
    }
}
