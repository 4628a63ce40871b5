//! The per-synapse part of a plastic projection: its variables in three stores (per
//! synapse, per source neuron, per target neuron; see [`TraceScope`]), traces brought up to
//! date lazily and exactly when a visit reads them, continuous variables advanced every
//! step, an index of the synapses by target for `on_post`, and the visits themselves.

use crate::error::Error;
use crate::model::Model;
use crate::plastic_visits::{PostColumn, PreRow, TraceScope, layout};
use crate::saved_state::whole_in;
use crate::synapse::Synapse;

/// Gaps (in steps) below which a trace's decay factor is read from a table instead of
/// computed: `exp(rate·(gap·dt))` either way, bit for bit.
const TABLED_GAPS: usize = 2048;

/// A trace's decay over `gap` steps of `dt_ms`: exp(rate·(gap·dt)).
fn exp_decay(rate: f64, gap: u64, dt_ms: f64) -> f64 {
    (rate * (gap as f64 * dt_ms)).exp()
}

/// [`exp_decay`], read from `table` for the tabled gaps (the same value, computed once).
#[inline]
fn decay_factor(table: &[f64], rate: f64, gap: u64, dt_ms: f64) -> f64 {
    match table.get(gap as usize) {
        Some(&factor) => factor,
        None => exp_decay(rate, gap, dt_ms),
    }
}

/// The variables of one scope: `k` values per owner, the step at whose start each owner's
/// traces are valid, and the decay of each of its traces.
struct Store {
    values: Vec<f64>,
    k: usize,
    updated: Vec<u64>,
    /// Per trace of this store (continuous variables have none): the decay factors for the
    /// tabled gaps and the rate (1/ms) for longer ones.
    decay: Vec<(Vec<f64>, f64)>,
}

impl Store {
    fn new(owners: usize, init: &[f64], rates: &[f64], dt_ms: f64) -> Store {
        let mut values = Vec::with_capacity(owners * init.len());
        for _ in 0..owners {
            values.extend_from_slice(init);
        }
        let decay = rates
            .iter()
            .map(|&rate| {
                let table = (0..TABLED_GAPS)
                    .map(|gap| match gap {
                        0 => 1.0,
                        _ => exp_decay(rate, gap as u64, dt_ms),
                    })
                    .collect();
                (table, rate)
            })
            .collect();
        Store {
            values,
            k: init.len(),
            updated: if rates.is_empty() {
                Vec::new()
            } else {
                vec![0; owners]
            },
            decay,
        }
    }

    /// Brings owner `o`'s traces to the start of `step`. Without a branch on whether they
    /// are already there (which the visits' random order of owners makes unpredictable): the
    /// factor of a gap of 0 steps is 1, and x·1 = x exactly.
    #[inline]
    fn up_to_date(&mut self, o: usize, step: u64, dt_ms: f64) {
        if self.decay.is_empty() {
            return;
        }
        let gap = step - self.updated[o];
        self.updated[o] = step;
        let values = &mut self.values[o * self.k..o * self.k + self.decay.len()];
        for (x, (table, rate)) in values.iter_mut().zip(&self.decay) {
            *x *= decay_factor(table, *rate, gap, dt_ms);
        }
    }

    /// Brings the traces of every owner in `owners` to the start of
    /// `step`, as [`Store::up_to_date`] does one by one, with the same arithmetic; a store of
    /// one trace and nothing else (the common case: a neuron's trace) takes a loop without
    /// the inner one over traces.
    #[inline]
    fn catch_up(&mut self, owners: &[u32], step: u64, dt_ms: f64) {
        match (self.k, self.decay.as_slice()) {
            (_, []) => {}
            (1, [(table, rate)]) => {
                for &o in owners {
                    let o = o as usize;
                    let gap = step - self.updated[o];
                    self.updated[o] = step;
                    self.values[o] *= decay_factor(table, *rate, gap, dt_ms);
                }
            }
            _ => {
                for &o in owners {
                    self.up_to_date(o as usize, step, dt_ms);
                }
            }
        }
    }

