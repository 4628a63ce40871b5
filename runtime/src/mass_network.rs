//! A network of N nodes of one mass model, coupled through one state variable into one input;
//! optionally B such networks with different parameters (a batch) stepped together.
//!
//! At each step the runtime computes c_i = node(Σ_j W_ij · edge(x_j(t − d_ij), x_i)) from the
//! pre-step values, adds it to the external drive of the target input, and steps every node.
//! Linear edge terms (diffusive, additive, Laplacian) run as matrix–vector products, dense or
//! (when at most a quarter of the weights are non-zero) in compressed sparse rows.
//! Delayed values before t = 0 are the initial state.

use crate::connectivity::Connectivity;
use crate::coupling::Coupling;
use crate::delay_line::NodeHistory;
use crate::error::Error;
use crate::model::{Model, ModelInfo};
use crate::panels::Panels;
use crate::precision::Precision;

/// B copies (a batch; B = 1 by default) of N coupled nodes of model `M`, with one coupling
/// per copy; implements [`Model`], so [`crate::Simulation`] runs it. Instance `b·N + i` is
/// node i of copy b, so per-instance parameters give each copy its own parameter set.
pub struct MassNetwork<M: Model, C: Coupling> {
    nodes: M,
    couplings: Vec<C>,
    conn: Connectivity,
    source: usize,
    target: usize,
    external: Vec<Vec<f64>>,
    row_sums: Vec<f64>,
    history: NodeHistory,
    /// With delays: the weights and delays by source (`[j·N + i]` for edge j → i), for the
    /// delayed sums taken source by source.
    by_source: Option<(Vec<f64>, Vec<u32>)>,
    step_index: usize,
    total: Vec<f64>,
    weights: Weights,
    /// Linear coefficients of each member's coupling, refreshed every step (no allocation
    /// after the first).
    coefficients: Vec<[f64; 3]>,
}

/// The weights as the matrix–vector product reads them.
enum Weights {
    /// Dense, in panels of rows, read front to back by the product.
    Panels(Panels),
    /// Sparse rows.
    Sparse(Csr),
}

impl Weights {
    fn new(n: usize, w: &[f64]) -> Weights {
        match Csr::from_dense(n, w) {
            Some(csr) => Weights::Sparse(csr),
            None => Weights::Panels(Panels::new(n, n, w)),
        }
    }

    /// out_b = W·x_b for every batch member b (`x` and `out` hold members one after
    /// another, N values each); each member's sums are the same, in the same order, as one
    /// [`Weights::product`].
    fn products(&self, n: usize, x: &[f64], out: &mut [f64]) {
        match self {
            Weights::Panels(panels) => panels.products(x, out),
            Weights::Sparse(_) => {
                for (xb, ob) in x.chunks_exact(n).zip(out.chunks_exact_mut(n)) {
                    self.product(xb, ob);
                }
            }
        }
    }

    /// out = W·x.
    fn product(&self, x: &[f64], out: &mut [f64]) {
        match self {
            Weights::Panels(panels) => panels.product(x, out),
            Weights::Sparse(csr) => {
                for (i, o) in out.iter_mut().enumerate() {
                    *o = csr.row_dot(i, x);
                }
            }
        }
    }
}

/// Compressed sparse rows of the weights, used when at most a quarter of them are non-zero.
struct Csr {
    row_start: Vec<usize>,
    columns: Vec<usize>,
    values: Vec<f64>,
}

impl Csr {
    fn from_dense(n: usize, w: &[f64]) -> Option<Csr> {
        let nonzero = w.iter().filter(|x| **x != 0.0).count();
        if nonzero * 4 > n * n {
            return None;
        }
        let mut csr = Csr {
            row_start: vec![0],
            columns: Vec::with_capacity(nonzero),
            values: Vec::with_capacity(nonzero),
        };
        for i in 0..n {
            for (j, wij) in w[i * n..(i + 1) * n].iter().enumerate() {
                if *wij != 0.0 {
                    csr.columns.push(j);
                    csr.values.push(*wij);
                }
            }
            csr.row_start.push(csr.columns.len());
        }
        Some(csr)
    }

    fn row_dot(&self, i: usize, x: &[f64]) -> f64 {
        let range = self.row_start[i]..self.row_start[i + 1];
        self.columns[range.clone()]
            .iter()
            .zip(&self.values[range])
            .map(|(j, w)| w * x[*j])
            .sum()
    }
}

