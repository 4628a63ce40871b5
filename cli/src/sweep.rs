//! `--sweep`: a network run once per member of a parameter grid, members run in batches that
//! share their weights' reads and batches shared out over threads, each member's recorded
//! variables analysed, the results tabulated (one row per
//! member and variable) and, with `--analysis-out`, written as JSON. Under `mpirun` the
//! members are shared out over the ranks and their results gathered. A member is exactly the
//! run `--set` of its values gives, whatever the number of threads or ranks.

use std::fmt::Write as _;
use std::ops::Range;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

use cajal_runtime::distributed::Share;
use cajal_runtime::network::{BatchStop, NetworkBatch};
use serde_json::{Value, json};

use crate::analyse::{AnalysisRequest, analyse, mean_peak_frequency};
use crate::fail;
use crate::failure::Failure;
use crate::report::progress_bar;
use crate::request::{NetworkRun, SweepAxis};
use crate::run_network::{finish, prepare};

/// Every combination of the axes' values, the first axis varying slowest.
pub fn members(axes: &[SweepAxis]) -> Vec<Vec<f64>> {
    axes.iter().fold(vec![Vec::new()], |grid, axis| {
        grid.iter()
            .flat_map(|head| {
                axis.values.iter().map(move |v| {
                    let mut m = head.clone();
                    m.push(*v);
                    m
                })
            })
            .collect()
    })
}

/// The most members stepped together in one batch: enough to read the weights once for
/// many members, few enough that a sweep still spreads over the threads.
const MOST_PER_BATCH: usize = 16;

/// The members of a grid of `members` split into contiguous batches of near-equal size:
/// at least one per thread, at most [`MOST_PER_BATCH`] members each.
fn batches(members: usize, threads: usize) -> Vec<Range<usize>> {
    let count = members
        .div_ceil(MOST_PER_BATCH)
        .max(threads.min(members))
        .max(1);
    (0..count)
        .map(|c| c * members / count..(c + 1) * members / count)
        .collect()
}

/// Runs every member of the sweep of `run` and analyses it, in batches that read the
/// weights they share once for all their members ([`NetworkBatch`]), on `threads` threads;
/// over several MPI ranks (`share`), each rank runs a contiguous block of the members and
/// the results are gathered (a member runs exactly as alone, so the results depend neither
/// on the number of threads, nor on the batches, nor on the ranks): the table and the JSON
/// document, on every rank.
pub fn run_sweep(
    run: &NetworkRun,
    analysis: &AnalysisRequest,
    duration_ms: f64,
    (threads, progress): (usize, bool),
    share: &Share,
) -> Result<(String, Value), Failure> {
    let grid = members(&run.sweep);
    let mine = share.local(grid.len());
    let sweep = Sweep {
        run,
        analysis,
        steps: cajal_runtime::steps::whole_steps(duration_ms, run.plan.dt_ms)?,
        grid: &grid,
    };
    let local = sweep.run_members(mine, threads, progress && share.rank() == 0);
    let docs = gather(share, local)?;
    Ok(tabulate(run, &grid, docs))
}

/// Every rank's members' analyses, in the order of the sweep (ranks hold contiguous blocks,
/// in rank order), or the first failure of any rank.
fn gather(share: &Share, local: Result<Vec<Value>, Failure>) -> Result<Vec<Value>, Failure> {
    if share.is_whole() {
        return local;
    }
    let mine = match &local {
        Ok(docs) => json!({ "members": docs }),
        Err(Failure(message)) => json!({ "failure": message }),
    };
    let mut docs = Vec::new();
    for (rank, text) in share.gather_texts(&mine.to_string()).iter().enumerate() {
        let doc: Value = serde_json::from_str(text).map_err(|e| {
            Failure(format!(
                "error: the sweep's results from rank {rank} do not read: {e}"
            ))
        })?;
        if let Some(message) = doc["failure"].as_str() {
            return Err(Failure(message.to_string()));
        }
        docs.extend(doc["members"].as_array().cloned().unwrap_or_default());
    }
    Ok(docs)
}

/// A sweep: the run, its analysis, its length and its grid of members.
struct Sweep<'a> {
    run: &'a NetworkRun,
    analysis: &'a AnalysisRequest,
    /// Steps each member runs.
    steps: u64,
    grid: &'a [Vec<f64>],
}

