//! The items generated for a `coupling`: a parameter struct implementing the runtime's
//! `Coupling` trait (edge term, node term, and the linear coefficients when they exist).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use cajal_lang::display::expr_to_string;
use cajal_lang::ir::{Coupling, Var};

use crate::Options;
use crate::expr::{self, VarTokens, number};
use crate::names::user;

struct CouplingLocals<'a>(&'a Coupling);

impl VarTokens for CouplingLocals<'_> {
    fn var(&self, v: Var) -> TokenStream {
        let id = match v {
            Var::Param(i) => user(&self.0.params[i].name),
            Var::Pre => user("pre"),
            Var::Post => user("post"),
            Var::Total => user("total"),
            Var::State(_) | Var::Input(_) | Var::Time | Var::Noise => {
                unreachable!("couplings read only parameters, pre, post and total")
            }
        };
        quote!(#id)
    }

    fn delayed(&self, _state: usize, _delay: TokenStream) -> TokenStream {
        Self::unused()
    }
}

impl CouplingLocals<'_> {
    fn unused() -> TokenStream {
        unreachable!("couplings have no state to delay")
    }
}

fn name_of(c: &Coupling, v: Var) -> String {
    match v {
        Var::Param(i) => c.params[i].name.clone(),
        Var::Pre => "pre".into(),
        Var::Post => "post".into(),
        _ => "total".into(),
    }
}

pub fn expand_coupling(c: &Coupling, opts: &Options) -> TokenStream {
    let rt = &opts.runtime;
    let vis: TokenStream = c.vis.parse().unwrap_or_default();
    let name = Ident::new(&c.name, proc_macro2::Span::call_site());
    let p_ids: Vec<Ident> = c.params.iter().map(|p| user(&p.name)).collect();
    let p_defaults: Vec<TokenStream> = c.params.iter().map(|p| number(p.default)).collect();
    let p_docs = c.params.iter().map(|p| {
        let mut lines: Vec<String> = p.doc.iter().map(|l| format!(" {l}")).collect();
        lines.push(format!(
            " Unit: `{}`; default: {} {}.",
            p.unit.text, p.default, p.unit.text
        ));
        quote!(#(#[doc = #lines])*)
    });
    let p_ks: Vec<usize> = (0..c.params.len()).collect();
    let p_names: Vec<&str> = c.params.iter().map(|p| p.name.as_str()).collect();
    let bind = quote!(#(let #p_ids = self.#p_ids;)*);
    let locals = CouplingLocals(c);
    let edge = expr::tokens(&c.edge, &locals, rt);
    let node = expr::tokens(&c.node, &locals, rt);
    let linear = match &c.linear {
        Some((a, b, k)) => {
            let (a, b, k) = (
                expr::tokens(a, &locals, rt),
                expr::tokens(b, &locals, rt),
                expr::tokens(k, &locals, rt),
            );
            quote!(::core::option::Option::Some([#a, #b, #k]))
        }
        None => quote!(::core::option::Option::None),
    };
    let is_linear = c.linear.is_some();
    let edge_text = expr_to_string(&c.edge, &|v| name_of(c, v));
    let node_text = expr_to_string(&c.node, &|v| name_of(c, v));
    let mut doc: Vec<String> = c.doc.iter().map(|l| format!(" {l}")).collect();
    if !doc.is_empty() {
        doc.push(String::new());
    }
    doc.push(format!(" c_i = node(Σ_j W_ij · edge(x_j(t − d_ij), x_i)) with edge = `{edge_text}`, node = `{node_text}`."));
    doc.push(if is_linear {
        " The edge term is linear: the weighted sum runs as a matrix–vector product.".to_string()
    } else {
        " The edge term is nonlinear: it is evaluated per edge.".to_string()
    });
    let doc_text = c.doc.join("\n");
    let c_name = &c.name;
    let param_infos = c.params.iter().map(|p| {
        let (n, u, d, doc) = (&p.name, &p.unit.text, number(p.default), p.doc.join("\n"));
        quote!(#rt::__private::ParamInfo { name: #n, unit: #u, default: #d, doc: #doc })
    });
    quote! {
        #(#[doc = #doc])*
        #[derive(Clone, Debug, PartialEq)]
        #[allow(non_snake_case)]
        #vis struct #name {
            #( #p_docs pub #p_ids: f64, )*
        }

        #[automatically_derived]
        impl ::core::default::Default for #name {
            fn default() -> Self {
                Self { #( #p_ids: #p_defaults, )* }
            }
        }

        #[allow(non_snake_case, clippy::all)]
        impl #name {
            /// Names and documentation of this coupling.
            pub const INFO: #rt::__private::CouplingInfo = #rt::__private::CouplingInfo {
                name: #c_name,
                doc: #doc_text,
                params: &[#(#param_infos),*],
                edge: #edge_text,
                node: #node_text,
                linear: #is_linear,
            };
        }

        #[automatically_derived]
        #[allow(non_snake_case, unused_variables, clippy::all)]
        impl #rt::__private::Coupling for #name {
            fn info(&self) -> &'static #rt::__private::CouplingInfo {
                &Self::INFO
            }

            #[inline]
            fn edge(&self, pre: f64, post: f64) -> f64 {
                #bind
                #edge
            }

            #[inline]
            fn node(&self, total: f64) -> f64 {
                #bind
                #node
            }

            fn linear(&self) -> ::core::option::Option<[f64; 3]> {
                #bind
                #linear
            }

            fn set_param(&mut self, k: usize, value: f64) -> ::core::result::Result<(), #rt::__private::Error> {
                if !value.is_finite() {
                    return ::core::result::Result::Err(#rt::__private::Error::NonFinite {
                        what: ::std::format!("coupling parameter `{}`", [#(#p_names),*].get(k).copied().unwrap_or("?")),
                        value,
                    });
                }
                match k {
                    #( #p_ks => self.#p_ids = value, )*
                    _ => return ::core::result::Result::Err(#rt::__private::Error::UnknownName {
                        kind: "coupling parameter index",
                        name: k.to_string(),
                        available: ::std::vec![#( #p_names.to_string() ),*],
                    }),
                }
                ::core::result::Result::Ok(())
            }
        }
    }
}
