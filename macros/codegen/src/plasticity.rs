//! The `Synapse` methods of a plastic synapse: initial per-synapse variables, the traces'
//! exact decay between spikes, the continuous variables' and weight's Euler step, and the
//! `on_pre` / `on_post` statements applied to one synapse.

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
                let id = per_synapse_id(self.0, k);
                quote!(#id)
            }
            other => Locals(&self.0.dynamics).var(other),
        }
    }

    fn delayed(&self, state: usize, delay: TokenStream) -> TokenStream {
        Locals(&self.0.dynamics).delayed(state, delay)
    }
}

/// The local name of per-synapse variable k (a trace or a continuous variable).
fn per_synapse_id(s: &Synapse, k: usize) -> Ident {
    let p = s.plasticity.as_ref().expect("a plastic synapse");
    let (name, _) = p.per_synapse(k).expect("a per-synapse variable");
    user(name)
}

/// The statements in order, on locals: traces and weight are set, increments of the summed
/// state and `post` variables are added to `summed[k]` / `post[k]`.
fn statements(s: &Synapse, stmts: &[PlasticStmt], rt: &TokenStream) -> TokenStream {
    let w = internal("w");
    let each = stmts.iter().map(|st| {
        let v = expr::tokens(&st.value, &PlasticLocals(s), rt);
        match st.target {
            PlasticTarget::Summed(k) => quote!(summed[#k] += #v;),
            PlasticTarget::Post(k) => quote!(post[#k] += #v;),
            PlasticTarget::Trace(k) => {
                let id = per_synapse_id(s, k);
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
    let n_vars = p.traces.len() + p.continuous.len();
    let ids: Vec<Ident> = (0..n_vars).map(|k| per_synapse_id(s, k)).collect();
    let ks: Vec<usize> = (0..n_vars).collect();
    let trace_ks: Vec<usize> = (0..p.traces.len()).collect();
    let locals = PlasticLocals(s);
    let inits = p
        .traces
        .iter()
        .map(|t| &t.init)
        .chain(p.continuous.iter().map(|c| &c.init))
        .map(|e| expr::tokens(e, &locals, rt));
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
    let advance_continuous = advance_continuous(s, bind, &load, &store, rt);
    quote! {
        fn trace_init(&self, traces: &mut [f64]) {
            #bind
            #(traces[#ks] = #inits;)*
        }

        fn decay_traces(&self, #elapsed: f64, traces: &mut [f64]) {
            #bind
            #(traces[#trace_ks] *= (#rates * #elapsed).exp();)*
        }

        #advance_continuous

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

/// `advance_continuous`: one forward-Euler step of the continuous variables and the weight
/// of every synapse, all derivatives from the values at the start of the step (nothing for a
/// synapse without them).
fn advance_continuous(
    s: &Synapse,
    bind: &TokenStream,
    load: &TokenStream,
    store: &TokenStream,
    rt: &TokenStream,
) -> TokenStream {
    let Some(p) = s.plasticity.as_ref().filter(|p| p.is_continuous()) else {
        return TokenStream::new();
    };
    let n_vars = p.traces.len() + p.continuous.len();
    let locals = PlasticLocals(s);
    let w = internal("w");
    let mut targets: Vec<TokenStream> = (0..p.continuous.len())
        .map(|k| {
            let id = per_synapse_id(s, p.traces.len() + k);
            quote!(#id)
        })
        .collect();
    let mut derivatives: Vec<TokenStream> = p
        .continuous
        .iter()
        .map(|c| expr::tokens(&c.derivative, &locals, rt))
        .collect();
    if let Some(dw) = &p.weight_derivative {
        targets.push(quote!(#w));
        derivatives.push(expr::tokens(dw, &locals, rt));
    }
    let rates: Vec<Ident> = (0..targets.len())
        .map(|k| internal(&format!("rate{k}")))
        .collect();
    let post_ids: Vec<Ident> = s.dynamics.inputs.iter().map(|v| user(&v.name)).collect();
    let post_ks: Vec<usize> = (0..post_ids.len()).collect();
    quote! {
        fn advance_continuous(
            &self,
            t_ms: f64,
            dt_ms: f64,
            weights: &mut [f64],
            vars: &mut [f64],
            targets: &[u32],
            post: &[&[f64]],
        ) {
            #bind
            let t = t_ms;
            for ((w, traces), &__cajal_j) in weights
                .iter_mut()
                .zip(vars.chunks_exact_mut(#n_vars))
                .zip(targets)
            {
                #( let #post_ids = post[#post_ks][__cajal_j as usize]; )*
                #load
                #( let #rates = #derivatives; )*
                #( #targets += dt_ms * #rates; )*
                #store
            }
        }
    }
}
