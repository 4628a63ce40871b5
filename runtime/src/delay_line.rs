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
        let now = self.slot(step);
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

    /// The slot that step `step` is recorded in.
    pub fn slot(&self, step: u64) -> usize {
        (step % self.slots as u64) as usize
    }

    /// Value `i` as it was `delay` (≤ the longest) steps before the step recorded in slot
    /// `now`: no division per read.
    #[inline]
    pub fn value(&self, now: usize, delay: u32, i: usize) -> f64 {
        self.history[self.position(now, delay, i)]
    }

    /// Where [`DelayLine::value`] reads value `i` `delay` steps before slot `now`: the same
    /// position in every line of the same shape (the members of a batch), read by
    /// [`DelayLine::at`].
    #[inline]
    pub fn position(&self, now: usize, delay: u32, i: usize) -> usize {
        let back = delay as usize;
        let slot = if now >= back {
            now - back
        } else {
            now + self.slots - back
        };
        slot * self.per_step + i
    }

    /// The `count` values from `position` (from [`DelayLine::position`]).
    #[inline]
    pub fn run(&self, position: usize, count: usize) -> &[f64] {
        &self.history[position..position + count]
    }

    /// The lines of the B members of a batch, all of the same shape, woven into one of
    /// B times as many values per step: value i of member b at i·B + b, so that the
    /// members' values of one source at one delay are adjacent.
    pub fn interleave(what: &str, lines: &[&DelayLine]) -> Result<DelayLine, Error> {
        let members = lines.len();
        let first = lines.first().ok_or_else(|| Error::WrongSize {
            what: format!("delay lines of {what}"),
            expected: 1,
            got: 0,
        })?;
        if let Some(b) = lines.iter().position(|l| !l.same_shape(first)) {
            return Err(Error::Incompatible {
                what: what.to_string(),
                message: format!("the delay line of member {b} is not shaped as member 0's"),
            });
        }
        let mut woven = DelayLine::new(what, first.slots - 1, first.per_step * members)?;
        for (b, line) in lines.iter().enumerate() {
            for (k, value) in line.history.iter().enumerate() {
                woven.history[k * members + b] = *value;
            }
        }
        woven.ready = first.ready;
        Ok(woven)
    }

    /// Whether `other` has the same shape (slots and values per step), so that positions
    /// in one are positions in the other.
    pub fn same_shape(&self, other: &DelayLine) -> bool {
        self.slots == other.slots && self.per_step == other.per_step
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

/// The same history as a [`DelayLine`], laid out by node: node i's `slots` recent values are
/// contiguous (`values[i·slots + slot]`), so a coupling summed source by source reads each
/// source's past from one short stretch of memory that stays in cache while every target's
/// edge from that source reads it — instead of one scattered read per edge across the whole
/// history. Checkpoints hold it in the [`DelayLine`]'s order (slot by slot), so that the two
/// layouts save the same values.
pub(crate) struct NodeHistory {
    values: Vec<f64>,
    nodes: usize,
    slots: usize,
    ready: bool,
}

impl NodeHistory {
    /// Room for delays up to `longest` steps of `nodes` values, or an error for `what` if
    /// that would exceed 2 GiB.
    pub fn new(what: &str, longest: usize, nodes: usize) -> Result<NodeHistory, Error> {
        check_history_size(what, longest, nodes)?;
        Ok(NodeHistory {
            values: vec![0.0; (longest + 1) * nodes],
            nodes,
            slots: longest + 1,
            ready: false,
        })
    }

    /// Records the values `x` of step `step` (the first recorded step also fills the past)
    /// and returns its slot.
    pub fn record(&mut self, step: u64, x: &[f64]) -> usize {
        let now = (step % self.slots as u64) as usize;
        if !self.ready {
            for (past, &v) in self.values.chunks_exact_mut(self.slots).zip(x) {
                past.fill(v);
            }
            self.ready = true;
        }
        for (past, &v) in self.values.chunks_exact_mut(self.slots).zip(x) {
            past[now] = v;
        }
        now
    }

    /// Node `i`'s recent values, by slot (read with [`NodeHistory::slot_back`]).
    #[inline]
    pub fn node(&self, i: usize) -> &[f64] {
        &self.values[i * self.slots..(i + 1) * self.slots]
    }

    /// The slot `delay` (≤ the longest) steps before slot `now`.
    #[inline]
    pub fn slot_back(&self, now: usize, delay: u32) -> usize {
        let back = delay as usize;
        if now >= back {
            now - back
        } else {
            now + self.slots - back
        }
    }

    /// Value `i` as it was `delay` steps before the step recorded in slot `now`.
    #[cfg(test)]
    fn value(&self, now: usize, delay: u32, i: usize) -> f64 {
        self.node(i)[self.slot_back(now, delay)]
    }

    /// Forgets the history: the next recorded step fills the past again.
    pub fn forget(&mut self) {
        self.ready = false;
    }

    /// Ready flag, then the values slot by slot (as [`DelayLine::save`]), for checkpoints.
    pub fn save(&self, out: &mut Vec<f64>) {
        out.push(if self.ready { 1.0 } else { 0.0 });
        for slot in 0..self.slots {
            out.extend((0..self.nodes).map(|i| self.values[i * self.slots + slot]));
        }
    }

    /// Restores what [`NodeHistory::save`] wrote; false (and nothing changed) if it does
    /// not fit.
    pub fn load(&mut self, data: &[f64]) -> bool {
        match data {
            [ready, history @ ..] if history.len() == self.values.len() => {
                self.ready = *ready != 0.0;
                for (slot, row) in history.chunks_exact(self.nodes.max(1)).enumerate() {
                    for (i, &v) in row.iter().enumerate() {
                        self.values[i * self.slots + slot] = v;
                    }
                }
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
    fn a_history_by_node_reads_and_saves_as_the_line_by_slot() {
        let (mut line, mut by_node) = (
            DelayLine::new("slots", 4, 3).unwrap(),
            NodeHistory::new("nodes", 4, 3).unwrap(),
        );
        for step in 7..20u64 {
            let x: Vec<f64> = (0..3).map(|i| (step * 10 + i) as f64).collect();
            let now = line.record(step, &x);
            assert_eq!(by_node.record(step, &x), now);
            for d in 0..=4u32 {
                for i in 0..3 {
                    assert_eq!(by_node.value(now, d, i), line.value(now, d, i));
                }
            }
        }
        let (mut saved_line, mut saved_nodes) = (Vec::new(), Vec::new());
        line.save(&mut saved_line);
        by_node.save(&mut saved_nodes);
        assert_eq!(saved_line, saved_nodes);
        let mut restored = NodeHistory::new("again", 4, 3).unwrap();
        assert!(restored.load(&saved_nodes));
        assert!(!restored.load(&saved_nodes[1..]));
        let now = line.slot(19);
        for i in 0..3 {
            assert_eq!(restored.value(now, 2, i), line.value(now, 2, i));
        }
    }

    #[test]
    fn a_woven_line_holds_each_members_values_side_by_side() {
        let mut lines = [
            DelayLine::new("a", 2, 3).unwrap(),
            DelayLine::new("b", 2, 3).unwrap(),
        ];
        for step in 0..2u64 {
            for (b, line) in lines.iter_mut().enumerate() {
                let x: Vec<f64> = (0..3)
                    .map(|i| (100 * b + 10 * i) as f64 + step as f64)
                    .collect();
                line.record(step, &x);
            }
        }
        let woven = DelayLine::interleave("both", &[&lines[0], &lines[1]]).unwrap();
        let now = woven.slot(1);
        for d in 0..=2u32 {
            for i in 0..3 {
                let at = woven.position(now, d, i * 2);
                let expected = [lines[0].value(now, d, i), lines[1].value(now, d, i)];
                assert_eq!(woven.run(at, 2), expected, "delay {d}, value {i}");
            }
        }
        let other = DelayLine::new("c", 3, 3).unwrap();
        assert!(DelayLine::interleave("mixed", &[&lines[0], &other]).is_err());
        assert!(DelayLine::interleave("none", &[]).is_err());
    }

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
