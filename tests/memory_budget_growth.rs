//! What the budget cannot know before a run — how many spikes will be recorded — is watched
//! while it runs: a run whose spike record would outgrow the budget stops with a budget
//! error and keeps what it recorded. Projections built from connections listed in Rust are
//! checked before their tables and delay rings are allocated.
//!
//! The budget is process-wide, so these tests live in a binary of their own and run one
//! after another under one lock.

use std::sync::Mutex;

use cajal::prelude::*;
use cajal::runtime::budget::set_memory_budget;

/// Serialises the tests of this binary: each sets the process's budget.
static BUDGET: Mutex<()> = Mutex::new(());

const BUDGET_BYTES: u64 = 8 << 20;

/// 10 000 Poisson neurons at 1 kHz fire about 950 spikes per 0.1 ms step.
fn busy_neurons() -> PoissonNeuron {
    let mut cells = PoissonNeuron::new(10_000);
    cells.inputs.rate.fill(1000.0);
    cells
}

#[test]
fn a_model_run_whose_spikes_outgrow_the_budget_stops_and_keeps_its_record() {
    let _lock = BUDGET
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    set_memory_budget(Some(BUDGET_BYTES));
    let mut sim = Simulation::new(busy_neurons(), 0.1).unwrap();
    let short = sim.run_partial(20.0).unwrap();
    assert!(short.stopped.is_none(), "{:?}", short.stopped);
    let mut sim = Simulation::new(busy_neurons(), 0.1).unwrap();
    let run = sim.run_partial(1000.0).unwrap();
    set_memory_budget(None);
    let message = run.stopped.expect("the run must stop").to_string();
    assert!(
        message.contains("recording the spikes of 10000 `PoissonNeuron`")
            && message.contains("more than the memory budget set (8.0 MiB)"),
        "{message}"
    );
    // 16 bytes a spike: the record stopped between a quarter of the budget and all of it.
    let spikes = run.recording.spikes.len();
    assert!(
        (BUDGET_BYTES / 64..=BUDGET_BYTES / 16).contains(&(spikes as u64)),
        "{spikes} spikes kept"
    );
    let last_step = run.recording.spikes.last().unwrap().1;
    assert!(last_step < 10_000, "stopped at step {last_step}");
}

#[test]
fn a_network_run_whose_spikes_outgrow_the_budget_stops_and_keeps_its_record() {
    let _lock = BUDGET
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    set_memory_budget(Some(BUDGET_BYTES));
    let mut net = Network::new(0.1).unwrap();
    let p = net.add_population("P", busy_neurons()).unwrap();
    net.record_spikes(p).unwrap();
    let result = net.run(1000.0);
    set_memory_budget(None);
    let message = result.expect_err("the run must stop").to_string();
    assert!(
        message.contains("recording spikes (")
            && message.contains("more than the memory budget set"),
        "{message}"
    );
    // 12 bytes a spike in a network's record.
    let kept = net.spikes(p).unwrap().len() as u64;
    assert!(
        (BUDGET_BYTES / 48..=BUDGET_BYTES / 12).contains(&kept),
        "{kept} spikes kept"
    );
    assert!(net.t_ms() < 1000.0);
}

#[test]
fn projections_listed_in_rust_are_checked_before_their_tables_are_built() {
    let _lock = BUDGET
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    set_memory_budget(Some(1 << 20));
    let mut net = Network::new(0.1).unwrap();
    let pre = net.add_population("pre", Izhikevich::new(1000)).unwrap();
    let post = net.add_population("post", Izhikevich::new(1000)).unwrap();
    let many = Connections::all_to_all(1000, 1000, 1.0, true);
    let table = net
        .connect("many", pre, post, ExpConductance::default(), many)
        .expect_err("a million synapses exceed 1 MiB")
        .to_string();
    let mut far = Connections::new(1000, 1000);
    far.push(0, 0, 1.0);
    far.push(1, 1, 1.0);
    far.delay_ms = Some(vec![0.1, 6000.0]);
    let delays = net
        .connect_with(
            "far",
            pre,
            post,
            ExpConductance::default(),
            far,
            Delivery::Brian2,
        )
        .expect_err("60 001 slots of spikes in flight (24 bytes each) exceed 1 MiB")
        .to_string();
    set_memory_budget(None);
    assert!(
        table.contains("projection `many` of 1000000 synapses") && table.contains("synapse table"),
        "{table}"
    );
    assert!(
        delays.contains("the delays of projection `far` (up to 60001 steps)")
            && delays.contains("slots of spikes in flight"),
        "{delays}"
    );
}
