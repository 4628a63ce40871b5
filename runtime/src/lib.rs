//! The Cajal runtime: what generated models and users share.
//!
//! - [`Model`]: the trait every generated (or interpreted) model implements;
//! - [`Simulation`]: runs one population with stimuli, recording state and spikes;
//! - [`Stimulus`]: constant, step, piecewise-constant, sampled and functional inputs;
//! - [`MassNetwork`]: N nodes of a mass model joined by a [`Coupling`] over a
//!   [`Connectivity`] (weights, delays);
//! - [`Network`]: spiking populations joined by projections of [`Synapse`] models over
//!   [`Connections`], with spike sources, stimuli and monitors;
//! - [`interpreter`]: runs a checked model (e.g. from a `.cajal` file) without compiling Rust;
//! - [`Recording`]: traces and spikes, written to CSV atomically;
//! - [`math`]: the numeric helpers generated code calls (`exprel`, `sigmoid`).
//!
//! Units: time is always in ms (`t`, `dt`); every other value is in the unit its model
//! declares (see [`ModelInfo`]).

pub mod analysis;
pub mod boxed;
pub mod budget;
pub mod coloured_noise;
pub mod connectivity;
pub mod connectome;
pub mod coupling;
mod delay_line;
pub mod distributed;
pub mod error;
pub mod export;
pub mod field;
pub mod forward;
pub mod gain;
mod helper_thread;
pub mod hrf;
pub mod interpreter;
pub mod io;
mod large_array;
pub mod mass_network;
pub mod math;
pub mod mean_field;
pub mod model;
pub mod network;
pub mod output;
mod panels;
pub mod parallel;
pub mod patterns;
pub mod phase_plane;
pub mod plastic_visits;
pub mod plot;
pub mod poisson;
pub mod precision;
mod prefetch;
pub mod recording;
pub mod rng;
pub mod saved_state;
pub mod simulation;
pub mod spike_train;
pub mod steps;
pub mod stimulus;
pub mod synapse;
pub mod targets;

pub use connectivity::{Connectivity, DelayRounding, Laplacian};
pub use connectome::{Connectome, ConnectomeRule, LaplacianRule};
pub use coupling::{Coupling, CouplingInfo, RuleInfo};
pub use error::Error;
pub use field::{FieldConvolution, FieldKernel};
pub use mass_network::MassNetwork;
pub use model::{
    Model, ModelInfo, ModelKind, ParamInfo, VarInfo, check_finite, check_finite_after_step,
};
pub use network::{Connections, Delivery, Network, PopulationId, SourceId};
pub use patterns::{HebbianPatterns, Patterns};
pub use precision::Precision;
pub use recording::{Recording, Samples};
pub use simulation::{PartialRun, Simulation, WATCH_STEPS};
pub use spike_train::SpikeTrain;
pub use stimulus::{Stimulus, StimulusFn};
pub use synapse::{Synapse, SynapseInfo};
pub use targets::{JumpTarget, Targets};

/// Items generated code refers to; not part of the public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::budget::check_population;
    pub use crate::coupling::{Coupling, CouplingInfo, RuleInfo};
    pub use crate::error::Error;
    pub use crate::math::{clip, exprel, heaviside, linear_propagator_array, powf, sigmoid, sign};
    pub use crate::model::{
        Model, ModelInfo, ModelKind, ParamInfo, VarInfo, for_each_flagged, method_position,
        non_finite_bit, refractory_steps,
    };
    pub use crate::parallel::{chunk_len, par_map};
    pub use crate::rng::{hazard_draw, hazard_start, normal};
    pub use crate::saved_state::{SavedLayout, check_saved_state};
    pub use crate::synapse::{PostColumn, PreRow, Synapse, SynapseInfo, TraceScope};
    pub use crate::targets::{JumpTarget, Targets};
}
