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

/// `pub struct Name;` for each `neuron Name` / `mass Name` in the text.
fn stubs(text: &str) -> TokenStream {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = TokenStream::new();
    for w in words.windows(3) {
        let vis_pub = w[0] == "pub";
        let (kind, name) = if vis_pub { (w[1], w[2]) } else { (w[0], w[1]) };
        if matches!(kind, "neuron" | "mass" | "coupling")
            && syn::parse_str::<syn::Ident>(name).is_ok()
        {
            let id = proc_macro2::Ident::new(name, proc_macro2::Span::call_site());
            if !out.to_string().contains(&format!("struct {name} ")) {
                out.extend(quote!(#[allow(dead_code)] pub struct #id;));
            }
        }
    }
    out
}
