//! One projection: a synapse model, its synapses (sparse or dense rows by source, see
//! [`super::synapse_table`]), the summed state per target neuron, spike delays, and delivery
//! in the seed or Brian2 schedule. Per-synapse delays add 2 bytes a synapse when they differ.

use cajal_lang::units::{lookup_unit, pow10};

use crate::connectivity::DelayRounding;
use crate::error::Error;
use crate::model::Model;
use crate::saved_state::whole_in;
use crate::synapse::Synapse;

use super::connections::Connections;
use super::plasticity::Plastic;
use super::synapse_table::{AllToAll, Csr, SynapseTable};

/// How a projection's spikes are delayed.
enum Delays {
    /// Every synapse has the same delay: a ring of spike lists, one per step of delay.
    Uniform { queue: Vec<Vec<u32>> },
    /// Per-synapse delays (steps, as runs of each row): a ring of the runs in flight, one
    /// slot per step of delay, each run as its synapses' range in the table (so that its
    /// arrival reads only the synapses themselves).
    PerSynapse {
        runs: DelayRuns,
        queue: Vec<Vec<(u32, u32)>>,
    },
}

/// How a spike adds to the summed state.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Delivery {
    /// Brian2's default: every summed state decays, then arriving spikes add `w·jump`.
    Brian2,
    /// The seed notebook: the synapses of a spiking source take their increment instead of
    /// decaying in that step (exact through one trace per source neuron).
    Seed,
}

pub(crate) struct Projection {
    pub name: String,
    pub target: usize,
    synapse: Box<dyn Synapse>,
    delivery: Delivery,
    n_post: usize,
    /// No synapses and a zero state: nothing to inject or deliver, ever.
    idle: bool,
    table: SynapseTable,
    delays: Delays,
    /// Summed state, `k·n_post + j`.
    state: Vec<f64>,
    /// Seed delivery: one trace per source neuron with unit weight, `i·K + k`, valid at the
    /// start of step `trace_step[i]` (advanced lazily with powers of the propagator).
    traces: Vec<f64>,
    trace_step: Vec<u64>,
    /// The one-step propagator of the summed state (K×K, row-major): linear dynamics make
    /// `advance` a matrix.
    propagator: Vec<f64>,
    scratch: Vec<f64>,
    state_jump: Vec<f64>,
    post_jump: Vec<f64>,
    /// Target state index of each `post` variable.
    post_state: Vec<usize>,
    /// Target input index of each injected value.
    inject_input: Vec<usize>,
    /// Factor from the synapse's unit of each injected value to the target input's unit.
    inject_scale: Vec<f64>,
    /// Position of each injected input among the target's managed inputs (set by the network).
    inject_slots: Vec<usize>,
    /// Seed delivery: per arriving spike, the increment of each trace.
    diffs: Vec<f64>,
    /// Traces and the by-target index of a plastic synapse.
    plastic: Option<Plastic>,
    /// The network signals the synapse reads (indices, in its order).
    signal_ids: Vec<usize>,
    dt_ms: f64,
}

fn incompatible(name: &str, message: String) -> Error {
    Error::Incompatible {
        what: format!("projection `{name}`"),
        message,
    }
}

/// Finds `want` (by name) among the target's `have`, returning its index and the factor that
/// converts a value in `want`'s unit into the target's unit (dimensions must agree).
fn find_var(
    name: &str,
    kind: &str,
    want: &crate::model::VarInfo,
    have: &[crate::model::VarInfo],
    target: &str,
) -> Result<(usize, f64), Error> {
    let Some(k) = have.iter().position(|v| v.name == want.name) else {
        let available: Vec<&str> = have.iter().map(|v| v.name).collect();
        return Err(incompatible(
            name,
            format!(
                "the synapse needs {kind} `{}` of the target, but `{target}` has only {}",
                want.name,
                if available.is_empty() {
                    "none".to_string()
                } else {
                    available.join(", ")
                }
            ),
        ));
    };
    let mismatch = || {
        incompatible(
            name,
            format!(
                "the synapse has `{}` in {}, but `{target}` has it in {}, a different dimension",
                want.name, want.unit, have[k].unit
            ),
        )
    };
    if have[k].unit == want.unit {
        return Ok((k, 1.0));
    }
    match (lookup_unit(want.unit), lookup_unit(have[k].unit)) {
        (Some(a), Some(b)) if a.dim == b.dim => Ok((k, pow10(a.exp10 - b.exp10))),
        _ => Err(mismatch()),
    }
}

