//! The parser and checker never panic: on random token soups and on mutated library models
//! every input gets `Ok` or diagnostics. 2 000 cases of each in the default run; the
//! `--ignored` variants run 100 000 each (`cargo test --release --test never_panics --
//! --ignored`).

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use cajal_models::catalog::MODELS;

/// Words of the language and near-misses: keywords, names, numbers, units, operators.
const VOCABULARY: &[&str] = &[
    "neuron",
    "mass",
    "coupling",
    "synapse",
    "network",
    "pub",
    "parameters",
    "inputs",
    "state",
    "equations",
    "outputs",
    "functions",
    "fn",
    "on",
    "emit",
    "spike",
    "refractory",
    "method",
    "schedule",
    "preset",
    "let",
    "if",
    "else",
    "unless",
    "delayed",
    "population",
    "projection",
    "with",
    "record",
    "weight",
    "post",
    "on_pre",
    "on_post",
    "inject",
    "edge",
    "node",
    "x",
    "v",
    "tau",
    "I",
    "dv/dt",
    "dx/dt",
    "d",
    "dt",
    "t",
    "xi",
    "0",
    "1",
    "-65",
    "2.5e-3",
    "1e400",
    "0.0",
    "mV",
    "ms",
    "/ms",
    "nS",
    "pA",
    "Hz",
    "uF/cm^2",
    "Mohm",
    "=",
    "+=",
    "+",
    "-",
    "*",
    "/",
    "^",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    ",",
    ";",
    ":",
    ">=",
    "<",
    "==",
    "&&",
    "||",
    "!",
    "exp",
    "exprel",
    "min",
    "max",
    "sqrt",
    "euler",
    "rk4",
    "exact",
    "seed",
    "brian2",
    "///",
    "/// doc",
    "#",
    "\"",
    "'",
    "é",
    "∞",
    "\n",
];

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(VOCABULARY), 0..80).prop_map(|words| words.join(" "))
}

/// A byte offset of `text` on a character boundary, from a fraction in [0, 1).
fn boundary(text: &str, at: f64) -> usize {
    let mut k = ((text.len() as f64) * at) as usize;
    while !text.is_char_boundary(k) {
        k -= 1;
    }
    k
}

/// A library model's text with one random edit: a range deleted, duplicated or replaced
/// by a word of the vocabulary.
fn mutated() -> impl Strategy<Value = String> {
    (
        0..MODELS.len(),
        0..3u8,
        0.0..1.0f64,
        0.0..0.05f64,
        prop::sample::select(VOCABULARY),
    )
        .prop_map(|(model, edit, at, span, word)| {
            let text = MODELS[model].info.source;
            let start = boundary(text, at);
            let end = boundary(text, (at + span).min(0.999_999)).max(start);
            match edit {
                0 => format!("{}{}", &text[..start], &text[end..]),
                1 => format!("{}{}{}", &text[..end], &text[start..end], &text[end..]),
                _ => format!("{} {word} {}", &text[..start], &text[end..]),
            }
        })
}

fn never_panics(strategy: impl Strategy<Value = String>, cases: u32) {
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&strategy, |text| {
            let _ = cajal_lang::compile_items(&text);
            Ok(())
        })
        .unwrap();
}

#[test]
fn token_soups_never_panic() {
    never_panics(soup(), 2_000);
}

#[test]
fn mutated_library_models_never_panic() {
    never_panics(mutated(), 2_000);
}

#[test]
#[ignore = "100 000 cases: run with --ignored"]
fn token_soups_never_panic_100k() {
    never_panics(soup(), 100_000);
}

#[test]
#[ignore = "100 000 cases: run with --ignored"]
fn mutated_library_models_never_panic_100k() {
    never_panics(mutated(), 100_000);
}
