//! Inputs that change over time: constant, step, piecewise-constant, per instance, sampled
//! series, and any function of time and instance.

use std::sync::Arc;

use crate::error::{Error, finite};

/// A value as a function of time (ms) and instance index, in the input's unit (what a
/// network item's `drive` that reads `t` compiles to).
#[derive(Clone)]
pub struct StimulusFn(Arc<dyn Fn(f64, usize) -> f64 + Send + Sync>);

impl StimulusFn {
    /// Wraps `f(t_ms, instance)`.
    pub fn new(f: impl Fn(f64, usize) -> f64 + Send + Sync + 'static) -> Self {
        StimulusFn(Arc::new(f))
    }

    /// The value at `t_ms` for instance `i`.
    pub fn at(&self, t_ms: f64, i: usize) -> f64 {
        (self.0)(t_ms, i)
    }
}

impl std::fmt::Debug for StimulusFn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StimulusFn(..)")
    }
}

/// Two functions are equal when they are the same function (not when they agree).
impl PartialEq for StimulusFn {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// A value driven into one input of every instance, in the input's unit.
#[derive(Clone, Debug, PartialEq)]
pub enum Stimulus {
    /// The same value at every step.
    Constant(f64),
    /// Piecewise constant: `(t_start_ms, value)` pairs in increasing time; before the first
    /// start the value is 0. A segment starting at `t` applies from step `round(t/dt)`.
    Piecewise(Vec<(f64, f64)>),
    /// One constant value per instance.
    PerInstance(Vec<f64>),
    /// A value per step and instance: `values[n][i]` drives instance i at step n; after the
    /// last row the last row holds.
    Series(Vec<Vec<f64>>),
    /// `f(t, i)` at t = step·dt for instance i. Only its values at t = 0 are checked in
    /// advance: a later non-finite value shows up as a diverging state.
    Function(StimulusFn),
}

impl Stimulus {
    /// `before` until `t_on_ms`, then `after` (from step `round(t_on/dt)` on).
    pub fn step(before: f64, after: f64, t_on_ms: f64) -> Stimulus {
        Stimulus::Piecewise(vec![(0.0, before), (t_on_ms, after)])
    }

    /// `value` between `t_on_ms` and `t_off_ms`, 0 elsewhere.
    pub fn pulse(value: f64, t_on_ms: f64, t_off_ms: f64) -> Stimulus {
        Stimulus::Piecewise(vec![(0.0, 0.0), (t_on_ms, value), (t_off_ms, 0.0)])
    }

    /// The stimulus of instances `range` alone, numbered from 0 (one rank's share of a
    /// population split over ranks): per-instance values sliced, a function shifted.
    pub fn for_instances(self, range: std::ops::Range<usize>) -> Stimulus {
        match self {
            Stimulus::PerInstance(v) => Stimulus::PerInstance(v[range].to_vec()),
            Stimulus::Series(rows) => Stimulus::Series(
                rows.into_iter()
                    .map(|row| row[range.clone()].to_vec())
                    .collect(),
            ),
            Stimulus::Function(f) => {
                let first = range.start;
                Stimulus::Function(StimulusFn::new(move |t, i| f.at(t, first + i)))
            }
            other => other,
        }
    }

    /// Checks values and segment order.
    pub fn validate(&self, what: &str, n: usize) -> Result<(), Error> {
        match self {
            Stimulus::Constant(v) => finite(|| what.to_string(), *v).map(|_| ()),
            Stimulus::Piecewise(segments) => {
                let mut last = f64::NEG_INFINITY;
                for (t, v) in segments {
                    finite(|| format!("{what} (start time)"), *t)?;
                    finite(|| what.to_string(), *v)?;
                    if *t < last {
                        return Err(Error::InvalidTime {
                            message: format!(
                                "{what}: segment starts must increase, but {t} ms follows {last} ms"
                            ),
                        });
                    }
                    last = *t;
                }
                Ok(())
            }
            Stimulus::PerInstance(values) => check_row(what, values, n),
            Stimulus::Series(rows) => {
                if rows.is_empty() {
                    return Err(Error::WrongSize {
                        what: format!("{what} (time series rows)"),
                        expected: 1,
                        got: 0,
                    });
                }
                rows.iter().enumerate().try_for_each(|(step, row)| {
                    check_row(&format!("{what} at step {step}"), row, n)
                })
            }
            // Values at t = 0 are checked; later ones cannot be known in advance.
            Stimulus::Function(f) => (0..n).try_for_each(|i| {
                finite(|| format!("{what} at t = 0 for instance {i}"), f.at(0.0, i)).map(|_| ())
            }),
        }
    }

    /// Writes the value at step `step` (time `step·dt`) into `buffer`.
    pub fn apply(&self, step: u64, dt_ms: f64, buffer: &mut [f64]) {
        match self {
            Stimulus::Constant(v) => buffer.fill(*v),
            Stimulus::Piecewise(segments) => {
                let value = segments
                    .iter()
                    .rev()
                    .find(|(t, _)| (t / dt_ms).round() as u64 <= step)
                    .map_or(0.0, |(_, v)| *v);
                buffer.fill(value);
            }
            Stimulus::PerInstance(values) => buffer.copy_from_slice(values),
            Stimulus::Series(rows) => {
                let row = &rows[(step as usize).min(rows.len() - 1)];
                buffer.copy_from_slice(row);
            }
            Stimulus::Function(f) => {
                let t = step as f64 * dt_ms;
                for (i, x) in buffer.iter_mut().enumerate() {
                    *x = f.at(t, i);
                }
            }
        }
    }
}

fn check_row(what: &str, values: &[f64], n: usize) -> Result<(), Error> {
    if values.len() != n {
        return Err(Error::WrongSize {
            what: what.to_string(),
            expected: n,
            got: values.len(),
        });
    }
    values
        .iter()
        .try_for_each(|v| finite(|| what.to_string(), *v).map(|_| ()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_switches_at_the_rounded_step() {
        let s = Stimulus::step(0.0, 125.0, 100.0);
        let mut b = [0.0];
        s.apply(999, 0.1, &mut b);
        assert_eq!(b[0], 0.0);
        s.apply(1000, 0.1, &mut b);
        assert_eq!(b[0], 125.0);
        assert!(
            Stimulus::Piecewise(vec![(5.0, 1.0), (1.0, 2.0)])
                .validate("I", 1)
                .is_err()
        );
        assert!(Stimulus::PerInstance(vec![1.0]).validate("I", 2).is_err());
    }
}
