//! The coupling trait implemented by generated `coupling` items.

use crate::error::Error;
use crate::model::ParamInfo;

/// Names and documentation of a coupling.
#[derive(Clone, Copy, Debug)]
pub struct CouplingInfo {
    /// Coupling name.
    pub name: &'static str,
    /// Documentation.
    pub doc: &'static str,
    /// Parameters.
    pub params: &'static [ParamInfo],
    /// The edge term as text (over `pre`, `post`).
    pub edge: &'static str,
    /// The node term as text (over `total`).
    pub node: &'static str,
    /// Whether the edge term is linear, so the weighted sum is a matrix–vector product.
    pub linear: bool,
    /// Whether the edge term reads `post`, the target's own value.
    pub reads_post: bool,
    /// The coupling's text in the Cajal language (what the interpreter reads).
    pub source: &'static str,
}

/// How the values of source nodes combine into a target node's input:
/// c_i = node(Σ_j W_ij · edge(x_j(t − d_ij), x_i)).
pub trait Coupling {
    /// Names and documentation.
    fn info(&self) -> &'static CouplingInfo;
    /// The term of one edge from the source value `pre` and the target value `post`.
    fn edge(&self, pre: f64, post: f64) -> f64;
    /// What the target receives for a weighted sum `total`.
    fn node(&self, total: f64) -> f64;
    /// `[a, b, c]` when edge = a·pre + b·post + c (then the sum is a matrix–vector product).
    fn linear(&self) -> Option<[f64; 3]>;
    /// Sets parameter `k`.
    fn set_param(&mut self, k: usize, value: f64) -> Result<(), Error>;
}
