//! The loop of a watched run, shared by a [`Network`] and a [`super::NetworkBatch`]: steps
//! taken in blocks, the watcher told how far the run is at the start, every
//! [`crate::WATCH_STEPS`] steps and at the end (for progress bars), the spike records'
//! budget checked every [`crate::WATCH_STEPS`] steps, and the run stopped where the watcher
//! asks (e.g. on Ctrl-C) or a step fails.

use super::Network;
use crate::error::Error;

/// What a watched run steps.
pub(super) trait Watched {
    /// Why a run stops early.
    type Stop;
    /// `count` steps, stopping at the first that fails.
    fn take_steps(&mut self, count: u64) -> Result<(), Self::Stop>;
    /// Whether the spike records may grow on (see [`crate::budget::Growth`]).
    fn check_spike_budget(&mut self) -> Result<(), Self::Stop>;
    /// The stop of a run the watcher interrupted.
    fn interrupted(&self) -> Self::Stop;
}

/// Takes `steps` steps of `run`, watched by `watch(done, steps)` (see the module): in
/// blocks of [`crate::WATCH_STEPS`] steps between the watcher's calls.
pub(super) fn watched_run<W: Watched>(
    run: &mut W,
    steps: u64,
    watch: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<(), W::Stop> {
    let mut done = 0;
    loop {
        let stop = watch(done, steps);
        if done == steps {
            return Ok(());
        }
        run.check_spike_budget()?;
        if stop {
            return Err(run.interrupted());
        }
        let block = (steps - done).min(crate::WATCH_STEPS);
        run.take_steps(block)?;
        done += block;
    }
}

impl Watched for Network {
    type Stop = Error;

    /// A network that uses rayon's threads takes its block of steps on one of them: the
    /// parallel parts of each step are then split from a thread of the pool, without
    /// handing the work to the pool and waiting for it to come back at every step.
    fn take_steps(&mut self, count: u64) -> Result<(), Error> {
        let steps = |net: &mut Network| (0..count).try_for_each(|_| net.step());
        if self.uses_threads() {
            rayon::scope(|_| steps(self))
        } else {
            steps(self)
        }
    }

    fn check_spike_budget(&mut self) -> Result<(), Error> {
        Network::check_spike_budget(self)
    }

    fn interrupted(&self) -> Error {
        Error::Interrupted {
            time_ms: self.t_ms(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Watched, watched_run};
    use crate::WATCH_STEPS;

    /// Counts its steps; fails at step `fail_at`.
    struct Counter {
        taken: u64,
        fail_at: u64,
    }

    impl Watched for Counter {
        type Stop = u64;

        fn take_steps(&mut self, count: u64) -> Result<(), u64> {
            for _ in 0..count {
                if self.taken == self.fail_at {
                    return Err(self.taken);
                }
                self.taken += 1;
            }
            Ok(())
        }

        fn check_spike_budget(&mut self) -> Result<(), u64> {
            Ok(())
        }

        fn interrupted(&self) -> u64 {
            u64::MAX - self.taken
        }
    }

    #[test]
    fn the_watcher_is_asked_at_the_start_every_block_and_at_the_end() {
        let steps = 2 * WATCH_STEPS + 7;
        let mut run = Counter {
            taken: 0,
            fail_at: u64::MAX,
        };
        let mut asked = Vec::new();
        let mut watch = |done: u64, total: u64| {
            assert_eq!(total, steps);
            asked.push(done);
            false
        };
        assert_eq!(watched_run(&mut run, steps, &mut watch), Ok(()));
        assert_eq!(asked, [0, WATCH_STEPS, 2 * WATCH_STEPS, steps]);
        assert_eq!(run.taken, steps);
    }

    #[test]
    fn a_run_stops_where_the_watcher_asks_or_a_step_fails() {
        let mut run = Counter {
            taken: 0,
            fail_at: u64::MAX,
        };
        let mut watch = |done: u64, _| done == WATCH_STEPS;
        let stop = watched_run(&mut run, 3 * WATCH_STEPS, &mut watch);
        assert_eq!(stop, Err(u64::MAX - WATCH_STEPS));
        let mut run = Counter {
            taken: 0,
            fail_at: WATCH_STEPS + 3,
        };
        let stop = watched_run(&mut run, 3 * WATCH_STEPS, &mut |_, _| false);
        assert_eq!((stop, run.taken), (Err(WATCH_STEPS + 3), WATCH_STEPS + 3));
    }
}
