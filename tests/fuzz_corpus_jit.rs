//! The mutation corpus (`tests/common/mutants.rs`) through the JIT: every mutant that checks
//! is compiled to native code (whole population steps, synapse passes, right-hand sides) and
//! stepped a few times, with no panic and within a memory budget; so are the inputs that
//! once crashed. (A test binary of its own: the JIT is installed for the whole process.)

use cajal::runtime::budget;

mod common;
#[path = "common/mutants.rs"]
mod mutants;
use mutants::{library, mutants, no_panics, regressions};

#[test]
fn twenty_thousand_mutants_compile_and_step_natively_without_panicking() {
    cajal_jit::install();
    budget::set_memory_budget(Some(256 << 20));
    let library = library();
    let count = no_panics(mutants(), &library, false);
    assert!(count >= 20_000, "{count} mutants");
    no_panics(regressions().into_iter(), &library, false);
}
