//! Network items: populations, projections, drives, Poisson inputs and records as a `.cajal`
//! file would hold them, and the errors that name what is wrong and where.

use cajal_lang::compile_items;
use cajal_lang::ir::{Expr, Item, Network, Pre, Rule, SourceKind, TotalCount, Var};

const RING: &str = r#"
/// A ring of two populations.
pub network Ring {
    parameters { Ne = 8, Ni = 2, sigma = 14.4, w = 5 nS, I_0 = 500 pA, D = 1.5 ms, rate = 2 kHz }
    timestep 50 us
    seed 7
    population E = crate::Izhikevich[Ne] { a = 0.02 /ms + 0.001 /ms * i; init v = -65 mV + 5 mV*randn(0) }
    population I = Izhikevich[Ni] { preset fs; method euler; schedule brian2 }
    drive E.I = if i == 0 { I_0 } else { 0 pA }
    projection EE: E -> E = ExpConductance { preset ampa; tau = 4 ms } with ring_gaussian(w, sigma, no_self) delay D
    projection EI: E -> I = ExpConductance with bernoulli(0.5, w, seed = 11, pairwise = 1)
    projection IE: I -> E = Nmda with edges { 0 -> 1 = 2 nS, 1 -> 0 = w }
    poisson_input ext: E.v { count = 10, rate = rate, weight = 0.5 mV }
    record E
    record E.v every 10
}
"#;

fn network(text: &str) -> Network {
    let items = compile_items(text).unwrap_or_else(|d| panic!("{}", d.render("net", text)));
    match items.into_iter().next() {
        Some(Item::Network(n)) => n,
        other => panic!("expected a network, got {other:?}"),
    }
}

fn errors(text: &str) -> String {
    match compile_items(text) {
        Ok(_) => panic!("expected errors"),
        Err(d) => d.render("net", text),
    }
}

/// A ring network with `line` added before its closing brace.
fn ring_with(line: &str) -> String {
    let end = RING.rfind('}').expect("the item closes");
    format!("{}{line}\n}}\n", &RING[..end])
}

#[test]
fn a_network_lowers_with_units_resolved() {
    let n = network(RING);
    assert_eq!(n.name, "Ring");
    assert_eq!(n.dt_ms, 0.05);
    assert_eq!(n.seed, 7);
    assert_eq!(n.populations.len(), 2);
    let e = &n.populations[0];
    assert_eq!(e.model.path, ["crate", "Izhikevich"]);
    assert_eq!(e.size, Expr::Var(Var::Param(0)));
    // `a` depends on the neuron index; the initial v on stream 0 of the seed.
    let a = &e.model.settings[0];
    assert_eq!(a.name, "a");
    assert!(cajal_lang::sym::any_var(&a.value.expr, &|v| v == Var::Index));
    let v = &e.model.inits[0];
    assert!(cajal_lang::sym::any_var(&v.value.expr, &|v| matches!(
        v,
        Var::Random {
            normal: true,
            stream: 0
        }
    )));
    let i = &n.populations[1];
    assert_eq!(i.model.preset.as_ref().map(|p| p.0.as_str()), Some("fs"));
    assert_eq!(i.model.method.as_deref(), Some("euler"));
    assert_eq!(i.model.schedule.as_deref(), Some("brian2"));

    let ee = &n.projections[0];
    assert_eq!(
        (ee.pre, ee.post, ee.self_connections),
        (Pre::Population(0), 0, false)
    );
    assert_eq!(ee.delay_ms, Some(Expr::Var(Var::Param(5))));
    assert!(matches!(ee.rule, Rule::RingGaussian { .. }));
    let ei = &n.projections[1];
    assert!(ei.self_connections);
    assert_eq!(ei.seed, Some(Expr::Num(11.0)));
    match &n.projections[2].rule {
        Rule::Edges(e) => assert_eq!((e[0].0, e[0].1, e[1].0, e[1].1), (0, 1, 1, 0)),
        other => panic!("expected edges, got {other:?}"),
    }
    // The Poisson rate in Hz (the parameter is in kHz).
    let p = &n.poisson_inputs[0];
    assert_eq!(p.jump.name, "v");
    assert_eq!(
        cajal_lang::sym::eval(&p.rate_hz, &|_| 2.0),
        2000.0,
        "kHz → Hz"
    );
    assert_eq!(n.records.len(), 2);
    assert_eq!(n.records[1].every, 10);
    assert_eq!(n.drives[0].input.name, "I");
}

#[test]
fn unknown_population_is_named_with_a_suggestion() {
    let e = errors(&ring_with(
        "projection X: E -> Ix = Nmda with all_to_all(w)",
    ));
    assert!(e.contains("unknown population `Ix`"), "{e}");
    assert!(e.contains("did you mean `I`"), "{e}");
}

