//! The parameter struct (documented defaults in the declared units, presets, validation),
//! and how generated loops bind the parameters of an instance.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use cajal_lang::ir::Model;

use super::Parts;
use crate::docs::doc_attrs;
use crate::expr::number;
use crate::names::{internal, tied, user};
use crate::presets::{derive_defaults_fn, preset_by_name, preset_fns};

/// `NameParams`: a struct of the parameters with their defaults, presets and validation.
pub(super) fn parameters(p: &Parts) -> TokenStream {
    let (m, rt, vis, ty_params, n_params, p_ids) =
        (p.m, p.rt, &p.vis, &p.ty_params, p.n_params, &p.p_ids);
    let p_docs = m.params.iter().map(|p| {
        let mut lines = p.doc.clone();
        lines.push(format!(
            "Unit: `{}`; default: {} {}.",
            p.unit.text, p.default, p.unit.text
        ));
        doc_attrs(&lines)
    });
    let p_defaults: Vec<TokenStream> = m.params.iter().map(|p| number(p.default)).collect();
    let p_names: Vec<&str> = m.params.iter().map(|p| p.name.as_str()).collect();
    let p_ks: Vec<usize> = (0..n_params).collect();
    let presets = preset_fns(&m.params, &m.presets);
    let preset_by_name = preset_by_name(&m.presets, rt);
    let derive_defaults = derive_defaults_fn(&m.params, &m.presets, rt);
    let doc_params = format!(
        " Parameters of [`{}`], in the units listed with each field.",
        m.name
    );
    quote! {
        #[doc = #doc_params]
        #[derive(Clone, Debug, PartialEq)]
        #[allow(non_snake_case)]
        #vis struct #ty_params {
            #( #p_docs pub #p_ids: f64, )*
        }

        #[automatically_derived]
        impl ::core::default::Default for #ty_params {
            fn default() -> Self {
                Self { #( #p_ids: #p_defaults, )* }
            }
        }

        #[allow(non_snake_case, unused_parens, unused_braces, clippy::all)]
        impl #ty_params {
            #(#presets)*

            #preset_by_name

            #derive_defaults

            /// The values in declaration order (the order of `INFO.params`).
            pub fn to_array(&self) -> [f64; #n_params] {
                [#(self.#p_ids),*]
            }

            /// Checks that every value is finite.
            pub fn validate(&self) -> ::core::result::Result<(), #rt::__private::Error> {
                #( if !self.#p_ids.is_finite() {
                    return ::core::result::Result::Err(#rt::__private::Error::NonFinite {
                        what: ::std::format!("parameter `{}`", #p_names),
                        value: self.#p_ids,
                    });
                } )*
                ::core::result::Result::Ok(())
            }

            #[doc(hidden)]
            #[inline(always)]
            pub fn __cajal_value(
                params: &Self,
                per_instance: &[::core::option::Option<::std::vec::Vec<f64>>; #n_params],
                k: usize,
                i: usize,
            ) -> f64 {
                match &per_instance[k] {
                    ::core::option::Option::Some(values) => values[i],
                    ::core::option::Option::None => match k {
                        #( #p_ks => params.#p_ids, )*
                        _ => ::core::f64::NAN,
                    },
                }
            }
        }
    }
}

/// Binds every parameter for instance `__cajal_i` from `params` / `per_instance`.
pub(super) fn bind_params_per_instance(m: &Model, ty_params: &Ident) -> TokenStream {
    let i = internal("i");
    let per = internal("per_instance");
    let binds = m.params.iter().enumerate().map(|(k, p)| {
        let id = user(&p.name);
        quote!(let #id = #ty_params::__cajal_value(__cajal_params, #per, #k, #i);)
    });
    quote!(#(#binds)*)
}

/// Binds each parameter's column before the per-instance loop (once any parameter is per
/// instance, every one is: see `__cajal_spread_shared`), each cut to the `n` instances so the
/// loop's reads need no bounds checks and it can vectorise.
pub(super) fn bind_param_columns(m: &Model) -> TokenStream {
    let n = internal("n");
    let per = internal("per_instance");
    let binds = m.params.iter().enumerate().map(|(k, p)| {
        let column = tied("column", &p.name);
        quote!(let #column: &[f64] = #per[#k].as_deref().map_or(&[][..], |v| &v[..#n]);)
    });
    quote!(#(#binds)*)
}

/// Binds every parameter for instance `__cajal_i` from the columns of `bind_param_columns`.
pub(super) fn bind_params_from_columns(m: &Model) -> TokenStream {
    let i = internal("i");
    let binds = m.params.iter().map(|p| {
        let id = user(&p.name);
        let column = tied("column", &p.name);
        quote!(let #id = #column[#i];)
    });
    quote!(#(#binds)*)
}
