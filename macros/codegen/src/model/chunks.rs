//! The parallel path of a step: the state, input, refractory and flag slices cut into
//! chunks at the same places, each chunk integrated (and its flagged events run) on rayon's
//! threads, and the chunks' spikes appended in chunk order.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::Parts;
use crate::names::{input_slots, internal, state_slots, tied};

/// Runs `binds` + `body` for every instance, chunk by chunk in parallel; with `events` (the
/// two-loop step), each chunk also takes its slice of the flags and runs the events of its
/// flagged instances after its integration loop.
pub(super) fn chunked(
    p: &Parts,
    binds: &TokenStream,
    body: &TokenStream,
    events: Option<&TokenStream>,
) -> TokenStream {
    let (m, rt) = (p.m, p.rt);
    let (n, i, spikes, refr) = (
        internal("n"),
        internal("i"),
        internal("spikes"),
        internal("refr"),
    );
    let slots = state_slots(m);
    let in_slots = input_slots(m);
    let rests: Vec<Ident> = m.states.iter().map(|v| tied("rest", &v.name)).collect();
    let in_rests: Vec<Ident> = m.inputs.iter().map(|v| tied("rest_in", &v.name)).collect();
    let (refr_rest_init, refr_cut, refr_item, refr_pat) = if p.has_period {
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
}