#[test]
fn unknown_rule_and_missing_arguments_are_errors() {
    let e = errors(&ring_with(
        "projection X: E -> I = Nmda with bernouli(0.1, w)",
    ));
    assert!(e.contains("unknown connectivity rule `bernouli`"), "{e}");
    assert!(e.contains("did you mean `bernoulli`"), "{e}");
    let e = errors(&ring_with(
        "projection X: E -> I = Nmda with fixed_in_degree(k = 3)",
    ));
    assert!(e.contains("`fixed_in_degree` needs `w`"), "{e}");
    let e = errors(&ring_with(
        "projection X: E -> I = Nmda with all_to_all(w, p = 2)",
    ));
    assert!(e.contains("`all_to_all` has no argument `p`"), "{e}");
}

#[test]
fn no_self_between_two_populations_is_an_error() {
    let e = errors(&ring_with(
        "projection X: E -> I = Nmda with all_to_all(w, no_self)",
    ));
    assert!(
        e.contains("`no_self` only applies to a projection from a population onto itself"),
        "{e}"
    );
}

#[test]
fn dimensions_of_network_values_are_checked() {
    let e = errors(&ring_with(
        "projection X: E -> I = Nmda with all_to_all(w) delay 2 mV",
    ));
    assert!(e.contains("a delay must have units of time"), "{e}");
    let e = errors(&ring_with(
        "poisson_input y: I.v { count = 3, rate = 5 ms, weight = 1 mV }",
    ));
    assert!(e.contains("the rate must have units of frequency"), "{e}");
    let e = errors(&ring_with("population P = Izhikevich[3 mV]"));
    assert!(e.contains("a population size must be dimensionless"), "{e}");
    let e = errors(&RING.replace("timestep 50 us", "timestep 50 mV"));
    assert!(e.contains("the time step must have units of time"), "{e}");
}

/// `precision f32` sets single precision, `f64` (or nothing) double; any other name is an
/// error at the name that says what to write.
#[test]
fn precision_is_f32_or_f64_and_other_names_are_errors_at_their_place() {
    assert!(!network(RING).single_precision);
    let single = RING.replace("seed 7", "seed 7\n    precision f32");
    assert!(network(&single).single_precision);
    assert!(!network(&RING.replace("seed 7", "seed 7\n    precision f64")).single_precision);
    let e = errors(&RING.replace("seed 7", "seed 7\n    precision f16"));
    assert!(e.contains("unknown precision `f16`"), "{e}");
    assert!(e.contains("write `precision f32`"), "{e}");
    assert!(
        e.contains("7 |     precision f16"),
        "the error points at the line: {e}"
    );
}

#[test]
fn random_draws_only_set_per_neuron_values() {
    let e = errors(&ring_with(
        "projection X: E -> I = Nmda with all_to_all(w*rand(0))",
    ));
    assert!(e.contains("`rand` cannot be used here"), "{e}");
    let e = errors(&ring_with("drive I.I = 5 pA * randn(k)"));
    assert!(e.contains("takes the number of its random stream"), "{e}");
    let neuron = "neuron N { state { v = 1 mV*randn(0) } equations { dv/dt = -v/(1 ms) } }";
    assert!(errors(neuron).contains("`randn` cannot be used here"));
}

#[test]
fn sections_of_other_items_are_errors() {
    let e = errors(&ring_with("state { x = 0 }"));
    assert!(
        e.contains("`state` is not a section of a network item"),
        "{e}"
    );
    let e = errors(
        "neuron N { state { v = 0 mV } equations { dv/dt = -v/(1 ms) } population E = N[3] }",
    );
    assert!(
        e.contains(
            "`population` is not a section of a neuron item; it belongs in a `network` item"
        ),
        "{e}"
    );
    assert!(e.contains("declare `network Name { … }`"), "{e}");
    let e = errors("coupling K { edge { pre - post } preset p { } }");
    assert!(
        e.contains("`preset` is not a section of a coupling item"),
        "{e}"
    );
    let e = errors("mass M { state { x = 0 } equations { dx/dt = -x/(1 ms) } edge { pre } }");
    assert!(e.contains("it belongs in a `coupling` item"), "{e}");
}

#[test]
fn duplicate_populations_and_projections_are_errors() {
    let e = errors(&ring_with("population E = Izhikevich[2]"));
    assert!(e.contains("duplicate population `E`"), "{e}");
    let e = errors(&ring_with(
        "projection EE: I -> I = Nmda with all_to_all(w)",
    ));
    assert!(e.contains("duplicate projection `EE`"), "{e}");
}

