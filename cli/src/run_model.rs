//! Runs a population of one model: parameters, method, schedule and seed set, the state reset
//! (initial values that read parameters follow the ones just set) and `--init` applied, the
//! inputs driven, the variables recorded; or one instance per input value for an f–I curve.

use cajal_runtime::Simulation;
use cajal_runtime::gain::GainCurve;

use crate::failure::Failure;
use crate::report::{Outcome, progress_bar};
use crate::request::{GainRequest, ModelRun};

/// Runs `run` for `duration_ms` and returns what was recorded (up to a divergence, if one
/// stops the run).
pub fn run_model(run: &ModelRun, duration_ms: f64, progress: bool) -> Result<Outcome, Failure> {
    cajal_runtime::budget::check_population(run.setup.population.info(), run.n)?;
    let mut model = run.setup.build(run.n)?;
    if let Some(s) = &run.schedule {
        model.set_schedule(s)?;
    }
    model.set_seed(run.seed);
    model.reset_state();
    for &(k, v) in &run.inits {
        model.state_mut(k).fill(v);
    }
    let reason = match &run.setup.method {
        Some(_) => "chosen with --method",
        None => model.info().method_reason,
    };
    let method = format!("method: {} ({reason})\n", model.method());
    let mut sim = Simulation::new(model, run.dt_ms)?;
    for (name, stimulus) in &run.inputs {
        sim.drive(name, stimulus.clone())?;
    }
    let names: Vec<&str> = run.record.iter().map(String::as_str).collect();
    sim.record(&names)?;
    sim.every(run.every)?;
    let mut bar = progress.then(progress_bar);
    let partial = sim.run_watched(duration_ms, &mut |done, total| {
        if let Some(bar) = &mut bar {
            bar(done, total);
        }
        false
    })?;
    Ok(Outcome {
        recording: partial.recording,
        stopped: partial.stopped.map(Failure::from),
        method: Some(method),
        simulated_ms: Some(sim.time_ms()),
        ranks: None,
    })
}

/// Runs the f–I request: one instance per input value, parameters and method set, the state
/// reset, the rates measured after the transient.
pub fn run_gain(req: &GainRequest) -> Result<GainCurve, Failure> {
    cajal_runtime::budget::check_population(req.setup.population.info(), req.values.len())?;
    let mut model = req.setup.build(req.values.len())?;
    model.reset_state();
    Ok(GainCurve::measure(
        model,
        &req.input,
        &req.values,
        req.dt_ms,
        req.duration_ms,
        req.transient_ms,
    )?)
}
