//! The JIT's costs and gains: compiling every library model from its text (its right-hand
//! sides and its whole step with the default method and schedule, one benchmark per model),
//! and a population of 100 000 Izhikevich cells written as text stepped by the JIT, by the
//! interpreter's loop with native right-hand sides, by expression trees, and by the
//! library's generated code; library networks compiled and from their text; and 90
//! Kuramoto nodes with delays coupled through a nonlinear coupling whose terms are generated,
//! compiled by the JIT, or evaluated as trees.
//!
//! Run: `cargo bench -p cajal-jit`.

#![allow(missing_docs)] // criterion_group! generates undocumented items

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use cajal_lang::ir;
use cajal_lang::ir::Item;
use cajal_models::catalog;
use cajal_models::frontend::{self, interpreted_library};
use cajal_models::{Kuramoto, KuramotoSine};
use cajal_runtime::coupling::Coupling;
use cajal_runtime::interpreter::{
    InterpretedCoupling, InterpretedNetwork, Interpreter, NativeCompiler, NativeStep,
};
use cajal_runtime::{Connectivity, MassNetwork, Model, Network};
use criterion::{Criterion, criterion_group, criterion_main};

/// Every library model the JIT takes, checked from its text.
fn library() -> Vec<ir::Model> {
    catalog::MODELS
        .iter()
        .filter_map(|e| {
            let model = cajal_lang::compile(e.info.source)
                .ok()?
                .into_iter()
                .find(|m| m.name == e.info.name)?;
            cajal_jit::refusal(&model).is_none().then_some(model)
        })
        .collect()
}

fn compile_every_model(c: &mut Criterion) {
    let mut group = c.benchmark_group("jit_compile");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(200))
        .measurement_time(Duration::from_millis(500));
    for model in library() {
        group.bench_function(model.name.clone(), |b| {
            b.iter(|| {
                let model = black_box(&model);
                let rhs = cajal_jit::compile_rhs(model).expect("compiles");
                let step =
                    cajal_jit::compile_step(model, model, model.methods[0], model.schedules[0]);
                (rhs, step)
            })
        });
    }
    group.finish();
}

/// Builds a population of cells.
type Build<'a> = Box<dyn Fn() -> Box<dyn Model> + 'a>;

/// The JIT's right-hand sides without its whole step: the interpreter's loop calling them.
fn rhs_only(model: &ir::Model) -> Result<Arc<dyn NativeStep>, String> {
    Err(format!(
        "`{}`: the whole step is not compiled here",
        model.name
    ))
}

/// Steps 100 000 driven Izhikevich cells, 10 steps per iteration.
fn step_population(c: &mut Criterion) {
    let entry = catalog::find("Izhikevich").expect("in the library");
    let model = cajal_lang::compile(entry.info.source)
        .expect("compiles")
        .remove(0);
    let n = 100_000;
    let driven = |mut m: Box<dyn Model>| {
        m.input_mut(0).fill(125.0);
        m
    };
    let mut group = c.benchmark_group("izhikevich_100000_cells_10_steps");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(3));
    let loop_with_native_rhs = NativeCompiler {
        step: |m, _, _, _| rhs_only(m),
        ..cajal_jit::COMPILER
    };
    let engines: [(&str, Build<'_>); 4] = [
        ("generated", Box::new(|| (entry.build)(n))),
        (
            "jit",
            Box::new(|| {
                let i = Interpreter::with_compiler(model.clone(), Some(cajal_jit::COMPILER));
                Box::new(i.population(n))
            }),
        ),
        (
            "interpreter_loop_native_rhs",
            Box::new(|| {
                let i = Interpreter::with_compiler(model.clone(), Some(loop_with_native_rhs));
                Box::new(i.population(n))
            }),
        ),
        (
            "interpreter",
            Box::new(|| Box::new(Interpreter::with_compiler(model.clone(), None).population(n))),
        ),
    ];
    for (name, build) in engines {
        let mut cells = driven(build());
        let mut spikes = Vec::new();
        let mut t = 0.0;
        group.bench_function(name, |b| {
            b.iter(|| {
                for _ in 0..10 {
                    cells.step(t, 0.1, &mut spikes);
                    spikes.clear();
                    t += 0.1;
                }
            })
        });
    }
    group.finish();
}

