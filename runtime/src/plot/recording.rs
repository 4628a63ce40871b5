//! Figures of a run: state traces, the phase plane of two variables, spike raster and
//! population rate.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{Figure, drawing, range, save};
use crate::error::Error;
use crate::recording::Recording;

/// What to draw from a [`Recording`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlotKind {
    /// Each recorded variable against time, one panel per variable, one line per instance
    /// (the first ten).
    Trace,
    /// The second recorded variable against the first (e.g. u against v), per instance.
    Phase,
    /// Spike times of every instance.
    Raster,
    /// Population rate (spikes per instance per second) in bins of 1 % of the run (at
    /// least one step), one line per population of a network.
    Rate,
}

impl PlotKind {
    /// Parses `trace`, `phase`, `raster` or `rate`.
    pub fn from_name(name: &str) -> Option<PlotKind> {
        Some(match name {
            "trace" => PlotKind::Trace,
            "phase" => PlotKind::Phase,
            "raster" => PlotKind::Raster,
            "rate" => PlotKind::Rate,
            _ => return None,
        })
    }
}

/// Instances drawn as separate lines in traces and phase planes.
const MAX_LINES: usize = 10;

/// The number of instances of a recording (a network's populations, its traces, else its
/// spikes).
fn instances(rec: &Recording) -> usize {
    if !rec.populations.is_empty() {
        return rec.populations.iter().map(|(_, n)| n).sum();
    }
    rec.values
        .first()
        .map(crate::Samples::len)
        .unwrap_or_else(|| {
            rec.spikes
                .iter()
                .map(|(i, _)| *i as usize + 1)
                .max()
                .unwrap_or(1)
        })
}

/// The end of the recorded time (ms).
fn end_ms(rec: &Recording) -> f64 {
    let last_spike = rec.spikes.iter().map(|(_, s)| *s as f64 * rec.dt_ms);
    rec.t_ms
        .last()
        .copied()
        .into_iter()
        .chain(last_spike)
        .fold(rec.dt_ms, f64::max)
}

struct Plot<'a> {
    rec: &'a Recording,
    kind: PlotKind,
}

impl Figure for Plot<'_> {
    fn size(&self) -> (u32, u32) {
        match self.kind {
            PlotKind::Trace => (900, 60 + 260 * self.rec.names.len().max(1) as u32),
            PlotKind::Phase => (700, 700),
            PlotKind::Raster | PlotKind::Rate => (900, 450),
        }
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        match self.kind {
            PlotKind::Trace => traces(self.rec, root),
            PlotKind::Phase => phase(self.rec, root),
            PlotKind::Raster => raster(self.rec, root),
            PlotKind::Rate => rate(self.rec, root),
        }
    }
}

fn traces<DB: DrawingBackend>(
    rec: &Recording,
    root: &DrawingArea<DB, Shift>,
) -> Result<(), String> {
    if rec.names.is_empty() {
        return Err("no variable was recorded".into());
    }
    let panels = root.split_evenly((rec.names.len(), 1));
    let t_end = end_ms(rec);
    for (k, panel) in panels.iter().enumerate() {
        let lines: Vec<&[f64]> = rec.values[k].iter().take(MAX_LINES).collect();
        let (lo, hi) = range(lines.iter().flat_map(|l| l.iter()).copied());
        let mut chart = ChartBuilder::on(panel)
            .caption(
                format!("{}: {} [{}]", rec.model, rec.names[k], rec.units[k]),
                ("sans-serif", 18),
            )
            .margin(10)
            .x_label_area_size(35)
            .y_label_area_size(60)
            .build_cartesian_2d(0.0..t_end, lo..hi)
            .map_err(drawing)?;
        chart
            .configure_mesh()
            .x_desc("t (ms)")
            .y_desc(&rec.units[k])
            .draw()
            .map_err(drawing)?;
        for (i, trace) in lines.iter().enumerate() {
            let points = rec.t_ms.iter().copied().zip(trace.iter().copied());
            chart
                .draw_series(LineSeries::new(points, &Palette99::pick(i)))
                .map_err(drawing)?;
        }
    }
    Ok(())
}