impl<M: Model, C: Coupling> MassNetwork<M, C> {
    /// Couples state `source` of `nodes` into their input `target` through `coupling`.
    pub fn new(
        nodes: M,
        coupling: C,
        conn: Connectivity,
        source: &str,
        target: &str,
    ) -> Result<Self, Error> {
        Self::batched(nodes, vec![coupling], conn, source, target)
    }

    /// A batch of `couplings.len()` networks on the same connectivity: `nodes` holds
    /// N·B instances (copy b is instances b·N … b·N + N − 1) and copy b uses `couplings[b]`.
    /// A plastic coupling is refused: its learning runs in [`crate::Network`]'s rate
    /// projections.
    pub fn batched(
        nodes: M,
        couplings: Vec<C>,
        conn: Connectivity,
        source: &str,
        target: &str,
    ) -> Result<Self, Error> {
        let info = nodes.info();
        let source = info.state_index(source)?;
        let target = info.input_index(target)?;
        if let Some(c) = couplings.first().filter(|c| c.info().rule.is_some()) {
            return Err(Error::Incompatible {
                what: "mass network".into(),
                message: format!(
                    "coupling `{}` is plastic, but a mass network's connectivity is fixed; couple populations of a `Network` for weights that learn",
                    c.info().name
                ),
            });
        }
        let n = conn.len();
        let batch = couplings.len();
        if batch == 0 {
            return Err(Error::WrongSize {
                what: "couplings (one per batch member)".into(),
                expected: 1,
                got: 0,
            });
        }
        if nodes.len() != n * batch {
            return Err(Error::WrongSize {
                what: format!("connectivity (nodes × {batch} batch members)"),
                expected: nodes.len(),
                got: n * batch,
            });
        }
        let row_sums = (0..n)
            .map(|i| conn.weights()[i * n..(i + 1) * n].iter().sum())
            .collect();
        let longest = conn
            .delay_steps()
            .map_or(0, |d| d.iter().copied().max().unwrap_or(0) as usize);
        let history = NodeHistory::new("mass network", longest, nodes.len())?;
        let by_source = conn.delay_steps().map(|d| {
            let w = conn.weights();
            let mut weights = Vec::with_capacity(n * n);
            let mut delays = Vec::with_capacity(n * n);
            for j in 0..n {
                for i in 0..n {
                    weights.push(w[i * n + j]);
                    delays.push(d[i * n + j]);
                }
            }
            (weights, delays)
        });
        // The external drive starts at the inputs' declared defaults.
        let external: Vec<Vec<f64>> = (0..info.inputs.len())
            .map(|k| nodes.input(k).to_vec())
            .collect();
        Ok(MassNetwork {
            weights: Weights::new(n, conn.weights()),
            coefficients: Vec::with_capacity(batch),
            total: vec![0.0; nodes.len()],
            history,
            by_source,
            nodes,
            couplings,
            conn,
            source,
            target,
            external,
            row_sums,
            step_index: 0,
        })
    }

    /// The nodes.
    pub fn nodes(&self) -> &M {
        &self.nodes
    }

    /// Mutable nodes (parameters, state).
    pub fn nodes_mut(&mut self) -> &mut M {
        self.history.forget();
        &mut self.nodes
    }

    /// Shares the weight product out over `threads` threads that live as long as the
    /// network: the calling thread and `threads − 1` helpers, each holding its own rows of
    /// the weights (panels of 32 rows, partitioned once) and meeting the caller at each step.
    /// For large networks, where a step is bound by reading the weights; the states are the
    /// same, bit for bit, on any number. Sparse weights and delayed sums stay on the calling
    /// thread.
    pub fn set_threads(&mut self, threads: usize) {
        self.rebuild_panels(threads, self.precision());
    }

    /// The threads the weight product runs on (see [`MassNetwork::set_threads`]).
    pub fn threads(&self) -> usize {
        match &self.weights {
            Weights::Panels(panels) => panels.threads(),
            Weights::Sparse(_) => 1,
        }
    }

    /// Stores the dense weights and takes their product in `precision` (see
    /// [`crate::precision`]): in f32 the product reads half the bytes and does twice the
    /// multiply–adds per instruction, and each coupling sum differs from the f64 one by at
    /// most about 4·10⁻⁶ of Σ_j |W_ij x_j|. States and everything else stay in f64. Sparse
    /// weights and delayed sums stay in f64 (they gather per edge: f32 would save little).
    pub fn set_precision(&mut self, precision: Precision) {
        self.rebuild_panels(self.threads(), precision);
    }

