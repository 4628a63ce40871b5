//! Rate coupling between populations (neural masses, or any model): at the start of each step
//! the target input receives c_j = node(Σ_i W_ji · edge(x_i, y_j)), with x the source
//! population's coupled state and y the target's state of the same name (read by edge terms
//! that use `post`). Linear edge terms run as a matrix–vector product, dense (in panels, see
//! [`crate::panels`]) when at least a quarter of the pairs are connected and there are no
//! delays, sparse otherwise; each target's terms are summed in source order either way, as
//! in [`crate::MassNetwork`], so both give the same numbers.
//!
//! With delays, edge i → j reads x_i as it was d_ij steps before (d_ij = delay/dt, rounded
//! as chosen); before the first step, delayed values are the initial state.
//!
//! A field projection ([`RateProjection::field`]) has a translation-invariant kernel on a
//! periodic grid instead of weights: c_j = node(Σ_i K[j − i] edge(x_i)), the sum a circular
//! convolution by FFT (see [`crate::field`]).
//!
//! A pattern projection ([`RateProjection::patterns`]) has Hebbian weights made from stored
//! patterns, kept as the patterns (see [`crate::patterns`]): the product costs O(N·P).
//!
//! A plastic coupling's weights then learn (see [`Learning`]): after the step's values are
//! computed with the weights as they were, every weight and rule state takes one forward
//! Euler step from the values at the step's start.

mod batch;

pub(in crate::network) use batch::BatchScratch;

use super::connections::Connections;
use super::monitors::Observed;
use crate::connectivity::DelayRounding;
use crate::coupling::Coupling;
use crate::delay_line::DelayLine;
use crate::error::Error;
use crate::field::{FieldConvolution, FieldKernel};
use crate::model::Model;
use crate::panels::Panels;
use crate::patterns::{HebbianPatterns, PatternWeights, Patterns};
use crate::precision::Precision;

/// One rate projection: weights by target row, the coupling and where it reads and writes.
pub(crate) struct RateProjection {
    pub name: String,
    pub source: usize,
    pub target: usize,
    source_state: usize,
    /// Number of source neurons.
    source_len: usize,
    post_state: Option<usize>,
    /// Position of the target input among the target's managed inputs (set by the network
    /// once the projection is made).
    pub slot: usize,
    coupling: Box<dyn Coupling + Send>,
    /// Weights onto target j: `columns/values[row_start[j]..row_start[j + 1]]`, sources in
    /// increasing order.
    row_start: Vec<usize>,
    columns: Vec<u32>,
    values: Vec<f64>,
    row_sums: Vec<f64>,
    totals: Vec<f64>,
    delays: Option<Delays>,
    /// The weights as a dense target × source matrix, for linear couplings of dense
    /// projections without delays; `wx` receives the product.
    dense: Option<Panels>,
    wx: Vec<f64>,
    /// Whether `wx` holds this step's sums Σ_i w_ji x_i, computed for a batch of networks
    /// at once (see [`batch`]); `compute` then only finishes them.
    given: bool,
    learning: Option<Learning>,
    field: Option<Field>,
    patterns: Option<PatternWeights>,
}

/// A field projection's kernel and its work space.
struct Field {
    convolution: FieldConvolution,
    /// edge(x_i) of every source point.
    edges: Vec<f64>,
}

/// The state of a plastic projection's learning rule.
struct Learning {
    dt_ms: f64,
    /// Rule states per target, target-major: `states[j·n_states + k]`.
    states: Vec<f64>,
    n_states: usize,
    /// The new rule states of one target.
    next: Vec<f64>,
}

impl Learning {
    /// One forward Euler step of every weight (`values`, indexed by target rows as in
    /// [`RateProjection`]) and rule state, from the values at the step's start: `pre(edge,
    /// source)` as the edge reads it and the targets' `post` values.
    fn step(
        &mut self,
        coupling: &dyn Coupling,
        (row_start, columns, values): (&[usize], &[u32], &mut [f64]),
        post: Option<&[f64]>,
        pre: impl Fn(usize, usize) -> f64,
    ) {
        let (dt, n) = (self.dt_ms, self.n_states);
        for j in 0..row_start.len() - 1 {
            let y = post.map_or(0.0, |p| p[j]);
            let states = &mut self.states[j * n..(j + 1) * n];
            for e in row_start[j]..row_start[j + 1] {
                let x = pre(e, columns[e] as usize);
                values[e] += dt * coupling.weight_rate(values[e], x, y, states);
            }
            for (k, next) in self.next.iter_mut().enumerate() {
                *next = states[k] + dt * coupling.rule_rate(k, y, states);
            }
            states.copy_from_slice(&self.next);
        }
    }
}

