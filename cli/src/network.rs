//! `cajal simulate NETWORK`: a library network with its parameters set by name (units
//! checked), run for a duration, with the spikes of every population recorded.

use cajal_models::catalog::NetworkEntry;
use cajal_runtime::Recording;

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
        ("--record", !req.record.is_empty()),
        ("--every", req.every != 1),
        ("--model", req.model_name.is_some()),
    ];
    let named: Vec<&str> = given.iter().filter(|(_, g)| *g).map(|(f, _)| *f).collect();
    if !named.is_empty() {
        fail!(
            "{} cannot be used with a network (sizes, inputs and methods are set in the network; change its parameters with --set)",
            named.join(", ")
        );
    }
    Ok(())
}

/// Builds `net` from its defaults or `--preset`, with the request's `--set` values and seed, runs it and returns the spikes
/// of every population.
pub fn simulate_network(net: &NetworkEntry, req: &Request) -> Result<Recording, Failure> {
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
        let Some(k) = net.params.iter().position(|p| p.name == name) else {
            let names: Vec<&str> = net.params.iter().map(|p| p.name).collect();
            fail!(
                "--set {name}: `{}` has no parameter `{name}`; it has {}",
                net.name,
                names.join(", ")
            );
        };
        let unit = net.params[k].unit;
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
    Ok(network.spike_recording(net.name))
}
