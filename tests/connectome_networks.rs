//! Whole-brain networks whose weights come from a connectome (`connectome(…)` in a network
//! item): from CSV and NPY files, with tract-length delays rounded up or to the nearest step,
//! dense and sparse, through Laplacians, and the shipped `hcp80` by name — each equal bit for
//! bit to the Rust [`MassNetwork`] over the same matrix.

use crate::whole_brain_files as files;

use std::path::Path;

use cajal::prelude::*;
use cajal::runtime::Laplacian;
use cajal::runtime::interpreter::BuiltNetwork;
use cajal::runtime::rng::{mix64, uniform_open};
use files::{build_error, interpret, scratch, write_csv};

/// `rows[i][j]`, the weight from node j onto node i: a random value where `u < density`
/// (off the diagonal), else 0.
fn random_rows(n: usize, density: f64, salt: u64) -> Vec<Vec<f64>> {
    (0..n)
        .map(|i| {
            (0..n)
                .map(|j| {
                    let key = salt ^ (i * n + j) as u64;
                    let keep = i != j && uniform_open(mix64(key)) < density;
                    if keep {
                        uniform_open(mix64(key ^ 0xABCD))
                    } else {
                        0.0
                    }
                })
                .collect()
        })
        .collect()
}

/// Tract lengths (mm) between 5 and 60.
fn lengths(n: usize) -> Vec<Vec<f64>> {
    (0..n)
        .map(|i| {
            (0..n)
                .map(|j| 5.0 + 55.0 * uniform_open(mix64(((i * n + j) as u64) << 7)))
                .collect()
        })
        .collect()
}

/// A 2-D little-endian float64 `.npy` file.
fn write_npy(path: &Path, rows: &[Vec<f64>]) {
    let header = format!(
        "{{'descr': '<f8', 'fortran_order': False, 'shape': ({}, {}), }}",
        rows.len(),
        rows[0].len()
    );
    let mut header = header.into_bytes();
    while (10 + header.len() + 1) % 64 != 0 {
        header.push(b' ');
    }
    header.push(b'\n');
    let mut bytes = b"\x93NUMPY\x01\x00".to_vec();
    bytes.extend_from_slice(&(header.len() as u16).to_le_bytes());
    bytes.extend_from_slice(&header);
    for x in rows.concat() {
        bytes.extend_from_slice(&x.to_le_bytes());
    }
    std::fs::write(path, bytes).unwrap();
}

/// `n` Hopf nodes started at x_i = 0.3 sin i, y_i = 0.2 cos 0.7i (as the file's `init`s).
fn hopf(n: usize) -> Hopf {
    let mut h = Hopf::new(n);
    for i in 0..n {
        h.state.x[i] = 0.3 * (i as f64).sin();
        h.state.y[i] = 0.2 * (0.7 * i as f64).cos();
    }
    h
}

fn hopf_file(n: usize, rule: &str) -> String {
    format!(
        "network Brain {{
            timestep 0.1 ms
            population nodes = Hopf[{n}] {{ init x = 0.3*sin(i); init y = 0.2*cos(0.7*i) }}
            projection sc: nodes.x -> nodes.x_inp = Diffusive {{ k = 0.2 }} with {rule}
        }}"
    )
}

fn bits(values: &[f64]) -> Vec<u64> {
    values.iter().map(|v| v.to_bits()).collect()
}

/// Steps the file's network and `mass` together, comparing every state bit for bit.
fn same_as_mass_network<C: Coupling>(built: BuiltNetwork, mut mass: MassNetwork<Hopf, C>) {
    let (mut net, p) = (built.network, built.populations[0]);
    let mut spikes = Vec::new();
    for step in 0..1500 {
        mass.step(step as f64 * 0.1, 0.1, &mut spikes);
        net.step().unwrap();
        let nodes = net.population(p).unwrap();
        for k in 0..2 {
            assert_eq!(bits(nodes.state(k)), bits(mass.state(k)), "step {step}");
        }
    }
}

#[test]
fn a_weight_file_couples_as_the_mass_network_dense_and_sparse() {
    let dir = scratch("plain");
    for (n, density, file) in [(12, 1.0, "dense.csv"), (40, 0.15, "sparse.npy")] {
        let rows = random_rows(n, density, n as u64);
        if file.ends_with(".npy") {
            write_npy(&dir.join(file), &rows);
        } else {
            write_csv(&dir.join(file), &rows);
        }
        let built = interpret(&hopf_file(n, &format!("connectome(\"{file}\")")), &dir);
        assert_eq!(built.network.is_dense("sc").unwrap(), density == 1.0);
        let conn = Connectivity::from_rows(&rows).unwrap();
        let mass = MassNetwork::new(hopf(n), Diffusive { k: 0.2 }, conn, "x", "x_inp").unwrap();
        same_as_mass_network(built, mass);
    }
}

