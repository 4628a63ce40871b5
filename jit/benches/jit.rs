//! The JIT's costs and gains: compiling the right-hand sides of every library model from its
//! text (one benchmark per model), and a population of 10 000 Izhikevich cells written as
//! text stepped with its right-hand sides as native code, as expression trees, and as the
//! library's generated code.
//!
//! Run: `cargo bench -p cajal-jit`.

#![allow(missing_docs)] // criterion_group! generates undocumented items

use std::hint::black_box;
use std::time::Duration;

use cajal_lang::ir;
use cajal_models::catalog;
use cajal_runtime::Model;
use cajal_runtime::interpreter::Interpreter;
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
            b.iter(|| cajal_jit::compile_rhs(black_box(&model)).expect("compiles"))
        });
    }
    group.finish();
}

/// Builds a population of 10 000 cells.
type Build<'a> = Box<dyn Fn() -> Box<dyn Model> + 'a>;

/// Steps 10 000 driven Izhikevich cells, 100 steps per iteration.
fn step_population(c: &mut Criterion) {
    let entry = catalog::find("Izhikevich").expect("in the library");
    let model = cajal_lang::compile(entry.info.source)
        .expect("compiles")
        .remove(0);
    let n = 10_000;
    let driven = |mut m: Box<dyn Model>| {
        m.input_mut(0).fill(125.0);
        m
    };
    let mut group = c.benchmark_group("izhikevich_10000_cells_100_steps");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(3));
    let engines: [(&str, Build<'_>); 3] = [
        ("generated", Box::new(|| (entry.build)(n))),
        (
            "jit",
            Box::new(|| {
                let i = Interpreter::with_compiler(model.clone(), Some(cajal_jit::compile_dyn));
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
                for _ in 0..100 {
                    cells.step(t, 0.1, &mut spikes);
                    spikes.clear();
                    t += 0.1;
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, compile_every_model, step_population);
criterion_main!(benches);
