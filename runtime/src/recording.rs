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
    /// One block of samples per recorded variable: `values[var][instance][sample]`.
    pub values: Vec<Samples>,
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
        self.values.get(k)?.get(instance)
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
                for inst in var.iter() {
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

/// The samples of one recorded variable in one contiguous block, one row per instance and
/// one column per sample (row-major `instances × samples`): `samples[i]` is the trace of
/// instance i, and the whole block can be handed out as one array without copying it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Samples {
    instances: usize,
    samples: usize,
    data: Vec<f64>,
}

impl Samples {
    /// The block of `instances` rows of `samples` values each, from `data` in row-major
    /// order; `None` if `data` does not have `instances · samples` values.
    pub fn new(instances: usize, samples: usize, data: Vec<f64>) -> Option<Samples> {
        (instances.checked_mul(samples) == Some(data.len())).then_some(Samples {
            instances,
            samples,
            data,
        })
    }

    /// The block from one trace per instance (all of one length; `None` otherwise).
    pub fn from_rows(rows: Vec<Vec<f64>>) -> Option<Samples> {
        let samples = rows.first().map_or(0, Vec::len);
        if rows.iter().any(|r| r.len() != samples) {
            return None;
        }
        let instances = rows.len();
        let data = rows.into_iter().flatten().collect();
        Samples::new(instances, samples, data)
    }

    /// The block from samples taken one after the other, each a row of one value per
    /// instance (the order in which a monitor takes them).
    pub fn from_samples(instances: usize, taken: &[Vec<f64>]) -> Samples {
        let mut data = Vec::with_capacity(instances * taken.len());
        for i in 0..instances {
            data.extend(taken.iter().map(|row| row[i]));
        }
        Samples {
            instances,
            samples: taken.len(),
            data,
        }
    }

    /// `instances` rows of `samples` zeros, to be filled by [`Samples::set`] and cut to the
    /// samples taken by [`Samples::keep_samples`].
    pub(crate) fn zeroed(instances: usize, samples: usize) -> Samples {
        Samples {
            instances,
            samples,
            data: vec![0.0; instances * samples],
        }
    }

    /// Sets sample `s` of instance `i`.
    #[inline]
    pub(crate) fn set(&mut self, i: usize, s: usize, x: f64) {
        self.data[i * self.samples + s] = x;
    }

    /// Keeps the first `taken` samples of every instance (rows moved up in place).
    pub(crate) fn keep_samples(&mut self, taken: usize) {
        if taken >= self.samples {
            return;
        }
        for i in 0..self.instances {
            self.data
                .copy_within(i * self.samples..i * self.samples + taken, i * taken);
        }
        self.data.truncate(self.instances * taken);
        self.samples = taken;
    }

    /// Number of instances (rows).
    pub fn len(&self) -> usize {
        self.instances
    }

    /// True if no instance was recorded.
    pub fn is_empty(&self) -> bool {
        self.instances == 0
    }

    /// Number of samples per instance (columns).
    pub fn samples(&self) -> usize {
        self.samples
    }

    /// The trace of instance `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<&[f64]> {
        (i < self.instances).then(|| &self.data[i * self.samples..(i + 1) * self.samples])
    }

    /// The traces, instance by instance.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &[f64]> + '_ {
        (0..self.instances).map(|i| &self.data[i * self.samples..(i + 1) * self.samples])
    }

    /// The whole block, row-major.
    pub fn as_slice(&self) -> &[f64] {
        &self.data
    }

    /// The whole block, row-major, without copying it.
    pub fn into_vec(self) -> Vec<f64> {
        self.data
    }
}

impl std::ops::Index<usize> for Samples {
    type Output = [f64];

    /// The trace of instance `i` (panics if there is none, as slices do).
    fn index(&self, i: usize) -> &[f64] {
        match self.get(i) {
            Some(trace) => trace,
            None => panic!(
                "instance {i} of a recording of {} instances",
                self.instances
            ),
        }
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