/// The dense product shared out over threads that live as long as the network (panels of
/// 32 rows each: 100 nodes make four) changes no bit: a file network on 3 threads against a
/// `MassNetwork` on one, a `MassNetwork` on 2 against a file network on one, and a batch of
/// members on 2 threads against the same batch on one.
#[test]
fn weight_products_shared_over_threads_change_no_bit() {
    let dir = scratch("threads");
    let n = 100;
    let rows = random_rows(n, 1.0, 7);
    write_csv(&dir.join("w.csv"), &rows);
    let file = hopf_file(n, "connectome(\"w.csv\")");
    let conn = || Connectivity::from_rows(&rows).unwrap();
    let mass = || MassNetwork::new(hopf(n), Diffusive { k: 0.2 }, conn(), "x", "x_inp").unwrap();
    let mut built = interpret(&file, &dir);
    assert_eq!(built.network.set_product_threads(3), 1, "one dense product");
    same_as_mass_network(built, mass());
    let mut threaded = mass();
    threaded.set_threads(2);
    assert_eq!(threaded.threads(), 2);
    same_as_mass_network(interpret(&file, &dir), threaded);

    let members = 5;
    let batch = |threads: usize| {
        let mut nodes = Hopf::new(n * members);
        for i in 0..n * members {
            nodes.state.x[i] = 0.3 * (i as f64).sin();
        }
        let a = (0..n * members)
            .map(|i| -0.1 + 0.05 * (i / n) as f64)
            .collect();
        nodes.set_param_per_instance(0, a).unwrap();
        let couplings = (0..members).map(|_| Diffusive { k: 0.2 }).collect();
        let mut net = MassNetwork::batched(nodes, couplings, conn(), "x", "x_inp").unwrap();
        net.set_threads(threads);
        net
    };
    let (mut one, mut two) = (batch(1), batch(2));
    let mut spikes = Vec::new();
    for step in 0..500 {
        one.step(step as f64 * 0.1, 0.1, &mut spikes);
        two.step(step as f64 * 0.1, 0.1, &mut spikes);
        assert_eq!(bits(one.state(0)), bits(two.state(0)), "batch, step {step}");
    }
}

/// Hopf nodes on `rows` (started as [`hopf`]) with the weight product in `precision` on
/// `threads` threads.
fn mass_in(
    rows: &[Vec<f64>],
    precision: Precision,
    threads: usize,
) -> MassNetwork<Hopf, Diffusive> {
    let conn = Connectivity::from_rows(rows).unwrap();
    let n = rows.len();
    let mut mass = MassNetwork::new(hopf(n), Diffusive { k: 0.2 }, conn, "x", "x_inp").unwrap();
    mass.set_precision(precision);
    mass.set_threads(threads);
    assert_eq!((mass.precision(), mass.threads()), (precision, threads));
    mass
}

/// Single-precision weight products: a file network saying `precision f32` is the
/// `MassNetwork` set to f32, bit for bit, on one thread or shared over several; its states
/// stay within the products' documented error of the f64 run, and differ from it.
#[test]
fn single_precision_products_agree_everywhere_and_stay_near_double() {
    let dir = scratch("single");
    let n = 100;
    let rows = random_rows(n, 1.0, 7);
    write_csv(&dir.join("w.csv"), &rows);
    let file = hopf_file(n, "connectome(\"w.csv\")").replace(
        "timestep 0.1 ms",
        "timestep 0.1 ms\n            precision f32",
    );
    let built = interpret(&file, &dir);
    assert_eq!(built.network.product_precision(), Precision::F32);
    same_as_mass_network(built, mass_in(&rows, Precision::F32, 1));
    let mut built = interpret(&file, &dir);
    assert_eq!(built.network.set_product_threads(3), 1);
    same_as_mass_network(built, mass_in(&rows, Precision::F32, 2));

    let (mut single, mut double) = (
        mass_in(&rows, Precision::F32, 1),
        mass_in(&rows, Precision::F64, 1),
    );
    let mut spikes = Vec::new();
    let mut largest = 0.0f64;
    for step in 0..1500 {
        single.step(step as f64 * 0.1, 0.1, &mut spikes);
        double.step(step as f64 * 0.1, 0.1, &mut spikes);
        for k in 0..2 {
            for (s, d) in single.state(k).iter().zip(double.state(k)) {
                largest = largest.max((s - d).abs());
            }
        }
    }
    // A node's sum Σ_j w_ij x_j (|x| < 0.5, Σ_j w_ij < 100) is within 67·2⁻²⁴·50 ≈ 2·10⁻⁴ of
    // its f64 value; 1500 steps of 0.1 ms at k = 0.2 add at most 1500·0.1·0.2·2·10⁻⁴
    // = 6·10⁻³ (the diffusive coupling pulls differences together, not apart).
    assert!(
        largest > 0.0,
        "the product was not taken in single precision"
    );
    assert!(largest < 6e-3, "f32 and f64 runs differ by {largest}");
}

