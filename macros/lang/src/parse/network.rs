//! The sections of a `network` item → [`NetworkBody`].

use pest::iterators::Pair;

use super::{Rule, doc_line, expr, ident, loc};
use crate::ast::*;

/// Adds one network section to `body` (other rules are ignored).
pub(super) fn section(pair: Pair<Rule>, body: &mut NetworkBody) {
    match pair.as_rule() {
        Rule::timestep => body.timestep = pair.into_inner().next().map(expr),
        Rule::seed => {
            let l = loc(&pair);
            let digits = pair.into_inner().next().map_or("", |p| p.as_str());
            // Too large for u64: u64::MAX, which the checker reports.
            body.seed = Some((digits.parse().unwrap_or(u64::MAX), l));
        }
        Rule::precision => body.precision = pair.into_inner().next().map(ident),
        Rule::population => body.populations.push(population(pair)),
        Rule::projection => body.projections.push(projection(pair)),
        Rule::source => body.sources.push(source(pair)),
        Rule::drive => {
            let mut it = parts(pair);
            let (pop, input) = (next_ident(&mut it), next_ident(&mut it));
            let value = expr(it.next().expect("a drive has a value"));
            body.drives.push(DriveDecl { pop, input, value });
        }
        Rule::poisson_input => {
            let l = loc(&pair);
            let mut doc = Vec::new();
            let mut idents = Vec::new();
            let mut args = Vec::new();
            for p in pair.into_inner() {
                match p.as_rule() {
                    Rule::doc => doc.push(doc_line(p)),
                    Rule::ident => idents.push(ident(p)),
                    Rule::rule_arg => args.push(rule_arg(p)),
                    _ => {}
                }
            }
            let mut idents = idents.into_iter();
            let mut take = || idents.next().expect("a Poisson input has three names");
            let (name, pop, var) = (take(), take(), take());
            body.poisson_inputs.push(PoissonInputDecl {
                doc,
                name,
                pop,
                var,
                args,
                loc: l,
            });
        }
        Rule::signal_decl => {
            let state = pair
                .clone()
                .into_inner()
                .find(|p| p.as_rule() == Rule::signal_state)
                .map(|p| {
                    let mut it = p.into_inner();
                    (next_ident(&mut it), next_ident(&mut it))
                });
            let decl = super::sections::decl(pair);
            body.signals.push(SignalDecl { decl, state });
        }
        Rule::record => {
            let mut it = pair.into_inner();
            let pop = next_ident(&mut it);
            let var = it.next().map(ident);
            let every = it.next().map(|p| p.as_str().parse().unwrap_or(u64::MAX));
            body.records.push(RecordDecl { pop, var, every });
        }
        _ => {}
    }
}

/// The parts of a pair without the `=` and `:` tokens.
fn parts(pair: Pair<Rule>) -> impl Iterator<Item = Pair<Rule>> {
    pair.into_inner()
        .filter(|p| !matches!(p.as_rule(), Rule::equals | Rule::colon))
}

fn next_ident<'a>(it: &mut impl Iterator<Item = Pair<'a, Rule>>) -> Ident {
    ident(it.next().expect("the grammar guarantees a name here"))
}

fn type_path(pair: Pair<Rule>) -> TypePath {
    TypePath {
        loc: loc(&pair),
        segments: pair.into_inner().map(ident).collect(),
    }
}

fn rule_arg(pair: Pair<Rule>) -> (Option<Ident>, Expr) {
    let parts: Vec<Pair<Rule>> = parts(pair).collect();
    let value = super::text_or_expr;
    match parts.len() {
        2 => {
            let mut it = parts.into_iter();
            let key = ident(it.next().expect("two parts"));
            (Some(key), value(it.next().expect("two parts")))
        }
        _ => (None, value(parts.into_iter().next().expect("an argument"))),
    }
}

