//! Networks that differ only in parameter values — the members of a parameter sweep —
//! stepped together so that what they share is read once for all of them.
//!
//! At each step, for every rate projection that every member has with the same weights and
//! delays (and a linear, static coupling), the sums Σ_i w_ji x_i of all members are computed
//! in one pass over the weights: a dense matrix is read once per four members (the product
//! becomes a matrix–matrix product), a sparse or delayed one once per step, the members'
//! values of each source (and, with delays, their histories) side by side so that the
//! members' terms of one edge are adjacent in memory. Each member then
//! takes its own step, finishing those sums with its own coupling (its own k, say). A member's
//! sums are the ones its own step would compute, term for term in the same order, so every
//! member runs exactly as it would alone, bit for bit — whatever the batch it is part of.

use std::fmt;

use super::Network;
use super::rate::{BatchScratch, RateProjection};
use super::watched::{Watched, watched_run};
use crate::delay_line::DelayLine;
use crate::error::Error;

/// Networks built from one description with different parameter values, stepped together
/// (see the module). Members keep everything of their own (states, monitors, spikes, seeds);
/// only the work on weights they have in common is shared.
pub struct NetworkBatch {
    members: Vec<Network>,
    /// Indices of the rate projections whose sums are computed for all members at once,
    /// with the members' delay histories woven into one (if the projection has delays).
    shared: Vec<(usize, Option<DelayLine>)>,
    scratch: BatchScratch,
    sums: Vec<f64>,
}

/// Why a batch stopped: the member that stopped it (`None`: the whole batch, e.g. when
/// interrupted) and the error.
#[derive(Debug)]
pub struct BatchStop {
    /// Position of the member in the batch, if one member stopped it.
    pub member: Option<usize>,
    /// What stopped it.
    pub error: Error,
}

impl fmt::Display for BatchStop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.member {
            Some(b) => write!(f, "member {b} of the batch: {}", self.error),
            None => write!(f, "{}", self.error),
        }
    }
}

impl std::error::Error for BatchStop {}

impl NetworkBatch {
    /// Steps `members` together. They must have the same step length and have taken the
    /// same number of steps; rate projections they have alike (same populations, weights
    /// and delays, linear static couplings) are shared, anything else is stepped by each
    /// member on its own.
    pub fn new(members: Vec<Network>) -> Result<NetworkBatch, Error> {
        let Some(first) = members.first() else {
            return Err(Error::WrongSize {
                what: "members of a network batch".into(),
                expected: 1,
                got: 0,
            });
        };
        if let Some((b, m)) = members
            .iter()
            .enumerate()
            .find(|(_, m)| m.dt_ms != first.dt_ms || m.step != first.step)
        {
            return Err(Error::Incompatible {
                what: "network batch".into(),
                message: format!(
                    "member {b} is at step {} of {} ms, member 0 at step {} of {} ms; members step together",
                    m.step, m.dt_ms, first.step, first.dt_ms
                ),
            });
        }
        let sizes = |m: &Network| m.pops.iter().map(|p| p.model.len()).collect::<Vec<_>>();
        let shaped_alike = members.iter().all(|m| {
            sizes(m) == sizes(first) && m.rate_projections.len() == first.rate_projections.len()
        });
        let alike = |p: usize| {
            let proj = &first.rate_projections[p];
            proj.sums_batchable()
                && !first.is_asynchronous(proj.target)
                && members.iter().all(|m| {
                    let other = &m.rate_projections[p];
                    other.sums_batchable() && proj.same_weights(other)
                })
        };
        let mut shared = Vec::new();
        if shaped_alike && members.len() > 1 {
            for p in (0..first.rate_projections.len()).filter(|&p| alike(p)) {
                let projections: Vec<&RateProjection> =
                    members.iter().map(|m| &m.rate_projections[p]).collect();
                shared.push((p, RateProjection::woven_history(&projections)?));
            }
        }
        Ok(NetworkBatch {
            members,
            shared,
            scratch: BatchScratch::default(),
            sums: Vec::new(),
        })
    }

    /// The members, in the order given.
    pub fn members(&self) -> &[Network] {
        &self.members
    }

    /// The members, to read their recordings.
    pub fn into_members(self) -> Vec<Network> {
        self.members
    }

    /// The names of the rate projections whose sums the members share.
    pub fn shared_projections(&self) -> Vec<&str> {
        self.shared
            .iter()
            .map(|(p, _)| self.members[0].rate_projections[*p].name.as_str())
            .collect()
    }

    /// Every member takes one step (see the module). When a member's step fails, the
    /// members before it have taken the step and those after it have not.
    pub fn step(&mut self) -> Result<(), BatchStop> {
        let step = self.members[0].step;
        for (p, woven) in &mut self.shared {
            let p = *p;
            let targets = self.members[0].rate_projections[p].targets();
            for m in &mut self.members {
                let proj = &mut m.rate_projections[p];
                let source = &m.pops[proj.source].model;
                proj.record_source(step, source.state(proj.source_state()));
            }
            let xs = self.members.iter().map(|m| {
                let proj = &m.rate_projections[p];
                m.pops[proj.source].model.state(proj.source_state())
            });
            self.sums.resize(targets * self.members.len(), 0.0);
            self.members[0].rate_projections[p].batch_sums(
                xs,
                (step, woven.as_mut()),
                &mut self.scratch,
                &mut self.sums,
            );
            for (m, sums) in self.members.iter_mut().zip(self.sums.chunks_exact(targets)) {
                m.rate_projections[p].give_sums(sums);
            }
        }
        for b in 0..self.members.len() {
            if let Err(error) = self.members[b].step() {
                // The members after it keep no sums they did not use: each can go on alone.
                for m in &mut self.members[b + 1..] {
                    for (p, _) in &self.shared {
                        m.rate_projections[*p].withdraw_sums();
                    }
                }
                return Err(BatchStop {
                    member: Some(b),
                    error,
                });
            }
        }
        Ok(())
    }

    /// Takes `steps` steps, telling `watch(done, steps)` how far it is and stopping where it
    /// returns true, as [`Network::run_watched`] does; a member's error, or its spike
    /// records outgrowing the memory budget, stops the batch naming the member. The
    /// monitors' budget is the caller's to check ([`Network::check_monitor_budget`] of each
    /// member).
    pub fn run_watched(
        &mut self,
        steps: u64,
        watch: &mut dyn FnMut(u64, u64) -> bool,
    ) -> Result<(), BatchStop> {
        watched_run(self, steps, watch)
    }
}

impl Watched for NetworkBatch {
    type Stop = BatchStop;

    fn take_steps(&mut self, count: u64) -> Result<(), BatchStop> {
        (0..count).try_for_each(|_| self.step())
    }

    fn check_spike_budget(&mut self) -> Result<(), BatchStop> {
        for (b, m) in self.members.iter_mut().enumerate() {
            m.check_spike_budget().map_err(|error| BatchStop {
                member: Some(b),
                error,
            })?;
        }
        Ok(())
    }

    fn interrupted(&self) -> BatchStop {
        BatchStop {
            member: None,
            error: Error::Interrupted {
                time_ms: self.members[0].t_ms(),
            },
        }
    }
}
