//! `cajal simulate`'s and `cajal fi`'s flags resolved into what to run: the target resolved
//! once, every value converted to the unit of what it sets, and options that do not apply to
//! the target refused, all before anything runs.

use std::path::Path;
use std::sync::Arc;

use cajal_runtime::export::check_output;
use cajal_runtime::interpreter::Interpreter;
use cajal_runtime::output::check_writable;
use cajal_runtime::plot::PlotKind;
use cajal_runtime::{Model, ModelInfo, Precision, Stimulus};

use cajal_lang::ir::Item;

use crate::analyse::{Analysis, AnalysisRequest};
use crate::args::{FiArgs, SimulateArgs};
use crate::fail;
use crate::failure::Failure;
use crate::source::interpret_network;
use crate::target::Target;
use crate::values::{Window, assignment, stimulus, time_ms, value_in, window};
use cajal_models::frontend::{self, Composition, ModelCode, NetworkPlan, compose};

/// Time step of a model run that does not state one (ms).
const DEFAULT_DT_MS: f64 = 0.1;

/// A resolved `simulate` request.
pub struct Request {
    /// What runs.
    pub run: Run,
    /// Simulated time (ms).
    pub duration_ms: f64,
    /// Show a progress bar (on a terminal, for runs longer than about a second).
    pub progress: bool,
    /// Output file (`.json`, `.csv`, `.npz`, `.npy`).
    pub out: Option<String>,
    /// Plot file and what to plot.
    pub plot: Option<(String, PlotKind)>,
    /// `--analyse` and its options (none: no analyses).
    pub analysis: Option<AnalysisRequest>,
}

/// A population of one model, or a network.
pub enum Run {
    /// A population of a library or file model.
    Model(ModelRun),
    /// A library or file network.
    Network(NetworkRun),
}

/// A model with the parameters and method the flags give: what `simulate` and `fi` share.
pub struct ModelSetup {
    /// The model.
    pub population: ModelCode,
    /// Its checked definition, for evaluating its equations outside a run (phase planes).
    pub definition: Arc<Interpreter>,
    /// (parameter index, value): the preset's values, then `--set`'s.
    pub params: Vec<(usize, f64)>,
    /// Integration method.
    pub method: Option<String>,
}

impl ModelSetup {
    /// The model `target` names with `--preset`, `--set` and `--method`, and its checked form.
    fn resolve(
        target: &Target,
        preset: Option<&str>,
        set: &[String],
        method: Option<String>,
    ) -> Result<(ModelSetup, cajal_lang::ir::Model), Failure> {
        let ir = target.model_ir()?;
        let definition = Interpreter::new(ir.clone());
        let population = match target {
            Target::LibraryModel(e) => ModelCode::Library(e),
            _ => ModelCode::Interpreted(definition.clone()),
        };
        let params = parameter_values(&ir, population.info(), preset, set)?;
        let setup = ModelSetup {
            population,
            definition,
            params,
            method,
        };
        Ok((setup, ir))
    }

    /// `n` instances with the parameters and method set (reset the state after the last
    /// change, so that initial values that read parameters follow them).
    pub fn build(&self, n: usize) -> Result<Box<dyn Model + Send>, Failure> {
        let mut model = self.population.build(n);
        for &(k, v) in &self.params {
            model.set_param(k, v)?;
        }
        if let Some(m) = &self.method {
            model.set_method(m)?;
        }
        Ok(model)
    }
}

/// A population run, every value in the model's units.
pub struct ModelRun {
    /// The model, its parameters and method.
    pub setup: ModelSetup,
    /// Instances.
    pub n: usize,
    /// Event schedule.
    pub schedule: Option<String>,
    /// Seed of every random stream.
    pub seed: u64,
    /// (state index, initial value), applied after the state is reset.
    pub inits: Vec<(usize, f64)>,
    /// (input name, stimulus).
    pub inputs: Vec<(String, Stimulus)>,
    /// Time step (ms).
    pub dt_ms: f64,
    /// Recorded variables (every state by default).
    pub record: Vec<String>,
    /// Record stride in steps.
    pub every: u64,
}

/// A network run.
pub struct NetworkRun {
    /// How to build it.
    pub plan: NetworkPlan,
    /// Preset applied before the settings.
    pub preset: Option<String>,
    /// (parameter index, value in the parameter's unit).
    pub settings: Vec<(usize, f64)>,
    /// Seed (the network's own by default).
    pub seed: Option<u64>,
    /// `--record POP.VAR` as (population, variable); empty: the network's own monitors.
    pub record: Vec<(String, String)>,
    /// Record stride in steps.
    pub every: u64,
    /// `--sweep` axes (empty: one run).
    pub sweep: Vec<SweepAxis>,
    /// Threads: a sweep's members are shared out over them; a single run is split over
    /// them, each thread a rank holding a share of every population (one by default).
    pub threads: usize,
    /// `--precision`: the precision of the dense weight products (the network's own when
    /// not given).
    pub precision: Option<Precision>,
}

