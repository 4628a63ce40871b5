//! The implementation of the runtime's `Model` trait for a population: metadata, sizes,
//! stepping, method and schedule selection, state and input access, outputs, parameters,
//! synaptic jumps that respect clamped states, checkpoints and reset.

use proc_macro2::TokenStream;
use quote::quote;

use super::Parts;
use super::parameters::bind_params_per_instance;
use crate::expr;
use crate::names::internal;
use crate::step::Locals;

/// `impl Model for Name`.
pub(super) fn model_impl(p: &Parts) -> TokenStream {
    let (m, rt, name) = (p.m, p.rt, &p.name);
    let (p_ids, s_ids, i_ids) = (&p.p_ids, &p.s_ids, &p.i_ids);
    let (i, dt, t, spikes, per) = (
        internal("i"),
        internal("dt"),
        internal("t"),
        internal("spikes"),
        internal("per_instance"),
    );
    let has_period = p.has_period;
    let per_binds = bind_params_per_instance(m, &p.ty_params);
    let p_ks: Vec<usize> = (0..p.n_params).collect();
    let s_ks: Vec<usize> = (0..m.states.len()).collect();
    let i_ks: Vec<usize> = (0..m.inputs.len()).collect();
    let s_inits: Vec<TokenStream> = m
        .states
        .iter()
        .map(|s| expr::tokens(&s.init, &Locals(m), rt))
        .collect();
    let refr_reset = has_period.then(|| quote!(self.__cajal_refractory.fill(0);));
    let refr_keep = has_period.then(
        || quote!(self.__cajal_refractory = self.__cajal_refractory[range.clone()].to_vec();),
    );
    let flags_keep = p
        .has_events
        .then(|| quote!(self.__cajal_flags.truncate(range.len());));
    let refr_save = has_period
        .then(|| quote!(out.extend(self.__cajal_refractory.iter().map(|&r| f64::from(r)));));
    let n_states = m.states.len();
    let n_inputs = m.inputs.len();
    let s_slots: Vec<usize> = (0..n_states).collect();
    let i_slots: Vec<usize> = (n_states..n_states + n_inputs).collect();
    let r_slot = n_states + n_inputs;
    let n_saved_vecs = r_slot + usize::from(has_period);
    let d_count = m.delayed_states().len();
    let refr_load = has_period.then(|| {
        quote! {
            for (r, x) in self.__cajal_refractory.iter_mut().zip(&data[#r_slot * n..(#r_slot + 1) * n]) {
                *r = *x as u32;
            }
        }
    });
    let jump_target = jump_target(p);
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
    let step_in_order = m.is_discrete().then(|| {
        quote! {
            fn step_in_order(
                &mut self,
                #t: f64,
                #dt: f64,
                order: &[u32],
                before: &mut dyn FnMut(usize, &mut dyn #rt::__private::Model),
            ) -> ::core::result::Result<(), #rt::__private::Error> {
                for &__cajal_only in order {
                    let __cajal_only = __cajal_only as usize;
                    if __cajal_only >= self.__cajal_n {
                        return ::core::result::Result::Err(#rt::__private::Error::Incompatible {
                            what: ::std::format!("model `{}`", Self::INFO.name),
                            message: ::std::format!("instance {} in the update order, of {}", __cajal_only, self.__cajal_n),
                        });
                    }
                    before(__cajal_only, self);
                    let bad = self.__cajal_update_one(__cajal_only, #t, #dt);
                    self.__cajal_unchecked |= bad;
                }
                self.__cajal_t = #t + #dt;
                self.__cajal_step += 1;
                ::core::result::Result::Ok(())
            }
        }
    });
    let outputs = m.outputs.iter().enumerate().map(|(k, o)| {
        let e = expr::tokens(&o.expr, &Locals(m), rt);
        quote!(#k => #e,)
    });
    quote! {
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

            #step_in_order

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
                self.__cajal_method = #rt::__private::method_position(Self::INFO.methods, name)?;
                ::core::result::Result::Ok(())
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

            fn keep_instances(&mut self, range: ::core::ops::Range<usize>) -> ::core::result::Result<(), #rt::__private::Error> {
                if range.start > range.end || range.end > self.__cajal_n || self.__cajal_step != 0 {
                    return ::core::result::Result::Err(#rt::__private::Error::Incompatible {
                        what: ::std::format!("model `{}`", Self::INFO.name),
                        message: ::std::format!("cannot keep instances {:?} of {} after {} steps", range, self.__cajal_n, self.__cajal_step),
                    });
                }
                #( self.state.#s_ids = self.state.#s_ids[range.clone()].to_vec(); )*
                #( self.inputs.#i_ids = self.inputs.#i_ids[range.clone()].to_vec(); )*
                for per in self.__cajal_per_instance.iter_mut().flatten() {
                    *per = per[range.clone()].to_vec();
                }
                #refr_keep
                #flags_keep
                self.__cajal_n = range.len();
                self.__cajal_first += range.start as u64;
                ::core::result::Result::Ok(())
            }

            #jump_target

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
                #rt::__private::check_saved_state(Self::INFO.name, data, #rt::__private::SavedLayout {
                    n,
                    vectors: #n_saved_vecs,
                    counters: #has_period,
                    per_slot: #d_count * n,
                })?;
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

/// `jump_target` for a model with a refractory period and clamped states: clamped states
/// ignore synaptic jumps while refractory.
fn jump_target(p: &Parts) -> Option<TokenStream> {
    let (m, s_ids, rt) = (p.m, &p.s_ids, p.rt);
    let clamped_flags: Vec<bool> = m.equations.iter().map(|e| e.clamped).collect();
    let state_ks: Vec<usize> = (0..m.states.len()).collect();
    (p.has_period && clamped_flags.iter().any(|c| *c)).then(|| {
        quote! {
            fn jump_target(&mut self, k: usize) -> #rt::__private::JumpTarget<'_> {
                self.__cajal_unchecked = true;
                let state: &mut [f64] = match k {
                    #( #state_ks => &mut self.state.#s_ids, )*
                    _ => &mut [],
                };
                let clamped = [#(#clamped_flags),*].get(k) == ::core::option::Option::Some(&true);
                #rt::__private::JumpTarget {
                    state,
                    refractory: clamped.then_some(&self.__cajal_refractory[..]),
                }
            }
        }
    })
}
