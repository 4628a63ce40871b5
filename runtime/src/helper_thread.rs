//! A thread that lives as long as its owner and does one job each time the owner asks, while
//! the owner does its own part: the second half of a parallel region that stays open for a
//! whole run (as an OpenMP region does) instead of a fork and join per step. The helper
//! owns its part of the data (e.g. its panels of a weight matrix, partitioned once); each job
//! reads the input the owner posts and writes the output the owner collects.
//!
//! Between jobs the helper spins for up to [`crate::parallel::SPIN`] (when there is a core
//! for it), then sleeps until the next job; the owner waiting for a result spins, then
//! yields. A helper that panicked makes the owner's wait panic instead of hanging.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::parallel::{spin_limit, spin_while};

/// What a job works on: the helper's own `part`, the owner's `input` and the helper's
/// `output`.
pub(crate) struct Work<P> {
    pub part: P,
    pub input: Vec<f64>,
    pub output: Vec<f64>,
}

/// What the owner and the helper share.
struct Shared<P> {
    work: Mutex<Work<P>>,
    /// Jobs posted and jobs done (the helper has finished job `done` when it equals
    /// `posted`).
    posted: AtomicU64,
    done: AtomicU64,
    /// Set by the owner when it goes: the helper returns.
    stop: AtomicBool,
    /// Whether the helper sleeps on `wake`.
    sleeping: Mutex<bool>,
    wake: Condvar,
    spin: Duration,
}

/// A helper thread owning a part `P`, running `job` on it once per [`HelperThread::start`].
pub(crate) struct HelperThread<P: Send + 'static> {
    shared: Arc<Shared<P>>,
    handle: Option<JoinHandle<()>>,
    posted: u64,
}

impl<P: Send + 'static> HelperThread<P> {
    /// A helper owning `part`, doing `job` for each job posted; `threads` is how many
    /// threads the whole region uses (the helper spins between jobs only when each has a
    /// core).
    pub fn spawn(part: P, job: fn(&mut Work<P>), threads: usize) -> Self {
        let shared = Arc::new(Shared {
            work: Mutex::new(Work {
                part,
                input: Vec::new(),
                output: Vec::new(),
            }),
            posted: AtomicU64::new(0),
            done: AtomicU64::new(0),
            stop: AtomicBool::new(false),
            sleeping: Mutex::new(false),
            wake: Condvar::new(),
            spin: spin_limit(threads),
        });
        let helper = shared.clone();
        let handle = std::thread::spawn(move || serve(&helper, job));
        HelperThread {
            shared,
            handle: Some(handle),
            posted: 0,
        }
    }

    /// Posts a job on `input` (copied) and returns at once.
    pub fn start(&mut self, input: &[f64]) {
        let s = &self.shared;
        {
            let mut work = lock(&s.work);
            work.input.clear();
            work.input.extend_from_slice(input);
        }
        self.posted += 1;
        s.posted.store(self.posted, Ordering::Release);
        if *lock(&s.sleeping) {
            s.wake.notify_one();
        }
    }

    /// Waits for the job posted last and returns its work, output included.
    pub fn finish(&mut self) -> MutexGuard<'_, Work<P>> {
        let s = &self.shared;
        let pending = || s.done.load(Ordering::Acquire) != self.posted;
        if !spin_while(pending, s.spin) {
            while pending() {
                if self.handle.as_ref().is_none_or(JoinHandle::is_finished) {
                    panic!("a helper thread of a parallel region failed");
                }
                std::thread::yield_now();
            }
        }
        lock(&s.work)
    }
}

impl<P: Send + 'static> Drop for HelperThread<P> {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Release);
        {
            let _sleeping = lock(&self.shared.sleeping);
            self.shared.wake.notify_one();
        }
        if let Some(handle) = self.handle.take() {
            let _ = handle.join();
        }
    }
}

/// The helper's loop: wait for a job (spinning, then asleep), do it, say so.
fn serve<P>(s: &Shared<P>, job: fn(&mut Work<P>)) {
    let mut seen = 0;
    loop {
        let idle = || s.posted.load(Ordering::Acquire) == seen && !s.stop.load(Ordering::Acquire);
        if !spin_while(idle, s.spin) {
            let mut sleeping = lock(&s.sleeping);
            *sleeping = true;
            while idle() {
                sleeping = s.wake.wait(sleeping).unwrap_or_else(|e| e.into_inner());
            }
            *sleeping = false;
        }
        if s.stop.load(Ordering::Acquire) {
            return;
        }
        seen = s.posted.load(Ordering::Acquire);
        job(&mut lock(&s.work));
        s.done.store(seen, Ordering::Release);
    }
}

/// A lock that a panic elsewhere does not poison for good (the values are plain numbers).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doubled_plus_part(w: &mut Work<f64>) {
        w.output.clear();
        w.output.extend(w.input.iter().map(|x| 2.0 * x + w.part));
    }

    /// Jobs posted back to back (the helper spins) and after pauses longer than its spin
    /// (it sleeps and is woken) all come back, each with its own input.
    #[test]
    fn every_job_is_done_on_its_own_input_whether_the_helper_spins_or_sleeps() {
        let mut helper = HelperThread::spawn(0.5, doubled_plus_part, 2);
        for k in 0..300 {
            if k % 60 == 0 {
                std::thread::sleep(Duration::from_millis(1));
            }
            let input = [k as f64, -1.0];
            helper.start(&input);
            let work = helper.finish();
            assert_eq!(work.output, [2.0 * k as f64 + 0.5, -1.5], "job {k}");
        }
    }

    fn fails(_: &mut Work<()>) {
        panic!("this job fails on purpose");
    }

    #[test]
    fn a_helper_that_fails_makes_the_wait_fail_instead_of_hanging() {
        let outcome = std::panic::catch_unwind(|| {
            let mut helper = HelperThread::spawn((), fails, 2);
            helper.start(&[1.0]);
            drop(helper.finish());
        });
        assert!(outcome.is_err());
    }
}