    /// The precision of the weight product: f32 only for dense weights set to it.
    pub fn precision(&self) -> Precision {
        match &self.weights {
            Weights::Panels(panels) => panels.precision(),
            Weights::Sparse(_) => Precision::F64,
        }
    }

    fn rebuild_panels(&mut self, threads: usize, precision: Precision) {
        if let Weights::Panels(_) = self.weights {
            let n = self.conn.len();
            let w = self.conn.weights();
            self.weights = Weights::Panels(Panels::with_threads(n, n, w, threads, precision));
        }
    }

    /// The coupling of batch member `b`.
    pub fn coupling_mut(&mut self, b: usize) -> Option<&mut C> {
        self.couplings.get_mut(b)
    }

    /// Computes Σ_j W_ij · edge_ij for every node of every batch member into `self.total`.
    fn weighted_sums(&mut self) {
        let n = self.conn.len();
        let x = self.nodes.state(self.source);
        let now = self.history.record(self.step_index as u64, x);
        let w = self.conn.weights();
        self.coefficients.clear();
        self.coefficients
            .extend(self.couplings.iter().map_while(Coupling::linear));
        if self.by_source.is_none() && self.coefficients.len() == self.couplings.len() {
            // One matrix–vector product per batch member, the weights read once for several.
            self.weights.products(n, x, &mut self.total);
            for (b, [a, bb, c]) in self.coefficients.iter().enumerate() {
                let range = b * n..(b + 1) * n;
                let (xb, total) = (&x[range.clone()], &mut self.total[range]);
                for ((t, xi), sum) in total.iter_mut().zip(xb).zip(&self.row_sums) {
                    *t = a * *t + (bb * xi + c) * sum;
                }
            }
            return;
        }
        if let Some((weights, delays)) = &self.by_source {
            for (b, coupling) in self.couplings.iter().enumerate() {
                let range = b * n..(b + 1) * n;
                delayed_sums(
                    (coupling, coupling.linear()),
                    (weights, delays),
                    (&self.history, now, b * n),
                    (&x[range.clone()], &self.row_sums),
                    &mut self.total[range],
                );
            }
            return;
        }
        for (b, coupling) in self.couplings.iter().enumerate() {
            let base = b * n;
            let linear = coupling.linear();
            for i in 0..n {
                let row = &w[i * n..(i + 1) * n];
                self.total[base + i] = row_total(
                    coupling,
                    linear,
                    row,
                    self.row_sums[i],
                    |j| x[base + j],
                    x[base + i],
                );
            }
        }
    }
}

