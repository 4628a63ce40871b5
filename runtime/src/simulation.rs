//! Runs one population: stimuli into inputs, steps, records, and stops on divergence.

use crate::error::{Error, finite};
use crate::model::{Model, ModelInfo, VarInfo, check_finite_after_step};
use crate::recording::{Recording, Samples};
use crate::stimulus::Stimulus;

/// A recorded quantity: a state variable or an output (observable).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Recorded {
    State(usize),
    Output(usize),
}

/// A single-population simulation with a fixed time step.
///
/// ```ignore
/// let mut sim = Simulation::new(model, 0.1)?;          // dt in ms
/// sim.drive("I", Stimulus::step(0.0, 125.0, 100.0))?;  // input in the model's unit
/// sim.record(&["v"])?;
/// let rec = sim.run(1000.0)?;                          // duration in ms
/// ```
pub struct Simulation<M: Model> {
    model: M,
    dt_ms: f64,
    step: u64,
    drives: Vec<(usize, Stimulus)>,
    recorded: Vec<Recorded>,
    every: u64,
}

/// Steps between two questions to the watch of [`Simulation::run_watched`] (and
/// [`crate::Network::run_watched`]).
pub const WATCH_STEPS: u64 = 256;

impl<M: Model> Simulation<M> {
    /// A simulation of `model` with time step `dt_ms` (> 0, finite).
    pub fn new(model: M, dt_ms: f64) -> Result<Self, Error> {
        if !(dt_ms.is_finite() && dt_ms > 0.0) {
            return Err(Error::InvalidTime {
                message: format!("dt must be a positive number of ms, but is {dt_ms}"),
            });
        }
        Ok(Simulation {
            model,
            dt_ms,
            step: 0,
            drives: Vec::new(),
            recorded: Vec::new(),
            every: 1,
        })
    }

    /// The model being simulated.
    pub fn model(&self) -> &M {
        &self.model
    }

    /// Mutable access to the model (parameters, state).
    pub fn model_mut(&mut self) -> &mut M {
        &mut self.model
    }

    /// Current time (ms).
    pub fn time_ms(&self) -> f64 {
        self.step as f64 * self.dt_ms
    }

    /// Steps taken so far.
    pub fn steps_taken(&self) -> u64 {
        self.step
    }

    /// The time step (ms).
    pub fn dt_ms(&self) -> f64 {
        self.dt_ms
    }

    /// Drives input `name` with `stimulus` (values in the input's unit).
    pub fn drive(&mut self, name: &str, stimulus: Stimulus) -> Result<&mut Self, Error> {
        let k = self.model.info().input_index(name)?;
        stimulus.validate(&format!("input `{name}`"), self.model.len())?;
        self.drives.retain(|(j, _)| *j != k);
        self.drives.push((k, stimulus));
        Ok(self)
    }

    /// Records these state variables or outputs of every instance.
    pub fn record(&mut self, names: &[&str]) -> Result<&mut Self, Error> {
        let info = self.model.info();
        self.recorded = names
            .iter()
            .map(|n| match (info.state_index(n), info.output_index(n)) {
                (Ok(k), _) => Ok(Recorded::State(k)),
                (_, Ok(k)) => Ok(Recorded::Output(k)),
                (Err(_), Err(_)) => Err(Error::UnknownName {
                    kind: "state variable or output",
                    name: n.to_string(),
                    available: info
                        .states
                        .iter()
                        .chain(info.outputs)
                        .map(|v| v.name.to_string())
                        .collect(),
                }),
            })
            .collect::<Result<_, _>>()?;
        Ok(self)
    }

    /// Records every `k`-th step (k ≥ 1).
    pub fn every(&mut self, k: u64) -> Result<&mut Self, Error> {
        if k == 0 {
            return Err(Error::InvalidTime {
                message: "the record stride must be at least 1 step".into(),
            });
        }
        self.every = k;
        Ok(self)
    }

    /// Runs for `duration_ms` (rounded to whole steps) and returns what was recorded.
    ///
    /// Samples are the state at the start of each recorded step, beginning with the initial
    /// state at t = 0. Stops with [`Error::Diverged`] at the first non-finite state value
    /// ([`Simulation::run_partial`] keeps what was recorded until then).
    pub fn run(&mut self, duration_ms: f64) -> Result<Recording, Error> {
        let run = self.run_partial(duration_ms)?;
        match run.stopped {
            Some(e) => Err(e),
            None => Ok(run.recording),
        }
    }

    /// Runs as [`Simulation::run`], but a run stopped by a non-finite value still returns
    /// what was recorded before it, with the error in [`PartialRun::stopped`]. Errors in the
    /// arguments are returned as `Err`.
    pub fn run_partial(&mut self, duration_ms: f64) -> Result<PartialRun, Error> {
        self.run_watched(duration_ms, &mut |_, _| false)
    }

