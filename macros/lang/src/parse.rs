//! Text → syntax tree, with the pest grammar in `grammar.pest`.

use std::sync::LazyLock;

use pest::Parser as _;
use pest::iterators::Pair;
use pest::pratt_parser::{Assoc, Op, PrattParser};

use crate::ast::*;
use crate::diag::{Diagnostic, Diagnostics, Loc};

mod grammar {
    #![allow(missing_docs)]
    #[derive(pest_derive::Parser)]
    #[grammar = "grammar.pest"]
    pub(super) struct Grammar;
}
use grammar::{Grammar, Rule};

mod network;

static PRATT: LazyLock<PrattParser<Rule>> = LazyLock::new(|| {
    PrattParser::new()
        .op(Op::infix(Rule::or, Assoc::Left))
        .op(Op::infix(Rule::and, Assoc::Left))
        .op(Op::infix(Rule::lt, Assoc::Left)
            | Op::infix(Rule::le, Assoc::Left)
            | Op::infix(Rule::gt, Assoc::Left)
            | Op::infix(Rule::ge, Assoc::Left)
            | Op::infix(Rule::eq, Assoc::Left)
            | Op::infix(Rule::ne, Assoc::Left))
        .op(Op::infix(Rule::add, Assoc::Left) | Op::infix(Rule::sub, Assoc::Left))
        .op(Op::infix(Rule::mul, Assoc::Left) | Op::infix(Rule::div, Assoc::Left))
        .op(Op::prefix(Rule::neg) | Op::prefix(Rule::not))
        .op(Op::infix(Rule::pow, Assoc::Right))
});

/// Parses model text (a file or the macro's token text) into a syntax tree.
pub fn parse(text: &str) -> Result<File, Diagnostics> {
    let mut pairs =
        Grammar::parse(Rule::file, text).map_err(|e| Diagnostics(vec![syntax_error(e)]))?;
    let file = pairs.next().expect("the file rule always yields one pair");
    let mut items = Vec::new();
    let mut diags = Diagnostics::default();
    for pair in file.into_inner() {
        if pair.as_rule() == Rule::item {
            match item(pair) {
                Ok(i) => items.push(i),
                Err(d) => diags.push(d),
            }
        }
    }
    if diags.is_empty() {
        Ok(File { items })
    } else {
        Err(diags)
    }
}

fn loc(pair: &Pair<Rule>) -> Loc {
    let s = pair.as_span();
    Loc::new(s.start(), s.end())
}

fn ident(pair: Pair<Rule>) -> Ident {
    Ident {
        name: pair.as_str().to_string(),
        loc: loc(&pair),
    }
}

