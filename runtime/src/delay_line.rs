//! The recent values of a coupled state, for couplings with delays (mass networks and rate
//! projections): one row per step of the longest delay, step s in row s mod slots; before the
//! first recorded step, delayed values are the values of that step (the initial state).

use crate::connectivity::check_history_size;
use crate::error::Error;

/// Recent values of `per_step` quantities (e.g. a state of every node).
pub(crate) struct DelayLine {
    history: Vec<f64>,
    per_step: usize,
    slots: usize,
    /// Whether the history holds values (filled with the first recorded step's on first use).
    ready: bool,
}

impl DelayLine {
    /// Room for delays up to `longest` steps of `per_step` values, or an error for `what` if
    /// that would exceed 2 GiB.
    pub fn new(what: &str, longest: usize, per_step: usize) -> Result<DelayLine, Error> {
        check_history_size(what, longest, per_step)?;
        Ok(DelayLine {
            history: vec![0.0; (longest + 1) * per_step],
            per_step,
            slots: longest + 1,
            ready: false,
        })
    }

    /// Records the values `x` of step `step` (the first recorded step also fills the past),
    /// and returns the slot to read it by ([`DelayLine::value`]).
    pub fn record(&mut self, step: u64, x: &[f64]) -> usize {
        let n = self.per_step;
        let now = (step % self.slots as u64) as usize;
        if n == 0 {
            return now;
        }
        if !self.ready {
            for row in self.history.chunks_exact_mut(n) {
                row.copy_from_slice(x);
            }
            self.ready = true;
        }
        self.history[now * n..(now + 1) * n].copy_from_slice(x);
        now
    }

    /// Value `i` as it was `delay` (≤ the longest) steps before the step recorded in slot
    /// `now`: no division per read.
    #[inline]
    pub fn value(&self, now: usize, delay: u32, i: usize) -> f64 {
        let back = delay as usize;
        let slot = if now >= back {
            now - back
        } else {
            now + self.slots - back
        };
        self.history[slot * self.per_step + i]
    }

    /// Forgets the history: the next recorded step fills the past again (after the state
    /// was set from outside).
    pub fn forget(&mut self) {
        self.ready = false;
    }

    /// Ready flag, then the values, for checkpoints.
    pub fn save(&self, out: &mut Vec<f64>) {
        out.push(if self.ready { 1.0 } else { 0.0 });
        out.extend_from_slice(&self.history);
    }

    /// Restores what [`DelayLine::save`] wrote; false (and nothing changed) if it does not fit.
    pub fn load(&mut self, data: &[f64]) -> bool {
        match data {
            [ready, history @ ..] if history.len() == self.history.len() => {
                self.ready = *ready != 0.0;
                self.history.copy_from_slice(history);
                true
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delayed_values_are_the_values_that_many_steps_back() {
        let mut line = DelayLine::new("test", 3, 2).unwrap();
        // Before anything older is recorded, the past is the first step's values.
        let now = line.record(5, &[5.0, 50.0]);
        assert_eq!(line.value(now, 3, 1), 50.0);
        for step in 6..12u64 {
            let now = line.record(step, &[step as f64, 10.0 * step as f64]);
            for d in 0..=3u32 {
                let back = (step - u64::from(d)).max(5) as f64;
                assert_eq!(line.value(now, d, 0), back, "step {step}, delay {d}");
                assert_eq!(line.value(now, d, 1), 10.0 * back);
            }
        }
    }
}