/// Per-edge delays and the source's recent values.
struct Delays {
    /// Delay of each edge (steps), in the order of the weights.
    steps: Vec<u32>,
    line: DelayLine,
}

/// Where a rate projection reads: the source population (index, model, coupled state) and
/// the target population (index, model).
pub(crate) struct RateEnds<'a> {
    pub source: (usize, &'a dyn Model, &'a str),
    pub target: (usize, &'a dyn Model),
}

impl RateProjection {
    /// Checks the ends and sizes and indexes the weights by target; delays (ms) become whole
    /// steps of `dt_ms` by `rounding`.
    pub fn new(
        name: &str,
        ends: RateEnds,
        coupling: Box<dyn Coupling + Send>,
        conn: Connections,
        (dt_ms, rounding): (f64, DelayRounding),
    ) -> Result<RateProjection, Error> {
        let (source, source_model, var) = ends.source;
        let (target, target_model) = ends.target;
        let source_state = source_model.info().state_index(var)?;
        let post_state = target_model.info().state_index(var).ok();
        let edge_reads_post = match coupling.linear() {
            Some([_, b, _]) => b != 0.0,
            None => coupling.info().reads_post,
        };
        let rule = coupling.info().rule;
        let reads_post = edge_reads_post || rule.is_some_and(|r| r.reads_post);
        if reads_post && post_state.is_none() {
            return Err(Error::Incompatible {
                what: format!("rate projection `{name}`"),
                message: format!(
                    "coupling `{}` reads `post`, the target's `{var}`, but `{}` has no state `{var}`",
                    coupling.info().name,
                    target_model.info().name
                ),
            });
        }
        let size = |what: &str, expected: usize, got: usize| {
            if expected == got {
                Ok(())
            } else {
                Err(Error::WrongSize {
                    what: format!("{what} of rate projection `{name}`"),
                    expected,
                    got,
                })
            }
        };
        size("sources", source_model.len(), conn.n_pre)?;
        size("targets", target_model.len(), conn.n_post)?;
        if let Some(w) = conn.weight.iter().find(|w| !w.is_finite()) {
            return Err(Error::NonFinite {
                what: format!("weight of rate projection `{name}`"),
                value: *w,
            });
        }
        let mut order: Vec<usize> = (0..conn.len()).collect();
        order.sort_by_key(|&s| (conn.post[s], conn.pre[s]));
        let mut row_start = vec![0usize; conn.n_post + 1];
        for &j in &conn.post {
            row_start[j as usize + 1] += 1;
        }
        for j in 0..conn.n_post {
            row_start[j + 1] += row_start[j];
        }
        let columns: Vec<u32> = order.iter().map(|&s| conn.pre[s]).collect();
        let values: Vec<f64> = order.iter().map(|&s| conn.weight[s]).collect();
        let delays = match &conn.delay_ms {
            None => None,
            Some(ms) => {
                let mut steps = Vec::with_capacity(order.len());
                for &s in &order {
                    steps.push(delay_steps(name, s, ms[s], dt_ms, rounding)?);
                }
                let longest = steps.iter().copied().max().unwrap_or(0) as usize;
                let what = format!("rate projection `{name}`");
                let line = DelayLine::new(&what, longest, conn.n_pre)?;
                Some(Delays { steps, line })
            }
        };
        let row_sums = (0..conn.n_post)
            .map(|j| values[row_start[j]..row_start[j + 1]].iter().sum())
            .collect();
        let learning = rule.map(|r| {
            let n_states = r.states.len();
            let init: Vec<f64> = (0..n_states).map(|k| coupling.rule_init(k)).collect();
            Learning {
                dt_ms,
                states: init.repeat(conn.n_post),
                n_states,
                next: init,
            }
        });
        Ok(RateProjection {
            name: name.to_string(),
            source,
            target,
            source_state,
            source_len: conn.n_pre,
            post_state,
            slot: 0,
            coupling,
            row_start,
            columns,
            values,
            row_sums,
            totals: vec![0.0; conn.n_post],
            dense: None,
            wx: Vec::new(),
            given: false,
            delays,
            learning,
            field: None,
            patterns: None,
        }
        .with_dense_weights())
    }

