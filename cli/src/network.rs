//! `cajal simulate NETWORK`: a library network or the network of a file, with its
//! parameters set by name (units checked), run for a duration, with the spikes of every
//! population recorded.

use cajal_models::catalog::NetworkEntry;
use cajal_runtime::interpreter::InterpretedNetwork;
use cajal_runtime::network::MonitorId;
use cajal_runtime::{Error, Network, ParamInfo, Recording};

use crate::fail;
use crate::failure::Failure;
use crate::simulate::{Request, assignment, time_ms, value_in};

/// Options that have no meaning for a network, named when given.
fn reject_model_options(req: &Request) -> Result<(), Failure> {
    let given = [
        ("--n", req.n != 1),
        ("--input", !req.input.is_empty()),
        ("--init", !req.init.is_empty()),
        ("--method", req.method.is_some()),
        ("--schedule", req.schedule.is_some()),
    ];
    let named: Vec<&str> = given.iter().filter(|(_, g)| *g).map(|(f, _)| *f).collect();
    if !named.is_empty() {
        fail!(
            "{} cannot be used with a network (sizes, inputs and methods are set in the network; change its parameters with --set, record states with --record POP.VAR)",
            named.join(", ")
        );
    }
    Ok(())
}

/// A network to run, from the library or a file: what `--set`, `--preset` and `--seed`
/// change and how it is built.
pub struct NetworkPlan<'a> {
    name: String,
    params: Vec<(String, String)>,
    dt_ms: f64,
    build: Box<BuildNetwork<'a>>,
}

/// Builds a network from an optional preset, (parameter index, value) settings and an
/// optional seed.
type BuildNetwork<'a> =
    dyn Fn(Option<&str>, &[(usize, f64)], Option<u64>) -> Result<Network, Error> + 'a;

fn named_params(params: &[ParamInfo]) -> Vec<(String, String)> {
    params
        .iter()
        .map(|p| (p.name.to_string(), p.unit.to_string()))
        .collect()
}

impl NetworkPlan<'static> {
    /// A library network (compiled).
    pub fn library(net: &'static NetworkEntry) -> NetworkPlan<'static> {
        NetworkPlan {
            name: net.name.to_string(),
            params: named_params(net.params),
            dt_ms: net.dt_ms,
            build: Box::new(net.build),
        }
    }
}

impl<'a> NetworkPlan<'a> {
    /// The network of a file (interpreted).
    pub fn file(net: &'a InterpretedNetwork) -> NetworkPlan<'a> {
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

/// Builds `net` from its defaults or `--preset`, with the request's `--set` values and seed,
/// runs it and returns the spikes of every population.
pub fn simulate_network(net: &NetworkPlan, req: &Request) -> Result<Recording, Failure> {
    reject_model_options(req)?;
    if let Some(dt) = &req.dt {
        let dt = time_ms("--dt", dt)?;
        if (dt - net.dt_ms).abs() > 1e-12 * net.dt_ms {
            fail!(
                "--dt: `{}` is written for dt = {} ms (its connectivity and inputs assume it)",
                net.name,
                net.dt_ms
            );
        }
    }
    let mut settings = Vec::new();
    for text in &req.set {
        let (name, value) = assignment("--set", text)?;
        let Some(k) = net.params.iter().position(|p| p.0 == name) else {
            let names: Vec<&str> = net.params.iter().map(|p| p.0.as_str()).collect();
            fail!(
                "--set {name}: `{}` has no parameter `{name}`; it has {}",
                net.name,
                names.join(", ")
            );
        };
        let unit = &net.params[k].1;
        settings.push((
            k,
            value_in("--set", value, &format!("parameter `{name}`"), unit)?,
        ));
    }
    let duration = time_ms("--duration", &req.duration)?;
    let mut network = (net.build)(req.preset.as_deref(), &settings, req.seed)?;
    let ids: Vec<_> = network
        .populations()
        .into_iter()
        .map(|(_, id)| id)
        .collect();
    for id in ids {
        network.record_spikes(id)?;
    }
    let monitors = state_monitors(&mut network, req)?;
    if !(duration.is_finite() && duration >= 0.0) {
        fail!("--duration must not be negative");
    }
    let steps = (duration / net.dt_ms).round() as u64;
    let mut report = req.progress.then(crate::simulate::progress_bar);
    for done in 0..steps {
        network.step()?;
        if let Some(report) = &mut report
            && (done.is_multiple_of((steps / 100).max(1)) || done + 1 == steps)
        {
            report(done + 1, steps);
        }
    }
    network.sample_monitors();
    Ok(network.recording(&net.name, &monitors)?)
}

/// The state monitors to output: one per `--record POP.VAR` (every neuron, every `--every`
/// steps), or without `--record` those the network declares.
fn state_monitors(network: &mut Network, req: &Request) -> Result<Vec<MonitorId>, Failure> {
    if req.record.is_empty() {
        if req.every != 1 {
            fail!("--every applies to the variables of --record POP.VAR");
        }
        return Ok(network.monitors());
    }
    let mut monitors = Vec::new();
    for item in &req.record {
        let Some((pop, var)) = item.split_once('.') else {
            fail!("--record {item}: a network's variables are named POPULATION.VARIABLE, e.g. E.v");
        };
        let Some((_, id)) = network
            .populations()
            .into_iter()
            .find(|(name, _)| *name == pop)
        else {
            let names: Vec<&str> = network.populations().into_iter().map(|(n, _)| n).collect();
            fail!(
                "--record {item}: the network has no population `{pop}`; it has {}",
                names.join(", ")
            );
        };
        let n = network.population(id)?.len();
        monitors.push(network.record_state(id, var, (0..n).collect(), req.every)?);
    }
    Ok(monitors)
}