#[test]
fn populations_cannot_take_the_names_of_the_built_structs_fields() {
    let e = errors(&ring_with("population network = Izhikevich[2]"));
    assert!(e.contains("`network` cannot name a population"), "{e}");
}

#[test]
fn delays_read_the_synapses_indices_and_nothing_per_neuron() {
    let n = network(&ring_with(
        "projection X: E -> I = Nmda with all_to_all(w) delay D + 0.1 ms*abs(pre - post)",
    ));
    let d = n.projections.last().unwrap().delay_ms.as_ref().unwrap();
    assert!(cajal_lang::sym::any_var(d, &|v| v == Var::Pre));
    assert!(cajal_lang::sym::any_var(d, &|v| v == Var::Post));
    // Delays are in ms: 1.5 ms + 0.1 ms · |3 − 1|.
    let at = |v: Var| match v {
        Var::Param(5) => 1.5,
        Var::Pre => 3.0,
        Var::Post => 1.0,
        _ => f64::NAN,
    };
    assert!((cajal_lang::sym::eval(d, &at) - 1.7).abs() < 1e-12);
    let e = errors(&ring_with(
        "projection X: E -> I = Nmda with all_to_all(w) delay 1 ms*i",
    ));
    assert!(e.contains("unknown name `i`"), "{e}");
    let e = errors(&ring_with("drive I.I = 1 pA*pre"));
    assert!(e.contains("`pre`"), "{e}");
}

#[test]
fn sources_start_projections_and_nothing_else() {
    let n = network(&ring_with(
        "source G = spike_times[2] { 0 at 1 ms, 1 at 2.5 ms }\nsource P = poisson[5] { rate = 2 kHz }\nprojection GE: G -> E = Nmda with all_to_all(w)",
    ));
    assert_eq!(n.sources.len(), 2);
    match &n.sources[0].kind {
        SourceKind::SpikeTimes(s) => {
            assert_eq!(s.len(), 2);
            assert_eq!((s[1].0, cajal_lang::sym::eval(&s[1].1, &|_| 0.0)), (1, 2.5));
        }
        other => panic!("expected spike times, got {other:?}"),
    }
    match &n.sources[1].kind {
        SourceKind::Poisson { rate_hz } => {
            assert_eq!(cajal_lang::sym::eval(rate_hz, &|_| 0.0), 2000.0)
        }
        other => panic!("expected Poisson trains, got {other:?}"),
    }
    assert_eq!(n.projections.last().unwrap().pre, Pre::Source(0));

    let e = errors(&ring_with(
        "source G = spike_times[1] { 0 at 1 ms }\nprojection X: E -> G = Nmda with all_to_all(w)",
    ));
    assert!(e.contains("`G` is a spike source, not a population"), "{e}");
    let e = errors(&ring_with("source P = poisson[3] { 0 at 1 ms }"));
    assert!(
        e.contains("a Poisson source has a `rate`, not spike times"),
        "{e}"
    );
    assert!(e.contains("a Poisson source needs `rate`"), "{e}");
    let e = errors(&ring_with("source G = spike_times[3] { rate = 5 Hz }"));
    assert!(
        e.contains("`spike_times` lists spikes as `neuron at time`"),
        "{e}"
    );
    let e = errors(&ring_with("source E = poisson[3] { rate = 5 Hz }"));
    assert!(e.contains("duplicate name `E`"), "{e}");
    let e = errors(&ring_with("source G = spike_times[3] { 0 at 5 mV }"));
    assert!(e.contains("a spike time must have units of time"), "{e}");
}

#[test]
fn only_drives_read_the_time() {
    let n = network(&ring_with(
        "drive I.I = if t >= 100 ms { 5 pA } else { 0 pA }",
    ));
    let d = n.drives.last().expect("the drive");
    assert_eq!(d.input.value.unit_text, "pA");
    assert!(cajal_lang::sym::any_var(&d.input.value.expr, &|v| v == cajal_lang::ir::Var::Time));
    let e = errors(&ring_with(
        "projection X: E -> I = Nmda with all_to_all(w*t/(1 ms))",
    ));
    assert!(e.contains("`t`"), "{e}");
}

