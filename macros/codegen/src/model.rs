//! The items generated for one model: parameter, state and input structs, the population
//! type, its constructors, metadata and the runtime `Model` implementation.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use cajal_lang::ir::ModelKind;
use cajal_lang::ir::{Method, Model, Refractory, Schedule};

use crate::Options;
use crate::expr::{self, Hoisting, number};
use crate::names::{internal, suffixed, tied, user};
use crate::step::{Locals, instance_body, split_bodies};

pub(crate) fn doc_attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|l| format!(" {l}"));
    quote!(#(#[doc = #lines])*)
}

fn vis(m: &Model) -> TokenStream {
    m.vis.parse().unwrap_or_default()
}

fn joined(lines: &[String]) -> String {
    lines.join("\n")
}

/// Binds every parameter for instance `__cajal_i` from `params` / `per_instance`.
fn bind_params_per_instance(m: &Model, ty_params: &Ident) -> TokenStream {
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
fn bind_param_columns(m: &Model) -> TokenStream {
    let n = internal("n");
    let per = internal("per_instance");
    let binds = m.params.iter().enumerate().map(|(k, p)| {
        let column = tied("column", &p.name);
        quote!(let #column: &[f64] = #per[#k].as_deref().map_or(&[][..], |v| &v[..#n]);)
    });
    quote!(#(#binds)*)
}

/// Binds every parameter for instance `__cajal_i` from the columns of `bind_param_columns`.
fn bind_params_from_columns(m: &Model) -> TokenStream {
    let i = internal("i");
    let binds = m.params.iter().map(|p| {
        let id = user(&p.name);
        let column = tied("column", &p.name);
        quote!(let #id = #column[#i];)
    });
    quote!(#(#binds)*)
}

/// `pub fn name() -> Self` for each preset: the defaults with the preset's values (for any
/// struct of the model's parameters that implements `Default`).
pub fn preset_constructors(m: &Model) -> Vec<TokenStream> {
    preset_fns(&m.params, &m.presets)
}

/// `pub fn name() -> Self` for each of `presets` of an item with parameters `params`.
pub fn preset_fns(
    params: &[cajal_lang::ir::Param],
    presets: &[cajal_lang::ir::Preset],
) -> Vec<TokenStream> {
    presets
        .iter()
        .map(|pr| {
            let f = user(&pr.name);
            let sets = pr.values.iter().map(|(k, v)| {
                let id = user(&params[*k].name);
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
pub fn preset_by_name(presets: &[cajal_lang::ir::Preset], rt: &TokenStream) -> TokenStream {
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

pub fn expand_model(m: &Model, opts: &Options) -> TokenStream {
    let unit_table = crate::unit_table::model_units(m, &opts.runtime);
    let rt = &opts.runtime;
    let vis = vis(m);
    let name = Ident::new(&m.name, proc_macro2::Span::call_site());
    let ty_params = suffixed(&m.name, "Params");
    let ty_state = suffixed(&m.name, "State");
    let ty_inputs = suffixed(&m.name, "Inputs");
    let n_params = m.params.len();

    // ---- documentation ----
    let mut doc = m.doc.clone();
    if !doc.is_empty() {
        doc.push(String::new());
    }
    doc.push("# Equations".into());
    doc.push(String::new());
    doc.push("```text".into());
    doc.extend(m.equation_texts());
    doc.push("```".into());
    doc.push(String::new());
    doc.push(format!(
        "Integration: `{}` — {}.",
        m.method.name(),
        m.method_reason
    ));
    doc.push(format!(
        "Events: {}.",
        match m.schedule {
            Schedule::Brian2 => "Brian2 schedule (integrate, then test events on the new values)",
            Schedule::Seed => "seed schedule (test events on the stored values; a firing instance does not integrate that step)",
        }
    ));
    if m.schedules.len() > 1 {
        let others: Vec<String> = m.schedules[1..]
            .iter()
            .map(|s| format!("`{}`", s.name()))
            .collect();
        doc.push(format!(
            "Also selectable with `set_schedule`: {}.",
            others.join(", ")
        ));
    }
    doc.push(String::new());
    doc.push("Time is in ms; every other value is in the unit listed with its field.".into());
    let model_doc = doc_attrs(&doc);

    // ---- parameters ----
    let p_ids: Vec<Ident> = m.params.iter().map(|p| user(&p.name)).collect();
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
    let presets = preset_constructors(m);
    let preset_names: Vec<&str> = m.presets.iter().map(|p| p.name.as_str()).collect();
    let preset_by_name = preset_by_name(&m.presets, rt);

    // ---- state and inputs ----
    let s_ids: Vec<Ident> = m.states.iter().map(|s| user(&s.name)).collect();
    let s_docs = m.states.iter().map(|s| {
        let mut lines = s.doc.clone();
        lines.push(format!("Unit: `{}`; one value per instance.", s.unit.text));
        doc_attrs(&lines)
    });
    let s_inits: Vec<TokenStream> = m
        .states
        .iter()
        .map(|s| expr::tokens(&s.init, &Locals(m), rt))
        .collect();
    let s_ks: Vec<usize> = (0..m.states.len()).collect();
    let i_ids: Vec<Ident> = m.inputs.iter().map(|s| user(&s.name)).collect();
    let i_docs = m.inputs.iter().map(|s| {
        let mut lines = s.doc.clone();
        lines.push(format!(
            "Unit: `{}`; one value per instance, read by the next step.",
            s.unit.text
        ));
        doc_attrs(&lines)
    });
    let i_defaults: Vec<TokenStream> = m.inputs.iter().map(|s| number(s.default)).collect();
    let i_ks: Vec<usize> = (0..m.inputs.len()).collect();

    // ---- metadata ----
    let info_kind = match m.kind {
        ModelKind::Neuron => quote!(#rt::__private::ModelKind::Neuron),
        ModelKind::Mass => quote!(#rt::__private::ModelKind::Mass),
        ModelKind::Synapse => quote!(#rt::__private::ModelKind::Synapse),
    };
    let param_infos = m.params.iter().map(|p| {
        let (n, u, d, doc) = (&p.name, &p.unit.text, number(p.default), joined(&p.doc));
        quote!(#rt::__private::ParamInfo { name: #n, unit: #u, default: #d, doc: #doc })
    });
    let var_info = |n: &str, u: &str, doc: &[String]| {
        let doc = joined(doc);
        quote!(#rt::__private::VarInfo { name: #n, unit: #u, doc: #doc })
    };
    let state_infos = m
        .states
        .iter()
        .map(|s| var_info(&s.name, &s.unit.text, &s.doc));
    let input_infos = m
        .inputs
        .iter()
        .map(|s| var_info(&s.name, &s.unit.text, &s.doc));
    let output_infos = m
        .outputs
        .iter()
        .map(|s| var_info(&s.name, &s.unit.text, &s.doc));
    let model_name = &m.name;
    let model_doc_text = joined(&m.doc);
    let source = &m.source;
    let method = m.method.name();
    let reason = &m.method_reason;
    let schedule = m.schedule.name();
    let schedule_names: Vec<&str> = m.schedules.iter().map(|s| s.name()).collect();
    let equations = m.equation_texts();

    let doc_params = format!(
        " Parameters of [`{}`], in the units listed with each field.",
        m.name
    );
    let doc_state = format!(
        " State variables of [`{}`], one value per instance.",
        m.name
    );
    let doc_inputs = format!(" Inputs of [`{}`], one value per instance.", m.name);

    // ---- stepping ----
    let slots: Vec<Ident> = m.states.iter().map(|s| tied("s", &s.name)).collect();
    let in_slots: Vec<Ident> = m.inputs.iter().map(|s| tied("in", &s.name)).collect();
    let (n, i, dt, t, spikes, per, refr) = (
        internal("n"),
        internal("i"),
        internal("dt"),
        internal("t"),
        internal("spikes"),
        internal("per_instance"),
        internal("refr"),
    );
    let has_period = matches!(m.refractory, Refractory::Period(_));
    let refr_field = has_period.then(|| quote!(__cajal_refractory: ::std::vec::Vec<u32>,));
    let refr_init = has_period.then(|| quote!(__cajal_refractory: ::std::vec![0; n],));
    // Which instances' events may fire, flagged by the first loop of the Brian2 schedule.
    let has_events = !m.events.is_empty();
    let candidates_field = has_events.then(|| quote!(__cajal_flags: ::std::vec::Vec<u8>,));
    let candidates_init = has_events.then(|| quote!(__cajal_flags: ::std::vec![0; n],));
    let candidates_slice =
        has_events.then(|| quote!(let __cajal_flags = &mut self.__cajal_flags[..self.__cajal_n];));
    let refr_reset = has_period.then(|| quote!(self.__cajal_refractory.fill(0);));
    let refr_save = has_period
        .then(|| quote!(out.extend(self.__cajal_refractory.iter().map(|&r| f64::from(r)));));
    let clamped_names: Vec<&str> = m
        .states
        .iter()
        .zip(&m.equations)
        .filter(|(_, e)| e.clamped)
        .map(|(s, _)| s.name.as_str())
        .collect();
    // With a refractory period, clamped states ignore synaptic jumps while refractory.
    let clamped_flags: Vec<bool> = m.equations.iter().map(|e| e.clamped).collect();
    let state_ks: Vec<usize> = (0..m.states.len()).collect();
    let jump_methods = (has_period && clamped_flags.iter().any(|c| *c)).then(|| {
        quote! {
            fn add_to_state(&mut self, k: usize, targets: &[u32], weights: &[f64], c: f64) {
                self.__cajal_unchecked = true;
                let refr = &self.__cajal_refractory;
                let x: &mut [f64] = match k {
                    #( #state_ks => &mut self.state.#s_ids, )*
                    _ => return,
                };
                let clamped = [#(#clamped_flags),*][k];
                for (&j, &w) in targets.iter().zip(weights) {
                    let j = j as usize;
                    if !(clamped && refr[j] > 0) {
                        x[j] += w * c;
                    }
                }
            }

            fn add_values_to_state(&mut self, k: usize, values: &[f64]) {
                self.__cajal_unchecked = true;
                let refr = &self.__cajal_refractory;
                let x: &mut [f64] = match k {
                    #( #state_ks => &mut self.state.#s_ids, )*
                    _ => return,
                };
                let clamped = [#(#clamped_flags),*][k];
                for ((x, v), r) in x.iter_mut().zip(values).zip(refr) {
                    if !(clamped && *r > 0) {
                        *x += v;
                    }
                }
            }
        }
    });
    let n_states = m.states.len();
    let n_inputs = m.inputs.len();
    let s_slots: Vec<usize> = (0..n_states).collect();
    let i_slots: Vec<usize> = (n_states..n_states + n_inputs).collect();
    let r_slot = n_states + n_inputs;
    let n_saved_vecs = r_slot + usize::from(has_period);
    let refr_load = has_period.then(|| {
        quote! {
            for (r, x) in self.__cajal_refractory.iter_mut().zip(&data[#r_slot * n..(#r_slot + 1) * n]) {
                *r = *x as u32;
            }
        }
    });
    let refr_slice = if has_period {
        quote!(let #refr = &mut self.__cajal_refractory[..#n];)
    } else {
        quote!(let #refr: &mut [u32] = &mut [];)
    };
    let shared_binds = quote!(#(let #p_ids = __cajal_params.#p_ids;)*);
    let per_binds = bind_params_per_instance(m, &ty_params);
    let column_binds = bind_param_columns(m);
    let loop_binds = bind_params_from_columns(m);
    // Stepping in chunks on rayon's threads: the state, input and refractory slices are cut
    // at the same places; each chunk collects its spikes, appended in chunk order.
    let rests: Vec<Ident> = m.states.iter().map(|v| tied("rest", &v.name)).collect();
    let in_rests: Vec<Ident> = m.inputs.iter().map(|v| tied("rest_in", &v.name)).collect();
    let (refr_rest_init, refr_cut, refr_item, refr_pat) = if has_period {
        (
            quote!(let mut __cajal_rest_refr: &mut [u32] = &mut *#refr;),
            quote! {
                let (__cajal_c_refr, __cajal_tail) =
                    ::core::mem::take(&mut __cajal_rest_refr).split_at_mut(__cajal_take);
                __cajal_rest_refr = __cajal_tail;
            },
            quote!(__cajal_c_refr),
            quote!(#refr),
        )
    } else {
        (
            TokenStream::new(),
            TokenStream::new(),
            quote!(()),
            quote!(_),
        )
    };
    // With `events` (the two-loop step), each chunk also takes its slice of the flags, and
    // runs the events of its flagged instances after its integration loop.
    let chunked = |binds: &TokenStream, body: &TokenStream, events: Option<&TokenStream>| {
        let (flags_rest_init, flags_cut, flags_item, flags_pat, run_events) = match events {
            Some(events) => (
                quote!(let mut __cajal_rest_flags: &mut [u8] = &mut *__cajal_flags;),
                quote! {
                    let (__cajal_c_flags, __cajal_tail) =
                        ::core::mem::take(&mut __cajal_rest_flags).split_at_mut(__cajal_take);
                    __cajal_rest_flags = __cajal_tail;
                },
                quote!(__cajal_c_flags),
                quote!(__cajal_flags),
                quote! {
                    #rt::__private::for_each_flagged(&__cajal_flags[..__cajal_take], |__cajal_li| {
                        let #i = __cajal_start + __cajal_li;
                        #binds
                        #events
                    });
                },
            ),
            None => (
                TokenStream::new(),
                TokenStream::new(),
                quote!(()),
                quote!(_),
                TokenStream::new(),
            ),
        };
        quote! {
            let __cajal_len = #rt::__private::chunk_len(#n);
            let mut __cajal_chunks = ::std::vec::Vec::new();
            {
                #( let mut #rests: &mut [f64] = &mut *#slots; )*
                #( let mut #in_rests: &[f64] = #in_slots; )*
                #refr_rest_init
                #flags_rest_init
                let mut __cajal_start = 0usize;
                while __cajal_start < #n {
                    let __cajal_take = __cajal_len.min(#n - __cajal_start);
                    #(
                        let (#slots, __cajal_tail) = ::core::mem::take(&mut #rests).split_at_mut(__cajal_take);
                        #rests = __cajal_tail;
                    )*
                    #(
                        let (#in_slots, __cajal_tail) = #in_rests.split_at(__cajal_take);
                        #in_rests = __cajal_tail;
                    )*
                    #refr_cut
                    #flags_cut
                    __cajal_chunks.push((__cajal_start, __cajal_take, (#(#slots,)*), (#(#in_slots,)*), #refr_item, #flags_item));
                    __cajal_start += __cajal_take;
                }
            }
            let __cajal_chunk_spikes = #rt::__private::par_map(
                __cajal_chunks,
                |(__cajal_start, __cajal_take, (#(#slots,)*), (#(#in_slots,)*), #refr_pat, #flags_pat)| {
                    let mut #spikes: ::std::vec::Vec<u32> = ::std::vec::Vec::new();
                    // The loop's own accumulator stays in a register (the events' closure
                    // borrows the outer one), so the loop still vectorises.
                    let mut __cajal_bad = {
                        let mut __cajal_bad = 0u64;
                        for __cajal_li in 0..__cajal_take {
                            let #i = __cajal_start + __cajal_li;
                            #binds
                            #body
                        }
                        __cajal_bad
                    };
                    #run_events
                    (#spikes, __cajal_bad)
                },
            );
            for (__cajal_s, __cajal_b) in __cajal_chunk_spikes {
                #spikes.extend(__cajal_s);
                __cajal_bad |= __cajal_b;
            }
        }
    };
    // Sequential and chunked stepping live in separate functions, so that the possibility of
    // the one does not cost the other anything.
    // With shared parameters, values that read only parameters are computed before the loop.
    let loops = |method: Method, schedule: Schedule, parallel: bool| {
        let locals = Locals(m);
        let hoisting = Hoisting::new(&locals);
        let split = split_bodies(m, &hoisting, method, schedule, rt)
            .zip(split_bodies(m, &locals, method, schedule, rt));
        // One loop over the instances, or (with `events`) a second over the flagged ones.
        let sequential = |binds: &TokenStream, body: &TokenStream, events: Option<&TokenStream>| {
            let events = events.map(|events| {
                quote! {
                    #rt::__private::for_each_flagged(&__cajal_flags[..#n], |#i| {
                        let __cajal_li = #i;
                        #binds
                        #events
                    });
                }
            });
            // The loop's own accumulator stays in a register (the events' closure borrows
            // the outer one), so the loop still vectorises.
            quote! {
                __cajal_bad |= {
                    let mut __cajal_bad = 0u64;
                    for #i in 0..#n {
                        let __cajal_li = #i;
                        #binds
                        #body
                    }
                    __cajal_bad
                };
                #events
            }
        };
        // Shared parameters (bound once, with the values hoisted from the loop) or not.
        let by_parameters = |shared: TokenStream, per_instance: TokenStream| {
            let invariants = hoisting.lets();
            quote! {
                if #per.iter().all(::core::option::Option::is_none) {
                    #shared_binds
                    #invariants
                    #shared
                } else {
                    #column_binds
                    #per_instance
                }
            }
        };
        let none = TokenStream::new();
        if let Some(((shared_flag, shared_events), (flag, events))) = split {
            if parallel {
                return by_parameters(
                    chunked(&none, &shared_flag, Some(&shared_events)),
                    chunked(&loop_binds, &flag, Some(&events)),
                );
            }
            return by_parameters(
                sequential(&none, &shared_flag, Some(&shared_events)),
                sequential(&loop_binds, &flag, Some(&events)),
            );
        }
        let shared_body = instance_body(m, &hoisting, method, schedule, rt);
        let body = instance_body(m, &locals, method, schedule, rt);
        if parallel {
            by_parameters(
                chunked(&none, &shared_body, None),
                chunked(&loop_binds, &body, None),
            )
        } else {
            by_parameters(
                sequential(&none, &shared_body, None),
                sequential(&loop_binds, &body, None),
            )
        }
    };
    let schedule_local =
        (m.schedules.len() > 1).then(|| quote!(let __cajal_schedule = self.__cajal_schedule;));
    let method_arms = |parallel: bool| -> Vec<TokenStream> {
        m.methods
            .iter()
            .enumerate()
            .map(|(k, method)| {
                if let [schedule] = m.schedules[..] {
                    let l = loops(*method, schedule, parallel);
                    return quote!(#k => { #l });
                }
                // One loop per selectable schedule.
                let arms = m.schedules.iter().enumerate().map(|(j, schedule)| {
                    let l = loops(*method, *schedule, parallel);
                    quote!(#j => { #l })
                });
                quote! {
                    #k => match __cajal_schedule {
                        #(#arms)*
                        _ => {}
                    },
                }
            })
            .collect()
    };
    let sequential_arms = method_arms(false);
    let parallel_arms = method_arms(true);
    // History of the state variables read through `delayed(…)`: one slot per step of the
    // longest delay (rounded up), filled with the current state before the first step.
    let delayed = m.delayed_states();
    let history_update = if delayed.is_empty() {
        TokenStream::new()
    } else {
        let d_count = delayed.len();
        let delay_tokens: Vec<TokenStream> = m
            .delayed_uses()
            .into_iter()
            .map(|(_, e)| expr::tokens(e, &Locals(m), rt))
            .collect();
        let delayed_ids: Vec<Ident> = delayed.iter().map(|k| user(&m.states[*k].name)).collect();
        let ms: Vec<usize> = (0..d_count).collect();
        quote! {
            let __cajal_needed = {
                let mut __cajal_longest = 0usize;
                for #i in 0..#n {
                    #per_binds
                    #( __cajal_longest = __cajal_longest.max(f64::ceil(#delay_tokens / #dt) as usize); )*
                }
                __cajal_longest + 1
            };
            if !self.__cajal_history_ready || self.__cajal_history_len != __cajal_needed {
                self.__cajal_history_len = __cajal_needed;
                self.__cajal_history = ::std::vec![0.0; __cajal_needed * #d_count * #n];
                for __cajal_slot in 0..__cajal_needed {
                    #(
                        let __cajal_at = (__cajal_slot * #d_count + #ms) * #n;
                        self.__cajal_history[__cajal_at..__cajal_at + #n].copy_from_slice(&self.state.#delayed_ids[..#n]);
                    )*
                }
                self.__cajal_history_ready = true;
            }
            let __cajal_slot = (self.__cajal_step as usize) % self.__cajal_history_len;
            #(
                let __cajal_at = (__cajal_slot * #d_count + #ms) * #n;
                self.__cajal_history[__cajal_at..__cajal_at + #n].copy_from_slice(&self.state.#delayed_ids[..#n]);
            )*
        }
    };
    // What both step functions bind before their loops.
    let step_bindings = quote! {
        let #n = self.__cajal_n;
        #refr_slice
        let __cajal_params = &self.params;
        let #per = &self.__cajal_per_instance;
        #history_update
        let __cajal_hist = &self.__cajal_history[..];
        let __cajal_hist_len = self.__cajal_history_len;
        #( let #slots = &mut self.state.#s_ids[..#n]; )*
        #( let #in_slots = &self.inputs.#i_ids[..#n]; )*
        let __cajal_seed = self.__cajal_seed;
        let __cajal_step_no = self.__cajal_step;
        #schedule_local
        let mut __cajal_bad = 0u64;
    };
    let swap_input = (!m.inputs.is_empty()).then(|| {
        quote! {
            fn swap_input(&mut self, k: usize, values: &mut ::std::vec::Vec<f64>) {
                let input = match k {
                    #( #i_ks => &mut self.inputs.#i_ids, )*
                    _ => return,
                };
                if input.len() == values.len() {
                    ::core::mem::swap(input, values);
                }
            }
        }
    });
    let method_names: Vec<&str> = m.methods.iter().map(|m| m.name()).collect();
    let outputs = m.outputs.iter().enumerate().map(|(k, o)| {
        let e = expr::tokens(&o.expr, &Locals(m), rt);
        quote!(#k => #e,)
    });

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

        #[doc = #doc_state]
        #[derive(Clone, Debug, PartialEq, Default)]
        #[allow(non_snake_case)]
        #vis struct #ty_state {
            #( #s_docs pub #s_ids: ::std::vec::Vec<f64>, )*
        }

        #[doc = #doc_inputs]
        #[derive(Clone, Debug, PartialEq, Default)]
        #[allow(non_snake_case)]
        #vis struct #ty_inputs {
            #( #i_docs pub #i_ids: ::std::vec::Vec<f64>, )*
        }

        #model_doc
        #[derive(Clone, Debug)]
        #vis struct #name {
            /// Parameter values shared by every instance (see `set_param_per_instance`).
            pub params: #ty_params,
            /// State variables.
            pub state: #ty_state,
            /// Inputs, read by the next step.
            pub inputs: #ty_inputs,
            __cajal_per_instance: [::core::option::Option<::std::vec::Vec<f64>>; #n_params],
            #refr_field
            #candidates_field
            __cajal_n: usize,
            __cajal_t: f64,
            __cajal_method: usize,
            __cajal_schedule: usize,
            __cajal_parallel_min: usize,
            __cajal_seed: u64,
            __cajal_step: u64,
            __cajal_history: ::std::vec::Vec<f64>,
            __cajal_history_len: usize,
            __cajal_history_ready: bool,
            /// Whether a state value may be NaN or infinite (see `Model::may_have_non_finite`).
            __cajal_unchecked: bool,
        }

        #[allow(non_snake_case, unused_variables, unused_mut, unused_assignments, unused_parens, unused_braces, clippy::all)]
        impl #name {
            #unit_table

            /// Names, units and documentation of this model.
            pub const INFO: #rt::__private::ModelInfo = #rt::__private::ModelInfo {
                name: #model_name,
                kind: #info_kind,
                doc: #model_doc_text,
                params: &[#(#param_infos),*],
                inputs: &[#(#input_infos),*],
                states: &[#(#state_infos),*],
                outputs: &[#(#output_infos),*],
                method: #method,
                methods: &[#(#method_names),*],
                method_reason: #reason,
                schedule: #schedule,
                schedules: &[#(#schedule_names),*],
                presets: &[#(#preset_names),*],
                equations: &[#(#equations),*],
                clamped: &[#(#clamped_names),*],
                source: #source,
            };

            /// `n` instances with the default parameters, in their initial state.
            pub fn new(n: usize) -> Self {
                Self::build(n, #ty_params::default())
            }

            /// `n` instances with the given parameters (every value must be finite).
            pub fn with_params(n: usize, params: #ty_params) -> ::core::result::Result<Self, #rt::__private::Error> {
                params.validate()?;
                ::core::result::Result::Ok(Self::build(n, params))
            }

            /// One instance per parameter set: a heterogeneous population.
            pub fn with_instance_params(sets: &[#ty_params]) -> ::core::result::Result<Self, #rt::__private::Error> {
                for set in sets {
                    set.validate()?;
                }
                let mut model = Self::build(sets.len(), sets.first().cloned().unwrap_or_default());
                let arrays: ::std::vec::Vec<[f64; #n_params]> = sets.iter().map(#ty_params::to_array).collect();
                for k in 0..#n_params {
                    if arrays.iter().any(|a| a[k] != arrays[0][k]) {
                        model.__cajal_per_instance[k] = ::core::option::Option::Some(arrays.iter().map(|a| a[k]).collect());
                    }
                }
                model.__cajal_spread_shared();
                #rt::__private::Model::reset_state(&mut model);
                ::core::result::Result::Ok(model)
            }

            /// Once any parameter is per instance, the shared ones are repeated per instance
            /// too, so that the step's per-instance loop reads every parameter from a column.
            fn __cajal_spread_shared(&mut self) {
                if self.__cajal_per_instance.iter().any(::core::option::Option::is_some) {
                    let values = self.params.to_array();
                    let n = self.__cajal_n;
                    for (per, value) in self.__cajal_per_instance.iter_mut().zip(values) {
                        if per.is_none() {
                            *per = ::core::option::Option::Some(::std::vec![value; n]);
                        }
                    }
                }
            }

            /// `Ok(what)` naming parameter `k` for messages, or an error if there is none.
            fn __cajal_param_index(k: usize) -> ::core::result::Result<impl Fn() -> ::std::string::String, #rt::__private::Error> {
                match Self::INFO.params.get(k) {
                    ::core::option::Option::Some(p) => ::core::result::Result::Ok(move || ::std::format!("parameter `{}`", p.name)),
                    ::core::option::Option::None => ::core::result::Result::Err(#rt::__private::Error::UnknownName {
                        kind: "parameter index",
                        name: k.to_string(),
                        available: Self::INFO.params.iter().map(|p| p.name.to_string()).collect(),
                    }),
                }
            }

            /// One step of every instance (see `Model::step`), one after the other; true if
            /// it wrote a NaN or infinite state value.
            fn __cajal_step_all(&mut self, #t: f64, #dt: f64, #spikes: &mut ::std::vec::Vec<u32>) -> bool {
                #candidates_slice
                #step_bindings
                match self.__cajal_method {
                    #(#sequential_arms)*
                    _ => {}
                }
                __cajal_bad != 0
            }

            /// One step of every instance (see `Model::step`), in chunks on rayon's threads;
            /// true if it wrote a NaN or infinite state value.
            #[inline(never)]
            fn __cajal_step_chunks(&mut self, #t: f64, #dt: f64, #spikes: &mut ::std::vec::Vec<u32>) -> bool {
                #candidates_slice
                #step_bindings
                match self.__cajal_method {
                    #(#parallel_arms)*
                    _ => {}
                }
                __cajal_bad != 0
            }

            fn build(n: usize, params: #ty_params) -> Self {
                let mut model = Self {
                    params,
                    state: #ty_state { #( #s_ids: ::std::vec![0.0; n], )* },
                    inputs: #ty_inputs { #( #i_ids: ::std::vec![#i_defaults; n], )* },
                    __cajal_per_instance: ::core::array::from_fn(|_| ::core::option::Option::None),
                    #refr_init
                    #candidates_init
                    __cajal_n: n,
                    __cajal_t: 0.0,
                    __cajal_method: 0,
                    __cajal_schedule: 0,
                    __cajal_parallel_min: usize::MAX,
                    __cajal_seed: 0,
                    __cajal_step: 0,
                    __cajal_history: ::std::vec::Vec::new(),
                    __cajal_history_len: 1,
                    __cajal_history_ready: false,
                    __cajal_unchecked: true,
                };
                #rt::__private::Model::reset_state(&mut model);
                model
            }
        }

        #[automatically_derived]
        #[allow(non_snake_case, unused_variables, unused_mut, unused_assignments, unused_parens, unused_braces, clippy::all)]
        impl #rt::__private::Model for #name {
            fn info(&self) -> &'static #rt::__private::ModelInfo {
                &Self::INFO
            }

            fn len(&self) -> usize {
                self.__cajal_n
            }

            fn step(&mut self, #t: f64, #dt: f64, #spikes: &mut ::std::vec::Vec<u32>) {
                let bad = if self.__cajal_n >= self.__cajal_parallel_min {
                    self.__cajal_step_chunks(#t, #dt, #spikes)
                } else {
                    self.__cajal_step_all(#t, #dt, #spikes)
                };
                self.__cajal_unchecked |= bad;
                self.__cajal_t = #t + #dt;
                self.__cajal_step += 1;
            }

            fn method(&self) -> &'static str {
                Self::INFO.methods[self.__cajal_method]
            }

            fn schedule(&self) -> &'static str {
                Self::INFO.schedules[self.__cajal_schedule]
            }

            fn set_parallel_threshold(&mut self, min_instances: usize) {
                self.__cajal_parallel_min = min_instances.max(1);
            }

            fn set_schedule(&mut self, name: &str) -> ::core::result::Result<(), #rt::__private::Error> {
                match Self::INFO.schedules.iter().position(|s| *s == name) {
                    ::core::option::Option::Some(k) => {
                        self.__cajal_schedule = k;
                        ::core::result::Result::Ok(())
                    }
                    ::core::option::Option::None => ::core::result::Result::Err(#rt::__private::Error::UnknownName {
                        kind: "schedule of this model",
                        name: name.to_string(),
                        available: Self::INFO.schedules.iter().map(|s| s.to_string()).collect(),
                    }),
                }
            }

            fn set_method(&mut self, name: &str) -> ::core::result::Result<(), #rt::__private::Error> {
                match Self::INFO.methods.iter().position(|m| *m == name) {
                    ::core::option::Option::Some(k) => {
                        self.__cajal_method = k;
                        ::core::result::Result::Ok(())
                    }
                    ::core::option::Option::None => ::core::result::Result::Err(#rt::__private::Error::UnknownName {
                        kind: "integration method of this model",
                        name: name.into(),
                        available: Self::INFO.methods.iter().map(|m| m.to_string()).collect(),
                    }),
                }
            }

            fn state(&self, k: usize) -> &[f64] {
                match k {
                    #( #s_ks => &self.state.#s_ids, )*
                    _ => &[],
                }
            }

            fn may_have_non_finite(&self) -> bool {
                self.__cajal_unchecked
            }

            fn mark_all_finite(&mut self) {
                self.__cajal_unchecked = false;
            }

            fn state_mut(&mut self, k: usize) -> &mut [f64] {
                self.__cajal_unchecked = true;
                match k {
                    #( #s_ks => &mut self.state.#s_ids, )*
                    _ => &mut [],
                }
            }

            fn input(&self, k: usize) -> &[f64] {
                match k {
                    #( #i_ks => &self.inputs.#i_ids, )*
                    _ => &[],
                }
            }

            fn input_mut(&mut self, k: usize) -> &mut [f64] {
                match k {
                    #( #i_ks => &mut self.inputs.#i_ids, )*
                    _ => &mut [],
                }
            }

            #swap_input

            fn output(&self, k: usize, #i: usize) -> f64 {
                let __cajal_params = &self.params;
                let #per = &self.__cajal_per_instance;
                #per_binds
                #( let #s_ids = self.state.#s_ids[#i]; )*
                #( let #i_ids = self.inputs.#i_ids[#i]; )*
                let t = self.__cajal_t;
                match k {
                    #(#outputs)*
                    _ => ::core::f64::NAN,
                }
            }

            fn set_param(&mut self, k: usize, value: f64) -> ::core::result::Result<(), #rt::__private::Error> {
                let what = Self::__cajal_param_index(k)?;
                if !value.is_finite() {
                    return ::core::result::Result::Err(#rt::__private::Error::NonFinite { what: what(), value });
                }
                match k {
                    #( #p_ks => self.params.#p_ids = value, )*
                    _ => {}
                }
                self.__cajal_per_instance[k] = ::core::option::Option::None;
                self.__cajal_spread_shared();
                ::core::result::Result::Ok(())
            }

            fn set_param_per_instance(&mut self, k: usize, values: ::std::vec::Vec<f64>) -> ::core::result::Result<(), #rt::__private::Error> {
                let what = Self::__cajal_param_index(k)?;
                if values.len() != self.__cajal_n {
                    return ::core::result::Result::Err(#rt::__private::Error::WrongSize { what: what(), expected: self.__cajal_n, got: values.len() });
                }
                if let ::core::option::Option::Some(bad) = values.iter().find(|x| !x.is_finite()) {
                    return ::core::result::Result::Err(#rt::__private::Error::NonFinite { what: what(), value: *bad });
                }
                self.__cajal_per_instance[k] = ::core::option::Option::Some(values);
                self.__cajal_spread_shared();
                ::core::result::Result::Ok(())
            }

            fn set_seed(&mut self, seed: u64) {
                self.__cajal_seed = seed;
            }

            #jump_methods

            fn save_dynamic(&self) -> ::std::vec::Vec<f64> {
                let mut out = ::std::vec::Vec::new();
                #( out.extend_from_slice(&self.state.#s_ids); )*
                #( out.extend_from_slice(&self.inputs.#i_ids); )*
                #refr_save
                out.push(self.__cajal_t);
                out.push(self.__cajal_step as f64);
                out.push(if self.__cajal_history_ready { 1.0 } else { 0.0 });
                out.push(self.__cajal_history_len as f64);
                out.push(self.__cajal_history.len() as f64);
                out.extend_from_slice(&self.__cajal_history);
                out
            }

            fn load_dynamic(&mut self, data: &[f64]) -> ::core::result::Result<(), #rt::__private::Error> {
                let n = self.__cajal_n;
                let fixed = #n_saved_vecs * n;
                let wrong = |expected: usize| #rt::__private::Error::WrongSize {
                    what: ::std::format!("saved state of `{}`", Self::INFO.name),
                    expected,
                    got: data.len(),
                };
                if data.len() < fixed + 5 {
                    return ::core::result::Result::Err(wrong(fixed + 5));
                }
                let history = data[fixed + 4] as usize;
                if data.len() != fixed + 5 + history {
                    return ::core::result::Result::Err(wrong(fixed + 5 + history));
                }
                self.__cajal_unchecked = true;
                #( self.state.#s_ids.copy_from_slice(&data[#s_slots * n..(#s_slots + 1) * n]); )*
                #( self.inputs.#i_ids.copy_from_slice(&data[#i_slots * n..(#i_slots + 1) * n]); )*
                #refr_load
                self.__cajal_t = data[fixed];
                self.__cajal_step = data[fixed + 1] as u64;
                self.__cajal_history_ready = data[fixed + 2] != 0.0;
                self.__cajal_history_len = data[fixed + 3] as usize;
                self.__cajal_history = data[fixed + 5..].to_vec();
                ::core::result::Result::Ok(())
            }

            fn reset_state(&mut self) {
                self.__cajal_unchecked = true;
                let __cajal_params = &self.params;
                let #per = &self.__cajal_per_instance;
                for #i in 0..self.__cajal_n {
                    #per_binds
                    #( self.state.#s_ids[#i] = #s_inits; )*
                }
                #refr_reset
                self.__cajal_t = 0.0;
                self.__cajal_step = 0;
                self.__cajal_history_ready = false;
            }
        }
    }
}