/// Adds a preset, method, schedule, setting or initial value to `using`.
fn use_stmt(pair: Pair<Rule>, using: &mut ModelUse) {
    let kind = pair.as_rule();
    let mut it = parts(pair);
    match kind {
        Rule::use_preset => using.preset = it.next().map(ident),
        Rule::method => using.method = it.next().map(ident),
        Rule::schedule => using.schedule = it.next().map(ident),
        Rule::init | Rule::setting => {
            let name = next_ident(&mut it);
            let value = expr(it.next().expect("a setting has a value"));
            if kind == Rule::init {
                using.inits.push((name, value));
            } else {
                using.settings.push((name, value));
            }
        }
        _ => {}
    }
}

fn population(pair: Pair<Rule>) -> PopulationDecl {
    let mut doc = Vec::new();
    let mut name = None;
    let mut model = None;
    let mut size = None;
    let mut using = ModelUse::default();
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::doc => doc.push(doc_line(p)),
            Rule::ident => name = Some(ident(p)),
            Rule::path => model = Some(type_path(p)),
            Rule::expr => size = Some(expr(p)),
            _ => use_stmt(p, &mut using),
        }
    }
    PopulationDecl {
        doc,
        name: name.expect("a population has a name"),
        model: model.expect("a population has a model"),
        size: size.expect("a population has a size"),
        using,
    }
}

fn source(pair: Pair<Rule>) -> SourceDecl {
    let mut doc = Vec::new();
    let mut name = None;
    let mut kind = None;
    let mut size = None;
    let mut args = Vec::new();
    let mut spikes = Vec::new();
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::doc => doc.push(doc_line(p)),
            Rule::ident => name = Some(ident(p)),
            Rule::source_kind => kind = Some(ident(p)),
            Rule::expr => size = Some(expr(p)),
            Rule::rule_arg => args.push(rule_arg(p)),
            Rule::spike_at => {
                let mut it = parts(p);
                let k = it
                    .next()
                    .map_or(u64::MAX, |p| p.as_str().parse().unwrap_or(u64::MAX));
                spikes.push((k, expr(it.next().expect("a spike has a time"))));
            }
            _ => {}
        }
    }
    SourceDecl {
        doc,
        name: name.expect("a source has a name"),
        kind: kind.expect("a source has a kind"),
        size: size.expect("a source has a size"),
        args,
        spikes,
    }
}

fn projection(pair: Pair<Rule>) -> ProjectionDecl {
    let mut doc = Vec::new();
    let mut idents = Vec::new();
    let mut synapse = None;
    let mut using = ModelUse::default();
    let mut rule = None;
    let mut delay = None;
    let (mut pre_var, mut post_input) = (None, None);
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::doc => doc.push(doc_line(p)),
            Rule::colon => {}
            Rule::ident => idents.push(ident(p)),
            Rule::rate_end => {
                let end = p.into_inner().next().map(ident);
                // After the name and the source, or after the target too.
                match idents.len() {
                    2 => pre_var = end,
                    _ => post_input = end,
                }
            }
            Rule::path => synapse = Some(type_path(p)),
            Rule::rule_call => {
                let l = loc(&p);
                let mut it = parts(p);
                let name = next_ident(&mut it);
                let args = it.map(rule_arg).collect();
                rule = Some((RuleDecl::Call { name, args }, l));
            }
            Rule::edges => {
                let l = loc(&p);
                let entries = p
                    .into_inner()
                    .map(|e| {
                        let mut it = parts(e);
                        let mut index = || {
                            it.next()
                                .map_or(u64::MAX, |p| p.as_str().parse().unwrap_or(u64::MAX))
                        };
                        let (i, j) = (index(), index());
                        (i, j, expr(it.next().expect("an edge has a weight")))
                    })
                    .collect();
                rule = Some((RuleDecl::Edges(entries), l));
            }
            Rule::delay => delay = p.into_inner().next().map(expr),
            _ => use_stmt(p, &mut using),
        }
    }
    let mut idents = idents.into_iter();
    let mut take = || idents.next().expect("a projection has three names");
    let (name, pre, post) = (take(), take(), take());
    let (rule, rule_loc) = rule.expect("a projection has a rule");
    ProjectionDecl {
        doc,
        name,
        pre,
        post,
        pre_var,
        post_input,
        synapse: synapse.expect("a projection has a synapse"),
        using,
        rule,
        rule_loc,
        delay,
    }
}