#[test]
fn a_dimensionless_value_ends_before_the_next_network_statement() {
    // Each network statement after a number without a unit: the keyword starts the next
    // statement, it is not read as the number's unit.
    for next in [
        "projection X: E -> I = Nmda with all_to_all(w)",
        "population J = Izhikevich[2]",
        "record E",
        "drive I.I = 2 pA",
        "source G = poisson[3] { rate = 5 Hz }",
        "poisson_input q: E.v { count = 1, rate = rate, weight = 0.5 mV }",
        "signal reward: 1 = 0",
    ] {
        let n = network(&ring_with(&format!("drive E.x = 0.5\n{next}")));
        let d = n
            .drives
            .iter()
            .find(|d| d.input.name == "x")
            .expect("the drive");
        assert!(
            d.input.value.unit_text.is_empty() || d.input.value.unit_text == "1",
            "{next}: unit {:?}",
            d.input.value.unit_text
        );
    }
    let n = network(&ring_with("drive E.x = 0.5\nrecord E.v every 3"));
    assert_eq!(n.records.last().map(|r| r.every), Some(3));
}

#[test]
fn a_population_body_separates_its_method_from_the_next_setting_with_a_comma() {
    let n = network(&ring_with(
        "population J = Izhikevich[2] { method euler, init v = -70 mV, a = 0.03 /ms }",
    ));
    let j = n.populations.last().expect("the population");
    assert_eq!(j.model.method.as_deref(), Some("euler"));
    assert_eq!(j.model.inits.len(), 1);
    assert_eq!(j.model.settings.len(), 1);
    let n = network(&ring_with(
        "population J = Izhikevich[2] { schedule brian2, a = 0.03 /ms }",
    ));
    assert_eq!(
        n.populations.last().unwrap().model.schedule.as_deref(),
        Some("brian2")
    );
}

#[test]
fn fixed_total_number_takes_a_count_or_a_pair_probability_and_draws_weights_and_delays() {
    let n = network(&ring_with(
        "projection X: E -> I = Nmda with fixed_total_number(normal(w, 0.1*w), p = 0.05) delay normal(D, 0.5 ms)\n\
         projection Y: I -> I = Nmda with fixed_total_number(w, n = 30, no_self) delay D",
    ));
    let x = &n.projections[3];
    match &x.rule {
        Rule::FixedTotalNumber {
            count: TotalCount::PairProbability(p),
            weight,
        } => {
            assert_eq!(p, &Expr::Num(0.05));
            assert_eq!(weight.expr, Expr::Var(Var::Param(3)));
        }
        other => panic!("expected fixed_total_number with p, got {other:?}"),
    }
    // The spread in the weight's unit (nS), the delays' mean and spread in ms.
    let sd = x.weight_sd.as_ref().expect("drawn weights");
    assert_eq!(sd.unit, x_weight_unit(&x.rule));
    assert_eq!(cajal_lang::sym::eval(&sd.expr, &|_| 5.0), 0.5);
    assert_eq!(x.delay_ms, Some(Expr::Var(Var::Param(5))));
    assert_eq!(
        x.delay_sd_ms
            .as_ref()
            .map(|e| cajal_lang::sym::eval(e, &|_| 0.0)),
        Some(0.5)
    );
    assert!(x.delay_per_synapse());
    let y = &n.projections[4];
    assert!(matches!(
        y.rule,
        Rule::FixedTotalNumber {
            count: TotalCount::Synapses(Expr::Num(30.0)),
            ..
        }
    ));
    assert!(y.weight_sd.is_none() && y.delay_sd_ms.is_none() && !y.delay_per_synapse());
}

fn x_weight_unit(rule: &Rule) -> cajal_lang::units::Unit {
    match rule {
        Rule::FixedTotalNumber { weight, .. } => weight.unit,
        _ => unreachable!(),
    }
}

#[test]
fn drawn_weights_and_counts_that_do_not_fit_are_errors_at_their_place() {
    let e = errors(&ring_with(
        "projection X: E -> I = Nmda with fixed_total_number(w)",
    ));
    assert!(
        e.contains("needs `n` (the number of synapses) or `p`"),
        "{e}"
    );
    let e = errors(&ring_with(
        "projection X: E -> I = Nmda with fixed_total_number(w, n = 3, p = 0.1)",
    ));
    assert!(e.contains("takes `n` or `p`, not both"), "{e}");
    let e = errors(&ring_with(
        "projection X: E -> I = Nmda with fixed_total_number(normal(w, 2 mV), n = 3)",
    ));
    assert!(
        e.contains("the standard deviation has units of mV, but the mean weight has nS"),
        "{e}"
    );
    let e = errors(&ring_with(
        "projection X: E -> I = Nmda with all_to_all(normal(w, 1 nS))",
    ));
    assert!(e.contains("only random rules draw weights"), "{e}");
    let e = errors(&ring_with(
        "projection X: E -> I = Nmda with all_to_all(w) delay normal(D, 2 mV)",
    ));
    assert!(e.contains("standard deviation of the delays"), "{e}");
}
