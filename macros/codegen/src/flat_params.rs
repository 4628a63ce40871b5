//! Parameter structs of items whose parameters are shared by every instance (couplings and
//! synapses): documented public fields with defaults, metadata, and `set_param` by index.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use cajal_lang::ir::Param;

use crate::expr::number;
use crate::names::user;

/// The generated pieces for a list of parameters.
pub struct FlatParams {
    /// `pub tau: f64,` fields with their documentation.
    pub fields: TokenStream,
    /// `tau: 5.0,` initialisers with the defaults.
    pub defaults: TokenStream,
    /// `let tau = self.tau;` for every parameter.
    pub bind: TokenStream,
    /// `ParamInfo { … }` entries.
    pub infos: Vec<TokenStream>,
    /// The body of `fn set_param(&mut self, k: usize, value: f64) -> Result<(), Error>`.
    pub set_param: TokenStream,
}

/// Generates the parameter pieces of item `what` (e.g. "coupling", "synapse").
pub fn flat_params(params: &[Param], what: &str, rt: &TokenStream) -> FlatParams {
    let ids: Vec<Ident> = params.iter().map(|p| user(&p.name)).collect();
    let defaults: Vec<TokenStream> = params.iter().map(|p| number(p.default)).collect();
    let docs = params.iter().map(|p| {
        let mut lines: Vec<String> = p.doc.iter().map(|l| format!(" {l}")).collect();
        lines.push(format!(
            " Unit: `{}`; default: {} {}.",
            p.unit.text, p.default, p.unit.text
        ));
        quote!(#(#[doc = #lines])*)
    });
    let ks: Vec<usize> = (0..params.len()).collect();
    let names: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
    let infos = params
        .iter()
        .map(|p| {
            let (n, u, d, doc) = (&p.name, &p.unit.text, number(p.default), p.doc.join("\n"));
            quote!(#rt::__private::ParamInfo { name: #n, unit: #u, default: #d, doc: #doc })
        })
        .collect();
    let non_finite = format!("{what} parameter `{{}}`");
    let index_kind = format!("{what} parameter index");
    FlatParams {
        fields: quote!(#( #docs pub #ids: f64, )*),
        defaults: quote!(#( #ids: #defaults, )*),
        bind: quote!(#(let #ids = self.#ids;)*),
        infos,
        set_param: quote! {
            if !value.is_finite() {
                return ::core::result::Result::Err(#rt::__private::Error::NonFinite {
                    what: ::std::format!(#non_finite, [#(#names),*].get(k).copied().unwrap_or("?")),
                    value,
                });
            }
            match k {
                #( #ks => {
                    self.#ids = value;
                    ::core::result::Result::Ok(())
                } )*
                _ => ::core::result::Result::Err(#rt::__private::Error::UnknownName {
                    kind: #index_kind,
                    name: k.to_string(),
                    available: ::std::vec![#( #names.to_string() ),*],
                }),
            }
        },
    }
}
