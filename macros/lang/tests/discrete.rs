//! Discrete-time models: `update` gives each state its value at the next step (read from the
//! values before the step), `method synchronous` / `asynchronous` choose the order, and
//! `bernoulli(p)` draws from the instance's stream; what has no meaning in discrete time is
//! an error at its place.

use cajal_lang::compile_items;
use cajal_lang::ir::{Item, Method, Model, Var};
use cajal_lang::sym;

const GLAUBER: &str = r#"
neuron Glauber {
    parameters { beta = 2, theta = 0 }
    inputs { h: 1 }
    state { S = 1, flips = 0 }
    equations { let p = 0.5*(1 + tanh(beta*(h - theta))) }
    update {
        S = 2*bernoulli(p) - 1
    }
}
"#;

fn model(text: &str) -> Model {
    let items = compile_items(text).unwrap_or_else(|d| panic!("{}", d.render("m", text)));
    match items.into_iter().next() {
        Some(Item::Model(m)) => m,
        other => panic!("expected a model, got {other:?}"),
    }
}

fn errors(text: &str) -> String {
    match compile_items(text) {
        Ok(_) => panic!("expected errors"),
        Err(d) => d.render("m", text),
    }
}

#[test]
fn an_update_gives_each_state_its_next_value_and_both_orders() {
    let m = model(GLAUBER);
    assert!(m.is_discrete());
    assert_eq!(m.methods, [Method::Synchronous, Method::Asynchronous]);
    assert_eq!(m.hazard_draws(), 1, "one bernoulli draw");
    // S ← 2·[draw < p] − 1; a state without an entry keeps its value.
    let at = |draw: f64, h: f64| {
        let vars = |v: Var| match v {
            Var::Param(0) => 2.0,
            Var::Param(1) => 0.0,
            Var::Input(0) => h,
            Var::State(_) => 1.0,
            Var::Draw(0) => draw,
            other => panic!("{other:?}"),
        };
        sym::eval(&m.equations[0].rhs, &vars)
    };
    let p = 0.5 * (1.0 + (2.0f64 * 0.3).tanh());
    assert_eq!(at(p - 1e-9, 0.3), 1.0);
    assert_eq!(at(p + 1e-9, 0.3), -1.0);
    assert_eq!(m.equations[1].rhs, cajal_lang::ir::Expr::Var(Var::State(1)));
    assert_eq!(m.equation_texts()[1], "flips ← flips  [1]");
    let stated = model(&GLAUBER.replace("update {", "method asynchronous\n    update {"));
    assert_eq!(stated.methods, [Method::Asynchronous]);
}

#[test]
fn continuous_sections_in_a_discrete_model_are_errors_at_their_place() {
    let text = GLAUBER.replace(
        "update {",
        "equations { dflips/dt = 1/ms }\n    on S > 0 { flips += 1 }\n    update {",
    );
    let e = errors(&text);
    assert!(e.contains("cannot have `dflips/dt`"), "{e}");
    assert!(e.contains("cannot have an event"), "{e}");
}

#[test]
fn an_update_is_dimension_checked_against_its_state() {
    let e = errors(&GLAUBER.replace("S = 2*bernoulli(p) - 1", "S = h*1 mV"));
    assert!(e.contains("the new `S`"), "{e}");
    let e = errors(&GLAUBER.replace("S = 2*bernoulli(p) - 1", "s = 1"));
    assert!(e.contains("did you mean `S`?"), "{e}");
    let e = errors(&GLAUBER.replace("S = 2*bernoulli(p) - 1", "S = 1; S = -1"));
    assert!(e.contains("updated twice"), "{e}");
    let e = errors(&GLAUBER.replace("S = 2*bernoulli(p) - 1", "beta = 1"));
    assert!(e.contains("`beta` is a parameter"), "{e}");
}

#[test]
fn bernoulli_and_update_orders_stay_in_discrete_models() {
    let e = errors(&GLAUBER.replace("bernoulli(p)", "bernoulli(h*1 ms)"));
    assert!(e.contains("must be dimensionless"), "{e}");
    let e = errors(&GLAUBER.replace("update {", "method rk4\n    update {"));
    assert!(e.contains("not an update order"), "{e}");
    let e = errors(&GLAUBER.replace("update {", "method asynchonous\n    update {"));
    assert!(e.contains("did you mean `asynchronous`?"), "{e}");
    let continuous = r#"
neuron Leak {
    parameters { tau = 10 ms }
    state { v = 0 mV }
    equations { dv/dt = -v/tau + bernoulli(0.5)*1 mV/ms }
}
"#;
    let e = errors(continuous);
    assert!(e.contains("only be used in `update"), "{e}");
    let e = errors(
        &continuous
            .replace(" + bernoulli(0.5)*1 mV/ms", "")
            .replace("equations", "method synchronous\n    equations"),
    );
    assert!(e.contains("update order of a discrete-time model"), "{e}");
}