fn doc_line(pair: Pair<Rule>) -> String {
    let inner = pair.into_inner().next().expect("doc has one form");
    match inner.as_rule() {
        Rule::line_doc => {
            let text = inner.into_inner().next().map_or("", |p| p.as_str());
            text.strip_prefix(' ')
                .unwrap_or(text)
                .trim_end()
                .to_string()
        }
        _ => {
            let lit = inner
                .into_inner()
                .next()
                .expect("attribute doc has a string")
                .as_str();
            let text = unescape(&lit[1..lit.len() - 1]);
            text.strip_prefix(' ')
                .unwrap_or(&text)
                .trim_end()
                .to_string()
        }
    }
}

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('0') => out.push('\0'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

fn item(pair: Pair<Rule>) -> Result<Item, Diagnostic> {
    let item_loc = loc(&pair);
    let mut doc = Vec::new();
    let mut vis = String::new();
    let mut kind = ItemKind::Neuron;
    let mut name = None;
    let mut it = Item {
        doc: Vec::new(),
        vis: String::new(),
        kind,
        name: Ident {
            name: String::new(),
            loc: item_loc,
        },
        params: Vec::new(),
        inputs: Vec::new(),
        states: Vec::new(),
        derivatives: Vec::new(),
        aliases: Vec::new(),
        functions: Vec::new(),
        outputs: Vec::new(),
        events: Vec::new(),
        refractory: None,
        methods: Vec::new(),
        schedules: Vec::new(),
        presets: Vec::new(),
        edge: None,
        node: None,
        weight: None,
        post: Vec::new(),
        on_pre: None,
        injects: Vec::new(),
        traces: Vec::new(),
        continuous: Vec::new(),
        on_post: None,
        network: NetworkBody::default(),
        loc: item_loc,
    };
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::doc => doc.push(doc_line(p)),
            Rule::vis => vis = p.as_str().split_whitespace().collect::<String>(),
            Rule::item_kind => {
                kind = match p.as_str() {
                    "mass" => ItemKind::Mass,
                    "coupling" => ItemKind::Coupling,
                    "synapse" => ItemKind::Synapse,
                    "network" => ItemKind::Network,
                    _ => ItemKind::Neuron,
                }
            }
            Rule::ident => name = Some(ident(p)),
            Rule::parameters => it.params.extend(p.into_inner().map(decl)),
            Rule::inputs => it.inputs.extend(p.into_inner().map(decl)),
            Rule::state => it.states.extend(p.into_inner().map(decl)),
            Rule::outputs => it.outputs.extend(p.into_inner().map(decl)),
            Rule::equations => {
                for eq in p.into_inner() {
                    match eq.as_rule() {
                        Rule::derivative => it.derivatives.push(derivative(eq)),
                        Rule::function => it.functions.push(function(eq)),
                        _ => it.aliases.push(decl(eq)),
                    }
                }
            }
            Rule::functions => it.functions.extend(p.into_inner().map(function)),
            Rule::event => it.events.push(event(p)),
            Rule::refractory => {
                let e = p.into_inner().next().expect("refractory has an expression");
                it.refractory = Some(expr(e));
            }
            Rule::method => it.methods.extend(p.into_inner().map(ident)),
            Rule::schedule => it.schedules.extend(p.into_inner().map(ident)),
            Rule::preset => it.presets.push(preset(p)),
            Rule::edge => it.edge = p.into_inner().next().map(expr),
            Rule::node => it.node = p.into_inner().next().map(expr),
            Rule::weight => it.weight = Some(decl(p)),
            Rule::post => it.post.extend(p.into_inner().map(decl)),
            Rule::on_pre => {
                let l = loc(&p);
                let stmts = p.into_inner().map(assignment).collect();
                it.on_pre = Some((stmts, l));
            }
            Rule::inject => it.injects.extend(p.into_inner().map(decl)),
            Rule::traces => it.traces.extend(p.into_inner().map(decl)),
            Rule::continuous => it.continuous.extend(p.into_inner().map(decl)),
            Rule::on_post => {
                let l = loc(&p);
                let stmts = p.into_inner().map(assignment).collect();
                it.on_post = Some((stmts, l));
            }
            _ => network::section(p, &mut it.network),
        }
    }
    it.doc = doc;
    it.vis = vis;
    it.kind = kind;
    it.name = name.expect("an item always has a name");
    Ok(it)
}

