//! Matrix heat maps such as functional connectivity, as SVG or PNG.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{Figure, drawing, save};
use crate::error::Error;

/// A colour for a value in [−1, 1]: blue (−1) through white (0) to red (1).
fn diverging(v: f64) -> RGBColor {
    let v = v.clamp(-1.0, 1.0);
    let fade = |x: f64| (255.0 * (1.0 - x)).round() as u8;
    if v >= 0.0 {
        RGBColor(255, fade(v), fade(v))
    } else {
        RGBColor(fade(-v), fade(-v), 255)
    }
}

/// Side-by-side heat maps of square matrices with values in [−1, 1] (e.g. simulated and
/// empirical FC), each under its title.
struct Heatmaps<'a>(&'a [(&'a str, &'a [Vec<f64>])]);

const CELL: u32 = 5;
const MARGIN: u32 = 20;
const TITLE: u32 = 30;

impl Heatmaps<'_> {
    fn side(&self) -> u32 {
        self.0
            .iter()
            .map(|(_, m)| m.len() as u32)
            .max()
            .unwrap_or(1)
            * CELL
    }
}

impl Figure for Heatmaps<'_> {
    fn size(&self) -> (u32, u32) {
        let side = self.side();
        (
            self.0.len() as u32 * (side + MARGIN) + MARGIN,
            side + TITLE + MARGIN,
        )
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let side = self.side();
        for (k, (name, m)) in self.0.iter().enumerate() {
            let x0 = (MARGIN + k as u32 * (side + MARGIN)) as i32;
            let y0 = TITLE as i32;
            let style = ("sans-serif", 16).into_font().color(&BLACK);
            root.draw_text(name, &style, (x0, 8)).map_err(drawing)?;
            for (i, row) in m.iter().enumerate() {
                for (j, v) in row.iter().enumerate() {
                    let (x, y) = (x0 + (j as u32 * CELL) as i32, y0 + (i as u32 * CELL) as i32);
                    let rect = Rectangle::new(
                        [(x, y), (x + CELL as i32, y + CELL as i32)],
                        diverging(*v).filled(),
                    );
                    root.draw(&rect).map_err(drawing)?;
                }
            }
        }
        Ok(())
    }
}

/// Side-by-side heat maps of square matrices with values in [−1, 1] (e.g. simulated and
/// empirical FC), each under its title, written to `path` as SVG (`.svg`) or PNG (`.png`),
/// atomically.
pub fn heatmaps(path: impl AsRef<Path>, panels: &[(&str, &[Vec<f64>])]) -> Result<(), Error> {
    save(&Heatmaps(panels), path.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_an_svg_with_one_rectangle_per_cell() {
        let m = vec![vec![1.0, -0.5], vec![-0.5, 1.0]];
        let path = std::env::temp_dir().join(format!("cajal-heatmap-{}.svg", std::process::id()));
        heatmaps(&path, &[("a", &m), ("b", &m)]).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("<svg"));
        assert_eq!(
            text.matches("<rect").count(),
            1 + 8,
            "background + 2 × 4 cells"
        );
        assert!(
            text.contains("\na\n</text>") && text.contains("\nb\n</text>"),
            "panel titles"
        );
        std::fs::remove_file(&path).unwrap();
        let png = path.with_extension("png");
        heatmaps(&png, &[("a", &m)]).unwrap();
        let bytes = std::fs::read(&png).unwrap();
        assert_eq!(&bytes[1..4], b"PNG");
        std::fs::remove_file(&png).unwrap();
        assert_eq!(diverging(1.0), RGBColor(255, 0, 0));
        assert_eq!(diverging(-1.0), RGBColor(0, 0, 255));
        assert_eq!(diverging(0.0), RGBColor(255, 255, 255));
    }
}
