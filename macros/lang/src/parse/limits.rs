//! Size and depth limits, checked before the recursive parts of the compiler run, so that no
//! input can overflow the stack: the text is scanned (size, bracket nesting, `else if`
//! chains, runs of operators) before the grammar sees it, and every expression's operator
//! count is checked on the flat token list before it is turned into a tree.

use pest::iterators::Pairs;

use super::Rule;
use crate::diag::{Diagnostic, Loc};

/// Largest model text (bytes).
pub const MAX_TEXT_BYTES: usize = 4 << 20;
/// Deepest nesting of `(`, `[` and `{`.
pub const MAX_NESTING: usize = 64;
/// Longest `if … else if …` chain.
pub const MAX_IF_CHAIN: usize = 256;
/// Longest run of operator characters (`- - - x`, `!!!!b`).
pub const MAX_OPERATOR_RUN: usize = 64;
/// Most operators, calls and conditionals in one expression (nested ones included).
pub const MAX_EXPRESSION_TERMS: usize = 250;

/// Checks the raw text: its size, bracket nesting, `else if` chains and operator runs.
pub(super) fn check_text(text: &str) -> Result<(), Diagnostic> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(Diagnostic::new(
            Loc::new(0, 0),
            format!(
                "the model text is {} bytes; the limit is {} MiB",
                text.len(),
                MAX_TEXT_BYTES >> 20
            ),
        ));
    }
    let bytes = text.as_bytes();
    // For each open bracket: the `if` chain length at that depth.
    let mut chains: Vec<usize> = vec![0];
    let mut open = 0usize;
    let mut run = (0usize, 0usize);
    let mut after_else = false;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if bytes[i..].starts_with(b"//") {
            i += bytes[i..]
                .iter()
                .position(|&b| b == b'\n')
                .unwrap_or(bytes.len() - i);
            continue;
        }
        if bytes[i..].starts_with(b"/*") {
            i += bytes[i + 2..]
                .windows(2)
                .position(|w| w == b"*/")
                .map_or(bytes.len() - i, |p| p + 4);
            continue;
        }
        let operator = b"+-*/^<>=!&|".contains(&c);
        if operator {
            if run.0 == 0 {
                run.1 = start;
            }
            run.0 += 1;
            if run.0 > MAX_OPERATOR_RUN {
                return Err(Diagnostic::new(
                    Loc::new(run.1, i + 1),
                    format!("more than {MAX_OPERATOR_RUN} operators in a row"),
                )
                .with_help("write the expression without the repeated signs"));
            }
            after_else = false;
            i += 1;
            continue;
        }
        run.0 = 0;
        match c {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                after_else = false;
            }
            b'(' | b'[' | b'{' => {
                open += 1;
                if open > MAX_NESTING {
                    return Err(Diagnostic::new(
                        Loc::new(start, start + 1),
                        format!("brackets nested more than {MAX_NESTING} deep"),
                    )
                    .with_help("split the expression with `functions { fn part(x) = … }`"));
                }
                chains.push(0);
                after_else = false;
                i += 1;
            }
            b')' | b']' | b'}' => {
                if open > 0 {
                    open -= 1;
                    chains.pop();
                }
                after_else = false;
                i += 1;
            }
            c if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 => {
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] >= 0x80)
                {
                    i += 1;
                }
                let word = &bytes[start..i];
                let chain = chains
                    .last_mut()
                    .expect("the outermost level is never popped");
                if word == b"if" {
                    *chain = if after_else { *chain + 1 } else { 1 };
                    if *chain > MAX_IF_CHAIN {
                        return Err(Diagnostic::new(
                            Loc::new(start, i),
                            format!("an `if … else if` chain longer than {MAX_IF_CHAIN} branches"),
                        )
                        .with_help(
                            "look the value up with a function of the index, or split the chain",
                        ));
                    }
                }
                after_else = word == b"else";
            }
            _ => {
                after_else = false;
                i += 1;
            }
        }
    }
    Ok(())
}

/// Checks that no expression (counting the expressions nested in it) has more than
/// [`MAX_EXPRESSION_TERMS`] operators, calls and conditionals, on the parser's flat token
/// list (no recursion).
pub(super) fn check_expressions(pairs: &Pairs<Rule>) -> Result<(), Diagnostic> {
    let mut outer_end = 0;
    for pair in pairs.clone().flatten() {
        if pair.as_rule() != Rule::expr || pair.as_span().start() < outer_end {
            continue;
        }
        let span = pair.as_span();
        outer_end = span.end();
        let terms = pair
            .into_inner()
            .flatten()
            .filter(|p| {
                matches!(
                    p.as_rule(),
                    Rule::or
                        | Rule::and
                        | Rule::le
                        | Rule::ge
                        | Rule::eq
                        | Rule::ne
                        | Rule::lt
                        | Rule::gt
                        | Rule::add
                        | Rule::sub
                        | Rule::mul
                        | Rule::div
                        | Rule::pow
                        | Rule::neg
                        | Rule::not
                        | Rule::call
                        | Rule::if_expr
                )
            })
            .count();
        if terms > MAX_EXPRESSION_TERMS {
            return Err(Diagnostic::new(
                Loc::new(span.start(), span.end()),
                format!(
                    "this expression has {terms} operators, calls and conditionals; the limit is {MAX_EXPRESSION_TERMS}"
                ),
            )
            .with_help("split it into functions (`functions { fn part(x) = … }`) or outputs"));
        }
    }
    Ok(())
}
