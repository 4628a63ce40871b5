//! Benchmarks of the compiler in process: parse + check + code generation of every item the
//! library ships (its models, couplings, synapses and networks, from the text their
//! `neural_model!` blocks hold), one benchmark per item, and the whole library at once.
//! This is what a build pays per item before rustc sees the code.
//!
//! Run: `cargo bench --bench compiler`.

#![allow(missing_docs)] // criterion_group! generates undocumented items

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

use cajal::models::catalog;

/// (name, source text) of every shipped item.
fn shipped() -> Vec<(&'static str, &'static str)> {
    let models = catalog::MODELS.iter().map(|e| (e.info.name, e.info.source));
    let couplings = catalog::COUPLINGS.iter().map(|c| (c.name, c.source));
    let synapses = catalog::SYNAPSES
        .iter()
        .map(|s| (s.info.name, s.info.source));
    let networks = catalog::NETWORKS.iter().map(|n| (n.name, n.source));
    models
        .chain(couplings)
        .chain(synapses)
        .chain(networks)
        .collect()
}

fn every_item(c: &mut Criterion) {
    let options = cajal_codegen::Options::default();
    let items = shipped();
    let mut group = c.benchmark_group("parse_check_codegen");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(200))
        .measurement_time(Duration::from_millis(600));
    for (name, source) in &items {
        group.bench_function(*name, |b| {
            b.iter(|| cajal_codegen::generate(black_box(source), &options).expect("compiles"))
        });
    }
    group.bench_function("the whole library", |b| {
        b.iter(|| {
            for (_, source) in &items {
                black_box(cajal_codegen::generate(source, &options).expect("compiles"));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, every_item);
criterion_main!(benches);
