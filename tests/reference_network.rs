//! The seed notebook's RS/FS networks with AMPA/NMDA/GABA_A/GABA_B conductances
//! (`tests/reference/spike/seed_network.json`): identical spike steps for every neuron, and
//! the Cano-Colino ring weights.

use crate::common;

use cajal::models::networks::{
    CanoColinoRing, CanoColinoRingParams, SeedCircuit, SeedCircuitParams,
};

use cajal::prelude::*;
use common::{f, floats, matrix, reference, steps};
use serde_json::Value;

/// The notebook's network for one case of the reference file: the library's 4-neuron
/// circuit or its Cano-Colino ring, whose wiring must be the file's weight matrix when the
/// file gives one.
fn build(name: &str, case: &Value) -> (Network, PopulationId, PopulationId) {
    let ne = case["Ne"].as_u64().unwrap() as usize;
    let ni = case["Ni"].as_u64().unwrap() as usize;
    let currents = floats(&case["currents_pA"]);
    assert!(
        currents[2..].iter().all(|&c| c == 0.0),
        "only E0 and E1 are driven"
    );
    let (net, e, i) = if name.starts_with("custom") {
        let params = SeedCircuitParams {
            I_0: currents[0],
            I_1: currents[1],
            ..SeedCircuitParams::default()
        };
        let circuit = SeedCircuit::with_params(&params).unwrap();
        (circuit.network, circuit.E, circuit.I)
    } else {
        let params = CanoColinoRingParams {
            Ne: ne as f64,
            Ni: ni as f64,
            I_0: currents[0],
            I_1: currents[1],
            ..CanoColinoRingParams::default()
        };
        let ring = CanoColinoRing::with_params(&params).unwrap();
        (ring.network, ring.E, ring.I)
    };
    if !case["weights"].is_null() {
        // Neurons numbered E first; weights[i][j] is source i → target j (nS).
        let n = ne + ni;
        let mut wired = vec![vec![0.0; n]; n];
        let blocks = [("EE", 0, 0), ("EI", 0, ne), ("IE", ne, 0), ("II", ne, ne)];
        for (block, pre, post) in blocks {
            let (fast, slow) = if pre == 0 {
                ("ampa", "nmda")
            } else {
                ("gabaa", "gabab")
            };
            let Ok(synapses) = net.synapses(&format!("{block}_{fast}")) else {
                continue;
            };
            let twin = net.synapses(&format!("{block}_{slow}")).unwrap();
            assert_eq!(synapses, twin, "{block}: both receptors share the wiring");
            for (i, j, w) in synapses {
                wired[pre + i as usize][post + j as usize] = w;
            }
        }
        let expected = matrix(&case["weights"]);
        for (i, (a, b)) in wired.iter().zip(&expected).enumerate() {
            for (j, (x, y)) in a.iter().zip(b).enumerate() {
                assert!(
                    (x - y).abs() <= 1e-12 * y.abs(),
                    "{name}: weight {i}→{j}: {x} vs {y}"
                );
            }
        }
    }
    assert!(net.spikes(e).is_ok() && net.spikes(i).is_ok());
    (net, e, i)
}

fn check_case(name: &str) {
    let file = reference("spike/seed_network.json");
    let case = &file["cases"][name];
    let (mut net, e, i) = build(name, case);
    let n_steps = file["n_steps"].as_u64().unwrap();
    for _ in 0..n_steps {
        net.step().unwrap();
    }
    let ne = case["Ne"].as_u64().unwrap() as usize;
    let expected = case["spike_steps"].as_array().unwrap();
    let mut first_mismatch = None;
    for (k, exp) in expected.iter().enumerate() {
        let got = if k < ne {
            net.spikes(e).unwrap().steps_of(k)
        } else {
            net.spikes(i).unwrap().steps_of(k - ne)
        };
        if got != steps(exp) && first_mismatch.is_none() {
            first_mismatch = Some((k, got, steps(exp)));
        }
    }
    if let Some((k, got, exp)) = first_mismatch {
        panic!("{name}: neuron {k} spikes at steps {got:?}, reference {exp:?}");
    }
    let total = net.spikes(e).unwrap().len() + net.spikes(i).unwrap().len();
    assert_eq!(total as u64, case["total_spikes"].as_u64().unwrap());
}