    /// A field projection: the source and target are the same grid of `kernel.len()`
    /// points, and target j receives node(Σ_i K[j − i] edge(x_i)) (see the module). The
    /// coupling's edge may not read `post`, and its weights may not learn.
    pub fn field(
        name: &str,
        ends: RateEnds,
        coupling: Box<dyn Coupling + Send>,
        kernel: &FieldKernel,
    ) -> Result<RateProjection, Error> {
        let info = coupling.info();
        let refuse = |message: String| Error::Incompatible {
            what: format!("field projection `{name}`"),
            message,
        };
        let edge_reads_post = match coupling.linear() {
            Some([_, b, _]) => b != 0.0,
            None => info.reads_post,
        };
        if edge_reads_post {
            return Err(refuse(format!(
                "coupling `{}` reads `post` in its edge term, but a field convolves the sources' edge values alone",
                info.name
            )));
        }
        if info.rule.is_some() {
            return Err(refuse(format!(
                "coupling `{}` is plastic, but a field's kernel is fixed",
                info.name
            )));
        }
        let n = kernel.len();
        let conn = Connections::new(n, n);
        let mut proj =
            RateProjection::new(name, ends, coupling, conn, (1.0, DelayRounding::Nearest))
                .map_err(|e| sizes_of(e, "the field's points"))?;
        proj.field = Some(Field {
            convolution: FieldConvolution::new(kernel),
            edges: vec![0.0; n],
        });
        Ok(proj)
    }

    /// A pattern projection: source and target have one unit per pattern value, and the
    /// weights are `rule` over `patterns`, kept as the patterns (see [`crate::patterns`]).
    /// The coupling must be linear and static.
    pub fn patterns(
        name: &str,
        ends: RateEnds,
        coupling: Box<dyn Coupling + Send>,
        (patterns, rule): (&Patterns, HebbianPatterns),
    ) -> Result<RateProjection, Error> {
        let info = coupling.info();
        let refuse = |message: String| Error::Incompatible {
            what: format!("pattern projection `{name}`"),
            message,
        };
        if coupling.linear().is_none() {
            return Err(refuse(format!(
                "coupling `{}` is not linear in `pre`, but pattern weights are applied as a product",
                info.name
            )));
        }
        if info.rule.is_some() {
            return Err(refuse(format!(
                "coupling `{}` is plastic, but pattern weights are fixed",
                info.name
            )));
        }
        let n = patterns.units();
        let weights = PatternWeights::new(patterns, rule)?;
        let mut proj = RateProjection::new(
            name,
            ends,
            coupling,
            Connections::new(n, n),
            (1.0, DelayRounding::Nearest),
        )
        .map_err(|e| sizes_of(e, "the patterns' units"))?;
        proj.wx = vec![0.0; n];
        proj.patterns = Some(weights);
        Ok(proj)
    }

    /// What monitor `what` of this projection samples, if it observes something of that
    /// name: the weight of a plastic coupling (by its name), or `overlap` / `energy` of
    /// stored patterns; else the names it has.
    pub fn observable(&self, what: &str) -> Result<(Observed, usize), Vec<String>> {
        let rule = self
            .coupling
            .info()
            .rule
            .filter(|_| self.learning.is_some());
        match (what, rule, &self.patterns) {
            (w, Some(r), _) if w == r.weight => Ok((Observed::Weights, self.values.len())),
            ("overlap", _, Some(p)) => Ok((Observed::Overlaps, p.source().0.count())),
            ("energy", _, Some(_)) => Ok((Observed::Energy, 1)),
            _ => Err(rule
                .map(|r| r.weight.to_string())
                .into_iter()
                .chain(
                    self.patterns
                        .iter()
                        .flat_map(|_| ["overlap".to_string(), "energy".to_string()]),
                )
                .collect()),
        }
    }

    /// The sample of monitor `what` (see [`RateProjection::observable`]), `source` being the
    /// source population.
    pub fn observe(&self, what: Observed, source: &dyn Model) -> Vec<f64> {
        match (what, &self.patterns) {
            (Observed::Overlaps, Some(p)) => {
                let (patterns, rule) = p.source();
                patterns.overlaps(rule.a, source.state(self.source_state))
            }
            (Observed::Energy, Some(p)) => vec![p.energy(source.state(self.source_state))],
            _ => self.values.clone(),
        }
    }

    /// Index of the source's coupled state.
    pub fn source_state(&self) -> usize {
        self.source_state
    }

    /// The patterns and rule of a pattern projection.
    pub fn pattern_source(&self) -> Option<(&Patterns, HebbianPatterns)> {
        self.patterns.as_ref().map(PatternWeights::source)
    }

