//! A gallery of small panels, each a trace over time with the stimulus below it: the
//! layout of firing-pattern figures (Izhikevich 2004, Fig. 1; Naud et al. 2008).

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{Figure, drawing, range, save};
use crate::error::Error;

/// One panel of a gallery: a title, a trace and the stimulus that produced it, sampled at
/// the same times.
#[derive(Clone, Debug, PartialEq)]
pub struct GalleryPanel {
    /// Title shown above the panel.
    pub title: String,
    /// Sample times (ms).
    pub t_ms: Vec<f64>,
    /// The trace (e.g. v in mV).
    pub trace: Vec<f64>,
    /// The stimulus at each sample time.
    pub stimulus: Vec<f64>,
}

/// Pixel size of one panel.
const PANEL: (u32, u32) = (300, 200);

struct Gallery<'a> {
    columns: usize,
    panels: &'a [GalleryPanel],
}

impl Gallery<'_> {
    fn rows(&self) -> usize {
        self.panels.len().div_ceil(self.columns)
    }
}

impl Figure for Gallery<'_> {
    fn size(&self) -> (u32, u32) {
        (
            PANEL.0 * self.columns as u32,
            PANEL.1 * self.rows().max(1) as u32,
        )
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let cells = root.split_evenly((self.rows(), self.columns));
        for (panel, cell) in self.panels.iter().zip(&cells) {
            draw_panel(panel, cell)?;
        }
        Ok(())
    }
}

/// The trace in the upper three quarters of `cell`, the stimulus in the lower quarter.
fn draw_panel<DB: DrawingBackend>(
    panel: &GalleryPanel,
    cell: &DrawingArea<DB, Shift>,
) -> Result<(), String> {
    let cell = cell
        .titled(&panel.title, ("sans-serif", 14))
        .map_err(drawing)?;
    let (_, height) = cell.dim_in_pixel();
    let (upper, lower) = cell.split_vertically(height * 3 / 4);
    let t_end = panel.t_ms.last().copied().unwrap_or(1.0).max(1e-9);
    for (area, values, color) in [
        (&upper, &panel.trace, BLUE),
        (&lower, &panel.stimulus, BLACK),
    ] {
        let (lo, hi) = range(values.iter().copied());
        let mut chart = ChartBuilder::on(area)
            .margin(4)
            .build_cartesian_2d(0.0..t_end, lo..hi)
            .map_err(drawing)?;
        let points = panel.t_ms.iter().copied().zip(values.iter().copied());
        chart
            .draw_series(LineSeries::new(points, &color))
            .map_err(drawing)?;
    }
    Ok(())
}

/// Writes the panels in a grid of `columns` columns to `path` (SVG or PNG by extension),
/// atomically.
pub fn gallery(
    path: impl AsRef<Path>,
    columns: usize,
    panels: &[GalleryPanel],
) -> Result<(), Error> {
    let path = path.as_ref();
    for panel in panels {
        if panel.trace.len() != panel.t_ms.len() || panel.stimulus.len() != panel.t_ms.len() {
            return Err(Error::Incompatible {
                what: format!("gallery panel `{}`", panel.title),
                message: format!(
                    "{} times, {} trace values and {} stimulus values: they must be as many",
                    panel.t_ms.len(),
                    panel.trace.len(),
                    panel.stimulus.len()
                ),
            });
        }
    }
    save(
        &Gallery {
            columns: columns.max(1),
            panels,
        },
        path,
    )
}
