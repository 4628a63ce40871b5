//! Firing-pattern gallery: the twenty panels of Izhikevich (2004, Fig. 1) in
//! `Izhikevich2003` and the eight patterns of Naud et al. (2008) in `AdEx`, each preset run
//! under the stimulus protocol of its panel, drawn in one multi-panel figure.
//!
//! Run: `cargo run --release --example firing_patterns [-- OUTPUT.svg|png]` (default
//! `out/firing_patterns.svg`), or one panel by its preset name —
//! `cargo run --release --example firing_patterns -- rebound_burst` — which prints its spike
//! times and writes its traces to `out/rebound_burst.csv`.

use std::process::ExitCode;

use cajal::models::protocols::{Protocol, izhikevich_2004, naud_2008};
use cajal::prelude::*;
use cajal::runtime::output::create_parent_dir;
use cajal::runtime::plot::{GalleryPanel, gallery};

/// A panel's protocol run on its model: the recording of v.
fn run_panel<M: Model>(model: M, p: &Protocol) -> Result<Recording, Error> {
    let mut sim = Simulation::new(model, p.dt_ms)?;
    sim.drive("I", p.stimulus())?;
    sim.record(&["v"])?;
    sim.run(p.duration_ms)
}

/// Every panel: (model name, protocol, recording).
fn run_all() -> Result<Vec<(&'static str, &'static Protocol, Recording)>, Error> {
    let mut runs = Vec::new();
    for p in izhikevich_2004::PANELS {
        let model = Izhikevich2003::with_params(1, Izhikevich2003Params::preset(p.preset)?)?;
        runs.push(("Izhikevich2003", p, run_panel(model, p)?));
    }
    for p in naud_2008::PANELS {
        let model = AdEx::with_params(1, AdExParams::preset(p.preset)?)?;
        runs.push(("AdEx", p, run_panel(model, p)?));
    }
    Ok(runs)
}

fn figure(output: &str) -> Result<(), Error> {
    let runs = run_all()?;
    let mut panels = Vec::new();
    for (model, p, rec) in &runs {
        let t_ms = rec.sample_times_ms();
        let stimulus = t_ms.iter().map(|&t| (p.current)(t)).collect();
        let title = match *model {
            "AdEx" => format!("AdEx: {}", p.title),
            _ => p.title.to_string(),
        };
        panels.push(GalleryPanel {
            title,
            trace: rec.trace("v", 0).unwrap_or_default().to_vec(),
            t_ms,
            stimulus,
        });
        println!(
            "{model:>14} {:<32} {:>3} spikes",
            p.title,
            rec.spike_steps(0).len()
        );
    }
    create_parent_dir(output)?;
    gallery(output, 4, &panels)?;
    println!("figure written to {output}");
    Ok(())
}

fn one_panel(preset: &str) -> Result<(), Error> {
    let runs = run_all()?;
    let Some((model, p, rec)) = runs.iter().find(|(_, p, _)| p.preset == preset) else {
        return Err(Error::UnknownName {
            kind: "panel",
            name: preset.into(),
            available: runs.iter().map(|(_, p, _)| p.preset.to_string()).collect(),
        });
    };
    let times: Vec<String> = rec
        .spike_times_ms(0)
        .iter()
        .map(|t| t.to_string())
        .collect();
    println!(
        "{model}, preset `{preset}` ({}), dt = {} ms, {} ms: {} spikes at [{}] ms",
        p.title,
        p.dt_ms,
        p.duration_ms,
        times.len(),
        times.join(", ")
    );
    let output = format!("out/{preset}.csv");
    create_parent_dir(&output)?;
    rec.write_csv(&output)?;
    println!("v written to {output}");
    Ok(())
}

fn main() -> ExitCode {
    let arg = std::env::args().nth(1);
    let result = match arg.as_deref() {
        Some(a) if !a.ends_with(".svg") && !a.ends_with(".png") => one_panel(a),
        output => figure(output.unwrap_or("out/firing_patterns.svg")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
