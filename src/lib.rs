//! Cajal: a modelling language and code generator for computational neuroscience.
//!
//! Write a model once as equations with physical units; [`neural_model!`] checks names and
//! dimensions at compile time and expands it into a specialised stepper. The shipped
//! [`models`] are written the same way, and [`runtime`] runs them.
//!
//! ```
//! use cajal::prelude::*;
//!
//! let mut sim = Simulation::new(Izhikevich::new(1), 0.1).unwrap(); // dt = 0.1 ms
//! sim.drive("I", Stimulus::step(0.0, 125.0, 100.0)).unwrap(); // 125 pA from 100 ms
//! let rec = sim.run(1000.0).unwrap();
//! assert_eq!(rec.spike_steps(0), vec![1204, 3983, 6840, 9697]);
//! ```

pub use cajal_macros::{include_model, neural_model};
pub use cajal_models as models;
pub use cajal_runtime as runtime;

/// The names most programs need.
pub mod prelude {
    pub use cajal_macros::{include_model, neural_model};
    pub use cajal_models::*;
    pub use cajal_runtime::{
        Connections, Connectivity, Connectome, Coupling, DelayRounding, Delivery, Error,
        HebbianPatterns, MassNetwork, Model, ModelInfo, Network, Patterns, PopulationId, Precision,
        Recording, Simulation, SourceId, SpikeTrain, Stimulus, Synapse,
    };
}

/// The README's code blocks, compiled and run as doc tests so they cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
