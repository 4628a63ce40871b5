//! One projection of a `network` item as code: its synapse with settings, the block of
//! neurons it joins, its connectivity rule and delays, the call that adds it to the network,
//! and its synapses' initial state.

use cajal_lang::ir::{Pre, Projection, Rule};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{Gen, initial_params, rules, type_name, type_path};

/// The generated names of a network's populations and sources: ids, sizes and global
/// offsets (sources are numbered after the populations).
pub(super) struct Names<'a> {
    pub pop_ids: &'a [Ident],
    pub sizes: &'a [Ident],
    pub offsets: &'a [Ident],
    pub src_ids: &'a [Ident],
    pub src_sizes: &'a [Ident],
    pub src_offsets: &'a [Ident],
}

/// Projection `k` (`pr`) of the network: a block that adds it to `__cajal_network`.
pub(super) fn projection(g: &mut Gen, k: usize, pr: &Projection, names: &Names) -> TokenStream {
    let (net, rt) = (g.net, &g.opts.runtime);
    let Names {
        pop_ids,
        sizes,
        offsets,
        src_ids,
        src_sizes,
        src_offsets,
    } = names;
    let m = &pr.synapse;
    let ty = type_path(m, "");
    let ty_name = type_name(m);
    let init_params = initial_params(&ty, m);
    let sets: Vec<TokenStream> = m
        .settings
        .iter()
        .map(|s| {
            let v = g.converted(&ty, &ty_name, "param", &s.name, &s.value);
            let f = g.spanned_ident(&s.name, s.name_loc);
            quote!(__cajal_syn.#f = #v;)
        })
        .collect();
    // Every pair with one weight and one delay: the runtime stores them as one weight.
    let pairs_stored_as_one = pr.one_weight_for_all_pairs();
    let listing = (!pairs_stored_as_one).then(|| {
        let rule = rules::rule(g, pr, (&ty, &ty_name));
        let drawn = pr.weight_sd.as_ref().map(|sd| {
            let sd = g.converted(&ty, &ty_name, "weight", "", sd);
            quote!(let __cajal_c = __cajal_block.drawn_weights(__cajal_c, #sd)?;)
        });
        quote!(let __cajal_c = #rule; #drawn)
    });
    let seed = match &pr.seed {
        Some(e) => {
            let v = g.value(e);
            let what = format!("seed of projection `{}`", pr.name);
            quote!(#rt::network::build::seed(#what, #v)?)
        }
        None => quote!(#rt::network::build::projection_seed(__cajal_seed, #k)),
    };
    let delay = pr
        .delay_ms
        .as_ref()
        .filter(|_| !pairs_stored_as_one)
        .map(|d| {
            let v = g.value(d);
            if let Some(sd) = &pr.delay_sd_ms {
                let sd = g.value(sd);
                let dt = net.dt_ms;
                quote!(let __cajal_c = __cajal_block.drawn_delays(__cajal_c, (#v, #sd), #dt)?;)
            } else if pr.delay_per_synapse() {
                quote! {
                    let __cajal_delays: ::std::vec::Vec<f64> = __cajal_c
                        .pre
                        .iter()
                        .zip(&__cajal_c.post)
                        .map(|(&__cajal_pre, &__cajal_post)| #v)
                        .collect();
                    let __cajal_c = __cajal_c.with_delays(__cajal_delays)?;
                }
            } else {
                quote!(let __cajal_c = __cajal_c.with_delay(#v);)
            }
        });
    let post = pr.post;
    let (pre_id, n_pre, pre_off) = match pr.pre {
        Pre::Population(k) => (&pop_ids[k], &sizes[k], &offsets[k]),
        Pre::Source(k) => (&src_ids[k], &src_sizes[k], &src_offsets[k]),
    };
    let (post_id, n_post, post_off) = (&pop_ids[post], &sizes[post], &offsets[post]);
    let self_connections = pr.self_connections;
    let pname = &pr.name;
    let connect = match (&pr.rate, &m.schedule, &pr.rule) {
        (None, schedule, Rule::AllToAll { weight }) if pairs_stored_as_one => {
            let w = g.converted(&ty, &ty_name, "weight", "", weight);
            let delay = match &pr.delay_ms {
                Some(d) => g.value(d),
                None => quote!(0.0),
            };
            let delivery = match schedule {
                Some(sch) => {
                    quote!(::core::option::Option::Some(#rt::network::build::delivery(#sch)?))
                }
                None => quote!(::core::option::Option::None),
            };
            quote! {
                __cajal_block.connect_all_to_all(&mut __cajal_network, #pname, (#pre_id, #post_id), __cajal_syn, (#w, #delay), #delivery)?;
            }
        }
        (Some(rate), _, _) => {
            let ((state, state_loc), (input, input_loc)) = (&rate.state, &rate.input);
            if let Pre::Population(k) = pr.pre {
                let p = &net.populations[k].model;
                let missing = format!("{} has no state variable `{state}` to couple", type_name(p));
                g.require(&type_path(p, ""), "state", state, *state_loc, missing);
            }
            let p = &net.populations[post].model;
            let missing = format!("{} has no input `{input}` to couple into", type_name(p));
            g.require(&type_path(p, ""), "input", input, *input_loc, missing);
            let missing = format!(
                "{ty_name} is not a coupling: a rate projection (`A.x -> B.input`) goes through a coupling item"
            );
            g.require(&ty, "coupling", "", m.loc, missing);
            match pr.rule {
                Rule::Field { .. } => quote! {
                    __cajal_network.couple_field(#pname, (#pre_id, #state), (#post_id, #input), __cajal_syn, &__cajal_c)?;
                },
                Rule::HebbianPatterns { .. } => quote! {
                    __cajal_network.couple_patterns(#pname, (#pre_id, #state), (#post_id, #input), __cajal_syn, (&__cajal_c.0, __cajal_c.1))?;
                },
                Rule::Connectome(ref c) => {
                    let rounding = rules::delay_rounding(rt, c.round_up);
                    quote!(__cajal_network.couple_with(#pname, (#pre_id, #state), (#post_id, #input), __cajal_syn, __cajal_c, #rounding)?;)
                }
                _ => {
                    quote!(__cajal_network.couple(#pname, (#pre_id, #state), (#post_id, #input), __cajal_syn, __cajal_c)?;)
                }
            }
        }
        (None, Some(sch), _) => quote! {
            __cajal_network.connect_with(#pname, #pre_id, #post_id, __cajal_syn, __cajal_c, #rt::network::build::delivery(#sch)?)?;
        },
        (None, None, _) => {
            quote!(__cajal_network.connect(#pname, #pre_id, #post_id, __cajal_syn, __cajal_c)?;)
        }
    };
    let draws = g.draws(post_off);
    let inits: Vec<TokenStream> = m
        .inits
        .iter()
        .map(|s| {
            let v = g.converted(&ty, &ty_name, "state", &s.name, &s.value);
            let n = &s.name;
            // Target j of this rank is neuron `first + j` of the population.
            quote! {
                let __cajal_first = __cajal_network.local_neurons(#post_id)?.start;
                for (__cajal_j, __cajal_x) in __cajal_network.synapse_state_mut(#pname, #n)?.iter_mut().enumerate() {
                    let __cajal_i = __cajal_first + __cajal_j;
                    *__cajal_x = #v;
                }
            }
        })
        .collect();
    quote! {
        {
            let mut __cajal_syn = #init_params;
            #(#sets)*
            let __cajal_block = #rt::network::build::Block {
                n_pre: #n_pre,
                n_post: #n_post,
                pre_offset: #pre_off,
                post_offset: #post_off,
                n_total: __cajal_total,
                self_connections: #self_connections,
                seed: #seed,
                targets: {
                    let __cajal_local = __cajal_network.local_neurons(#post_id)?;
                    (__cajal_local.start, __cajal_local.end)
                },
            };
            #listing
            #delay
            #connect
            #draws
            #(#inits)*
        }
    }
}