    /// Owner `o`'s values at the start of `step`, on a copy.
    fn value_at(&self, o: usize, k: usize, step: u64, dt_ms: f64) -> f64 {
        let x = self.values[o * self.k + k];
        match self.decay.get(k) {
            Some((_, rate)) => {
                let gap = step - self.updated[o];
                if gap == 0 {
                    x
                } else {
                    x * exp_decay(*rate, gap, dt_ms)
                }
            }
            None => x,
        }
    }

    fn save(&self, out: &mut Vec<f64>) {
        out.extend_from_slice(&self.values);
        out.extend(self.updated.iter().map(|&s| s as f64));
    }

    fn saved_len(&self) -> usize {
        self.values.len() + self.updated.len()
    }

    fn load(&mut self, data: &[f64]) -> Result<(), String> {
        let (values, updated) = data.split_at(self.values.len());
        if let Some(s) = updated
            .iter()
            .find(|&&s| !whole_in(s, 0.0, crate::steps::MAX_STEPS as f64 - 1.0))
        {
            return Err(format!(
                "a trace's last update is at step {s}, not a whole step"
            ));
        }
        self.values.copy_from_slice(values);
        for (u, &s) in self.updated.iter_mut().zip(updated) {
            *u = s as u64;
        }
        Ok(())
    }
}

/// The plastic variables and the by-target index of one projection's synapses (source-major
/// order).
pub(super) struct Plastic {
    /// For every per-synapse variable: its store and index there.
    layout: Vec<(TraceScope, usize)>,
    /// Per synapse (synapse-scoped traces, then continuous variables), per source, per target.
    stores: [Store; 3],
    /// True if the synapse has continuous variables or a weight equation.
    continuous: bool,
    /// Synapses onto target j: `by_post[post_row[j]..post_row[j + 1]]`, their sources in
    /// `by_post_source`.
    post_row: Vec<u32>,
    by_post: Vec<u32>,
    by_post_source: Vec<u32>,
    /// Increments of the target's `post` variables by one row (variable-major).
    post_inc: Vec<f64>,
    /// The values of the signals the synapse reads, at this step.
    signals: Vec<f64>,
}

impl Plastic {
    /// Initial variables for the synapses of the source-major table (`row`, `post`) onto
    /// `n_post` neurons, with `n_post_vars` `post` variables, at time step `dt_ms`.
    pub fn new(
        synapse: &dyn Synapse,
        (row, post): (&[u32], &[u32]),
        n_post: usize,
        n_post_vars: usize,
        dt_ms: f64,
    ) -> Plastic {
        let info = synapse.info();
        let layout = layout(info);
        let mut init = vec![0.0; layout.len()];
        synapse.trace_init(&mut init);
        let mut rates = vec![0.0; info.traces.len()];
        synapse.trace_rates(&mut rates);
        let n_pre = row.len().saturating_sub(1);
        let stores = [TraceScope::Synapse, TraceScope::Pre, TraceScope::Post].map(|scope| {
            let pick = |values: &[f64]| -> Vec<f64> {
                values
                    .iter()
                    .zip(&layout)
                    .filter(|(_, (s, _))| *s == scope)
                    .map(|(x, _)| *x)
                    .collect()
            };
            let owners = match scope {
                TraceScope::Synapse => post.len(),
                TraceScope::Pre => n_pre,
                TraceScope::Post => n_post,
            };
            Store::new(owners, &pick(&init), &pick(&rates), dt_ms)
        });
        let mut post_row = vec![0u32; n_post + 1];
        for &j in post {
            post_row[j as usize + 1] += 1;
        }
        for j in 0..n_post {
            post_row[j + 1] += post_row[j];
        }
        let mut fill = post_row.clone();
        let mut by_post = vec![0u32; post.len()];
        let mut by_post_source = vec![0u32; post.len()];
        for (i, ends) in row.windows(2).enumerate() {
            for (s, &j) in post
                .iter()
                .enumerate()
                .take(ends[1] as usize)
                .skip(ends[0] as usize)
            {
                let j = j as usize;
                by_post[fill[j] as usize] = s as u32;
                by_post_source[fill[j] as usize] = i as u32;
                fill[j] += 1;
            }
        }
        let longest_row = row.windows(2).map(|w| w[1] - w[0]).max().unwrap_or(0);
        Plastic {
            layout,
            stores,
            continuous: !info.continuous.is_empty() || info.weight_equation,
            post_row,
            by_post,
            by_post_source,
            post_inc: vec![0.0; n_post_vars * longest_row as usize],
            signals: vec![0.0; info.signals.len()],
        }
    }