/// A batch of members in single precision on two threads: each member's run is the same
/// member's network run alone in single precision, bit for bit.
#[test]
fn single_precision_batch_members_are_their_runs_alone() {
    let (n, members) = (70, 6);
    let rows = random_rows(n, 1.0, 5);
    let a_of = |b: usize| -0.1 + 0.05 * b as f64;
    let mut nodes = Hopf::new(n * members);
    for b in 0..members {
        let one = hopf(n);
        nodes.state.x[b * n..(b + 1) * n].copy_from_slice(&one.state.x);
        nodes.state.y[b * n..(b + 1) * n].copy_from_slice(&one.state.y);
    }
    let a = (0..n * members).map(|i| a_of(i / n)).collect();
    nodes.set_param_per_instance(0, a).unwrap();
    let couplings = (0..members).map(|_| Diffusive { k: 0.2 }).collect();
    let conn = Connectivity::from_rows(&rows).unwrap();
    let mut batch = MassNetwork::batched(nodes, couplings, conn, "x", "x_inp").unwrap();
    batch.set_precision(Precision::F32);
    batch.set_threads(2);
    let mut alone: Vec<_> = (0..members)
        .map(|b| {
            let mut m = mass_in(&rows, Precision::F32, 1);
            m.nodes_mut().params.a = a_of(b);
            m
        })
        .collect();
    let mut spikes = Vec::new();
    for step in 0..300 {
        let t = step as f64 * 0.1;
        batch.step(t, 0.1, &mut spikes);
        for (b, m) in alone.iter_mut().enumerate() {
            m.step(t, 0.1, &mut spikes);
            for k in 0..2 {
                let together = &batch.state(k)[b * n..(b + 1) * n];
                assert_eq!(bits(together), bits(m.state(k)), "member {b}, step {step}");
            }
        }
    }
}

#[test]
fn tract_lengths_give_delays_rounded_up_or_to_the_nearest_step() {
    let dir = scratch("delays");
    let n = 16;
    let rows = random_rows(n, 0.5, 3);
    write_csv(&dir.join("w.csv"), &rows);
    write_csv(&dir.join("lengths.csv"), &lengths(n));
    for (word, rounding) in [
        ("up", DelayRounding::Up),
        ("nearest", DelayRounding::Nearest),
    ] {
        let rule = format!(
            "connectome(\"w.csv\", lengths = \"lengths.csv\", speed = 3 m/s, rounding = {word})"
        );
        let built = interpret(&hopf_file(n, &rule), &dir);
        let conn = Connectivity::from_rows(&rows)
            .unwrap()
            .with_delays_from_lengths(&lengths(n), 3.0, 0.1, rounding)
            .unwrap();
        let mass = MassNetwork::new(hopf(n), Diffusive { k: 0.2 }, conn, "x", "x_inp").unwrap();
        same_as_mass_network(built, mass);
    }
}

#[test]
fn laplacian_rules_couple_through_the_laplacian_and_brainmass_through_exp_w_times_w() {
    let dir = scratch("laplacian");
    let n = 10;
    let rows = random_rows(n, 0.6, 11);
    write_csv(&dir.join("w.csv"), &rows);
    for (word, kind, exp_weighted) in [
        ("rw", Laplacian::RandomWalk, false),
        ("sym", Laplacian::Symmetric, false),
        ("brainmass", Laplacian::Plain, true),
        ("brainmass_rw", Laplacian::RandomWalk, true),
    ] {
        let text = format!(
            "network Brain {{
                timestep 0.1 ms
                population nodes = Hopf[{n}] {{ init x = 0.3*sin(i); init y = 0.2*cos(0.7*i) }}
                projection sc: nodes.x -> nodes.x_inp = Additive {{ k = 0.2 }} with connectome(\"w.csv\", laplacian = {word})
            }}"
        );
        let built = interpret(&text, &dir);
        let mut conn = Connectivity::from_rows(&rows).unwrap();
        if exp_weighted {
            conn = conn.exp_weighted();
        }
        let coupling = Additive { k: 0.2, b: 0.0 };
        let mass = MassNetwork::new(hopf(n), coupling, conn.laplacian(kind), "x", "x_inp").unwrap();
        same_as_mass_network(built, mass);
    }
}

