//! Diagnostics → `compile_error!` at the offending tokens, plus stubs of the items so the
//! user sees the real error and not a cascade of "cannot find type" errors.

use proc_macro2::{Punct, Spacing, TokenStream, TokenTree};
use quote::quote;

use cajal_lang::Diagnostics;

use cajal_codegen::tokens::SpanTable;

/// One `compile_error!` per diagnostic, then a stub per item of the text.
pub fn to_compile_errors(diags: &Diagnostics, table: &SpanTable, text: &str) -> TokenStream {
    let mut out = TokenStream::new();
    for d in diags {
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

/// `pub struct Name;` for each item (`neuron`, `mass`, `synapse`, `coupling` or `network`)
/// the parser finds in `text`, even when its body has an error.
pub fn stubs(text: &str) -> TokenStream {
    let mut seen: Vec<String> = Vec::new();
    let mut out = TokenStream::new();
    for (_, name) in cajal_lang::parse::item_names(text) {
        if seen.contains(&name.name) || syn::parse_str::<syn::Ident>(&name.name).is_err() {
            continue;
        }
        let id = proc_macro2::Ident::new(&name.name, proc_macro2::Span::call_site());
        out.extend(quote!(#[allow(dead_code)] pub struct #id;));
        seen.push(name.name);
    }
    out
}
