//! The items generated for a `synapse`: a parameter struct implementing the runtime's
//! `Synapse` trait (summed-state integration, jumps per unit weight, injected values).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use cajal_lang::ir::{JumpTarget, Schedule, Synapse};

use crate::Options;
use crate::expr::{self, Hoisting, number};
use crate::flat_params::{FlatParams, flat_params};
use crate::names::{input_slots, internal, state_slots, tied, user};
use crate::presets::preset_fns;
use crate::step::{Locals, integrate};

/// `out[k] = Σ jumps onto target k` for the state (or post) variables.
fn jump_body(
    s: &Synapse,
    n: usize,
    pick: impl Fn(JumpTarget) -> Option<usize>,
    rt: &TokenStream,
) -> TokenStream {
    let locals = Locals(&s.dynamics);
    let zero = number(0.0);
    let mut sums: Vec<Option<TokenStream>> = vec![None; n];
    for j in &s.on_pre {
        if let Some(k) = pick(j.target) {
            let c = expr::tokens(&j.per_weight, &locals, rt);
            sums[k] = Some(match sums[k].take() {
                None => c,
                Some(prev) => quote!(#prev + #c),
            });
        }
    }
    let sets = sums.iter().enumerate().map(|(k, sum)| {
        let v = sum.clone().unwrap_or_else(|| zero.clone());
        quote!(out[#k] = #v;)
    });
    quote!(#(#sets)*)
}

pub fn expand_synapse(s: &Synapse, opts: &Options) -> TokenStream {
    let rt = &opts.runtime;
    let m = &s.dynamics;
    let vis: TokenStream = m.vis.parse().unwrap_or_default();
    let name = Ident::new(&m.name, proc_macro2::Span::call_site());
    let FlatParams {
        fields,
        defaults,
        bind,
        infos: param_infos,
        set_param,
    } = flat_params(&m.params, "synapse", rt);
    let locals = Locals(m);
    let n = internal("n");
    let presets = preset_fns(&m.params, &m.presets);
    let unit_table = crate::unit_table::synapse_units(s, rt);
    let plastic_methods = crate::plasticity::plastic_methods(s, &bind, rt);
    let var_info = |(n, u, d): (&String, &String, String)| quote!(#rt::__private::VarInfo { name: #n, unit: #u, doc: #d });
    let trace_scopes = crate::plasticity::trace_scopes(s, rt);
    let (plastic, trace_infos, continuous_infos, weight_equation) = match &s.plasticity {
        None => (false, Vec::new(), Vec::new(), false),
        Some(p) => (
            true,
            p.traces
                .iter()
                .map(|t| var_info((&t.name, &t.unit.text, t.doc.join("\n"))))
                .collect(),
            p.continuous
                .iter()
                .map(|c| var_info((&c.name, &c.unit.text, c.doc.join("\n"))))
                .collect(),
            p.weight_derivative.is_some(),
        ),
    };

    // ---- summed state ----
    let xs: Vec<Ident> = m.states.iter().map(|v| user(&v.name)).collect();
    let slots = state_slots(m);
    let inits = m.states.iter().map(|v| expr::tokens(&v.init, &locals, rt));
    let ks: Vec<usize> = (0..m.states.len()).collect();
    // Inside the loops over target neurons parameters are invariant: values that read only
    // parameters are computed once per call.
    let advance_hoisting = Hoisting::new(&locals);
    let advance_integrate = integrate(m, &advance_hoisting, m.method, rt);
    let advance_invariants = advance_hoisting.lets();
    let inject_hoisting = Hoisting::new(&locals);
    let (dt, rest) = (internal("dt"), internal("rest"));
    let split_mut = quote! {
        let #rest = state;
        #(let (#slots, #rest) = #rest.split_at_mut(#n);)*
        #(let #slots = &mut #slots[..#n];)*
        let _ = #rest;
    };

    // ---- injected values ----
    let post_ids: Vec<Ident> = m.inputs.iter().map(|v| user(&v.name)).collect();
    let post_slots = input_slots(m);
    let post_ks: Vec<usize> = (0..m.inputs.len()).collect();
    let out_ids: Vec<Ident> = (0..m.outputs.len())
        .map(|k| internal(&format!("out{k}")))
        .collect();
    let inject_value_tokens: Vec<TokenStream> = m
        .outputs
        .iter()
        .map(|o| expr::tokens(&o.expr, &inject_hoisting, rt))
        .collect();
    let scales: Vec<Ident> = m.outputs.iter().map(|o| tied("scale", &o.name)).collect();
    let bases: Vec<Ident> = m.outputs.iter().map(|o| tied("base", &o.name)).collect();
    let added_values = inject_value_tokens
        .iter()
        .zip(&out_ids)
        .zip(&scales)
        .map(|((value, out), scale)| quote!(#out[__cajal_j] += #value * #scale;));
    let set_values = inject_value_tokens
        .iter()
        .zip(&out_ids)
        .zip(&scales)
        .zip(&bases)
        .map(|(((value, out), scale), base)| quote!(#out[__cajal_j] = #base + #value * #scale;));
    let inject_integrate = integrate(m, &inject_hoisting, m.method, rt);
    let inject_invariants = inject_hoisting.lets();
    let state_jump = jump_body(
        s,
        m.states.len(),
        |t| match t {
            JumpTarget::State(k) => Some(k),
            JumpTarget::Post(_) => None,
        },
        rt,
    );
    let post_jump = jump_body(
        s,
        m.inputs.len(),
        |t| match t {
            JumpTarget::Post(k) => Some(k),
            JumpTarget::State(_) => None,
        },
        rt,
    );

    // ---- metadata ----
    let var_info = |n: &str, u: &str, doc: &[String]| {
        let doc = doc.join("\n");
        quote!(#rt::__private::VarInfo { name: #n, unit: #u, doc: #doc })
    };
    let state_infos = m
        .states
        .iter()
        .map(|v| var_info(&v.name, &v.unit.text, &v.doc));
    let post_infos = m
        .inputs
        .iter()
        .map(|v| var_info(&v.name, &v.unit.text, &v.doc));
    let inject_infos = m
        .outputs
        .iter()
        .map(|v| var_info(&v.name, &v.unit.text, &v.doc));
    let weight_info = var_info(&s.weight.name, &s.weight.unit.text, &s.weight.doc);
    let signal_infos = s
        .signals
        .iter()
        .map(|v| var_info(&v.name, &v.unit.text, &v.doc));
    let weight_default = match s.weight.default {
        Some(w) => {
            let w = number(w);
            quote!(::core::option::Option::Some(#w))
        }
        None => quote!(::core::option::Option::None),
    };
    let schedule = match m.schedule {
        Schedule::Brian2 => "brian2",
        Schedule::Seed => "seed",
    };
    let method = m.method.name();
    let equations = m.equation_texts();
    let syn_name = &m.name;
    let source = &m.source;
    let doc_text = m.doc.join("\n");
    let mut doc: Vec<String> = m.doc.iter().map(|l| format!(" {l}")).collect();
    if !doc.is_empty() {
        doc.push(String::new());
    }
    doc.push(" # Summed state (one value per target neuron)".into());
    doc.push(String::new());
    doc.push(" ```text".into());
    doc.extend(equations.iter().map(|e| format!(" {e}")));
    doc.push(" ```".into());
    doc.push(String::new());
    doc.push(format!(
        " Weight `{}` in `{}`; integration `{method}`; schedule `{schedule}`.",
        s.weight.name, s.weight.unit.text
    ));

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
            #(#presets)*

            #unit_table

            /// Names, units and documentation of this synapse.
            pub const INFO: #rt::__private::SynapseInfo = #rt::__private::SynapseInfo {
                name: #syn_name,
                doc: #doc_text,
                params: &[#(#param_infos),*],
                weight: #weight_info,
                weight_default: #weight_default,
                states: &[#(#state_infos),*],
                post: &[#(#post_infos),*],
                injects: &[#(#inject_infos),*],
                signals: &[#(#signal_infos),*],
                traces: &[#(#trace_infos),*],
                trace_scopes: &[#(#trace_scopes),*],
                continuous: &[#(#continuous_infos),*],
                weight_equation: #weight_equation,
                plastic: #plastic,
                method: #method,
                schedule: #schedule,
                equations: &[#(#equations),*],
                source: #source,
            };
        }

        #[automatically_derived]
        #[allow(non_snake_case, unused_variables, unused_mut, unused_parens, unused_braces, clippy::all)]
        impl #rt::__private::Synapse for #name {
            fn info(&self) -> &'static #rt::__private::SynapseInfo {
                &Self::INFO
            }

            fn initial_state(&self, out: &mut [f64]) {
                #bind
                #( out[#ks] = #inits; )*
            }

            fn advance(&self, t_ms: f64, dt_ms: f64, state: &mut [f64], #n: usize) {
                #bind
                let #dt = dt_ms;
                let t = t_ms;
                #split_mut
                #advance_invariants
                for __cajal_j in 0..#n {
                    #(let mut #xs = #slots[__cajal_j];)*
                    #advance_integrate
                    #(#slots[__cajal_j] = #xs;)*
                }
            }

            fn state_jump(&self, out: &mut [f64]) {
                #bind
                #state_jump
            }

            fn post_jump(&self, out: &mut [f64]) {
                #bind
                #post_jump
            }

            fn inject_advance(
                &self,
                t_ms: f64,
                dt_ms: f64,
                state: &mut [f64],
                #n: usize,
                post: &[&[f64]],
                out: &mut [&mut [f64]],
                scale: &[f64],
                base: ::core::option::Option<&[f64]>,
            ) {
                #bind
                let #dt = dt_ms;
                let t = t_ms;
                #split_mut
                #(let #post_slots = &post[#post_ks][..#n];)*
                let [#(#out_ids),*] = out else {
                    ::core::panic!("one buffer per injected value");
                };
                let [#(#scales),*] = scale[..] else {
                    ::core::panic!("one factor per injected value");
                };
                // Slices of exactly n values: no bounds checks in the loop, so it vectorises.
                #(let #out_ids = &mut #out_ids[..#n];)*
                #inject_invariants
                match base {
                    ::core::option::Option::Some(base) => {
                        let [#(#bases),*] = base[..] else {
                            ::core::panic!("one base value per injected value");
                        };
                        for __cajal_j in 0..#n {
                            #(let mut #xs = #slots[__cajal_j];)*
                            #(let #post_ids = #post_slots[__cajal_j];)*
                            #(#set_values)*
                            #inject_integrate
                            #(#slots[__cajal_j] = #xs;)*
                        }
                    }
                    ::core::option::Option::None => {
                        for __cajal_j in 0..#n {
                            #(let mut #xs = #slots[__cajal_j];)*
                            #(let #post_ids = #post_slots[__cajal_j];)*
                            #(#added_values)*
                            #inject_integrate
                            #(#slots[__cajal_j] = #xs;)*
                        }
                    }
                }
            }

            fn set_param(&mut self, k: usize, value: f64) -> ::core::result::Result<(), #rt::__private::Error> {
                #set_param
            }

            #plastic_methods
        }
    }
}
