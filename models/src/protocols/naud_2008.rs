//! The eight firing patterns of Naud, Marcille, Clopath & Gerstner (2008, Biol. Cybern.
//! 99:335) in [`crate::AdEx`]: a current step (pA) from rest at t = 0, 600 ms at
//! dt = 0.1 ms (the step and duration of Brian2's reproduction of the paper).

use super::Protocol;

/// A 600 ms step protocol at dt = 0.1 ms for the preset `preset`.
const fn step(preset: &'static str, title: &'static str, current: fn(f64) -> f64) -> Protocol {
    Protocol {
        preset,
        title,
        dt_ms: 0.1,
        duration_ms: 600.0,
        current,
    }
}

/// The eight patterns, in the order of the paper's Table 1.
pub const PANELS: &[Protocol] = &[
    step("tonic", "tonic spiking", |_| 500.0),
    step("adapting", "adaptation", |_| 500.0),
    step("initial_burst", "initial burst", |_| 400.0),
    step("regular_bursting", "regular bursting", |_| 210.0),
    step("delayed_accelerating", "delayed accelerating", |_| 300.0),
    step(
        "delayed_regular_bursting",
        "delayed regular bursting",
        |_| 110.0,
    ),
    step("transient", "transient spiking", |_| 180.0),
    step("irregular", "irregular spiking", |_| 160.0),
];
