//! The `Synapse` methods of a plastic synapse: initial per-synapse variables, the traces'
//! decay rates, the continuous variables' and weight's Euler step, and the `on_pre` /
//! `on_post` statements applied to a spiking source's row or a spiking target's column of
//! synapses, reading each variable from its store (per synapse, source or target).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use cajal_lang::ir::{PlasticStmt, PlasticTarget, Plasticity, Synapse, TraceScope, Var};

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
            Var::Signal(k) => {
                let id = user(&self.0.signals[k].name);
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
/// state go to `summed[k·n + j]` and those of `post` variables to `post_inc[m·len + s]`.
fn statements(s: &Synapse, stmts: &[PlasticStmt], rt: &TokenStream) -> TokenStream {
    let [w, summed, n, j, post_inc, len, syn] =
        ["w", "summed", "n", "j", "post_inc", "len", "s"].map(internal);
    let each = stmts.iter().map(|st| {
        let v = expr::tokens(&st.value, &PlasticLocals(s), rt);
        match st.target {
            PlasticTarget::Summed(k) => quote!(#summed[#k * #n + #j] += #v;),
            PlasticTarget::Post(m) => quote!(#post_inc[#m * #len + #syn] += #v;),
            PlasticTarget::Trace(k) => {
                let id = per_synapse_id(s, k);
                quote!(#id = #v;)
            }
            PlasticTarget::Weight => quote!(#w = #v;),
        }
    });
    quote!(#(#each)*)
}

/// `let <signal> = <from>[k];` for every signal the synapse reads.
fn bind_signals(s: &Synapse, from: &TokenStream) -> TokenStream {
    let ids = s.signals.iter().map(|v| user(&v.name));
    let ks = 0..s.signals.len();
    quote!(#(let #ids: f64 = #from[#ks];)*)
}

/// The runtime's `TraceScope` of every trace (for the synapse's info).
pub fn trace_scopes(s: &Synapse, rt: &TokenStream) -> Vec<TokenStream> {
    let Some(p) = &s.plasticity else {
        return Vec::new();
    };
    (0..p.traces.len())
        .map(|k| match p.scope(k) {
            TraceScope::Synapse => quote!(#rt::__private::TraceScope::Synapse),
            TraceScope::Pre => quote!(#rt::__private::TraceScope::Pre),
            TraceScope::Post => quote!(#rt::__private::TraceScope::Post),
        })
        .collect()
}

/// Loads of every per-synapse variable into its local, and stores of those a visit may
/// change.
struct Access {
    loads: Vec<TokenStream>,
    stores: Vec<TokenStream>,
}

/// Where a shared store is read (`array[base + k]`, or `array[k]` without a base) and, if
/// the visit changes it, written (`to[k]`).
struct Shared<'a> {
    array: &'a TokenStream,
    base: Option<&'a TokenStream>,
    to: Option<&'a TokenStream>,
}

/// Per-synapse variables are read from and written to `own[s·K_s + k]`; per-source and
/// per-target ones as `pre` and `post` say.
fn access(p: &Plasticity, s: &Synapse, pre: Shared<'_>, post: Shared<'_>) -> Access {
    let (k_own, _, _) = p.scope_counts();
    let [own, syn] = ["own", "s"].map(internal);
    let (mut loads, mut stores) = (Vec::new(), Vec::new());
    for (k, (scope, index)) in p.layout().into_iter().enumerate() {
        let id = per_synapse_id(s, k);
        let shared = match scope {
            TraceScope::Synapse => {
                loads.push(quote!(let mut #id = #own[#syn * #k_own + #index];));
                stores.push(quote!(#own[#syn * #k_own + #index] = #id;));
                continue;
            }
            TraceScope::Pre => &pre,
            TraceScope::Post => &post,
        };
        let array = shared.array;
        loads.push(match shared.base {
            Some(base) => quote!(let mut #id = #array[#base + #index];),
            None => quote!(let mut #id = #array[#index];),
        });
        if let Some(to) = shared.to {
            stores.push(quote!(#to[#index] = #id;));
        }
    }
    Access { loads, stores }
}

/// The trait methods (empty for a synapse without plasticity, whose defaults apply).
pub fn plastic_methods(s: &Synapse, bind: &TokenStream, rt: &TokenStream) -> TokenStream {
    let Some(p) = &s.plasticity else {
        return TokenStream::new();
    };
    let n_vars = p.traces.len() + p.continuous.len();
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
    let ids: Vec<Ident> = (0..n_vars).map(|k| per_synapse_id(s, k)).collect();
    let w = internal("w");
    let load = quote! {
        let mut #w = *w;
        #(let mut #ids = traces[#ks];)*
    };
    let store = quote! {
        *w = #w;
        #(traces[#ks] = #ids;)*
    };
    let advance_continuous = advance_continuous(s, bind, &load, &store, rt);
    let on_pre_row = on_pre_row(p, s, bind, rt);
    let on_post_column = on_post_column(p, s, bind, rt);
    quote! {
        fn trace_init(&self, traces: &mut [f64]) {
            #bind
            #(traces[#ks] = #inits;)*
        }

        fn trace_rates(&self, out: &mut [f64]) {
            #bind
            #(out[#trace_ks] = #rates;)*
        }

        #advance_continuous
        #on_pre_row
        #on_post_column
    }
}

/// `on_pre_row`: `on_pre` at every synapse of a spiking source's row, in one loop. Every
/// synapse reads the source's traces as they were before the spike; the last one's new
/// values are kept (all synapses compute the same).
fn on_pre_row(p: &Plasticity, s: &Synapse, bind: &TokenStream, rt: &TokenStream) -> TokenStream {
    let (_, k_pre, k_post) = p.scope_counts();
    let [
        row,
        weights,
        targets,
        own,
        source,
        post,
        summed,
        n,
        post_inc,
        len,
        syn,
        j,
        w,
        old,
    ] = [
        "row", "weights", "targets", "own", "source", "post", "summed", "n", "post_inc", "len",
        "s", "j", "w", "old",
    ]
    .map(internal);
    let (old_t, source_t, post_t) = (quote!(#old), quote!(#source), quote!(#post));
    let post_base = quote!(#j * #k_post);
    let from_source = Shared {
        array: &old_t,
        base: None,
        to: Some(&source_t),
    };
    let from_targets = Shared {
        array: &post_t,
        base: Some(&post_base),
        to: None,
    };
    let Access { loads, stores } = access(p, s, from_source, from_targets);
    let body = statements(s, &p.on_pre, rt);
    let signals_bind = bind_signals(s, &quote!(__cajal_signals));
    quote! {
        fn on_pre_row(&self, #row: #rt::__private::PreRow<'_>) {
            #bind
            let #rt::__private::PreRow {
                weights: #weights,
                targets: #targets,
                own: #own,
                source: #source,
                post: #post,
                summed: #summed,
                n: #n,
                post_inc: #post_inc,
                signals: __cajal_signals,
            } = #row;
            #signals_bind
            let #len = #weights.len();
            let #old: [f64; #k_pre] = ::core::array::from_fn(|k| #source[k]);
            for #syn in 0..#len {
                let #j = #targets[#syn] as usize;
                let mut #w = #weights[#syn];
                #(#loads)*
                #body
                #weights[#syn] = #w;
                #(#stores)*
            }
        }
    }
}

/// `on_post_column`: `on_post` at every synapse onto a spiking target, in one loop (the
/// target's traces as they were before the spike for every synapse).
fn on_post_column(
    p: &Plasticity,
    s: &Synapse,
    bind: &TokenStream,
    rt: &TokenStream,
) -> TokenStream {
    let (_, k_pre, k_post) = p.scope_counts();
    let [
        column,
        weights,
        own,
        synapses,
        sources,
        pre,
        target,
        syn,
        i,
        w,
        old,
    ] = [
        "column", "weights", "own", "synapses", "sources", "pre", "target", "s", "i", "w", "old",
    ]
    .map(internal);
    let (old_t, target_t, pre_t) = (quote!(#old), quote!(#target), quote!(#pre));
    let pre_base = quote!(#i * #k_pre);
    let from_sources = Shared {
        array: &pre_t,
        base: Some(&pre_base),
        to: None,
    };
    let from_target = Shared {
        array: &old_t,
        base: None,
        to: Some(&target_t),
    };
    let Access { loads, stores } = access(p, s, from_sources, from_target);
    let body = statements(s, &p.on_post, rt);
    let signals_bind = bind_signals(s, &quote!(__cajal_signals));
    quote! {
        fn on_post_column(&self, #column: #rt::__private::PostColumn<'_>) {
            #bind
            let #rt::__private::PostColumn {
                weights: #weights,
                own: #own,
                synapses: #synapses,
                sources: #sources,
                pre: #pre,
                target: #target,
                signals: __cajal_signals,
            } = #column;
            #signals_bind
            let #old: [f64; #k_post] = ::core::array::from_fn(|k| #target[k]);
            for (&#syn, &#i) in #synapses.iter().zip(#sources) {
                let (#syn, #i) = (#syn as usize, #i as usize);
                let mut #w = #weights[#syn];
                #(#loads)*
                #body
                #weights[#syn] = #w;
                #(#stores)*
            }
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
    let signals_bind = bind_signals(s, &quote!(signals));
    quote! {
        fn advance_continuous(
            &self,
            t_ms: f64,
            dt_ms: f64,
            weights: &mut [f64],
            vars: &mut [f64],
            targets: &[u32],
            post: &[&[f64]],
            signals: &[f64],
        ) {
            #bind
            #signals_bind
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
