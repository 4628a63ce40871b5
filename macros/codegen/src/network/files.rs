//! What a network reads from files when it is built: the directory file names are relative
//! to, and the columns of per-neuron values (`column("file.csv", k)`), read once and checked
//! against each population's size.

use cajal_lang::ir::{Network, Quantity, Var};
use cajal_lang::sym;
use proc_macro2::TokenStream;
use quote::quote;

use super::Gen;

/// The directory that the item's file names are relative to: the options' directory under
/// the compiled crate's root, found when the crate is compiled.
pub(super) fn base_dir(g: &Gen) -> TokenStream {
    let dir = &g.opts.files_dir;
    quote!(::std::path::Path::new(::core::env!("CARGO_MANIFEST_DIR")).join(#dir))
}

/// `let __cajal_columns = …;`: every column the network's values read, in order (shared by
/// the closures of timed drives).
pub(super) fn read_columns(g: &Gen, net: &Network) -> TokenStream {
    if net.columns.is_empty() {
        return TokenStream::new();
    }
    let rt = &g.opts.runtime;
    let base = base_dir(g);
    let reads = net.columns.iter().map(|c| {
        let (path, column) = (&c.path, c.column);
        quote!(#rt::io::read_column(&__cajal_base.join(#path), #column)?)
    });
    quote! {
        let __cajal_columns: ::std::sync::Arc<::std::vec::Vec<::std::vec::Vec<f64>>> = {
            let __cajal_base = #base;
            ::std::sync::Arc::new(::std::vec![#(#reads),*])
        };
    }
}

/// Checks that each column `values` read has a value for each of `size` neurons of
/// population `name`.
pub(super) fn check_columns<'a>(
    g: &Gen,
    values: impl IntoIterator<Item = &'a Quantity>,
    size: &proc_macro2::Ident,
    name: &str,
) -> TokenStream {
    let rt = &g.opts.runtime;
    let mut used: Vec<usize> = Vec::new();
    for q in values {
        for k in 0..g.net.columns.len() {
            if !used.contains(&k) && sym::contains(&q.expr, Var::Column(k)) {
                used.push(k);
            }
        }
    }
    let checks = used.iter().map(|&k| {
        let path = &g.net.columns[k].path;
        quote!(#rt::io::check_column(&__cajal_columns[#k], #size, #path, #name)?;)
    });
    quote!(#(#checks)*)
}
