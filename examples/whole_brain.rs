//! Whole-brain model: 80 Wilson–Cowan nodes on the shipped HCP connectome (additive coupling
//! with conduction delays, Ornstein–Uhlenbeck input noise) → Balloon–Windkessel BOLD →
//! functional connectivity, compared with the empirical FC of the same subjects.
//!
//! Run: `cargo run --release --example whole_brain [-- SECONDS [K [DRIVE]]]` (defaults: 120 s of
//! brain time, global coupling K = 3.5, mean excitatory drive 1.4).
//! Writes `out/whole_brain_fc.csv` (simulated FC), `out/whole_brain_fc.svg` (simulated and
//! empirical FC side by side) and `out/whole_brain_bold.csv`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cajal::prelude::*;
use cajal::runtime::analysis::{fc_similarity, functional_connectivity};
use cajal::runtime::check_finite_after_step;
use cajal::runtime::io::read_matrix_csv;
use cajal::runtime::output::write_atomically;
use cajal::runtime::plot::heatmaps;

/// Integration step (ms), BOLD step (ms), sampling period of the BOLD signal (ms, HCP TR).
const DT: f64 = 0.1;
const BOLD_DT: f64 = 1.0;
const TR: f64 = 720.0;
/// Transient discarded before computing FC (ms).
const TRANSIENT: f64 = 20_000.0;

fn data(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("runtime/data/hcp80")
        .join(file)
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.display().to_string(),
        source,
    }
}

fn csv(rows: &[Vec<f64>]) -> String {
    rows.iter()
        .map(|r| r.iter().map(f64::to_string).collect::<Vec<_>>().join(",") + "\n")
        .collect()
}

fn run(seconds: f64, coupling: f64, drive_mean: f64) -> Result<(), Error> {
    let weights = read_matrix_csv(data("weights.csv"))?;
    let lengths = read_matrix_csv(data("tract_lengths_mm.csv"))?;
    let empirical = read_matrix_csv(data("empirical_fc.csv"))?;
    let n = weights.len();
    // Conduction speed 10 m/s = 10 mm/ms; delays rounded up to steps (brainmass's rule).
    let conn = Connectivity::from_rows(&weights)?.with_delays_from_lengths(
        &lengths,
        10.0,
        DT,
        DelayRounding::Up,
    )?;

    // neurolib-like Wilson–Cowan parameters in brainmass's equations.
    let params = WilsonCowanParams {
        tau_E: 2.5,
        a_E: 1.5,
        theta_E: 3.0,
        tau_I: 3.75,
        a_I: 1.5,
        theta_I: 3.0,
        wEE: 16.0,
        wIE: 12.0,
        wEI: 15.0,
        wII: 3.0,
        r: 1.0,
    };
    let mut network = MassNetwork::new(
        WilsonCowan::with_params(n, params)?,
        Additive {
            k: coupling,
            b: 0.0,
        },
        conn,
        "rE",
        "I_E",
    )?;
    let drive = network.info().input_index("I_E")?;
    let mut noise = OrnsteinUhlenbeck::with_params(
        n,
        OrnsteinUhlenbeckParams {
            mu: drive_mean,
            sigma: 0.1,
            tau: 5.0,
        },
    )?;
    noise.set_seed(2024);
    let mut bold = BalloonWindkessel::new(n);
    let bold_out = BalloonWindkessel::INFO.output_index("bold")?;

    let steps = (seconds * 1000.0 / DT).round() as u64;
    let per_bold = (BOLD_DT / DT).round() as u64;
    let per_sample = (TR / DT).round() as u64;
    let transient = (TRANSIENT / DT).round() as u64;
    let mut series = vec![Vec::new(); n];
    let mut activity = vec![0.0; n];
    let mut spikes = Vec::new();
    for step in 0..steps {
        let t = step as f64 * DT;
        noise.step(t, DT, &mut spikes);
        network.input_mut(drive).copy_from_slice(noise.state(0));
        network.step(t, DT, &mut spikes);
        check_finite_after_step(&mut network, t + DT)?;
        for (a, r) in activity.iter_mut().zip(network.state(0)) {
            *a += r;
        }
        if (step + 1) % per_bold == 0 {
            for (z, a) in bold.inputs.z.iter_mut().zip(activity.iter_mut()) {
                *z = *a / per_bold as f64;
                *a = 0.0;
            }
            bold.step(t, BOLD_DT, &mut spikes);
        }
        if (step + 1) % per_sample == 0 && step + 1 > transient {
            for (i, s) in series.iter_mut().enumerate() {
                s.push(bold.output(bold_out, i));
            }
        }
        if (step + 1) % (steps / 10).max(1) == 0 {
            eprintln!(
                "  {:>3.0}% ({:.0} s of {seconds} s)",
                100.0 * (step + 1) as f64 / steps as f64,
                (t + DT) / 1000.0
            );
        }
    }
    let fc = functional_connectivity(&series);
    let fit = fc_similarity(&fc, &empirical);
    println!(
        "80-region Wilson–Cowan network on the HCP connectome, {seconds} s ({} BOLD samples at TR {TR} ms)",
        series[0].len()
    );
    println!("FC fit (Pearson r of upper triangles, simulated vs empirical): {fit:.3}");
    let out = Path::new("out");
    std::fs::create_dir_all(out).map_err(io_error(out))?;
    write_atomically(&out.join("whole_brain_fc.csv"), csv(&fc).as_bytes())?;
    let bold_rows: Vec<Vec<f64>> = (0..series[0].len())
        .map(|k| series.iter().map(|s| s[k]).collect())
        .collect();
    write_atomically(
        &out.join("whole_brain_bold.csv"),
        csv(&bold_rows).as_bytes(),
    )?;
    heatmaps(
        out.join("whole_brain_fc.svg"),
        &[("simulated FC", &fc), ("empirical FC", &empirical)],
    )?;
    println!(
        "simulated FC: out/whole_brain_fc.csv; simulated beside empirical FC: out/whole_brain_fc.svg"
    );
    println!("BOLD (one row per TR): out/whole_brain_bold.csv");
    Ok(())
}

fn main() -> ExitCode {
    let seconds = match std::env::args().nth(1).map(|s| s.parse::<f64>()) {
        None => 120.0,
        Some(Ok(s)) if s.is_finite() && s * 1000.0 > TRANSIENT + 3.0 * TR => s,
        Some(_) => {
            eprintln!(
                "usage: whole_brain [SECONDS]  (more than {} s of brain time)",
                (TRANSIENT + 3.0 * TR) / 1000.0
            );
            return ExitCode::from(2);
        }
    };
    let arg = |k: usize, default: f64| {
        std::env::args()
            .nth(k)
            .and_then(|s| s.parse().ok())
            .unwrap_or(default)
    };
    match run(seconds, arg(2, 3.5), arg(3, 1.4)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
