//! Per-synapse delays stored as runs: each source's synapses are sorted by delay (keeping
//! their order among equal delays), so a row is a few runs of one delay each, 6 bytes a run
//! and 4 a source instead of 2 bytes a synapse — what keeps a network such as the cortical
//! microcircuit (thousands of synapses a source, tens of distinct delays) near 10 bytes a
//! synapse. A spike then waits, run by run, in the slot of its run's arrival step.

use std::ops::Range;

use crate::prefetch::prefetch;

/// The delay runs of a projection's rows.
pub(super) struct DelayRuns {
    /// Source i's runs are `first[i]..first[i + 1]`.
    first: Vec<u32>,
    /// End (exclusive synapse index) of each run; a run starts where the previous one of its
    /// row ends, or at the row's start.
    end: Vec<u32>,
    /// Delay (steps) of each run.
    delay: Vec<u16>,
}

impl DelayRuns {
    /// The runs of rows `row` (row starts, as the synapse table's) whose synapses have the
    /// delays `steps` (one per synapse in table order, non-decreasing within a row).
    pub fn new(row: &[u32], steps: &[u16]) -> DelayRuns {
        let mut runs = DelayRuns {
            first: Vec::with_capacity(row.len()),
            end: Vec::new(),
            delay: Vec::new(),
        };
        for r in row.windows(2) {
            runs.first.push(runs.end.len() as u32);
            let (a, b) = (r[0] as usize, r[1] as usize);
            for s in a..b {
                if s + 1 == b || steps[s + 1] != steps[s] {
                    debug_assert!(s + 1 == b || steps[s + 1] > steps[s]);
                    runs.end.push(s as u32 + 1);
                    runs.delay.push(steps[s]);
                }
            }
        }
        runs.first.push(runs.end.len() as u32);
        runs.end.shrink_to_fit();
        runs.delay.shrink_to_fit();
        runs
    }

    /// The runs of source `i` (their indices).
    #[inline]
    fn of(&self, i: u32) -> Range<usize> {
        self.first[i as usize] as usize..self.first[i as usize + 1] as usize
    }

    /// The runs of source `i`, whose row starts at synapse `start`: each one's synapses and
    /// delay (steps), in order.
    #[inline]
    pub fn runs_of(&self, i: u32, start: usize) -> impl Iterator<Item = (Range<usize>, u16)> {
        let runs = self.of(i);
        let mut from = start;
        self.end[runs.clone()]
            .iter()
            .zip(&self.delay[runs])
            .map(move |(&end, &delay)| {
                let synapses = from..end as usize;
                from = end as usize;
                (synapses, delay)
            })
    }

    /// Prefetches where source `i`'s runs are listed (for [`DelayRuns::prefetch_runs`]).
    #[inline]
    pub fn prefetch_first(&self, i: u32) {
        prefetch(&self.first[i as usize]);
    }

    /// Prefetches the end and delay of source `i`'s first run, what a spike of `i` reads
    /// first (after [`DelayRuns::prefetch_first`], this reads where they are listed).
    #[inline]
    pub fn prefetch_runs(&self, i: u32) {
        let r = self.first[i as usize] as usize;
        if let (Some(end), Some(delay)) = (self.end.get(r), self.delay.get(r)) {
            prefetch(end);
            prefetch(delay);
        }
    }

    /// Whether `synapses` are one run of one source (the table's row starts are `row`).
    pub fn is_run(&self, row: &[u32], synapses: Range<usize>) -> bool {
        // The source whose row holds the run's first synapse (the last row starting there).
        let i = row.partition_point(|&start| start as usize <= synapses.start);
        if i == 0 || i >= row.len() || synapses.start >= synapses.end {
            return false;
        }
        let i = (i - 1) as u32;
        self.runs_of(i, row[i as usize] as usize)
            .any(|(run, _)| run == synapses)
    }

    /// The smallest delay of any run (steps), if there is one.
    pub fn min_delay(&self) -> Option<u16> {
        self.delay.iter().copied().min()
    }

    /// Bytes held.
    pub fn bytes(&self) -> usize {
        self.first.len() * 4 + self.end.len() * 4 + self.delay.len() * 2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_become_runs_of_one_delay() {
        // Rows: [3, 3, 5], [], [1], [2, 2].
        let row = [0, 3, 3, 4, 6];
        let runs = DelayRuns::new(&row, &[3, 3, 5, 1, 2, 2]);
        let of = |i: u32| {
            runs.runs_of(i, row[i as usize] as usize)
                .collect::<Vec<_>>()
        };
        assert_eq!(of(0), vec![(0..2, 3), (2..3, 5)]);
        assert_eq!(of(1), vec![]);
        assert_eq!(of(2), vec![(3..4, 1)]);
        assert_eq!(of(3), vec![(4..6, 2)]);
        assert_eq!(runs.bytes(), 5 * 4 + 4 * 6);
        assert_eq!(runs.min_delay(), Some(1));
        for (synapses, is_run) in [
            (0..2, true),
            (2..3, true),
            (3..4, true),
            (4..6, true),
            (0..3, false),
            (1..2, false),
            (2..2, false),
            (5..6, false),
            (6..7, false),
        ] {
            assert_eq!(runs.is_run(&row, synapses.clone()), is_run, "{synapses:?}");
        }
        assert_eq!(DelayRuns::new(&[0, 0], &[]).min_delay(), None);
    }
}
