//! Couplings' terms compiled by the JIT agree with the interpreter's expression trees to the
//! last bit: every library coupling read from its text, term by term (edge, node, and a
//! plastic coupling's dw/dt and rule-state rates) over a grid of values, with default and
//! changed parameters; and a whole-brain network coupled through a nonlinear coupling with
//! delays runs the same trajectories with compiled terms, trees and generated code.

use cajal_lang::ir;
use cajal_models::{Kuramoto, KuramotoSine, catalog, frontend};
use cajal_runtime::coupling::Coupling;
use cajal_runtime::interpreter::InterpretedCoupling;
use cajal_runtime::{Connectivity, MassNetwork, Model, Simulation};

/// The checked IR of the library coupling `name`, from its text.
fn coupling_ir(source: &str, name: &str) -> ir::Coupling {
    frontend::library_item(name, source)
        .and_then(|item| item.coupling())
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The same coupling twice: terms as native code, and as expression trees.
fn twins(c: &ir::Coupling) -> (InterpretedCoupling, InterpretedCoupling) {
    let native = InterpretedCoupling::with_compiler(c.clone(), Some(cajal_jit::COMPILER));
    native
        .native()
        .unwrap_or_else(|why| panic!("{}: not compiled: {why:?}", c.name));
    let trees = InterpretedCoupling::with_compiler(c.clone(), None);
    assert_eq!(trees.native(), Err(None));
    (native, trees)
}

/// `a` and `b` are the same number, bit for bit (NaN payloads included).
fn same(a: f64, b: f64, what: &str) {
    assert_eq!(a.to_bits(), b.to_bits(), "{what}: native {a} vs trees {b}");
}

/// Values every term is evaluated at: ordinary ones, zero of both signs, large ones and the
/// special values.
const VALUES: [f64; 10] = [
    -2.0,
    -0.3,
    -0.0,
    0.0,
    0.7,
    3.1,
    41.5,
    1e300,
    f64::INFINITY,
    f64::NAN,
];

/// Every term of `native` and `trees` gives the same bits over [`VALUES`].
fn terms_agree(native: &InterpretedCoupling, trees: &InterpretedCoupling, round: usize) {
    let info = native.info();
    let name = info.name;
    for pre in VALUES {
        for post in VALUES {
            let what = format!("{name} (round {round}): edge({pre}, {post})");
            same(native.edge(pre, post), trees.edge(pre, post), &what);
        }
        let what = format!("{name} (round {round}): node({pre})");
        same(native.node(pre), trees.node(pre), &what);
    }
    let n_states = info.rule.map_or(0, |r| r.states.len());
    let states: Vec<f64> = (0..n_states).map(|k| trees.rule_init(k)).collect();
    for (k, &s) in states.iter().enumerate() {
        same(
            native.rule_init(k),
            s,
            &format!("{name}: initial state {k}"),
        );
    }
    for (pre, post, w) in [
        (0.5, 2.0, 0.3),
        (3.0, 12.0, 1.1),
        (0.0, 7.5, -0.4),
        (-1.0, 0.0, 0.0),
    ] {
        for shift in [0.0, 0.1, -2.5] {
            let states: Vec<f64> = states.iter().map(|s| s + post * shift).collect();
            let what = format!("{name} (round {round}): dw/dt({w}, {pre}, {post}, {states:?})");
            same(
                native.weight_rate(w, pre, post, &states),
                trees.weight_rate(w, pre, post, &states),
                &what,
            );
            for k in 0..n_states {
                let what = format!("{name} (round {round}): rate of state {k} at {post}");
                same(
                    native.rule_rate(k, post, &states),
                    trees.rule_rate(k, post, &states),
                    &what,
                );
            }
        }
    }
}

#[test]
fn every_library_coupling_computes_its_terms_with_the_same_bits() {
    assert!(catalog::COUPLINGS.len() >= 14);
    for info in catalog::COUPLINGS {
        let ir = coupling_ir(info.source, info.name);
        let (mut native, mut trees) = twins(&ir);
        terms_agree(&native, &trees, 0);
        for (k, p) in info.params.iter().enumerate() {
            let value = p.default * 1.7 + 0.3 * (k + 1) as f64;
            native.set_param(k, value).unwrap();
            trees.set_param(k, value).unwrap();
        }
        terms_agree(&native, &trees, 1);
        assert_eq!(native.linear(), trees.linear(), "{}", info.name);
    }
}

#[test]
fn a_coupling_is_compiled_by_the_installed_jit() {
    let ir = coupling_ir(KuramotoSine::INFO.source, "KuramotoSine");
    assert!(cajal_jit::coupling_refusal(&ir).is_none());
    cajal_jit::install();
    let native = InterpretedCoupling::new(ir);
    assert_eq!(native.native(), Ok(()));
}

/// θ of 12 Kuramoto oscillators on a ring with delays of 1–4 steps through `coupling`, every
/// step for 300 steps.
fn kuramoto_ring(coupling: impl Coupling) -> Vec<Vec<f64>> {
    let n = 12;
    let mut nodes = Kuramoto::new(n);
    let omega = Kuramoto::INFO.param_index("omega").unwrap();
    let frequencies = (0..n).map(|i| 0.05 + 0.01 * i as f64).collect();
    nodes.set_param_per_instance(omega, frequencies).unwrap();
    for (i, theta) in nodes.state.theta.iter_mut().enumerate() {
        *theta = 0.5 * i as f64;
    }
    let weights: Vec<Vec<f64>> = (0..n)
        .map(|i| {
            (0..n)
                .map(|j| ((i + 1) % n == j) as u8 as f64 * 0.8)
                .collect()
        })
        .collect();
    let delays: Vec<Vec<u32>> = (0..n)
        .map(|i| (0..n).map(|j| 1 + ((i + j) % 4) as u32).collect())
        .collect();
    let conn = Connectivity::from_rows(&weights)
        .unwrap()
        .with_delay_steps(&delays)
        .unwrap();
    let network = MassNetwork::new(nodes, coupling, conn, "theta", "theta_inp").unwrap();
    let mut sim = Simulation::new(network, 0.1).unwrap();
    sim.record(&["theta"]).unwrap();
    let rec = sim.run(30.0).unwrap();
    (0..n)
        .map(|i| rec.trace("theta", i).unwrap().to_vec())
        .collect()
}

#[test]
fn a_delayed_nonlinear_coupling_runs_the_same_trajectories_natively() {
    let ir = coupling_ir(KuramotoSine::INFO.source, "KuramotoSine");
    let (mut native, mut trees) = twins(&ir);
    let mut generated = KuramotoSine::default();
    for c in [&mut native as &mut dyn Coupling, &mut trees, &mut generated] {
        c.set_param(0, 1.5).unwrap();
        c.set_param(1, 0.2).unwrap();
    }
    let [a, b, c] = [
        kuramoto_ring(native),
        kuramoto_ring(trees),
        kuramoto_ring(generated),
    ];
    assert!(a[0].len() >= 300, "{} samples", a[0].len());
    let uncoupled = kuramoto_ring(KuramotoSine { K: 0.0, alpha: 0.0 });
    assert_ne!(a[3][299], uncoupled[3][299], "the coupling acts");
    for (i, ((a, b), c)) in a.iter().zip(&b).zip(&c).enumerate() {
        for (s, ((x, y), z)) in a.iter().zip(b).zip(c).enumerate() {
            same(
                *x,
                *y,
                &format!("θ of node {i} at step {s}, compiled terms vs trees"),
            );
            same(
                *x,
                *z,
                &format!("θ of node {i} at step {s}, compiled terms vs generated"),
            );
        }
    }
}
