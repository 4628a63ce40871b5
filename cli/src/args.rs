//! The command line as written: subcommands and flags (clap), before anything is resolved.

use clap::{Parser, Subcommand, ValueEnum};

/// Cajal: models of neurons, neural masses and networks, with units checked.
#[derive(Parser, Debug)]
#[command(name = "cajal", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// What runs models written as text: `jit` (their equations compiled to native code,
    /// the same results to the last bit) or `interp` (the expression trees, the reference).
    #[arg(long, global = true, value_enum, default_value_t = Engine::Jit)]
    pub engine: Engine,
}

/// What runs models written as text.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// Native code from the JIT (models it cannot compile stay interpreted, with a note).
    Jit,
    /// The interpreter's expression trees.
    Interp,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Every library model, coupling, synapse and network: name, kind, summary and source.
    List,
    /// Parameters, inputs and states with units and defaults, the equations, and the
    /// integration method chosen and why.
    Show {
        /// A library model (e.g. `izhikevich`), coupling, synapse or network, or a `.cajal`
        /// file.
        model: String,
        /// Which model of a file that holds several.
        #[arg(long = "model", value_name = "NAME")]
        model_name: Option<String>,
    },
    /// Checks a `.cajal` file: diagnostics only (exit code 0 when it is valid, 1 if not).
    Check {
        /// The model file.
        file: String,
    },
    /// Prints the Rust code `neural_model!` generates for a `.cajal` file.
    Generate {
        /// The model file.
        file: String,
    },
    /// Simulates a population of a library model or of a model file, or a network of the
    /// library or of a file.
    Simulate(Box<SimulateArgs>),
    /// The f–I curve (gain function) of a model: its firing rate against a constant input,
    /// every input value one instance of one run, with the rheobase bracketed by the grid.
    Fi(Box<FiArgs>),
}

/// Options of `cajal fi`, e.g. `cajal fi lif --input I=0nA..5nA:51`.
#[derive(clap::Args, Debug)]
pub struct FiArgs {
    /// A library model or a `.cajal` file.
    pub model: String,
    /// Which model of a file that holds several.
    #[arg(long = "model", value_name = "NAME")]
    pub model_name: Option<String>,
    /// The input and its values, `NAME=LOW..HIGH:COUNT` with units, e.g. `I=0pA..500pA:51`.
    #[arg(long, value_name = "NAME=LOW..HIGH:COUNT")]
    pub input: String,
    /// Simulated time of each point, e.g. `1s`.
    #[arg(long, default_value = "1s")]
    pub duration: String,
    /// Time left out of the rate at the start (adaptation, first-spike latency), e.g. `200ms`.
    #[arg(long, default_value = "0ms")]
    pub transient: String,
    /// Time step.
    #[arg(long, default_value = "0.1ms")]
    pub dt: String,
    /// A parameter preset, applied before `--set`.
    #[arg(long)]
    pub preset: Option<String>,
    /// A parameter value with its unit, e.g. `a=0.02/ms` (repeatable).
    #[arg(long, value_name = "NAME=VALUE")]
    pub set: Vec<String>,
    /// Integration method (one of the model's selectable methods).
    #[arg(long)]
    pub method: Option<String>,
    /// Output file: `.csv` or `.json`. Without it, the curve is printed.
    #[arg(long, value_name = "FILE")]
    pub out: Option<String>,
    /// Plot file: `.svg` or `.png`.
    #[arg(long, value_name = "FILE")]
    pub plot: Option<String>,
    /// Memory budget, e.g. `4GiB` (default: the memory available).
    #[arg(long, value_name = "SIZE")]
    pub max_memory: Option<String>,
}

