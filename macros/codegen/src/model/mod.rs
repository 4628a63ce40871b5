//! The items generated for one model, one module per artifact: the parameter struct
//! ([`parameters`]), the state and input structs ([`state`]), the population type with its
//! constructors ([`population`]), its metadata ([`metadata`]), its step functions
//! ([`stepping`], with [`chunks`] for the parallel path) and the runtime `Model`
//! implementation ([`model_impl`]).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use cajal_lang::ir::{Model, Refractory};

use crate::Options;
use crate::names::{suffixed, user};

mod chunks;
mod metadata;
mod model_impl;
mod parameters;
mod population;
mod state;
mod stepping;

/// What every artifact of one model names: the model, its types and its fields.
struct Parts<'a> {
    m: &'a Model,
    rt: &'a TokenStream,
    vis: TokenStream,
    name: Ident,
    ty_params: Ident,
    ty_state: Ident,
    ty_inputs: Ident,
    n_params: usize,
    p_ids: Vec<Ident>,
    s_ids: Vec<Ident>,
    i_ids: Vec<Ident>,
    /// The model has a refractory period (a per-instance countdown).
    has_period: bool,
    /// The model has events (a per-instance flag marks the instances that may fire).
    has_events: bool,
}

impl<'a> Parts<'a> {
    fn new(m: &'a Model, rt: &'a TokenStream) -> Parts<'a> {
        Parts {
            m,
            rt,
            vis: m.vis.parse().unwrap_or_default(),
            name: Ident::new(&m.name, proc_macro2::Span::call_site()),
            ty_params: suffixed(&m.name, "Params"),
            ty_state: suffixed(&m.name, "State"),
            ty_inputs: suffixed(&m.name, "Inputs"),
            n_params: m.params.len(),
            p_ids: m.params.iter().map(|p| user(&p.name)).collect(),
            s_ids: m.states.iter().map(|s| user(&s.name)).collect(),
            i_ids: m.inputs.iter().map(|s| user(&s.name)).collect(),
            has_period: matches!(m.refractory, Refractory::Period(_)),
            has_events: !m.events.is_empty(),
        }
    }
}

/// Every item generated for model `m`.
pub fn expand_model(m: &Model, opts: &Options) -> TokenStream {
    let p = Parts::new(m, &opts.runtime);
    let parameters = parameters::parameters(&p);
    let state = state::state_and_inputs(&p);
    let population = population::population(&p);
    let model_impl = model_impl::model_impl(&p);
    quote! {
        #parameters
        #state
        #population
        #model_impl
    }
}