const MEMORY: &str = r#"
neuron Unit {
    inputs { h: 1 }
    state { S = 1 }
    update { S = if h == 0 { S } else { sign(h) } }
}
coupling Linear { edge { pre } node { total } }
synapse Jump {
    weight w: mV = 1 mV
    post { v: mV }
    on_pre { v += w }
}
network Memory {
    parameters { N = 100 }
    population units = Unit[N] { method asynchronous }
    projection memory: units.S -> units.h = Linear with hebbian_patterns(10, no_self, activity = 0.3, low = 0, high = 1, a = 0.3, b = 0.3)
}
"#;

#[test]
fn a_pattern_rule_makes_the_weights_of_a_rate_projection() {
    let items = compile_items(MEMORY).unwrap_or_else(|d| panic!("{}", d.render("m", MEMORY)));
    let Some(Item::Network(net)) = items.into_iter().last() else {
        panic!("a network");
    };
    let p = &net.projections[0];
    assert!(!p.self_connections);
    let cajal_lang::ir::Rule::HebbianPatterns {
        patterns: cajal_lang::ir::PatternSource::Random { activity, .. },
        offsets,
        c,
    } = &p.rule
    else {
        panic!("{:?}", p.rule);
    };
    assert_eq!(*activity, cajal_lang::ir::Expr::Num(0.3));
    assert_eq!(offsets.0, cajal_lang::ir::Expr::Num(0.3));
    assert!(c.is_none(), "c defaults to 1/N");

    let recorded = MEMORY.replace(
        "a = 0.3, b = 0.3)\n",
        "a = 0.3, b = 0.3)\n    record memory.overlap every 2\n",
    );
    let items = compile_items(&recorded).unwrap_or_else(|d| panic!("{}", d.render("m", &recorded)));
    let Some(Item::Network(net)) = items.into_iter().last() else {
        panic!("a network");
    };
    let r = &net.records[0];
    assert!(r.of_projection && r.pop == 0 && r.every == 2);
    assert_eq!(r.var.as_ref().unwrap().0, "overlap");
    let e = errors(&recorded.replace("record memory.overlap every 2", "record memory"));
    assert!(e.contains("record what it observes"), "{e}");

    let e = errors(&MEMORY.replace(
        "units.S -> units.h = Linear with hebbian_patterns(10, no_self",
        "units -> units = Jump with hebbian_patterns(10, no_self",
    ));
    assert!(e.contains("goes through a synapse"), "{e}");
    let e = errors(&MEMORY.replace("b = 0.3)", "b = 0.3) delay 1 ms"));
    assert!(e.contains("has no delays"), "{e}");
    let e = errors(&MEMORY.replace("activity = 0.3", "activity = 0.3 ms"));
    assert!(e.contains("probability"), "{e}");
    let e = errors(&MEMORY.replace("hebbian_patterns(10", "hebian_patterns(10"));
    assert!(e.contains("did you mean `hebbian_patterns`?"), "{e}");
}

#[test]
fn a_pattern_rule_reads_its_patterns_from_a_file() {
    let from_file = MEMORY.replace(
        "hebbian_patterns(10, no_self, activity = 0.3, low = 0, high = 1, a = 0.3, b = 0.3)",
        "hebbian_patterns(\"memories.csv\", no_self, c = 0.02, a = 0.3)",
    );
    let items =
        compile_items(&from_file).unwrap_or_else(|d| panic!("{}", d.render("m", &from_file)));
    let Some(Item::Network(net)) = items.into_iter().last() else {
        panic!("a network");
    };
    let cajal_lang::ir::Rule::HebbianPatterns {
        patterns: cajal_lang::ir::PatternSource::File(file),
        c: Some(c),
        offsets,
    } = &net.projections[0].rule
    else {
        panic!("{:?}", net.projections[0].rule);
    };
    assert_eq!(file, "memories.csv");
    assert_eq!(*c, cajal_lang::ir::Expr::Num(0.02));
    assert_eq!(offsets.0, cajal_lang::ir::Expr::Num(0.3));

    // A file's patterns have their own values and count: the random patterns' settings are
    // refused at the argument.
    for extra in ["activity = 0.1", "low = 0", "high = 2", "seed = 3"] {
        let text = from_file.replace("c = 0.02", &format!("c = 0.02, {extra}"));
        let e = errors(&text);
        let key = extra.split(' ').next().unwrap();
        assert!(
            e.contains(&format!("`{key}` only applies to random patterns")),
            "{e}"
        );
    }
    let e = errors(&from_file.replace("\"memories.csv\"", "\"\""));
    assert!(e.contains("the file name is empty"), "{e}");
}
