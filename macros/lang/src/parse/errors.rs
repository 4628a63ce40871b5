//! pest's errors as diagnostics a modeller can act on.

use super::Rule;
use crate::diag::{Diagnostic, Loc};
use crate::suggest::closest;

/// How a rule is named in "expected …" messages.
fn rule_name(rule: &Rule) -> String {
    match rule {
        Rule::EOI => "end of input",
        Rule::model_item
        | Rule::synapse_item
        | Rule::coupling_item
        | Rule::network_item
        | Rule::model_kind
        | Rule::synapse_kw
        | Rule::coupling_kw
        | Rule::network_kw => "an item (`neuron`, `mass`, `synapse`, `coupling` or `network`)",
        Rule::ident | Rule::name => "a name",
        Rule::expr => "an expression",
        Rule::quantity | Rule::number => "a number",
        Rule::unit_spec | Rule::unit_power | Rule::unit_name => "a unit",
        Rule::unit_suffix | Rule::first_unit | Rule::known_unit | Rule::known_symbol => "a unit",
        Rule::doc => "a doc comment",
        Rule::vis => "`pub`",
        Rule::parameters => "`parameters { … }`",
        Rule::inputs => "`inputs { … }`",
        Rule::state => "`state { … }`",
        Rule::equations => "`equations { … }`",
        Rule::functions => "`functions { … }`",
        Rule::outputs => "`outputs { … }`",
        Rule::event => "`on <condition> { … }`",
        Rule::refractory => "`refractory …`",
        Rule::update => "`update { … }`",
        Rule::update_assign => "an update `x = …`",
        Rule::method => "`method …`",
        Rule::schedule => "`schedule …`",
        Rule::preset => "`preset …`",
        Rule::edge => "`edge { … }`",
        Rule::node => "`node { … }`",
        Rule::weight => "`weight w: unit`",
        Rule::post => "`post { … }`",
        Rule::on_pre => "`on_pre { … }`",
        Rule::inject => "`inject { … }`",
        Rule::traces => "`traces { … }`",
        Rule::continuous => "`continuous { … }`",
        Rule::on_post => "`on_post { … }`",
        Rule::rate_end => "`.name` (a rate projection's state or input)",
        Rule::param | Rule::state_var | Rule::output | Rule::alias => {
            "a declaration `name = value`"
        }
        Rule::input => "an input `name: unit`",
        Rule::derivative => "an equation `dx/dt = …`",
        Rule::deriv_name => "a derivative `dx/dt`",
        Rule::function => "a function `fn f(x) = …`",
        Rule::emit | Rule::assign => "a statement (`emit spike`, `x = …`, `x += …`)",
        Rule::assign_op => "`=`, `+=`, `-=`, `*=` or `/=`",
        Rule::unless_refractory => "`unless refractory`",
        Rule::call => "a function call",
        Rule::if_expr => "`if … { … } else { … }`",
        Rule::preset_set => "`name = value`",
        Rule::add | Rule::sub | Rule::mul | Rule::div | Rule::pow => "an operator",
        Rule::lt | Rule::le | Rule::gt | Rule::ge | Rule::eq | Rule::ne | Rule::and | Rule::or => {
            "an operator"
        }
        Rule::neg | Rule::not | Rule::unit_op => "an operator",
        Rule::equals => "`=`",
        Rule::colon => "`:` and a unit",
        _ => return format!("{rule:?}"),
    }
    .to_string()
}

/// The sections of each kind of item, as the grammar lists them: (kind, rules only that
/// kind's sections have, the section keywords).
const KINDS: &[(&str, &[Rule], &[&str])] = &[
    (
        "model",
        &[
            Rule::inputs,
            Rule::outputs,
            Rule::event,
            Rule::refractory,
            Rule::update,
        ],
        &[
            "parameters",
            "inputs",
            "state",
            "equations",
            "functions",
            "outputs",
            "on",
            "refractory",
            "update",
            "method",
            "schedule",
            "preset",
        ],
    ),
    (
        "synapse",
        &[
            Rule::post,
            Rule::traces,
            Rule::continuous,
            Rule::on_pre,
            Rule::on_post,
            Rule::inject,
        ],
        &[
            "parameters",
            "weight",
            "post",
            "state",
            "traces",
            "continuous",
            "equations",
            "functions",
            "on_pre",
            "on_post",
            "inject",
            "method",
            "schedule",
            "preset",
        ],
    ),
    (
        "coupling",
        &[Rule::edge, Rule::node],
        &[
            "parameters",
            "weight",
            "state",
            "equations",
            "functions",
            "edge",
            "node",
        ],
    ),
    (
        "network",
        &[
            Rule::timestep,
            Rule::seed,
            Rule::precision,
            Rule::drive,
            Rule::record,
        ],
        &[
            "parameters",
            "preset",
            "timestep",
            "seed",
            "precision",
            "population",
            "source",
            "projection",
            "drive",
            "poisson_input",
            "record",
        ],
    ),
];