impl Sweep<'_> {
    /// Runs and analyses the members `mine` of the grid on `threads` threads: their
    /// analyses in order, or the failure of the first member that stopped.
    fn run_members(
        &self,
        mine: Range<usize>,
        threads: usize,
        progress: bool,
    ) -> Result<Vec<Value>, Failure> {
        let total = mine.len() as u64 * self.steps;
        let bar = Mutex::new(progress.then(progress_bar));
        let done = AtomicU64::new(0);
        let next = AtomicUsize::new(0);
        let failed = AtomicBool::new(false);
        let results: Mutex<Vec<Option<Result<Value, Failure>>>> =
            Mutex::new((0..mine.len()).map(|_| None).collect());
        let threads = threads.clamp(1, mine.len().max(1));
        let batches = batches(mine.len(), threads);
        let worker = || {
            loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                if k >= batches.len() || failed.load(Ordering::Relaxed) {
                    return;
                }
                let range = batches[k].start + mine.start..batches[k].end + mine.start;
                let size = range.len() as u64;
                let mut reported = 0;
                let result = self.run_batch(range.clone(), &mut |steps| {
                    let steps = steps * size;
                    let now =
                        done.fetch_add(steps - reported, Ordering::Relaxed) + steps - reported;
                    reported = steps;
                    if let Ok(mut bar) = bar.lock()
                        && let Some(bar) = bar.as_mut()
                    {
                        bar(now, total);
                    }
                });
                if let Ok(mut results) = results.lock() {
                    match result {
                        Ok(docs) => {
                            for (m, doc) in range.zip(docs) {
                                results[m - mine.start] = Some(Ok(doc));
                            }
                        }
                        Err((m, Failure(message))) => {
                            failed.store(true, Ordering::Relaxed);
                            results[m - mine.start] = Some(Err(Failure(format!(
                                "error: member {m} of the sweep ({}) stopped: {}",
                                describe(&self.run.sweep, &self.grid[m]),
                                message.trim_start_matches("error: ").trim_end()
                            ))));
                        }
                    }
                }
            }
        };
        std::thread::scope(|scope| {
            for _ in 1..threads {
                scope.spawn(worker);
            }
            worker();
        });
        let results = results.into_inner().unwrap_or_default();
        if let Some(Some(Err(e))) = results.iter().find(|r| matches!(r, Some(Err(_)))) {
            return Err(Failure(e.0.clone()));
        }
        let mut docs = Vec::with_capacity(mine.len());
        for result in results {
            match result {
                Some(Ok(doc)) => docs.push(doc),
                _ => fail!("the sweep stopped before every member ran"),
            }
        }
        Ok(docs)
    }

    /// Builds the networks of the consecutive `members`, runs them together
    /// ([`NetworkBatch`]) and analyses each, telling `report` the steps taken; a failure
    /// names the member (its position in the sweep).
    fn run_batch(
        &self,
        members: Range<usize>,
        report: &mut dyn FnMut(u64),
    ) -> Result<Vec<Value>, (usize, Failure)> {
        let (run, first, steps) = (self.run, members.start, self.steps);
        let members = &self.grid[members];
        let mut networks = Vec::with_capacity(members.len());
        let mut monitors = Vec::with_capacity(members.len());
        for (b, values) in members.iter().enumerate() {
            let at = |f: Failure| (first + b, f);
            // A member is a whole network, in this process alone.
            let (network, ids) =
                prepare(run, &settings(run, values), Share::whole()).map_err(at)?;
            network
                .check_monitor_budget(steps)
                .map_err(|e| at(e.into()))?;
            networks.push(network);
            monitors.push(ids);
        }
        let mut batch = NetworkBatch::new(networks).map_err(|e| (first, e.into()))?;
        let stopped = batch.run_watched(steps, &mut |done, _| {
            report(done);
            false
        });
        if let Err(BatchStop { member, error }) = stopped {
            return Err((first + member.unwrap_or(0), error.into()));
        }
        let mut docs = Vec::with_capacity(members.len());
        for (b, (network, ids)) in batch.into_members().into_iter().zip(&monitors).enumerate() {
            let at = |f: Failure| (first + b, f);
            let outcome = finish(run, network, ids, (None, None)).map_err(at)?;
            docs.push(analyse(&outcome.recording, self.analysis).map_err(at)?.1);
        }
        Ok(docs)
    }
}