fn phase<DB: DrawingBackend>(rec: &Recording, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
    if rec.names.len() < 2 {
        return Err("a phase plane needs two recorded variables (e.g. `--record v,u`)".into());
    }
    let (xs, ys) = (&rec.values[0], &rec.values[1]);
    let lines = xs.len().min(MAX_LINES);
    let (x_lo, x_hi) = range(xs.iter().take(lines).flatten().copied());
    let (y_lo, y_hi) = range(ys.iter().take(lines).flatten().copied());
    let mut chart = ChartBuilder::on(root)
        .caption(
            format!("{}: {} against {}", rec.model, rec.names[1], rec.names[0]),
            ("sans-serif", 18),
        )
        .margin(15)
        .x_label_area_size(40)
        .y_label_area_size(70)
        .build_cartesian_2d(x_lo..x_hi, y_lo..y_hi)
        .map_err(drawing)?;
    chart
        .configure_mesh()
        .x_desc(format!("{} [{}]", rec.names[0], rec.units[0]))
        .y_desc(format!("{} [{}]", rec.names[1], rec.units[1]))
        .draw()
        .map_err(drawing)?;
    for i in 0..lines {
        let points = xs[i].iter().copied().zip(ys[i].iter().copied());
        chart
            .draw_series(LineSeries::new(points, &Palette99::pick(i)))
            .map_err(drawing)?;
    }
    Ok(())
}

fn raster<DB: DrawingBackend>(
    rec: &Recording,
    root: &DrawingArea<DB, Shift>,
) -> Result<(), String> {
    let n = instances(rec);
    let mut chart = ChartBuilder::on(root)
        .caption(
            format!("{}: {} spikes", rec.model, rec.spikes.len()),
            ("sans-serif", 18),
        )
        .margin(15)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(0.0..end_ms(rec), -0.5..(n as f64 - 0.5))
        .map_err(drawing)?;
    chart
        .configure_mesh()
        .x_desc("t (ms)")
        .y_desc(if rec.populations.is_empty() {
            "instance"
        } else {
            "neuron"
        })
        .y_label_formatter(&|y| format!("{y:.0}"))
        .draw()
        .map_err(drawing)?;
    // One colour per population (black for a single one); small dots when they are many.
    let groups = groups(rec);
    let radius = if rec.spikes.len() > 2000 { 1 } else { 2 };
    let dots = rec.spikes.iter().map(|(i, s)| {
        let i = *i as usize;
        let g = groups
            .iter()
            .position(|(_, first, size)| (*first..first + size).contains(&i));
        let colour: RGBAColor = match (groups.len(), g) {
            (1, _) | (_, None) => BLACK.to_rgba(),
            (_, Some(g)) => Palette99::pick(g).to_rgba(),
        };
        Circle::new((*s as f64 * rec.dt_ms, i as f64), radius, colour.filled())
    });
    chart.draw_series(dots).map_err(drawing)?;
    Ok(())
}

/// (name, first instance, size) of each population (one group of every instance for a
/// single population).
fn groups(rec: &Recording) -> Vec<(String, usize, usize)> {
    if rec.populations.is_empty() {
        return vec![(rec.model.clone(), 0, instances(rec))];
    }
    let mut first = 0;
    rec.populations
        .iter()
        .map(|(name, size)| {
            let g = (name.clone(), first, *size);
            first += size;
            g
        })
        .collect()
}

/// `(bin start (ms), rate (Hz))` per bin, of the `size` instances from `first`.
fn population_rate(rec: &Recording, first: usize, size: usize) -> Vec<(f64, f64)> {
    let end = end_ms(rec);
    let bin = (end / 100.0).max(rec.dt_ms);
    let bins = (end / bin).ceil().max(1.0) as usize;
    let mut counts = vec![0usize; bins];
    for (i, s) in &rec.spikes {
        if (first..first + size).contains(&(*i as usize)) {
            let b = ((*s as f64 * rec.dt_ms) / bin) as usize;
            counts[b.min(bins - 1)] += 1;
        }
    }
    let per_second = 1000.0 / (bin * size.max(1) as f64);
    counts
        .iter()
        .enumerate()
        .map(|(b, c)| (b as f64 * bin, *c as f64 * per_second))
        .collect()
}