/// What to write instead of section `word` in an item of `kind`, where the language has a
/// counterpart.
fn counterpart(kind: &str, word: &str) -> Option<&'static str> {
    Some(match (kind, word) {
        ("synapse", "inputs") => "the target's variables a synapse reads go in `post { v: mV }`",
        ("synapse", "outputs") => "what the target receives goes in `inject { I: pA = … }`",
        ("synapse", "on") => "a presynaptic spike's effect goes in `on_pre { … }`",
        ("synapse", "refractory") => "refractoriness belongs to the target neuron",
        ("network", _) => {
            "dynamics belong in neuron, mass, synapse and coupling items; a network uses them in `population`s and `projection`s"
        }
        (_, "population" | "source" | "projection" | "drive" | "poisson_input" | "record") => {
            "declare `network Name { … }` and use the item there"
        }
        _ => return None,
    })
}

/// The sections of a kind, as a help line lists them.
fn listed(sections: &[&str]) -> String {
    let shown: Vec<String> = sections
        .iter()
        .map(|s| match *s {
            "on" => "`on <condition> { … }`".to_string(),
            s => format!("`{s}`"),
        })
        .collect();
    shown.join(", ")
}

/// The identifier that starts at byte `pos` of `text`.
fn word_at(text: &str, pos: usize) -> &str {
    let rest = text.get(pos..).unwrap_or_default();
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    &rest[..end]
}

/// `neuron` or `mass`: the keyword of the model item whose header is the last before `pos`
/// (read with the grammar's item outline; `neuron` if it cannot tell).
fn model_keyword(text: &str, pos: usize) -> &'static str {
    match super::outline(text)
        .into_iter()
        .rfind(|(_, name)| (name.loc.start as usize) < pos)
    {
        Some(("mass", _)) => "mass",
        _ => "neuron",
    }
}

/// A section missing or misplaced in an item, if `positives` are the sections of one kind.
fn section_error(positives: &[Rule], text: &str, loc: Loc) -> Option<Diagnostic> {
    let &(kind, _, sections) = KINDS
        .iter()
        .find(|(_, own, _)| own.iter().any(|r| positives.contains(r)))?;
    let kind = if kind == "model" {
        model_keyword(text, loc.start as usize)
    } else {
        kind
    };
    let help = format!("a {kind} item has {}", listed(sections));
    let word = word_at(text, loc.start as usize);
    let mut owners: Vec<String> = KINDS
        .iter()
        .filter(|(_, _, s)| s.contains(&word))
        .flat_map(|(k, _, _)| match *k {
            "model" => vec!["neuron", "mass"],
            k => vec![k],
        })
        .map(|k| format!("`{k}`"))
        .collect();
    let what = if word == "on" {
        "`on` events are".to_string()
    } else {
        format!("`{word}` is")
    };
    let d = if owners.is_empty() {
        let d = Diagnostic::new(
            loc,
            format!("syntax error: expected a section of a {kind} item or `}}`"),
        );
        match closest(word, sections.iter().copied().filter(|s| *s != "on")) {
            Some(s) if !word.is_empty() => d.with_help(format!("did you mean `{s}`?")),
            _ => d,
        }
    } else {
        let l = Loc::new(loc.start as usize, loc.start as usize + word.len());
        let last = owners.pop().unwrap_or_default();
        let owners = if owners.is_empty() {
            last
        } else {
            format!("{} or {last}", owners.join(", "))
        };
        let d = Diagnostic::new(
            l,
            format!(
                "syntax error: {what} not a section of a {kind} item; it belongs in a {owners} item"
            ),
        );
        match counterpart(kind, word) {
            Some(h) => d.with_help(h),
            None => d,
        }
    };
    Some(d.with_help(help))
}

/// A pest error as a diagnostic at its place in `text`.
pub(super) fn syntax_error(e: pest::error::Error<Rule>, text: &str) -> Diagnostic {
    use pest::error::{ErrorVariant, InputLocation};
    let l = match e.location {
        InputLocation::Pos(p) => Loc::new(p, p),
        InputLocation::Span((s, t)) => Loc::new(s, t),
    };
    let message = match &e.variant {
        ErrorVariant::ParsingError {
            positives,
            negatives,
        } => {
            if let Some(d) = section_error(positives, text, l) {
                return d;
            }
            let mut names: Vec<String> = positives.iter().map(rule_name).collect();
            names.sort();
            names.dedup();
            if names.is_empty() {
                let mut neg: Vec<String> = negatives.iter().map(rule_name).collect();
                neg.dedup();
                format!("syntax error: unexpected {}", neg.join(", "))
            } else if names.len() == 1 {
                format!("syntax error: expected {}", names[0])
            } else {
                let last = names.pop().unwrap_or_default();
                format!("syntax error: expected {} or {last}", names.join(", "))
            }
        }
        ErrorVariant::CustomError { message } => format!("syntax error: {message}"),
    };
    Diagnostic::new(l, message)
}