/// One axis of a parameter sweep.
#[derive(Clone, Debug)]
pub struct SweepAxis {
    /// The parameter's index among the network's parameters.
    pub param: usize,
    /// Its name and unit.
    pub name: String,
    /// The unit of the values.
    pub unit: String,
    /// The values, in that unit.
    pub values: Vec<f64>,
}

impl Request {
    /// Checks, before the run, that the output (format, folder, the names of the recorded
    /// variables) and the plot can be written.
    pub fn check_outputs(&self) -> Result<(), Failure> {
        if let Some(path) = &self.out {
            let names: Vec<String> = match &self.run {
                Run::Model(m) => m.record.clone(),
                Run::Network(n) => n.record.iter().map(|(p, v)| format!("{p}.{v}")).collect(),
            };
            check_output(Path::new(path), &names)?;
        }
        if let Some((path, _)) = &self.plot {
            check_writable(Path::new(path), "plot", &["svg", "png"], None)?;
        }
        if let Some(path) = self.analysis.as_ref().and_then(|a| a.out.as_ref()) {
            check_writable(Path::new(path), "analysis", &["json"], None)?;
        }
        if let Some(path) = self.analysis.as_ref().and_then(|a| a.plot.as_ref()) {
            check_writable(Path::new(path), "analysis plot", &["svg", "png"], None)?;
        }
        Ok(())
    }

    /// Resolves the flags of `cajal simulate`.
    pub fn from_args(mut args: SimulateArgs) -> Result<Request, Failure> {
        let target = match &args.connectome {
            Some(_) => whole_brain(&mut args)?,
            None => {
                refuse_whole_brain_flags(&args)?;
                Target::resolve(&args.model, args.model_name.as_deref())?
            }
        };
        let plot = match &args.plot {
            Some(path) => {
                let Some(kind) = PlotKind::from_name(&args.plot_kind) else {
                    fail!("--plot-kind {}: unknown plot kind", args.plot_kind);
                };
                Some((path.clone(), kind))
            }
            None => None,
        };
        let run = match target {
            Target::LibraryNetwork(net) => {
                Run::Network(network_run(NetworkPlan::library(net), &args)?)
            }
            Target::FileNetwork(net) => Run::Network(network_run(
                NetworkPlan::interpreted(std::sync::Arc::new(*net)),
                &args,
            )?),
            target => Run::Model(model_run(&target, &args)?),
        };
        let duration_ms = time_ms("--duration", &args.duration)?;
        if !(duration_ms.is_finite() && duration_ms >= 0.0) {
            fail!("--duration must not be negative");
        }
        let analysis = analysis_request(&args)?;
        Ok(Request {
            run,
            duration_ms,
            progress: true,
            out: args.out,
            plot,
            analysis,
        })
    }
}

/// The network `--connectome` composes around a library mass, saved with `--save-network`;
/// the record stride goes into its `record` line.
fn whole_brain(args: &mut SimulateArgs) -> Result<Target, Failure> {
    let dt_ms = match &args.dt {
        Some(dt) => time_ms("--dt", dt)?,
        None => DEFAULT_DT_MS,
    };
    if !(dt_ms.is_finite() && dt_ms > 0.0) {
        fail!("--dt must be a positive time");
    }
    let composition = Composition {
        mass: &args.model,
        connectome: args.connectome.as_deref().unwrap_or_default(),
        lengths: args.lengths.as_deref(),
        speed: args.speed.as_deref(),
        coupling: args.coupling.as_deref().unwrap_or("Diffusive"),
        couple: args.couple.as_deref(),
        noise: args.noise.as_deref(),
        bold: args.bold,
        tr: &args.tr,
        dt_ms,
        every: if args.record.is_empty() {
            args.every
        } else {
            1
        },
    };
    if args.model_name.is_some() {
        fail!("--model picks an item of a file; --connectome composes a network of a library mass");
    }
    let text = compose(&composition, Path::new("."))?;
    if args.record.is_empty() {
        args.every = 1;
    }
    args.dt = None;
    if let Some(path) = &args.save_network {
        cajal_runtime::output::write_atomically(Path::new(path), text.as_bytes())?;
    }
    let name = "the network composed by --connectome";
    let items = cajal_lang::compile_items(&text).map_err(|d| Failure(d.render(name, &text)))?;
    let net = items.iter().find_map(|i| match i {
        Item::Network(n) => Some(n.clone()),
        _ => None,
    });
    let Some(net) = net else {
        fail!("--connectome composed no network");
    };
    Ok(Target::FileNetwork(Box::new(interpret_network(
        net, &items, name, &text,
    )?)))
}

