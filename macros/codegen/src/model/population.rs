//! The population type: its fields (parameters, state, inputs and the bookkeeping of
//! stepping), constructors, and the inherent methods the `Model` implementation calls.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Parts, metadata, stepping};
use crate::expr::number;

/// The population struct and its inherent `impl`.
pub(super) fn population(p: &Parts) -> TokenStream {
    let (m, rt, vis, name) = (p.m, p.rt, &p.vis, &p.name);
    let (ty_params, ty_state, ty_inputs, n_params) =
        (&p.ty_params, &p.ty_state, &p.ty_inputs, p.n_params);
    let (s_ids, i_ids) = (&p.s_ids, &p.i_ids);
    let model_doc = metadata::model_doc(m);
    let unit_table = crate::unit_table::model_units(m, rt);
    let info = metadata::info(p);
    let step_fns = stepping::step_fns(p);
    let refr_field = p
        .has_period
        .then(|| quote!(__cajal_refractory: ::std::vec::Vec<u32>,));
    let refr_init = p
        .has_period
        .then(|| quote!(__cajal_refractory: ::std::vec![0; n],));
    // Which instances' events may fire, flagged by the first loop of the Brian2 schedule.
    let candidates_field = p
        .has_events
        .then(|| quote!(__cajal_flags: ::std::vec::Vec<u8>,));
    let candidates_init = p
        .has_events
        .then(|| quote!(__cajal_flags: ::std::vec![0; n],));
    let i_defaults: Vec<TokenStream> = m.inputs.iter().map(|s| number(s.default)).collect();
    quote! {
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
            /// Global index of instance 0 (its random draws' key) when the population is one
            /// rank's share (`Model::keep_instances`).
            __cajal_first: u64,
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

            #info

            /// `n` instances with the default parameters, in their initial state (not checked
            /// against the memory budget: [`Self::with_params`] is).
            pub fn new(n: usize) -> Self {
                Self::build(n, #ty_params::default())
            }

            /// `n` instances with the given parameters (every value must be finite), refused
            /// when their state would not fit in the memory budget.
            pub fn with_params(n: usize, params: #ty_params) -> ::core::result::Result<Self, #rt::__private::Error> {
                params.validate()?;
                #rt::__private::check_population(&Self::INFO, n)?;
                ::core::result::Result::Ok(Self::build(n, params))
            }

            /// One instance per parameter set: a heterogeneous population.
            pub fn with_instance_params(sets: &[#ty_params]) -> ::core::result::Result<Self, #rt::__private::Error> {
                for set in sets {
                    set.validate()?;
                }
                #rt::__private::check_population(&Self::INFO, sets.len())?;
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

            #step_fns

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
                    __cajal_first: 0,
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
    }
}
