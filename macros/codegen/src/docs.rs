//! Doc attributes for generated items.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = " line"]` for each line.
pub(crate) fn doc_attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|l| format!(" {l}"));
    quote!(#(#[doc = #lines])*)
}

/// The lines as one text (for metadata strings).
pub(crate) fn joined(lines: &[String]) -> String {
    lines.join("\n")
}
