//! The Cajal model library. Every model is written in the Cajal language with
//! `neural_model!`; nothing here is hand-written model arithmetic.
//!
//! | model | kind | source |
//! |---|---|---|
//! | [`Izhikevich`] | neuron | Izhikevich (2007), *Dynamical Systems in Neuroscience*, ch. 8; RS/FS presets of the seed notebook |

pub mod izhikevich;

pub use izhikevich::{Izhikevich, IzhikevichInputs, IzhikevichParams, IzhikevichState};
