//! The sections' entries: declarations, equations, functions, events, assignments and
//! presets.

use pest::iterators::Pair;

use super::{Rule, doc_line, expr, ident, loc, unit_spec};
use crate::ast::*;

pub(super) fn decl(pair: Pair<Rule>) -> Decl {
    let mut d = Decl {
        doc: Vec::new(),
        name: Ident {
            name: String::new(),
            loc: loc(&pair),
        },
        unit: None,
        value: None,
    };
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::doc => d.doc.push(doc_line(p)),
            Rule::ident => d.name = ident(p),
            Rule::unit_spec => d.unit = Some(unit_spec(p)),
            Rule::expr => d.value = Some(expr(p)),
            _ => {}
        }
    }
    d
}

pub(super) fn derivative(pair: Pair<Rule>) -> Derivative {
    let mut doc = Vec::new();
    let mut state = None;
    let mut rhs = None;
    let mut unless = false;
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::doc => doc.push(doc_line(p)),
            Rule::deriv_name => {
                let l = loc(&p);
                state = Some(Ident {
                    name: p.as_str()[1..].to_string(),
                    loc: l,
                });
            }
            Rule::expr => rhs = Some(expr(p)),
            Rule::unless_refractory => unless = true,
            _ => {}
        }
    }
    Derivative {
        doc,
        state: state.expect("a derivative names its state"),
        rhs: rhs.expect("a derivative has a right-hand side"),
        unless_refractory: unless,
    }
}

pub(super) fn function(pair: Pair<Rule>) -> Function {
    let mut doc = Vec::new();
    let mut idents = Vec::new();
    let mut body = None;
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::doc => doc.push(doc_line(p)),
            Rule::ident => idents.push(ident(p)),
            Rule::expr => body = Some(expr(p)),
            _ => {}
        }
    }
    let name = idents.remove(0);
    Function {
        doc,
        name,
        args: idents,
        body: body.expect("a function has a body"),
    }
}

pub(super) fn event(pair: Pair<Rule>) -> Event {
    let l = loc(&pair);
    let mut inner = pair.into_inner().filter(|p| p.as_rule() != Rule::on_kw);
    let condition = expr(inner.next().expect("an event has a condition"));
    let mut body = Vec::new();
    for s in inner {
        match s.as_rule() {
            Rule::emit => body.push(EventStmt::Emit(ident(
                s.into_inner().next().expect("emit names an event"),
            ))),
            Rule::assign => body.push(assignment(s)),
            _ => {}
        }
    }
    Event {
        condition,
        body,
        loc: l,
    }
}

/// `x op= value` as an event statement.
pub(super) fn assignment(pair: Pair<Rule>) -> EventStmt {
    let mut parts = pair.into_inner();
    let target = ident(parts.next().expect("assignment target"));
    let op = match parts.next().expect("assignment operator").as_str() {
        "+=" => AssignOp::Add,
        "-=" => AssignOp::Sub,
        "*=" => AssignOp::Mul,
        "/=" => AssignOp::Div,
        _ => AssignOp::Set,
    };
    let value = expr(parts.next().expect("assignment value"));
    EventStmt::Assign { target, op, value }
}

pub(super) fn preset(pair: Pair<Rule>) -> Preset {
    let mut doc = Vec::new();
    let mut name = None;
    let mut values = Vec::new();
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::doc => doc.push(doc_line(p)),
            Rule::ident => name = Some(ident(p)),
            Rule::preset_set => {
                let mut parts = p.into_inner().filter(|q| q.as_rule() != Rule::equals);
                let n = ident(parts.next().expect("preset parameter name"));
                let v = expr(parts.next().expect("preset parameter value"));
                values.push((n, v));
            }
            _ => {}
        }
    }
    Preset {
        doc,
        name: name.expect("a preset has a name"),
        values,
    }
}
