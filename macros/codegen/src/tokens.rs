//! Macro tokens → model text (the same text a `.cajal` file would hold), recording which byte range each token became so that a
//! diagnostic on the text can be put back on the right tokens.

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use std::ops::Range;

/// (byte range in the text, span of the token that produced it), in text order.
#[derive(Debug)]
pub struct SpanTable {
    entries: Vec<(Range<usize>, Span)>,
}

impl SpanTable {
    /// First and last token touched by the byte range; an empty range picks the token at
    /// or after it, and the end of the text picks the last token.
    pub fn span_range(&self, range: Range<usize>) -> (Span, Span) {
        let fallback = self.entries.last().map_or(Span::call_site(), |(_, s)| *s);
        let touching: Vec<&(Range<usize>, Span)> = if range.is_empty() {
            self.entries
                .iter()
                .filter(|(r, _)| r.end > range.start)
                .take(1)
                .collect()
        } else {
            self.entries
                .iter()
                .filter(|(r, _)| r.start < range.end && r.end > range.start)
                .collect()
        };
        match (touching.first(), touching.last()) {
            (Some(a), Some(b)) => (a.1, b.1),
            _ => (fallback, fallback),
        }
    }
}

/// Splits off a leading `#![runtime = path]` option.
pub fn split_runtime_option(input: TokenStream) -> syn::Result<(Option<TokenStream>, TokenStream)> {
    let trees: Vec<TokenTree> = input.into_iter().collect();
    let is_option = matches!(
        (trees.first(), trees.get(1), trees.get(2)),
        (Some(TokenTree::Punct(p)), Some(TokenTree::Punct(q)), Some(TokenTree::Group(g)))
            if p.as_char() == '#' && q.as_char() == '!' && g.delimiter() == Delimiter::Bracket
    );
    if !is_option {
        return Ok((None, trees.into_iter().collect()));
    }
    let TokenTree::Group(g) = &trees[2] else {
        unreachable!("checked above")
    };
    let inner: Vec<TokenTree> = g.stream().into_iter().collect();
    let ok = matches!(
        (inner.first(), inner.get(1)),
        (Some(TokenTree::Ident(k)), Some(TokenTree::Punct(eq))) if k == "runtime" && eq.as_char() == '='
    );
    if !ok || inner.len() < 3 {
        return Err(syn::Error::new(
            g.span(),
            "expected `#![runtime = path::to::runtime]`",
        ));
    }
    let path: TokenStream = inner[2..].iter().cloned().collect();
    Ok((Some(path), trees[3..].iter().cloned().collect()))
}

/// Writes the tokens as text (a space after each token unless it is a joint punctuation).
pub fn flatten(input: TokenStream) -> (String, SpanTable) {
    let mut text = String::new();
    let mut entries = Vec::new();
    walk(input, &mut text, &mut entries);
    (text, SpanTable { entries })
}

fn push(
    text: &mut String,
    entries: &mut Vec<(Range<usize>, Span)>,
    s: &str,
    span: Span,
    glue: bool,
) {
    let start = text.len();
    text.push_str(s);
    entries.push((start..text.len(), span));
    if !glue {
        text.push(' ');
    }
}

fn walk(input: TokenStream, text: &mut String, entries: &mut Vec<(Range<usize>, Span)>) {
    for tt in input {
        match tt {
            TokenTree::Group(g) => {
                let (open, close) = match g.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::None => ("", ""),
                };
                if !open.is_empty() {
                    push(text, entries, open, g.span_open(), false);
                }
                walk(g.stream(), text, entries);
                if !close.is_empty() {
                    push(text, entries, close, g.span_close(), false);
                }
            }
            TokenTree::Punct(p) => {
                let joint = p.spacing() == proc_macro2::Spacing::Joint;
                push(text, entries, &p.as_char().to_string(), p.span(), joint);
            }
            TokenTree::Ident(i) => push(text, entries, &i.to_string(), i.span(), false),
            TokenTree::Literal(l) => push(text, entries, &l.to_string(), l.span(), false),
        }
    }
}
