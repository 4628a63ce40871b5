//! The COBA benchmark network (Vogels & Abbott 2005; Brette et al. 2007, benchmark 1):
//! 4000 conductance-based LIF neurons, 2 % random connectivity, 1 s at dt = 0.1 ms. Prints the
//! rates, the irregularity of firing and the run time, and writes the spikes to CSV.
//!
//! Run: `cargo run --release --example coba [-- [--parallel] N [OUTPUT.csv]]` (N neurons at
//! 80 synapses per neuron, default: the published 4000-neuron network; default output
//! `out/coba_spikes.csv`; `--parallel` steps the populations on all cores).

use std::fmt::Write as _;
use std::process::ExitCode;
use std::time::Instant;

use cajal::models::networks::{Coba, CobaParams};
use cajal::prelude::*;
use cajal::runtime::output::write_atomically;

fn run(n: Option<usize>, output: &str, parallel: bool) -> Result<(), Error> {
    let cfg = match n {
        None => CobaParams::default(),
        Some(n) => CobaParams::scaled(n, 80.0),
    };
    let built = Instant::now();
    let coba = Coba::with_params(&cfg)?;
    let (e, i) = (coba.E, coba.I);
    let mut net = coba.network;
    if parallel {
        net.set_parallel_threshold(0);
    }
    println!(
        "COBA: {} neurons, {} synapses, built in {:.2} s",
        cfg.N,
        net.synapse_count(),
        built.elapsed().as_secs_f64()
    );
    let start = Instant::now();
    net.run(1000.0)?;
    let wall = start.elapsed().as_secs_f64();
    let (se, si) = (net.spikes(e)?, net.spikes(i)?);
    let (ne, ni) = (net.population(e)?.len(), net.population(i)?.len());
    let n = ne + ni;
    // Each spike reaches p·N targets on average.
    let events = (se.len() + si.len()) as f64 * cfg.p * n as f64;
    println!(
        "1 s simulated in {wall:.3} s: {:.2} Hz (E {:.2}, I {:.2}), {:.2e} neuron-steps/s, about {:.2e} synaptic events/s",
        (se.len() + si.len()) as f64 / n as f64,
        se.len() as f64 / ne as f64,
        si.len() as f64 / ni as f64,
        n as f64 * 1e4 / wall,
        events / wall,
    );
    let mut csv = String::from("t_ms,neuron\n");
    for (rec, offset) in [(se, 0), (si, ne)] {
        for (&s, &k) in rec.steps.iter().zip(&rec.neurons) {
            writeln!(csv, "{:.1},{}", s as f64 * net.dt_ms(), offset + k as usize).ok();
        }
    }
    if let Some(dir) = std::path::Path::new(output).parent() {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            path: dir.display().to_string(),
            source,
        })?;
    }
    write_atomically(std::path::Path::new(output), csv.as_bytes())?;
    println!("spikes written to {output}");
    Ok(())
}

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let parallel = args.iter().any(|a| a == "--parallel");
    args.retain(|a| a != "--parallel");
    let n = match args.first().map(|a| a.parse::<usize>()) {
        None => None,
        Some(Ok(n)) if n >= 10 => Some(n),
        Some(_) => {
            eprintln!("error: N must be a whole number of neurons ≥ 10");
            return ExitCode::FAILURE;
        }
    };
    let output = args.get(1).map_or("out/coba_spikes.csv", String::as_str);
    match run(n, output, parallel) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
