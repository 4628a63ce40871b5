//! The shipped connectome (`runtime/data/hcp80`, see its README and PROVENANCE) loads, by
//! name and from its files, has the documented properties, and drives a mass network.

use cajal::prelude::*;
use cajal::runtime::io::read_matrix_csv;

fn path(file: &str) -> String {
    format!("{}/runtime/data/hcp80/{file}", env!("CARGO_MANIFEST_DIR"))
}

fn data(file: &str) -> Vec<Vec<f64>> {
    read_matrix_csv(path(file)).unwrap()
}

#[test]
fn hcp80_by_name_is_its_files() {
    let hcp = Connectome::shipped("hcp80").expect("shipped").unwrap();
    assert_eq!(hcp.weights, data("weights.csv"));
    assert_eq!(hcp.lengths_mm, Some(data("tract_lengths_mm.csv")));
    assert_eq!(hcp.empirical_fc, Some(data("empirical_fc.csv")));
    assert!(Connectome::shipped("hcp81").is_none());
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
    let conn = Connectivity::from_csv(path("weights.csv"))
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
fn delays_too_long_to_keep_are_an_error_not_an_abort() {
    // 80 nodes at a conduction speed of 0.1 μm/ms with dt = 0.1 ms: up to ~10^7 steps of
    // history for each node, over 10 GB.
    let conn = Connectivity::from_csv(path("weights.csv"))
        .unwrap()
        .with_delays_from_lengths(&data("tract_lengths_mm.csv"), 1e-4, 0.1, DelayRounding::Up)
        .unwrap();
    let e = MassNetwork::new(Hopf::new(80), Diffusive { k: 0.5 }, conn, "x", "x_inp")
        .err()
        .expect("a history of gigabytes is refused")
        .to_string();
    assert!(e.contains("needs a history of"), "{e}");
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

/// A `.npy` file written by hand from the format specification (NEP 1): magic, version 1.0,
/// a little-endian u16 header length, a dict header padded to 64 bytes, then the data.
fn npy_bytes(descr: &str, fortran: bool, shape: (usize, usize), data: &[u8]) -> Vec<u8> {
    let mut header = format!(
        "{{'descr': '{descr}', 'fortran_order': {}, 'shape': ({}, {}), }}",
        if fortran { "True" } else { "False" },
        shape.0,
        shape.1
    );
    while (10 + header.len() + 1) % 64 != 0 {
        header.push(' ');
    }
    header.push('\n');
    let mut out = b"\x93NUMPY\x01\x00".to_vec();
    out.extend_from_slice(&(header.len() as u16).to_le_bytes());
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(data);
    out
}

#[test]
fn npy_matrices_load_in_either_order_and_precision() {
    use cajal::runtime::io::parse_npy;
    let values = [1.0f64, 2.0, 3.0, 4.0, 5.0, 6.0];
    let f8: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
    let want = vec![vec![1.0, 2.0, 3.0], vec![4.0, 5.0, 6.0]];
    assert_eq!(
        parse_npy(&npy_bytes("<f8", false, (2, 3), &f8)).unwrap(),
        want
    );
    // Fortran order stores columns first.
    let cols: Vec<u8> = [1.0f64, 4.0, 2.0, 5.0, 3.0, 6.0]
        .iter()
        .flat_map(|v| v.to_le_bytes())
        .collect();
    assert_eq!(
        parse_npy(&npy_bytes("<f8", true, (2, 3), &cols)).unwrap(),
        want
    );
    let f4: Vec<u8> = values
        .iter()
        .flat_map(|v| (*v as f32).to_le_bytes())
        .collect();
    assert_eq!(
        parse_npy(&npy_bytes("<f4", false, (2, 3), &f4)).unwrap(),
        want
    );
    assert!(
        parse_npy(&npy_bytes("<i8", false, (2, 3), &f8))
            .unwrap_err()
            .contains("unsupported dtype")
    );
    assert!(
        parse_npy(&npy_bytes("<f8", false, (3, 3), &f8))
            .unwrap_err()
            .contains("needs 72")
    );
    assert!(parse_npy(b"not numpy").is_err());
}

#[test]
fn tvb_connectivity_from_a_zip_and_a_directory() {
    use cajal::runtime::io::read_tvb_connectivity;
    use std::io::Write;
    let dir = std::env::temp_dir().join(format!("cajal-tvb-{}", std::process::id()));
    let unpacked = dir.join("connectivity");
    std::fs::create_dir_all(&unpacked).unwrap();
    let files = [
        ("weights.txt", "0 1.5\n2 0\n"),
        ("tract_lengths.txt", "0 12.5\n12.5 0\n"),
        ("centres.txt", "rA 1 2 3\nrB -1 -2 -3\n"),
    ];
    let zip_path = dir.join("connectivity.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    for (name, text) in files {
        std::fs::write(unpacked.join(name), text).unwrap();
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    for source in [&zip_path, &unpacked] {
        let c = read_tvb_connectivity(source).unwrap();
        assert_eq!(c.weights, vec![vec![0.0, 1.5], vec![2.0, 0.0]]);
        assert_eq!(c.tract_lengths[0][1], 12.5);
        assert_eq!(c.labels, vec!["rA", "rB"]);
        assert_eq!(c.centres[1], [-1.0, -2.0, -3.0]);
    }
    std::fs::remove_file(unpacked.join("weights.txt")).unwrap();
    let e = read_tvb_connectivity(&unpacked).unwrap_err().to_string();
    assert!(e.contains("`weights.txt` is missing"), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}
