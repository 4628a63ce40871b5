//! Items: one builder per kind, reading the sections its grammar rule allows.

use pest::iterators::Pair;

use super::sections::{assignment, decl, derivative, event, function, preset};
use super::{Rule, doc_line, expr, ident, loc};
use crate::ast::*;

/// The item a top-level pair stands for (`None` for the end of input).
pub(super) fn item(pair: Pair<Rule>) -> Option<Item> {
    Some(match pair.as_rule() {
        Rule::model_item => Item::Model(model(pair)),
        Rule::synapse_item => Item::Synapse(synapse(pair)),
        Rule::coupling_item => Item::Coupling(coupling(pair)),
        Rule::network_item => Item::Network(network(pair)),
        _ => return None,
    })
}

/// Reads the header (doc, visibility, keyword, name) and hands every section to `section`.
fn read<'a>(pair: Pair<'a, Rule>, mut section: impl FnMut(Pair<'a, Rule>)) -> Header {
    let item_loc = loc(&pair);
    let mut doc = Vec::new();
    let mut vis = String::new();
    let mut name = None;
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::doc => doc.push(doc_line(p)),
            Rule::vis => vis = p.as_str().split_whitespace().collect::<String>(),
            Rule::model_kind | Rule::synapse_kw | Rule::coupling_kw | Rule::network_kw => {}
            Rule::ident if name.is_none() => name = Some(ident(p)),
            _ => section(p),
        }
    }
    Header {
        doc,
        vis,
        name: name.expect("an item always has a name"),
        loc: item_loc,
    }
}

/// Adds a section that models and synapses share; false if `p` is another section.
fn dynamics_section(p: Pair<Rule>, d: &mut Dynamics) -> bool {
    match p.as_rule() {
        Rule::parameters => d.params.extend(p.into_inner().map(decl)),
        Rule::state => d.states.extend(p.into_inner().map(decl)),
        Rule::equations => {
            for eq in p.into_inner() {
                match eq.as_rule() {
                    Rule::derivative => d.derivatives.push(derivative(eq)),
                    Rule::function => d.functions.push(function(eq)),
                    _ => d.aliases.push(decl(eq)),
                }
            }
        }
        Rule::functions => d.functions.extend(p.into_inner().map(function)),
        Rule::method => d.methods.extend(p.into_inner().map(ident)),
        Rule::schedule => d.schedules.extend(p.into_inner().map(ident)),
        Rule::preset => d.presets.push(preset(p)),
        _ => return false,
    }
    true
}

fn model(pair: Pair<Rule>) -> ModelItem {
    let kind = match pair
        .clone()
        .into_inner()
        .find(|p| p.as_rule() == Rule::model_kind)
    {
        Some(k) if k.as_str() == "mass" => ModelKind::Mass,
        _ => ModelKind::Neuron,
    };
    let mut dynamics = Dynamics::default();
    let (mut inputs, mut outputs, mut events, mut refractory) =
        (Vec::new(), Vec::new(), Vec::new(), None);
    let mut update = None;
    let header = read(pair, |p| {
        if dynamics_section(p.clone(), &mut dynamics) {
            return;
        }
        match p.as_rule() {
            Rule::inputs => inputs.extend(p.into_inner().map(decl)),
            Rule::outputs => outputs.extend(p.into_inner().map(decl)),
            Rule::event => events.push(event(p)),
            Rule::refractory => refractory = p.into_inner().next().map(expr),
            Rule::update => {
                let l = loc(&p);
                let block = update.get_or_insert_with(|| Update {
                    assigns: Vec::new(),
                    loc: l,
                });
                block.assigns.extend(p.into_inner().map(decl));
            }
            r => unreachable!("the grammar gives a model no {r:?} section"),
        }
    });
    ModelItem {
        header,
        kind,
        dynamics,
        inputs,
        outputs,
        events,
        refractory,
        update,
    }
}

/// `on_pre { … }` or `on_post { … }`.
fn block(p: Pair<Rule>) -> Block {
    let l = loc(&p);
    Block {
        stmts: p.into_inner().map(assignment).collect(),
        loc: l,
    }
}

fn synapse(pair: Pair<Rule>) -> SynapseItem {
    let mut dynamics = Dynamics::default();
    let (mut weight, mut post, mut on_pre, mut injects) = (None, Vec::new(), None, Vec::new());
    let (mut traces, mut continuous, mut on_post) = (Vec::new(), Vec::new(), None);
    let mut signals = Vec::new();
    let header = read(pair, |p| {
        if dynamics_section(p.clone(), &mut dynamics) {
            return;
        }
        match p.as_rule() {
            Rule::weight => weight = Some(decl(p)),
            Rule::post => post.extend(p.into_inner().map(decl)),
            Rule::signals => signals.extend(p.into_inner().map(decl)),
            Rule::on_pre => on_pre = Some(block(p)),
            Rule::inject => injects.extend(p.into_inner().map(decl)),
            Rule::traces => traces.extend(p.into_inner().map(decl)),
            Rule::continuous => continuous.extend(p.into_inner().map(decl)),
            Rule::on_post => on_post = Some(block(p)),
            r => unreachable!("the grammar gives a synapse no {r:?} section"),
        }
    });
    SynapseItem {
        header,
        dynamics,
        weight,
        post,
        signals,
        on_pre,
        injects,
        traces,
        continuous,
        on_post,
    }
}

fn coupling(pair: Pair<Rule>) -> CouplingItem {
    let mut dynamics = Dynamics::default();
    let (mut weight, mut edge, mut node) = (None, None, None);
    let header = read(pair, |p| {
        if dynamics_section(p.clone(), &mut dynamics) {
            return;
        }
        match p.as_rule() {
            Rule::weight => weight = Some(decl(p)),
            Rule::edge => edge = p.into_inner().next().map(expr),
            Rule::node => node = p.into_inner().next().map(expr),
            r => unreachable!("the grammar gives a coupling no {r:?} section"),
        }
    });
    CouplingItem {
        header,
        dynamics,
        weight,
        edge,
        node,
    }
}

fn network(pair: Pair<Rule>) -> NetworkItem {
    let (mut params, mut presets, mut body) = (Vec::new(), Vec::new(), NetworkBody::default());
    let header = read(pair, |p| match p.as_rule() {
        Rule::parameters => params.extend(p.into_inner().map(decl)),
        Rule::preset => presets.push(preset(p)),
        _ => super::network::section(p, &mut body),
    });
    NetworkItem {
        header,
        params,
        presets,
        body,
    }
}
