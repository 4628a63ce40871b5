//! Long runs without the GIL: the run asks a [`Watch`] every few hundred steps whether to
//! stop, and the watch, at most every 20 ms, takes the GIL to let Python handle signals
//! (Ctrl-C becomes `KeyboardInterrupt` there) and to advance the progress bar.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use pyo3::prelude::*;
use pyo3::types::PyDict;

/// Time between two visits to Python during a run.
const POLL: Duration = Duration::from_millis(20);

/// What a run reports to, and hears from, Python.
#[derive(Clone)]
pub struct Watch {
    last: Instant,
    /// The progress bar (tqdm) or callback `f(done, total)`, if any.
    progress: Option<Arc<Py<PyAny>>>,
    /// Steps already shown on a tqdm bar.
    shown: u64,
    /// Whether `progress` is a tqdm bar (`update(k)`) rather than a callback.
    is_bar: bool,
    /// The signal's exception, once one arrived.
    error: Arc<Mutex<Option<PyErr>>>,
}

impl Watch {
    /// A watch with the progress display `progress` asks for: `True` for a tqdm bar (none if
    /// tqdm is not installed), a callable for `f(done, total)`, `None`/`False` for none.
    pub fn new(py: Python<'_>, progress: Option<&Bound<'_, PyAny>>, total: u64) -> PyResult<Watch> {
        let mut watch = Watch {
            last: Instant::now(),
            progress: None,
            shown: 0,
            is_bar: false,
            error: Arc::new(Mutex::new(None)),
        };
        match progress {
            Some(p) if p.is_callable() => watch.progress = Some(Arc::new(p.clone().unbind())),
            Some(p) if p.is_truthy()? => {
                if let Ok(tqdm) = py.import("tqdm") {
                    let kwargs = PyDict::new(py);
                    kwargs.set_item("total", total)?;
                    kwargs.set_item("unit", "step")?;
                    let bar = tqdm.call_method("tqdm", (), Some(&kwargs))?;
                    watch.progress = Some(Arc::new(bar.unbind()));
                    watch.is_bar = true;
                }
            }
            _ => {}
        }
        Ok(watch)
    }

    /// Called from the run (without the GIL): whether to stop now.
    pub fn poll(&mut self, done: u64, total: u64) -> bool {
        if self.last.elapsed() < POLL && done < total {
            return false;
        }
        self.last = Instant::now();
        Python::attach(|py| {
            if let Err(e) = py.check_signals() {
                *self.error.lock().unwrap_or_else(|p| p.into_inner()) = Some(e);
                return true;
            }
            if let Some(p) = &self.progress {
                let shown = if self.is_bar {
                    let step = done - self.shown;
                    p.bind(py).call_method1("update", (step,)).map(|_| done)
                } else {
                    p.bind(py).call1((done, total)).map(|_| done)
                };
                match shown {
                    Ok(done) => self.shown = done,
                    Err(e) => {
                        *self.error.lock().unwrap_or_else(|p| p.into_inner()) = Some(e);
                        return true;
                    }
                }
            }
            false
        })
    }

    /// After the run, `done` of `total` steps taken: shows the end on the bar (and closes
    /// it) or tells the callback, and gives the exception a signal (or the progress
    /// display) raised, if any.
    pub fn finish(&mut self, py: Python<'_>, done: u64, total: u64) -> Option<PyErr> {
        let raised = self.error.lock().unwrap_or_else(|p| p.into_inner()).take();
        let shown = match &self.progress {
            Some(bar) if self.is_bar => {
                let bar = bar.bind(py);
                bar.call_method1("update", (done.saturating_sub(self.shown),))
                    .and_then(|_| bar.call_method0("close"))
                    .map(|_| ())
            }
            Some(f) if raised.is_none() && done > self.shown => {
                f.bind(py).call1((done, total)).map(|_| ())
            }
            _ => Ok(()),
        };
        raised.or(shown.err())
    }
}
