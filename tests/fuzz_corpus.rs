//! A deterministic mutation corpus (`tests/common/mutants.rs`): library models, synapses,
//! couplings and networks mutated 20 000+ ways, each checked, and when it checks, generated
//! and stepped a few times in-process (interpreted, expression trees), with no panic and
//! within a memory budget. Inputs that once crashed are kept in `tests/fuzz/regressions/`
//! and run the same way.

use cajal::runtime::budget;

mod common;
#[path = "common/mutants.rs"]
mod mutants;
use mutants::{library, mutants, no_panics, regressions};

#[test]
fn twenty_thousand_mutants_check_generate_and_step_without_panicking() {
    budget::set_memory_budget(Some(256 << 20));
    let count = no_panics(mutants(), &library(), true);
    assert!(count >= 20_000, "{count} mutants");
}

#[test]
fn the_regression_files_are_refused_or_run_without_panicking() {
    let files = regressions();
    assert!(files.len() >= 4);
    no_panics(files.into_iter(), &library(), true);
}
