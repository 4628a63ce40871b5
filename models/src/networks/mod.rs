//! Library networks, written as `network` items of the DSL: the seed notebook's RS/FS
//! networks ([`CanoColinoRing`], [`SeedCircuit`]), the COBA/CUBA benchmarks ([`Coba`],
//! [`Cuba`]), Brunel's (2000) sparse balanced network ([`Brunel`], with its four states as
//! presets) and the cortical microcircuit of Potjans & Diesmann (2014, [`Microcircuit`]).
//! Each builds a runtime [`Network`](cajal_runtime::Network) with a field per population:
//! `Coba::new()?` or `Coba::with_params(&CobaParams { N: 16_000.0, ..Default::default() })?`.

mod benchmarks;
mod brunel;
mod microcircuit;
mod seed;

pub use benchmarks::*;
pub use brunel::*;
pub use microcircuit::*;
pub use seed::*;

impl CobaParams {
    /// The published network scaled to `n` neurons with `synapses_per_neuron` inputs on
    /// average (p = that / n), drawn by skipping, same weights (Brette et al. 2007).
    pub fn scaled(n: usize, synapses_per_neuron: f64) -> CobaParams {
        CobaParams {
            N: n as f64,
            p: (synapses_per_neuron / n as f64).min(1.0),
            pairwise: 0.0,
            ..CobaParams::default()
        }
    }
}
