//! `cajal`: list, show, check, generate and simulate Cajal models from the command line.
//!
//! A request flows one way: flags ([`args`]) → the model argument resolved once into a
//! [`target::Target`] and every value converted to its unit ([`request`]) → run
//! ([`run_model`], [`run_network`]) → write (files, plots, or a summary from [`report`]).
//!
//! Exit codes: 0 on success, 1 when a model, file, value or run fails (with a message naming
//! what and where), 2 for usage errors.

mod analyse;
mod analysis_plot;
mod args;
mod failure;
mod phase;
mod ranks;
mod report;
mod request;
mod run_model;
mod run_network;
mod show;
mod source;
mod sweep;
mod target;
mod values;

use std::io::Write as _;
use std::process::ExitCode;

use cajal_runtime::plot::PlotKind;
use clap::Parser as _;

use args::{Cli, Command};
use failure::Failure;
use report::Outcome;
use request::{GainRequest, Request, Run};
use target::Target;

fn run(cli: Cli) -> Result<(), Failure> {
    if cli.engine == args::Engine::Jit {
        cajal_jit::install();
    }
    let root = ranks::is_root();
    let mut stdout = std::io::stdout().lock();
    let mut print = |text: &str| {
        // A closed pipe (`cajal list | head`) is not an error worth a message; ranks other
        // than 0 of a run over MPI stay quiet.
        if root {
            let _ = stdout.write_all(text.as_bytes());
        }
    };
    if !ranks::share().is_whole() && !matches!(&cli.command, Command::Simulate(_)) {
        return Err(Failure(
            "error: only `cajal simulate` of a network (or a sweep of one) runs over several MPI ranks".into(),
        ));
    }
    match cli.command {
        Command::List => print(&show::list()),
        Command::Show { model, model_name } => {
            match Target::resolve(&model, model_name.as_deref())? {
                Target::LibraryNetwork(net) => print(&show::show_network(net)),
                Target::LibraryCoupling(c) => print(&show::show_coupling(c)),
                Target::LibrarySynapse(s) => print(&show::show_synapse(s.info)),
                Target::FileNetwork(net) => print(&show::show_file_network(net.ir())),
                Target::LibraryModel(e) => {
                    print(&show::show(&Target::LibraryModel(e).model_ir()?));
                    if let Some(p) = cajal_models::catalog::peer_method(e.info.name) {
                        print(&show::peer_method(p));
                    }
                }
                target => print(&show::show(&target.model_ir()?)),
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
            set_budget(args.max_memory.as_deref())?;
            let request = Request::from_args(*args)?;
            request.check_outputs()?;
            let spread = !ranks::share().is_whole();
            if spread && !matches!(&request.run, Run::Network(_)) {
                return Err(Failure(
                    "error: over several MPI ranks `cajal simulate` runs a network or a sweep of one, not a single population".into(),
                ));
            }
            if let (Run::Network(n), Some(analysis)) = (&request.run, &request.analysis)
                && !n.sweep.is_empty()
            {
                let (table, doc) = sweep::run_sweep(
                    n,
                    analysis,
                    request.duration_ms,
                    (n.threads, request.progress),
                    &ranks::share(),
                )?;
                if !root {
                    return Ok(());
                }
                print(&table);
                if let Some(path) = &analysis.out {
                    write_json(path, &doc, &mut print)?;
                }
                if let Some(path) = &analysis.plot {
                    analysis_plot::plot_sweep(&doc, path)?;
                    print(&format!("wrote {path}\n"));
                }
                return Ok(());
            }
            let outcome = match &request.run {
                Run::Model(m) => run_model::run_model(m, request.duration_ms, request.progress)?,
                Run::Network(n) => {
                    run_network::run_network(n, request.duration_ms, request.progress)?
                }
            };
            if let Some(method) = &outcome.method {
                print(method);
            }
            if let Some(ranks) = &outcome.ranks {
                print(ranks);
            }
            if root {
                write(&outcome, &request, &mut print)?;
            }
            if let Some(analysis) = &request.analysis
                && outcome.stopped.is_none()
                && root
            {
                let (table, doc) = analyse::analyse(&outcome.recording, analysis)?;
                print(&table);
                if let Some(path) = &analysis.out {
                    write_json(path, &doc, &mut print)?;
                }
                if let Some(path) = &analysis.plot {
                    analysis_plot::plot_run(&doc, analysis, path)?;
                    print(&format!("wrote {path}\n"));
                }
            }
            if let Some(Failure(message)) = outcome.stopped {
                let rec = &outcome.recording;
                let last_sample = rec.t_ms.last().copied().unwrap_or(0.0);
                let end = rec.round_time_ms(outcome.simulated_ms.unwrap_or(last_sample));
                let kept = match &request.out {
                    Some(path) => format!("written to {path}"),
                    None => "summarised above".to_string(),
                };
                return Err(Failure(format!(
                    "{}\nthe run stopped early; what was recorded up to t = {end} ms is {kept}",
                    message.trim_end()
                )));
            }
        }
        Command::Fi(args) => {
            set_budget(args.max_memory.as_deref())?;
            let request = GainRequest::from_args(*args)?;
            request.check_outputs()?;
            let curve = run_model::run_gain(&request)?;
            if let Some(path) = &request.out {
                curve.write(path)?;
                print(&format!("wrote {path}\n"));
            }
            if let Some(path) = &request.plot {
                curve.plot(path)?;
                print(&format!("wrote {path}\n"));
            }
            if request.out.is_none() {
                print(&report::gain_table(&curve));
            }
        }
    }
    Ok(())
}

/// Writes `doc` as JSON to `path`, atomically, and says so.
fn write_json(
    path: &str,
    doc: &serde_json::Value,
    print: &mut impl FnMut(&str),
) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(doc).map_err(|e| Failure(format!("error: {e}")))?;
    cajal_runtime::output::write_atomically(std::path::Path::new(path), text.as_bytes())?;
    print(&format!("wrote {path}\n"));
    Ok(())
}