mod delay_runs;
mod delivery;
mod source_order;

use delay_runs::DelayRuns;

/// Bytes a synapse takes at most in a projection's table and while it is built: its place in
/// the sort by source (8), target (4), weight (8) and delay in steps (2, while sorting).
const SYNAPSE_TABLE_BYTES: usize = 22;

/// Each delay of `delays_ms` in whole steps of `dt_ms` (rounded to the nearest), checked:
/// finite, not negative, at most 65535 steps.
fn delay_steps(name: &str, delays_ms: &[f64], dt_ms: f64) -> Result<Vec<u16>, Error> {
    delays_ms
        .iter()
        .enumerate()
        .map(|(s, &ms)| {
            if !(ms.is_finite() && ms >= 0.0) {
                return Err(incompatible(
                    name,
                    format!("the delay of synapse {s} is {ms} ms"),
                ));
            }
            let st = DelayRounding::Nearest.whole(ms / dt_ms);
            if st > u16::MAX as f64 {
                return Err(incompatible(
                    name,
                    format!("the delay of synapse {s} ({ms} ms) exceeds 65535 steps"),
                ));
            }
            Ok(st as u16)
        })
        .collect()
}

impl Projection {
    /// Every source onto every target with one weight `w`, stored in O(n) memory (see
    /// [`AllToAll`]), with one delay `delay_ms` (rounded to the nearest step); without
    /// `self_connections` the source is the target population. The targets are the target
    /// population's neurons `first..first + target.len()` of `whole`. Static synapses only.
    pub fn all_to_all(
        name: String,
        n_pre: usize,
        (target_index, target, (first, whole)): (usize, &dyn Model, (usize, usize)),
        synapse: Box<dyn Synapse>,
        delivery: Delivery,
        (w, self_connections, delay_ms): (f64, bool, f64),
        dt_ms: f64,
    ) -> Result<Projection, Error> {
        let n_post = target.len();
        if synapse.info().plastic {
            return Err(incompatible(
                &name,
                "a plastic synapse needs a weight per synapse, not one for all pairs".into(),
            ));
        }
        if !w.is_finite() {
            return Err(incompatible(&name, format!("the weight is {w}")));
        }
        if !self_connections && n_pre != whole {
            return Err(incompatible(
                &name,
                format!(
                    "without self-connections the source and target are one population, but they have {n_pre} and {whole} neurons"
                ),
            ));
        }
        let steps = DelayRounding::Nearest.whole(delay_ms / dt_ms);
        if !(delay_ms >= 0.0 && steps <= u16::MAX as f64) {
            return Err(incompatible(
                &name,
                format!("the delay is {delay_ms} ms (0 to 65535 steps)"),
            ));
        }
        let conn = Connections::new(n_pre, n_post);
        let mut proj = Projection::new(
            name,
            n_pre,
            target_index,
            target,
            synapse,
            delivery,
            conn,
            dt_ms,
            f64::INFINITY,
        )?;
        proj.table =
            SynapseTable::AllToAll(AllToAll::new(n_pre, (first, n_post), w, self_connections));
        proj.delays = Delays::Uniform {
            queue: vec![Vec::new(); steps as usize + 1],
        };
        proj.idle = proj.table.len() == 0 && proj.state.iter().all(|x| *x == 0.0);
        Ok(proj)
    }