    /// E = −½ Σ_ij w_ij x_i x_j over the source's current values `x`, for a pattern
    /// projection.
    pub fn pattern_energy(&self, source: &dyn Model) -> Option<f64> {
        let x = source.state(self.source_state);
        self.patterns.as_ref().map(|w| w.energy(x))
    }

    /// Adds the dense weights when the coupling is linear and static, there are no delays,
    /// at least a quarter of the pairs are connected, and no pair twice (whose two terms
    /// would be one in the matrix).
    fn with_dense_weights(mut self) -> RateProjection {
        if let Some(w) = self.dense_matrix() {
            let (n_post, n_pre) = (self.totals.len(), self.source_len);
            self.dense = Some(Panels::new(n_post, n_pre, &w));
            self.wx = vec![0.0; n_post];
        }
        self
    }

    /// The weights as a row-major target × source matrix, when the projection may run as a
    /// dense product (see [`RateProjection::with_dense_weights`]).
    fn dense_matrix(&self) -> Option<Vec<f64>> {
        let (n_post, n_pre) = (self.totals.len(), self.source_len);
        let dense_enough = self.columns.len() * 4 >= n_post * n_pre && n_pre > 0;
        let fixed = self.delays.is_none() && self.learning.is_none();
        if !fixed || self.coupling.linear().is_none() || !dense_enough {
            return None;
        }
        let mut w = vec![0.0; n_post * n_pre];
        let mut seen = vec![false; n_post * n_pre];
        for j in 0..n_post {
            for e in self.row_start[j]..self.row_start[j + 1] {
                let at = j * n_pre + self.columns[e] as usize;
                if std::mem::replace(&mut seen[at], true) {
                    return None;
                }
                w[at] = self.values[e];
            }
        }
        Some(w)
    }

    /// Shares a dense product out over `threads` threads that live as long as the
    /// projection (see [`crate::mass_network::MassNetwork::set_threads`]) and stores its
    /// weights in `precision` (see [`crate::precision`]); with f64 the sums are the same, bit
    /// for bit, on any number of threads. Nothing changes for a projection without a dense
    /// product (false).
    pub(in crate::network) fn set_product(&mut self, threads: usize, precision: Precision) -> bool {
        if self.dense.is_none() {
            return false;
        }
        let Some(w) = self.dense_matrix() else {
            return false;
        };
        let (n_post, n_pre) = (self.totals.len(), self.source_len);
        self.dense = Some(Panels::with_threads(n_post, n_pre, &w, threads, precision));
        true
    }

    /// Whether the weights are also a dense matrix, for the product of a linear coupling.
    pub fn is_dense(&self) -> bool {
        self.dense.is_some()
    }

    /// Whether the projection has a state to checkpoint: a delay history or learning
    /// weights.
    pub fn has_dynamic_state(&self) -> bool {
        self.delays.is_some() || self.learning.is_some()
    }

    /// Whether the projection is a field (a kernel on a grid, no weight list).
    pub fn is_field(&self) -> bool {
        self.field.is_some()
    }

    /// The current weights, sorted by target then source, with the delays as built.
    pub fn weights(&self) -> Connections {
        let n_post = self.totals.len();
        let mut conn = Connections::new(self.source_len, n_post);
        if let Some(w) = &self.patterns {
            for j in 0..n_post {
                for i in 0..self.source_len {
                    conn.push(i, j, w.weight(i, j));
                }
            }
            return conn;
        }
        for j in 0..n_post {
            for e in self.row_start[j]..self.row_start[j + 1] {
                conn.push(self.columns[e] as usize, j, self.values[e]);
            }
        }
        conn
    }

    /// Rule state `var` of a plastic projection, one value per target.
    pub fn rule_state(&self, var: &str) -> Result<Vec<f64>, Error> {
        let rule = self.coupling.info().rule;
        let names: Vec<&str> =
            rule.map_or(Vec::new(), |r| r.states.iter().map(|v| v.name).collect());
        let k = names.iter().position(|&v| v == var);
        match (k, &self.learning) {
            (Some(k), Some(l)) => Ok(l
                .states
                .iter()
                .skip(k)
                .step_by(l.n_states)
                .copied()
                .collect()),
            _ => Err(Error::UnknownName {
                kind: "rule state of a plastic rate projection",
                name: var.to_string(),
                available: names.iter().map(|v| v.to_string()).collect(),
            }),
        }
    }

