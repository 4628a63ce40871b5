//! A network split over ranks ([`crate::distributed`]): each rank steps its share of every
//! population and delivers the spikes of every rank once per window.
//!
//! One step on a rank is the step of the module documentation with phase 4 cut in two: the
//! spikes of populations are noted, and in the last step of a window every rank's are
//! gathered and sent on their way (`Projection::enqueue`) step by step, in the order of one
//! process; then the spikes that arrive in this step are added (`Projection::arrive`).
//! Spike sources (generators, Poisson sources) are drawn whole on every rank and delivered
//! at once. A window is one step more than the smallest delay, in steps, of any projection
//! from a population: a spike of a window's first step arrives in its last step at the
//! earliest. A delay of 0 steps (a spike reaches its targets after the step that emitted
//! it, NEST's minimum delay of one step) makes a window of one step: an exchange per step.
//!
//! A rank whose step fails takes part in the next exchange with its error, and every other
//! rank then stops with [`Error::RankFailed`]: no rank is left waiting.

use std::borrow::Cow;
use std::ops::Range;
use std::time::Instant;

use super::{MonitorId, Network, Population, PopulationId, SourceId, SpikeRecord, StateMonitor};
use crate::distributed::{Share, decode_text, encode_text, local_range};
use crate::error::Error;

/// Steps between exchanges when no projection starts at a population (spike records and
/// failures are still exchanged).
const LONGEST_WINDOW: u64 = 1000;

/// What one rank keeps for the exchange.
pub(super) struct Split {
    share: Share,
    /// Steps per window, fixed at the first step.
    window: Option<u64>,
    /// Each step since the last exchange.
    steps: Vec<u64>,
    /// The words of the next exchange, written as the spikes come: a status (0: this rank
    /// is well), the number of steps, then each spike as (neuron numbered across the
    /// network, step in the window). Kept from one exchange to the next.
    words: Vec<u32>,
    /// This rank has told the others it failed (it exchanges no more).
    announced: bool,
    stats: ExchangeStats,
}

/// Where a rank's time went and what its exchanges cost, so far.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ExchangeStats {
    /// Exchanges made.
    pub exchanges: u64,
    /// Bytes this rank sent.
    pub bytes_sent: u64,
    /// Bytes this rank received (its own included).
    pub bytes_received: u64,
    /// Seconds spent in the all-gathers of the exchanges (waiting for the other ranks
    /// included).
    pub seconds: f64,
    /// Seconds spent assembling inputs, stepping this rank's neurons, adding their Poisson
    /// inputs and checking their state.
    pub update_seconds: f64,
    /// Seconds spent delivering spikes: sending them on their way and adding arrivals.
    pub delivery_seconds: f64,
}

impl Split {
    pub fn new(share: Share) -> Split {
        Split {
            share,
            window: None,
            steps: Vec::new(),
            words: vec![0, 0],
            announced: false,
            stats: ExchangeStats::default(),
        }
    }
}

impl Network {
    /// This process's share of the network: the whole network unless it was built with
    /// [`Network::with_share`].
    pub fn share(&self) -> Share {
        self.split
            .as_ref()
            .map_or_else(Share::whole, |s| s.share.clone())
    }

    /// The neurons of population `p` this rank holds, as indices of the whole population.
    pub fn local_neurons(&self, p: PopulationId) -> Result<Range<usize>, Error> {
        let pop = self.pop(p)?;
        Ok(pop.first..pop.first + pop.model.len())
    }

    /// Neurons in population `p` of the whole network (on a rank of a split network, more
    /// than its model holds).
    pub fn population_len(&self, p: PopulationId) -> Result<usize, Error> {
        Ok(self.pop(p)?.whole)
    }

    /// What this rank's spike exchanges have cost (zeros unless split).
    pub fn exchange_stats(&self) -> ExchangeStats {
        self.split
            .as_ref()
            .map_or_else(ExchangeStats::default, |s| s.stats)
    }

    /// The steps between exchanges of a split network: one more than the smallest delay in
    /// steps of a projection from a population (`None` before its first step or when the
    /// network is not split).
    pub fn exchange_window(&self) -> Option<u64> {
        self.split.as_ref().and_then(|s| s.window)
    }