    #[allow(clippy::too_many_arguments)]
    pub fn new(
        name: String,
        n_pre: usize,
        target_index: usize,
        target: &dyn Model,
        synapse: Box<dyn Synapse>,
        delivery: Delivery,
        mut conn: Connections,
        dt_ms: f64,
        dense_min_density: f64,
    ) -> Result<Projection, Error> {
        let info = synapse.info();
        let target_info = target.info();
        let n_post = target.len();
        if conn.n_pre != n_pre || conn.n_post != n_post {
            return Err(incompatible(
                &name,
                format!(
                    "the connections are for {}→{} neurons, but the populations have {n_pre}→{n_post}",
                    conn.n_pre, conn.n_post
                ),
            ));
        }
        if let Some(s) = (0..conn.len())
            .find(|&s| conn.pre[s] as usize >= n_pre || conn.post[s] as usize >= n_post)
        {
            return Err(incompatible(
                &name,
                format!(
                    "synapse {s} ({} → {}) is out of range",
                    conn.pre[s], conn.post[s]
                ),
            ));
        }
        if let Some(s) = conn.weight.iter().position(|w| !w.is_finite()) {
            return Err(incompatible(
                &name,
                format!("the weight of synapse {s} is {}", conn.weight[s]),
            ));
        }
        let mut post_state = Vec::new();
        for v in info.post {
            let states = target_info.states;
            let (k, scale) = find_var(&name, "state variable", v, states, target_info.name)?;
            if scale != 1.0 {
                return Err(incompatible(
                    &name,
                    format!(
                        "the synapse reads `{}` in {}, but `{}` stores it in {}; declare the same unit",
                        v.name, v.unit, target_info.name, states[k].unit
                    ),
                ));
            }
            post_state.push(k);
        }
        let (inject_input, inject_scale): (Vec<usize>, Vec<f64>) = info
            .injects
            .iter()
            .map(|v| find_var(&name, "input", v, target_info.inputs, target_info.name))
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .unzip();
        for (a, &k) in inject_input.iter().enumerate() {
            if let Some(b) = inject_input[a + 1..].iter().position(|&m| m == k) {
                return Err(incompatible(
                    &name,
                    format!(
                        "the synapse injects `{}` and `{}` into the same input `{}` of `{}`; inject their sum as one value",
                        info.injects[a].name,
                        info.injects[a + 1 + b].name,
                        target_info.inputs[k].name,
                        target_info.name
                    ),
                ));
            }
        }

        let per_synapse = SYNAPSE_TABLE_BYTES + 8 * (info.continuous.len() + info.traces.len());
        crate::budget::check(
            &format!("projection `{name}` of {} synapses", conn.len()),
            &[("synapse table", conn.len() as f64 * per_synapse as f64)],
        )?;
        // Delays in steps, when given per synapse. What the table is built from is dropped
        // as soon as it has been used (a build's peak memory is its largest projection's).
        let steps = match conn.delay_ms.take() {
            None => None,
            Some(d) => Some(delay_steps(&name, &d, dt_ms)?),
        };
        let no_synapses = conn.is_empty();
        // Sort by source and then by delay, keeping the given order among equal delays of a
        // source (each target's additions keep their order: the same numbers either way).
        let order = source_order::by_source_then_delay(&conn.pre, n_pre, steps.as_deref());
        let row = Csr::row_starts(n_pre, &std::mem::take(&mut conn.pre));
        let csr = Csr::new(
            row,
            (
                std::mem::take(&mut conn.post),
                &std::mem::take(&mut conn.weight),
            ),
            &order,
            n_post,
            !info.plastic,
        );

        let k = info.states.len();
        let p = info.post.len();
        let delays = match steps {
            None => Delays::Uniform {
                queue: vec![Vec::new()],
            },
            Some(by_synapse) => {
                let steps: Vec<u16> = order.iter().map(|&s| by_synapse[s as usize]).collect();
                drop(by_synapse);
                let first = steps.first().copied().unwrap_or(0);
                if steps.iter().all(|&s| s == first) {
                    Delays::Uniform {
                        queue: vec![Vec::new(); first as usize + 1],
                    }
                } else {
                    if delivery == Delivery::Seed {
                        return Err(incompatible(
                            &name,
                            "the seed schedule needs one delay for the whole projection".into(),
                        ));
                    }
                    let len = steps.iter().copied().max().unwrap_or(0) as usize + 1;
                    crate::budget::check(
                        &format!("the delays of projection `{name}` (up to {len} steps)"),
                        &[(
                            "slots of spikes in flight",
                            (len * std::mem::size_of::<Vec<(u32, u32)>>()) as f64,
                        )],
                    )?;
                    Delays::PerSynapse {
                        runs: DelayRuns::new(&csr.row, &steps),
                        queue: vec![Vec::new(); len],
                    }
                }
            }
        };

        let mut init = vec![0.0; k];
        synapse.initial_state(&mut init);
        let mut state = vec![0.0; k * n_post];
        for (kk, x) in init.iter().enumerate() {
            state[kk * n_post..(kk + 1) * n_post].fill(*x);
        }
        let (traces, trace_step) = if delivery == Delivery::Seed {
            (vec![0.0; k * n_pre], vec![0u64; n_pre])
        } else {
            (Vec::new(), Vec::new())
        };
        let plastic = if info.plastic {
            if delivery != Delivery::Brian2 {
                return Err(incompatible(
                    &name,
                    "a plastic synapse is delivered in Brian2's schedule (`schedule brian2`)"
                        .into(),
                ));
            }
            if matches!(delays, Delays::PerSynapse { .. }) {
                return Err(incompatible(
                    &name,
                    "a plastic synapse needs one delay for the whole projection".into(),
                ));
            }
            let Some(post) = csr.post.wide() else {
                return Err(incompatible(
                    &name,
                    "a plastic synapse's targets must be stored as 4-byte indices".into(),
                ));
            };
            Some(Plastic::new(&*synapse, (&csr.row, post), n_post, p, dt_ms))
        } else {
            None
        };
        let may_be_dense = plastic.is_none() && matches!(delays, Delays::Uniform { .. });
        let table = SynapseTable::new(csr, n_post, may_be_dense, dense_min_density);
        let propagator = propagator(&*synapse, k, dt_ms);
        let mut state_jump = vec![0.0; k];
        synapse.state_jump(&mut state_jump);
        let mut post_jump = vec![0.0; p];
        synapse.post_jump(&mut post_jump);
        Ok(Projection {
            name,
            target: target_index,
            idle: no_synapses && state.iter().all(|x| *x == 0.0),
            n_post,
            table,
            delays,
            state,
            traces,
            trace_step,
            propagator,
            scratch: vec![0.0; 3 * k * k + 2 * k],
            state_jump,
            post_jump,
            post_state,
            inject_input,
            inject_scale,
            inject_slots: Vec::new(),
            diffs: Vec::new(),
            synapse,
            delivery,
            plastic,
            signal_ids: Vec::new(),
            dt_ms,
        })
    }

