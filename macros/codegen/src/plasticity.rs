//! The `Synapse` methods of a plastic synapse: initial traces, their exact decay between
//! spikes, and the `on_pre` / `on_post` statements applied to one synapse.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use cajal_lang::ir::{PlasticStmt, PlasticTarget, Synapse, Var};

use crate::expr::{self, VarTokens};
use crate::names::{internal, user};
use crate::step::Locals;

/// Parameters, the weight (`__cajal_w`) and traces read as locals.
struct PlasticLocals<'a>(&'a Synapse);

impl VarTokens for PlasticLocals<'_> {
    fn var(&self, v: Var) -> TokenStream {
        match v {
            Var::Trace(k) => {
                let p = self.0.plasticity.as_ref().expect("a plastic synapse");
                let id = user(&p.traces[k].name);
                quote!(#id)
            }
            other => Locals(&self.0.dynamics).var(other),
        }
    }

    fn delayed(&self, state: usize, delay: TokenStream) -> TokenStream {
        Locals(&self.0.dynamics).delayed(state, delay)
    }
}

/// The statements in order, on locals: traces and weight are set, increments of the summed
/// state and `post` variables are added to `summed[k]` / `post[k]`.
fn statements(s: &Synapse, stmts: &[PlasticStmt], rt: &TokenStream) -> TokenStream {
    let p = s.plasticity.as_ref().expect("a plastic synapse");
    let w = internal("w");
    let each = stmts.iter().map(|st| {
        let v = expr::tokens(&st.value, &PlasticLocals(s), rt);
        match st.target {
            PlasticTarget::Summed(k) => quote!(summed[#k] += #v;),
            PlasticTarget::Post(k) => quote!(post[#k] += #v;),
            PlasticTarget::Trace(k) => {
                let id = user(&p.traces[k].name);
                quote!(#id = #v;)
            }
            PlasticTarget::Weight => quote!(#w = #v;),
        }
    });
    quote!(#(#each)*)
}

/// The trait methods (empty for a synapse without plasticity, whose defaults apply).
pub fn plastic_methods(s: &Synapse, bind: &TokenStream, rt: &TokenStream) -> TokenStream {
    let Some(p) = &s.plasticity else {
        return TokenStream::new();
    };
    let ids: Vec<Ident> = p.traces.iter().map(|t| user(&t.name)).collect();
    let ks: Vec<usize> = (0..p.traces.len()).collect();
    let locals = PlasticLocals(s);
    let inits = p.traces.iter().map(|t| expr::tokens(&t.init, &locals, rt));
    let rates: Vec<TokenStream> = p
        .traces
        .iter()
        .map(|t| expr::tokens(&t.rate, &locals, rt))
        .collect();
    let w = internal("w");
    let load = quote! {
        let mut #w = *w;
        #(let mut #ids = traces[#ks];)*
    };
    let store = quote! {
        *w = #w;
        #(traces[#ks] = #ids;)*
    };
    let on_pre = statements(s, &p.on_pre, rt);
    let on_post = statements(s, &p.on_post, rt);
    let elapsed = Ident::new("elapsed_ms", Span::call_site());
    quote! {
        fn trace_init(&self, traces: &mut [f64]) {
            #bind
            #(traces[#ks] = #inits;)*
        }

        fn decay_traces(&self, #elapsed: f64, traces: &mut [f64]) {
            #bind
            #(traces[#ks] *= (#rates * #elapsed).exp();)*
        }

        fn on_pre_plastic(&self, w: &mut f64, traces: &mut [f64], summed: &mut [f64], post: &mut [f64]) {
            #bind
            #load
            #on_pre
            #store
        }

        fn on_post_plastic(&self, w: &mut f64, traces: &mut [f64]) {
            #bind
            #load
            #on_post
            #store
        }
    }
}