    /// The neurons of a population of `n` this process holds.
    pub(super) fn local_range(&self, n: usize) -> Range<usize> {
        match &self.split {
            Some(s) => local_range(n, s.share.rank(), s.share.ranks()),
            None => 0..n,
        }
    }

    /// One step of a split network (see the module documentation).
    pub(super) fn split_step(&mut self) -> Result<(), Error> {
        let result = self.window().and_then(|window| self.local_step(window));
        if let Err(e) = &result {
            self.announce(e);
        }
        result
    }

    /// Sends what is pending (at the end of a run, so that a checkpoint or a record finds
    /// nothing in flight); a failure is told to the other ranks instead.
    pub(super) fn settle<T>(&mut self, result: Result<T, Error>) -> Result<T, Error> {
        let Some(split) = &self.split else {
            return result;
        };
        match result {
            Err(e) if split.announced => Err(e),
            Err(e) => {
                self.announce(&e);
                Err(e)
            }
            Ok(value) => {
                if !split.steps.is_empty() {
                    self.exchange()?;
                }
                Ok(value)
            }
        }
    }

    /// An error unless every spike has been exchanged (true between runs).
    pub(super) fn check_settled(&self) -> Result<(), Error> {
        match &self.split {
            Some(s) if !s.steps.is_empty() => Err(Error::Incompatible {
                what: "checkpoint".into(),
                message: "spikes of a split network are still to be exchanged: checkpoint between runs, not after single steps".into(),
            }),
            _ => Ok(()),
        }
    }

    /// Forgets spikes not yet exchanged (a restored checkpoint has none in flight).
    pub(super) fn drop_pending(&mut self) {
        if let Some(s) = &mut self.split {
            s.steps.clear();
            s.words.truncate(2);
        }
    }

    /// Called at the start of a run: a run after a failure starts afresh.
    pub(super) fn reset_announcement(&mut self) {
        if let Some(s) = &mut self.split {
            s.announced = false;
        }
    }

    /// The window, found at the first step: one step more than the smallest delay of a
    /// projection from a population; parts that cannot be split are refused when there is
    /// more than one rank.
    fn window(&mut self) -> Result<u64, Error> {
        if let Some(w) = self.exchange_window() {
            return Ok(w);
        }
        self.check_splittable()?;
        let window = self
            .projections
            .iter()
            .filter(|(source, _)| matches!(source, SourceId::Population(_)))
            .map(|(_, proj)| proj.min_delay_steps().saturating_add(1))
            .fold(LONGEST_WINDOW, u64::min);
        // Per-synapse delays differ between ranks' synapses: the window is the smallest.
        let all = self.share().all_gather(&[window as u32]);
        let window = all
            .iter()
            .filter_map(|w| w.first())
            .map(|&w| u64::from(w))
            .min();
        let window = window.unwrap_or(1);
        if let Some(s) = &mut self.split {
            s.window = Some(window);
        }
        Ok(window)
    }

    /// An error saying that `what` cannot be split over ranks because `why`, when this
    /// network is split (over two ranks or more: [`Network::with_share`]).
    pub(super) fn refuse_if_spread(&self, what: String, why: &str) -> Result<(), Error> {
        if self.split.is_none() {
            return Ok(());
        }
        Err(Error::Unsplittable {
            what,
            why: why.to_string(),
        })
    }

    /// [`Error::Unsplittable`] for what reads neurons of other ranks within a step, when the
    /// network is split (the first step checks it; rate projections are refused as they
    /// are added).
    pub fn check_splittable(&self) -> Result<(), Error> {
        let refuse = |what: String, why: &str| self.refuse_if_spread(what, why);
        if let Some(k) = (0..self.pops.len()).find(|&k| self.is_asynchronous(k)) {
            refuse(
                format!("population `{}`", self.pops[k].name),
                "its neurons update one at a time, each reading the others",
            )?;
        }
        if !self.signals.is_empty() {
            refuse(
                "network signals".into(),
                "they are computed from every neuron each step",
            )?;
        }
        Ok(())
    }