    /// Number of synapses.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    /// Whether the synapses are stored as a dense matrix.
    pub fn is_dense(&self) -> bool {
        self.table.is_dense()
    }

    /// The synapse model.
    pub fn synapse(&self) -> &dyn Synapse {
        &*self.synapse
    }

    /// Reads network signals `ids` (indices into the network's values) for the synapse's
    /// signals, in its order.
    pub fn bind_signals(&mut self, ids: Vec<usize>) {
        self.signal_ids = ids;
    }

    /// Takes the current values of the signals this projection reads from the network's
    /// `values`.
    pub fn read_signals(&mut self, values: &[f64]) {
        if let Some(p) = &mut self.plastic {
            p.read_signals(&self.signal_ids, values);
        }
    }

    /// Summed state variable `k` (one value per target neuron).
    pub fn state(&self, k: usize) -> &[f64] {
        &self.state[k * self.n_post..(k + 1) * self.n_post]
    }

    /// The dynamic state (summed state, traces, spikes and increments in flight), for
    /// checkpoints.
    pub fn save_dynamic(&self) -> Vec<f64> {
        let mut out = vec![if self.idle { 1.0 } else { 0.0 }];
        out.extend_from_slice(&self.state);
        out.extend_from_slice(&self.traces);
        out.extend(self.trace_step.iter().map(|&s| s as f64));
        match &self.delays {
            Delays::Uniform { queue } => {
                for slot in queue {
                    out.push(slot.len() as f64);
                    out.extend(slot.iter().map(|&i| f64::from(i)));
                }
            }
            Delays::PerSynapse { queue, .. } => {
                for slot in queue {
                    out.push(slot.len() as f64);
                    out.extend(
                        slot.iter()
                            .flat_map(|&(lo, hi)| [f64::from(lo), f64::from(hi)]),
                    );
                }
            }
        }
        if let (Some(plastic), SynapseTable::Sparse(csr)) = (&self.plastic, &self.table) {
            out.extend_from_slice(&csr.weight);
            plastic.save(&mut out);
        }
        out
    }

