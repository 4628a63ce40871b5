//! Work split over rayon's threads for generated code.

use rayon::prelude::*;

/// Instances per chunk when a population of `n` is stepped in parallel: about four chunks
/// per thread, at least 1024 instances each. (Results do not depend on it.)
pub fn chunk_len(n: usize) -> usize {
    let chunks = 4 * rayon::current_num_threads().max(1);
    n.div_ceil(chunks).max(1024)
}

/// `f` applied to every item on rayon's threads, results in the items' order.
pub fn par_map<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync + Send) -> Vec<R> {
    items.into_par_iter().map(f).collect()
}

/// How long a thread that waits for another spins before it sleeps (or yields): the other
/// is usually microseconds behind, and waking a sleeping thread costs tens of them.
pub(crate) const SPIN: std::time::Duration = std::time::Duration::from_micros(200);

/// Spins while `pending()` holds, for at most `limit`; true if it stopped holding.
pub(crate) fn spin_while(pending: impl Fn() -> bool, limit: std::time::Duration) -> bool {
    if limit.is_zero() {
        return !pending();
    }
    let started = std::time::Instant::now();
    while pending() {
        for _ in 0..64 {
            std::hint::spin_loop();
        }
        if started.elapsed() > limit {
            return !pending();
        }
    }
    true
}

/// [`SPIN`] when there is a core for each of `threads` threads, else zero (a spinning thread
/// would hold a core another needs).
pub(crate) fn spin_limit(threads: usize) -> std::time::Duration {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    if threads <= cores {
        SPIN
    } else {
        std::time::Duration::ZERO
    }
}
