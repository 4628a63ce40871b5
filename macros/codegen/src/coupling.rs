//! The items generated for a `coupling`: a parameter struct implementing the runtime's
//! `Coupling` trait (edge term, node term, and the linear coefficients when they exist).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use cajal_lang::display::expr_to_string;
use cajal_lang::ir::{Coupling, Var};

use crate::Options;
use crate::expr::{self, VarTokens};
use crate::flat_params::{FlatParams, flat_params};
use crate::names::{internal, user};

struct CouplingLocals<'a>(&'a Coupling);

impl VarTokens for CouplingLocals<'_> {
    fn var(&self, v: Var) -> TokenStream {
        let id = match v {
            Var::Param(i) => user(&self.0.params[i].name),
            Var::Pre => user("pre"),
            Var::Post => user("post"),
            Var::Total => user("total"),
            Var::State(k) => match &self.0.plasticity {
                Some(rule) => user(&rule.states[k].name),
                None => unreachable!("only a plastic coupling has states"),
            },
            Var::Weight => match &self.0.plasticity {
                Some(rule) => user(&rule.weight),
                None => unreachable!("only a plastic coupling reads its weight"),
            },
            Var::Input(_)
            | Var::Time
            | Var::Noise
            | Var::Index
            | Var::Trace(_)
            | Var::Random { .. }
            | Var::Column(_)
            | Var::Draw(_)
            | Var::Dt
            | Var::Signal(_) => {
                unreachable!(
                    "couplings read only parameters, pre, post, total, their weight and states"
                )
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

/// The name of a variable of coupling `c` (for its terms and equations as text).
fn name_of(c: &Coupling, v: Var) -> String {
    match (v, &c.plasticity) {
        (Var::Param(i), _) => c.params[i].name.clone(),
        (Var::Pre, _) => "pre".into(),
        (Var::Post, _) => "post".into(),
        (Var::State(k), Some(rule)) => rule.states[k].name.clone(),
        (Var::Weight, Some(rule)) => rule.weight.clone(),
        _ => "total".into(),
    }
}

/// The `Coupling` methods of the learning rule (zeros for a static coupling) and the
/// rule's `RuleInfo`.
fn rule_methods(c: &Coupling, bind: &TokenStream, rt: &TokenStream) -> (TokenStream, TokenStream) {
    let Some(rule) = &c.plasticity else {
        let methods = quote! {
            fn rule_init(&self, k: usize) -> f64 {
                0.0
            }
            fn rule_rate(&self, k: usize, post: f64, states: &[f64]) -> f64 {
                0.0
            }
            fn weight_rate(&self, w: f64, pre: f64, post: f64, states: &[f64]) -> f64 {
                0.0
            }
        };
        return (methods, quote!(::core::option::Option::None));
    };
    let locals = CouplingLocals(c);
    let names: Vec<Ident> = rule.states.iter().map(|s| user(&s.name)).collect();
    let ks: Vec<usize> = (0..names.len()).collect();
    let inits = rule
        .states
        .iter()
        .map(|s| expr::tokens(&s.init, &locals, rt));
    let rates = rule
        .states
        .iter()
        .map(|s| expr::tokens(&s.derivative, &locals, rt));
    let weight_rate = expr::tokens(&rule.weight_derivative, &locals, rt);
    let w = user(&rule.weight);
    let (k, states, weight) = (internal("k"), internal("states"), internal("w"));
    let methods = quote! {
        fn rule_init(&self, #k: usize) -> f64 {
            #bind
            match #k {
                #(#ks => #inits,)*
                _ => 0.0,
            }
        }
        fn rule_rate(&self, #k: usize, post: f64, #states: &[f64]) -> f64 {
            #bind
            #(let #names = #states[#ks];)*
            match #k {
                #(#ks => #rates,)*
                _ => 0.0,
            }
        }
        #[inline]
        fn weight_rate(&self, #weight: f64, pre: f64, post: f64, #states: &[f64]) -> f64 {
            #bind
            #(let #names = #states[#ks];)*
            let #w = #weight;
            #weight_rate
        }
    };
    let text = |e| expr_to_string(e, &|v| name_of(c, v));
    let weight_name = &rule.weight;
    let weight_text = text(&rule.weight_derivative);
    let state_infos = rule.states.iter().map(|s| {
        let (name, unit, doc) = (&s.name, &s.unit.text, s.doc.join("\n"));
        quote!(#rt::__private::VarInfo { name: #name, unit: #unit, doc: #doc })
    });
    let state_texts = rule.states.iter().map(|s| text(&s.derivative));
    let reads_post = cajal_lang::sym::contains(&rule.weight_derivative, Var::Post)
        || rule
            .states
            .iter()
            .any(|s| cajal_lang::sym::contains(&s.derivative, Var::Post));
    let info = quote! {
        ::core::option::Option::Some(#rt::__private::RuleInfo {
            weight: #weight_name,
            weight_rate: #weight_text,
            states: &[#(#state_infos),*],
            state_rates: &[#(#state_texts),*],
            reads_post: #reads_post,
        })
    };
    (methods, info)
}

pub fn expand_coupling(c: &Coupling, opts: &Options) -> TokenStream {
    let rt = &opts.runtime;
    let vis: TokenStream = c.vis.parse().unwrap_or_default();
    let name = Ident::new(&c.name, proc_macro2::Span::call_site());
    let FlatParams {
        fields,
        defaults,
        bind,
        infos: param_infos,
        set_param,
    } = flat_params(&c.params, "coupling", rt);
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
    let reads_post = cajal_lang::sym::contains(&c.edge, Var::Post);
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
    let source = &c.source;
    let unit_table = crate::unit_table::coupling_units(c, rt);
    let (rule_methods, rule_info) = rule_methods(c, &bind, rt);
    if let Some(rule) = &c.plasticity {
        let states: Vec<&str> = rule.states.iter().map(|s| s.name.as_str()).collect();
        doc.push(format!(
            " Plastic: d{}/dt = `{}` per ms, integrated by forward Euler every step{}.",
            rule.weight,
            expr_to_string(&rule.weight_derivative, &|v| name_of(c, v)),
            if states.is_empty() {
                String::new()
            } else {
                format!(", with per-target states {}", states.join(", "))
            }
        ));
    }
    quote! {
        #(#[doc = #doc])*
        #[derive(Clone, Debug, PartialEq)]
        #[allow(non_snake_case)]
        #vis struct #name {
            #fields
        }

        #[automatically_derived]
        impl ::core::default::Default for #name {
            fn default() -> Self {
                Self { #defaults }
            }
        }

        #[allow(non_snake_case, unused_parens, unused_braces, clippy::all)]
        impl #name {
            #unit_table

            /// Names and documentation of this coupling.
            pub const INFO: #rt::__private::CouplingInfo = #rt::__private::CouplingInfo {
                name: #c_name,
                doc: #doc_text,
                params: &[#(#param_infos),*],
                edge: #edge_text,
                node: #node_text,
                linear: #is_linear,
                reads_post: #reads_post,
                rule: #rule_info,
                source: #source,
            };
        }

        #[automatically_derived]
        #[allow(non_snake_case, unused_variables, unused_mut, unused_assignments, unused_parens, unused_braces, clippy::all)]
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
                #set_param
            }

            #rule_methods
        }
    }
}