    /// The phases of one step on this rank: population spikes are noted, and exchanged in
    /// the last step of a window of `window` steps before the arrivals are added.
    fn local_step(&mut self, window: u64) -> Result<(), Error> {
        self.sample_monitors();
        let (t, dt, n) = (self.t_ms(), self.dt_ms, self.step);
        let started = Instant::now();
        self.update_signals(n, dt);
        self.assemble_inputs(t, dt, n);
        self.step_populations(t, dt)?;
        let updated = Instant::now();
        self.record_population_spikes(n);
        self.emit_source_spikes(n, dt);
        if let Some(split) = &mut self.split {
            let offset = split.steps.len() as u32;
            let mut start = 0u32;
            for (spikes, pop) in self.spikes.iter().zip(&self.pops) {
                let first = start + pop.first as u32;
                split
                    .words
                    .extend(spikes.iter().flat_map(|&i| [first + i, offset]));
                start += pop.whole as u32;
            }
            split.steps.push(n);
            if split.steps.len() as u64 >= window {
                self.exchange()?;
            }
        }
        let delivering = Instant::now();
        for (source, proj) in &mut self.projections {
            let target = &mut *self.pops[proj.target].model;
            match *source {
                SourceId::Population(_) => proj.arrive(n, target),
                SourceId::Generator(i) => proj.deliver(n, &self.generator_spikes[i], target),
                SourceId::Poisson(i) => proj.deliver(n, &self.poisson_spikes[i], target),
            }
        }
        for (_, proj) in &mut self.projections {
            proj.post_spikes(n, &self.spikes[proj.target]);
        }
        let delivered = Instant::now();
        self.add_poisson_inputs(n, dt);
        self.step += 1;
        let checked = self.check_finite(self.t_ms());
        if let Some(split) = &mut self.split {
            let inputs = delivered.elapsed();
            split.stats.update_seconds += (updated - started + inputs).as_secs_f64();
            split.stats.delivery_seconds += (delivered - delivering).as_secs_f64();
        }
        checked
    }

    /// Tells the other ranks that this one failed with `e` (its part of their next exchange).
    fn announce(&mut self, e: &Error) {
        let Some(split) = &mut self.split else {
            return;
        };
        if split.announced || split.share.is_whole() {
            return;
        }
        split.announced = true;
        let words: Vec<u32> = std::iter::once(1)
            .chain(encode_text(&e.to_string()))
            .collect();
        split.share.all_gather(&words);
    }

    /// Gathers every rank's pending spikes and sends them on their way, step by step.
    fn exchange(&mut self) -> Result<(), Error> {
        let Some(split) = &mut self.split else {
            return Ok(());
        };
        let steps = std::mem::take(&mut split.steps);
        split.words[1] = steps.len() as u32;
        let started = Instant::now();
        let all = split.share.all_gather(&split.words);
        let stats = &mut split.stats;
        stats.exchanges += 1;
        stats.bytes_sent += 4 * split.words.len() as u64;
        split.words.truncate(2);
        stats.bytes_received += 4 * all.iter().map(Vec::len).sum::<usize>() as u64;
        stats.seconds += started.elapsed().as_secs_f64();
        if let Some(rank) = all.iter().position(|w| w.first() != Some(&0)) {
            split.announced = true;
            return Err(Error::RankFailed {
                rank,
                message: decode_text(all[rank].get(1..).unwrap_or(&[])),
            });
        }
        if all.iter().any(|w| w.get(1) != Some(&(steps.len() as u32))) {
            return Err(out_of_step());
        }
        let delivering = Instant::now();
        let starts = population_starts(&self.pops);
        let mut cursors = vec![2; all.len()];
        for (offset, step) in steps.iter().enumerate() {
            let spikes = merge_step(&all, &mut cursors, (offset as u32, &starts))?;
            for (source, proj) in &mut self.projections {
                if let SourceId::Population(i) = *source {
                    proj.enqueue(*step, &spikes[i]);
                }
            }
        }
        if cursors
            .iter()
            .zip(&all)
            .any(|(&at, words)| at != words.len())
        {
            return Err(out_of_step());
        }
        if let Some(split) = &mut self.split {
            split.stats.delivery_seconds += delivering.elapsed().as_secs_f64();
        }
        Ok(())
    }

