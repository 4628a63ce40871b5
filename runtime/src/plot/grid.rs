//! A value over a grid of two parameters as a heat map with labelled axes and a colour bar
//! (e.g. the FC fit of a sweep of coupling and delay).

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{Figure, drawing, range, save};
use crate::error::Error;

/// Values on a grid: `values[i][j]` at `(xs[j], ys[i])`. Non-finite values are left blank.
#[derive(Clone, Debug)]
pub struct GridFigure {
    /// Title above the plot.
    pub title: String,
    /// Label of the x axis (with its unit).
    pub x_label: String,
    /// Label of the y axis (with its unit).
    pub y_label: String,
    /// Label of the colour bar.
    pub value_label: String,
    /// The x values, increasing.
    pub xs: Vec<f64>,
    /// The y values, increasing.
    pub ys: Vec<f64>,
    /// One row per y value, one column per x value.
    pub values: Vec<Vec<f64>>,
}

/// A colour for `t` in [0, 1], dark blue through green to yellow (close to viridis).
pub(crate) fn sequential(t: f64) -> RGBColor {
    const STOPS: [(f64, f64, f64); 5] = [
        (68.0, 1.0, 84.0),
        (59.0, 82.0, 139.0),
        (33.0, 145.0, 140.0),
        (94.0, 201.0, 98.0),
        (253.0, 231.0, 37.0),
    ];
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let x = t * (STOPS.len() - 1) as f64;
    let k = (x.floor() as usize).min(STOPS.len() - 2);
    let f = x - k as f64;
    let mix = |a: f64, b: f64| (a + f * (b - a)).round() as u8;
    let (a, b) = (STOPS[k], STOPS[k + 1]);
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// The edges of the cells around sorted centres `c` (midpoints; the outer cells as wide as
/// their neighbours, or 1 for a single value).
fn edges(c: &[f64]) -> Vec<f64> {
    match c.len() {
        0 => vec![],
        1 => vec![c[0] - 0.5, c[0] + 0.5],
        n => {
            let mut e = vec![c[0] - (c[1] - c[0]) / 2.0];
            e.extend(c.windows(2).map(|w| (w[0] + w[1]) / 2.0));
            e.push(c[n - 1] + (c[n - 1] - c[n - 2]) / 2.0);
            e
        }
    }
}

impl Figure for GridFigure {
    fn size(&self) -> (u32, u32) {
        (860, 600)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        if self.xs.is_empty() || self.ys.is_empty() {
            return Err("the grid has no values".into());
        }
        if self.values.len() != self.ys.len()
            || self.values.iter().any(|r| r.len() != self.xs.len())
        {
            return Err("the grid's values do not match its axes".into());
        }
        let (lo, hi) = range(self.values.iter().flatten().copied());
        let (ex, ey) = (edges(&self.xs), edges(&self.ys));
        let (plot, bar) = root.split_horizontally(740);
        let mut chart = ChartBuilder::on(&plot)
            .caption(&self.title, ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(70)
            .build_cartesian_2d(ex[0]..ex[ex.len() - 1], ey[0]..ey[ey.len() - 1])
            .map_err(drawing)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc(&self.x_label)
            .y_desc(&self.y_label)
            .draw()
            .map_err(drawing)?;
        let cells = self.values.iter().enumerate().flat_map(|(i, row)| {
            row.iter()
                .enumerate()
                .filter(|(_, v)| v.is_finite())
                .map(move |(j, v)| (i, j, *v))
        });
        chart
            .draw_series(cells.map(|(i, j, v)| {
                let colour = sequential((v - lo) / (hi - lo));
                Rectangle::new([(ex[j], ey[i]), (ex[j + 1], ey[i + 1])], colour.filled())
            }))
            .map_err(drawing)?;
        let mut scale = ChartBuilder::on(&bar)
            .margin_top(44)
            .margin_bottom(52)
            .margin_right(12)
            .y_label_area_size(60)
            .build_cartesian_2d(0.0..1.0, lo..hi)
            .map_err(drawing)?;
        scale
            .configure_mesh()
            .disable_mesh()
            .disable_x_axis()
            .y_label_style(("sans-serif", 12))
            .axis_desc_style(("sans-serif", 14))
            .y_desc(&self.value_label)
            .draw()
            .map_err(drawing)?;
        let steps = 100;
        scale
            .draw_series((0..steps).map(|k| {
                let (a, b) = (k as f64 / steps as f64, (k + 1) as f64 / steps as f64);
                let y = |t: f64| lo + t * (hi - lo);
                Rectangle::new([(0.0, y(a)), (1.0, y(b))], sequential(a).filled())
            }))
            .map_err(drawing)?;
        Ok(())
    }
}

impl GridFigure {
    /// Draws the figure to `path`, as SVG (`.svg`) or PNG (`.png`), atomically.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        save(self, path.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_edges_are_midpoints_between_the_values() {
        assert_eq!(edges(&[0.0, 1.0, 3.0]), [-0.5, 0.5, 2.0, 4.0]);
        assert_eq!(edges(&[2.0]), [1.5, 2.5]);
    }

    #[test]
    fn the_colour_scale_runs_from_dark_blue_to_yellow() {
        assert_eq!(sequential(0.0), RGBColor(68, 1, 84));
        assert_eq!(sequential(1.0), RGBColor(253, 231, 37));
        assert_eq!(sequential(0.5), RGBColor(33, 145, 140));
    }

    #[test]
    fn draws_one_rectangle_per_finite_cell_and_refuses_mismatched_values() {
        let mut fig = GridFigure {
            title: "fit".into(),
            x_label: "k".into(),
            y_label: "a".into(),
            value_label: "r".into(),
            xs: vec![0.0, 1.0, 2.0],
            ys: vec![5.0, 6.0],
            values: vec![vec![0.1, 0.2, 0.3], vec![0.4, f64::NAN, 0.6]],
        };
        let path = std::env::temp_dir().join(format!("cajal-grid-{}.svg", std::process::id()));
        fig.save(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(
            text.matches("<rect").count(),
            1 + 5 + 100,
            "background, five finite cells, the colour bar"
        );
        fig.values[1].pop();
        let err = fig.save(&path).unwrap_err().to_string();
        assert!(err.contains("do not match its axes"), "{err}");
    }
}