#[test]
fn brainmass_laplacian_is_that_of_exp_w_times_w() {
    // Two nodes, W = [[0, a], [b, 0]]: L(exp(W) ⊙ W) = [[−a e^a, a e^a], [b e^b, −b e^b]].
    let (a, b) = (0.4f64, 1.5f64);
    let w = Connectivity::from_rows(&[vec![0.0, a], vec![b, 0.0]]).unwrap();
    let l = w.exp_weighted().laplacian(Laplacian::Plain);
    let want = [-a * a.exp(), a * a.exp(), b * b.exp(), -b * b.exp()];
    for (got, want) in l.weights().iter().zip(want) {
        assert!((got - want).abs() <= 1e-15 * want.abs(), "{got} vs {want}");
    }
}

neural_model! {
    /// 80 Hopf nodes on the shipped connectome with 10 m/s conduction delays.
    network Hcp {
        parameters { k = 0.2 }
        timestep 0.1 ms
        population nodes = Hopf[80] { init x = 0.3*sin(i); init y = 0.2*cos(0.7*i) }
        projection sc: nodes.x -> nodes.x_inp = Diffusive { k = k } with connectome("hcp80", speed = 10 m/s)
    }
}

#[test]
fn the_shipped_connectome_by_name_compiled_and_interpreted() {
    let hcp = Connectome::shipped("hcp80").expect("shipped").unwrap();
    let lengths = hcp.lengths_mm.clone().unwrap();
    let mass = || {
        let conn = Connectivity::from_rows(&hcp.weights)
            .unwrap()
            .with_delays_from_lengths(&lengths, 10.0, 0.1, DelayRounding::Up)
            .unwrap();
        MassNetwork::new(hopf(80), Diffusive { k: 0.2 }, conn, "x", "x_inp").unwrap()
    };
    let compiled = Hcp::new().unwrap();
    let built = BuiltNetwork {
        network: compiled.network,
        populations: vec![compiled.nodes],
        sources: Vec::new(),
        monitors: Vec::new(),
    };
    same_as_mass_network(built, mass());
    let text = "network Hcp {
        timestep 0.1 ms
        population nodes = Hopf[80] { init x = 0.3*sin(i); init y = 0.2*cos(0.7*i) }
        projection sc: nodes.x -> nodes.x_inp = Diffusive { k = 0.2 } with connectome(\"hcp80\", speed = 10 m/s)
    }";
    same_as_mass_network(interpret(text, Path::new("/nonexistent")), mass());
}

#[test]
fn connectome_errors_say_what_is_wrong() {
    let dir = scratch("errors");
    write_csv(&dir.join("w.csv"), &random_rows(5, 1.0, 1));
    let build_error = |rule: &str, n: usize| build_error(&hopf_file(n, rule), &dir);
    let e = build_error("connectome(\"w.csv\")", 6);
    assert!(e.contains("it has 5 nodes") && e.contains("6 and 6"), "{e}");
    let e = build_error("connectome(\"nope.csv\")", 5);
    assert!(e.contains("no file") && e.contains("hcp80"), "{e}");
    let e = build_error("connectome(\"w.csv\", speed = 1 m/s)", 5);
    assert!(e.contains("needs tract lengths"), "{e}");

    let check_error = |rule: &str| match cajal_lang::compile_items(&hopf_file(5, rule)) {
        Ok(_) => panic!("{rule} checked"),
        Err(d) => d.render("brain.cajal", &hopf_file(5, rule)),
    };
    let e = check_error("connectome(w)");
    assert!(
        e.contains("names a file (or a shipped connectome) in quotes"),
        "{e}"
    );
    let e = check_error("connectome(\"w.csv\", speed = 3 ms)");
    assert!(e.contains("conduction speed"), "{e}");
    let e = check_error("connectome(\"w.csv\", rounding = down)");
    assert!(e.contains("`rounding` is one of: up, nearest"), "{e}");
    let e = check_error("connectome(\"w.csv\", lengths = \"l.csv\")");
    assert!(e.contains("without a conduction speed"), "{e}");
    let e = check_error("connectome(\"w.csv\", speed = 3 m/s) delay 2 ms");
    assert!(e.contains("delays come from its tract lengths"), "{e}");
    let e = check_error("all_to_all(\"w.csv\")");
    assert!(e.contains("text in quotes is not a value"), "{e}");
}