/// Whole-brain flags without `--connectome` are refused.
fn refuse_whole_brain_flags(args: &SimulateArgs) -> Result<(), Failure> {
    let stray = [
        ("--lengths", args.lengths.is_some()),
        ("--speed", args.speed.is_some()),
        ("--coupling", args.coupling.is_some()),
        ("--couple", args.couple.is_some()),
        ("--noise", args.noise.is_some()),
        ("--bold", args.bold),
        ("--save-network", args.save_network.is_some()),
    ];
    if let Some((flag, _)) = stray.iter().find(|(_, given)| *given) {
        fail!("{flag} applies to a whole-brain network: add --connectome hcp80 (or a weight file)");
    }
    Ok(())
}

/// `--analyse` with its options, or `None`; options without `--analyse` are refused.
fn analysis_request(args: &SimulateArgs) -> Result<Option<AnalysisRequest>, Failure> {
    let default_for_sweeps = ["fc", "order", "spectrum"].map(String::from);
    let analyses: &[String] = match (&args.analyse[..], args.sweep.is_empty()) {
        ([], false) => &default_for_sweeps,
        (given, _) => given,
    };
    if analyses.is_empty() {
        let stray = [
            ("--empirical-fc", args.empirical_fc.is_some()),
            ("--segment", args.segment.is_some()),
            ("--fcd-window", !args.fcd_window.is_empty()),
            ("--analysis-out", args.analysis_out.is_some()),
            ("--analysis-plot", args.analysis_plot.is_some()),
        ];
        if let Some((flag, _)) = stray.iter().find(|(_, given)| *given) {
            fail!("{flag} applies to analyses: add --analyse (e.g. --analyse fc,spectrum)");
        }
        return Ok(None);
    }
    let positive = |flag: &str, text: &str| -> Result<f64, Failure> {
        let ms = time_ms(flag, text)?;
        if !(ms.is_finite() && ms > 0.0) {
            fail!("{flag} {text}: must be a positive time");
        }
        Ok(ms)
    };
    let (fcd_window_ms, fcd_step_ms) = match &args.fcd_window[..] {
        [] => (None, None),
        [w] => (Some(positive("--fcd-window", w)?), None),
        [w, s] => (
            Some(positive("--fcd-window", w)?),
            Some(positive("--fcd-window", s)?),
        ),
        _ => fail!("--fcd-window takes WINDOW or WINDOW,STEP, e.g. 30s,5s"),
    };
    let transient_ms = time_ms("--transient", &args.transient)?;
    if !(transient_ms.is_finite() && transient_ms >= 0.0) {
        fail!("--transient must not be negative");
    }
    Ok(Some(AnalysisRequest {
        analyses: analyses
            .iter()
            .map(|a| Analysis::parse(a.trim()))
            .collect::<Result<_, _>>()?,
        transient_ms,
        empirical_fc: args.empirical_fc.clone(),
        fcd_window_ms,
        fcd_step_ms,
        segment_ms: match &args.segment {
            Some(s) => Some(positive("--segment", s)?),
            None => None,
        },
        out: args.analysis_out.clone(),
        plot: args.analysis_plot.clone(),
    }))
}

