//! The seed notebook's two cells: Izhikevich (2007) regular-spiking (RS) and fast-spiking
//! (FS) neurons under a 125 pA DC step from 100 ms, 1 s at dt = 0.1 ms, forward Euler in the
//! notebook's schedule. Prints spike counts and times and writes the traces to CSV.
//!
//! Run: `cargo run --release --bin seed_cells [-- OUTPUT.csv]` (default output:
//! `out/seed_cells.csv`). A binary rather than an example, so that it builds without the
//! test and benchmark dependencies.

use std::process::ExitCode;

use cajal::prelude::*;

fn run(output: &str) -> Result<(), Error> {
    let presets = [
        ("RS", IzhikevichParams::rs()),
        ("FS", IzhikevichParams::fs()),
    ];
    // One population of two instances with different parameters.
    let sets: Vec<IzhikevichParams> = presets.iter().map(|(_, p)| p.clone()).collect();
    let cells = Izhikevich::with_instance_params(&sets)?;

    let mut sim = Simulation::new(cells, 0.1)?;
    sim.drive("I", Stimulus::step(0.0, 125.0, 100.0))?;
    sim.record(&["v", "u"])?;
    let rec = sim.run(1000.0)?;

    println!("Izhikevich (2007) cells, I = 125 pA from 100 ms, dt = 0.1 ms, 1 s, seed schedule");
    for (i, (name, _)) in presets.iter().enumerate() {
        let times = rec.spike_times_ms(i as u32);
        let shown: Vec<String> = times.iter().map(|t| format!("{t:.1}")).collect();
        println!(
            "{name}: {} spikes at [{}] ms",
            times.len(),
            shown.join(", ")
        );
    }
    if let Some(dir) = std::path::Path::new(output).parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            path: dir.display().to_string(),
            source,
        })?;
    }
    rec.write_csv(output)?;
    println!("traces (v in mV, u in pA; instance 0 = RS, 1 = FS) written to {output}");
    Ok(())
}

fn main() -> ExitCode {
    let output = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "out/seed_cells.csv".to_string());
    match run(&output) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
