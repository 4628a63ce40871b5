//! This process's share of a run: the whole network, or, under `mpirun` in a build with the
//! `mpi` feature, one rank's share (see `cajal_runtime::distributed`). Rank 0 prints and
//! writes the outputs; a rank that fails stops every rank.

use std::sync::OnceLock;

use cajal_runtime::Network;
use cajal_runtime::distributed::Share;

use crate::failure::Failure;

#[cfg(feature = "mpi")]
mod mpi_exchange;

/// The share set by [`start`] (the whole network until then).
static SHARE: OnceLock<Share> = OnceLock::new();

/// This process's share.
pub fn share() -> Share {
    SHARE.get().cloned().unwrap_or_default()
}

/// True in the process that prints and writes: the only one, or rank 0.
pub fn is_root() -> bool {
    share().rank() == 0
}

/// What must live while the ranks run (MPI's environment, finalised when dropped).
pub struct Session {
    #[cfg(feature = "mpi")]
    _mpi: Option<mpi_exchange::Environment>,
}

/// Joins the other ranks when started by `mpirun` (with the `mpi` feature); otherwise this
/// process holds the whole network.
pub fn start() -> Result<Session, Failure> {
    #[cfg(feature = "mpi")]
    {
        let env = mpi_exchange::Environment::join()?;
        if let Some(env) = &env {
            let _ = SHARE.set(env.share());
        }
        Ok(Session { _mpi: env })
    }
    #[cfg(not(feature = "mpi"))]
    {
        if under_mpirun() {
            return Err(Failure(
                "error: started by mpirun, but this `cajal` was built without MPI: build it with `cargo build --release -p cajal-cli --features mpi` (needs Open MPI and libclang)".into(),
            ));
        }
        Ok(Session {})
    }
}

/// Under `mpirun` or split over threads: the build and run times and, over several ranks,
/// how each rank spent its time (update, delivery, exchange) and what it exchanged, one line
/// per rank (a collective call). `None` for a whole network outside `mpirun`.
pub fn time_report(network: &Network, (build_s, run_s): (f64, f64)) -> Option<String> {
    let share = network.share();
    if !under_mpirun() && share.is_whole() {
        return None;
    }
    let ranks = share.ranks();
    let head = format!("{ranks} rank(s): built in {build_s:.2} s, ran in {run_s:.2} s\n");
    if share.is_whole() {
        return Some(head);
    }
    let s = network.exchange_stats();
    let mine: Vec<u32> = [
        s.update_seconds,
        s.delivery_seconds,
        s.seconds,
        s.bytes_sent as f64,
        s.exchanges as f64,
    ]
    .iter()
    .flat_map(|x| {
        let b = x.to_bits();
        [b as u32, (b >> 32) as u32]
    })
    .collect();
    let all = share.all_gather(&mine);
    let window = network.exchange_window().unwrap_or(0);
    let mut text = format!("{head}spikes exchanged every {window} step(s):\n");
    for (rank, words) in all.iter().enumerate() {
        let v: Vec<f64> = words
            .chunks_exact(2)
            .map(|w| f64::from_bits(u64::from(w[0]) | (u64::from(w[1]) << 32)))
            .collect();
        let [update, delivery, exchange, bytes, exchanges] = v[..] else {
            continue;
        };
        text.push_str(&format!(
            "  rank {rank}: update {update:.2} s, delivery {delivery:.2} s, exchange {exchange:.2} s; {exchanges} exchanges, {:.0} bytes sent per exchange\n",
            bytes / exchanges.max(1.0)
        ));
    }
    Some(text)
}

/// Whether a launcher such as `mpirun` started this process as one of several ranks.
pub fn under_mpirun() -> bool {
    ["OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"]
        .iter()
        .any(|v| std::env::var_os(v).is_some())
}

/// Stops every rank after this one failed (its message already printed): the others may
/// be waiting for it in an exchange. Returns only when this process is the whole run.
pub fn stop_all(code: i32) {
    #[cfg(feature = "mpi")]
    if !share().is_whole() {
        mpi_exchange::abort(code);
    }
    let _ = code;
}
