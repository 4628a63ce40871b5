//! Text → syntax tree, with the pest grammar in `grammar.pest`.

use std::sync::LazyLock;

use pest::Parser as _;
use pest::iterators::Pair;
use pest::pratt_parser::{Assoc, Op, PrattParser};

use crate::ast::*;
use crate::diag::{Diagnostics, Loc};

mod grammar {
    #![allow(missing_docs)]
    #[derive(pest_derive::Parser)]
    #[grammar = "grammar.pest"]
    pub(super) struct Grammar;
}
use grammar::{Grammar, Rule};

mod errors;
mod items;
pub mod limits;
mod network;
mod sections;

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
    limits::check_text(text)?;
    let mut pairs = Grammar::parse(Rule::file, text)
        .map_err(|e| Diagnostics::from(errors::syntax_error(e, text)))?;
    limits::check_expressions(&pairs)?;
    let file = pairs.next().expect("the file rule always yields one pair");
    let items = file.into_inner().filter_map(items::item).collect();
    Ok(File { items })
}

/// The keyword and name of every item in `text`: from the syntax tree when the text parses,
/// else from the item headers that precede the first unbalanced brace.
pub fn item_names(text: &str) -> Vec<(&'static str, Ident)> {
    if let Ok(file) = parse(text) {
        return file
            .items
            .iter()
            .map(|i| (i.keyword(), i.header().name.clone()))
            .collect();
    }
    outline(text)
}

/// The keyword and name of each item header in `text`, read with the `outline` rule (bodies
/// skipped with their braces balanced), up to the first item whose braces do not balance.
fn outline(text: &str) -> Vec<(&'static str, Ident)> {
    if limits::check_text(text).is_err() {
        return Vec::new();
    }
    let Ok(mut pairs) = Grammar::parse(Rule::outline, text) else {
        return Vec::new();
    };
    let Some(outline) = pairs.next() else {
        return Vec::new();
    };
    let mut names = Vec::new();
    for item in outline.into_inner() {
        let mut keyword = "";
        for p in item.into_inner() {
            match p.as_rule() {
                Rule::model_kind if p.as_str() == "mass" => keyword = "mass",
                Rule::model_kind => keyword = "neuron",
                Rule::synapse_kw => keyword = "synapse",
                Rule::coupling_kw => keyword = "coupling",
                Rule::network_kw => keyword = "network",
                Rule::ident => names.push((keyword, ident(p))),
                _ => {}
            }
        }
    }
    names
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

/// Text in quotes as [`ExprKind::Text`], or an expression.
pub(crate) fn text_or_expr(pair: Pair<Rule>) -> Expr {
    if pair.as_rule() != Rule::string {
        return expr(pair);
    }
    let quoted = pair.as_str();
    Expr {
        loc: loc(&pair),
        kind: ExprKind::Text(unescape(&quoted[1..quoted.len() - 1])),
    }
}

/// The text of a Rust string literal's body: `\n`, `\r`, `\t`, `\0`, `\xNN` and `\u{…}`
/// escapes (the compiler writes combining characters of doc comments as `\u{308}`).
pub(crate) fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('0') => out.push('\0'),
            Some('x') => {
                let hex: String = chars.by_ref().take(2).collect();
                out.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
            }
            Some('u') => {
                let code: String = chars
                    .by_ref()
                    .skip_while(|c| *c == '{')
                    .take_while(|c| *c != '}')
                    .collect();
                out.extend(u32::from_str_radix(&code, 16).ok().and_then(char::from_u32));
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
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
            ExprKind::Call(f, inner.map(text_or_expr).collect())
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
