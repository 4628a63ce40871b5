//! How network expressions read their variables in generated code: parameters as locals,
//! `i` as the neuron index, draws from `__cajal_draws`, columns of files from
//! `__cajal_columns`, and in delays the synapse's indices.

use cajal_lang::ir::{Network, Var};
use proc_macro2::TokenStream;
use quote::quote;

use crate::expr::VarTokens;
use crate::names::user;

/// Network expressions read parameters as locals, `i` as the neuron index and draws from
/// `__cajal_draws`.
pub(super) struct NetVars<'a>(pub(super) &'a Network);

impl VarTokens for NetVars<'_> {
    fn var(&self, v: Var) -> TokenStream {
        match v {
            Var::Param(k) => {
                let id = user(&self.0.params[k].name);
                quote!(#id)
            }
            Var::Index => quote!((__cajal_i as f64)),
            Var::Time => quote!(__cajal_t),
            Var::Pre => quote!((__cajal_pre as f64)),
            Var::Post => quote!((__cajal_post as f64)),
            Var::Random { normal, stream } => {
                if normal {
                    quote!(__cajal_draws.normal(#stream, __cajal_i))
                } else {
                    quote!(__cajal_draws.uniform(#stream, __cajal_i))
                }
            }
            Var::Column(k) => quote!(__cajal_columns[#k][__cajal_i]),
            other => unreachable!("the network checker admits no {other:?}"),
        }
    }

    fn delayed(&self, _: usize, _: TokenStream) -> TokenStream {
        unreachable!("the network checker admits no delayed values")
    }
}