fn rate<DB: DrawingBackend>(rec: &Recording, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
    let groups = groups(rec);
    let rates: Vec<Vec<(f64, f64)>> = groups
        .iter()
        .map(|(_, first, size)| population_rate(rec, *first, *size))
        .collect();
    let (_, hi) = range(rates.iter().flatten().map(|(_, r)| *r).chain([0.0]));
    let mut chart = ChartBuilder::on(root)
        .caption(
            format!("{}: population rate", rec.model),
            ("sans-serif", 18),
        )
        .margin(15)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(0.0..end_ms(rec), 0.0..hi)
        .map_err(drawing)?;
    chart
        .configure_mesh()
        .x_desc("t (ms)")
        .y_desc("rate (Hz)")
        .draw()
        .map_err(drawing)?;
    for (g, ((name, _, _), series)) in groups.iter().zip(rates).enumerate() {
        let colour = Palette99::pick(g).to_rgba();
        chart
            .draw_series(LineSeries::new(series, colour.stroke_width(2)))
            .map_err(drawing)?
            .label(name.as_str())
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 20, y)], colour));
    }
    if groups.len() > 1 {
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .draw()
            .map_err(drawing)?;
    }
    Ok(())
}

impl Recording {
    /// Draws `kind` to `path`, as SVG (`.svg`) or PNG (`.png`), atomically.
    pub fn plot(&self, path: impl AsRef<Path>, kind: PlotKind) -> Result<(), Error> {
        save(&Plot { rec: self, kind }, path.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recording() -> Recording {
        let t_ms: Vec<f64> = (0..200).map(|k| k as f64 * 0.5).collect();
        let v: Vec<Vec<f64>> = (0..3)
            .map(|i| t_ms.iter().map(|t| (t / 10.0 + i as f64).sin()).collect())
            .collect();
        let u: Vec<Vec<f64>> = (0..3)
            .map(|i| t_ms.iter().map(|t| (t / 10.0 + i as f64).cos()).collect())
            .collect();
        Recording {
            model: "Test".into(),
            dt_ms: 0.5,
            every: 1,
            t_ms,
            names: vec!["v".into(), "u".into()],
            units: vec!["mV".into(), "pA".into()],
            values: vec![
                crate::Samples::from_rows(v).unwrap(),
                crate::Samples::from_rows(u).unwrap(),
            ],
            // Instance 1 fires every 10 ms for the whole 100 ms.
            spikes: (0..10).map(|k| (1, 20 * k)).collect(),
            populations: Vec::new(),
        }
    }

    #[test]
    fn the_population_rate_counts_spikes_per_instance_and_second() {
        let rates = population_rate(&recording(), 0, 3);
        // 10 spikes of one of 3 instances in 99.5 ms: about 33.5 Hz on average.
        let bin = rates[1].0 - rates[0].0;
        let mean: f64 = rates.iter().map(|(_, r)| r * bin).sum::<f64>() / 99.5;
        assert!((mean - 10.0 / 3.0 / 0.0995).abs() < 1e-9, "{mean}");
    }

    #[test]
    fn every_kind_renders_to_svg_and_png() {
        let rec = recording();
        let dir = std::env::temp_dir().join(format!("cajal-plots-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for name in ["trace", "phase", "raster", "rate"] {
            let kind = PlotKind::from_name(name).unwrap();
            let svg = dir.join(format!("{name}.svg"));
            rec.plot(&svg, kind).unwrap();
            let text = std::fs::read_to_string(&svg).unwrap();
            assert!(text.starts_with("<svg") && text.len() > 2000, "{name}");
            let png = dir.join(format!("{name}.png"));
            rec.plot(&png, kind).unwrap();
            let bytes = std::fs::read(&png).unwrap();
            assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{name}");
            assert!(bytes.len() > 5000, "{name}: {} bytes", bytes.len());
        }
        let one = Recording {
            names: vec!["v".into()],
            values: vec![rec.values[0].clone()],
            units: vec!["mV".into()],
            ..rec
        };
        let err = one.plot(dir.join("p.svg"), PlotKind::Phase).unwrap_err();
        assert!(err.to_string().contains("two recorded variables"), "{err}");
        assert!(one.plot(dir.join("p.gif"), PlotKind::Trace).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