#[test]
fn ring_2_plus_2_spike_steps_are_identical() {
    check_case("ring_Ne2_Ni2");
}

#[test]
fn custom_4_neuron_circuit_spike_steps_are_identical() {
    check_case("custom4_Ne2_Ni2");
}

#[test]
fn ring_100_plus_20_spike_steps_are_identical() {
    check_case("ring_Ne100_Ni20");
}

#[test]
fn ring_rule_rebuilds_the_notebook_weights() {
    let file = reference("spike/seed_network.json");
    let case = &file["cases"]["ring_Ne100_Ni20"];
    let (ne, ni) = (100, 20);
    let ee = Connections::ring_gaussian(ne, ne, 5.0, 14.4, false);
    let ei = Connections::ring_gaussian(ne, ni, 10.0, 14.4, true);
    let ii = Connections::ring_gaussian(ni, ni, 10.0, 14.4, false);
    let ie = Connections::ring_gaussian(ni, ne, 0.0, 14.4, true);
    let count = ee.len() + ei.len() + ii.len() + ie.len();
    assert_eq!(
        count as u64,
        case["weights_nonzero_count"].as_u64().unwrap()
    );
    let sum: f64 = [&ee, &ei, &ii, &ie]
        .iter()
        .flat_map(|c| c.weight.iter())
        .sum();
    let expected_sum = f(&case["weights_sum"]);
    assert!(
        (sum - expected_sum).abs() < 1e-12 * expected_sum,
        "{sum} vs {expected_sum}"
    );
    // Row 0 (excitatory neuron 0) to every neuron.
    let row = floats(&case["weights_first_row"]);
    let mut mine = vec![0.0; ne + ni];
    for s in 0..ee.len() {
        if ee.pre[s] == 0 {
            mine[ee.post[s] as usize] = ee.weight[s];
        }
    }
    for s in 0..ei.len() {
        if ei.pre[s] == 0 {
            mine[ne + ei.post[s] as usize] = ei.weight[s];
        }
    }
    for (j, (a, b)) in mine.iter().zip(&row).enumerate() {
        assert!((a - b).abs() <= 1e-15 * b.abs(), "weight 0→{j}: {a} vs {b}");
    }
}

#[test]
fn conductance_traces_follow_the_reference() {
    // The 2+2 ring's conductance onto neuron 2 (inhibitory 0), sampled every 5 steps.
    let file = reference("spike/seed_network.json");
    let case = &file["cases"]["ring_Ne2_Ni2"];
    let (mut net, _, _) = build("ring_Ne2_Ni2", case);
    let trace = &case["trace"];
    let expected = floats(&trace["G2_ampa_nS"]);
    let expected_nmda = floats(&trace["G2_nmda_nS"]);
    let mut got = Vec::new();
    let mut got_nmda = Vec::new();
    for n in 0..expected.len() * 5 {
        if n % 5 == 0 {
            got.push(net.synapse_state("EI_ampa", "g").unwrap()[0]);
            got_nmda.push(net.synapse_state("EI_nmda", "g").unwrap()[0]);
        }
        net.step().unwrap();
    }
    // The file keeps 6 decimals.
    for (k, (a, b)) in got.iter().zip(&expected).enumerate() {
        assert!((a - b).abs() < 1e-6, "AMPA sample {k}: {a} vs {b}");
    }
    for (k, (a, b)) in got_nmda.iter().zip(&expected_nmda).enumerate() {
        assert!((a - b).abs() < 1e-6, "NMDA sample {k}: {a} vs {b}");
    }
}
