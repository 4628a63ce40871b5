//! The connectivity rule of a projection as code: the expression that makes its synapses
//! (a `Connections`) from the block `__cajal_block`, or its stored patterns or field kernel.

use cajal_lang::ir::{
    ConnectomeRule, GraphLaplacian, PatternSource, Projection, Quantity, Rule, TotalCount,
};
use proc_macro2::TokenStream;
use quote::quote;

use super::Gen;

/// The rule of projection `pr` through the synapse or coupling `ty` (named `ty_name`).
pub(super) fn rule(
    g: &mut Gen,
    pr: &Projection,
    (ty, ty_name): (&TokenStream, &str),
) -> TokenStream {
    // A coupling's weights are plain numbers (the checker makes sure).
    let weight = |g: &mut Gen, q: &Quantity| match &pr.rate {
        Some(_) => g.value(&q.expr),
        None => g.converted(ty, ty_name, "weight", "", q),
    };
    match &pr.rule {
        Rule::AllToAll { weight: w } => {
            let w = weight(g, w);
            quote!(__cajal_block.all_to_all(#w)?)
        }
        Rule::OneToOne { weight: w } => {
            let w = weight(g, w);
            quote!(__cajal_block.one_to_one(#w)?)
        }
        Rule::Bernoulli {
            p,
            weight: w,
            pairwise,
        } => {
            let (p, pw, w) = (g.value(p), g.value(pairwise), weight(g, w));
            quote!(__cajal_block.bernoulli(#p, #w, #pw != 0.0)?)
        }
        Rule::FixedInDegree { k, weight: w } => {
            let (kk, w) = (g.value(k), weight(g, w));
            quote!(__cajal_block.fixed_in_degree(#kk, #w)?)
        }
        Rule::FixedTotalNumber { count, weight: w } => {
            let w = weight(g, w);
            let n = match count {
                TotalCount::Synapses(n) => g.value(n),
                TotalCount::PairProbability(p) => {
                    let p = g.value(p);
                    quote!(__cajal_block.synapses_for_probability(#p)?)
                }
            };
            quote!(__cajal_block.fixed_total_number(#n, #w)?)
        }
        Rule::RingGaussian {
            weight: w,
            sigma_deg,
        } => {
            let (s, w) = (g.value(sigma_deg), weight(g, w));
            quote!(__cajal_block.ring_gaussian(#w, #s)?)
        }
        Rule::Field {
            nx,
            lengths: (lx, ly),
            kernel,
        } => {
            let (lx, ly, kernel) = (g.value(lx), g.value(ly), g.value(kernel));
            let nx = match nx {
                Some(nx) => {
                    let nx = g.value(nx);
                    quote!(::core::option::Option::Some(#nx))
                }
                None => quote!(::core::option::Option::None),
            };
            quote! {
                __cajal_block.field_kernel(#nx, (#lx, #ly), |__cajal_pre: f64, __cajal_post: f64| #kernel)?
            }
        }
        Rule::HebbianPatterns {
            patterns,
            c,
            offsets: (a, b),
        } => {
            let (a, b) = (g.value(a), g.value(b));
            let c = match c {
                Some(c) => {
                    let c = g.value(c);
                    quote!(::core::option::Option::Some(#c))
                }
                None => quote!(::core::option::Option::None),
            };
            match patterns {
                PatternSource::Random {
                    count,
                    activity,
                    values: (low, high),
                } => {
                    let (count, activity) = (g.value(count), g.value(activity));
                    let (low, high) = (g.value(low), g.value(high));
                    quote!(__cajal_block.hebbian_patterns((#count, #activity), (#low, #high), #c, (#a, #b))?)
                }
                PatternSource::File(file) => {
                    let base = super::files::base_dir(g);
                    quote!(__cajal_block.hebbian_patterns_from(#file, &#base, #c, (#a, #b))?)
                }
            }
        }
        Rule::Connectome(c) => connectome(g, c),
        Rule::Edges(edges) => {
            let items: Vec<TokenStream> = edges
                .iter()
                .map(|(i, j, w)| {
                    let w = weight(g, w);
                    quote!((#i, #j, #w))
                })
                .collect();
            quote!(__cajal_block.edges(&[#(#items),*])?)
        }
    }
}

/// The weights (and delays) of a connectome rule, read when the network is built; relative
/// file names are relative to the directory the options name, under the crate's root.
fn connectome(g: &mut Gen, c: &ConnectomeRule) -> TokenStream {
    let rt = &g.opts.runtime;
    let source = &c.source;
    let some_text = |t: &Option<String>| match t {
        Some(t) => quote!(::core::option::Option::Some(::std::string::String::from(#t))),
        None => quote!(::core::option::Option::None),
    };
    let lengths = some_text(&c.lengths);
    let speed = match &c.speed {
        Some(e) => {
            let v = g.value(e);
            quote!(::core::option::Option::Some(#v))
        }
        None => quote!(::core::option::Option::None),
    };
    let rounding = delay_rounding(rt, c.round_up);
    let laplacian = match c.laplacian {
        Some((kind, exp_weighted)) => {
            let kind = match kind {
                GraphLaplacian::Plain => quote!(Plain),
                GraphLaplacian::RandomWalk => quote!(RandomWalk),
                GraphLaplacian::Symmetric => quote!(Symmetric),
            };
            quote! {
                ::core::option::Option::Some(#rt::LaplacianRule {
                    kind: #rt::Laplacian::#kind,
                    exp_weighted: #exp_weighted,
                })
            }
        }
        None => quote!(::core::option::Option::None),
    };
    let base = super::files::base_dir(g);
    quote! {
        __cajal_block.connectome(
            &#rt::ConnectomeRule {
                source: ::std::string::String::from(#source),
                lengths: #lengths,
                speed_mm_per_ms: #speed,
                rounding: #rounding,
                laplacian: #laplacian,
            },
            &#base,
        )?
    }
}

/// `DelayRounding::Up` or `Nearest`.
pub(super) fn delay_rounding(rt: &TokenStream, up: bool) -> TokenStream {
    if up {
        quote!(#rt::DelayRounding::Up)
    } else {
        quote!(#rt::DelayRounding::Nearest)
    }
}