impl<M: Model, C: Coupling> Model for MassNetwork<M, C> {
    fn info(&self) -> &'static ModelInfo {
        self.nodes.info()
    }

    fn len(&self) -> usize {
        self.nodes.len()
    }

    fn step(&mut self, t_ms: f64, dt_ms: f64, spikes: &mut Vec<u32>) {
        self.weighted_sums();
        let n = self.conn.len();
        for (k, ext) in self.external.iter().enumerate() {
            let input = self.nodes.input_mut(k);
            input.copy_from_slice(ext);
            if k == self.target {
                for (b, coupling) in self.couplings.iter().enumerate() {
                    let range = b * n..(b + 1) * n;
                    for (x, total) in input[range.clone()].iter_mut().zip(&self.total[range]) {
                        *x += coupling.node(*total);
                    }
                }
            }
        }
        self.nodes.step(t_ms, dt_ms, spikes);
        self.step_index += 1;
    }

    fn method(&self) -> &'static str {
        self.nodes.method()
    }

    fn set_method(&mut self, name: &str) -> Result<(), Error> {
        self.nodes.set_method(name)
    }

    fn schedule(&self) -> &'static str {
        self.nodes.schedule()
    }

    fn set_parallel_threshold(&mut self, min_instances: usize) {
        self.nodes.set_parallel_threshold(min_instances);
    }

    fn set_schedule(&mut self, name: &str) -> Result<(), Error> {
        self.nodes.set_schedule(name)
    }

    fn state(&self, k: usize) -> &[f64] {
        self.nodes.state(k)
    }

    fn state_mut(&mut self, k: usize) -> &mut [f64] {
        self.history.forget();
        self.nodes.state_mut(k)
    }

    fn input(&self, k: usize) -> &[f64] {
        self.external.get(k).map_or(&[], Vec::as_slice)
    }

    /// The external drive of input `k` (the coupling is added to it at each step).
    fn input_mut(&mut self, k: usize) -> &mut [f64] {
        match self.external.get_mut(k) {
            Some(v) => v,
            None => &mut [],
        }
    }

    fn swap_input(&mut self, k: usize, values: &mut Vec<f64>) {
        if let Some(v) = self.external.get_mut(k)
            && v.len() == values.len()
        {
            std::mem::swap(v, values);
        }
    }

    fn output(&self, k: usize, i: usize) -> f64 {
        self.nodes.output(k, i)
    }

    fn set_param(&mut self, k: usize, value: f64) -> Result<(), Error> {
        self.nodes.set_param(k, value)
    }

    fn set_param_per_instance(&mut self, k: usize, values: Vec<f64>) -> Result<(), Error> {
        self.nodes.set_param_per_instance(k, values)
    }

    fn set_seed(&mut self, seed: u64) {
        self.nodes.set_seed(seed);
    }

    /// The nodes' dynamic state, then the external drives and the coupling's delay history.
    fn save_dynamic(&self) -> Vec<f64> {
        let nodes = self.nodes.save_dynamic();
        let mut out = vec![nodes.len() as f64];
        out.extend(nodes);
        for ext in &self.external {
            out.extend_from_slice(ext);
        }
        out.push(self.step_index as f64);
        self.history.save(&mut out);
        out
    }

    fn load_dynamic(&mut self, data: &[f64]) -> Result<(), Error> {
        let name = self.info().name;
        let wrong = |message: &str| Error::Incompatible {
            what: format!("saved state of a network of `{name}`"),
            message: message.to_string(),
        };
        if data.iter().any(|x| !x.is_finite()) {
            return Err(wrong("it holds a value that is not a finite number"));
        }
        let whole_in = |x: f64, hi: f64| crate::saved_state::whole_in(x, 0.0, hi);
        let (&len, rest) = data.split_first().ok_or_else(|| wrong("it is empty"))?;
        if !whole_in(len, rest.len() as f64) {
            return Err(wrong("the nodes' part does not fit"));
        }
        let (nodes, mut rest) = rest.split_at(len as usize);
        // Every part is checked before anything changes.
        let mut external = Vec::with_capacity(self.external.len());
        for ext in &self.external {
            if rest.len() < ext.len() {
                return Err(wrong("the external drives do not fit"));
            }
            let (head, tail) = rest.split_at(ext.len());
            external.push(head);
            rest = tail;
        }
        let [step, history @ ..] = rest else {
            return Err(wrong("the step count is missing"));
        };
        if !whole_in(*step, crate::steps::MAX_STEPS as f64) {
            return Err(wrong("the step count is not a whole number of steps"));
        }
        let saved_history = {
            let mut h = Vec::new();
            self.history.save(&mut h);
            h
        };
        if !self.history.load(history) {
            return Err(wrong("the delay history does not fit"));
        }
        if let Err(e) = self.nodes.load_dynamic(nodes) {
            self.history.load(&saved_history);
            return Err(e);
        }
        for (ext, saved) in self.external.iter_mut().zip(external) {
            ext.copy_from_slice(saved);
        }
        self.step_index = *step as usize;
        Ok(())
    }

    fn reset_state(&mut self) {
        self.nodes.reset_state();
        self.history.forget();
        self.step_index = 0;
    }
    // Node state is written only through the nodes' own interface, so their mark holds.
    fn may_have_non_finite(&self) -> bool {
        self.nodes.may_have_non_finite()
    }
    fn mark_all_finite(&mut self) {
        self.nodes.mark_all_finite()
    }
}

/// One evaluation of a coupling without delays: c_i = node(Σ_j W_ij · edge(pre_j, post_i)),
/// with the same linear/nonlinear paths a [`MassNetwork`] takes.
pub fn coupling_input<C: Coupling>(
    coupling: &C,
    conn: &Connectivity,
    pre: &[f64],
    post: &[f64],
) -> Vec<f64> {
    let n = conn.len();
    let linear = coupling.linear();
    conn.weights()
        .chunks_exact(n.max(1))
        .enumerate()
        .map(|(i, row)| {
            coupling.node(row_total(
                coupling,
                linear,
                row,
                row.iter().sum(),
                |j| pre[j],
                post[i],
            ))
        })
        .collect()
}

