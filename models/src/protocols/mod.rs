//! Stimulus protocols of published single-cell figures: which preset, which injected
//! current, which time step and how long, so that a figure can be rerun panel by panel.

pub mod izhikevich_2004;
pub mod naud_2008;

use cajal_runtime::{Stimulus, StimulusFn};

/// One panel of a published figure.
#[derive(Clone, Copy, Debug)]
pub struct Protocol {
    /// The model's preset for this panel.
    pub preset: &'static str,
    /// The panel's title in the paper.
    pub title: &'static str,
    /// Time step (ms).
    pub dt_ms: f64,
    /// Duration (ms).
    pub duration_ms: f64,
    /// Injected current at time t (ms), in the model's input unit.
    pub current: fn(f64) -> f64,
}

impl Protocol {
    /// The injected current as a stimulus (the same for every instance).
    pub fn stimulus(&self) -> Stimulus {
        let current = self.current;
        Stimulus::Function(StimulusFn::new(move |t, _| current(t)))
    }
}

/// The protocol of `panels` with this preset name.
pub fn find(panels: &'static [Protocol], preset: &str) -> Option<&'static Protocol> {
    panels.iter().find(|p| p.preset == preset)
}
