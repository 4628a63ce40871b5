//! Runs a network, from the library or a file: built from its defaults or a preset with the
//! request's parameter values and seed, the spikes of every population recorded, and the
//! state monitors of `--record POP.VAR` (or the network's own).

use cajal_models::catalog::NetworkEntry;
use cajal_runtime::interpreter::InterpretedNetwork;
use cajal_runtime::network::MonitorId;
use cajal_runtime::{Error, Network, ParamInfo};

use crate::fail;
use crate::failure::Failure;
use crate::report::{Outcome, progress_bar};
use crate::request::NetworkRun;

/// A network to run, from the library or a file: what `--set`, `--preset` and `--seed`
/// change and how it is built.
pub struct NetworkPlan {
    /// The network's name.
    pub name: String,
    /// (name, unit) of each parameter.
    pub params: Vec<(String, String)>,
    /// The time step it is written for (ms).
    pub dt_ms: f64,
    build: Box<BuildNetwork>,
}

/// Builds a network from an optional preset, (parameter index, value) settings and an
/// optional seed.
type BuildNetwork =
    dyn Fn(Option<&str>, &[(usize, f64)], Option<u64>) -> Result<Network, Error> + Send + Sync;

fn named_params(params: &[ParamInfo]) -> Vec<(String, String)> {
    params
        .iter()
        .map(|p| (p.name.to_string(), p.unit.to_string()))
        .collect()
}

impl NetworkPlan {
    /// A library network (compiled).
    pub fn library(net: &'static NetworkEntry) -> NetworkPlan {
        NetworkPlan {
            name: net.name.to_string(),
            params: named_params(net.params),
            dt_ms: net.dt_ms,
            build: Box::new(net.build),
        }
    }

    /// The network of a file (interpreted).
    pub fn file(net: InterpretedNetwork) -> NetworkPlan {
        let ir = net.ir();
        NetworkPlan {
            name: ir.name.clone(),
            params: ir
                .params
                .iter()
                .map(|p| (p.name.clone(), p.unit.text.clone()))
                .collect(),
            dt_ms: ir.dt_ms,
            build: Box::new(move |preset, settings, seed| {
                let mut values = match preset {
                    Some(name) => net.preset(name)?,
                    None => net.defaults(),
                };
                for (k, v) in settings {
                    values[*k] = *v;
                }
                Ok(net.build(&values, seed.unwrap_or(net.ir().seed))?.network)
            }),
        }
    }
}

/// Builds the network of `run`, runs it for `duration_ms` and returns the spikes of every
/// population and the monitored states (up to a divergence, if one stops the run).
pub fn run_network(run: &NetworkRun, duration_ms: f64, progress: bool) -> Result<Outcome, Failure> {
    let mut bar = progress.then(progress_bar);
    run_with(run, &run.settings, duration_ms, &mut |done, total| {
        if let Some(bar) = &mut bar {
            bar(done, total);
        }
    })
}

/// As [`run_network`], with the parameter `settings` instead of the request's, telling
/// `report` (steps done, steps in all) how far it is.
pub fn run_with(
    run: &NetworkRun,
    settings: &[(usize, f64)],
    duration_ms: f64,
    report: &mut dyn FnMut(u64, u64),
) -> Result<Outcome, Failure> {
    let net = &run.plan;
    let mut network = (net.build)(run.preset.as_deref(), settings, run.seed)?;
    let ids: Vec<_> = network
        .populations()
        .into_iter()
        .map(|(_, id)| id)
        .collect();
    for id in ids {
        network.record_spikes(id)?;
    }
    let monitors = state_monitors(&mut network, run)?;
    let steps = cajal_runtime::steps::whole_steps(duration_ms, net.dt_ms)?;
    network.check_monitor_budget(steps)?;
    let mut stopped = None;
    for done in 0..steps {
        if let Err(e) = network.step() {
            stopped = Some(Failure::from(e));
            break;
        }
        if done.is_multiple_of((steps / 100).max(1)) || done + 1 == steps {
            report(done + 1, steps);
        }
    }
    if stopped.is_none() {
        network.sample_monitors();
    }
    Ok(Outcome {
        recording: network.recording(&net.name, &monitors)?,
        stopped,
        method: None,
        simulated_ms: Some(network.t_ms()),
    })
}

/// The state monitors to output: one per `--record POP.VAR` (every neuron, every `--every`
/// steps), or without `--record` those the network declares.
fn state_monitors(network: &mut Network, run: &NetworkRun) -> Result<Vec<MonitorId>, Failure> {
    if run.record.is_empty() {
        return Ok(network.monitors());
    }
    let mut monitors = Vec::new();
    for (pop, var) in &run.record {
        let Some((_, id)) = network
            .populations()
            .into_iter()
            .find(|(name, _)| name == pop)
        else {
            let names: Vec<&str> = network.populations().into_iter().map(|(n, _)| n).collect();
            fail!(
                "--record {pop}.{var}: the network has no population `{pop}`; it has {}",
                names.join(", ")
            );
        };
        let n = network.population(id)?.len();
        monitors.push(network.record_state(id, var, (0..n).collect(), run.every)?);
    }
    Ok(monitors)
}
