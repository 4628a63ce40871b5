//! Inputs built to overflow the stack or exhaust memory are refused with a diagnostic at the
//! offending text (run on the test harness's 2 MiB threads, smaller than a main thread's),
//! and the largest inputs within the limits still compile.

use cajal_lang::compile;
use cajal_lang::parse::limits::{
    MAX_EXPRESSION_TERMS, MAX_IF_CHAIN, MAX_NESTING, MAX_OPERATOR_RUN, MAX_TEXT_BYTES,
};

/// A mass whose equation is `dx/dt = (<rhs>)/(1 ms)`.
fn mass(rhs: &str) -> String {
    format!("mass M {{ state {{ x = 1 }} equations {{ dx/dt = ({rhs})/(1 ms) }} }}")
}

/// The first diagnostic's message and the text it points at.
fn error(text: &str) -> (String, String) {
    let diags = compile(text).expect_err("refused");
    let d = diags.iter().next().expect("one diagnostic");
    let at = &text[d.loc.start as usize..d.loc.end as usize];
    (d.message.clone(), at.chars().take(40).collect())
}

#[test]
fn deep_brackets_are_refused_at_the_first_bracket_too_deep() {
    let deep = mass(&format!("{}x{}", "(".repeat(10_000), ")".repeat(10_000)));
    let (message, at) = error(&deep);
    assert!(message.contains("nested more than 64 deep"), "{message}");
    assert_eq!(at, "(");
    let calls = mass(&format!("{}x{}", "exp(".repeat(4_000), ")".repeat(4_000)));
    assert!(error(&calls).0.contains("nested more than"));
    // The deepest allowed nesting compiles (the item and equation use three levels).
    let depth = MAX_NESTING - 3;
    let ok = mass(&format!("{}x{}", "(".repeat(depth), ")".repeat(depth)));
    compile(&ok).unwrap_or_else(|d| panic!("{}", d.render("ok", &ok)));
}

#[test]
fn long_operator_runs_and_flat_chains_are_refused() {
    let minus = mass(&format!("{}x", "-".repeat(14_000)));
    let (message, at) = error(&minus);
    assert!(message.contains("operators in a row"), "{message}");
    assert!(at.starts_with('-'));
    let ok = mass(&format!("{}x", "- ".repeat(MAX_OPERATOR_RUN)));
    compile(&ok).unwrap();
    for op in ["+", "*", "^"] {
        let terms = vec!["x"; 8_000].join(op);
        let (message, _) = error(&mass(&terms));
        assert!(
            message.contains("operators, calls and conditionals; the limit is 250"),
            "{message}"
        );
    }
    // A sum at the limit compiles (the `/` of the equation is one more term).
    let sum = vec!["x"; MAX_EXPRESSION_TERMS].join(" + ");
    let m = &compile(&mass(&sum)).unwrap()[0];
    let (_, depth) = m.equations[0].rhs.size_and_depth();
    assert!(depth > 240, "a left-deep sum: depth {depth}");
}

#[test]
fn long_else_if_chains_are_refused_and_a_hundred_branches_compile() {
    let chain = |n: usize| {
        let mut s = String::new();
        for k in 0..n {
            s.push_str(&format!("if x < {k} {{ {k} }} else "));
        }
        s.push_str("{ 0 }");
        mass(&s)
    };
    compile(&chain(100)).unwrap_or_else(|d| panic!("{}", d.render("chain", &chain(100))));
    let (message, at) = error(&chain(MAX_IF_CHAIN + 1));
    assert!(
        message.contains("`if … else if` chain longer than 256"),
        "{message}"
    );
    assert_eq!(at, "if");
    // A chain of 10 000 does not reach the parser.
    assert!(error(&chain(10_000)).0.contains("chain longer"));
}

#[test]
fn functions_that_expand_exponentially_are_refused_at_the_call() {
    let mut fns = String::from("fn f0(y) = y + y\n");
    for k in 1..30 {
        fns.push_str(&format!("fn f{k}(y) = f{}(y) + f{}(y)\n", k - 1, k - 1));
    }
    let text = format!(
        "mass M {{ state {{ x = 1 }} functions {{ {fns} }} equations {{ dx/dt = f29(x)/(1 ms) }} }}"
    );
    let (message, _) = error(&text);
    assert!(message.contains("once its calls are inlined"), "{message}");
}

#[test]
fn oversized_text_is_refused_and_a_byte_order_mark_is_whitespace() {
    let big = format!("{}{}", mass("x"), " ".repeat(MAX_TEXT_BYTES));
    assert!(error(&big).0.contains("the limit is 4 MiB"));
    let bom = format!("\u{feff}{}", mass("-x"));
    compile(&bom).unwrap_or_else(|d| panic!("{}", d.render("bom", &bom)));
}

#[test]
fn unit_exponents_and_numbers_out_of_range_are_errors() {
    let text =
        "mass M { state { x = 1 } equations { dx/dt = (1 s^64 + 1 s^70)*x/(1 s^64)/(1 ms) } }";
    let (message, at) = error(text);
    assert!(
        message.contains("unit of this expression is out of range"),
        "{message}"
    );
    assert_eq!(at.trim(), "1 s^64");
    let text = "mass M { state { x = 1 } equations { dx/dt = x*((1 s^30)*(1 s^30))/(1 ms) } }";
    assert!(error(text).0.contains("out of range"));
    let text =
        "neuron N { parameters { a = 1e999 mV } state { v = a } equations { dv/dt = -v/(1 ms) } }";
    let (message, at) = error(text);
    assert!(
        message.contains("too large for a 64-bit float"),
        "{message}"
    );
    assert_eq!(at.trim(), "1e999 mV");
}

/// Item names become Rust types (`A`, `AParams`, `AState`, `AInputs`): repeats, clashes with
/// generated names and Rust keywords are refused at the later item's name.
#[test]
fn item_names_that_would_generate_clashing_or_invalid_types_are_refused() {
    let item = |name: &str| {
        format!("mass {name} {{ state {{ x = 1 }} equations {{ dx/dt = -x/(1 ms) }} }}\n")
    };
    let cases = [
        (
            format!("{}{}", item("A"), item("A")),
            "an item named `A` is already defined",
        ),
        (
            format!("{}{}", item("A"), item("AParams")),
            "`AParams` is the name of a type generated for item `A`",
        ),
        (
            format!("{}{}", item("AState"), item("A")),
            "item `A` would generate `AState`, which item `AState` already uses",
        ),
        (item("Self"), "`Self` is reserved in Rust"),
        (item("crate"), "`crate` is reserved in Rust"),
    ];
    for (text, expected) in cases {
        let diags = compile(&text).expect_err("refused");
        let d = diags.iter().next().unwrap();
        assert!(d.message.contains(expected), "{}", d.message);
        let at = &text[d.loc.start as usize..d.loc.end as usize];
        assert!(
            text.rfind(at).is_some_and(|p| p > 4),
            "points at the later name: {at}"
        );
    }
    compile(&format!("{}{}", item("A"), item("B"))).unwrap();
}
