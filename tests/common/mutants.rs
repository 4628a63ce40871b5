//! The mutation corpus: library models, synapses, couplings and networks (rate projections
//! included) mutated 20 000+ ways — characters deleted, duplicated or replaced by tokens of
//! the language, lines deleted, duplicated or swapped, numbers made extreme — and the code
//! that checks each, generates it and steps it a few times in-process, collecting panics.
//! Used by `tests/fuzz_corpus.rs` (expression trees) and `tests/fuzz_corpus_jit.rs` (the
//! JIT); the including file declares `mod common`.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use cajal::runtime::Simulation;
use cajal::runtime::interpreter::{InterpretedNetwork, Interpreter, Types};
use cajal_lang::ir::Item;
use quote::quote;

use super::common::model_source::model_source;

/// Texts the mutants start from.
pub fn seeds() -> Vec<String> {
    let library = [
        include_str!("../../models/src/izhikevich.rs"),
        include_str!("../../models/src/lif.rs"),
        include_str!("../../models/src/hodgkin_huxley.rs"),
        include_str!("../../models/src/hopf.rs"),
        include_str!("../../models/src/synapse_kinetics.rs"),
        include_str!("../../models/src/short_term_plasticity.rs"),
        include_str!("../../models/src/escape_noise.rs"),
        include_str!("../../models/src/couplings.rs"),
    ];
    let files = [
        include_str!("../../cli/tests/models/ring.cajal"),
        include_str!("../../cli/tests/models/rates.cajal"),
        include_str!("../models/small_network.cajal"),
        include_str!("../models/two_areas.cajal"),
    ];
    library
        .iter()
        .map(|f| model_source(f))
        .chain(files.iter().map(|f| f.to_string()))
        .collect()
}

/// Tokens put in place of a character.
const TOKENS: &[&str] = &[
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    "/",
    "*",
    "^",
    "-",
    "=",
    "==",
    "+=",
    ",",
    "mV",
    "1",
    "1e999",
    "1e300",
    "0",
    "-1",
    "dt",
    "x",
    "v",
    "on",
    "emit spike",
    "population",
    "projection",
    "->",
    "with",
    "all_to_all(",
    "Hopf[",
    "delayed(",
    "hazard(",
    "if",
    "else",
    "ms",
    "/ms",
    "^-",
    "µ",
];

/// A small deterministic generator (64-bit LCG, top bits).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n.max(1) as u64) as usize
    }
}

/// A mutant of `text`.
fn mutate(text: &str, rng: &mut Lcg) -> String {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let lines: Vec<&str> = text.lines().collect();
    let at = |k: usize| chars.get(k).map_or(text.len(), |c| c.0);
    let pick = rng.below(chars.len());
    let (i, j) = (at(pick), at(pick + 1));
    match rng.below(7) {
        0 => format!("{}{}", &text[..i], &text[j..]),
        1 => format!("{}{}", &text[..j], &text[i..]),
        2 => {
            let token = TOKENS[rng.below(TOKENS.len())];
            format!("{}{token}{}", &text[..i], &text[j..])
        }
        3 => {
            let l = rng.below(lines.len());
            let mut out = lines.clone();
            out.remove(l);
            out.join("\n")
        }
        4 => {
            let l = rng.below(lines.len());
            let mut out = lines.clone();
            out.insert(l, lines[l]);
            out.join("\n")
        }
        5 => {
            let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
            let mut out = lines.clone();
            out.swap(a, b);
            out.join("\n")
        }
        _ => {
            // The digits at a random place become an extreme number.
            let extreme = ["1e10", "1e308", "0", "1e-300", "4294967296", "3.5"][rng.below(6)];
            match text[i..].find(|c: char| c.is_ascii_digit()) {
                Some(d) => {
                    let start = i + d;
                    let end = text[start..]
                        .find(|c: char| !c.is_ascii_digit() && c != '.')
                        .map_or(text.len(), |e| start + e);
                    format!("{}{extreme}{}", &text[..start], &text[end..])
                }
                None => text.to_string(),
            }
        }
    }
}

/// Checks `text`; when it checks, generates its items (when `generate`) and steps its models
/// and networks.
fn exercise(text: &str, library: &Types, generate: bool) {
    let Ok(items) = cajal_lang::compile_items(text) else {
        return;
    };
    let options = cajal_codegen::Options {
        runtime: quote!(::cajal_runtime),
        ..Default::default()
    };
    if generate {
        let _ = cajal_codegen::expand_items(&items, &options);
    }
    let mut types = Types::new();
    types.interpret(&items);
    types.extend_from(library);
    for item in &items {
        match item {
            Item::Model(m) => {
                let population = Interpreter::new(m.clone()).population(2);
                if let Ok(mut sim) = Simulation::new(population, 0.1) {
                    let _ = sim.run(0.3);
                }
            }
            Item::Network(n) => {
                let Ok(net) = InterpretedNetwork::new(n.clone(), &types) else {
                    continue;
                };
                if let Ok(mut built) = net.build(&net.defaults(), net.ir().seed) {
                    for _ in 0..3 {
                        if built.network.step().is_err() {
                            break;
                        }
                    }
                }
            }
            Item::Coupling(_) | Item::Synapse(_) => {}
        }
    }
}

/// Every library item, checked from its text and interpreted.
pub fn library() -> Types {
    cajal_models::frontend::interpreted_library().expect("the library checks")
}

/// Runs `exercise` on each input, collecting those that panic; the inputs run.
pub fn no_panics(inputs: impl Iterator<Item = String>, library: &Types, generate: bool) -> usize {
    let mut count = 0;
    let mut crashes = Vec::new();
    let mut slowest = (std::time::Duration::ZERO, String::new());
    for text in inputs {
        count += 1;
        let started = std::time::Instant::now();
        if catch_unwind(AssertUnwindSafe(|| exercise(&text, library, generate))).is_err() {
            crashes.push(text.clone());
        }
        if started.elapsed() > slowest.0 {
            slowest = (started.elapsed(), text);
        }
    }
    // Bounded time: no input takes long (the bound is loose for slow debug builds).
    assert!(
        slowest.0 < std::time::Duration::from_secs(20),
        "an input took {:?}:\n{}",
        slowest.0,
        slowest.1
    );
    if !crashes.is_empty() {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-crashes");
        std::fs::create_dir_all(&dir).unwrap();
        for (k, text) in crashes.iter().enumerate() {
            std::fs::write(dir.join(format!("crash-{k}.cajal")), text).unwrap();
        }
        panic!(
            "{} of {count} inputs panicked; written to {} (keep them in tests/fuzz/regressions)",
            crashes.len(),
            dir.display()
        );
    }
    count
}

/// The corpus: 20 000 mutants of the seeds, the same ones at every run.
pub fn mutants() -> impl Iterator<Item = String> {
    let seeds = seeds();
    let per_seed = 20_000 / seeds.len() + 1;
    let mut rng = Lcg(0x5EED_CA7A1);
    seeds.into_iter().flat_map(move |s| {
        (0..per_seed)
            .map(|_| mutate(&s, &mut rng))
            .collect::<Vec<_>>()
    })
}

/// The inputs that once crashed (`tests/fuzz/regressions/`).
pub fn regressions() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/regressions");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    files.sort();
    files
}
