//! Preset constructors of an item's parameter struct, and the lookup of a preset by name.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use cajal_lang::ir::{Param, Preset, resolve_params};

use crate::docs::doc_attrs;
use crate::expr::number;
use crate::names::user;

/// `pub fn name() -> Self` for each of `presets` of an item with parameters `params`: the
/// values the preset states and the defaults derived from them.
pub fn preset_fns(params: &[Param], presets: &[Preset]) -> Vec<TokenStream> {
    presets
        .iter()
        .map(|pr| {
            let f = user(&pr.name);
            let values = resolve_params(params, &pr.values);
            let stated = |k: usize| pr.values.iter().any(|&(j, _)| j == k);
            let changed = values
                .iter()
                .enumerate()
                .filter(|&(k, v)| stated(k) || v.to_bits() != params[k].default.to_bits());
            let sets = changed.map(|(k, v)| {
                let id = user(&params[k].name);
                let v = number(*v);
                quote!(#id: #v)
            });
            let mut lines = pr.doc.clone();
            if lines.is_empty() {
                lines.push(format!("The `{}` preset.", pr.name));
            }
            let d = doc_attrs(&lines);
            quote! { #d pub fn #f() -> Self { Self { #(#sets,)* ..Self::default() } } }
        })
        .collect()
}

/// `pub fn preset(name: &str) -> Result<Self, Error>`: the preset constructor of that name.
pub fn preset_by_name(presets: &[Preset], rt: &TokenStream) -> TokenStream {
    let names: Vec<&str> = presets.iter().map(|p| p.name.as_str()).collect();
    let fns: Vec<Ident> = presets.iter().map(|p| user(&p.name)).collect();
    quote! {
        /// The preset of that name.
        pub fn preset(name: &str) -> ::core::result::Result<Self, #rt::__private::Error> {
            match name {
                #( #names => ::core::result::Result::Ok(Self::#fns()), )*
                _ => ::core::result::Result::Err(#rt::__private::Error::UnknownName {
                    kind: "preset",
                    name: name.into(),
                    available: ::std::vec![#( #names.into() ),*],
                }),
            }
        }
    }
}
