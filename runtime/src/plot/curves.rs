//! A figure of curves on shared axes: y against x for a few labelled series (weight change
//! against spike timing or pairing frequency, overlaps against time, rates of two models).

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{Figure, drawing, range, save};
use crate::error::Error;

/// One labelled series of (x, y) points.
#[derive(Clone, Debug)]
pub struct Curve {
    /// Legend text.
    pub label: String,
    /// The points, in the order they are joined; a point with a non-finite coordinate breaks
    /// the line (for curves with a discontinuity).
    pub points: Vec<(f64, f64)>,
    /// True to mark each point with a dot as well as joining them.
    pub markers: bool,
}

/// Curves with a title and axis labels (units included in the labels).
#[derive(Clone, Debug)]
pub struct CurvesFigure {
    /// Title above the plot.
    pub title: String,
    /// Label of the x axis.
    pub x_label: String,
    /// Label of the y axis.
    pub y_label: String,
    /// The series, drawn in order.
    pub curves: Vec<Curve>,
}

const COLOURS: [RGBColor; 6] = [
    RGBColor(31, 119, 180),
    RGBColor(214, 39, 40),
    RGBColor(44, 160, 44),
    RGBColor(148, 103, 189),
    RGBColor(255, 127, 14),
    RGBColor(23, 190, 207),
];

impl Figure for CurvesFigure {
    fn size(&self) -> (u32, u32) {
        (800, 500)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        root.fill(&WHITE).map_err(drawing)?;
        let all = || {
            self.curves
                .iter()
                .flat_map(|c| c.points.iter())
                .filter(|p| p.0.is_finite() && p.1.is_finite())
        };
        if all().next().is_none() {
            return Err("the figure has no points".into());
        }
        let (x_lo, x_hi) = range(all().map(|p| p.0));
        let (y_lo, y_hi) = range(all().map(|p| p.1));
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(70)
            .build_cartesian_2d(x_lo..x_hi, y_lo..y_hi)
            .map_err(drawing)?;
        chart
            .configure_mesh()
            .x_desc(&self.x_label)
            .y_desc(&self.y_label)
            .draw()
            .map_err(drawing)?;
        for (k, curve) in self.curves.iter().enumerate() {
            let colour = COLOURS[k % COLOURS.len()];
            let finite = |p: &&(f64, f64)| p.0.is_finite() && p.1.is_finite();
            let pieces = curve.points.split(|p| !finite(&p));
            for (n, piece) in pieces.filter(|piece| !piece.is_empty()).enumerate() {
                let series = chart
                    .draw_series(LineSeries::new(
                        piece.iter().copied(),
                        colour.stroke_width(2),
                    ))
                    .map_err(drawing)?;
                if n == 0 {
                    series
                        .label(&curve.label)
                        .legend(move |(x, y)| PathElement::new([(x, y), (x + 20, y)], colour));
                }
            }
            if curve.markers {
                chart
                    .draw_series(
                        curve
                            .points
                            .iter()
                            .filter(finite)
                            .map(|&p| Circle::new(p, 3, colour.filled())),
                    )
                    .map_err(drawing)?;
            }
        }
        if self.curves.len() > 1 || self.curves.iter().any(|c| !c.label.is_empty()) {
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::UpperLeft)
                .background_style(WHITE.mix(0.8))
                .border_style(BLACK)
                .draw()
                .map_err(drawing)?;
        }
        Ok(())
    }
}

impl CurvesFigure {
    /// Draws the figure to `path`, as SVG (`.svg`) or PNG (`.png`), atomically.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        save(self, path.as_ref())
    }
}