/// Options of `cajal simulate`. Values carry units: `--set a=0.02/ms`, `--input
/// I=125pA@100ms..1000ms`, `--duration 1s`, `--dt 0.1ms`.
#[derive(clap::Args, Debug)]
pub struct SimulateArgs {
    /// A library model (e.g. `izhikevich`), a library network (e.g. `coba`, whose
    /// parameters `--set` changes and whose spikes are recorded), or a `.cajal` file (its
    /// network if it has one, else its model).
    pub model: String,
    /// Which model or network of a file that holds several.
    #[arg(long = "model", value_name = "NAME")]
    pub model_name: Option<String>,
    /// Number of instances.
    #[arg(long, default_value_t = 1)]
    pub n: usize,
    /// A parameter preset, applied before `--set`.
    #[arg(long)]
    pub preset: Option<String>,
    /// A parameter value with its unit, e.g. `a=0.02/ms` (repeatable).
    #[arg(long, value_name = "NAME=VALUE")]
    pub set: Vec<String>,
    /// An input value with its unit, from T0 to T1 (ms, s) or for the whole run, e.g.
    /// `I=125pA@100ms..1000ms` (repeatable; outside its windows an input keeps its default).
    #[arg(long, value_name = "NAME=VALUE[@T0..T1]")]
    pub input: Vec<String>,
    /// An initial state value with its unit, e.g. `v=-70mV` (repeatable).
    #[arg(long, value_name = "STATE=VALUE")]
    pub init: Vec<String>,
    /// Simulated time, e.g. `1s` or `500ms`.
    #[arg(long)]
    pub duration: String,
    /// Time step (default 0.1 ms; a library network keeps its own).
    #[arg(long)]
    pub dt: Option<String>,
    /// Integration method (one of the model's selectable methods).
    #[arg(long)]
    pub method: Option<String>,
    /// Event schedule: `seed` or `brian2` (if the model offers it).
    #[arg(long)]
    pub schedule: Option<String>,
    /// Seed of every random stream (default 0; a library network keeps its own).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Variables to record (states or outputs; default: every state).
    #[arg(long, value_delimiter = ',', value_name = "VAR,…")]
    pub record: Vec<String>,
    /// Record every K-th step.
    #[arg(long, default_value_t = 1, value_name = "K")]
    pub every: u64,
    /// Output file: `.json`, `.csv` (long format), `.npz`, or `.npy` (a directory of
    /// arrays). Without it, a summary is printed.
    #[arg(long, value_name = "FILE")]
    pub out: Option<String>,
    /// Plot file: `.svg` or `.png`.
    #[arg(long, value_name = "FILE")]
    pub plot: Option<String>,
    /// What to plot: `trace` (recorded variables against time), `phase` (the second
    /// recorded variable against the first), `raster` (spikes) or `rate` (population rate).
    #[arg(long, default_value = "trace", value_parser = ["trace", "phase", "raster", "rate"])]
    pub plot_kind: String,
    /// Memory budget, e.g. `4GiB` or `500MB` (default: the memory available): a run whose
    /// populations or recordings would need more is refused before it starts.
    #[arg(long, value_name = "SIZE")]
    pub max_memory: Option<String>,
    /// Analyses of every recorded variable over its instances (the nodes of a whole-brain
    /// network): `fc` (functional connectivity and its fit to an empirical FC), `order`
    /// (mean Kuramoto order parameter of the Hilbert phases), `order-of-phase` (of values
    /// that are phases), `spectrum` (Welch; peak frequency per instance), `fcd`.
    #[arg(long, value_delimiter = ',', value_name = "ANALYSIS,…")]
    pub analyse: Vec<String>,
    /// Time left out of the analyses at the start, e.g. `2s`.
    #[arg(long, default_value = "0ms")]
    pub transient: String,
    /// The empirical FC that `fc` fits: a shipped connectome (`hcp80`, the default for 80
    /// instances) or a matrix file.
    #[arg(long, value_name = "NAME|FILE")]
    pub empirical_fc: Option<String>,
    /// Welch segment length for `spectrum` (default: a quarter of the analysed time).
    #[arg(long, value_name = "TIME")]
    pub segment: Option<String>,
    /// FCD window and step, e.g. `30s,5s` (default: a tenth of the analysed time, half of
    /// that).
    #[arg(long, value_delimiter = ',', value_name = "WINDOW,STEP")]
    pub fcd_window: Vec<String>,
    /// Writes the analyses as JSON to this file.
    #[arg(long, value_name = "FILE")]
    pub analysis_out: Option<String>,
    /// Plots the analyses (`.svg` or `.png`): for one run, the simulated FC beside the
    /// empirical FC; for a sweep, the FC fit (else the order parameter or the peak
    /// frequency) against the swept parameter, or as a heat map over two.
    #[arg(long, value_name = "FILE")]
    pub analysis_plot: Option<String>,
    /// A sweep of a network parameter, `NAME=LOW..HIGH:COUNT` with units, e.g. `k=0..1:64`
    /// (repeatable: the axes form a grid, the first varying slowest). Every member runs with
    /// its values; the analyses (`--analyse`, default `fc,order,spectrum`) are tabulated per
    /// member.
    #[arg(long, value_name = "NAME=LOW..HIGH:COUNT")]
    pub sweep: Vec<String>,
    /// A whole-brain network of the library mass on this connectome: `hcp80` (shipped) or a
    /// weight file (CSV, `.npy`, TVB `.zip`; row = target, column = source). Its parameters
    /// are the mass's and the coupling's (`--set k=0.5`, `--sweep k=0..1:64`).
    #[arg(long, value_name = "NAME|FILE", help_heading = "Whole brain")]
    pub connectome: Option<String>,
    /// Tract lengths (mm) for the connectome's delays, with `--speed`.
    #[arg(long, value_name = "FILE", help_heading = "Whole brain")]
    pub lengths: Option<String>,
    /// Conduction speed for delays from the tract lengths, e.g. `10m/s` (rounded up to
    /// whole steps, as brainmass).
    #[arg(long, value_name = "SPEED", help_heading = "Whole brain")]
    pub speed: Option<String>,
    /// The library coupling between the nodes.
    #[arg(long, value_name = "NAME", help_heading = "Whole brain")]
    pub coupling: Option<String>,
    /// Which state couples into which input, e.g. `x->x_inp` (default: the mass's first state
    /// into its first input).
    #[arg(long, value_name = "STATE->INPUT", help_heading = "Whole brain")]
    pub couple: Option<String>,
    /// Ornstein–Uhlenbeck noise per node (τ = 5 ms) of standard deviation SIGMA, into the
    /// coupled input or the one named, e.g. `0.05@y_inp`.
    #[arg(long, value_name = "SIGMA[@INPUT]", help_heading = "Whole brain")]
    pub noise: Option<String>,
    /// Balloon–Windkessel BOLD of the coupled state, recorded every `--tr` (analyse it with
    /// `--analyse fc`).
    #[arg(long, help_heading = "Whole brain")]
    pub bold: bool,
    /// BOLD sampling period (repetition time).
    #[arg(
        long,
        default_value = "720ms",
        value_name = "TIME",
        help_heading = "Whole brain"
    )]
    pub tr: String,
    /// Writes the composed whole-brain network as a `.cajal` file, to edit and run again.
    #[arg(long, value_name = "FILE", help_heading = "Whole brain")]
    pub save_network: Option<String>,
    /// Threads. A network run is split over them: each holds a share of every population's
    /// neurons and the synapses onto them, and they exchange spikes once per minimum delay,
    /// as MPI ranks do (default: one). A sweep's members are shared out over them (default:
    /// one per core). The results do not depend on the number, bit for bit.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Precision of a network's dense weight products (whole-brain couplings without
    /// delays): `f32` stores the weights in single precision and sums each run of 64 terms
    /// in f32, the runs in f64 (half the bytes read per step; each sum within about 4·10⁻⁶
    /// of Σ|w·x| of the f64 one), `f64` the plain product. Default: the network's own
    /// (`precision f32` in its item), else f64. States stay in f64.
    #[arg(long, value_name = "f32|f64")]
    pub precision: Option<String>,
}
