//! What a network records, read from its side: spike records and state monitors added,
//! sampled and gathered into a [`crate::Recording`], and their memory budget (state monitors
//! before a run, spike records as they grow).

use super::{MonitorId, Network, PopulationId, SpikeRecord, StateMonitor};
use crate::error::Error;

impl Network {
    /// The recorded spikes of every population as one [`Recording`] named `name`: neurons
    /// numbered one population after the other (populations listed in
    /// [`Recording::populations`]), spikes in time order, samples at 0 and now. On a network
    /// split over ranks, every rank gets the whole network's spikes (a collective call).
    pub fn spike_recording(&self, name: &str) -> crate::Recording {
        let mut spikes = Vec::new();
        let mut populations = Vec::new();
        let mut first = 0u32;
        for (k, p) in self.pops.iter().enumerate() {
            if self.spike_records[k].is_some() {
                let record = self.gathered_spikes(k);
                spikes.extend(
                    record
                        .neurons
                        .iter()
                        .zip(&record.steps)
                        .map(|(i, s)| (first + i, *s)),
                );
            }
            populations.push((p.name.clone(), p.whole));
            first += p.whole as u32;
        }
        spikes.sort_by_key(|(i, s)| (*s, *i));
        crate::Recording {
            model: name.to_string(),
            dt_ms: self.dt_ms,
            every: self.step.max(1),
            t_ms: vec![0.0, self.t_ms()],
            names: Vec::new(),
            units: Vec::new(),
            values: Vec::new(),
            spikes,
            populations,
        }
    }

    /// As [`Network::spike_recording`], with the samples of state `monitors` as variables
    /// named `population.variable` (`values[var][k]` holds the k-th recorded neuron), at the
    /// monitors' times. The monitors must share their stride. On a network split over ranks,
    /// every rank gets the samples of every rank (a collective call).
    pub fn recording(&self, name: &str, monitors: &[MonitorId]) -> Result<crate::Recording, Error> {
        let mut rec = self.spike_recording(name);
        let Some(first) = monitors.first() else {
            return Ok(rec);
        };
        let (every, samples) = {
            let m = self.monitor(*first)?;
            (m.every, m.t_ms.len())
        };
        for m in monitors {
            let mon = self.gathered_monitor(*m)?;
            let pop = &self.pops[mon.population];
            if mon.t_ms.len() != samples {
                return Err(Error::Incompatible {
                    what: format!("state monitor of `{}.{}`", pop.name, mon.variable),
                    message: "it started at another time than the others; one recording needs one time axis".into(),
                });
            }
            if mon.every != every {
                return Err(Error::Incompatible {
                    what: format!("state monitor of `{}.{}`", pop.name, mon.variable),
                    message: format!(
                        "it samples every {} steps and another every {every}; one recording needs one stride",
                        mon.every
                    ),
                });
            }
            let unit = match mon.projection {
                Some((r, _)) => {
                    rec.names.push(format!(
                        "{}.{}",
                        self.rate_projections[r].name, mon.variable
                    ));
                    "1"
                }
                None => {
                    rec.names.push(format!("{}.{}", pop.name, mon.variable));
                    let info = pop.model.info();
                    let vars = if mon.output {
                        info.outputs
                    } else {
                        info.states
                    };
                    vars.get(mon.state).map_or("", |s| s.unit)
                }
            };
            rec.units.push(unit.to_string());
            rec.values
                .push(crate::Samples::from_samples(mon.neurons.len(), &mon.values));
            rec.t_ms.clone_from(&mon.t_ms);
        }
        rec.every = every;
        Ok(rec)
    }

    /// Every state monitor, in the order they were added.
    pub fn monitors(&self) -> Vec<MonitorId> {
        (0..self.monitors.len()).map(MonitorId).collect()
    }

    /// Records the spikes of population `p` from now on.
    pub fn record_spikes(&mut self, p: PopulationId) -> Result<(), Error> {
        self.pop(p)?;
        self.spike_records[p.0].get_or_insert_with(SpikeRecord::default);
        Ok(())
    }

    /// The spikes recorded for population `p` (empty if not recorded); on a rank of a network
    /// split over ranks, those of its own neurons (numbered in the whole population).
    pub fn spikes(&self, p: PopulationId) -> Result<&SpikeRecord, Error> {
        self.pop(p)?;
        static EMPTY: SpikeRecord = SpikeRecord::new();
        Ok(self.spike_records[p.0].as_ref().unwrap_or(&EMPTY))
    }

