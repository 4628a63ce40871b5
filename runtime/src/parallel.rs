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
