//! `--plot-kind phase` for a model of two state variables: its phase plane (nullclines and
//! fixed points with their stability, under the inputs and parameters of the run at its
//! end) drawn with the recorded trajectory.

use cajal_lang::ir::resolve_params;
use cajal_runtime::Recording;
use cajal_runtime::phase_plane::PhasePlane;
use cajal_runtime::plot::{PhaseFigure, phase_plane};

use crate::failure::Failure;
use crate::request::ModelRun;

/// Grid cells per axis for nullclines and the search for fixed points.
const GRID: usize = 200;

/// Draws the phase plane to `path` when the model has exactly two state variables and both
/// were recorded (in either order); returns its fixed points as text, or `None` when the
/// model does not qualify (the caller then plots the trajectory alone).
pub fn plot(run: &ModelRun, rec: &Recording, path: &str) -> Result<Option<String>, Failure> {
    let definition = &run.setup.definition;
    let model = definition.model();
    if model.states.len() != 2 || rec.names.len() < 2 {
        return Ok(None);
    }
    let index = |name: &str| model.states.iter().position(|s| s.name == name);
    let (Some(kx), Some(ky)) = (index(&rec.names[0]), index(&rec.names[1])) else {
        return Ok(None);
    };
    if kx == ky {
        return Ok(None);
    }
    let params = resolve_params(&model.params, &run.setup.params);
    let last_step = rec.t_ms.len().saturating_sub(1) as u64 * rec.every;
    let mut inputs: Vec<f64> = model.inputs.iter().map(|i| i.default).collect();
    for (name, stimulus) in &run.inputs {
        if let Some(k) = model.inputs.iter().position(|i| &i.name == name) {
            let mut values = vec![0.0; run.n];
            stimulus.apply(last_step, run.dt_ms, &mut values);
            inputs[k] = values[0];
        }
    }
    let t_end = rec.t_ms.last().copied().unwrap_or(0.0);
    let field = |x: f64, y: f64| {
        let mut states = [0.0; 2];
        states[kx] = x;
        states[ky] = y;
        match definition.derivatives(&params, &states, &inputs, t_end) {
            Ok(d) => (d[kx], d[ky]),
            Err(_) => (f64::NAN, f64::NAN),
        }
    };
    let trajectory: Vec<(f64, f64)> = rec.values[0][0]
        .iter()
        .copied()
        .zip(rec.values[1][0].iter().copied())
        .collect();
    let padded = |values: &mut dyn Iterator<Item = f64>| {
        let (lo, hi) = values
            .filter(|v| v.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            });
        // A trajectory resting at a fixed point still gets a window around it.
        let centre = 0.5 * (lo + hi);
        let pad = (0.15 * (hi - lo)).max(0.25 * centre.abs()).max(0.05);
        (lo - pad, hi + pad)
    };
    let x_range = padded(&mut trajectory.iter().map(|p| p.0));
    let y_range = padded(&mut trajectory.iter().map(|p| p.1));
    let plane = PhasePlane::analyse(field, x_range, y_range, GRID);
    let unit = |k: usize| model.states[k].unit.text.as_str();
    let with_unit = |value: f64, k: usize| match unit(k) {
        "1" => format!("{value:.6}"),
        u => format!("{value:.6} {u}"),
    };
    let figure = PhaseFigure {
        title: &rec.model,
        axes: [(&rec.names[0], unit(kx)), (&rec.names[1], unit(ky))],
        trajectory: &trajectory,
    };
    phase_plane(path, &plane, &figure)?;
    let mut text = String::new();
    for p in &plane.fixed_points {
        text.push_str(&format!(
            "fixed point {} = {}, {} = {}: {}\n",
            rec.names[0],
            with_unit(p.x, kx),
            rec.names[1],
            with_unit(p.y, ky),
            p.stability.name()
        ));
    }
    if plane.fixed_points.is_empty() {
        text.push_str("no fixed point in the plotted range\n");
    }
    Ok(Some(text))
}