    /// Restores what [`Projection::save_dynamic`] saved from the same projection.
    pub fn load_dynamic(&mut self, data: &[f64]) -> Result<(), Error> {
        let wrong = || {
            incompatible(
                &self.name,
                "the saved state does not fit this projection".to_string(),
            )
        };
        let mut rest = data;
        let mut take = |k: usize| -> Result<&[f64], ()> {
            if rest.len() < k {
                return Err(());
            }
            let (head, tail) = rest.split_at(k);
            rest = tail;
            Ok(head)
        };
        if let Some(x) = data.iter().find(|x| !x.is_finite()) {
            return Err(incompatible(
                &self.name,
                format!("the saved state holds {x}, not a finite number"),
            ));
        }
        let whole_below = |x: f64, end: f64| whole_in(x, 0.0, end - 1.0);
        let idle = take(1).map_err(|_| wrong())?[0] != 0.0;
        let state = take(self.state.len()).map_err(|_| wrong())?.to_vec();
        let traces = take(self.traces.len()).map_err(|_| wrong())?.to_vec();
        let saved_steps = take(self.trace_step.len()).map_err(|_| wrong())?;
        if let Some(s) = saved_steps
            .iter()
            .find(|&&s| !whole_below(s, crate::steps::MAX_STEPS as f64))
        {
            return Err(incompatible(
                &self.name,
                format!("a trace's last update is at step {s}, not a whole step"),
            ));
        }
        let steps: Vec<u64> = saved_steps.iter().map(|&s| s as u64).collect();
        let mut queue_slots = Vec::new();
        let mut run_slots = Vec::new();
        let n_pre = self.table.n_pre();
        let from_source = |i: f64| {
            incompatible(
                &self.name,
                format!(
                    "a spike in flight comes from neuron {i}, but the source has {n_pre} neurons"
                ),
            )
        };
        match &self.delays {
            Delays::Uniform { queue } => {
                for _ in 0..queue.len() {
                    let len = take(1).map_err(|_| wrong())?[0];
                    if !whole_below(len, f64::from(u32::MAX)) {
                        return Err(wrong());
                    }
                    let saved = take(len as usize).map_err(|_| wrong())?;
                    if let Some(&i) = saved.iter().find(|&&i| !whole_below(i, n_pre as f64)) {
                        return Err(from_source(i));
                    }
                    queue_slots.push(saved.iter().map(|&i| i as u32).collect::<Vec<u32>>());
                }
            }
            Delays::PerSynapse { runs, queue } => {
                let SynapseTable::Sparse(csr) = &self.table else {
                    return Err(wrong());
                };
                for _ in 0..queue.len() {
                    let len = take(1).map_err(|_| wrong())?[0];
                    if !whole_below(len, f64::from(u32::MAX / 2)) {
                        return Err(wrong());
                    }
                    let saved = take(2 * len as usize).map_err(|_| wrong())?;
                    let mut slot = Vec::with_capacity(len as usize);
                    for pair in saved.chunks_exact(2) {
                        let (lo, hi) = (pair[0], pair[1]);
                        let whole = whole_below(lo, f64::from(u32::MAX))
                            && whole_below(hi, f64::from(u32::MAX));
                        if !whole || !runs.is_run(&csr.row, lo as usize..hi as usize) {
                            return Err(incompatible(
                                &self.name,
                                format!(
                                    "synapses {lo}..{hi} are in flight, but they are not a run of one source's synapses with one delay"
                                ),
                            ));
                        }
                        slot.push((lo as u32, hi as u32));
                    }
                    run_slots.push(slot);
                }
            }
        }
        let plastic = match (&self.plastic, &self.table) {
            (Some(p), SynapseTable::Sparse(csr)) => {
                let weights = take(csr.weight.len()).map_err(|_| wrong())?.to_vec();
                let variables = take(p.saved_len()).map_err(|_| wrong())?.to_vec();
                Some((weights, variables))
            }
            _ => None,
        };
        if !rest.is_empty() {
            return Err(wrong());
        }
        if let (Some(p), SynapseTable::Sparse(csr), Some((weights, variables))) =
            (&mut self.plastic, &mut self.table, plastic)
        {
            p.load(&variables)
                .map_err(|e| incompatible(&self.name, e.to_string()))?;
            csr.weight.copy_from_slice(&weights);
        }
        self.idle = idle;
        self.state = state;
        self.traces = traces;
        self.trace_step = steps;
        match &mut self.delays {
            Delays::Uniform { queue } => *queue = queue_slots,
            Delays::PerSynapse { queue, .. } => *queue = run_slots,
        }
        Ok(())
    }

    /// The synapses as (source, target, weight), source-major.
    pub fn edges(&self) -> Vec<(u32, u32, f64)> {
        self.table.edges()
    }

    /// Summed state variable `k`, mutably. Setting a non-zero value wakes an idle projection.
    pub fn state_mut(&mut self, k: usize) -> &mut [f64] {
        self.idle = false;
        &mut self.state[k * self.n_post..(k + 1) * self.n_post]
    }

    /// Bytes used by the synapse arrays (targets, weights, row starts, delays, and a plastic
    /// projection's variables and by-target index).
    pub fn synapse_bytes(&self) -> usize {
        let delays = match &self.delays {
            Delays::Uniform { .. } => 0,
            Delays::PerSynapse { runs, .. } => runs.bytes(),
        };
        let plastic = self.plastic.as_ref().map_or(0, Plastic::bytes);
        self.table.bytes() + delays + plastic
    }

