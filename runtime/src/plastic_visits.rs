//! What one spike does to the synapses of a plastic projection: a presynaptic spike visits
//! its source's row, a postsynaptic spike the column of synapses onto its target. The
//! variables a visit reads live in three stores — per synapse, per source neuron and per
//! target neuron ([`TraceScope`]) — and are handed over as slices. Generated synapses read
//! the stores directly in one loop; the visits here gather one array of variables per
//! synapse for a function of one synapse (the interpreter's path).

use crate::synapse::SynapseInfo;

/// Where a per-synapse variable of a plastic synapse is kept.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum TraceScope {
    /// One value per synapse.
    Synapse,
    /// One value per source neuron, shared by its synapses (changed only by presynaptic
    /// spikes, from itself and parameters).
    Pre,
    /// One value per target neuron, shared by the synapses onto it (changed only by
    /// postsynaptic spikes, from itself and parameters).
    Post,
}

/// A presynaptic spike's visit of its source's row. Strides: `own` holds `K_s` values per
/// synapse (the synapse-scoped traces, then the continuous variables), `post` `K_post` per
/// target neuron.
#[derive(Debug)]
pub struct PreRow<'a> {
    /// The row's weights, in order.
    pub weights: &'a mut [f64],
    /// The row's target neurons.
    pub targets: &'a [u32],
    /// The row's per-synapse variables.
    pub own: &'a mut [f64],
    /// The source's per-source traces (set to their new values).
    pub source: &'a mut [f64],
    /// Every target's per-target traces (read only; those of this row's targets are up to
    /// date).
    pub post: &'a [f64],
    /// Summed state of the projection, variable k of target j at `k·n + j`.
    pub summed: &'a mut [f64],
    /// Number of target neurons.
    pub n: usize,
    /// Increments of the target's `post` variable m by synapse s of the row, at
    /// `m·len + s` (zero on entry).
    pub post_inc: &'a mut [f64],
    /// The values of the signals the synapse reads, in its order.
    pub signals: &'a [f64],
}

/// A postsynaptic spike's visit of the synapses onto its target.
#[derive(Debug)]
pub struct PostColumn<'a> {
    /// Every weight of the projection (source-major).
    pub weights: &'a mut [f64],
    /// Every synapse's per-synapse variables (`K_s` each).
    pub own: &'a mut [f64],
    /// The synapses onto the target, in order.
    pub synapses: &'a [u32],
    /// Their source neurons.
    pub sources: &'a [u32],
    /// Every source's per-source traces (read only; those of `sources` are up to date).
    pub pre: &'a [f64],
    /// The target's per-target traces (set to their new values).
    pub target: &'a mut [f64],
    /// The values of the signals the synapse reads, in its order.
    pub signals: &'a [f64],
}

/// Counts of the three stores' variables: (per synapse, per source, per target).
pub(crate) fn counts(scopes: &[(TraceScope, usize)]) -> (usize, usize, usize) {
    let n = |s| scopes.iter().filter(|(scope, _)| *scope == s).count();
    (
        n(TraceScope::Synapse),
        n(TraceScope::Pre),
        n(TraceScope::Post),
    )
}

/// Every per-synapse variable's scope and index in its store (traces as the synapse's info
/// says, continuous variables per synapse).
pub(crate) fn layout(info: &SynapseInfo) -> Vec<(TraceScope, usize)> {
    let mut next = [0usize; 3];
    let scopes = info
        .trace_scopes
        .iter()
        .copied()
        .chain(info.continuous.iter().map(|_| TraceScope::Synapse));
    scopes
        .map(|scope| {
            let slot = &mut next[scope as usize];
            *slot += 1;
            (scope, *slot - 1)
        })
        .collect()
}

/// One synapse's variables gathered from the stores.
fn gather(layout: &[(TraceScope, usize)], stores: [&[f64]; 3], out: &mut [f64]) {
    for (x, &(scope, k)) in out.iter_mut().zip(layout) {
        *x = stores[scope as usize][k];
    }
}

/// A row visit through `on_pre(weight, variables, summed increments, post increments)` of
/// one synapse at a time (the variables in declaration order: traces, then continuous).
pub(crate) fn on_pre_each(
    info: &SynapseInfo,
    row: PreRow<'_>,
    mut on_pre: impl FnMut(&mut f64, &mut [f64], &mut [f64], &mut [f64]),
) {
    let layout = layout(info);
    let (k_own, _, k_post) = counts(&layout);
    let len = row.weights.len();
    let old_source = row.source.to_vec();
    let mut vars = vec![0.0; layout.len()];
    let mut summed = vec![0.0; info.states.len()];
    let mut post_inc = vec![0.0; info.post.len()];
    for s in 0..len {
        let j = row.targets[s] as usize;
        let own = &mut row.own[s * k_own..(s + 1) * k_own];
        let post = &row.post[j * k_post..(j + 1) * k_post];
        gather(&layout, [own, &old_source, post], &mut vars);
        summed.fill(0.0);
        post_inc.fill(0.0);
        on_pre(&mut row.weights[s], &mut vars, &mut summed, &mut post_inc);
        for (k, inc) in summed.iter().enumerate() {
            row.summed[k * row.n + j] += inc;
        }
        for (m, inc) in post_inc.iter().enumerate() {
            row.post_inc[m * len + s] += inc;
        }
        for (&x, &(scope, k)) in vars.iter().zip(&layout) {
            match scope {
                TraceScope::Synapse => own[k] = x,
                TraceScope::Pre => row.source[k] = x,
                TraceScope::Post => {}
            }
        }
    }
}

/// A column visit through `on_post(weight, variables)` of one synapse at a time.
pub(crate) fn on_post_each(
    info: &SynapseInfo,
    column: PostColumn<'_>,
    mut on_post: impl FnMut(&mut f64, &mut [f64]),
) {
    let layout = layout(info);
    let (k_own, k_pre, _) = counts(&layout);
    let old_target = column.target.to_vec();
    let mut vars = vec![0.0; layout.len()];
    for (&s, &i) in column.synapses.iter().zip(column.sources) {
        let (s, i) = (s as usize, i as usize);
        let own = &mut column.own[s * k_own..(s + 1) * k_own];
        let pre = &column.pre[i * k_pre..(i + 1) * k_pre];
        gather(&layout, [own, pre, &old_target], &mut vars);
        on_post(&mut column.weights[s], &mut vars);
        for (&x, &(scope, k)) in vars.iter().zip(&layout) {
            match scope {
                TraceScope::Synapse => own[k] = x,
                TraceScope::Post => column.target[k] = x,
                TraceScope::Pre => {}
            }
        }
    }
}
