//! `cajal`: list, show, check, generate and simulate Cajal models from the command line.
//!
//! Exit codes: 0 on success, 1 when a model, file, value or run fails (with a message naming
//! what and where), 2 for usage errors.

mod failure;
mod network;
mod show;
mod simulate;
mod source;

use std::io::Write as _;
use std::process::ExitCode;

use cajal_runtime::plot::PlotKind;
use clap::{Parser, Subcommand};

use failure::Failure;

/// Cajal: models of neurons, neural masses and networks, with units checked.
#[derive(Parser, Debug)]
#[command(name = "cajal", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
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
}

/// Options of `cajal simulate`. Values carry units: `--set a=0.02/ms`, `--input
/// I=125pA@100ms..1000ms`, `--duration 1s`, `--dt 0.1ms`.
#[derive(clap::Args, Debug)]
struct SimulateArgs {
    /// A library model (e.g. `izhikevich`), a library network (e.g. `coba`, whose
    /// parameters `--set` changes and whose spikes are recorded), or a `.cajal` file (its
    /// network if it has one, else its model).
    model: String,
    /// Which model or network of a file that holds several.
    #[arg(long = "model", value_name = "NAME")]
    model_name: Option<String>,
    /// Number of instances.
    #[arg(long, default_value_t = 1)]
    n: usize,
    /// A parameter preset, applied before `--set`.
    #[arg(long)]
    preset: Option<String>,
    /// A parameter value with its unit, e.g. `a=0.02/ms` (repeatable).
    #[arg(long, value_name = "NAME=VALUE")]
    set: Vec<String>,
    /// An input value with its unit, from T0 to T1 (ms, s) or for the whole run, e.g.
    /// `I=125pA@100ms..1000ms` (repeatable; outside its windows an input keeps its default).
    #[arg(long, value_name = "NAME=VALUE[@T0..T1]")]
    input: Vec<String>,
    /// An initial state value with its unit, e.g. `v=-70mV` (repeatable).
    #[arg(long, value_name = "STATE=VALUE")]
    init: Vec<String>,
    /// Simulated time, e.g. `1s` or `500ms`.
    #[arg(long)]
    duration: String,
    /// Time step (default 0.1 ms; a library network keeps its own).
    #[arg(long)]
    dt: Option<String>,
    /// Integration method (one of the model's selectable methods).
    #[arg(long)]
    method: Option<String>,
    /// Event schedule: `seed` or `brian2` (if the model offers it).
    #[arg(long)]
    schedule: Option<String>,
    /// Seed of every random stream (default 0; a library network keeps its own).
    #[arg(long)]
    seed: Option<u64>,
    /// Variables to record (states or outputs; default: every state).
    #[arg(long, value_delimiter = ',', value_name = "VAR,…")]
    record: Vec<String>,
    /// Record every K-th step.
    #[arg(long, default_value_t = 1, value_name = "K")]
    every: u64,
    /// Output file: `.json`, `.csv` (long format), `.npz`, or `.npy` (a directory of
    /// arrays). Without it, a summary is printed.
    #[arg(long, value_name = "FILE")]
    out: Option<String>,
    /// Plot file: `.svg` or `.png`.
    #[arg(long, value_name = "FILE")]
    plot: Option<String>,
    /// What to plot: `trace` (recorded variables against time), `phase` (the second
    /// recorded variable against the first), `raster` (spikes) or `rate` (population rate).
    #[arg(long, default_value = "trace", value_parser = ["trace", "phase", "raster", "rate"])]
    plot_kind: String,
}

fn run(cli: Cli) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    let mut print = |text: &str| {
        // A closed pipe (`cajal list | head`) is not an error worth a message.
        let _ = stdout.write_all(text.as_bytes());
    };
    match cli.command {
        Command::List => print(&show::list()),
        Command::Show { model, model_name } => {
            use cajal_models::catalog;
            if let Some(net) = catalog::find_network(&model) {
                print(&show::show_network(net));
                return Ok(());
            }
            if let Some(c) = catalog::find_coupling(&model) {
                print(&show::show_coupling(c));
                return Ok(());
            }
            if let Some(s) = catalog::find_synapse(&model) {
                print(&show::show_synapse(s.info));
                return Ok(());
            }
            match source::choose(&model, model_name.as_deref())? {
                source::Chosen::Network(net) => print(&show::show_file_network(net.ir())),
                chosen => print(&show::show(&chosen.ir()?)),
            }
        }
        Command::Check { file } => {
            let (text, items) = source::load_file(&file)?;
            source::check_networks(&file, &text, &items)?;
            print(&format!("{file}: {} item(s), no errors\n", items.len()));
        }
        Command::Generate { file } => {
            let (text, _) = source::load_file(&file)?;
            let options = cajal_codegen::Options::default();
            let tokens = cajal_codegen::generate(&text, &options)
                .map_err(|d| Failure(d.render(&file, &text)))?;
            let code = cajal_codegen::pretty(tokens)
                .map_err(|e| Failure(format!("error: generated code does not parse: {e}")))?;
            print(&code);
        }
        Command::Simulate(args) => {
            let request = simulate::Request {
                model: args.model,
                model_name: args.model_name,
                n: args.n,
                preset: args.preset,
                set: args.set,
                input: args.input,
                init: args.init,
                duration: args.duration,
                dt: args.dt,
                method: args.method,
                schedule: args.schedule,
                seed: args.seed,
                record: args.record,
                every: args.every,
                progress: true,
            };
            let rec = simulate::simulate(&request)?;
            if let Some(path) = &args.out {
                rec.write(path)?;
                print(&format!("wrote {path}\n"));
            }
            if let Some(path) = &args.plot {
                let kind =
                    PlotKind::from_name(&args.plot_kind).expect("clap accepts only the plot kinds");
                rec.plot(path, kind)?;
                print(&format!("wrote {path}\n"));
            }
            if args.out.is_none() {
                print(&simulate::summary(&rec));
            }
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message)) => {
            eprint!("{message}");
            if !message.ends_with('\n') {
                eprintln!();
            }
            ExitCode::FAILURE
        }
    }
}
