//! `--analysis-plot`: the figure of the analyses. One run: its simulated FC beside the
//! empirical FC it was fitted to. A sweep: the FC fit (else the mean order parameter, else
//! the mean peak frequency) of each member against the swept parameter, or as a heat map
//! over the first two axes.

use cajal_runtime::plot::{Curve, CurvesFigure, GridFigure, heatmaps};
use serde_json::Value;

use crate::analyse::{AnalysisRequest, empirical_fc, mean_peak_frequency};
use crate::fail;
use crate::failure::Failure;

/// Reads a matrix from a JSON array of arrays of numbers.
fn matrix(v: &Value) -> Option<Vec<Vec<f64>>> {
    v.as_array()?
        .iter()
        .map(|row| row.as_array()?.iter().map(Value::as_f64).collect())
        .collect()
}

/// Plots the FC of the first variable analysed with `fc` (and the empirical FC) to `path`.
pub fn plot_run(doc: &Value, req: &AnalysisRequest, path: &str) -> Result<(), Failure> {
    let found = doc["variables"].as_object().and_then(|vars| {
        vars.iter()
            .find_map(|(name, a)| Some((name.clone(), matrix(&a["fc"])?)))
    });
    let Some((name, fc)) = found else {
        fail!("--analysis-plot draws the FC of one run: add `fc` to --analyse");
    };
    let title = format!("simulated FC of {name}");
    match empirical_fc(req.empirical_fc.as_deref(), fc.len())? {
        Some(emp) => heatmaps(path, &[(title.as_str(), &fc), ("empirical FC", &emp)])?,
        None => heatmaps(path, &[(title.as_str(), &fc)])?,
    }
    Ok(())
}

/// A measure a sweep's plot can show: its label, and how it is read from a member's
/// analysis of one variable.
struct Measure {
    label: &'static str,
    read: fn(&Value) -> Option<f64>,
}

const MEASURES: [Measure; 3] = [
    Measure {
        label: "FC fit (r)",
        read: |a| a["fc_fit"].as_f64(),
    },
    Measure {
        label: "mean order parameter R",
        read: |a| a["order_parameter_mean"].as_f64(),
    },
    Measure {
        label: "mean peak frequency (Hz)",
        read: mean_peak_frequency,
    },
];

/// Plots the sweep document `doc` (as [`crate::sweep::run_sweep`] writes it) to `path`.
pub fn plot_sweep(doc: &Value, path: &str) -> Result<(), Failure> {
    let members = doc["members"].as_array().cloned().unwrap_or_default();
    let axes = doc["axes"].as_array().cloned().unwrap_or_default();
    let variable = members.first().and_then(|m| {
        m["analysis"]["variables"]
            .as_object()
            .and_then(|v| v.keys().next().cloned())
    });
    let Some(variable) = variable else {
        fail!("--analysis-plot: the sweep recorded no variable to plot");
    };
    let analysis = |m: &Value| m["analysis"]["variables"][&variable].clone();
    let Some(measure) = MEASURES
        .iter()
        .find(|ms| members.iter().any(|m| (ms.read)(&analysis(m)).is_some()))
    else {
        fail!("--analysis-plot: add `fc`, `order` or `spectrum` to --analyse");
    };
    let axis = |k: usize| -> (String, Vec<f64>) {
        let a = &axes[k];
        let unit = a["unit"].as_str().unwrap_or("1");
        let name = a["name"].as_str().unwrap_or("?");
        let label = if unit == "1" || unit.is_empty() {
            name.to_string()
        } else {
            format!("{name} ({unit})")
        };
        let values = a["values"]
            .as_array()
            .map(|v| v.iter().filter_map(Value::as_f64).collect())
            .unwrap_or_default();
        (label, values)
    };
    let values: Vec<f64> = members
        .iter()
        .map(|m| (measure.read)(&analysis(m)).unwrap_or(f64::NAN))
        .collect();
    let title = format!("{} of {variable}", measure.label);
    if axes.len() == 1 {
        let (x_label, xs) = axis(0);
        CurvesFigure {
            title,
            x_label,
            y_label: measure.label.to_string(),
            curves: vec![Curve {
                label: String::new(),
                points: xs.into_iter().zip(values).collect(),
                markers: true,
            }],
        }
        .save(path)?;
        return Ok(());
    }
    // Members vary the first axis slowest: the first two axes are the grid's rows and
    // columns; members of further axes are averaged over.
    let ((y_label, ys), (x_label, xs)) = (axis(0), axis(1));
    let per_cell = values.len() / (ys.len() * xs.len()).max(1);
    let grid: Vec<Vec<f64>> = (0..ys.len())
        .map(|i| {
            (0..xs.len())
                .map(|j| {
                    let start = (i * xs.len() + j) * per_cell;
                    let cell = &values[start..start + per_cell];
                    cell.iter().sum::<f64>() / per_cell as f64
                })
                .collect()
        })
        .collect();
    GridFigure {
        title,
        x_label,
        y_label,
        value_label: measure.label.to_string(),
        xs,
        ys,
        values: grid,
    }
    .save(path)?;
    Ok(())
}