    /// Takes the signals' values at this step: signal k of the synapse is `values[ids[k]]`.
    pub fn read_signals(&mut self, ids: &[usize], values: &[f64]) {
        for (x, &k) in self.signals.iter_mut().zip(ids) {
            *x = values[k];
        }
    }

    /// Presynaptic spikes of `arriving` sources in `step`: each source's row runs `on_pre`,
    /// whose increments go to the summed state (`state[k·n + j]`) and the target's `post`
    /// variables (`post_state[m]`).
    #[allow(clippy::too_many_arguments)]
    pub fn on_pre(
        &mut self,
        synapse: &dyn Synapse,
        (row, post, weight): (&[u32], &[u32], &mut [f64]),
        arriving: &[u32],
        step: u64,
        dt_ms: f64,
        state: &mut [f64],
        post_state: &[usize],
        target: &mut dyn Model,
    ) {
        let n = target.len();
        let [own, pre, post_tr] = &mut self.stores;
        for &i in arriving {
            let (lo, hi) = (row[i as usize] as usize, row[i as usize + 1] as usize);
            for s in lo..hi {
                own.up_to_date(s, step, dt_ms);
            }
            post_tr.catch_up(&post[lo..hi], step, dt_ms);
            pre.up_to_date(i as usize, step, dt_ms);
            let len = hi - lo;
            let post_inc = &mut self.post_inc[..post_state.len() * len];
            post_inc.fill(0.0);
            let i = i as usize;
            synapse.on_pre_row(PreRow {
                weights: &mut weight[lo..hi],
                targets: &post[lo..hi],
                own: &mut own.values[lo * own.k..hi * own.k],
                source: &mut pre.values[i * pre.k..(i + 1) * pre.k],
                post: &post_tr.values,
                summed: state,
                n,
                post_inc,
                signals: &self.signals,
            });
            for (&var, inc) in post_state.iter().zip(post_inc.chunks_exact(len.max(1))) {
                if inc.iter().any(|&x| x != 0.0) {
                    target.add_to_state(var, post[lo..hi].into(), inc, 1.0);
                }
            }
        }
    }

    /// Continuous variables and weights of every synapse (targets `post`) one Euler step
    /// from the start of `step` at `t_ms`, reading the target's `post` variables `post_vars`;
    /// nothing for a synapse without them. Traces (all per synapse then) are first brought up
    /// to `step`.
    #[allow(clippy::too_many_arguments)]
    pub fn advance_continuous(
        &mut self,
        synapse: &dyn Synapse,
        (post, weight): (&[u32], &mut [f64]),
        step: u64,
        t_ms: f64,
        dt_ms: f64,
        post_vars: &[&[f64]],
    ) {
        if !self.continuous {
            return;
        }
        let own = &mut self.stores[0];
        for s in 0..post.len() {
            own.up_to_date(s, step, dt_ms);
        }
        let values = &mut own.values;
        synapse.advance_continuous(t_ms, dt_ms, weight, values, post, post_vars, &self.signals);
    }

    /// Postsynaptic spikes of the targets `spiking` in `step`: every synapse onto them runs
    /// `on_post`.
    pub fn on_post(
        &mut self,
        synapse: &dyn Synapse,
        weight: &mut [f64],
        spiking: &[u32],
        step: u64,
        dt_ms: f64,
    ) {
        let [own, pre, post_tr] = &mut self.stores;
        for &j in spiking {
            let j = j as usize;
            let (lo, hi) = (self.post_row[j] as usize, self.post_row[j + 1] as usize);
            own.catch_up(&self.by_post[lo..hi], step, dt_ms);
            pre.catch_up(&self.by_post_source[lo..hi], step, dt_ms);
            post_tr.up_to_date(j, step, dt_ms);
            synapse.on_post_column(PostColumn {
                weights: weight,
                own: &mut own.values,
                synapses: &self.by_post[lo..hi],
                sources: &self.by_post_source[lo..hi],
                pre: &pre.values,
                target: &mut post_tr.values[j * post_tr.k..(j + 1) * post_tr.k],
                signals: &self.signals,
            });
        }
    }