/// A library network with `settings`, compiled and read from its text.
fn network_twins(name: &str, settings: &[(&str, f64)]) -> (Network, Network) {
    let entry = catalog::find_network(name).expect("a library network");
    let ir = cajal_lang::compile_items(entry.source)
        .expect("the library checks")
        .into_iter()
        .find_map(|i| match i {
            Item::Network(n) => Some(n),
            _ => None,
        })
        .expect("the source holds the network");
    let text = InterpretedNetwork::new(ir, &interpreted_library().expect("the library checks"))
        .expect("the network checks");
    let mut values = text.defaults();
    let mut indexed = Vec::new();
    for (param, value) in settings {
        let k = entry
            .params
            .iter()
            .position(|p| p.name == *param)
            .expect("a parameter");
        values[k] = *value;
        indexed.push((k, *value));
    }
    let compiled = (entry.build)(None, &indexed, None, Default::default()).expect("builds");
    let from_text = text.build(&values, text.ir().seed).expect("builds").network;
    (compiled, from_text)
}

/// Library networks compiled and read from their text (with the JIT), 100 steps per
/// iteration: the seed notebook's 4-neuron circuit and 120-neuron ring, and COBA with 4 000
/// neurons.
fn step_networks(c: &mut Criterion) {
    cajal_jit::install();
    let mut group = c.benchmark_group("networks_100_steps");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(3));
    let networks = [
        ("SeedCircuit", &[][..]),
        ("CanoColinoRing", &[][..]),
        ("Coba", &[("N", 4000.0)][..]),
    ];
    for (name, settings) in networks {
        let (compiled, from_text) = network_twins(name, settings);
        for (engine, mut network) in [("generated", compiled), ("jit", from_text)] {
            group.bench_function(format!("{name}/{engine}"), |b| {
                b.iter(|| {
                    for _ in 0..100 {
                        network.step().expect("steps");
                    }
                })
            });
        }
    }
    group.finish();
}

/// 90 Kuramoto nodes, every pair coupled with a delay of 1–40 steps (0.1 ms), through
/// `coupling`: each step evaluates the edge term for all 8 100 edges.
fn kuramoto_90(coupling: impl Coupling) -> impl Model {
    let n = 90;
    let mut nodes = Kuramoto::new(n);
    for (i, theta) in nodes.state.theta.iter_mut().enumerate() {
        *theta = 0.07 * i as f64;
    }
    let hash = |i: usize, j: usize| (i * 7919 + j * 104_729) % 1000;
    let weights: Vec<Vec<f64>> = (0..n)
        .map(|i| (0..n).map(|j| hash(i, j) as f64 * 1e-3).collect())
        .collect();
    let delays: Vec<Vec<u32>> = (0..n)
        .map(|i| (0..n).map(|j| 1 + (hash(j, i) % 40) as u32).collect())
        .collect();
    let conn = Connectivity::from_rows(&weights)
        .and_then(|c| c.with_delay_steps(&delays))
        .expect("a valid connectivity");
    MassNetwork::new(nodes, coupling, conn, "theta", "theta_inp").expect("couples")
}

/// A step of 90 delayed Kuramoto nodes with the coupling's terms generated, compiled by the
/// JIT from the library's text, and evaluated as expression trees.
fn step_nonlinear_coupling(c: &mut Criterion) {
    let ir = frontend::library_item("KuramotoSine", KuramotoSine::INFO.source)
        .and_then(|item| item.coupling())
        .expect("the library's coupling checks");
    let text = |compiler| InterpretedCoupling::with_compiler(ir.clone(), compiler);
    let mut group = c.benchmark_group("kuramoto_90_nodes_delayed_100_steps");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(3));
    let engines: [(&str, Box<dyn Model>); 3] = [
        ("generated", Box::new(kuramoto_90(KuramotoSine::default()))),
        (
            "jit",
            Box::new(kuramoto_90(text(Some(cajal_jit::COMPILER)))),
        ),
        ("interpreter", Box::new(kuramoto_90(text(None)))),
    ];
    for (engine, mut network) in engines {
        let mut spikes = Vec::new();
        group.bench_function(engine, |b| {
            b.iter(|| {
                for s in 0..100 {
                    network.step(f64::from(s) * 0.1, 0.1, &mut spikes);
                }
                black_box(network.state(0)[0])
            })
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    compile_every_model,
    step_population,
    step_networks,
    step_nonlinear_coupling
);
criterion_main!(benches);
