//! What a run reports while it runs and after: a progress bar, and a text summary when no
//! output file is written.

use std::io::IsTerminal as _;

use cajal_runtime::Recording;
use cajal_runtime::gain::GainCurve;

use crate::failure::Failure;

/// What a run recorded, and the error that stopped it before its end, if one did (then the
/// recording holds what came before it, and is written all the same).
pub struct Outcome {
    /// The samples and spikes.
    pub recording: Recording,
    /// Why the run stopped early.
    pub stopped: Option<Failure>,
    /// The integration method a model run used and why (`method: rk4 (…)`).
    pub method: Option<String>,
    /// The time a network simulated (ms), which its last sample may precede.
    pub simulated_ms: Option<f64>,
    /// How a run over several MPI ranks spent its time (see [`crate::ranks`]).
    pub ranks: Option<String>,
}
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress bar on standard error that appears only on a terminal and only once a run
/// has taken more than a second.
pub fn progress_bar() -> impl FnMut(u64, u64) {
    let start = std::time::Instant::now();
    let mut bar: Option<ProgressBar> = None;
    let terminal = std::io::stderr().is_terminal();
    move |done, total| {
        if !terminal {
            return;
        }
        if bar.is_none() && start.elapsed().as_secs_f64() > 1.0 && done < total {
            let b = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
            b.set_style(
                ProgressStyle::with_template("{bar:40} {percent:>3}% {elapsed} (eta {eta})")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar = Some(b);
        }
        if let Some(b) = &bar {
            b.set_position(done);
            if done >= total {
                b.finish_and_clear();
            }
        }
    }
}

/// A short text summary of a run: duration (`simulated_ms`, else the last sample's time),
/// samples, spike counts and final values.
pub fn summary(rec: &Recording, simulated_ms: Option<f64>) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let last_sample = rec.t_ms.last().map_or(0.0, |&t| rec.round_time_ms(t));
    let end = simulated_ms.map_or(last_sample, |t| rec.round_time_ms(t));
    if !rec.populations.is_empty() {
        let _ = writeln!(out, "{}: {end} ms at dt = {} ms", rec.model, rec.dt_ms);
        let seconds = end / 1000.0;
        let mut first = 0;
        for (name, size) in &rec.populations {
            let count = rec
                .spikes
                .iter()
                .filter(|(i, _)| (first..first + size).contains(&(*i as usize)))
                .count();
            if seconds > 0.0 && *size > 0 {
                let rate = count as f64 / (*size as f64 * seconds);
                let _ = writeln!(out, "{name}: {size} neurons, {count} spikes, {rate:.3} Hz");
            } else {
                let _ = writeln!(out, "{name}: {size} neurons, {count} spikes");
            }
            first += size;
        }
        return out;
    }
    let _ = writeln!(
        out,
        "{}: {end} ms at dt = {} ms, {} samples",
        rec.model,
        rec.dt_ms,
        rec.t_ms.len()
    );
    let instances = rec.values.first().map_or(0, cajal_runtime::Samples::len);
    if !rec.spikes.is_empty() || instances == 0 {
        let _ = writeln!(out, "spikes: {}", rec.spikes.len());
    }
    for i in 0..instances.min(10) {
        let mut line = format!("instance {i}:");
        let spikes = rec.spike_steps(i as u32).len();
        if spikes > 0 {
            let _ = write!(line, " {spikes} spikes,");
        }
        for ((name, unit), values) in rec.names.iter().zip(&rec.units).zip(&rec.values) {
            if let Some(x) = values.get(i).and_then(|t| t.last()) {
                let unit = if unit == "1" { "" } else { unit };
                let _ = write!(
                    line,
                    " {name} = {x:.6}{}{unit}",
                    if unit.is_empty() { "" } else { " " }
                );
            }
        }
        let _ = writeln!(out, "{line}");
    }
    if instances > 10 {
        let _ = writeln!(
            out,
            "… {} more instances (write them with --out)",
            instances - 10
        );
    }
    out
}

/// An f–I curve as a table, then its rheobase.
pub fn gain_table(c: &GainCurve) -> String {
    use std::fmt::Write as _;
    let mut out = format!("{}: rate against {} ({})\n", c.model, c.input, c.unit);
    let _ = writeln!(
        out,
        "{:>14}  {:>10}  {:>14}",
        format!("{} ({})", c.input, c.unit),
        "rate (Hz)",
        "first spike (ms)"
    );
    for ((x, r), first) in c.inputs.iter().zip(&c.rates_hz).zip(&c.first_spike_ms) {
        let first = first.map_or("-".to_string(), |t| t.to_string());
        let _ = writeln!(out, "{x:>14}  {r:>10.3}  {first:>14}");
    }
    let _ = match c.rheobase() {
        Some((lo, hi)) => writeln!(out, "rheobase: between {lo} and {hi} {}", c.unit),
        None if c.first_spike_ms.iter().all(Option::is_none) => {
            writeln!(
                out,
                "rheobase: above {} {} (no input fired)",
                c.inputs.last().copied().unwrap_or(0.0),
                c.unit
            )
        }
        None => writeln!(
            out,
            "rheobase: at or below {} {} (every input fired)",
            c.inputs.first().copied().unwrap_or(0.0),
            c.unit
        ),
    };
    out
}
