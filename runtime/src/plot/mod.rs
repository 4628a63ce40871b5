//! Plots, as SVG or PNG (the file name's extension decides), with an embedded font (DejaVu
//! Sans, from the `dejavu` crate), so nothing depends on the system's fonts. Files are
//! written atomically.
//!
//! - [`heatmaps`]: matrices such as functional connectivity, side by side;
//! - [`GridFigure`]: a value over a grid of two parameters (a sweep's heat map);
//! - [`Recording::plot`](crate::Recording::plot): state traces, the phase plane of two
//!   variables, spike raster or population rate of a run ([`PlotKind`]);
//! - [`GainCurve::plot`](crate::gain::GainCurve::plot): an f–I curve;
//! - [`CurvesFigure`]: labelled curves on shared axes (weight change against timing, …);
//! - [`gallery`]: a grid of traces with their stimuli (firing-pattern figures);
//! - [`phase_plane`]: nullclines, fixed points and a trajectory of a two-variable model.

mod curves;
mod gain;
mod gallery;
mod grid;
mod heatmap;
mod phase_plane;
mod recording;

use std::path::Path;
use std::sync::Once;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::error::Error;
use crate::output::write_atomically;

pub use curves::{Curve, CurvesFigure};
pub use gallery::{GalleryPanel, gallery};
pub use grid::GridFigure;
pub use heatmap::heatmaps;
pub use phase_plane::{PhaseFigure, phase_plane};
pub use recording::PlotKind;

/// Makes DejaVu Sans the font of every text (`sans-serif`), once per process.
pub(crate) fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The embedded font is a valid TrueType file; were it not, text would be left out.
        let _ = plotters::style::register_font(
            "sans-serif",
            FontStyle::Normal,
            dejavu::sans::regular(),
        );
    });
}

/// A drawing that can be rendered on any backend.
pub(crate) trait Figure {
    /// Width and height in pixels.
    fn size(&self) -> (u32, u32);
    /// Draws on `root` (an error is the backend's, as text).
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String>;
}

/// `(lo, hi)` of `values`, widened by 5 % (and to a unit interval around a constant).
pub(crate) fn range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values
        .filter(|x| x.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
            (lo.min(x), hi.max(x))
        });
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    if hi - lo < 1e-12 * lo.abs().max(1.0) {
        return (lo - 0.5, hi + 0.5);
    }
    let pad = 0.05 * (hi - lo);
    (lo - pad, hi + pad)
}

/// An error of a drawing backend as text.
pub(crate) fn drawing<E: std::error::Error + Send + Sync>(e: DrawingAreaErrorKind<E>) -> String {
    e.to_string()
}

/// Renders `figure` to `path`: SVG for `.svg`, PNG for `.png`.
pub(crate) fn save(figure: &impl Figure, path: &Path) -> Result<(), Error> {
    register_font();
    let failed = |message: String| Error::Incompatible {
        what: format!("plot `{}`", path.display()),
        message,
    };
    let (w, h) = figure.size();
    let bytes = match path.extension().and_then(|e| e.to_str()) {
        Some("svg") => {
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
                root.fill(&WHITE).map_err(|e| failed(drawing(e)))?;
                figure.draw(&root).map_err(failed)?;
                root.present().map_err(|e| failed(drawing(e)))?;
            }
            svg.into_bytes()
        }
        Some("png") => {
            let mut rgb = vec![0u8; (w * h * 3) as usize];
            {
                let root = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
                root.fill(&WHITE).map_err(|e| failed(drawing(e)))?;
                figure.draw(&root).map_err(failed)?;
                root.present().map_err(|e| failed(drawing(e)))?;
            }
            png_bytes(&rgb, w, h).map_err(|e| failed(e.to_string()))?
        }
        _ => {
            return Err(failed("the file name must end in .svg or .png".to_string()));
        }
    };
    write_atomically(path, &bytes)
}

/// An 8-bit RGB image as PNG.
fn png_bytes(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(rgb)?;
    }
    Ok(out)
}