mod ring {
    use cajal::prelude::*;
    cajal::include_model!("tests/models/connectome/ring.cajal");
}

#[test]
fn file_names_in_an_included_file_are_relative_to_that_file() {
    // Weights and initial states from the files beside `ring.cajal`.
    let rows: Vec<Vec<f64>> = (0..6)
        .map(|i| {
            (0..6)
                .map(|j| f64::from(u8::from((j + 6 - i) % 6 == 1 || (i + 6 - j) % 6 == 1)))
                .collect()
        })
        .collect();
    let conn = Connectivity::from_rows(&rows).unwrap();
    let initial = cajal::runtime::io::read_matrix_csv(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/models/connectome/ring_initial.csv"
    ))
    .unwrap();
    let mut nodes = Hopf::new(6);
    for (i, row) in initial.iter().enumerate() {
        (nodes.state.x[i], nodes.state.y[i]) = (row[0], row[1]);
    }
    let mass = MassNetwork::new(nodes, Diffusive { k: 0.2 }, conn, "x", "x_inp").unwrap();
    let compiled = ring::Ring::new().unwrap();
    let built = BuiltNetwork {
        network: compiled.network,
        populations: vec![compiled.nodes],
        sources: Vec::new(),
        monitors: Vec::new(),
    };
    same_as_mass_network(built, mass);
}

#[test]
fn columns_that_are_too_short_or_missing_are_errors() {
    let dir = scratch("columns");
    write_csv(&dir.join("w.csv"), &random_rows(4, 1.0, 2));
    std::fs::write(dir.join("x.csv"), "0.1\n0.2\n0.3\n").unwrap();
    let text = |init: &str| {
        format!(
            "network Brain {{
                timestep 0.1 ms
                population nodes = Hopf[4] {{ init x = {init} }}
                projection sc: nodes.x -> nodes.x_inp = Diffusive with connectome(\"w.csv\")
            }}"
        )
    };
    let build = |init: &str| build_error(&text(init), &dir);
    let e = build("column(\"x.csv\")"); // 3 values for 4 nodes
    assert!(e.contains("x.csv") && e.contains("`nodes`"), "{e}");
    let e = build("column(\"x.csv\", 1)");
    assert!(e.contains("there is no column 1"), "{e}");
    let e = build("column(\"y.csv\")"); // no such file
    assert!(e.contains("y.csv"), "{e}");
    let check = |init: &str| match cajal_lang::compile_items(&text(init)) {
        Ok(_) => panic!("{init} checked"),
        Err(d) => d.render("brain.cajal", &text(init)),
    };
    let e = check("column(x)");
    assert!(e.contains("`column` takes a file in quotes"), "{e}");
    let e = check("sin(\"x.csv\")");
    assert!(e.contains("text in quotes is not a value"), "{e}");
}

#[test]
fn a_noise_population_drives_each_node_one_to_one() {
    let text = "network Noisy {
        timestep 0.1 ms
        seed 3
        population nodes = Hopf[5]
        population noise = OrnsteinUhlenbeck[5] { sigma = 0.1; tau = 5 ms; init x = 0.2*randn(0) }
        projection sc: nodes.x -> nodes.x_inp = Diffusive { k = 0.2 } with connectome(\"hcp80\")
        projection drive: noise.x -> nodes.y_inp = Additive { k = 2 } with one_to_one(1.5)
    }";
    // `hcp80` has 80 nodes: the network refuses to build with 5.
    let dir = scratch("noise");
    let e = build_error(text, &dir);
    assert!(e.contains("it has 80 nodes"), "{e}");

    let text = text.replace(
        "with connectome(\"hcp80\")",
        "with all_to_all(0.1, no_self)",
    );
    let mut built = interpret(&text, &dir);
    let (nodes, noise) = (built.populations[0], built.populations[1]);
    for _ in 0..50 {
        let x = built.network.population(noise).unwrap().state(0).to_vec();
        built.network.step().unwrap();
        let m = built.network.population(nodes).unwrap();
        let y_inp = m.input(m.info().input_index("y_inp").unwrap());
        for (j, (got, x)) in y_inp.iter().zip(&x).enumerate() {
            assert_eq!(*got, 2.0 * (1.5 * x), "node {j}");
        }
    }
    let e = build_error(
        &text.replace("OrnsteinUhlenbeck[5]", "OrnsteinUhlenbeck[4]"),
        &dir,
    );
    assert!(e.contains("one size") && e.contains("4 and 5"), "{e}");
}
