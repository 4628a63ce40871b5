//! `cajal simulate`: one population of a library or file model, with parameters, inputs
//! and initial values given with their units, recorded to JSON, CSV or NumPy files.

use std::io::IsTerminal as _;

use cajal_lang::ir::Model as Ir;
use cajal_lang::quantity::parse_quantity;
use cajal_runtime::interpreter::Interpreter;
use cajal_runtime::{Model, Recording, Simulation, Stimulus};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::fail;
use crate::failure::Failure;
use crate::network::{NetworkPlan, simulate_network};
use crate::source::{Chosen, choose};

/// What to simulate and how (the `simulate` subcommand's options, units still as text).
#[derive(Debug, Default)]
pub struct Request {
    /// Library model name or `.cajal` file.
    pub model: String,
    /// Which model of the file.
    pub model_name: Option<String>,
    /// Instances.
    pub n: usize,
    /// Preset applied before `--set`.
    pub preset: Option<String>,
    /// `NAME=VALUE` parameter settings.
    pub set: Vec<String>,
    /// `NAME=VALUE[@T0..T1]` input settings.
    pub input: Vec<String>,
    /// `STATE=VALUE` initial values.
    pub init: Vec<String>,
    /// Duration with its unit.
    pub duration: String,
    /// Time step with its unit (default 0.1 ms; a network's own).
    pub dt: Option<String>,
    /// Integration method.
    pub method: Option<String>,
    /// Event schedule.
    pub schedule: Option<String>,
    /// Seed of every random stream (default 0; a network's own).
    pub seed: Option<u64>,
    /// Recorded variables (all states when empty).
    pub record: Vec<String>,
    /// Record stride in steps.
    pub every: u64,
    /// Show a progress bar (on a terminal, for runs longer than about a second).
    pub progress: bool,
}

/// Splits `NAME=VALUE` (the flag is named in errors).
pub fn assignment<'a>(flag: &str, text: &'a str) -> Result<(&'a str, &'a str), Failure> {
    match text.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => Ok((name.trim(), value.trim())),
        _ => fail!("{flag} {text}: expected NAME=VALUE, e.g. {flag} a=0.02/ms"),
    }
}

/// `text` in `unit`; the error names the flag, what is set and the expected dimension.
pub fn value_in(flag: &str, text: &str, what: &str, unit: &str) -> Result<f64, Failure> {
    let q = parse_quantity(text).map_err(|e| Failure(format!("error: {flag}: {e}")))?;
    match q.in_unit(unit) {
        Ok(v) => Ok(v),
        Err(e) => fail!("{flag}: {what}: {e}"),
    }
}

/// A time (`1s`, `0.1ms`) in ms.
pub fn time_ms(flag: &str, text: &str) -> Result<f64, Failure> {
    value_in(flag, text, "a time", "ms")
}

/// A `--input` value: the quantity and its window (`@T0..T1`, `@T0..`), in ms.
struct Window {
    value: f64,
    start: f64,
    end: f64,
}

/// The stimulus of one input from its windows, the input's default value outside them.
fn stimulus(name: &str, default: f64, mut windows: Vec<Window>) -> Result<Stimulus, Failure> {
    windows.sort_by(|a, b| a.start.total_cmp(&b.start));
    let mut segments = vec![(0.0, default)];
    let mut last_end = f64::NEG_INFINITY;
    for w in windows {
        if w.start < last_end {
            fail!("--input {name}: the time windows overlap");
        }
        segments.push((w.start, w.value));
        if w.end.is_finite() {
            segments.push((w.end, default));
        }
        last_end = w.end;
    }
    Ok(Stimulus::Piecewise(segments))
}

/// Reads `--input NAME=VALUE[@T0..T1]` settings, grouped by input.
fn inputs(model: &dyn Model, settings: &[String]) -> Result<Vec<(usize, Vec<Window>)>, Failure> {
    let info = model.info();
    let mut out: Vec<(usize, Vec<Window>)> = Vec::new();
    for text in settings {
        let (name, rest) = assignment("--input", text)?;
        let k = info.input_index(name)?;
        let (value, window) = match rest.split_once('@') {
            Some((v, w)) => (v, Some(w)),
            None => (rest, None),
        };
        let unit = info.inputs[k].unit;
        let value = value_in("--input", value, &format!("input `{name}`"), unit)?;
        let (start, end) = match window {
            None => (0.0, f64::INFINITY),
            Some(w) => match w.split_once("..") {
                Some((a, b)) => {
                    let start = time_ms("--input", a)?;
                    let end = if b.trim().is_empty() {
                        f64::INFINITY
                    } else {
                        time_ms("--input", b)?
                    };
                    if end <= start {
                        fail!("--input {text}: the window ends before it starts");
                    }
                    (start, end)
                }
                None => {
                    fail!("--input {text}: a window is written @T0..T1 or @T0.., e.g. @100ms..1s")
                }
            },
        };
        let window = Window { value, start, end };
        match out.iter_mut().find(|(j, _)| *j == k) {
            Some((_, ws)) => ws.push(window),
            None => out.push((k, vec![window])),
        }
    }
    Ok(out)
}

