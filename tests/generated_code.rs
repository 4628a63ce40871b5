//! Snapshots of the code generated for library models, synapses and networks, and for the plastic synapse of the STDP test (parsed with `syn`, formatted with
//! prettyplease), and the grammar's file form against its token form.

use crate::common;

use cajal_codegen::{Options, pretty, tokens};
use common::model_source::model_source;
use quote::quote;

const MODELS: &[(&str, &str)] = &[
    ("izhikevich", include_str!("../models/src/izhikevich.rs")),
    ("lif", include_str!("../models/src/lif.rs")),
    (
        "hodgkin_huxley",
        include_str!("../models/src/hodgkin_huxley.rs"),
    ),
    ("hopf", include_str!("../models/src/hopf.rs")),
    (
        "wilson_cowan",
        include_str!("../models/src/wilson_cowan.rs"),
    ),
    ("synapses", include_str!("../models/src/synapses.rs")),
    (
        "synapse_kinetics",
        include_str!("../models/src/synapse_kinetics.rs"),
    ),
    (
        "seed_networks",
        include_str!("../models/src/networks/seed.rs"),
    ),
    ("stdp", include_str!("common/stdp_models.rs")),
    (
        "rate_plasticity",
        include_str!("../models/src/rate_plasticity.rs"),
    ),
    (
        "continuous_synapse",
        include_str!("common/continuous_models.rs"),
    ),
    ("hopfield", include_str!("../models/src/hopfield.rs")),
    (
        "escape_noise",
        include_str!("../models/src/escape_noise.rs"),
    ),
];

#[test]
fn generated_code_of_each_library_model() {
    let options = Options {
        runtime: quote!(::cajal_runtime),
        ..Options::default()
    };
    for (name, file) in MODELS {
        let text = model_source(file);
        let tokens = cajal_codegen::generate(&text, &options)
            .unwrap_or_else(|d| panic!("{}", d.render(name, &text)));
        let code = pretty(tokens).expect("generated code parses as a Rust file");
        insta::assert_snapshot!(*name, code);
    }
}

/// The file form of a model, with comments of every kind, written as a user would.
const FILE_FORM: &str = r#"
// A leaky integrator, as a `.cajal` file would hold it.
/// Leaky integrator.
/// Second doc line.
mass Leak { /* parameters first */
    parameters {
        /// Time constant.
        tau = 10 ms,   // trailing comment
        x0 = 2,
    }
    inputs { drive: 1/ms }
    state { x = x0 }
    //// four slashes are a plain comment
    equations {
        dx/dt = -x/tau + drive
    }
}
"#;

#[test]
fn the_same_model_from_text_and_from_tokens_gives_the_same_ir() {
    let from_text = cajal_lang::compile(FILE_FORM)
        .unwrap_or_else(|d| panic!("{}", d.render("file", FILE_FORM)));
    // The macro path: the Rust lexer drops `//` comments and turns `///` into `#[doc]`.
    let stream: proc_macro2::TokenStream = FILE_FORM
        .parse()
        .expect("the file form is valid Rust tokens");
    let (text, _) = tokens::flatten(stream);
    let from_tokens =
        cajal_lang::compile(&text).unwrap_or_else(|d| panic!("{}", d.render("tokens", &text)));
    assert_eq!(
        without_source(from_text.clone()),
        without_source(from_tokens)
    );
    assert_eq!(
        from_text[0].doc,
        vec!["Leaky integrator.", "Second doc line."]
    );
    assert_eq!(from_text[0].params[0].doc, vec!["Time constant."]);
}

#[test]
fn every_library_model_parses_identically_from_text_and_tokens() {
    for (name, file) in MODELS {
        let text = model_source(file);
        let from_text = cajal_lang::compile(&text).unwrap();
        let (flat, _) = tokens::flatten(text.parse().unwrap());
        assert_eq!(
            without_source(from_text),
            without_source(cajal_lang::compile(&flat).unwrap()),
            "{name}"
        );
    }
}

/// The models with their source text left out (the text of the macro path is the tokens
/// re-spelled, which differs from the file's in layout and doc-comment form).
fn without_source(mut models: Vec<cajal_lang::ir::Model>) -> Vec<cajal_lang::ir::Model> {
    for m in &mut models {
        m.source.clear();
    }
    models
}

#[test]
fn quantity_spellings_agree() {
    let a = cajal_lang::compile("mass A { parameters { g = 3 nS/mV, r = 0.01 /ms, c = 100pF, e = 2.5e-3uS } state { x = 0 } equations { dx/dt = -x*r } }").unwrap();
    let p = &a[0].params;
    assert_eq!((p[0].default, p[0].unit.text.as_str()), (3.0, "nS/mV"));
    assert_eq!((p[1].default, p[1].unit.text.as_str()), (0.01, "1/ms"));
    assert_eq!((p[2].default, p[2].unit.text.as_str()), (100.0, "pF"));
    assert_eq!((p[3].default, p[3].unit.text.as_str()), (2.5e-3, "uS"));
}

/// The largest expression the limits allow (a left-deep sum of 250 terms) is generated and
/// formatted on a test thread's 2 MiB stack.
#[test]
fn the_largest_expression_within_the_limits_generates() {
    let sum = vec!["x"; cajal_lang::parse::limits::MAX_EXPRESSION_TERMS - 1].join(" + ");
    let text = format!("mass Big {{ state {{ x = 1 }} equations {{ dx/dt = -({sum})/(1 ms) }} }}");
    let options = Options {
        runtime: quote!(::cajal_runtime),
        ..Options::default()
    };
    let tokens = cajal_codegen::generate(&text, &options).expect("within the limits");
    let code = pretty(tokens).expect("valid Rust");
    assert!(code.contains("struct Big"), "{}", &code[..200]);
}
