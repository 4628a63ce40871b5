//! Runs a network, from the library or a file: built from its defaults or a preset with the
//! request's parameter values and seed, the spikes of every population recorded, and the
//! state monitors of `--record POP.VAR` (or the network's own).

use std::sync::{Mutex, Once};
use std::time::Instant;

use cajal_runtime::distributed::{Share, threads};
use cajal_runtime::network::MonitorId;
use cajal_runtime::{Network, Precision};

use crate::fail;
use crate::failure::Failure;
use crate::report::{Outcome, progress_bar};
use crate::request::NetworkRun;

/// Builds the network of `run`, runs it for `duration_ms` and returns the spikes of every
/// population and the monitored states (up to a divergence, if one stops the run). With
/// `--threads N` (N > 1, outside `mpirun`) the network is split over N threads, each a rank
/// of [`cajal_runtime::distributed::threads`], and rank 0's outcome, which holds every
/// rank's spikes and values, is returned; a network that cannot be split (whole-brain
/// couplings read every node each step) runs whole, its dense weight products shared out
/// over the N threads ([`Network::set_product_threads`]).
pub fn run_network(run: &NetworkRun, duration_ms: f64, progress: bool) -> Result<Outcome, Failure> {
    let share = crate::ranks::share();
    if run.threads > 1 && share.is_whole() {
        return match split_over_threads(run, duration_ms, progress)? {
            Split::Ran(outcome) => Ok(*outcome),
            Split::Refused(why) => run_sharing_products(run, duration_ms, progress, &why),
        };
    }
    let mut bar = (progress && share.rank() == 0).then(progress_bar);
    run_with(run, &run.settings, duration_ms, &mut |done, total| {
        if let Some(bar) = &mut bar {
            bar(done, total);
        }
    })
}

/// Runs `run`'s network whole, its dense weight products shared out over `run.threads`
/// threads; when it has none, a note says why it runs on one thread (it could not be split
/// over ranks because `why`).
fn run_sharing_products(
    run: &NetworkRun,
    duration_ms: f64,
    progress: bool,
    why: &str,
) -> Result<Outcome, Failure> {
    let started = Instant::now();
    let mut network = build(run, &run.settings, Share::whole())?;
    if network.set_product_threads(run.threads) == 0 {
        eprintln!(
            "note: --threads {}: {why}, and it has no weight product to share out: it runs on one thread",
            run.threads
        );
    }
    let mut bar = progress.then(progress_bar);
    let mut report = |done, total| {
        if let Some(bar) = &mut bar {
            bar(done, total);
        }
    };
    run_built(run, network, (started, duration_ms), &mut report)
}

/// What splitting a network over threads came to.
enum Split {
    /// The run, as rank 0 has it.
    Ran(Box<Outcome>),
    /// The network cannot be split, because of what is said.
    Refused(String),
}

/// Runs `run`'s network split over `run.threads` threads (ranks), unless it cannot be split.
fn split_over_threads(
    run: &NetworkRun,
    duration_ms: f64,
    progress: bool,
) -> Result<Split, Failure> {
    let bar = Mutex::new(progress.then(progress_bar));
    let mut outcomes = threads::run(run.threads, |share| {
        let rank = share.rank();
        let started = Instant::now();
        let built = build(run, &run.settings, share.clone())
            .and_then(|network| network.check_splittable().map(|()| network));
        // Every rank learns whether every other built its share (none is left waiting).
        let network = match share.agree(built) {
            Ok(network) => network,
            Err(why @ cajal_runtime::Error::Unsplittable { .. }) => {
                return Ok(Split::Refused(why.to_string()));
            }
            Err(e) => return Err(Failure::from(e)),
        };
        let mut report = |done, total| {
            if rank == 0
                && let Some(bar) = bar.lock().unwrap_or_else(|e| e.into_inner()).as_mut()
            {
                bar(done, total);
            }
        };
        run_built(run, network, (started, duration_ms), &mut report)
            .map(|o| Split::Ran(Box::new(o)))
    });
    outcomes.swap_remove(0)
}