/// Sets the memory budget from `--max-memory` (default: the memory available).
fn set_budget(max_memory: Option<&str>) -> Result<(), Failure> {
    let bytes = match max_memory {
        Some(text) => Some(values::byte_size("--max-memory", text)?),
        None => None,
    };
    cajal_runtime::budget::set_memory_budget(bytes);
    Ok(())
}

/// Writes the recording where the request says: an output file, a plot, or a summary on
/// standard output when there is no output file.
fn write(
    outcome: &Outcome,
    request: &Request,
    print: &mut impl FnMut(&str),
) -> Result<(), Failure> {
    let rec = &outcome.recording;
    if let Some(path) = &request.out {
        rec.write(path)?;
        let location = cajal_runtime::export::output_location(std::path::Path::new(path));
        if location.as_os_str() == path.as_str() {
            print(&format!("wrote {path}\n"));
        } else {
            print(&format!(
                "wrote {}/ (one .npy file per array)\n",
                location.display()
            ));
        }
    }
    if let Some((path, kind)) = &request.plot {
        let plane = match (&request.run, kind) {
            (Run::Model(run), PlotKind::Phase) => phase::plot(run, rec, path)?,
            _ => None,
        };
        match plane {
            Some(fixed_points) => print(&fixed_points),
            None => rec.plot(path, *kind)?,
        }
        print(&format!("wrote {path}\n"));
    }
    if request.out.is_none() {
        print(&report::summary(rec, outcome.simulated_ms));
    }
    Ok(())
}

fn main() -> ExitCode {
    // Ctrl-C while an output is being written removes its temporary (exit code 130, as a
    // shell reports an interrupted program).
    let _ = ctrlc::set_handler(|| {
        cajal_runtime::output::remove_in_flight();
        std::process::exit(130);
    });
    let cli = Cli::parse();
    // The session (MPI under mpirun) lives until the outcome is reported.
    let session = ranks::start();
    let result = match &session {
        Ok(_) => run(cli),
        Err(e) => Err(e.clone()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message)) => {
            let share = ranks::share();
            let mut text = if share.is_whole() {
                message
            } else {
                format!("rank {} of {}: {message}", share.rank(), share.ranks())
            };
            if !text.ends_with('\n') {
                text.push('\n');
            }
            // One write, so that the ranks' messages do not interleave.
            eprint!("{text}");
            ranks::stop_all(1);
            ExitCode::FAILURE
        }
    }
}