    /// The spikes of population `k` recorded on every rank, in time order then neuron order
    /// (a collective call when the network is split over ranks).
    pub(super) fn gathered_spikes(&self, k: usize) -> Cow<'_, SpikeRecord> {
        static EMPTY: SpikeRecord = SpikeRecord::new();
        let mine = self.spike_records[k].as_ref().unwrap_or(&EMPTY);
        let Some(split) = &self.split else {
            return Cow::Borrowed(mine);
        };
        let mut words = Vec::with_capacity(3 * mine.len());
        for (&s, &i) in mine.steps.iter().zip(&mine.neurons) {
            words.extend_from_slice(&[s as u32, (s >> 32) as u32, i]);
        }
        let all = split.share.all_gather(&words);
        let mut merged: Vec<(u64, u32)> = all
            .iter()
            .flat_map(|w| w.chunks_exact(3))
            .map(|c| (u64::from(c[0]) | (u64::from(c[1]) << 32), c[2]))
            .collect();
        merged.sort_unstable();
        Cow::Owned(SpikeRecord {
            steps: merged.iter().map(|&(s, _)| s).collect(),
            neurons: merged.iter().map(|&(_, i)| i).collect(),
        })
    }

    /// State monitor `m` with the samples of every rank (a collective call when the network
    /// is split over ranks).
    pub(super) fn gathered_monitor(&self, m: MonitorId) -> Result<Cow<'_, StateMonitor>, Error> {
        let mine = self.monitor(m)?;
        let Some(split) = &self.split else {
            return Ok(Cow::Borrowed(mine));
        };
        let words: Vec<u32> = mine
            .values
            .iter()
            .flatten()
            .flat_map(|x| {
                let b = x.to_bits();
                [b as u32, (b >> 32) as u32]
            })
            .collect();
        let all = split.share.all_gather(&words);
        let pop = &self.pops[mine.population];
        let ranks = split.share.ranks();
        let owner = |i: usize| {
            (0..ranks)
                .find(|&r| local_range(pop.whole, r, ranks).contains(&i))
                .unwrap_or(0)
        };
        let owners: Vec<usize> = mine.neurons.iter().map(|&i| owner(i)).collect();
        let mut cursors = vec![0usize; ranks];
        let mut whole = mine.clone();
        whole.held = None;
        for row in &mut whole.values {
            *row = owners
                .iter()
                .map(|&r| {
                    let c = &mut cursors[r];
                    let w = &all[r][*c..*c + 2];
                    *c += 2;
                    f64::from_bits(u64::from(w[0]) | (u64::from(w[1]) << 32))
                })
                .collect();
        }
        Ok(Cow::Owned(whole))
    }
}

/// Where each population starts in the numbering across the network (whole populations,
/// in order).
fn population_starts(pops: &[Population]) -> Vec<u32> {
    let mut next = 0u32;
    pops.iter()
        .map(|p| {
            let start = next;
            next += p.whole as u32;
            start
        })
        .collect()
}

/// The spikes of step `offset` of the window of every population (numbered in the
/// population, `starts` as [`population_starts`]) from every rank's exchange words (read at
/// `cursors`, advanced): each population's spikes of rank 0, then rank 1, … — ascending, as
/// one process lists them.
fn merge_step(
    all: &[Vec<u32>],
    cursors: &mut [usize],
    (offset, starts): (u32, &[u32]),
) -> Result<Vec<Vec<u32>>, Error> {
    let mut spikes = vec![Vec::new(); starts.len()];
    for (words, at) in all.iter().zip(cursors.iter_mut()) {
        while let Some(&[neuron, step]) = words.get(*at..*at + 2) {
            if step != offset {
                break;
            }
            let k = starts.partition_point(|&s| s <= neuron).saturating_sub(1);
            let pop = spikes.get_mut(k).ok_or_else(out_of_step)?;
            pop.push(neuron - starts[k]);
            *at += 2;
        }
    }
    Ok(spikes)
}

fn out_of_step() -> Error {
    Error::Incompatible {
        what: "spike exchange".into(),
        message: "the ranks sent different numbers of steps or populations: they do not run the same network".into(),
    }
}