    /// Runs as [`Simulation::run_partial`], telling `watch(done, total)` (steps of this run)
    /// how far it is at its start, every [`WATCH_STEPS`] steps and at its end — for progress
    /// bars — and stopping where `watch` returns true (e.g. on Ctrl-C), with
    /// [`Error::Interrupted`] in [`PartialRun::stopped`] and what was recorded until then.
    pub fn run_watched(
        &mut self,
        duration_ms: f64,
        watch: &mut dyn FnMut(u64, u64) -> bool,
    ) -> Result<PartialRun, Error> {
        finite(|| "duration".into(), duration_ms)?;
        if duration_ms < 0.0 {
            return Err(Error::InvalidTime {
                message: format!("duration must not be negative, but is {duration_ms} ms"),
            });
        }
        let n_steps = crate::steps::whole_steps(duration_ms, self.dt_ms)?;
        let info = self.model.info();
        let n = self.model.len();
        let samples = (n_steps / self.every + 1) as f64;
        crate::budget::check(
            &format!(
                "recording {} variable(s) of {n} instance(s) for {n_steps} steps",
                self.recorded.len()
            ),
            &[
                ("samples", samples * (self.recorded.len() * n) as f64 * 8.0),
                ("sample times", samples * 8.0),
            ],
        )?;
        let mut rec = Recording {
            model: info.name.to_string(),
            dt_ms: self.dt_ms,
            every: self.every,
            t_ms: Vec::new(),
            names: self
                .recorded
                .iter()
                .map(|r| var_info(info, *r).name.to_string())
                .collect(),
            units: self
                .recorded
                .iter()
                .map(|r| var_info(info, *r).unit.to_string())
                .collect(),
            values: (0..self.recorded.len())
                .map(|_| Samples::zeroed(n, samples as usize))
                .collect(),
            spikes: Vec::new(),
            populations: Vec::new(),
        };
        let mut spikes = Vec::new();
        let mut growth = crate::budget::Growth::new();
        let start = self.step;
        let end = start + n_steps;
        loop {
            let done = self.step - start;
            if done.is_multiple_of(self.every) {
                self.sample(&mut rec);
            }
            if done.is_multiple_of(WATCH_STEPS) {
                let bytes = (rec.spikes.capacity() * std::mem::size_of::<(u32, u64)>()) as f64;
                let what = || {
                    format!(
                        "recording the spikes of {n} `{}` ({} spikes by t = {} ms)",
                        info.name,
                        rec.spikes.len(),
                        self.time_ms()
                    )
                };
                if let Err(e) = growth.check(what, bytes) {
                    return Ok(PartialRun::ended(rec, Some(e)));
                }
            }
            let stop =
                (done.is_multiple_of(WATCH_STEPS) || self.step == end) && watch(done, n_steps);
            if self.step == end {
                break;
            }
            if stop {
                let time_ms = self.time_ms();
                return Ok(PartialRun::ended(rec, Some(Error::Interrupted { time_ms })));
            }
            if let Err(e) = self.one_step(&mut spikes, &mut rec.spikes) {
                return Ok(PartialRun::ended(rec, Some(e)));
            }
        }
        Ok(PartialRun::ended(rec, None))
    }

    /// Takes `steps` steps without recording samples (the inputs driven, the divergence
    /// checked), adding the spikes as (instance, step) to `spikes`: the cheap step of a
    /// loop that reads the state itself between calls.
    pub fn advance(&mut self, steps: u64, spikes: &mut Vec<(u32, u64)>) -> Result<(), Error> {
        let mut buffer = Vec::new();
        for _ in 0..steps {
            self.one_step(&mut buffer, spikes)?;
        }
        Ok(())
    }

    /// One step: the drives applied, the model stepped, its spikes added to `spikes` (through
    /// the scratch `buffer`), the state checked for divergence.
    fn one_step(
        &mut self,
        buffer: &mut Vec<u32>,
        spikes: &mut Vec<(u32, u64)>,
    ) -> Result<(), Error> {
        for (k, s) in &self.drives {
            s.apply(self.step, self.dt_ms, self.model.input_mut(*k));
        }
        buffer.clear();
        self.model.step(self.time_ms(), self.dt_ms, buffer);
        spikes.extend(buffer.iter().map(|&i| (i, self.step)));
        self.step += 1;
        let t = self.time_ms();
        check_finite_after_step(&mut self.model, t)
    }

    fn sample(&self, rec: &mut Recording) {
        let s = rec.t_ms.len();
        rec.t_ms.push(self.time_ms());
        for (values, r) in rec.values.iter_mut().zip(&self.recorded) {
            match *r {
                Recorded::State(k) => {
                    for (i, x) in self.model.state(k).iter().enumerate() {
                        values.set(i, s, *x);
                    }
                }
                Recorded::Output(k) => {
                    for i in 0..self.model.len() {
                        values.set(i, s, self.model.output(k, i));
                    }
                }
            }
        }
    }
}

/// What a run recorded, and the error that stopped it before its end, if one did.
#[derive(Debug)]
pub struct PartialRun {
    /// The samples and spikes up to the end, or up to the step that stopped the run.
    pub recording: Recording,
    /// Why the run stopped early ([`Error::Diverged`]), or `None` if it ran to its end.
    pub stopped: Option<Error>,
}

impl PartialRun {
    /// The run ended (at its end, or stopped by `stopped`): the samples cut to those taken.
    fn ended(mut recording: Recording, stopped: Option<Error>) -> PartialRun {
        let taken = recording.t_ms.len();
        for values in &mut recording.values {
            values.keep_samples(taken);
        }
        PartialRun { recording, stopped }
    }
}

fn var_info(info: &ModelInfo, r: Recorded) -> &VarInfo {
    match r {
        Recorded::State(k) => &info.states[k],
        Recorded::Output(k) => &info.outputs[k],
    }
}