/// As [`run_network`], with the parameter `settings` instead of the request's, telling
/// `report` (steps done, steps in all) how far it is.
pub fn run_with(
    run: &NetworkRun,
    settings: &[(usize, f64)],
    duration_ms: f64,
    report: &mut dyn FnMut(u64, u64),
) -> Result<Outcome, Failure> {
    let started = Instant::now();
    let network = build(run, settings, crate::ranks::share())?;
    run_built(run, network, (started, duration_ms), report)
}

/// Records and runs `network` (this rank's share of `run`'s network, whose build started
/// at `started`) for `duration_ms`.
fn run_built(
    run: &NetworkRun,
    network: Network,
    (started, duration_ms): (Instant, f64),
    report: &mut dyn FnMut(u64, u64),
) -> Result<Outcome, Failure> {
    let (mut network, monitors) = monitored(network, run)?;
    // Every rank built (a rank that fails aborts them all): the run's time then leaves out
    // the wait for the slowest rank's build, which the first exchange would otherwise hold.
    network.share().all_gather(&[]);
    let built = started.elapsed().as_secs_f64();
    let steps = cajal_runtime::steps::whole_steps(duration_ms, run.plan.dt_ms)?;
    network.check_monitor_budget(steps)?;
    let started = Instant::now();
    let stopped = network
        .run_watched(steps, &mut |done, steps| {
            report(done, steps);
            false
        })
        .err()
        .map(Failure::from);
    let times = (built, started.elapsed().as_secs_f64());
    finish(run, network, &monitors, (stopped, Some(times)))
}

/// The network of `run` built with the parameter `settings` (this process's `share` of it).
fn build(
    run: &NetworkRun,
    settings: &[(usize, f64)],
    share: Share,
) -> Result<Network, cajal_runtime::Error> {
    let first_rank = share.rank() == 0;
    let mut network = run
        .plan
        .build_on(run.preset.as_deref(), settings, run.seed, share)?;
    if let Some(precision) = run.precision {
        let dense = network.set_product_precision(precision);
        if dense == 0 && precision == Precision::F32 && first_rank {
            static NOTE: Once = Once::new();
            NOTE.call_once(|| {
                eprintln!(
                    "note: --precision f32 stores dense weight products (whole-brain couplings without delays) in single precision; this network has none, and runs in f64"
                )
            });
        }
    }
    Ok(network)
}

/// The network of `run` built with the parameter `settings` (this process's `share` of it),
/// the spikes of every population recorded, and its state monitors.
pub fn prepare(
    run: &NetworkRun,
    settings: &[(usize, f64)],
    share: Share,
) -> Result<(Network, Vec<MonitorId>), Failure> {
    monitored(build(run, settings, share)?, run)
}

/// `network` with the spikes of every population recorded, and its state monitors.
fn monitored(mut network: Network, run: &NetworkRun) -> Result<(Network, Vec<MonitorId>), Failure> {
    let ids: Vec<_> = network
        .populations()
        .into_iter()
        .map(|(_, id)| id)
        .collect();
    for id in ids {
        network.record_spikes(id)?;
    }
    let monitors = state_monitors(&mut network, run)?;
    Ok((network, monitors))
}

/// What a run of `network` (built by [`prepare`]) recorded, with the failure that stopped
/// it, if one did (the final state is sampled only after a whole run), and under `mpirun`
/// how long it took to build and run (`times`, seconds).
pub fn finish(
    run: &NetworkRun,
    mut network: Network,
    monitors: &[MonitorId],
    (stopped, times): (Option<Failure>, Option<(f64, f64)>),
) -> Result<Outcome, Failure> {
    if stopped.is_none() {
        network.sample_monitors();
    }
    Ok(Outcome {
        recording: network.recording(&run.plan.name, monitors)?,
        stopped,
        method: None,
        simulated_ms: Some(network.t_ms()),
        ranks: times.and_then(|t| crate::ranks::time_report(&network, t)),
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
        let n = network.population_len(id)?;
        monitors.push(network.record_state(id, var, (0..n).collect(), run.every)?);
    }
    Ok(monitors)
}
