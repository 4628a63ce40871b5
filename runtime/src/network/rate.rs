//! Rate coupling between populations (neural masses, or any model): at the start of each step
//! the target input receives c_j = node(Σ_i W_ji · edge(x_i, y_j)), with x the source
//! population's coupled state and y the target's state of the same name (read by edge terms
//! that use `post`). Linear edge terms run as a sparse matrix–vector product; each target's
//! terms are summed in source order, as in [`crate::MassNetwork`].

use super::connections::Connections;
use crate::coupling::Coupling;
use crate::error::Error;
use crate::model::Model;

/// One rate projection: weights by target row, the coupling and where it reads and writes.
pub(crate) struct RateProjection {
    pub name: String,
    pub source: usize,
    pub target: usize,
    source_state: usize,
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
}

/// Where a rate projection reads: the source population (index, model, coupled state) and
/// the target population (index, model).
pub(crate) struct RateEnds<'a> {
    pub source: (usize, &'a dyn Model, &'a str),
    pub target: (usize, &'a dyn Model),
}

impl RateProjection {
    /// Checks the ends and sizes and indexes the weights by target.
    pub fn new(
        name: &str,
        ends: RateEnds,
        coupling: Box<dyn Coupling + Send>,
        conn: Connections,
    ) -> Result<RateProjection, Error> {
        let (source, source_model, var) = ends.source;
        let (target, target_model) = ends.target;
        let source_state = source_model.info().state_index(var)?;
        let post_state = target_model.info().state_index(var).ok();
        let reads_post = match coupling.linear() {
            Some([_, b, _]) => b != 0.0,
            None => coupling.info().reads_post,
        };
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
        if conn.delay_ms.is_some() {
            return Err(Error::Incompatible {
                what: format!("rate projection `{name}`"),
                message: "rate couplings between populations take no delays (a MassNetwork does)"
                    .into(),
            });
        }
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
        let row_sums = (0..conn.n_post)
            .map(|j| values[row_start[j]..row_start[j + 1]].iter().sum())
            .collect();
        Ok(RateProjection {
            name: name.to_string(),
            source,
            target,
            source_state,
            post_state,
            slot: 0,
            coupling,
            row_start,
            columns,
            values,
            row_sums,
            totals: vec![0.0; conn.n_post],
        })
    }

    /// The values c_j for this step from the populations' states (see the module).
    pub fn compute(&mut self, source: &dyn Model, target: &dyn Model) -> &[f64] {
        let x = source.state(self.source_state);
        let post = self.post_state.map(|k| target.state(k));
        let linear = self.coupling.linear();
        for (j, total) in self.totals.iter_mut().enumerate() {
            let range = self.row_start[j]..self.row_start[j + 1];
            let (columns, values) = (&self.columns[range.clone()], &self.values[range]);
            let y = post.map_or(0.0, |p| p[j]);
            let sum = match linear {
                Some([a, b, c]) => {
                    let mut wx = 0.0;
                    for (&i, &w) in columns.iter().zip(values) {
                        wx += w * x[i as usize];
                    }
                    a * wx + (b * y + c) * self.row_sums[j]
                }
                None => {
                    let mut s = 0.0;
                    for (&i, &w) in columns.iter().zip(values) {
                        s += w * self.coupling.edge(x[i as usize], y);
                    }
                    s
                }
            };
            *total = self.coupling.node(sum);
        }
        &self.totals
    }
}