fn decl(pair: Pair<Rule>) -> Decl {
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

fn derivative(pair: Pair<Rule>) -> Derivative {
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

fn function(pair: Pair<Rule>) -> Function {
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

fn event(pair: Pair<Rule>) -> Event {
    let l = loc(&pair);
    let mut inner = pair.into_inner();
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
fn assignment(pair: Pair<Rule>) -> EventStmt {
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

fn preset(pair: Pair<Rule>) -> Preset {
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

fn unit_exp(pair: Pair<Rule>) -> i32 {
    let text: String = pair.as_str().split_whitespace().collect();
    text.parse().unwrap_or(i32::MAX)
}

/// Collects `unit_power`/`known_unit`/`first_unit` factors separated by `unit_op`s.
fn unit_factors<'a>(
    pairs: impl Iterator<Item = Pair<'a, Rule>>,
    mut divide: bool,
) -> Vec<(Ident, i32)> {
    let mut factors = Vec::new();
    for p in pairs {
        match p.as_rule() {
            Rule::unit_op => divide = p.as_str() == "/",
            Rule::unit_one => {}
            Rule::unit_power | Rule::known_unit | Rule::first_unit => {
                let mut inner = p.into_inner();
                let sym = ident(inner.next().expect("a unit factor has a symbol"));
                let pow = inner.next().map_or(1, unit_exp);
                factors.push((sym, if divide { -pow } else { pow }));
            }
            _ => {}
        }
    }
    factors
}

fn unit_spec(pair: Pair<Rule>) -> UnitExpr {
    let l = loc(&pair);
    let text = pair.as_str().trim_start();
    let starts_with_slash = text.starts_with('/');
    let mut inner: Vec<Pair<Rule>> = pair.into_inner().collect();
    // `1 / ms`: the slashes between factors are literal, not unit_op pairs.
    let one = inner.first().is_some_and(|p| p.as_rule() == Rule::unit_one);
    if one {
        inner.remove(0);
    }
    let factors = if one {
        unit_factors(inner.into_iter(), true)
    } else {
        unit_factors(inner.into_iter(), starts_with_slash)
    };
    UnitExpr { factors, loc: l }
}

fn quantity(pair: Pair<Rule>) -> ExprKind {
    let mut inner = pair.into_inner();
    let num = inner.next().expect("a quantity has a number");
    let value: f64 = num.as_str().parse().unwrap_or(f64::NAN);
    let unit = inner.next().map(|suffix| {
        let l = loc(&suffix);
        let leading_slash = suffix.as_str().trim_start().starts_with('/');
        UnitExpr {
            factors: unit_factors(suffix.into_inner(), leading_slash),
            loc: l,
        }
    });
    ExprKind::Quantity(value, unit)
}

fn primary(pair: Pair<Rule>) -> Expr {
    let l = loc(&pair);
    let kind = match pair.as_rule() {
        Rule::quantity => quantity(pair),
        Rule::name => ExprKind::Name(ident(
            pair.into_inner().next().expect("a name has an ident"),
        )),
        Rule::call => {
            let mut inner = pair.into_inner();
            let f = ident(inner.next().expect("a call has a name"));
            ExprKind::Call(f, inner.map(expr).collect())
        }
        Rule::expr => return expr(pair),
        Rule::if_expr => {
            let mut inner = pair.into_inner();
            let mut next = || {
                let p = inner
                    .next()
                    .expect("an if expression has a condition and two branches");
                if p.as_rule() == Rule::if_expr {
                    primary(p)
                } else {
                    expr(p)
                }
            };
            let (c, a, b) = (next(), next(), next());
            ExprKind::If(Box::new(c), Box::new(a), Box::new(b))
        }
        r => unreachable!("unexpected primary rule {r:?}"),
    };
    Expr { kind, loc: l }
}

/// Lowers an `expr` pair with operator precedence.
fn expr(pair: Pair<Rule>) -> Expr {
    PRATT
        .map_primary(primary)
        .map_prefix(|op, rhs| {
            let l = loc(&op).join(rhs.loc);
            let o = if op.as_rule() == Rule::neg {
                UnaryOp::Neg
            } else {
                UnaryOp::Not
            };
            Expr {
                kind: ExprKind::Unary(o, Box::new(rhs)),
                loc: l,
            }
        })
        .map_infix(|lhs, op, rhs| {
            let o = match op.as_rule() {
                Rule::add => BinaryOp::Add,
                Rule::sub => BinaryOp::Sub,
                Rule::mul => BinaryOp::Mul,
                Rule::div => BinaryOp::Div,
                Rule::pow => BinaryOp::Pow,
                Rule::lt => BinaryOp::Lt,
                Rule::le => BinaryOp::Le,
                Rule::gt => BinaryOp::Gt,
                Rule::ge => BinaryOp::Ge,
                Rule::eq => BinaryOp::Eq,
                Rule::ne => BinaryOp::Ne,
                Rule::and => BinaryOp::And,
                _ => BinaryOp::Or,
            };
            let l = lhs.loc.join(rhs.loc);
            Expr {
                kind: ExprKind::Binary(o, Box::new(lhs), Box::new(rhs)),
                loc: l,
            }
        })
        .parse(pair.into_inner())
}

fn rule_name(rule: &Rule) -> String {
    match rule {
        Rule::EOI => "end of input",
        Rule::item => "a `neuron`, `mass`, `coupling` or `synapse` item",
        Rule::item_kind => "`neuron`, `mass`, `coupling` or `synapse`",
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

fn syntax_error(e: pest::error::Error<Rule>) -> Diagnostic {
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
            if positives.contains(&Rule::parameters) && positives.contains(&Rule::equations) {
                return Diagnostic::new(l, "syntax error: expected a section or `}`")
                    .with_help("sections: `parameters`, `inputs`, `state`, `equations`, `functions`, `outputs`, `on <condition> { … }`, `refractory`, `method`, `schedule`, `preset`; a coupling has `parameters`, `edge` and `node`");
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
