//! Where a plastic synapse keeps each per-synapse variable. A trace that only presynaptic
//! spikes change, each time to a value computed from itself and parameters alone, has the
//! same value on every synapse of a source neuron: it is kept once per source (as NEST's and
//! Auryn's presynaptic traces are); likewise once per target for the postsynaptic side.
//! Everything else — traces that read the weight or other variables, and every variable of
//! a synapse with continuous dynamics — is kept per synapse.

use super::{Expr, PlasticStmt, PlasticTarget, Plasticity, Var};

/// Where per-synapse variable k of a plastic synapse is stored.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum TraceScope {
    /// One value per synapse.
    Synapse,
    /// One value per presynaptic (source) neuron, shared by its synapses.
    Pre,
    /// One value per postsynaptic (target) neuron, shared by the synapses onto it.
    Post,
}

/// True if `e` reads nothing that differs between the synapses of one event: only trace
/// `k` itself, parameters, numbers, the time and the step.
fn reads_only_itself(e: &Expr, k: usize) -> bool {
    let mut stack = vec![e];
    while let Some(e) = stack.pop() {
        match e {
            Expr::Var(Var::Trace(j)) if *j == k => {}
            Expr::Var(Var::Param(_) | Var::Time | Var::Dt) => {}
            Expr::Var(_) | Expr::Delayed(..) => return false,
            other => stack.extend(other.children()),
        }
    }
    true
}

/// True if `own` sets trace k, each time from itself and parameters, and `other` never sets it.
fn kept_by(own: &[PlasticStmt], other: &[PlasticStmt], k: usize) -> bool {
    let sets = |s: &&PlasticStmt| s.target == PlasticTarget::Trace(k);
    own.iter().any(|s| sets(&s))
        && own
            .iter()
            .filter(sets)
            .all(|s| reads_only_itself(&s.value, k))
        && !other.iter().any(|s| sets(&s))
}

impl Plasticity {
    /// Where per-synapse variable k (traces, then continuous variables) is stored.
    pub fn scope(&self, k: usize) -> TraceScope {
        if k >= self.traces.len() || self.is_continuous() {
            TraceScope::Synapse
        } else if kept_by(&self.on_pre, &self.on_post, k) {
            TraceScope::Pre
        } else if kept_by(&self.on_post, &self.on_pre, k) {
            TraceScope::Post
        } else {
            TraceScope::Synapse
        }
    }

    /// For every per-synapse variable in order: its scope and its index among the variables
    /// of that scope (the layout of the per-synapse, per-source and per-target stores).
    pub fn layout(&self) -> Vec<(TraceScope, usize)> {
        let mut counts = [0usize; 3];
        (0..self.traces.len() + self.continuous.len())
            .map(|k| {
                let scope = self.scope(k);
                let slot = &mut counts[scope as usize];
                *slot += 1;
                (scope, *slot - 1)
            })
            .collect()
    }

    /// How many per-synapse variables each scope holds: (synapse, pre, post).
    pub fn scope_counts(&self) -> (usize, usize, usize) {
        let layout = self.layout();
        let count = |s| layout.iter().filter(|(scope, _)| *scope == s).count();
        (
            count(TraceScope::Synapse),
            count(TraceScope::Pre),
            count(TraceScope::Post),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::TraceScope::{self, Post, Pre, Synapse};
    use crate::ir::Item;

    /// The scopes of the traces `a` and `b` of a synapse whose events are `events`, with
    /// `extra` sections and equations.
    fn scopes(events: &str, (extra, extra_equations): (&str, &str)) -> Vec<TraceScope> {
        let text = format!(
            "synapse S {{
                parameters {{ tau = 20 ms, A = 0.01 }}
                weight w: 1 = 0.5
                traces {{ a = 0, b = 0 }}
                {extra}
                equations {{ da/dt = -a/tau  db/dt = -b/tau  {extra_equations} }}
                {events}
            }}"
        );
        let items = crate::compile_items(&text).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
        let Item::Synapse(s) = &items[0] else {
            panic!("a synapse")
        };
        let p = s.plasticity.as_ref().unwrap();
        (0..p.traces.len()).map(|k| p.scope(k)).collect()
    }

    #[test]
    fn traces_changed_from_themselves_by_one_side_are_shared() {
        let events = "on_pre { a += A; w += b } on_post { b = b*0.5 + A; w -= a }";
        assert_eq!(scopes(events, ("", "")), [Pre, Post]);
    }

    #[test]
    fn traces_that_read_other_variables_or_both_sides_are_per_synapse() {
        let reads_weight = "on_pre { a += w } on_post { b += A }";
        assert_eq!(scopes(reads_weight, ("", "")), [Synapse, Post]);
        let reads_other = "on_pre { a += b } on_post { b += A }";
        assert_eq!(scopes(reads_other, ("", "")), [Synapse, Post]);
        let both_sides = "on_pre { a += A } on_post { a += A; b += A }";
        assert_eq!(scopes(both_sides, ("", "")), [Synapse, Post]);
        let never_set = "on_pre { w += a } on_post { b += A }";
        assert_eq!(scopes(never_set, ("", "")), [Synapse, Post]);
    }

    #[test]
    fn every_variable_of_a_synapse_with_continuous_dynamics_is_per_synapse() {
        let events = "on_pre { a += A } on_post { b += A }";
        let continuous = ("continuous { c = 0 }", "dc/dt = -c/tau");
        assert_eq!(scopes(events, continuous), [Synapse, Synapse]);
        let weight_equation = ("", "dw/dt = -w/tau");
        assert_eq!(scopes(events, weight_equation), [Synapse, Synapse]);
    }
}