    /// Where the network keeps each injected input (its position among the target's
    /// managed inputs).
    pub fn inject_slots(&self) -> &[usize] {
        &self.inject_slots
    }

    /// Sets [`Projection::inject_slots`], one per injected value.
    pub fn set_inject_slots(&mut self, slots: Vec<usize>) {
        self.inject_slots = slots;
    }

    /// Whether the projection has no synapses and a zero state (it injects nothing).
    pub fn is_idle(&self) -> bool {
        self.idle
    }

    /// Adds the injected values (from the summed state at `t_ms` and the target's state) into
    /// `out`, the target's inputs at [`Projection::inject_slots`] in order (or, with `base`,
    /// sets them to `base` plus the values), and advances the summed state by one step, in
    /// one pass. An idle projection does nothing.
    pub fn inject_advance(
        &mut self,
        t_ms: f64,
        dt_ms: f64,
        target: &dyn Model,
        out: &mut [&mut [f64]],
        base: Option<&[f64]>,
    ) {
        if self.idle {
            return;
        }
        if self.inject_input.is_empty() {
            self.synapse
                .advance(t_ms, dt_ms, &mut self.state, self.n_post);
            return;
        }
        with_post(target, &self.post_state, |post| {
            self.synapse.inject_advance(
                t_ms,
                dt_ms,
                &mut self.state,
                self.n_post,
                post,
                out,
                &self.inject_scale,
                base,
            )
        });
    }

    /// Advances the continuous per-synapse variables and weights of a synapse that has them,
    /// one Euler step from the start of `step` (the target's `post` variables as they are
    /// then); nothing for other synapses.
    pub fn advance_per_synapse(&mut self, step: u64, t_ms: f64, target: &dyn Model) {
        if let (Some(plastic), SynapseTable::Sparse(csr)) = (&mut self.plastic, &mut self.table)
            && plastic.is_continuous()
            && let Some(targets) = csr.post.wide()
        {
            with_post(target, &self.post_state, |post| {
                plastic.advance_continuous(
                    &*self.synapse,
                    (targets, &mut csr.weight),
                    step,
                    t_ms,
                    self.dt_ms,
                    post,
                )
            });
        }
    }

    /// Per-synapse variable k of every synapse (source-major) at the start of `step` (empty
    /// for a synapse without per-synapse variables).
    pub fn per_synapse(&self, k: usize, step: u64) -> Vec<f64> {
        match (&self.plastic, &self.table) {
            (Some(p), SynapseTable::Sparse(csr)) => match csr.post.wide() {
                Some(post) => p.values((&csr.row, post), k, step, self.dt_ms),
                None => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    /// Runs `on_post` of a plastic synapse for the target neurons `spiking` in `step` (after
    /// the step's presynaptic deliveries); nothing for other synapses.
    pub fn post_spikes(&mut self, step: u64, spiking: &[u32]) {
        if let (Some(plastic), SynapseTable::Sparse(csr)) = (&mut self.plastic, &mut self.table)
            && !spiking.is_empty()
        {
            plastic.on_post(&*self.synapse, &mut csr.weight, spiking, step, self.dt_ms);
        }
    }
}

/// The one-step propagator of a synapse's (linear) summed state: column c is `advance` of
/// the c-th unit vector.
fn propagator(synapse: &dyn Synapse, k: usize, dt_ms: f64) -> Vec<f64> {
    let mut p = vec![0.0; k * k];
    let mut unit = vec![0.0; k];
    for c in 0..k {
        unit.fill(0.0);
        unit[c] = 1.0;
        synapse.advance(0.0, dt_ms, &mut unit, 1);
        for r in 0..k {
            p[r * k + c] = unit[r];
        }
    }
    p
}

/// Calls `f` with the target's state variables `states` (the synapse's `post` variables),
/// without allocating for up to four of them.
fn with_post<R>(target: &dyn Model, states: &[usize], f: impl FnOnce(&[&[f64]]) -> R) -> R {
    let mut fixed: [&[f64]; 4] = [&[]; 4];
    if states.len() <= fixed.len() {
        for (slot, &k) in fixed.iter_mut().zip(states) {
            *slot = target.state(k);
        }
        return f(&fixed[..states.len()]);
    }
    let many: Vec<&[f64]> = states.iter().map(|&k| target.state(k)).collect();
    f(&many)
}
