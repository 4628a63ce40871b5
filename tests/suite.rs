//! The integration tests of the `cajal` facade, linked into one test binary: one link instead
//! of one per file (each file stays a module named after it; `cargo test --test suite brunel::`
//! runs one file's tests). Files that change what the whole process does keep their own
//! binary: the compile-failure tests (trybuild), the mutant corpora (a memory budget; the
//! JIT installed for every interpreter) and the memory-budget tests.

// Helpers the test modules share.
#[path = "common/mod.rs"]
mod common;
#[path = "common/continuous_models.rs"]
mod continuous_models;
#[path = "common/network_file.rs"]
mod network_file;
#[path = "common/plastic_visits.rs"]
mod plastic_visits;
#[path = "common/stdp_models.rs"]
mod stdp_models;
#[path = "common/whole_brain_files.rs"]
mod whole_brain_files;

// One module per test file.
#[path = "all_to_all.rs"]
mod all_to_all;
#[path = "all_to_all_items.rs"]
mod all_to_all_items;
#[path = "bold_networks.rs"]
mod bold_networks;
#[path = "book_cell_types.rs"]
mod book_cell_types;
#[path = "brunel.rs"]
mod brunel;
#[path = "connectome_networks.rs"]
mod connectome_networks;
#[path = "continuous_synapses.rs"]
mod continuous_synapses;
#[path = "damaged_checkpoints.rs"]
mod damaged_checkpoints;
#[path = "dense_projections.rs"]
mod dense_projections;
#[path = "distributed_networks.rs"]
mod distributed_networks;
#[path = "firing_patterns.rs"]
mod firing_patterns;
#[path = "generated_code.rs"]
mod generated_code;
#[path = "generated_loops.rs"]
mod generated_loops;
#[path = "hopfield.rs"]
mod hopfield;
#[path = "hrf_bold.rs"]
mod hrf_bold;
#[path = "include_model.rs"]
mod include_model;
#[path = "integrate_and_fire.rs"]
mod integrate_and_fire;
#[path = "interpreted_networks.rs"]
mod interpreted_networks;
#[path = "interpreter.rs"]
mod interpreter;
#[path = "mass_models.rs"]
mod mass_models;
#[path = "mean_field_qif.rs"]
mod mean_field_qif;
#[path = "microcircuit.rs"]
mod microcircuit;
#[path = "network_batch.rs"]
mod network_batch;
#[path = "network_delays.rs"]
mod network_delays;
#[path = "network_items.rs"]
mod network_items;
#[path = "network_reproducibility.rs"]
mod network_reproducibility;
#[path = "neural_fields.rs"]
mod neural_fields;
#[path = "never_panics.rs"]
mod never_panics;
#[path = "noise.rs"]
mod noise;
#[path = "order_parameter.rs"]
mod order_parameter;
#[path = "planar_neurons.rs"]
mod planar_neurons;
#[path = "plastic_networks.rs"]
mod plastic_networks;
#[path = "rate_coupling.rs"]
mod rate_coupling;
#[path = "rate_plasticity.rs"]
mod rate_plasticity;
#[path = "reader_properties.rs"]
mod reader_properties;
#[path = "reference_coba_cuba.rs"]
mod reference_coba_cuba;
#[path = "reference_forward.rs"]
mod reference_forward;
#[path = "reference_mass.rs"]
mod reference_mass;
#[path = "reference_mass_network.rs"]
mod reference_mass_network;
#[path = "reference_network.rs"]
mod reference_network;
#[path = "reference_network_files.rs"]
mod reference_network_files;
#[path = "reference_spiking.rs"]
mod reference_spiking;
#[path = "reference_stdp.rs"]
mod reference_stdp;
#[path = "reference_synapses.rs"]
mod reference_synapses;
#[path = "reward_stdp.rs"]
mod reward_stdp;
#[path = "stdp_rules.rs"]
mod stdp_rules;
#[path = "stochastic_neurons.rs"]
mod stochastic_neurons;
#[path = "synapse_dynamics.rs"]
mod synapse_dynamics;
#[path = "traub_miles.rs"]
mod traub_miles;
#[path = "whole_brain_data.rs"]
mod whole_brain_data;
