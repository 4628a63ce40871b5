//! The Cajal model library. Every model is written in the Cajal language with
//! `neural_model!`; nothing here is hand-written model arithmetic.
//!
//! | model | kind | source |
//! |---|---|---|
//! | [`Izhikevich`] | neuron | Izhikevich (2007), *Dynamical Systems in Neuroscience*, ch. 8; RS/FS presets of the seed notebook |
//! | [`Lif`] | neuron | leaky integrate-and-fire (Lapicque 1907), exact integration, refractory clamp |
//! | [`HodgkinHuxley`] | neuron | Hodgkin & Huxley (1952), squid giant axon |
//! | [`Hopf`] | mass | Hopf normal form, brainmass `HopfStep` (Deco et al. 2017) |
//! | [`WilsonCowan`] | mass | Wilson & Cowan (1972), brainmass `WilsonCowanStep` |

pub mod hodgkin_huxley;
pub mod hopf;
pub mod izhikevich;
pub mod lif;
pub mod wilson_cowan;

pub use hodgkin_huxley::{
    HodgkinHuxley, HodgkinHuxleyInputs, HodgkinHuxleyParams, HodgkinHuxleyState,
};
pub use hopf::{Hopf, HopfInputs, HopfParams, HopfState};
pub use izhikevich::{Izhikevich, IzhikevichInputs, IzhikevichParams, IzhikevichState};
pub use lif::{Lif, LifInputs, LifParams, LifState};
pub use wilson_cowan::{WilsonCowan, WilsonCowanInputs, WilsonCowanParams, WilsonCowanState};
