//! The figure of a gain function: firing rate against input, with the bracketed rheobase
//! marked.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{Figure, drawing, range, save};
use crate::error::Error;
use crate::gain::GainCurve;

struct Plot<'a>(&'a GainCurve);

impl Figure for Plot<'_> {
    fn size(&self) -> (u32, u32) {
        (800, 500)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let c = self.0;
        root.fill(&WHITE).map_err(drawing)?;
        if c.inputs.is_empty() {
            return Err("the curve has no input values".into());
        }
        let (x_lo, x_hi) = range(c.inputs.iter().copied());
        let (_, r_hi) = range(c.rates_hz.iter().copied().chain([0.0]));
        let mut chart = ChartBuilder::on(root)
            .caption(format!("{}: f–I curve", c.model), ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(60)
            .build_cartesian_2d(x_lo..x_hi, 0.0..r_hi)
            .map_err(drawing)?;
        chart
            .configure_mesh()
            .x_desc(format!("{} ({})", c.input, c.unit))
            .y_desc("rate (Hz)")
            .draw()
            .map_err(drawing)?;
        let points: Vec<(f64, f64)> = c
            .inputs
            .iter()
            .copied()
            .zip(c.rates_hz.iter().copied())
            .collect();
        chart
            .draw_series(LineSeries::new(points.clone(), BLUE.stroke_width(2)))
            .map_err(drawing)?;
        chart
            .draw_series(points.into_iter().map(|p| Circle::new(p, 3, BLUE.filled())))
            .map_err(drawing)?;
        if let Some((lo, hi)) = c.rheobase() {
            let x = 0.5 * (lo + hi);
            chart
                .draw_series(LineSeries::new([(x, 0.0), (x, r_hi)], RED.stroke_width(1)))
                .map_err(drawing)?;
        }
        Ok(())
    }
}

impl GainCurve {
    /// Draws the curve to `path`, as SVG (`.svg`) or PNG (`.png`), atomically; a vertical
    /// line marks the rheobase (midway between the inputs that bracket it).
    pub fn plot(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        save(&Plot(self), path.as_ref())
    }
}
