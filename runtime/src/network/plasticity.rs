//! The per-synapse part of a plastic projection: traces (brought up to date lazily, exactly,
//! when their synapse is visited), continuous variables (advanced every step), an index of
//! the synapses by target for `on_post`, and the visits themselves.

use crate::model::Model;
use crate::synapse::Synapse;

/// Traces and the by-target index of one projection's synapses (source-major order).
pub(super) struct Plastic {
    /// Per-synapse variables (traces, then continuous variables), `s·n_traces + k`.
    traces: Vec<f64>,
    n_traces: usize,
    /// True if the synapse has continuous variables or a weight equation.
    continuous: bool,
    /// The step at whose start each synapse's traces are valid.
    updated: Vec<u64>,
    /// Synapses onto target j: `by_post[post_row[j]..post_row[j + 1]]`.
    post_row: Vec<u32>,
    by_post: Vec<u32>,
    summed: Vec<f64>,
    post_inc: Vec<f64>,
}

impl Plastic {
    /// Initial traces for the synapses with targets `post` onto `n_post` neurons.
    pub fn new(
        synapse: &dyn Synapse,
        post: &[u32],
        n_post: usize,
        n_summed: usize,
        n_post_vars: usize,
    ) -> Plastic {
        let info = synapse.info();
        let n_traces = info.traces.len() + info.continuous.len();
        let mut init = vec![0.0; n_traces];
        synapse.trace_init(&mut init);
        let mut traces = Vec::with_capacity(post.len() * n_traces);
        for _ in 0..post.len() {
            traces.extend_from_slice(&init);
        }
        let mut post_row = vec![0u32; n_post + 1];
        for &j in post {
            post_row[j as usize + 1] += 1;
        }
        for j in 0..n_post {
            post_row[j + 1] += post_row[j];
        }
        let mut fill = post_row.clone();
        let mut by_post = vec![0u32; post.len()];
        for (s, &j) in post.iter().enumerate() {
            by_post[fill[j as usize] as usize] = s as u32;
            fill[j as usize] += 1;
        }
        Plastic {
            traces,
            n_traces,
            continuous: !info.continuous.is_empty() || info.weight_equation,
            updated: vec![0; post.len()],
            post_row,
            by_post,
            summed: vec![0.0; n_summed],
            post_inc: vec![0.0; n_post_vars],
        }
    }

    /// Presynaptic spikes of `arriving` sources in `step`: each of their synapses runs
    /// `on_pre`, whose increments go to the summed state (`state[k·n + j]`) and the target's
    /// `post` variables (`post_state[k]`).
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
        for &i in arriving {
            for s in row[i as usize] as usize..row[i as usize + 1] as usize {
                self.summed.fill(0.0);
                self.post_inc.fill(0.0);
                let tr = up_to_date(
                    &mut self.traces,
                    &mut self.updated,
                    self.n_traces,
                    (synapse, s, step, dt_ms),
                );
                synapse.on_pre_plastic(&mut weight[s], tr, &mut self.summed, &mut self.post_inc);
                let j = post[s] as usize;
                for (k, inc) in self.summed.iter().enumerate() {
                    state[k * n + j] += inc;
                }
                for (&var, &inc) in post_state.iter().zip(&self.post_inc) {
                    if inc != 0.0 {
                        target.add_to_state(var, &[j as u32], &[inc], 1.0);
                    }
                }
            }
        }
    }

    /// Continuous variables and weights of every synapse (targets `post`) one Euler step
    /// from the start of `step` at `t_ms`, reading the target's `post` variables `post_vars`;
    /// nothing for a synapse without them. Traces are first brought up to `step`.
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
        if !synapse.info().traces.is_empty() {
            for s in 0..self.updated.len() {
                up_to_date(
                    &mut self.traces,
                    &mut self.updated,
                    self.n_traces,
                    (synapse, s, step, dt_ms),
                );
            }
        }
        synapse.advance_continuous(t_ms, dt_ms, weight, &mut self.traces, post, post_vars);
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
        for &j in spiking {
            let (lo, hi) = (
                self.post_row[j as usize] as usize,
                self.post_row[j as usize + 1] as usize,
            );
            for k in lo..hi {
                let s = self.by_post[k] as usize;
                let tr = up_to_date(
                    &mut self.traces,
                    &mut self.updated,
                    self.n_traces,
                    (synapse, s, step, dt_ms),
                );
                synapse.on_post_plastic(&mut weight[s], tr);
            }
        }
    }

    /// Traces and their update steps, for checkpoints.
    pub fn save(&self, out: &mut Vec<f64>) {
        out.extend_from_slice(&self.traces);
        out.extend(self.updated.iter().map(|&s| s as f64));
    }

    /// Values for [`Plastic::save`]'s layout taken from `take`.
    pub fn load(&mut self, traces: &[f64], updated: &[f64]) {
        self.traces.copy_from_slice(traces);
        for (u, &s) in self.updated.iter_mut().zip(updated) {
            *u = s as u64;
        }
    }

    /// Number of trace values.
    pub fn trace_len(&self) -> usize {
        self.traces.len()
    }

    /// Per-synapse variable k of every synapse at the start of `step` (traces decayed to it
    /// on copies; nothing is changed).
    pub fn values(&self, synapse: &dyn Synapse, k: usize, step: u64, dt_ms: f64) -> Vec<f64> {
        self.traces
            .chunks_exact(self.n_traces.max(1))
            .zip(&self.updated)
            .map(|(vars, &at)| {
                let mut vars = vars.to_vec();
                up_to_date(
                    &mut vars,
                    &mut [at],
                    self.n_traces,
                    (synapse, 0, step, dt_ms),
                )[k]
            })
            .collect()
    }

    /// True if the synapse has continuous variables or a weight equation.
    pub fn is_continuous(&self) -> bool {
        self.continuous
    }

    /// Number of synapses.
    pub fn synapse_count(&self) -> usize {
        self.updated.len()
    }
}

/// The traces of synapse `s`, decayed to the start of `step` (exactly, by the synapse's
/// exponential solution).
fn up_to_date<'a>(
    traces: &'a mut [f64],
    updated: &mut [u64],
    n_traces: usize,
    (synapse, s, step, dt_ms): (&dyn Synapse, usize, u64, f64),
) -> &'a mut [f64] {
    let tr = &mut traces[s * n_traces..(s + 1) * n_traces];
    let gap = step - updated[s];
    if gap > 0 {
        synapse.decay_traces(gap as f64 * dt_ms, tr);
        updated[s] = step;
    }
    tr
}
