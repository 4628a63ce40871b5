//! Network-level signals: one value per network at each step (a neuromodulator such as
//! dopamine, a reward), read by the plasticity of the synapses that declare them
//! (`signals { … }` in a synapse item, matched by name and unit). A signal's value comes from
//! the program that runs the network ([`Network::set_signal`] between steps), from a
//! stimulus in time ([`Network::drive_signal`]), or from a population's state variable
//! ([`Network::bind_signal`], its mean over the population: one node for a mass model of the
//! neuromodulator's concentration).

use super::{Network, PopulationId};
use crate::error::Error;
use crate::stimulus::Stimulus;

/// Where a signal's value comes from.
#[derive(Clone, Debug)]
pub(super) enum SignalSource {
    /// Set by [`Network::set_signal`]; holds between calls.
    Set,
    /// A stimulus at the step's start time.
    Driven(Stimulus),
    /// The mean of a population's state variable at the step's start.
    Population { population: usize, var: usize },
}

/// A named signal with its unit, source and current value.
#[derive(Clone, Debug)]
pub(super) struct Signal {
    pub name: String,
    pub unit: String,
    pub source: SignalSource,
    pub value: f64,
}

fn unknown(name: &str, signals: &[Signal]) -> Error {
    let known: Vec<&str> = signals.iter().map(|s| s.name.as_str()).collect();
    Error::Incompatible {
        what: format!("signal `{name}`"),
        message: if known.is_empty() {
            "the network has no signals; add one with `add_signal`".into()
        } else {
            format!(
                "the network has no such signal (it has {})",
                known.join(", ")
            )
        },
    }
}

impl Network {
    /// Adds signal `name` in `unit` (as the synapses that read it declare it) with value
    /// `initial`, set from then on by [`Network::set_signal`], [`Network::drive_signal`] or
    /// [`Network::bind_signal`]. Add signals before the projections whose synapses read them.
    pub fn add_signal(&mut self, name: &str, unit: &str, initial: f64) -> Result<(), Error> {
        if self.signals.iter().any(|s| s.name == name) {
            return Err(Error::Incompatible {
                what: format!("signal `{name}`"),
                message: "the network already has a signal of that name".into(),
            });
        }
        if !initial.is_finite() {
            return Err(Error::NonFinite {
                what: format!("signal `{name}`"),
                value: initial,
            });
        }
        self.signals.push(Signal {
            name: name.to_string(),
            unit: unit.to_string(),
            source: SignalSource::Set,
            value: initial,
        });
        Ok(())
    }

    fn signal_index(&self, name: &str) -> Result<usize, Error> {
        self.signals
            .iter()
            .position(|s| s.name == name)
            .ok_or_else(|| unknown(name, &self.signals))
    }

    /// Sets signal `name` to `value` (in its unit) from the next step on; it holds until set
    /// again. A driven or bound signal becomes a set one.
    pub fn set_signal(&mut self, name: &str, value: f64) -> Result<(), Error> {
        let k = self.signal_index(name)?;
        if !value.is_finite() {
            return Err(Error::NonFinite {
                what: format!("signal `{name}`"),
                value,
            });
        }
        let s = &mut self.signals[k];
        s.source = SignalSource::Set;
        s.value = value;
        Ok(())
    }

    /// Signal `name` follows `stimulus` (its value at each step's start time).
    pub fn drive_signal(&mut self, name: &str, stimulus: Stimulus) -> Result<(), Error> {
        let k = self.signal_index(name)?;
        stimulus.validate(&format!("signal `{name}`"), 1)?;
        self.signals[k].source = SignalSource::Driven(stimulus);
        Ok(())
    }

    /// Signal `name` follows state variable `var` of `population` (its mean over the
    /// population at each step's start), which must be in the signal's unit.
    pub fn bind_signal(
        &mut self,
        name: &str,
        population: PopulationId,
        var: &str,
    ) -> Result<(), Error> {
        let k = self.signal_index(name)?;
        let info = self.population(population)?.info();
        let Some(v) = info.states.iter().position(|s| s.name == var) else {
            let names: Vec<&str> = info.states.iter().map(|s| s.name).collect();
            return Err(Error::Incompatible {
                what: format!("signal `{name}`"),
                message: format!(
                    "`{}` has no state variable `{var}` (it has {})",
                    info.name,
                    names.join(", ")
                ),
            });
        };
        if info.states[v].unit != self.signals[k].unit {
            return Err(Error::Incompatible {
                what: format!("signal `{name}`"),
                message: format!(
                    "the signal is in {}, but `{var}` of `{}` is in {}",
                    self.signals[k].unit, info.name, info.states[v].unit
                ),
            });
        }
        self.signals[k].source = SignalSource::Population {
            population: population.0,
            var: v,
        };
        Ok(())
    }

    /// The current value of signal `name`.
    pub fn signal(&self, name: &str) -> Result<f64, Error> {
        Ok(self.signals[self.signal_index(name)?].value)
    }

    /// The network indices of the signals a synapse reads (`(name, unit)` pairs, in its
    /// order), checked by name and unit.
    pub(super) fn resolve_signals(
        &self,
        projection: &str,
        wanted: &[crate::model::VarInfo],
    ) -> Result<Vec<usize>, Error> {
        wanted
            .iter()
            .map(|v| {
                let k = self.signal_index(v.name).map_err(|_| Error::Incompatible {
                    what: format!("projection `{projection}`"),
                    message: format!(
                        "its synapse reads signal `{}` ({}), but the network has no such signal; add it with `add_signal` before connecting",
                        v.name, v.unit
                    ),
                })?;
                if self.signals[k].unit != v.unit {
                    return Err(Error::Incompatible {
                        what: format!("projection `{projection}`"),
                        message: format!(
                            "its synapse reads signal `{}` in {}, but the network's is in {}",
                            v.name, v.unit, self.signals[k].unit
                        ),
                    });
                }
                Ok(k)
            })
            .collect()
    }

    /// Every signal's value at the start of step `n` (time `t`), handed to the projections
    /// that read them.
    pub(super) fn update_signals(&mut self, n: u64, dt: f64) {
        if self.signals.is_empty() {
            return;
        }
        let mut one = [0.0];
        for s in &mut self.signals {
            match &s.source {
                SignalSource::Set => {}
                SignalSource::Driven(stimulus) => {
                    stimulus.apply(n, dt, &mut one);
                    s.value = one[0];
                }
                SignalSource::Population { population, var } => {
                    let model = &self.pops[*population].model;
                    let values = model.state(*var);
                    s.value = values.iter().sum::<f64>() / values.len().max(1) as f64;
                }
            }
        }
        let values: Vec<f64> = self.signals.iter().map(|s| s.value).collect();
        for (_, proj) in &mut self.projections {
            proj.read_signals(&values);
        }
    }
}