    /// Records state variable (or output) `var` of the given neurons of `p` every `every`
    /// steps, at the start of the step.
    pub fn record_state(
        &mut self,
        p: PopulationId,
        var: &str,
        neurons: Vec<usize>,
        every: u64,
    ) -> Result<MonitorId, Error> {
        let pop = self.pop(p)?;
        let info = pop.model.info();
        let (k, output) = match info.states.iter().position(|s| s.name == var) {
            Some(k) => (k, false),
            None => match info.outputs.iter().position(|s| s.name == var) {
                Some(k) => (k, true),
                None => {
                    return Err(Error::UnknownName {
                        kind: "state variable or output",
                        name: var.to_string(),
                        available: info
                            .states
                            .iter()
                            .chain(info.outputs)
                            .map(|s| s.name.to_string())
                            .collect(),
                    });
                }
            },
        };
        if every == 0 {
            return Err(Error::InvalidTime {
                message: "the record stride must be at least 1 step".into(),
            });
        }
        if let Some(&i) = neurons.iter().find(|&&i| i >= pop.whole) {
            return Err(Error::Incompatible {
                what: format!("state monitor of `{}.{var}`", pop.name),
                message: format!("neuron {i} does not exist ({} neurons)", pop.whole),
            });
        }
        let local = pop.first..pop.first + pop.model.len();
        let held = (local != (0..pop.whole)).then(|| {
            let mine = neurons.iter().filter(|i| local.contains(i));
            mine.map(|i| i - local.start).collect()
        });
        let mut monitor = StateMonitor::new(p.0, var, k, neurons, every);
        monitor.output = output;
        monitor.held = held;
        self.monitors.push(monitor);
        Ok(MonitorId(self.monitors.len() - 1))
    }

    /// A state monitor's samples.
    pub fn monitor(&self, m: MonitorId) -> Result<&StateMonitor, Error> {
        self.monitors.get(m.0).ok_or_else(|| Error::UnknownName {
            kind: "state monitor",
            name: m.0.to_string(),
            available: (0..self.monitors.len()).map(|i| i.to_string()).collect(),
        })
    }

    /// Takes the samples of the state monitors due now (as the next step does at its start,
    /// which then takes none): call it at the end of a run to include the final state.
    pub fn sample_monitors(&mut self) {
        let (t, n) = (self.t_ms(), self.step);
        for m in &mut self.monitors {
            match m.projection {
                None => m.sample(n, t, &*self.pops[m.population].model),
                Some((r, what)) if m.due(n, t) => {
                    let proj = &self.rate_projections[r];
                    let row = proj.observe(what, &*self.pops[proj.source].model);
                    m.push(t, row);
                }
                Some(_) => {}
            }
        }
    }

    /// Refuses a run of `steps` more steps whose state monitors would grow beyond the memory
    /// budget (see [`crate::budget`]).
    pub fn check_monitor_budget(&self, steps: u64) -> Result<(), Error> {
        let parts: Vec<(String, f64)> = self
            .monitors
            .iter()
            .map(|m| {
                let samples = (steps / m.every.max(1) + 1) as f64;
                let have = m.values.len() as f64;
                let name = format!("monitor of `{}`", m.variable);
                (
                    name,
                    (samples + have) * (m.neurons.len() as f64 + 1.0) * 8.0,
                )
            })
            .collect();
        let parts: Vec<(&str, f64)> = parts.iter().map(|(n, b)| (n.as_str(), *b)).collect();
        crate::budget::check(&format!("recording {steps} steps of state"), &parts)
    }

    /// Refuses to let the spike records grow when their next growth would not fit in the
    /// memory budget (their size is not known before the run; see [`crate::budget::Growth`]).
    pub(super) fn check_spike_budget(&mut self) -> Result<(), Error> {
        let t_ms = self.t_ms();
        let records = self.spike_records.iter().flatten();
        let bytes: usize = records.clone().map(SpikeRecord::bytes).sum();
        let what = || {
            let spikes: usize = records.map(SpikeRecord::len).sum();
            format!("recording spikes ({spikes} by t = {t_ms} ms)")
        };
        self.spike_growth.check(what, bytes as f64)
    }
}