/// The parameter settings of a member: the request's, with the swept parameters at the
/// member's `values`.
fn settings(run: &NetworkRun, values: &[f64]) -> Vec<(usize, f64)> {
    let mut settings = run.settings.clone();
    settings.retain(|(k, _)| !run.sweep.iter().any(|a| a.param == *k));
    settings.extend(
        run.sweep
            .iter()
            .map(|a| a.param)
            .zip(values.iter().copied()),
    );
    settings
}

/// The table (one row per member and variable) and the JSON document of a sweep.
fn tabulate(run: &NetworkRun, grid: &[Vec<f64>], docs: Vec<Value>) -> (String, Value) {
    let mut table = String::new();
    let names: Vec<String> = run
        .sweep
        .iter()
        .map(|a| format!("{} [{}]", a.name, a.unit))
        .collect();
    let _ = writeln!(
        table,
        "{}\tvariable\tFC fit\tmean R\tpeak Hz",
        names.join("\t")
    );
    let mut rows = Vec::new();
    for (values, doc) in grid.iter().zip(docs) {
        if let Some(vars) = doc["variables"].as_object() {
            for (var, a) in vars {
                let cell = |v: Option<f64>| v.map_or("-".to_string(), |x| format!("{x:.4}"));
                let values: Vec<String> = values.iter().map(|v| format!("{v}")).collect();
                let _ = writeln!(
                    table,
                    "{}\t{var}\t{}\t{}\t{}",
                    values.join("\t"),
                    cell(a["fc_fit"].as_f64()),
                    cell(a["order_parameter_mean"].as_f64()),
                    cell(mean_peak_frequency(a)),
                );
            }
        }
        let params: serde_json::Map<String, Value> = run
            .sweep
            .iter()
            .zip(values)
            .map(|(a, v)| (a.name.clone(), json!(v)))
            .collect();
        rows.push(json!({ "params": params, "analysis": doc }));
    }
    let axes: Vec<Value> = run
        .sweep
        .iter()
        .map(|a| json!({ "name": a.name, "unit": a.unit, "values": a.values }))
        .collect();
    (table, json!({ "axes": axes, "members": rows }))
}

fn describe(axes: &[SweepAxis], values: &[f64]) -> String {
    axes.iter()
        .zip(values)
        .map(|(a, v)| match a.unit.as_str() {
            "1" | "" => format!("{} = {v}", a.name),
            unit => format!("{} = {v} {unit}", a.name),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn axis(name: &str, values: &[f64]) -> SweepAxis {
        SweepAxis {
            param: 0,
            name: name.into(),
            unit: "1".into(),
            values: values.to_vec(),
        }
    }

    #[test]
    fn batches_cover_every_member_once_with_one_per_thread_at_least() {
        assert_eq!(batches(64, 2), [0..16, 16..32, 32..48, 48..64]);
        assert_eq!(batches(3, 2), [0..1, 1..3]);
        let whole = |members: usize, threads: usize| match batches(members, threads)[..] {
            [ref only] => Some(only.clone()),
            _ => None,
        };
        assert_eq!(whole(5, 1), Some(0..5));
        assert_eq!(whole(1, 8), Some(0..1));
        for (members, threads) in [(17, 1), (40, 3), (100, 2), (7, 7)] {
            let split = batches(members, threads);
            assert!(split.len() >= threads.min(members));
            assert!(
                split
                    .iter()
                    .all(|r| !r.is_empty() && r.len() <= MOST_PER_BATCH)
            );
            let covered: Vec<usize> = split.into_iter().flatten().collect();
            assert_eq!(covered, (0..members).collect::<Vec<_>>());
        }
    }

    #[test]
    fn the_axes_form_a_grid_the_first_varying_slowest() {
        let grid = members(&[axis("k", &[0.0, 1.0]), axis("a", &[5.0, 6.0, 7.0])]);
        assert_eq!(
            grid,
            [
                [0.0, 5.0],
                [0.0, 6.0],
                [0.0, 7.0],
                [1.0, 5.0],
                [1.0, 6.0],
                [1.0, 7.0]
            ]
        );
        assert_eq!(members(&[]), [Vec::<f64>::new()]);
    }
}
