//! Rate projections of a [`Network`] beyond [`Network::couple`]: neural-field projections,
//! the registration every rate projection goes through, and reading the weights and rule
//! states a projection holds.

use super::connections::Connections;
use super::monitors::StateMonitor;
use super::rate::{RateEnds, RateProjection};
use super::{MonitorId, Network, PopulationId};
use crate::coupling::Coupling;
use crate::error::Error;
use crate::field::FieldKernel;
use crate::patterns::{HebbianPatterns, Patterns};
use crate::precision::Precision;

impl Network {
    /// Checks the ends and the name, builds the projection by `build` from its ends and
    /// routes it into the target's input.
    pub(super) fn add_rate_projection(
        &mut self,
        name: &str,
        (source, var): (PopulationId, &str),
        (target, input): (PopulationId, &str),
        build: impl FnOnce(RateEnds) -> Result<RateProjection, Error>,
    ) -> Result<(), Error> {
        let k = self.pop(target)?.model.info().input_index(input)?;
        self.pop(source)?;
        self.check_new_projection(name)?;
        self.refuse_if_spread(
            format!("rate projection `{name}`"),
            "it reads its source's state every step",
        )?;
        let ends = RateEnds {
            source: (source.0, &*self.pops[source.0].model, var),
            target: (target.0, &*self.pops[target.0].model),
        };
        let mut proj = build(ends)?;
        proj.slot = self.manage(target, k);
        let (threads, precision) = self.product;
        if (threads, precision) != (1, Precision::F64) {
            proj.set_product(threads, precision);
        }
        self.rate_projections.push(proj);
        Ok(())
    }

    /// Couples state `var` of population `source` into input `input` of population
    /// `target` as a neural field: both populations are the grid of `kernel` (a ring or a
    /// torus, points in its order), and at the start of each step target point j receives
    /// node(Σ_i K[j − i] · edge(x_i)), the field integral ∫ w(x_j − x′) edge(x(x′)) dx′ as
    /// a circular convolution by FFT (see [`crate::field`]). The coupling's edge term may
    /// not read `post` (e.g. `edge { heaviside(pre - theta) }`).
    pub fn couple_field(
        &mut self,
        name: &str,
        (source, var): (PopulationId, &str),
        (target, input): (PopulationId, &str),
        coupling: impl Coupling + Send + 'static,
        kernel: &FieldKernel,
    ) -> Result<(), Error> {
        self.add_rate_projection(name, (source, var), (target, input), |ends| {
            RateProjection::field(name, ends, Box::new(coupling), kernel)
        })
    }

    /// Couples state `var` of population `source` into input `input` of population `target`
    /// through Hebbian weights made from stored patterns, w_ji = c Σ_μ (ξ_j^μ − b)(ξ_i^μ − a)
    /// (an associative memory, see [`crate::patterns`]): both populations have one unit per
    /// pattern value, and the weights are kept as the patterns (O(N·P), not N²). The
    /// coupling must be linear in `pre` and static (e.g. `edge { pre }`). When the target
    /// is also the source and steps asynchronously, each unit's turn sees the changes of the
    /// units before it.
    pub fn couple_patterns(
        &mut self,
        name: &str,
        (source, var): (PopulationId, &str),
        (target, input): (PopulationId, &str),
        coupling: impl Coupling + Send + 'static,
        (patterns, rule): (&Patterns, HebbianPatterns),
    ) -> Result<(), Error> {
        self.add_rate_projection(name, (source, var), (target, input), |ends| {
            RateProjection::patterns(name, ends, Box::new(coupling), (patterns, rule))
        })
    }

    /// The overlap m^μ of the source's current state with every stored pattern of pattern
    /// projection `name` (1 when the state is the pattern; see [`crate::patterns`]).
    pub fn pattern_overlaps(&self, name: &str) -> Result<Vec<f64>, Error> {
        let proj = self.rate_projection(name)?;
        let (patterns, rule) = proj.pattern_source().ok_or_else(|| not_patterns(name))?;
        let source = &*self.pops[proj.source].model;
        Ok(patterns.overlaps(rule.a, source.state(proj.source_state())))
    }

    /// The energy E = −½ Σ_ij w_ij x_i x_j of pattern projection `name` for the source's
    /// current state (it never increases under asynchronous deterministic updates of a
    /// symmetric rule, a = b).
    pub fn pattern_energy(&self, name: &str) -> Result<f64, Error> {
        let proj = self.rate_projection(name)?;
        let source = &*self.pops[proj.source].model;
        proj.pattern_energy(source)
            .ok_or_else(|| not_patterns(name))
    }

    /// Records what rate projection `name` observes every `every` steps, as a state monitor
    /// (its samples one column per value, named `name.what` in recordings): `what` is the
    /// weight of a plastic coupling (by its name, e.g. `w`: every weight, sorted by target
    /// then source), or `overlap` (one column per pattern) or `energy` of a pattern
    /// projection.
    pub fn record_projection(
        &mut self,
        name: &str,
        what: &str,
        every: u64,
    ) -> Result<MonitorId, Error> {
        let r = self.rate_projection_index(name)?;
        if every == 0 {
            return Err(Error::InvalidTime {
                message: "the record stride must be at least 1 step".into(),
            });
        }
        let proj = &self.rate_projections[r];
        let (observed, columns) =
            proj.observable(what)
                .map_err(|available| Error::UnknownName {
                    kind: "observable of this rate projection",
                    name: what.to_string(),
                    available,
                })?;
        let mut monitor = StateMonitor::new(proj.source, what, 0, (0..columns).collect(), every);
        monitor.projection = Some((r, observed));
        self.monitors.push(monitor);
        Ok(MonitorId(self.monitors.len() - 1))
    }

    /// The current weights of rate projection `name`, sorted by target then source (they
    /// change during the run when its coupling is plastic); a field projection has a kernel
    /// instead, and is refused.
    pub fn rate_weights(&self, name: &str) -> Result<Connections, Error> {
        let proj = self.rate_projection(name)?;
        if proj.is_field() {
            return Err(Error::Incompatible {
                what: format!("rate projection `{name}`"),
                message: "it is a field: its weights are the kernel it was built with".into(),
            });
        }
        Ok(proj.weights())
    }

    /// Rule state `var` of the plastic rate projection `name` (e.g. BCM's sliding
    /// threshold), one value per target.
    pub fn rate_rule_state(&self, name: &str, var: &str) -> Result<Vec<f64>, Error> {
        self.rate_projection(name)?.rule_state(var)
    }

    fn rate_projection(&self, name: &str) -> Result<&RateProjection, Error> {
        Ok(&self.rate_projections[self.rate_projection_index(name)?])
    }

    fn rate_projection_index(&self, name: &str) -> Result<usize, Error> {
        let found = self.rate_projections.iter().position(|p| p.name == name);
        found.ok_or_else(|| Error::UnknownName {
            kind: "rate projection",
            name: name.to_string(),
            available: self
                .rate_projections
                .iter()
                .map(|p| p.name.clone())
                .collect(),
        })
    }
}

/// The error for a projection that has no stored patterns.
fn not_patterns(name: &str) -> Error {
    Error::Incompatible {
        what: format!("rate projection `{name}`"),
        message: "it has no stored patterns (see `Network::couple_patterns`)".into(),
    }
}
