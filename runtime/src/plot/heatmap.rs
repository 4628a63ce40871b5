//! Matrix heat maps such as functional connectivity, as SVG.

use std::path::Path;

use plotters::prelude::*;

use crate::error::Error;
use crate::output::write_atomically;

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
/// empirical FC), each under its title, written to `path` as SVG.
pub fn heatmaps_svg(path: impl AsRef<Path>, panels: &[(&str, &[Vec<f64>])]) -> Result<(), Error> {
    let cell = 5u32;
    let size = panels
        .iter()
        .map(|(_, m)| m.len() as u32)
        .max()
        .unwrap_or(1)
        * cell;
    let (margin, title) = (20u32, 30u32);
    let width = panels.len() as u32 * (size + margin) + margin;
    let height = size + title + margin;
    let mut svg = String::new();
    {
        super::register_font();
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        let draw = |r: Result<(), DrawingAreaErrorKind<std::io::Error>>| {
            r.map_err(|e| Error::Io {
                path: path.as_ref().display().to_string(),
                source: std::io::Error::other(e.to_string()),
            })
        };
        draw(root.fill(&WHITE))?;
        for (k, (name, m)) in panels.iter().enumerate() {
            let x0 = (margin + k as u32 * (size + margin)) as i32;
            let y0 = title as i32;
            let style = ("sans-serif", 16).into_font().color(&BLACK);
            draw(root.draw_text(name, &style, (x0, 8)))?;
            for (i, row) in m.iter().enumerate() {
                for (j, v) in row.iter().enumerate() {
                    let (x, y) = (x0 + (j as u32 * cell) as i32, y0 + (i as u32 * cell) as i32);
                    let rect = Rectangle::new(
                        [(x, y), (x + cell as i32, y + cell as i32)],
                        diverging(*v).filled(),
                    );
                    draw(root.draw(&rect))?;
                }
            }
        }
        draw(root.present())?;
    }
    write_atomically(path.as_ref(), svg.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_an_svg_with_one_rectangle_per_cell() {
        let m = vec![vec![1.0, -0.5], vec![-0.5, 1.0]];
        let path = std::env::temp_dir().join(format!("cajal-heatmap-{}.svg", std::process::id()));
        heatmaps_svg(&path, &[("a", &m), ("b", &m)]).unwrap();
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
        assert_eq!(diverging(1.0), RGBColor(255, 0, 0));
        assert_eq!(diverging(-1.0), RGBColor(0, 0, 255));
        assert_eq!(diverging(0.0), RGBColor(255, 255, 255));
    }
}
