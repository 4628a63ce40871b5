//! The step functions of a population: what both bind before their loops (parameters,
//! state and input slices, the history of delayed variables), one loop per selectable
//! method and schedule, run one instance after the other or in chunks on rayon's threads.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use cajal_lang::ir::{Method, Schedule};

use super::Parts;
use super::chunks::chunked;
use super::parameters::{bind_param_columns, bind_params_from_columns, bind_params_per_instance};
use crate::expr::{self, Hoisting};
use crate::names::{input_slots, internal, state_slots, user};
use crate::step::{Locals, instance_body, split_bodies};

/// `__cajal_step_all` (sequential) and `__cajal_step_chunks` (parallel). They live in
/// separate functions, so that the possibility of the one does not cost the other anything.
pub(super) fn step_fns(p: &Parts) -> TokenStream {
    let (m, rt) = (p.m, p.rt);
    let (n, dt, t, spikes, per, refr) = (
        internal("n"),
        internal("dt"),
        internal("t"),
        internal("spikes"),
        internal("per_instance"),
        internal("refr"),
    );
    let (s_ids, i_ids) = (&p.s_ids, &p.i_ids);
    let slots = state_slots(m);
    let in_slots = input_slots(m);
    let candidates_slice = p
        .has_events
        .then(|| quote!(let __cajal_flags = &mut self.__cajal_flags[..self.__cajal_n];));
    let refr_slice = if p.has_period {
        quote!(let #refr = &mut self.__cajal_refractory[..#n];)
    } else {
        quote!(let #refr: &mut [u32] = &mut [];)
    };
    let history_update = history_update(p);
    let schedule_local =
        (m.schedules.len() > 1).then(|| quote!(let __cajal_schedule = self.__cajal_schedule;));
    let sequential_arms = method_arms(p, false);
    let parallel_arms = method_arms(p, true);
    // The start of each `hazard(…)` draw's generator in this step (one per step, not per
    // instance).
    let hazard_starts = (0..m.hazard_draws()).map(|k| {
        let id = internal(&format!("hazard_start{k}"));
        quote!(let #id = #rt::__private::hazard_start(__cajal_seed, #k, __cajal_step_no);)
    });
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
        let __cajal_first = self.__cajal_first;
        let __cajal_step_no = self.__cajal_step;
        #(#hazard_starts)*
        #schedule_local
        let mut __cajal_bad = 0u64;
    };
    let update_one = m.is_discrete().then(|| {
        quote! {
            /// The update of instance `__cajal_only` alone, from the state and inputs as they
            /// are (an asynchronous step's turn); true if it wrote a NaN or infinite value.
            fn __cajal_update_one(&mut self, __cajal_only: usize, #t: f64, #dt: f64) -> bool {
                #step_bindings
                let (__cajal_from, __cajal_to) = (__cajal_only, __cajal_only + 1);
                match self.__cajal_method {
                    #(#sequential_arms)*
                    _ => {}
                }
                __cajal_bad != 0
            }
        }
    });
    quote! {
            /// One step of every instance (see `Model::step`), one after the other; true if
            /// it wrote a NaN or infinite state value.
            fn __cajal_step_all(&mut self, #t: f64, #dt: f64, #spikes: &mut ::std::vec::Vec<u32>) -> bool {
                #candidates_slice
                #step_bindings
                let (__cajal_from, __cajal_to) = (0, #n);
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

            #update_one
    }
}

/// One match arm per selectable method (and, inside, per selectable schedule).
fn method_arms(p: &Parts, parallel: bool) -> Vec<TokenStream> {
    let m = p.m;
    m.methods
        .iter()
        .enumerate()
        .map(|(k, method)| {
            if let [schedule] = m.schedules[..] {
                let l = loops(p, *method, schedule, parallel);
                return quote!(#k => { #l });
            }
            // One loop per selectable schedule.
            let arms = m.schedules.iter().enumerate().map(|(j, schedule)| {
                let l = loops(p, *method, *schedule, parallel);
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
}

/// History of the state variables read through `delayed(…)`: one slot per step of the
/// longest delay (rounded up), filled with the current state before the first step.
fn history_update(p: &Parts) -> TokenStream {
    let (m, rt) = (p.m, p.rt);
    let (n, i, dt) = (internal("n"), internal("i"), internal("dt"));
    let per_binds = bind_params_per_instance(m, &p.ty_params);
    let delayed = m.delayed_states();
    if delayed.is_empty() {
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
    }
}

/// The loop of one method and schedule: with shared parameters (bound once, with the values
/// that read only parameters hoisted out of the loop) or per-instance ones (read from
/// columns); one loop over the instances, or (with events) a second over the flagged ones.
fn loops(p: &Parts, method: Method, schedule: Schedule, parallel: bool) -> TokenStream {
    let (m, rt, p_ids) = (p.m, p.rt, &p.p_ids);
    let (n, i, per) = (internal("n"), internal("i"), internal("per_instance"));
    let shared_binds = quote!(#(let #p_ids = __cajal_params.#p_ids;)*);
    let column_binds = bind_param_columns(m);
    let loop_binds = bind_params_from_columns(m);
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
                for #i in __cajal_from..__cajal_to {
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
                chunked(p, &none, &shared_flag, Some(&shared_events)),
                chunked(p, &loop_binds, &flag, Some(&events)),
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
            chunked(p, &none, &shared_body, None),
            chunked(p, &loop_binds, &body, None),
        )
    } else {
        by_parameters(
            sequential(&none, &shared_body, None),
            sequential(&loop_binds, &body, None),
        )
    }
}
