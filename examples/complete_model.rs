//! The README's complete model (section "A complete model"), as a program: an Izhikevich
//! (2007) regular-spiking cell written with `neural_model!`, driven by a 125 pA step from
//! 100 ms, its spike times printed and its trace written to `izh.csv` in the temporary
//! directory. A crate of one model: what an edit to a model of one's own rebuilds.
//!
//! Run: `cargo run --release --example complete_model`.

use cajal::prelude::*;

neural_model! {
    /// Izhikevich (2007) simple model; defaults: regular spiking (RS).
    pub neuron Izh {
        parameters {
            C = 100 pF, k = 3 nS/mV, v_r = -60 mV, v_t = -50 mV, v_peak = 50 mV,
            a = 0.01 /ms, b = 5 nS, c = -60 mV, d = 400 pA,
        }
        inputs { I: pA }
        state { v = v_r, u = 0 pA }
        equations {
            dv/dt = (k*(v - v_r)*(v - v_t) - u + I) / C
            du/dt = a*(b*(v - v_r) - u)
        }
        on v >= v_peak { emit spike; v = c; u += d }
        method euler
        schedule seed
    }
}

fn main() -> Result<(), cajal::runtime::Error> {
    let mut sim = Simulation::new(Izh::new(1), 0.1)?; // one cell, dt = 0.1 ms
    sim.drive("I", Stimulus::step(0.0, 125.0, 100.0))?; // pA, from 100 ms
    sim.record(&["v"])?;
    let rec = sim.run(1000.0)?; // ms
    println!("spike times: {:?} ms", rec.spike_times_ms(0)); // [120.4, 398.3, 684.0, 969.7]
    rec.write_csv(std::env::temp_dir().join("izh.csv"))
}
