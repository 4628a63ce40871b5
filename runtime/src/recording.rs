//! What a run recorded: state traces every `every` steps and spikes.

use std::fmt::Write as _;
use std::path::Path;

use crate::error::Error;
use crate::output::write_atomically;

/// Recorded traces and spikes of one population.
#[derive(Clone, Debug, PartialEq)]
pub struct Recording {
    /// Model name.
    pub model: String,
    /// Time step (ms).
    pub dt_ms: f64,
    /// Record stride in steps.
    pub every: u64,
    /// Sample times (ms), starting at 0 with the initial state.
    pub t_ms: Vec<f64>,
    /// Recorded variable names.
    pub names: Vec<String>,
    /// Their units.
    pub units: Vec<String>,
    /// `values[var][instance][sample]`.
    pub values: Vec<Vec<Vec<f64>>>,
    /// Spikes as (instance, step); the spike time is `step·dt`.
    pub spikes: Vec<(u32, u64)>,
    /// For a network: (name, size) of each population, whose neurons are numbered one
    /// population after the other in `spikes`. Empty for a single population.
    pub populations: Vec<(String, usize)>,
}

impl Recording {
    /// The trace of variable `name` for `instance`.
    pub fn trace(&self, name: &str, instance: usize) -> Option<&[f64]> {
        let k = self.names.iter().position(|n| n == name)?;
        self.values.get(k)?.get(instance).map(Vec::as_slice)
    }

    /// Spike steps of one instance, in order.
    pub fn spike_steps(&self, instance: u32) -> Vec<u64> {
        self.spikes
            .iter()
            .filter(|(i, _)| *i == instance)
            .map(|(_, s)| *s)
            .collect()
    }

    /// Spike times (ms) of one instance, rounded to the time step's decimals.
    pub fn spike_times_ms(&self, instance: u32) -> Vec<f64> {
        let scale = decimal_scale(self.dt_ms);
        self.spike_steps(instance)
            .into_iter()
            .map(|s| round_with(s as f64 * self.dt_ms, scale))
            .collect()
    }

    /// The spike train of one instance (times in ms, rounded as [`Self::spike_times_ms`]).
    pub fn spike_train(&self, instance: u32) -> crate::SpikeTrain {
        crate::SpikeTrain::new(self.spike_times_ms(instance))
    }

    /// The time of every spike (ms), in the order of `spikes`, rounded to the time step's
    /// decimals.
    pub fn all_spike_times_ms(&self) -> Vec<f64> {
        let scale = decimal_scale(self.dt_ms);
        self.spikes
            .iter()
            .map(|&(_, s)| round_with(s as f64 * self.dt_ms, scale))
            .collect()
    }

    /// A time `t` (ms) rounded to the decimals of the time step: step 1036 at dt = 0.1 ms is
    /// 103.6 ms, not the 103.60000000000001 of `1036.0 * 0.1`.
    pub fn round_time_ms(&self, t: f64) -> f64 {
        round_to_step(t, self.dt_ms)
    }

    /// The step of each sample (its time divided by dt).
    pub fn sample_steps(&self) -> Vec<u64> {
        self.t_ms
            .iter()
            .map(|t| (t / self.dt_ms).round().max(0.0) as u64)
            .collect()
    }

    /// The sample times (ms), rounded to the decimals of the time step.
    pub fn sample_times_ms(&self) -> Vec<f64> {
        let scale = decimal_scale(self.dt_ms);
        self.t_ms.iter().map(|&t| round_with(t, scale)).collect()
    }

    /// Traces as CSV, one row per sample: `t_ms`, then `<var>_<instance>_<unit>` columns.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("t_ms");
        for (k, name) in self.names.iter().enumerate() {
            for i in 0..self.values[k].len() {
                let _ = write!(out, ",{name}_{i}_{}", self.units[k].replace('/', "_per_"));
            }
        }
        out.push('\n');
        for (s, t) in self.sample_times_ms().iter().enumerate() {
            let _ = write!(out, "{t}");
            for var in &self.values {
                for inst in var {
                    let _ = write!(out, ",{}", inst[s]);
                }
            }
            out.push('\n');
        }
        out
    }

    /// Writes [`Recording::to_csv`] to `path` atomically.
    pub fn write_csv(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        write_atomically(path.as_ref(), self.to_csv().as_bytes())
    }

    /// Spikes as CSV: `index,step,time_ms`.
    pub fn spikes_csv(&self) -> String {
        let mut out = String::from("index,step,time_ms\n");
        for (i, s) in &self.spikes {
            let _ = writeln!(out, "{i},{s},{}", *s as f64 * self.dt_ms);
        }
        out
    }
}

/// `t` rounded to the decimals that `dt` has (at most 12), so multiples of the step print as
/// they are written.
pub(crate) fn round_to_step(t: f64, dt: f64) -> f64 {
    round_with(t, decimal_scale(dt))
}

/// 10^d for the number of decimals d (at most 12) that `dt` is written with.
fn decimal_scale(dt: f64) -> f64 {
    let decimals = (0..=12)
        .find(|&d| {
            let scaled = dt * 10f64.powi(d);
            (scaled - scaled.round()).abs() <= 1e-9 * scaled.abs().max(1.0)
        })
        .unwrap_or(12);
    10f64.powi(decimals)
}

/// `t` rounded to multiples of 1/`scale` (unchanged if that overflows).
fn round_with(t: f64, scale: f64) -> f64 {
    let rounded = (t * scale).round() / scale;
    if rounded.is_finite() { rounded } else { t }
}