/// The totals of one batch member with delays (its nodes' history from instance `base`),
/// taken source by source: each source's recent values are read from one short stretch of
/// the history while every target's edge from it adds its term. Each target's terms are
/// still added in the order j = 0, 1, … from −0.0 (as `Iterator::sum`), so the totals are
/// those of [`row_total`], bit for bit.
fn delayed_sums<C: Coupling>(
    (coupling, linear): (&C, Option<[f64; 3]>),
    (weights, delays): (&[f64], &[u32]),
    (history, now, base): (&NodeHistory, usize, usize),
    (post, row_sums): (&[f64], &[f64]),
    total: &mut [f64],
) {
    let n = total.len();
    total.fill(-0.0);
    for j in 0..n {
        let past = history.node(base + j);
        let column = j * n..(j + 1) * n;
        let edges = weights[column.clone()].iter().zip(&delays[column]);
        match linear {
            Some(_) => {
                for (t, (w, &d)) in total.iter_mut().zip(edges) {
                    *t += w * past[history.slot_back(now, d)];
                }
            }
            None => {
                for ((t, (w, &d)), &y) in total.iter_mut().zip(edges).zip(post) {
                    *t += w * coupling.edge(past[history.slot_back(now, d)], y);
                }
            }
        }
    }
    if let Some([a, b, c]) = linear {
        for ((t, &y), &sum) in total.iter_mut().zip(post).zip(row_sums) {
            *t = a * *t + (b * y + c) * sum;
        }
    }
}

/// Σ_j W_ij · edge(pre_j, post) for one target row, with `pre(j)` the (possibly delayed)
/// source values: the linear form a·(W·pre) + (b·post + c)·Σ_j W_ij when the coupling has one.
fn row_total<C: Coupling>(
    coupling: &C,
    linear: Option<[f64; 3]>,
    row: &[f64],
    row_sum: f64,
    pre: impl Fn(usize) -> f64,
    post: f64,
) -> f64 {
    match linear {
        Some([a, b, c]) => {
            let wx: f64 = row.iter().enumerate().map(|(j, w)| w * pre(j)).sum();
            a * wx + (b * post + c) * row_sum
        }
        None => row
            .iter()
            .enumerate()
            .map(|(j, w)| w * coupling.edge(pre(j), post))
            .sum(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_and_sparse_products_are_the_matrix_vector_product() {
        // Sizes with every mix of 32-blocks, 8-blocks and single rows; dense and sparse; one
        // member and batches.
        for n in [1usize, 7, 8, 9, 33, 41, 90, 131] {
            for sparse in [false, true] {
                let w: Vec<f64> = (0..n * n)
                    .map(|k| {
                        let v = ((k * 7919) % 101) as f64 / 37.0 - 1.3;
                        if sparse && k % 5 != 0 { 0.0 } else { v }
                    })
                    .collect();
                let x: Vec<f64> = (0..n).map(|j| (j as f64 * 0.7).sin()).collect();
                let weights = Weights::new(n, &w);
                assert_eq!(matches!(weights, Weights::Sparse(_)), sparse && n > 1);
                let mut out = vec![f64::NAN; n];
                weights.product(&x, &mut out);
                for i in 0..n {
                    let mut expected = 0.0;
                    for j in 0..n {
                        expected += w[i * n + j] * x[j];
                    }
                    // The same terms summed in the same order: the same number.
                    assert_eq!(out[i].to_bits(), expected.to_bits(), "n = {n}, row {i}");
                }
                for members in 1..=6 {
                    let xs: Vec<f64> = (0..members * n).map(|k| (k as f64 * 0.3).cos()).collect();
                    let mut together = vec![f64::NAN; members * n];
                    weights.products(n, &xs, &mut together);
                    for (xb, tb) in xs.chunks_exact(n).zip(together.chunks_exact(n)) {
                        let mut alone = vec![f64::NAN; n];
                        weights.product(xb, &mut alone);
                        assert_eq!(tb, &alone[..], "n = {n}, {members} members");
                    }
                }
            }
        }
    }
}
