//! The shipped connectome (`data/hcp80`, see its README and PROVENANCE) loads, has the
//! documented properties, and drives a mass network.

use cajal::prelude::*;
use cajal::runtime::io::read_matrix_csv;

fn data(file: &str) -> Vec<Vec<f64>> {
    read_matrix_csv(format!("{}/data/hcp80/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn hcp80_matrices_have_the_documented_shape() {
    let w = data("weights.csv");
    let l = data("tract_lengths_mm.csv");
    let fc = data("empirical_fc.csv");
    for m in [&w, &l, &fc] {
        assert_eq!(m.len(), 80);
        assert!(m.iter().all(|r| r.len() == 80));
    }
    let max = w.iter().flatten().fold(0.0f64, |a, b| a.max(*b));
    assert_eq!(max, 1.0, "max-normalised");
    for i in 0..80 {
        assert_eq!(w[i][i], 0.0);
        assert!((fc[i][i] - 1.0).abs() < 1e-9);
        for j in 0..80 {
            assert!((w[i][j] - w[j][i]).abs() < 1e-12, "symmetric");
            assert!(l[i][j] >= 0.0);
        }
    }
}

#[test]
fn a_network_on_hcp80_with_delays_runs() {
    let conn = Connectivity::from_csv(format!(
        "{}/data/hcp80/weights.csv",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
    .with_delays_from_lengths(&data("tract_lengths_mm.csv"), 10.0, 0.1, DelayRounding::Up)
    .unwrap();
    assert!(conn.delay_steps().unwrap().iter().any(|d| *d > 10));
    let net = MassNetwork::new(Hopf::new(80), Diffusive { k: 0.5 }, conn, "x", "x_inp").unwrap();
    let mut sim = Simulation::new(net, 0.1).unwrap();
    sim.model_mut()
        .state_mut(0)
        .iter_mut()
        .enumerate()
        .for_each(|(i, x)| *x = 0.1 * (i as f64).sin());
    let rec = sim.run(50.0).unwrap();
    assert_eq!(rec.t_ms.len(), 501);
}

#[test]
fn a_malformed_matrix_file_is_reported_with_its_line() {
    let dir = std::env::temp_dir().join(format!("cajal-csv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("bad.csv");
    std::fs::write(&p, "0,1\n1,zero\n").unwrap();
    let e = read_matrix_csv(&p).unwrap_err().to_string();
    assert!(e.contains("bad.csv:2") && e.contains("`zero`"), "{e}");
    assert!(
        read_matrix_csv(dir.join("missing.csv"))
            .unwrap_err()
            .to_string()
            .contains("missing.csv")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
