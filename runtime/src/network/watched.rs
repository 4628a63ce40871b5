//! The loop of a watched run, shared by a [`Network`] and a [`super::NetworkBatch`]: steps
//! taken one by one, the watcher told how far the run is at the start, every
//! [`crate::WATCH_STEPS`] steps and at the end (for progress bars), the spike records'
//! budget checked every [`crate::WATCH_STEPS`] steps, and the run stopped where the watcher
//! asks (e.g. on Ctrl-C) or a step fails.

use super::Network;
use crate::error::Error;

/// What a watched run steps.
pub(super) trait Watched {
    /// Why a run stops early.
    type Stop;
    /// One step.
    fn take_step(&mut self) -> Result<(), Self::Stop>;
    /// Whether the spike records may grow on (see [`crate::budget::Growth`]).
    fn check_spike_budget(&mut self) -> Result<(), Self::Stop>;
    /// The stop of a run the watcher interrupted.
    fn interrupted(&self) -> Self::Stop;
}

/// Takes `steps` steps of `run`, watched by `watch(done, steps)` (see the module).
pub(super) fn watched_run<W: Watched>(
    run: &mut W,
    steps: u64,
    watch: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<(), W::Stop> {
    for done in 0..=steps {
        let stop = (done.is_multiple_of(crate::WATCH_STEPS) || done == steps) && watch(done, steps);
        if done == steps {
            break;
        }
        if done.is_multiple_of(crate::WATCH_STEPS) {
            run.check_spike_budget()?;
        }
        if stop {
            return Err(run.interrupted());
        }
        run.take_step()?;
    }
    Ok(())
}

impl Watched for Network {
    type Stop = Error;

    fn take_step(&mut self) -> Result<(), Error> {
        self.step()
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