    /// The variables and their update steps, for checkpoints.
    pub fn save(&self, out: &mut Vec<f64>) {
        for store in &self.stores {
            store.save(out);
        }
    }

    /// Number of values [`Plastic::save`] writes.
    pub fn saved_len(&self) -> usize {
        self.stores.iter().map(Store::saved_len).sum()
    }

    /// Restores what [`Plastic::save`] wrote (`data` has [`Plastic::saved_len`] values).
    pub fn load(&mut self, data: &[f64]) -> Result<(), Error> {
        let mut rest = data;
        for store in &mut self.stores {
            let (head, tail) = rest.split_at(store.saved_len());
            store.load(head).map_err(|message| Error::Incompatible {
                what: "a plastic projection".into(),
                message,
            })?;
            rest = tail;
        }
        Ok(())
    }

    /// Per-synapse variable k of every synapse (source-major table `row`, `post`) at the
    /// start of `step` (traces decayed to it on copies; nothing is changed).
    pub fn values(
        &self,
        (row, post): (&[u32], &[u32]),
        k: usize,
        step: u64,
        dt_ms: f64,
    ) -> Vec<f64> {
        let (scope, index) = self.layout[k];
        let store = &self.stores[scope as usize];
        let mut out = Vec::with_capacity(post.len());
        for (i, ends) in row.windows(2).enumerate() {
            for (s, &j) in post
                .iter()
                .enumerate()
                .take(ends[1] as usize)
                .skip(ends[0] as usize)
            {
                let owner = match scope {
                    TraceScope::Synapse => s,
                    TraceScope::Pre => i,
                    TraceScope::Post => j as usize,
                };
                out.push(store.value_at(owner, index, step, dt_ms));
            }
        }
        out
    }

    /// Bytes held: the three stores with their update steps and decay tables, and the
    /// by-target index.
    pub fn bytes(&self) -> usize {
        let stores: usize = self
            .stores
            .iter()
            .map(|s| 8 * (s.values.len() + s.updated.len() + s.decay.len() * TABLED_GAPS))
            .sum();
        stores + 4 * (self.post_row.len() + self.by_post.len() + self.by_post_source.len())
    }

    /// True if the synapse has continuous variables or a weight equation.
    pub fn is_continuous(&self) -> bool {
        self.continuous
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Owners updated last at different steps: gaps of 0, 1, within the table and beyond it.
    fn aged(init: &[f64], rates: &[f64]) -> Store {
        let mut store = Store::new(4, init, rates, 0.1);
        for (o, last) in [5000u64, 4999, 3000, 1].into_iter().enumerate() {
            store.up_to_date(o, last, 0.1);
            for x in &mut store.values[o * store.k..(o + 1) * store.k] {
                *x += 0.25 * (o + 1) as f64;
            }
        }
        store
    }

    #[test]
    fn catching_up_a_list_of_owners_is_bringing_each_up_to_date() {
        // One trace alone (the loop of its own), and two traces beside a continuous variable.
        for (init, rates) in [
            (vec![0.5], vec![-0.05]),
            (vec![0.5, 1.0, 2.0], vec![-0.05, -0.2]),
        ] {
            let (mut one_by_one, mut listed) = (aged(&init, &rates), aged(&init, &rates));
            let owners = [2u32, 0, 3, 1];
            for &o in &owners {
                one_by_one.up_to_date(o as usize, 5000, 0.1);
            }
            listed.catch_up(&owners, 5000, 0.1);
            assert_eq!(one_by_one.updated, listed.updated);
            let bits = |s: &Store| s.values.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&one_by_one), bits(&listed));
            // The owner 4999 steps behind (beyond the table): its value at step 1, decayed by
            // exp(rate·gap·dt).
            let at_step_1 = 0.5 * (-0.05f64 * 0.1).exp() + 1.0;
            let expected = at_step_1 * (-0.05f64 * (4999.0 * 0.1)).exp();
            let got = listed.values[3 * listed.k];
            assert!(
                (got - expected).abs() <= 1e-15 * expected,
                "{got} vs {expected}"
            );
        }
    }
}
