//! Gain functions (f–I curves): the firing rate of a model against a constant input, every
//! input value one instance of one population run once, with the rheobase bracketed by the
//! grid.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::json;

use crate::error::Error;
use crate::model::Model;
use crate::output::write_atomically;
use crate::simulation::Simulation;

/// Firing rate against a constant input.
#[derive(Clone, Debug, PartialEq)]
pub struct GainCurve {
    /// Model name.
    pub model: String,
    /// The input that was varied.
    pub input: String,
    /// Its unit.
    pub unit: String,
    /// The input values, one per instance.
    pub inputs: Vec<f64>,
    /// Steady firing rate (Hz) at each input: the inverse mean interspike interval of the
    /// spikes after the transient, or (with fewer than two such spikes) their count over the
    /// measured window.
    pub rates_hz: Vec<f64>,
    /// The time of the first spike (ms) at each input, if it fired.
    pub first_spike_ms: Vec<Option<f64>>,
    /// Simulated time (ms).
    pub duration_ms: f64,
    /// Time left out of the rate at the start of the run (ms).
    pub transient_ms: f64,
}

impl GainCurve {
    /// Runs `model` (one instance per value of `inputs`, already configured) for
    /// `duration_ms` with input `input` held at each value, and measures the rates after
    /// `transient_ms`.
    pub fn measure(
        mut model: Box<dyn Model + Send>,
        input: &str,
        inputs: &[f64],
        dt_ms: f64,
        duration_ms: f64,
        transient_ms: f64,
    ) -> Result<GainCurve, Error> {
        let info = model.info();
        let k = info.input_index(input)?;
        if model.len() != inputs.len() {
            return Err(Error::WrongSize {
                what: format!("input values of `{input}`"),
                expected: model.len(),
                got: inputs.len(),
            });
        }
        if !(transient_ms >= 0.0 && transient_ms < duration_ms) {
            return Err(Error::InvalidTime {
                message: format!(
                    "the transient ({transient_ms} ms) must be at least 0 and shorter than the run ({duration_ms} ms)"
                ),
            });
        }
        model.input_mut(k).copy_from_slice(inputs);
        let (name, unit) = (info.name.to_string(), info.inputs[k].unit.to_string());
        let mut sim = Simulation::new(model, dt_ms)?;
        let rec = sim.run(duration_ms)?;
        let window = duration_ms - transient_ms;
        // The spikes of each instance, in one pass over the recording.
        let mut per_instance: Vec<Vec<f64>> = vec![Vec::new(); inputs.len()];
        for (&(i, _), t) in rec.spikes.iter().zip(rec.all_spike_times_ms()) {
            per_instance[i as usize].push(t);
        }
        let mut rates_hz = Vec::with_capacity(inputs.len());
        let mut first_spike_ms = Vec::with_capacity(inputs.len());
        for times in per_instance {
            first_spike_ms.push(times.first().copied());
            let late: Vec<f64> = times.into_iter().filter(|t| *t >= transient_ms).collect();
            let rate = match late.as_slice() {
                [first, .., last] => 1000.0 * (late.len() - 1) as f64 / (last - first),
                few => 1000.0 * few.len() as f64 / window,
            };
            rates_hz.push(rate);
        }
        Ok(GainCurve {
            model: name,
            input: input.to_string(),
            unit,
            inputs: inputs.to_vec(),
            rates_hz,
            first_spike_ms,
            duration_ms,
            transient_ms,
        })
    }

    /// The rheobase bracketed by the grid: the largest input that did not fire and the
    /// smallest that did, when the inputs rise and both exist.
    pub fn rheobase(&self) -> Option<(f64, f64)> {
        let k = self.first_spike_ms.iter().position(Option::is_some)?;
        (k > 0).then(|| (self.inputs[k - 1], self.inputs[k]))
    }

    /// The curve as CSV: `input,unit,rate_hz,first_spike_ms` (empty when it did not fire).
    pub fn to_csv(&self) -> String {
        let mut out = format!("{},unit,rate_hz,first_spike_ms\n", self.input);
        for ((x, r), first) in self
            .inputs
            .iter()
            .zip(&self.rates_hz)
            .zip(&self.first_spike_ms)
        {
            let first = first.map(|t| t.to_string()).unwrap_or_default();
            let _ = writeln!(out, "{x},{},{r},{first}", self.unit);
        }
        out
    }

    /// The curve as JSON: model, input, unit, inputs, rates_hz, first_spike_ms (null when it
    /// did not fire), duration_ms, transient_ms and the bracketed rheobase.
    pub fn to_json(&self) -> String {
        json!({
            "model": self.model,
            "input": self.input,
            "unit": self.unit,
            "inputs": self.inputs,
            "rates_hz": self.rates_hz,
            "first_spike_ms": self.first_spike_ms,
            "duration_ms": self.duration_ms,
            "transient_ms": self.transient_ms,
            "rheobase": self.rheobase().map(|(lo, hi)| json!([lo, hi])),
        })
        .to_string()
    }

    /// Writes the curve as `.csv` or `.json` (by the extension), atomically.
    pub fn write(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        let path = path.as_ref();
        let text = match path.extension().and_then(|e| e.to_str()) {
            Some("csv") => self.to_csv(),
            Some("json") => self.to_json(),
            _ => {
                return Err(Error::Incompatible {
                    what: format!("output `{}`", path.display()),
                    message: "an f–I curve is written as .csv or .json".into(),
                });
            }
        };
        write_atomically(path, text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn curve(first: Vec<Option<f64>>) -> GainCurve {
        GainCurve {
            model: "M".into(),
            input: "I".into(),
            unit: "pA".into(),
            inputs: (0..first.len()).map(|k| 10.0 * k as f64).collect(),
            rates_hz: first
                .iter()
                .map(|f| if f.is_some() { 5.0 } else { 0.0 })
                .collect(),
            first_spike_ms: first,
            duration_ms: 1000.0,
            transient_ms: 0.0,
        }
    }

    #[test]
    fn the_rheobase_is_bracketed_by_the_grid() {
        assert_eq!(
            curve(vec![None, None, Some(3.0), Some(1.0)]).rheobase(),
            Some((10.0, 20.0))
        );
        assert_eq!(
            curve(vec![Some(3.0), Some(1.0)]).rheobase(),
            None,
            "fires everywhere"
        );
        assert_eq!(curve(vec![None, None]).rheobase(), None, "never fires");
    }

    #[test]
    fn csv_and_json_hold_every_point() {
        let c = curve(vec![None, Some(2.5)]);
        assert_eq!(
            c.to_csv(),
            "I,unit,rate_hz,first_spike_ms\n0,pA,0,\n10,pA,5,2.5\n"
        );
        let doc: serde_json::Value = serde_json::from_str(&c.to_json()).unwrap();
        assert_eq!(doc["rheobase"], json!([0.0, 10.0]));
        assert_eq!(doc["first_spike_ms"], json!([null, 2.5]));
    }
}
