//! Long runs without the GIL: the runtime's run tells a [`Watch`] how far it is every few
//! hundred steps (`run_watched`), and the watch, at most every 20 ms, takes the GIL to let
//! Python handle signals (Ctrl-C becomes `KeyboardInterrupt` there) and to advance the
//! progress display; it answers whether to stop. A simulation or network held by a run is
//! refused to other threads ([`unless_running`]) rather than waited for.

use std::sync::{Mutex, MutexGuard, TryLockError};
use std::time::{Duration, Instant};

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// Time between two visits to Python during a run.
const POLL: Duration = Duration::from_millis(20);

/// `what` (a simulation, a network), unless a run holds it in another Python thread:
/// waiting for it while holding the GIL would keep that run from ever finishing.
pub fn unless_running<'a, T>(held: &'a Mutex<T>, what: &str) -> PyResult<MutexGuard<'a, T>> {
    match held.try_lock() {
        Ok(guard) => Ok(guard),
        Err(TryLockError::Poisoned(e)) => Ok(e.into_inner()),
        Err(TryLockError::WouldBlock) => Err(PyRuntimeError::new_err(format!(
            "the {what} is running (in another thread): wait for its run to end"
        ))),
    }
}

/// How a run's progress is shown.
enum Display {
    None,
    /// A tqdm bar (`update(k)`), with the steps it shows already.
    Bar(Py<PyAny>, u64),
    /// A callable `f(done, total)`.
    Callback(Py<PyAny>),
}

/// What a run reports to, and hears from, Python.
pub struct Watch {
    last: Instant,
    display: Display,
    /// The exception a signal (or the progress display) raised, once one did.
    raised: Option<PyErr>,
}

impl Watch {
    /// A watch with the progress display `progress` asks for: `True` for a tqdm bar (none if
    /// tqdm is not installed), a callable for `f(done, total)`, `None`/`False` for none.
    pub fn new(py: Python<'_>, progress: Option<&Bound<'_, PyAny>>, total: u64) -> PyResult<Watch> {
        let display = match progress {
            Some(p) if p.is_callable() => Display::Callback(p.clone().unbind()),
            Some(p) if p.is_truthy()? => match py.import("tqdm") {
                Ok(tqdm) => {
                    let kwargs = PyDict::new(py);
                    kwargs.set_item("total", total)?;
                    kwargs.set_item("unit", "step")?;
                    Display::Bar(tqdm.call_method("tqdm", (), Some(&kwargs))?.unbind(), 0)
                }
                Err(_) => Display::None,
            },
            _ => Display::None,
        };
        Ok(Watch {
            last: Instant::now(),
            display,
            raised: None,
        })
    }

    /// Shows `done` of `total` steps (Python's GIL held).
    fn show(&mut self, py: Python<'_>, done: u64, total: u64) -> PyResult<()> {
        match &mut self.display {
            Display::None => Ok(()),
            Display::Bar(bar, shown) => {
                bar.bind(py).call_method1("update", (done - *shown,))?;
                *shown = done;
                Ok(())
            }
            Display::Callback(f) => f.bind(py).call1((done, total)).map(|_| ()),
        }
    }

    /// Called by the run (without the GIL): whether to stop now. At the run's end the
    /// progress is left to [`Watch::finish`].
    pub fn poll(&mut self, done: u64, total: u64) -> bool {
        if done == total || self.last.elapsed() < POLL {
            return false;
        }
        self.last = Instant::now();
        let heard = Python::attach(|py| {
            py.check_signals()?;
            self.show(py, done, total)
        });
        match heard {
            Ok(()) => false,
            Err(e) => {
                self.raised = Some(e);
                true
            }
        }
    }

    /// After the run, `done` of `total` steps taken: shows the end (and closes a bar), and
    /// gives the exception a signal or the progress display raised, if any.
    pub fn finish(mut self, py: Python<'_>, done: u64, total: u64) -> Option<PyErr> {
        let shown = match (&self.raised, &self.display) {
            (None, _) | (_, Display::Bar(..)) => self.show(py, done, total),
            _ => Ok(()),
        };
        if let Display::Bar(bar, _) = &self.display {
            let _ = bar.bind(py).call_method0("close");
        }
        self.raised.take().or(shown.err())
    }
}
