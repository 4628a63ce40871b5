//! The seed notebook's three network experiments: its custom 4-neuron circuit, the
//! Cano-Colino ring with 2 + 2 neurons, and the ring with 100 RS + 20 FS neurons; Izhikevich
//! cells with AMPA/NMDA/GABA_A/GABA_B conductances, 1 s at dt = 0.1 ms (seed schedule).
//!
//! For each experiment it prints the spike counts and writes two CSV files:
//! `<dir>/seed_network_<case>_spikes.csv` (neuron, population, count, first spike in ms) and
//! `<dir>/seed_network_<case>_v.csv` (time in ms and v in mV of every neuron, every 0.5 ms).
//!
//! Run: `cargo run --release --example seed_network [-- OUTPUT_DIR]` (default `out`).

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use cajal::models::networks::{CanoColinoRing, CanoColinoRingParams, SeedCircuit};
use cajal::prelude::*;
use cajal::runtime::output::write_atomically;

/// One of the notebook's experiments: its name and the library network it runs.
struct Experiment {
    name: &'static str,
    build: fn() -> Result<(Network, PopulationId, PopulationId), Error>,
}

/// The Cano-Colino ring with `ne` RS and `ni` FS cells and the notebook's other defaults.
fn ring(ne: f64, ni: f64) -> Result<(Network, PopulationId, PopulationId), Error> {
    let params = CanoColinoRingParams {
        Ne: ne,
        Ni: ni,
        ..CanoColinoRingParams::default()
    };
    CanoColinoRing::with_params(&params).map(|r| (r.network, r.E, r.I))
}

fn experiments() -> Vec<Experiment> {
    vec![
        Experiment {
            // E0 → I0, E1 → I1 (5 nS), I0 → E1, I1 → E0 (10 nS); 1250 and 1200 pA into E0, E1.
            name: "custom4",
            build: || SeedCircuit::new().map(|c| (c.network, c.E, c.I)),
        },
        Experiment {
            name: "ring_2_2",
            build: || ring(2.0, 2.0),
        },
        Experiment {
            name: "ring_100_20",
            build: || ring(100.0, 20.0),
        },
    ]
}

fn run(ex: &Experiment, dir: &Path) -> Result<(), Error> {
    // The library networks record spikes of both populations.
    let (mut net, e, i) = (ex.build)()?;
    let (ne, ni) = (net.population(e)?.len(), net.population(i)?.len());
    let ve = net.record_state(e, "v", (0..ne).collect(), 5)?;
    let vi = net.record_state(i, "v", (0..ni).collect(), 5)?;
    net.run(1000.0)?;

    let mut spikes = String::from("neuron,population,count,first_spike_ms\n");
    let mut counts = Vec::new();
    for (pop, label, n, offset) in [(e, "E", ne, 0), (i, "I", ni, ne)] {
        let rec = net.spikes(pop)?;
        for k in 0..n {
            let steps = rec.steps_of(k);
            let first = steps
                .first()
                .map_or(String::new(), |s| format!("{:.1}", *s as f64 * net.dt_ms()));
            writeln!(spikes, "{},{label},{},{first}", offset + k, steps.len()).ok();
            counts.push(steps.len());
        }
    }
    let (me, mi) = (net.monitor(ve)?, net.monitor(vi)?);
    let mut v = String::from("t_ms");
    for k in 0..ne + ni {
        write!(v, ",v{k}_mV").ok();
    }
    v.push('\n');
    for (row, t) in me.t_ms.iter().enumerate() {
        write!(v, "{t:.1}").ok();
        for x in me.values[row].iter().chain(&mi.values[row]) {
            write!(v, ",{x}").ok();
        }
        v.push('\n');
    }
    write_atomically(
        &dir.join(format!("seed_network_{}_spikes.csv", ex.name)),
        spikes.as_bytes(),
    )?;
    write_atomically(
        &dir.join(format!("seed_network_{}_v.csv", ex.name)),
        v.as_bytes(),
    )?;

    let total: usize = counts.iter().sum();
    let shown: Vec<String> = counts.iter().take(8).map(|c| c.to_string()).collect();
    let more = if counts.len() > 8 { ", …" } else { "" };
    println!(
        "{:<12} {:>3} E + {:>2} I  {total:>5} spikes  counts [{}{more}]",
        ex.name,
        ne,
        ni,
        shown.join(", ")
    );
    Ok(())
}

fn main() -> ExitCode {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "out".to_string());
    let dir = Path::new(&dir);
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("error: cannot create `{}`: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    println!("Seed notebook networks, 1 s at dt = 0.1 ms (seed schedule)");
    for ex in experiments() {
        if let Err(e) = run(&ex, dir) {
            eprintln!("error in {}: {e}", ex.name);
            return ExitCode::FAILURE;
        }
    }
    println!("CSV files written to {}/", dir.display());
    ExitCode::SUCCESS
}