/// A population run of a library or file model.
fn model_run(target: &Target, args: &SimulateArgs) -> Result<ModelRun, Failure> {
    if !args.sweep.is_empty() {
        fail!(
            "--sweep applies to the parameters of a network; for a model's f–I curve use `cajal fi`"
        );
    }
    if args.threads.is_some() {
        fail!("--threads applies to a network (split over them) or to a --sweep's members");
    }
    if args.precision.is_some() {
        fail!(
            "--precision applies to a network's weight products; a single model's state is in f64"
        );
    }
    let (setup, ir) = ModelSetup::resolve(
        target,
        args.preset.as_deref(),
        &args.set,
        args.method.clone(),
    )?;
    if args.n == 0 {
        fail!("--n must be at least 1");
    }
    let info = setup.population.info();
    let mut inits = Vec::new();
    for text in &args.init {
        let (name, value) = assignment("--init", text)?;
        let k = info.state_index(name)?;
        let unit = info.states[k].unit;
        inits.push((
            k,
            value_in("--init", value, &format!("state `{name}`"), unit)?,
        ));
    }
    let dt_ms = match &args.dt {
        Some(dt) => time_ms("--dt", dt)?,
        None => DEFAULT_DT_MS,
    };
    let mut windows: Vec<(usize, Vec<Window>)> = Vec::new();
    for text in &args.input {
        let (name, rest) = assignment("--input", text)?;
        let k = info.input_index(name)?;
        let w = window(text, name, rest, info.inputs[k].unit)?;
        match windows.iter_mut().find(|(j, _)| *j == k) {
            Some((_, ws)) => ws.push(w),
            None => windows.push((k, vec![w])),
        }
    }
    let mut inputs = Vec::new();
    for (k, ws) in windows {
        let name = ir.inputs[k].name.clone();
        let s = stimulus(&name, ir.inputs[k].default, ws)?;
        inputs.push((name, s));
    }
    let record = if args.record.is_empty() {
        info.states.iter().map(|s| s.name.to_string()).collect()
    } else {
        args.record.clone()
    };
    Ok(ModelRun {
        setup,
        n: args.n,
        schedule: args.schedule.clone(),
        seed: args.seed.unwrap_or(0),
        inits,
        inputs,
        dt_ms,
        record,
        every: args.every,
    })
}

/// The preset's values, then `--set`'s, as (parameter index, value in its unit), with the
/// defaults that read other parameters recomputed from them (`--set V_T=-45mV` moves a
/// `V_cut = V_T + 5*Delta_T` along, unless `V_cut` is set too).
fn parameter_values(
    ir: &cajal_lang::ir::Model,
    info: &ModelInfo,
    preset: Option<&str>,
    set: &[String],
) -> Result<Vec<(usize, f64)>, Failure> {
    let mut explicit = Vec::new();
    for text in set {
        let (name, value) = assignment("--set", text)?;
        let k = info.param_index(name)?;
        let unit = info.params[k].unit;
        explicit.push((
            k,
            value_in("--set", value, &format!("parameter `{name}`"), unit)?,
        ));
    }
    Ok(frontend::parameter_values(ir, preset, &explicit)?)
}

/// What `cajal fi` runs: one instance per input value.
pub struct GainRequest {
    /// The model, its parameters and method.
    pub setup: ModelSetup,
    /// The input varied.
    pub input: String,
    /// Its values, in its unit.
    pub values: Vec<f64>,
    /// Time step, duration and transient (ms).
    pub dt_ms: f64,
    /// Simulated time (ms).
    pub duration_ms: f64,
    /// Time left out of the rate (ms).
    pub transient_ms: f64,
    /// Output file.
    pub out: Option<String>,
    /// Plot file.
    pub plot: Option<String>,
}

impl GainRequest {
    /// Checks, before the run, that the output and plot files can be written.
    pub fn check_outputs(&self) -> Result<(), Failure> {
        if let Some(path) = &self.out {
            check_writable(Path::new(path), "output", &["csv", "json"], None)?;
        }
        if let Some(path) = &self.plot {
            check_writable(Path::new(path), "plot", &["svg", "png"], None)?;
        }
        Ok(())
    }

    /// Resolves the flags of `cajal fi`.
    pub fn from_args(args: FiArgs) -> Result<GainRequest, Failure> {
        let target = Target::resolve(&args.model, args.model_name.as_deref())?;
        let (setup, _) =
            ModelSetup::resolve(&target, args.preset.as_deref(), &args.set, args.method)?;
        let info = setup.population.info();
        let (name, range) = assignment("--input", &args.input)?;
        let k = info.input_index(name)?;
        let what = format!("input `{name}`");
        let values = value_range("--input", &args.input, &what, range, info.inputs[k].unit)?;
        Ok(GainRequest {
            setup,
            input: name.to_string(),
            values,
            dt_ms: time_ms("--dt", &args.dt)?,
            duration_ms: time_ms("--duration", &args.duration)?,
            transient_ms: time_ms("--transient", &args.transient)?,
            out: args.out,
            plot: args.plot,
        })
    }
}

