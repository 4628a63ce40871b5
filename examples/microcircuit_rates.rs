//! The cortical microcircuit of Potjans & Diesmann (2014) at a given scale: builds it, runs
//! it and prints each population's rate, irregularity (mean CV of the interspike intervals)
//! and synchrony (variance over mean of the spike count of 1000 of its neurons in 3 ms bins),
//! with the time spent and the bytes a synapse takes.
//!
//! `cargo run --release --example microcircuit_rates -- 0.1 1000` (scale, ms after a 200 ms
//! transient; add `dc` for the constant background current instead of Poisson trains).

use std::time::Instant;

use cajal::models::networks::{Microcircuit, MicrocircuitParams};
use cajal::runtime::analysis::population_activity;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let scale: f64 = args.next().map_or(Ok(0.1), |a| a.parse())?;
    let t_ms: f64 = args.next().map_or(Ok(1000.0), |a| a.parse())?;
    let poisson_bg = if args.next().as_deref() == Some("dc") {
        0.0
    } else {
        1.0
    };
    let params = MicrocircuitParams {
        scale,
        poisson_bg,
        ..MicrocircuitParams::default()
    };
    let built = Instant::now();
    let mc = Microcircuit::with_params(&params)?;
    let pops = [
        ("L2/3E", mc.L23E),
        ("L2/3I", mc.L23I),
        ("L4E", mc.L4E),
        ("L4I", mc.L4I),
        ("L5E", mc.L5E),
        ("L5I", mc.L5I),
        ("L6E", mc.L6E),
        ("L6I", mc.L6I),
    ];
    let mut net = mc.network;
    println!(
        "built in {:.1} s: {} synapses, {:.2} bytes each in the synapse tables",
        built.elapsed().as_secs_f64(),
        net.synapse_count(),
        net.synapse_bytes() as f64 / net.synapse_count() as f64
    );
    let transient = 200.0;
    let ran = Instant::now();
    net.run(transient)?;
    let from = net.steps();
    net.run(t_ms)?;
    let to = net.steps();
    let wall = ran.elapsed().as_secs_f64();
    println!(
        "ran {:.0} ms in {wall:.1} s ({:.1} × real time)",
        transient + t_ms,
        wall / ((transient + t_ms) * 1e-3)
    );
    println!("population  rate (Hz)  CV ISI  synchrony");
    for (name, id) in pops {
        let n = net.population(id)?.len();
        let a = population_activity(net.spikes(id)?, n, (from, to), net.dt_ms(), (3.0, 1000));
        println!(
            "{name:<10}  {:>9.3}  {:>6.3}  {:>9.2}",
            a.rate_hz, a.cv_isi, a.synchrony
        );
    }
    Ok(())
}