/// The population: compiled for a library model, interpreted (from `ir`) for a file's.
fn population(chosen: &Chosen, ir: &Ir, n: usize) -> Box<dyn Model + Send> {
    match chosen {
        Chosen::Library(e) => (e.build)(n),
        Chosen::File(_) | Chosen::Network(_) => {
            Box::new(Interpreter::new(ir.clone()).population(n))
        }
    }
}

/// Applies the preset, `--set`, method, schedule and seed, then the initial state and
/// `--init` values.
fn configure(model: &mut dyn Model, ir: &Ir, req: &Request) -> Result<(), Failure> {
    let info = model.info();
    if let Some(name) = &req.preset {
        let Some(preset) = ir.presets.iter().find(|p| &p.name == name) else {
            let names: Vec<&str> = ir.presets.iter().map(|p| p.name.as_str()).collect();
            fail!(
                "--preset {name}: `{}` has no such preset; it has {}",
                info.name,
                if names.is_empty() {
                    "none".to_string()
                } else {
                    names.join(", ")
                }
            );
        };
        for (k, v) in &preset.values {
            model.set_param(*k, *v)?;
        }
    }
    for text in &req.set {
        let (name, value) = assignment("--set", text)?;
        let k = info.param_index(name)?;
        let unit = info.params[k].unit;
        let v = value_in("--set", value, &format!("parameter `{name}`"), unit)?;
        model.set_param(k, v)?;
    }
    if let Some(m) = &req.method {
        model.set_method(m)?;
    }
    if let Some(s) = &req.schedule {
        model.set_schedule(s)?;
    }
    model.set_seed(req.seed.unwrap_or(0));
    // Initial values that read parameters follow the parameters just set.
    model.reset_state();
    for text in &req.init {
        let (name, value) = assignment("--init", text)?;
        let k = info.state_index(name)?;
        let unit = info.states[k].unit;
        let v = value_in("--init", value, &format!("state `{name}`"), unit)?;
        model.state_mut(k).fill(v);
    }
    Ok(())
}

/// Runs the request and returns what was recorded.
pub fn simulate(req: &Request) -> Result<Recording, Failure> {
    if let Some(net) = cajal_models::catalog::find_network(&req.model) {
        if req.model_name.is_some() {
            fail!(
                "--model picks an item of a file; `{}` is a library network",
                req.model
            );
        }
        return simulate_network(&NetworkPlan::library(net), req);
    }
    let chosen = choose(&req.model, req.model_name.as_deref())?;
    if let Chosen::Network(net) = &chosen {
        return simulate_network(&NetworkPlan::file(net), req);
    }
    let ir = chosen.ir()?;
    if req.n == 0 {
        fail!("--n must be at least 1");
    }
    let mut model = population(&chosen, &ir, req.n);
    configure(model.as_mut(), &ir, req)?;
    let dt = time_ms("--dt", req.dt.as_deref().unwrap_or("0.1ms"))?;
    let duration = time_ms("--duration", &req.duration)?;
    let windows = inputs(model.as_ref(), &req.input)?;
    let defaults: Vec<f64> = ir.inputs.iter().map(|i| i.default).collect();
    let names: Vec<&str> = if req.record.is_empty() {
        model.info().states.iter().map(|s| s.name).collect()
    } else {
        req.record.iter().map(String::as_str).collect()
    };
    let mut sim = Simulation::new(model, dt)?;
    for (k, ws) in windows {
        let name = ir.inputs[k].name.clone();
        let s = stimulus(&name, defaults[k], ws)?;
        sim.drive(&name, s)?;
    }
    sim.record(&names)?;
    sim.every(req.every)?;
    if req.progress {
        sim.on_progress(progress_bar());
    }
    Ok(sim.run(duration)?)
}

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

/// A short text summary of a run: duration, samples, spike counts and final values.
pub fn summary(rec: &Recording) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let end = rec.t_ms.last().copied().unwrap_or(0.0);
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
            let rate = count as f64 / (*size as f64 * seconds);
            let _ = writeln!(out, "{name}: {size} neurons, {count} spikes, {rate:.3} Hz");
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
    let instances = rec.values.first().map_or(0, Vec::len);
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
            if let Some(x) = values[i].last() {
                let _ = write!(line, " {name} = {x:.6} {unit}");
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
