//! A memory budget: what a population, a projection or a recording will take is estimated
//! before it is allocated, and refused with the figure and its largest part when it exceeds
//! the budget — instead of an allocation failure that aborts the process, or a run that
//! grows until the kernel kills it.
//!
//! The budget is process-wide: by default the memory the system reports available
//! (`MemAvailable` of `/proc/meminfo`; 16 GiB where that is unknown), or what
//! [`set_memory_budget`] sets (the command line's `--max-memory`).

use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::Error;
use crate::model::ModelInfo;

/// The budget set with [`set_memory_budget`] (0: the machine's available memory).
static BUDGET: AtomicU64 = AtomicU64::new(0);

/// Budget when the available memory is unknown.
const FALLBACK_BYTES: u64 = 16 << 30;

/// Sets the process's memory budget in bytes (`None`: the machine's available memory).
pub fn set_memory_budget(bytes: Option<u64>) {
    let stored = match bytes {
        Some(b) => b.max(1),
        None => 0,
    };
    BUDGET.store(stored, Ordering::Relaxed);
}

/// The memory the system reports available (`MemAvailable`), if it says.
pub fn available_memory() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    kib.checked_mul(1024)
}

/// The budget in bytes, and whether it was set explicitly.
pub fn memory_budget() -> (u64, bool) {
    match BUDGET.load(Ordering::Relaxed) {
        0 => (available_memory().unwrap_or(FALLBACK_BYTES), false),
        set => (set, true),
    }
}

/// A byte count for people: `512 B`, `3.2 MiB`, `1.5e5 TiB`.
pub fn human_bytes(bytes: f64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    match unit {
        0 => format!("{value:.0} B"),
        _ if value >= 1e4 => format!("{value:.1e} {}", UNITS[unit]),
        _ => format!("{value:.1} {}", UNITS[unit]),
    }
}

/// Without a budget set, what needs less than this is not checked against the machine's
/// available memory (reading `/proc/meminfo` costs microseconds: too much for a short run).
const UNCHECKED_BYTES: f64 = (64u64 << 20) as f64;

/// Refuses `what` when its `parts` (name, bytes) add up to more than the budget.
pub fn check(what: &str, parts: &[(&str, f64)]) -> Result<(), Error> {
    let total: f64 = parts.iter().map(|(_, b)| b).sum();
    if BUDGET.load(Ordering::Relaxed) == 0 && total <= UNCHECKED_BYTES {
        return Ok(());
    }
    let (budget, explicit) = memory_budget();
    if total <= budget as f64 {
        return Ok(());
    }
    let (largest, bytes) = parts
        .iter()
        .copied()
        .fold(("", 0.0), |a, b| if b.1 > a.1 { b } else { a });
    let whose = if explicit {
        "the memory budget set"
    } else {
        "the memory available on this machine"
    };
    Err(Error::Budget {
        what: what.to_string(),
        message: format!(
            "needs about {} ({largest}: {}), more than {whose} ({}); raise it with --max-memory (or `set_memory_budget`), or make the run smaller",
            human_bytes(total),
            human_bytes(bytes),
            human_bytes(budget as f64)
        ),
    })
}

/// Bytes a population of `n` instances of `info` holds: every state, input and output as
/// f64, the refractory counters and flags, and its parameters if given per instance.
pub fn population_bytes(info: &ModelInfo, n: usize) -> f64 {
    let per_instance = 8 * (2 * info.states.len() + info.inputs.len() + info.params.len()) + 16;
    n as f64 * per_instance as f64
}

/// Refuses a population of `n` instances of `info` that would not fit in the budget.
pub fn check_population(info: &ModelInfo, n: usize) -> Result<(), Error> {
    check(
        &format!("a population of {n} `{}`", info.name),
        &[("state and parameters", population_bytes(info, n))],
    )
}

/// Watches a record that grows while a run goes on (the spikes, whose number is not known
/// before the run): its next growth is checked against the budget, so that a run that
/// would exhaust memory stops with [`Error::Budget`] — keeping what it recorded — instead of
/// being killed. Cheap to call every few hundred steps: the budget is consulted only when
/// the record has grown by an eighth (at least 1 MiB) since the last time.
#[derive(Clone, Debug, Default)]
pub struct Growth {
    next_check: f64,
}

impl Growth {
    /// A guard that checks at the first call.
    pub fn new() -> Growth {
        Growth::default()
    }

    /// Refuses to let `what` (a record holding `bytes` now) grow further when its next
    /// growth — a doubling of its storage — would not fit in the budget.
    pub fn check(&mut self, what: impl FnOnce() -> String, bytes: f64) -> Result<(), Error> {
        if bytes < self.next_check {
            return Ok(());
        }
        self.next_check = bytes + (bytes / 8.0).max((1u64 << 20) as f64);
        check(
            &what(),
            &[("the record after its next growth", 2.0 * bytes)],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_counts_read_well() {
        assert_eq!(human_bytes(512.0), "512 B");
        assert_eq!(human_bytes(3.5 * 1024.0 * 1024.0), "3.5 MiB");
        assert!(human_bytes(1e20).ends_with("TiB"));
    }
}
