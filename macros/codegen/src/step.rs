//! The body of `step`: read one instance, handle refractoriness and events in the model's
//! schedule, integrate with the model's method, write back.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use cajal_lang::ir::{Method, Model, Refractory, Schedule, Var};

use crate::expr::{self, VarTokens, number};
use crate::names::{input_slots, internal, state_slots, tied, user};

/// Variables read as locals named after the model's declarations (`t` for time).
pub struct Locals<'a>(pub &'a Model);

impl VarTokens for Locals<'_> {
    fn var(&self, v: Var) -> TokenStream {
        let m = self.0;
        let id = match v {
            Var::Param(i) => user(&m.params[i].name),
            Var::State(i) => user(&m.states[i].name),
            Var::Input(i) => user(&m.inputs[i].name),
            Var::Time => Ident::new("t", proc_macro2::Span::call_site()),
            Var::Pre => Ident::new("pre", proc_macro2::Span::call_site()),
            Var::Post => Ident::new("post", proc_macro2::Span::call_site()),
            Var::Total => Ident::new("total", proc_macro2::Span::call_site()),
            Var::Noise => Ident::new("__cajal_xi", proc_macro2::Span::call_site()),
            Var::Weight => Ident::new("__cajal_w", proc_macro2::Span::call_site()),
            Var::Index | Var::Random { .. } | Var::Column(_) => {
                unreachable!("only network values read the neuron index, draws and columns")
            }
            Var::Trace(_) | Var::Signal(_) => {
                unreachable!("only a plastic synapse's plasticity reads traces and signals")
            }
            Var::Draw(k) => internal(&format!("draw{k}")),
            Var::Dt => internal("dt"),
        };
        quote!(#id)
    }

    fn delayed(&self, state: usize, delay: TokenStream) -> TokenStream {
        let delayed = self.0.delayed_states();
        let m = delayed
            .iter()
            .position(|k| *k == state)
            .expect("a delayed state is listed");
        let d = delayed.len();
        let (hist, len, step_no, dt, n, i) = (
            internal("hist"),
            internal("hist_len"),
            internal("step_no"),
            internal("dt"),
            internal("n"),
            internal("i"),
        );
        quote!({
            let __cajal_lag = f64::ceil(#delay / #dt) as usize;
            #hist[(((#step_no as usize + #len - __cajal_lag) % #len) * #d + #m) * #n + #i]
        })
    }
}

fn state_ids(m: &Model) -> Vec<Ident> {
    m.states.iter().map(|s| user(&s.name)).collect()
}

/// `(rhs_0, rhs_1, …)` evaluated on the current locals.
fn rhs_tuple(m: &Model, vars: &dyn VarTokens, rt: &TokenStream) -> TokenStream {
    let rhs = m.equations.iter().map(|e| expr::tokens(&e.rhs, vars, rt));
    quote!((#(#rhs,)*))
}

/// One explicit Runge–Kutta stage: `let (k_x, …) = { let x = x + c·dt·prev_x; …; rhs }`.
fn stage(
    m: &Model,
    vars: &dyn VarTokens,
    rt: &TokenStream,
    name: &str,
    from: Option<(&str, TokenStream)>,
) -> TokenStream {
    let ks: Vec<Ident> = m.states.iter().map(|s| tied(name, &s.name)).collect();
    let rhs = rhs_tuple(m, vars, rt);
    let dt = internal("dt");
    match from {
        None => quote!(let (#(#ks,)*) = #rhs;),
        Some((prev, c)) => {
            let xs = state_ids(m);
            let prevs: Vec<Ident> = m.states.iter().map(|s| tied(prev, &s.name)).collect();
            quote! {
                let (#(#ks,)*) = {
                    #(let #xs = #xs + #c * #dt * #prevs;)*
                    let t = t + #c * #dt;
                    #rhs
                };
            }
        }
    }
}

/// `+ dt·g·ξ` for an equation with white noise (ξ = N(0, 1)/√(dt in s), so the increment has
/// the variance g²·dt of a Wiener process; g is per s^-1/2), or nothing.
fn noise_increment(m: &Model, vars: &dyn VarTokens, e: usize, rt: &TokenStream) -> TokenStream {
    let Some(g) = &m.equations[e].noise else {
        return TokenStream::new();
    };
    let g = expr::tokens(g, vars, rt);
    let (dt, i, seed, step_no) = (
        internal("dt"),
        internal("i"),
        internal("seed"),
        internal("step_no"),
    );
    let stream = e as u64;
    quote!(+ #dt * #g * (#rt::__private::normal(#seed, #stream, #i as u64 + __cajal_first, #step_no) / f64::sqrt(#dt * 1e-3)))
}

/// Stochastic Heun (Stratonovich; for additive noise it agrees with Itô): a predictor
/// x̃ = x + dt·f(x) + g(x)·ΔW, then x ← x + dt/2·(f(x) + f(x̃)) + (g(x) + g(x̃))/2·ΔW with the
/// same ΔW (drawn as dt·N(0,1)/√(dt in s), per s^-1/2 of g).
fn stochastic_heun(m: &Model, vars: &dyn VarTokens, rt: &TokenStream) -> TokenStream {
    let (dt, i, seed, step_no) = (
        internal("dt"),
        internal("i"),
        internal("seed"),
        internal("step_no"),
    );
    let xs = state_ids(m);
    let ids = |what: &str| -> Vec<Ident> { m.states.iter().map(|s| tied(what, &s.name)).collect() };
    let (k1, k2, g1, g2, dw, news) = (
        ids("k1"),
        ids("k2"),
        ids("g1"),
        ids("g2"),
        ids("dw"),
        ids("new"),
    );
    let coefficient = |e: &cajal_lang::ir::Equation| match &e.noise {
        Some(g) => expr::tokens(g, vars, rt),
        None => number(0.0),
    };
    let g_now: Vec<TokenStream> = m.equations.iter().map(coefficient).collect();
    let draws = m.equations.iter().enumerate().map(|(e, eq)| {
        let w = &dw[e];
        if eq.noise.is_some() {
            let stream = e as u64;
            quote!(let #w = #dt * (#rt::__private::normal(#seed, #stream, #i as u64 + __cajal_first, #step_no) / f64::sqrt(#dt * 1e-3));)
        } else {
            quote!(let #w = 0.0;)
        }
    });
    let rhs = rhs_tuple(m, vars, rt);
    quote! {
        let (#(#k1,)*) = #rhs;
        let (#(#g1,)*) = (#(#g_now,)*);
        #(#draws)*
        let ((#(#k2,)*), (#(#g2,)*)) = {
            #(let #xs = #xs + #dt * #k1 + #g1 * #dw;)*
            let t = t + #dt;
            (#rhs, (#(#g_now,)*))
        };
        #(let #news = #xs + 0.5 * #dt * (#k1 + #k2) + 0.5 * (#g1 + #g2) * #dw;)*
    }
}

/// Statements that compute `__cajal_new_<x>` for every state from the current locals.
pub fn integrate(m: &Model, vars: &dyn VarTokens, method: Method, rt: &TokenStream) -> TokenStream {
    let dt = internal("dt");
    let xs = state_ids(m);
    let news: Vec<Ident> = m.states.iter().map(|s| tied("new", &s.name)).collect();
    let k = |stage: &str| -> Vec<Ident> { m.states.iter().map(|s| tied(stage, &s.name)).collect() };
    let body =
        match method {
            Method::Euler | Method::EulerMaruyama => {
                let s1 = stage(m, vars, rt, "k1", None);
                let k1 = k("k1");
                let noise: Vec<TokenStream> = (0..m.equations.len())
                    .map(|e| noise_increment(m, vars, e, rt))
                    .collect();
                quote! { #s1 #(let #news = #xs + #dt * #k1 #noise;)* }
            }
            Method::SemiImplicitEuler => {
                // Each variable in turn, from the values already updated in this step.
                let refractory = internal("refractory");
                let updates = m.equations.iter().zip(&news).zip(&xs).enumerate().map(
                    |(e, ((eq, new), x))| {
                        let f = expr::tokens(&eq.rhs, vars, rt);
                        let noise = noise_increment(m, vars, e, rt);
                        let clamp = eq.clamped.then(|| clamp(&refractory, x, new));
                        quote!(let #new = #x + #dt * #f #noise; #clamp #x = #new;)
                    },
                );
                quote!(#(#updates)*)
            }
            Method::Rk2 if m.equations.iter().any(|e| e.noise.is_some()) => {
                stochastic_heun(m, vars, rt)
            }
            Method::Rk2 => {
                let s1 = stage(m, vars, rt, "k1", None);
                let s2 = stage(m, vars, rt, "k2", Some(("k1", number(1.0))));
                let (k1, k2) = (k("k1"), k("k2"));
                quote! { #s1 #s2 #(let #news = #xs + 0.5 * #dt * (#k1 + #k2);)* }
            }
            Method::Rk4 => {
                let s1 = stage(m, vars, rt, "k1", None);
                let s2 = stage(m, vars, rt, "k2", Some(("k1", number(0.5))));
                let s3 = stage(m, vars, rt, "k3", Some(("k2", number(0.5))));
                let s4 = stage(m, vars, rt, "k4", Some(("k3", number(1.0))));
                let (k1, k2, k3, k4) = (k("k1"), k("k2"), k("k3"), k("k4"));
                quote! {
                    #s1 #s2 #s3 #s4
                    #(let #news = #xs + #dt / 6.0 * (#k1 + 2.0 * #k2 + 2.0 * #k3 + #k4);)*
                }
            }
            Method::Exact | Method::ExponentialEuler | Method::ExpEulerDiag => {
                exponential(m, vars, method, rt)
            }
            // A discrete-time model's update: every new value from the values before it.
            Method::Synchronous | Method::Asynchronous => {
                let values = m.equations.iter().map(|eq| expr::tokens(&eq.rhs, vars, rt));
                quote! { #(let #news = #values;)* }
            }
        };
    let refractory = internal("refractory");
    let clamps = m
        .equations
        .iter()
        .zip(&news)
        .zip(&xs)
        .filter(|((eq, _), _)| eq.clamped)
        .map(|((_, new), x)| clamp(&refractory, x, new));
    quote! { #body #(#clamps)* #(#xs = #news;)* }
}

/// The exponential methods: x ← x + dt·φ(dt·a)·f(x), φ = exprel, a = ∂f/∂x — exact for
/// linear f, Brian2's exponential Euler for conditionally linear f, brainmass's scheme
/// otherwise; with `exact`, the states of a coupled linear system step together through
/// their matrix propagator x ← x + P·f(x), P = dt·φ₁(dt·A).
fn exponential(m: &Model, vars: &dyn VarTokens, method: Method, rt: &TokenStream) -> TokenStream {
    let dt = internal("dt");
    let xs = state_ids(m);
    let news: Vec<Ident> = m.states.iter().map(|s| tied("new", &s.name)).collect();
    let (block, matrix) = m.coupled_block_of(method);
    let steps = m
        .equations
        .iter()
        .zip(&news)
        .zip(&xs)
        .enumerate()
        .filter(|(i, _)| !block.contains(i))
        .map(|(_, ((eq, new), x))| {
            let f = expr::tokens(&eq.rhs, vars, rt);
            let a = eq
                .jacobian_diagonal
                .as_ref()
                .expect("exponential methods carry the Jacobian diagonal");
            let factor = |vars: &dyn VarTokens| {
                let a = expr::tokens(a, vars, rt);
                quote!(#dt * #rt::__private::exprel(#dt * #a))
            };
            // dt·φ(dt·a) is computed once per step when a is (linear equations).
            let factor = if expr::is_invariant(a, vars) {
                expr::hoisted(vars, factor)
            } else {
                factor(vars)
            };
            quote!(let #new = #x + #factor * #f;)
        });
    let steps: Vec<TokenStream> = steps.collect();
    let coupled = (!block.is_empty()).then(|| coupled_step(m, vars, rt, &block, &matrix));
    let noisy: Vec<TokenStream> = news
        .iter()
        .enumerate()
        .map(|(e, new)| {
            let noise = noise_increment(m, vars, e, rt);
            if noise.is_empty() {
                TokenStream::new()
            } else {
                quote!(let #new = #new #noise;)
            }
        })
        .collect();
    quote!(#(#steps)* #coupled #(#noisy)*)
}

/// The coupled states' step: P = dt·φ₁(dt·A) (once per step when A is invariant), their
/// drifts f_j from the current values, then x_i ← x_i + Σ_j P_ij·f_j in ascending j.
fn coupled_step(
    m: &Model,
    vars: &dyn VarTokens,
    rt: &TokenStream,
    block: &[usize],
    matrix: &[Vec<&cajal_lang::ir::Expr>],
) -> TokenStream {
    let dt = internal("dt");
    let propagator = internal("propagator");
    let build = |vars: &dyn VarTokens| {
        let rows = matrix.iter().map(|row| {
            let entries = row.iter().map(|a| expr::tokens(a, vars, rt));
            quote!([#(#entries),*])
        });
        quote!(#rt::__private::linear_propagator_array(#dt, [#(#rows),*]))
    };
    let n = Literal::usize_unsuffixed(block.len());
    let value = if matrix.iter().flatten().all(|a| expr::is_invariant(a, vars)) {
        expr::hoisted_as(vars, quote!([[f64; #n]; #n]), build)
    } else {
        build(vars)
    };
    let drifts: Vec<Ident> = block
        .iter()
        .map(|&i| tied("drift", &m.states[i].name))
        .collect();
    let drift_values = block
        .iter()
        .map(|&i| expr::tokens(&m.equations[i].rhs, vars, rt));
    let updates = block.iter().enumerate().map(|(r, &i)| {
        let x = user(&m.states[i].name);
        let new = tied("new", &m.states[i].name);
        let r = Literal::usize_unsuffixed(r);
        let terms = drifts.iter().enumerate().map(|(c, f)| {
            let c = Literal::usize_unsuffixed(c);
            quote!(#propagator[#r][#c] * #f)
        });
        quote!(let #new = #x + (#(#terms)+*);)
    });
    quote! {
        let #propagator = #value;
        #(let #drifts = #drift_values;)*
        #(#updates)*
    }
}

/// `let new = if refractory { x } else { new };` as a branch-free select: whether a neuron is
/// refractory is not predictable from one neuron to the next.
fn clamp(refractory: &Ident, x: &Ident, new: &Ident) -> TokenStream {
    quote!(let #new = ::core::hint::select_unpredictable(#refractory, #x, #new);)
}

/// One `if condition { actions }` per event, in order.
fn event_branches(m: &Model, vars: &dyn VarTokens, rt: &TokenStream) -> Vec<TokenStream> {
    let refractory = internal("refractory");
    let fired = internal("fired");
    let i = internal("i");
    let dt = internal("dt");
    let refr = internal("refr");
    let spikes = internal("spikes");
    let evs = m.events.iter().map(|ev| {
        let cond = expr::tokens(&ev.condition, vars, rt);
        let assigns = ev.assignments.iter().map(|(k, value)| {
            let x = user(&m.states[*k].name);
            let v = expr::tokens(value, vars, rt);
            quote!(#x = #v;)
        });
        let emit = ev.emits_spike.then(|| quote!(#spikes.push(#i as u32);));
        let start_refractory = match &m.refractory {
            Refractory::Period(p) if ev.emits_spike => {
                let p = expr::tokens(p, vars, rt);
                Some(quote!(#refr[__cajal_li] = #rt::__private::refractory_steps(#p, #dt).saturating_sub(1);))
            }
            _ => None,
        };
        quote! {
            if !#refractory && #cond {
                #(#assigns)*
                #emit
                #start_refractory
                #fired = true;
            }
        }
    });
    evs.collect()
}

/// Reads instance `__cajal_li` into locals named after the model: `t`, states, inputs, and
/// the uniform draws of its `hazard(…)` conditions for this step (keyed by seed, stream,
/// global instance index and step, so that every loop that tests a condition sees the same
/// draw, whatever the threads).
fn load(m: &Model, rt: &TokenStream) -> TokenStream {
    let i = internal("i");
    let draws = (0..m.hazard_draws()).map(|k| {
        let (id, start) = (
            internal(&format!("draw{k}")),
            internal(&format!("hazard_start{k}")),
        );
        quote!(let #id = #rt::__private::hazard_draw(#start, #i as u64 + __cajal_first);)
    });
    let t_arg = internal("t");
    let xs = state_ids(m);
    let slots = state_slots(m);
    let ins: Vec<Ident> = m.inputs.iter().map(|s| user(&s.name)).collect();
    let in_slots = input_slots(m);
    quote! {
        let t = #t_arg;
        #(let mut #xs = #slots[__cajal_li];)*
        #(let #ins = #in_slots[__cajal_li];)*
        #(#draws)*
    }
}

/// Writes the state locals back to instance `__cajal_li`, noting in `__cajal_bad` whether
/// any is NaN or infinite (so that the divergence check need not read the state again).
fn store(m: &Model, rt: &TokenStream) -> TokenStream {
    let xs = state_ids(m);
    let slots = state_slots(m);
    quote! {
        #(#slots[__cajal_li] = #xs;)*
        #(__cajal_bad |= #rt::__private::non_finite_bit(#xs);)*
    }
}

/// `let __cajal_refractory = …;` at the start of the step (a refractory period's counter
/// counts down, without a branch).
fn refractory_now(m: &Model, vars: &dyn VarTokens, rt: &TokenStream) -> TokenStream {
    let (refractory, refr) = (internal("refractory"), internal("refr"));
    match &m.refractory {
        Refractory::None => quote!(let #refractory = false;),
        Refractory::Period(_) => quote! {
            let #refractory = #refr[__cajal_li] > 0;
            #refr[__cajal_li] = #refr[__cajal_li].saturating_sub(1);
        },
        Refractory::While(c) => {
            let c = expr::tokens(c, vars, rt);
            quote!(let #refractory = #c;)
        }
    }
}

/// The loop body for instance `__cajal_i` (global index: noise streams, per-instance
/// parameters, delay history), stored at `__cajal_li` of the state, input and refractory
/// slices (the same index unless the population is stepped in chunks), with `method` and
/// `schedule` (parameters are already bound).
pub fn instance_body(
    m: &Model,
    vars: &dyn VarTokens,
    method: Method,
    schedule: Schedule,
    rt: &TokenStream,
) -> TokenStream {
    let fired = internal("fired");
    let integrate = integrate(m, vars, method, rt);
    let events = event_branches(m, vars, rt);
    let update = match schedule {
        // The first event that holds on the stored values fires; otherwise integrate.
        Schedule::Seed => quote! {
            let mut #fired = false;
            #(#events else)* { #integrate }
        },
        // Integrate, then test every event in order on the new values.
        Schedule::Brian2 => quote! {
            let mut #fired = false;
            #integrate
            #(#events)*
        },
    };
    let (load, refractory_now, store) = (load(m, rt), refractory_now(m, vars, rt), store(m, rt));
    quote! {
        #load
        #refractory_now
        #update
        let _ = #fired;
        #store
    }
}

/// A step in two loops, for models with events: the first integrates every instance
/// without a branch (so it can vectorise) and flags, in `__cajal_flags`, the instances for
/// which some event condition holds (and that are not refractory); the second runs the
/// events, in order, for the flagged instances only. Whether an instance is refractory or
/// fires is unpredictable from one instance to the next, so branching on it in the first
/// loop would cost more than the arithmetic. In the Brian2 schedule the conditions are
/// tested on the integrated values; in the seed schedule on the stored ones, and a flagged
/// instance keeps its stored values for its events instead of integrating. `None` for
/// models without events.
pub fn split_bodies(
    m: &Model,
    vars: &dyn VarTokens,
    method: Method,
    schedule: Schedule,
    rt: &TokenStream,
) -> Option<(TokenStream, TokenStream)> {
    if m.events.is_empty() {
        return None;
    }
    let (refractory, fired) = (internal("refractory"), internal("fired"));
    let integrate = integrate(m, vars, method, rt);
    // In the Brian2 schedule a flagged instance only runs the events, each testing its exact
    // condition again: the flags may be a cheaper superset (a hazard's exact probability,
    // a library call, is computed for the few candidates only). In the seed schedule a
    // flagged instance does not integrate, so the flags must be exact.
    let conditions: Vec<TokenStream> = m
        .events
        .iter()
        .map(|ev| match schedule {
            Schedule::Brian2 => expr::tokens(&ev.condition.necessary_condition(), vars, rt),
            Schedule::Seed => expr::tokens(&ev.condition, vars, rt),
        })
        .collect();
    let hit = quote!(let __cajal_hit = (#(#conditions)|*) & !#refractory;);
    let events = event_branches(m, vars, rt);
    let (load, refractory_now, store) = (load(m, rt), refractory_now(m, vars, rt), store(m, rt));
    let (integrate_and_flag, run_events) = match schedule {
        Schedule::Brian2 => (quote!(#integrate #hit), quote!(#(#events)*)),
        Schedule::Seed => {
            let xs = state_ids(m);
            let olds: Vec<Ident> = m.states.iter().map(|s| tied("old", &s.name)).collect();
            (
                quote! {
                    #hit
                    #(let #olds = #xs;)*
                    #integrate
                    #(#xs = ::core::hint::select_unpredictable(__cajal_hit, #olds, #xs);)*
                },
                quote!(#(#events)else*),
            )
        }
    };
    let integrate_and_flag = quote! {
        #load
        #refractory_now
        #integrate_and_flag
        #store
        __cajal_flags[__cajal_li] = __cajal_hit as u8;
    };
    let run_events = quote! {
        #load
        let #refractory = false;
        let mut #fired = false;
        #run_events
        let _ = #fired;
        #store
    };
    Some((integrate_and_flag, run_events))
}
