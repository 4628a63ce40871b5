//! A phase plane: the two nullclines, the fixed points marked by stability, and a
//! trajectory.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{Figure, drawing, save};
use crate::error::Error;
use crate::phase_plane::{PhasePlane, Stability};

/// What a phase-plane figure shows besides the analysis.
#[derive(Clone, Debug, PartialEq)]
pub struct PhaseFigure<'a> {
    /// Title (e.g. the model's name).
    pub title: &'a str,
    /// (name, unit) of the x and y variables.
    pub axes: [(&'a str, &'a str); 2],
    /// The trajectory (x, y) in time order.
    pub trajectory: &'a [(f64, f64)],
}

struct Plot<'a> {
    plane: &'a PhasePlane,
    figure: &'a PhaseFigure<'a>,
}

impl Figure for Plot<'_> {
    fn size(&self) -> (u32, u32) {
        (760, 700)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let (plane, fig) = (self.plane, self.figure);
        let [(xn, xu), (yn, yu)] = fig.axes;
        let mut chart = ChartBuilder::on(root)
            .caption(
                format!("{}: phase plane of {yn} against {xn}", fig.title),
                ("sans-serif", 18),
            )
            .margin(15)
            .x_label_area_size(40)
            .y_label_area_size(70)
            .build_cartesian_2d(
                plane.x_range.0..plane.x_range.1,
                plane.y_range.0..plane.y_range.1,
            )
            .map_err(drawing)?;
        let desc = |name: &str, unit: &str| match unit {
            "1" | "" => name.to_string(),
            _ => format!("{name} [{unit}]"),
        };
        chart
            .configure_mesh()
            .x_desc(desc(xn, xu))
            .y_desc(desc(yn, yu))
            .draw()
            .map_err(drawing)?;
        let trajectory = LineSeries::new(fig.trajectory.iter().copied(), &RGBColor(150, 150, 150));
        chart
            .draw_series(trajectory)
            .map_err(drawing)?
            .label("trajectory")
            .legend(|(x, y)| PathElement::new([(x, y), (x + 18, y)], RGBColor(150, 150, 150)));
        for (segments, colour, label) in [
            (&plane.x_nullcline, RED, format!("d{xn}/dt = 0 (nullcline)")),
            (
                &plane.y_nullcline,
                BLUE,
                format!("d{yn}/dt = 0 (nullcline)"),
            ),
        ] {
            let style = colour.stroke_width(2);
            chart
                .draw_series(segments.iter().map(|s| PathElement::new(s.to_vec(), style)))
                .map_err(drawing)?
                .label(label)
                .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], style));
        }
        for p in &plane.fixed_points {
            let at = (p.x, p.y);
            let marker: DynElement<DB, (f64, f64)> = match p.stability {
                s if s.is_stable() => Circle::new(at, 6, BLACK.filled()).into_dyn(),
                Stability::Saddle => Cross::new(at, 6, BLACK.stroke_width(2)).into_dyn(),
                _ => Circle::new(at, 6, BLACK.stroke_width(2)).into_dyn(),
            };
            chart
                .draw_series(std::iter::once(marker))
                .map_err(drawing)?;
            let text = format!("{} ({:.3}, {:.3})", p.stability.name(), p.x, p.y);
            let label = EmptyElement::at(at) + Text::new(text, (9, -16), ("sans-serif", 13));
            chart.draw_series(std::iter::once(label)).map_err(drawing)?;
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .draw()
            .map_err(drawing)?;
        Ok(())
    }
}

/// Writes the phase plane (nullclines, fixed points — filled: stable, hollow: unstable,
/// cross: saddle — and the trajectory) to `path` (SVG or PNG by extension), atomically.
pub fn phase_plane(
    path: impl AsRef<Path>,
    plane: &PhasePlane,
    figure: &PhaseFigure,
) -> Result<(), Error> {
    save(&Plot { plane, figure }, path.as_ref())
}