    /// The values c_j for step `step` from the populations' states (see the module).
    pub fn compute(&mut self, step: u64, source: &dyn Model, target: &dyn Model) -> &[f64] {
        let x = source.state(self.source_state);
        let post = self.post_state.map(|k| target.state(k));
        if let (true, Some(coefficients)) = (self.given, self.coupling.linear()) {
            self.given = false;
            return self.totals_from_sums(post, coefficients);
        }
        let now = self.delays.as_mut().map(|d| d.line.record(step, x));
        if let Some(field) = &mut self.field {
            for (e, &x) in field.edges.iter_mut().zip(x) {
                *e = self.coupling.edge(x, 0.0);
            }
            field.convolution.convolve(&field.edges, &mut self.totals);
            for total in &mut self.totals {
                *total = self.coupling.node(*total);
            }
            return &self.totals;
        }
        if let (Some(w), Some([a, b, c])) = (&mut self.patterns, self.coupling.linear()) {
            w.product(x, &mut self.wx);
            for (j, total) in self.totals.iter_mut().enumerate() {
                let y = post.map_or(0.0, |p| p[j]);
                *total = self
                    .coupling
                    .node(a * self.wx[j] + (b * y + c) * w.row_sum(j));
            }
            return &self.totals;
        }
        if let (Some(panels), Some(coefficients)) = (&self.dense, self.coupling.linear()) {
            panels.product(x, &mut self.wx);
            return self.totals_from_sums(post, coefficients);
        }
        let mut totals = std::mem::take(&mut self.totals);
        let mut learning = self.learning.take();
        match (&self.delays, now) {
            (Some(Delays { steps, line }), Some(now)) => {
                let pre = |e: usize, i: usize| line.value(now, steps[e], i);
                self.sum_rows(post, pre, &mut totals);
                if let Some(l) = &mut learning {
                    let rows = (&self.row_start[..], &self.columns[..], &mut self.values[..]);
                    l.step(&*self.coupling, rows, post, pre);
                }
            }
            _ => {
                self.sum_rows(post, |_, i| x[i], &mut totals);
                if let Some(l) = &mut learning {
                    let rows = (&self.row_start[..], &self.columns[..], &mut self.values[..]);
                    l.step(&*self.coupling, rows, post, |_, i| x[i]);
                }
            }
        }
        if learning.is_some() {
            self.refresh_row_sums();
        }
        self.learning = learning;
        self.totals = totals;
        &self.totals
    }

    /// c_j = node(a·wx_j + (b·y_j + c)·Σ_i w_ji) from the sums wx_j = Σ_i w_ji x_i in `wx`,
    /// for a coupling linear in `pre` with coefficients (a, b, c).
    fn totals_from_sums(&mut self, post: Option<&[f64]>, [a, b, c]: [f64; 3]) -> &[f64] {
        for (j, total) in self.totals.iter_mut().enumerate() {
            let y = post.map_or(0.0, |p| p[j]);
            *total = self
                .coupling
                .node(a * self.wx[j] + (b * y + c) * self.row_sums[j]);
        }
        &self.totals
    }

