//! Preset constructors of an item's parameter struct, and the lookup of a preset by name.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use cajal_lang::ir::{Param, Preset, Var, resolve_params};

use crate::docs::doc_attrs;
use crate::expr::{self, VarTokens, number};
use crate::names::user;

/// Parameters read as fields of `self` (a parameter struct's method).
struct SelfFields<'a>(&'a [Param]);

impl VarTokens for SelfFields<'_> {
    fn var(&self, v: Var) -> TokenStream {
        match v {
            Var::Param(j) => {
                let id = user(&self.0[j].name);
                quote!(self.#id)
            }
            _ => unreachable!("a derived default reads only parameters"),
        }
    }

    fn delayed(&self, _: usize, _: TokenStream) -> TokenStream {
        unreachable!("a derived default reads only parameters")
    }
}

/// `pub fn derive_defaults(&mut self, preset, set)`: recomputes, in declaration order, every
/// parameter whose default derives from others (`V_cut = V_T + 5*Delta_T`) unless the preset
/// of that name states it or `set` names it — what a network does after its settings, as
/// the interpreter and `--set` do.
pub fn derive_defaults_fn(params: &[Param], presets: &[Preset], rt: &TokenStream) -> TokenStream {
    let derived = params.iter().filter_map(|p| {
        let e = p.derived.as_ref()?;
        let (id, name) = (user(&p.name), p.name.as_str());
        let value = expr::tokens(e, &SelfFields(params), rt);
        Some(quote!(if !stated(#name) { self.#id = #value; }))
    });
    let preset_names: Vec<&str> = presets.iter().map(|p| p.name.as_str()).collect();
    let stated_by: Vec<Vec<&str>> = presets
        .iter()
        .map(|p| {
            p.values
                .iter()
                .map(|&(k, _)| params[k].name.as_str())
                .collect()
        })
        .collect();
    quote! {
        /// Recomputes the parameters whose defaults derive from others (in declaration
        /// order), except those the preset `preset` states and those named in `set`.
        pub fn derive_defaults(&mut self, preset: ::core::option::Option<&str>, set: &[&str]) {
            let stated = |name: &str| {
                set.contains(&name)
                    || match preset {
                        #( ::core::option::Option::Some(#preset_names) => [#(#stated_by),*].contains(&name), )*
                        _ => false,
                    }
            };
            let _ = &stated;
            #(#derived)*
        }
    }
}

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
