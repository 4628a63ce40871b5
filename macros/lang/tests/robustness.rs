//! The compiler never panics: every library model and a few hand-written ones are mutated
//! at every position (characters deleted, duplicated, replaced by tokens of the language)
//! and each mutant must come back as `Ok` or as diagnostics inside the text.

const SEEDS: &[&str] = &[
    include_str!("../../../models/src/izhikevich.rs"),
    include_str!("../../../models/src/lif.rs"),
    include_str!("../../../models/src/hodgkin_huxley.rs"),
    include_str!("../../../models/src/hopf.rs"),
    include_str!("../../../models/src/wilson_cowan.rs"),
];

const EXTRA: &[&str] = &[
    "mass P { parameters { p = 1.5 } state { x = 1 mV } equations { dx/dt = x^p/(1 ms) } }",
    "mass Q { state { x = 1 } equations { dx/dt = ((((x^60)^60)^60)^60)/(1 ms) } }",
    "neuron R { parameters { a = 1e308 mV } state { v = a } equations { dv/dt = v*1e308/(1 ms) } on v > a { v = 0 mV } refractory v > a }",
];

const TOKENS: &[&str] = &[
    "(", ")", "{", "}", "/", "*", "^", "-", "=", "==", "+=", ",", ";", "mV", "1", "1e999", "dt",
    "d", "x", "on", "emit", "let", "fn", "#", "[", "]", "\"", "///", "//", "/*", "µ", "^-",
];

#[path = "../../../tests/common/model_source.rs"]
mod model_source;

fn check(text: &str) {
    if let Err(diags) = cajal_lang::compile(text) {
        assert!(!diags.is_empty());
        for d in &diags {
            assert!(
                d.loc.start <= d.loc.end && d.loc.end as usize <= text.len(),
                "diagnostic outside the text: {d:?}"
            );
            let _ = diags.render("mutant", text);
        }
    }
}

#[test]
fn mutated_models_never_panic_the_compiler() {
    let mut count = 0usize;
    let texts: Vec<String> = SEEDS
        .iter()
        .map(|s| model_source::model_source(s))
        .chain(EXTRA.iter().map(|s| s.to_string()))
        .collect();
    for text in &texts {
        check(text);
        let boundaries: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        for (k, w) in boundaries.windows(2).enumerate() {
            let (i, j) = (w[0], w[1]);
            // delete one character, duplicate it, and put a language token in its place
            check(&format!("{}{}", &text[..i], &text[j..]));
            check(&format!("{}{}", &text[..j], &text[i..]));
            let token = TOKENS[k % TOKENS.len()];
            check(&format!("{}{token}{}", &text[..i], &text[j..]));
            count += 3;
        }
    }
    assert!(count > 10_000, "only {count} mutants");
}