    /// Why the projection cannot feed an asynchronous update, if it cannot: a field (its
    /// convolution is of the whole grid) or delays (a unit's turn would read the past).
    pub fn refuses_asynchronous(&self) -> Option<&'static str> {
        if self.field.is_some() {
            Some("it is a field, convolved over the whole grid at once")
        } else if self.delays.is_some() {
            Some("it has delays")
        } else {
            None
        }
    }

    /// During an asynchronous step of its target (which is also its source): source unit
    /// `changed` (if any) took its new value in `source`, and target `j` is next; returns
    /// c_j − (its value before), and records c_j. The projection must not refuse
    /// ([`RateProjection::refuses_asynchronous`]).
    pub fn turn(&mut self, changed: Option<usize>, j: usize, source: &dyn Model) -> f64 {
        let x = source.state(self.source_state);
        let y = self.post_state.map_or(0.0, |k| source.state(k)[j]);
        let sum = match (&mut self.patterns, self.coupling.linear()) {
            (Some(w), Some([a, b, c])) => {
                if let Some(i) = changed {
                    w.changed(i, x[i]);
                }
                a * w.row_product(j) + (b * y + c) * w.row_sum(j)
            }
            _ => {
                let range = self.row_start[j]..self.row_start[j + 1];
                let weighted = self.columns[range.clone()].iter().zip(&self.values[range]);
                match self.coupling.linear() {
                    Some([a, b, c]) => {
                        let wx: f64 = weighted.map(|(&i, &w)| w * x[i as usize]).sum();
                        a * wx + (b * y + c) * self.row_sums[j]
                    }
                    None => weighted
                        .map(|(&i, &w)| w * self.coupling.edge(x[i as usize], y))
                        .sum(),
                }
            }
        };
        let value = self.coupling.node(sum);
        value - std::mem::replace(&mut self.totals[j], value)
    }

    /// Each target's sum of weights, after the weights changed.
    fn refresh_row_sums(&mut self) {
        for (j, sum) in self.row_sums.iter_mut().enumerate() {
            *sum = self.values[self.row_start[j]..self.row_start[j + 1]]
                .iter()
                .sum();
        }
    }

    /// `totals` from the source value each edge reads, `pre(edge, source)`, and the target's
    /// `post` values.
    fn sum_rows(
        &self,
        post: Option<&[f64]>,
        pre: impl Fn(usize, usize) -> f64,
        totals: &mut [f64],
    ) {
        let linear = self.coupling.linear();
        for (j, total) in totals.iter_mut().enumerate() {
            let range = self.row_start[j]..self.row_start[j + 1];
            let edges = range.clone().zip(&self.columns[range.clone()]);
            let weighted = edges.zip(&self.values[range]);
            let y = post.map_or(0.0, |p| p[j]);
            let sum = match linear {
                Some([a, b, c]) => {
                    let mut wx = 0.0;
                    for ((e, &i), &w) in weighted {
                        wx += w * pre(e, i as usize);
                    }
                    a * wx + (b * y + c) * self.row_sums[j]
                }
                None => {
                    let mut s = 0.0;
                    for ((e, &i), &w) in weighted {
                        s += w * self.coupling.edge(pre(e, i as usize), y);
                    }
                    s
                }
            };
            *total = self.coupling.node(sum);
        }
    }

    /// The learning weights and rule states, then the delay history (ready flag, values),
    /// for checkpoints.
    pub fn save_dynamic(&self) -> Vec<f64> {
        let mut out = Vec::new();
        if let Some(l) = &self.learning {
            out.extend_from_slice(&self.values);
            out.extend_from_slice(&l.states);
        }
        if let Some(d) = &self.delays {
            d.line.save(&mut out);
        }
        out
    }

    /// Restores what [`RateProjection::save_dynamic`] saved from the same projection.
    pub fn load_dynamic(&mut self, data: &[f64]) -> Result<(), Error> {
        let wrong = || Error::Incompatible {
            what: format!("rate projection `{}`", self.name),
            message: "the saved state does not fit this projection".into(),
        };
        let learned = self
            .learning
            .as_ref()
            .map_or(0, |l| self.values.len() + l.states.len());
        if data.len() < learned {
            return Err(wrong());
        }
        let (learned, history) = data.split_at(learned);
        if learned.iter().any(|v| !v.is_finite()) {
            return Err(wrong());
        }
        let fits = match &mut self.delays {
            None => history.is_empty(),
            Some(d) => d.line.load(history),
        };
        if !fits {
            return Err(wrong());
        }
        if let Some(l) = &mut self.learning {
            let (values, states) = learned.split_at(self.values.len());
            self.values.copy_from_slice(values);
            l.states.copy_from_slice(states);
            self.refresh_row_sums();
        }
        Ok(())
    }
}

/// A size error `e` that says what the sizes are of (`of`); other errors as they are.
fn sizes_of(e: Error, of: &str) -> Error {
    match e {
        Error::WrongSize {
            what,
            expected,
            got,
        } => Error::WrongSize {
            what: format!("{what} ({of})"),
            expected,
            got,
        },
        other => other,
    }
}

/// Delay `ms` of synapse `s` in whole steps of `dt_ms`, or an error naming it.
fn delay_steps(
    name: &str,
    s: usize,
    ms: f64,
    dt_ms: f64,
    rounding: DelayRounding,
) -> Result<u32, Error> {
    let bad = |why: &str| Error::Incompatible {
        what: format!("rate projection `{name}`"),
        message: format!("the delay of edge {s} ({ms} ms) {why}"),
    };
    if !(ms.is_finite() && ms >= 0.0) {
        return Err(bad("is not a finite number ≥ 0"));
    }
    let steps = rounding.whole(ms / dt_ms);
    if steps > f64::from(u32::MAX) {
        return Err(bad("is too long to count in steps"));
    }
    Ok(steps as u32)
}
