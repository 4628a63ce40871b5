//! Diagnostics → `compile_error!` at the offending tokens, plus stubs of the models so the
//! user sees the real error and not a cascade of "cannot find type" errors.

use proc_macro2::{Punct, Spacing, TokenStream, TokenTree};
use quote::quote;

use cajal_lang::Diagnostics;

use cajal_codegen::tokens::SpanTable;

/// One `compile_error!` per diagnostic, then a stub per model item name found in the text.
pub fn to_compile_errors(diags: &Diagnostics, table: &SpanTable, text: &str) -> TokenStream {
    let mut out = TokenStream::new();
    for d in &diags.0 {
        let (first, last) = table.span_range(d.loc.range());
        let carrier: TokenStream = [first, last]
            .into_iter()
            .map(|span| {
                let mut p = Punct::new('.', Spacing::Alone);
                p.set_span(span);
                TokenTree::Punct(p)
            })
            .collect();
        out.extend(syn::Error::new_spanned(carrier, d.full_message()).to_compile_error());
    }
    out.extend(stubs(text));
    out
}

/// `pub struct Name;` for each `neuron`, `mass`, `coupling` or `synapse` item in the text.
fn stubs(text: &str) -> TokenStream {
    let code = without_strings(text);
    let words: Vec<&str> = code.split_whitespace().collect();
    let mut names = Vec::new();
    for w in words.windows(2) {
        if matches!(w[0], "neuron" | "mass" | "coupling" | "synapse")
            && syn::parse_str::<syn::Ident>(w[1]).is_ok()
            && !names.contains(&w[1])
        {
            names.push(w[1]);
        }
    }
    names
        .into_iter()
        .map(|name| {
            let id = proc_macro2::Ident::new(name, proc_macro2::Span::call_site());
            quote!(#[allow(dead_code)] pub struct #id;)
        })
        .collect()
}

/// The text with string literals (doc comments) blanked out.
fn without_strings(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in text.chars() {
        if in_string {
            match (escaped, c) {
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => escaped = false,
            }
            out.push(' ');
        } else {
            in_string = c == '"';
            out.push(if in_string { ' ' } else { c });
        }
    }
    out
}
