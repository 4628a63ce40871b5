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
    /// The learning rule of a plastic coupling (`None`: the weights are fixed).
    pub rule: Option<RuleInfo>,
    /// The coupling's text in the Cajal language (what the interpreter reads).
    pub source: &'static str,
}

/// The learning rule of a plastic coupling: dW_ij/dt over `pre`, `post`, the weight and
/// per-target rule states, integrated by forward Euler every step.
#[derive(Clone, Copy, Debug)]
pub struct RuleInfo {
    /// The weight's name.
    pub weight: &'static str,
    /// dw/dt as text (1/ms).
    pub weight_rate: &'static str,
    /// Per-target rule states (e.g. a sliding threshold), with their equations as text in
    /// [`RuleInfo::state_rates`].
    pub states: &'static [crate::model::VarInfo],
    /// d/dt of each rule state as text (its unit per ms).
    pub state_rates: &'static [&'static str],
    /// Whether the rule reads `post`, the target's value.
    pub reads_post: bool,
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
    /// Initial value of rule state `k` of a plastic coupling (0 for a static one).
    fn rule_init(&self, k: usize) -> f64;
    /// d/dt of rule state `k` (its unit per ms) from the target value `post` and the
    /// target's rule `states` (0 for a static coupling).
    fn rule_rate(&self, k: usize, post: f64, states: &[f64]) -> f64;
    /// dw/dt (1/ms) of an edge of weight `w` from the source value `pre`, the target value
    /// `post` and the target's rule `states` (0 for a static coupling).
    fn weight_rate(&self, w: f64, pre: f64, post: f64, states: &[f64]) -> f64;
}