/// `LOW..HIGH:COUNT` of `--input` setting `text` (input `name` in `unit`): COUNT values from
/// LOW to HIGH, evenly spaced.
fn value_range(
    flag: &str,
    text: &str,
    what: &str,
    range: &str,
    unit: &str,
) -> Result<Vec<f64>, Failure> {
    let usage = format!("write {flag} NAME=LOW..HIGH:COUNT, e.g. I=0pA..500pA:51");
    let Some((span, count)) = range.rsplit_once(':') else {
        fail!("{flag} {text}: {usage}");
    };
    let Some((lo, hi)) = span.split_once("..") else {
        fail!("{flag} {text}: {usage}");
    };
    let count: usize = match count.trim().parse() {
        Ok(c) if c >= 1 => c,
        _ => fail!("{flag} {text}: the count must be a whole number of at least 1; {usage}"),
    };
    let (lo, hi) = (
        value_in(flag, lo, what, unit)?,
        value_in(flag, hi, what, unit)?,
    );
    if hi < lo {
        fail!("{flag} {text}: the range ends below its start");
    }
    Ok((0..count)
        .map(|j| match count {
            1 => lo,
            _ => lo + (hi - lo) * j as f64 / (count - 1) as f64,
        })
        .collect())
}

/// A network run: `--set` converted to the network's parameter units, `--dt` checked against
/// the network's, options that only apply to a model population refused.
fn network_run(plan: NetworkPlan, args: &SimulateArgs) -> Result<NetworkRun, Failure> {
    let given = [
        ("--n", args.n != 1),
        ("--input", !args.input.is_empty()),
        ("--init", !args.init.is_empty()),
        ("--method", args.method.is_some()),
        ("--schedule", args.schedule.is_some()),
    ];
    let named: Vec<&str> = given.iter().filter(|(_, g)| *g).map(|(f, _)| *f).collect();
    if !named.is_empty() {
        fail!(
            "{} cannot be used with a network (sizes, inputs and methods are set in the network; change its parameters with --set, record states with --record POP.VAR)",
            named.join(", ")
        );
    }
    if let Some(dt) = &args.dt {
        let dt = time_ms("--dt", dt)?;
        if (dt - plan.dt_ms).abs() > 1e-12 * plan.dt_ms {
            fail!(
                "--dt: `{}` is written for dt = {} ms (its connectivity and inputs assume it)",
                plan.name,
                plan.dt_ms
            );
        }
    }
    let param = |flag: &str, name: &str| match plan.params.iter().position(|p| p.0 == name) {
        Some(k) => Ok(k),
        None => {
            let names: Vec<&str> = plan.params.iter().map(|p| p.0.as_str()).collect();
            fail!(
                "{flag} {name}: `{}` has no parameter `{name}`; it has {}",
                plan.name,
                names.join(", ")
            )
        }
    };
    let mut settings = Vec::new();
    for text in &args.set {
        let (name, value) = assignment("--set", text)?;
        let k = param("--set", name)?;
        let unit = &plan.params[k].1;
        settings.push((
            k,
            value_in("--set", value, &format!("parameter `{name}`"), unit)?,
        ));
    }
    let mut sweep = Vec::new();
    for text in &args.sweep {
        let (name, range) = assignment("--sweep", text)?;
        let k = param("--sweep", name)?;
        if sweep.iter().any(|a: &SweepAxis| a.param == k) {
            fail!("--sweep {name}: the parameter is swept twice");
        }
        let unit = plan.params[k].1.clone();
        let what = format!("parameter `{name}`");
        let values = value_range("--sweep", text, &what, range, &unit)?;
        sweep.push(SweepAxis {
            param: k,
            name: name.to_string(),
            unit,
            values,
        });
    }
    if !sweep.is_empty() && (args.out.is_some() || args.plot.is_some()) {
        fail!(
            "--out and --plot write one run; a sweep writes its table with --analysis-out FILE.json"
        );
    }
    if args.record.is_empty() && args.every != 1 {
        fail!("--every applies to the variables of --record POP.VAR");
    }
    let threads = match args.threads {
        Some(0) => fail!("--threads must be at least 1"),
        Some(n) => n,
        None if sweep.is_empty() => 1,
        None => std::thread::available_parallelism().map_or(1, usize::from),
    };
    let precision = match &args.precision {
        Some(name) => match name.parse::<Precision>() {
            Ok(p) => Some(p),
            Err(e) => fail!("--precision {name}: {e}"),
        },
        None => None,
    };
    let mut record = Vec::new();
    for item in &args.record {
        let Some((pop, var)) = item.split_once('.') else {
            fail!("--record {item}: a network's variables are named POPULATION.VARIABLE, e.g. E.v");
        };
        record.push((pop.to_string(), var.to_string()));
    }
    Ok(NetworkRun {
        plan,
        preset: args.preset.clone(),
        settings,
        seed: args.seed,
        record,
        every: args.every,
        sweep,
        threads,
        precision,
    })
}
