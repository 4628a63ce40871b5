//! The items generated for a `network`: a parameter struct (documented defaults, presets, the
//! seed) and a struct holding the built runtime `Network` with a field per population.
//!
//! Values meant for a model or synapse of another macro call are checked against that item's
//! unit table (`__CAJAL_UNITS`) in constants spanned at the value, so a wrong name or
//! dimension is a compile error under the offending tokens; the value is then converted to
//! the unit the item declares.

use cajal_lang::diag::Loc;
use cajal_lang::ir::{Expr, ModelUse, Network, Quantity, SignalValue, SourceKind, Var};
use cajal_lang::sym;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::Options;
use crate::docs::doc_attrs;
use crate::expr::{self, number};
use crate::flat_params::{FlatParams, flat_params};
use crate::names::{internal, suffixed, user};
use crate::presets::{preset_by_name, preset_fns};

mod files;
mod projections;
mod rules;
mod vars;

use projections::Names;
use vars::NetVars;

/// What the generator needs while it walks a network.
struct Gen<'a> {
    net: &'a Network,
    opts: &'a Options,
    /// Module-level constants: one unit check per value for another item.
    checks: Vec<TokenStream>,
}

impl Gen<'_> {
    fn span(&self, loc: Loc) -> Span {
        self.opts
            .spans
            .as_ref()
            .map_or(Span::call_site(), |t| t.span_range(loc.range()).0)
    }

    /// A user name as an identifier at its place in the macro input.
    fn spanned_ident(&self, name: &str, loc: Loc) -> Ident {
        let mut id = user(name);
        id.set_span(self.span(loc));
        id
    }

    fn value(&self, e: &Expr) -> TokenStream {
        expr::tokens(e, &NetVars(self.net), &self.opts.runtime)
    }

    /// A module-level constant checking that declaration `name` of kind `kind` of type
    /// `ty` exists and has dimension `dim`; its value is the power of ten of the declared
    /// unit. Spanned at `loc`, so a mismatch is a compile error there.
    #[allow(clippy::too_many_arguments)]
    fn check(
        &mut self,
        ty: &TokenStream,
        kind: &str,
        name: &str,
        dim: [i8; 7],
        loc: Loc,
        missing: String,
        mismatch: String,
    ) -> Ident {
        let rt = &self.opts.runtime;
        let id = Ident::new(
            &format!("__CAJAL_UNIT_{}_{}", self.net.name, self.checks.len()),
            Span::call_site(),
        );
        let span = self.span(loc);
        let call = respan(
            quote! {
                #rt::network::build::unit_exp10(#ty::__CAJAL_UNITS, #kind, #name, [#(#dim),*], #missing, #mismatch)
            },
            span,
        );
        self.checks.push(quote! {
            #[allow(non_upper_case_globals)]
            #[doc(hidden)]
            const #id: i32 = #call;
        });
        id
    }

    /// `q`, given for declaration `name` of kind `kind` of `ty` (the weight when `kind` is
    /// `weight`), checked and converted to the unit that `ty` declares for it.
    fn converted(
        &mut self,
        ty: &TokenStream,
        ty_name: &str,
        kind: &str,
        name: &str,
        q: &Quantity,
    ) -> TokenStream {
        let what = match kind {
            "weight" => format!("the weight of {ty_name}"),
            _ => format!("{} `{name}` of {ty_name}", kind_name(kind)),
        };
        let missing = match kind {
            "weight" => format!("{ty_name} has no weight: is it a synapse?"),
            _ => format!("{ty_name} has no {} `{name}`", kind_name(kind)),
        };
        let mismatch = format!(
            "{what} is not a {}: the value given has units of {}",
            q.unit.dim.describe(),
            q.unit_text
        );
        let u = self.check(ty, kind, name, q.unit.dim.0, q.loc, missing, mismatch);
        if !q.written_unit {
            let rt = &self.opts.runtime;
            let message = format!(
                "{what} is a pure number declared in a named unit: write its unit with the value (a bare number could be meant in another scale)"
            );
            let call = respan(
                quote!(#rt::network::build::require_written_unit(#ty::__CAJAL_UNITS, #kind, #name, #message)),
                self.span(q.loc),
            );
            self.checks.push(quote!(const _: () = #call;));
        }
        self.convert(q, &u)
    }

    /// A module-level constant requiring that `ty` declares state variable `name`.
    fn require_state(&mut self, ty: &TokenStream, name: &str, loc: Loc, missing: String) {
        self.require(ty, "state", name, loc, missing);
    }

    /// A module-level constant requiring that `ty` declares a state variable or output `name`.
    fn require_recordable(&mut self, ty: &TokenStream, name: &str, loc: Loc, missing: String) {
        let rt = &self.opts.runtime;
        let call = respan(
            quote!(#rt::network::build::require_recordable(#ty::__CAJAL_UNITS, #name, #missing)),
            self.span(loc),
        );
        self.checks.push(quote!(const _: () = #call;));
    }

    /// A module-level constant requiring that `ty` declares `name` of kind `kind`.
    fn require(&mut self, ty: &TokenStream, kind: &str, name: &str, loc: Loc, missing: String) {
        let rt = &self.opts.runtime;
        let call = respan(
            quote!(#rt::network::build::require(#ty::__CAJAL_UNITS, #kind, #name, #missing)),
            self.span(loc),
        );
        self.checks.push(quote!(const _: () = #call;));
    }

    /// The random draws of the population whose first neuron has global index `offset`.
    fn draws(&self, offset: &Ident) -> TokenStream {
        let rt = &self.opts.runtime;
        quote! {
            let __cajal_draws = #rt::network::build::Draws { seed: __cajal_seed, n_total: __cajal_total, offset: #offset };
        }
    }

    fn convert(&self, q: &Quantity, unit_const: &Ident) -> TokenStream {
        let rt = &self.opts.runtime;
        let v = self.value(&q.expr);
        let e = q.unit.exp10;
        quote!(#rt::network::build::rescale(#v, #e, #unit_const))
    }
}

/// `tokens` with every token but literals at `span`, so rustc reports errors in them there
/// (literals keep their own spans: lints read a literal's source text at its span).
fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut t| {
            match &t {
                proc_macro2::TokenTree::Group(g) => {
                    let mut inner =
                        proc_macro2::Group::new(g.delimiter(), respan(g.stream(), span));
                    inner.set_span(span);
                    t = proc_macro2::TokenTree::Group(inner);
                }
                proc_macro2::TokenTree::Literal(_) => {}
                _ => t.set_span(span),
            }
            t
        })
        .collect()
}

/// How a kind of declaration is named in messages.
fn kind_name(kind: &str) -> &str {
    match kind {
        "param" => "parameter",
        "state" => "state variable",
        other => other,
    }
}

fn per_neuron(q: &Quantity) -> bool {
    sym::any_var(&q.expr, &|v| {
        matches!(v, Var::Index | Var::Random { .. } | Var::Column(_))
    })
}

/// Tokens of a Rust path, with `suffix` appended to the last segment.
fn type_path(m: &ModelUse, suffix: &str) -> TokenStream {
    let n = m.path.len();
    let segs = m.path.iter().enumerate().map(|(k, s)| {
        if k + 1 == n {
            suffixed(s, suffix)
        } else {
            Ident::new(s, Span::call_site())
        }
    });
    quote!(#(#segs)::*)
}

fn type_name(m: &ModelUse) -> String {
    m.path.last().cloned().unwrap_or_default()
}

/// `Type::preset()` or `Type::default()`.
fn initial_params(ty: &TokenStream, m: &ModelUse) -> TokenStream {
    match &m.preset {
        Some((p, _)) => {
            let f = user(p);
            quote!(#ty::#f())
        }
        None => quote!(<#ty as ::core::default::Default>::default()),
    }
}

pub fn expand_network(net: &Network, opts: &Options) -> TokenStream {
    let rt = &opts.runtime;
    let mut g = Gen {
        net,
        opts,
        checks: Vec::new(),
    };
    let vis: TokenStream = net.vis.parse().unwrap_or_default();
    let name = Ident::new(&net.name, Span::call_site());
    let ty_params = suffixed(&net.name, "Params");
    let FlatParams {
        fields,
        defaults,
        infos,
        set_param,
        ..
    } = flat_params(&net.params, "network", rt);
    let presets = preset_fns(&net.params, &net.presets);
    let preset_by_name = preset_by_name(&net.presets, rt);
    let preset_names: Vec<&str> = net.presets.iter().map(|p| p.name.as_str()).collect();
    // A parameter whose value reads others is computed from them, in declaration order.
    let bind_params: Vec<TokenStream> = net
        .params
        .iter()
        .map(|p| {
            let id = user(&p.name);
            match &p.derived {
                Some(e) => {
                    let v = g.value(e);
                    quote!(let #id = #v;)
                }
                None => quote!(let #id = __cajal_params.#id;),
            }
        })
        .collect();
    // Parameters computed from others: (index, name).
    let derived: Vec<(usize, &str)> = net
        .params
        .iter()
        .enumerate()
        .filter(|(_, p)| p.derived.is_some())
        .map(|(k, p)| (k, p.name.as_str()))
        .collect();
    let derived_ids: Vec<Ident> = derived.iter().map(|(_, name)| user(name)).collect();
    let (derived_ks, derived_names): (Vec<usize>, Vec<&str>) = derived.iter().copied().unzip();
    let refuse_derived = (!derived.is_empty()).then(|| {
        quote! {
            let computed = match k {
                #( #derived_ks => ::core::option::Option::Some(#derived_names), )*
                _ => ::core::option::Option::None,
            };
            if let ::core::option::Option::Some(name) = computed {
                return ::core::result::Result::Err(#rt::__private::Error::computed_parameter(name));
            }
        }
    });
    let params_built = if derived.is_empty() {
        quote!(__cajal_params.clone())
    } else {
        quote! {{
            let mut __cajal_p = __cajal_params.clone();
            #( __cajal_p.#derived_ids = #derived_ids; )*
            __cajal_p
        }}
    };
    let default_seed = net.seed;
    let precision = net.single_precision.then(|| {
        quote! { __cajal_network.set_product_precision(#rt::Precision::F32); }
    });
    let dt = number(net.dt_ms);

    // ---- sizes and offsets ----
    let sizes: Vec<Ident> = (0..net.populations.len())
        .map(|k| internal(&format!("size{k}")))
        .collect();
    let offsets: Vec<Ident> = (0..net.populations.len())
        .map(|k| internal(&format!("offset{k}")))
        .collect();
    let pop_ids: Vec<Ident> = net.populations.iter().map(|p| user(&p.name)).collect();
    // Sources are numbered after the populations.
    let src_sizes: Vec<Ident> = (0..net.sources.len())
        .map(|k| internal(&format!("src_size{k}")))
        .collect();
    let src_offsets: Vec<Ident> = (0..net.sources.len())
        .map(|k| internal(&format!("src_offset{k}")))
        .collect();
    let src_ids: Vec<Ident> = net.sources.iter().map(|s| user(&s.name)).collect();
    let size_exprs: Vec<TokenStream> = net
        .populations
        .iter()
        .map(|p| (&p.size, format!("size of population `{}`", p.name)))
        .chain(
            net.sources
                .iter()
                .map(|s| (&s.size, format!("size of source `{}`", s.name))),
        )
        .map(|(e, what)| {
            let v = g.value(e);
            quote!(#rt::network::build::whole(#what, #v)?)
        })
        .collect();
    let all_sizes: Vec<&Ident> = sizes.iter().chain(&src_sizes).collect();
    let all_offsets: Vec<&Ident> = offsets.iter().chain(&src_offsets).collect();
    let size_lets = quote! {
        #(let #all_sizes: usize = #size_exprs;)*
        let mut __cajal_total = 0usize;
        #(let #all_offsets = __cajal_total; __cajal_total += #all_sizes;)*
    };

    // ---- sources ----
    let sources: Vec<TokenStream> = net
        .sources
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let (id, size, name) = (&src_ids[k], &src_sizes[k], &s.name);
            match &s.kind {
                SourceKind::Poisson { rate_hz } => {
                    let rate = g.value(rate_hz);
                    quote!(let #id = __cajal_network.add_poisson(#name, #size, #rate, __cajal_seed)?;)
                }
                SourceKind::SpikeTimes(spikes) => {
                    let items = spikes.iter().map(|(i, t)| {
                        let t = g.value(t);
                        quote!((#t, #i))
                    });
                    quote!(let #id = __cajal_network.add_spike_generator(#name, #size, &[#(#items),*])?;)
                }
            }
        })
        .collect();

    // ---- populations ----
    let mut populations = Vec::new();
    for (k, p) in net.populations.iter().enumerate() {
        let m = &p.model;
        let ty = type_path(m, "");
        let pty = type_path(m, "Params");
        let ty_name = type_name(m);
        let init_params = initial_params(&pty, m);
        let (size, offset, id, pname) = (&sizes[k], &offsets[k], &pop_ids[k], &p.name);
        let mut uniform = Vec::new();
        let mut uniform_names = Vec::new();
        let mut varying = Vec::new();
        for s in &m.settings {
            let v = g.converted(&ty, &ty_name, "param", &s.name, &s.value);
            if per_neuron(&s.value) {
                let n = &s.name;
                varying.push(quote! {
                    let __cajal_k = #rt::Model::info(&__cajal_model).param_index(#n)?;
                    let __cajal_values: ::std::vec::Vec<f64> = (0..#size).map(|__cajal_i| #v).collect();
                    #rt::Model::set_param_per_instance(&mut __cajal_model, __cajal_k, __cajal_values)?;
                });
            } else {
                let f = g.spanned_ident(&s.name, s.name_loc);
                uniform.push(quote!(__cajal_p.#f = #v;));
                uniform_names.push(s.name.as_str());
            }
        }
        // The defaults that derive from the parameters set follow them.
        let derive = (!uniform.is_empty()).then(|| {
            let preset = match &m.preset {
                Some((p, _)) => quote!(::core::option::Option::Some(#p)),
                None => quote!(::core::option::Option::None),
            };
            quote!(__cajal_p.derive_defaults(#preset, &[#(#uniform_names),*]);)
        });
        let reset =
            (!varying.is_empty()).then(|| quote!(#rt::Model::reset_state(&mut __cajal_model);));
        let inits: Vec<TokenStream> = m.inits.iter().map(|s| {
            let v = g.converted(&ty, &ty_name, "state", &s.name, &s.value);
            let n = &s.name;
            quote! {
                let __cajal_k = #rt::Model::info(&__cajal_model).state_index(#n)?;
                for (__cajal_i, __cajal_x) in #rt::Model::state_mut(&mut __cajal_model, __cajal_k).iter_mut().enumerate() {
                    *__cajal_x = #v;
                }
            }
        }).collect();
        let draws = g.draws(offset);
        let columns = files::check_columns(
            &g,
            m.settings.iter().chain(&m.inits).map(|s| &s.value),
            size,
            pname,
        );
        let method = m
            .method
            .as_ref()
            .map(|x| quote!(#rt::Model::set_method(&mut __cajal_model, #x)?;));
        let schedule = m
            .schedule
            .as_ref()
            .map(|x| quote!(#rt::Model::set_schedule(&mut __cajal_model, #x)?;));
        populations.push(quote! {
            let #id = {
                #draws
                #columns
                let mut __cajal_p = #init_params;
                #(#uniform)*
                #derive
                let mut __cajal_model = #ty::with_params(#size, __cajal_p)?;
                #method
                #schedule
                #(#varying)*
                #reset
                #(#inits)*
                __cajal_network.add_population(#pname, __cajal_model)?
            };
        });
    }

    // ---- drives ----
    let drives: Vec<TokenStream> = net
        .drives
        .iter()
        .map(|d| {
            let p = &net.populations[d.pop];
            let ty = type_path(&p.model, "");
            let v = g.converted(
                &ty,
                &type_name(&p.model),
                "input",
                &d.input.name,
                &d.input.value,
            );
            let draws = g.draws(&offsets[d.pop]);
            let (id, size, input) = (&pop_ids[d.pop], &sizes[d.pop], &d.input.name);
            let columns = files::check_columns(&g, [&d.input.value], size, &p.name);
            let shared = (!g.net.columns.is_empty())
                .then(|| quote!(let __cajal_columns = ::std::sync::Arc::clone(&__cajal_columns);));
            let timed = sym::any_var(&d.input.value.expr, &|v| matches!(v, Var::Time));
            let stimulus = if timed {
                quote! {
                    #rt::Stimulus::Function(#rt::StimulusFn::new(
                        move |__cajal_t: f64, __cajal_i: usize| #v
                    ))
                }
            } else if per_neuron(&d.input.value) {
                quote!(#rt::Stimulus::PerInstance((0..#size).map(|__cajal_i| #v).collect()))
            } else {
                quote!(#rt::Stimulus::Constant(#v))
            };
            quote! {
                {
                    #draws
                    #columns
                    #shared
                    __cajal_network.drive(#id, #input, #stimulus)?;
                }
            }
        })
        .collect();

    // ---- signals (before the projections that read them) ----
    let signals: Vec<TokenStream> = net
        .signals
        .iter()
        .map(|sig| {
            let (name, unit) = (&sig.name, &sig.unit.text);
            match &sig.value {
                SignalValue::Value(e) if sym::any_var(e, &|v| matches!(v, Var::Time)) => {
                    let v = g.value(e);
                    quote! {
                        __cajal_network.add_signal(#name, #unit, 0.0)?;
                        __cajal_network.drive_signal(#name, #rt::Stimulus::Function(#rt::StimulusFn::new(
                            move |__cajal_t: f64, __cajal_i: usize| #v
                        )))?;
                    }
                }
                SignalValue::Value(e) => {
                    let v = g.value(e);
                    quote!(__cajal_network.add_signal(#name, #unit, #v)?;)
                }
                SignalValue::State { pop, var: (var, loc) } => {
                    let p = &net.populations[*pop];
                    let ty = type_path(&p.model, "");
                    let missing = format!(
                        "{} has no state variable `{var}` for signal `{name}`",
                        type_name(&p.model)
                    );
                    g.require_state(&ty, var, *loc, missing);
                    let id = &pop_ids[*pop];
                    quote! {
                        __cajal_network.add_signal(#name, #unit, 0.0)?;
                        __cajal_network.bind_signal(#name, #id, #var)?;
                    }
                }
            }
        })
        .collect();

    // ---- projections ----
    let names = Names {
        pop_ids: &pop_ids,
        sizes: &sizes,
        offsets: &offsets,
        src_ids: &src_ids,
        src_sizes: &src_sizes,
        src_offsets: &src_offsets,
    };
    let projections: Vec<TokenStream> = net
        .projections
        .iter()
        .enumerate()
        .map(|(k, pr)| projections::projection(&mut g, k, pr, &names))
        .collect();

    // ---- Poisson inputs ----
    let poisson: Vec<TokenStream> = net
        .poisson_inputs
        .iter()
        .map(|pi| {
            let p = &net.populations[pi.pop];
            let ty = type_path(&p.model, "");
            let w = g.converted(&ty, &type_name(&p.model), "state", &pi.jump.name, &pi.jump.value);
            let (count, rate) = (g.value(&pi.count), g.value(&pi.rate_hz));
            let (id, name, var) = (&pop_ids[pi.pop], &pi.name, &pi.jump.name);
            let what = format!("number of trains of Poisson input `{name}`");
            quote! {
                __cajal_network.add_poisson_input(#name, #id, #var, #rt::network::build::whole(#what, #count)?, #rate, #w)?;
            }
        })
        .collect();

    // ---- monitors ----
    let records: Vec<TokenStream> = net
        .records
        .iter()
        .map(|r| {
            if r.of_projection {
                let name = &net.projections[r.pop].name;
                let (what, every) = (r.var.as_ref().map_or("", |v| v.0.as_str()), r.every);
                return quote! {
                    __cajal_monitors.push(__cajal_network.record_projection(#name, #what, #every)?);
                };
            }
            let id = &pop_ids[r.pop];
            match &r.var {
                None => quote!(__cajal_network.record_spikes(#id)?;),
                Some((var, loc)) => {
                    let p = &net.populations[r.pop];
                    let ty = type_path(&p.model, "");
                    let missing = format!(
                        "{} has no state variable or output `{var}` to record",
                        type_name(&p.model)
                    );
                    g.require_recordable(&ty, var, *loc, missing);
                    let (size, every) = (&sizes[r.pop], r.every);
                    quote! {
                        __cajal_monitors.push(__cajal_network.record_state(#id, #var, (0..#size).collect(), #every)?);
                    }
                }
            }
        })
        .collect();

    let read_columns = files::read_columns(&g, net);

    // ---- the struct ----
    let mut doc = net.doc.clone();
    if doc.is_empty() {
        doc.push(format!("The `{}` network.", net.name));
    }
    let struct_doc = doc_attrs(&doc);
    let doc_text = doc.join("\n");
    let params_doc = doc_attrs(&[format!("Parameters of [`{}`].", net.name)]);
    let pop_docs = net.populations.iter().map(|p| {
        let mut lines = vec![format!(
            "Population `{}` ({}).",
            p.name,
            p.model.path.join("::")
        )];
        lines.extend(p.doc.iter().cloned());
        doc_attrs(&lines)
    });
    let src_docs = net.sources.iter().map(|s| {
        let kind = match s.kind {
            SourceKind::Poisson { .. } => "Poisson trains",
            SourceKind::SpikeTimes(_) => "given spike times",
        };
        let mut lines = vec![format!("Spike source `{}` ({kind}).", s.name)];
        lines.extend(s.doc.iter().cloned());
        doc_attrs(&lines)
    });
    let checks = &g.checks;
    let source = &net.source;
    quote! {
        #params_doc
        #[derive(Clone, Debug, PartialEq)]
        #[allow(non_snake_case)]
        #vis struct #ty_params {
            #fields
            /// Seed of every random stream of the network (connectivity, initial values,
            /// Poisson input, noise).
            pub seed: u64,
        }

        #[automatically_derived]
        impl ::core::default::Default for #ty_params {
            fn default() -> Self {
                Self { #defaults seed: #default_seed }
            }
        }

        #[allow(non_snake_case, unused_parens, unused_braces, clippy::all)]
        impl #ty_params {
            #(#presets)*

            #preset_by_name

            /// The names of the presets, in order.
            pub const PRESETS: &'static [&'static str] = &[#(#preset_names),*];

            /// Names, units, defaults and documentation of the parameters, in order.
            pub const INFO: &'static [#rt::__private::ParamInfo] = &[#(#infos),*];

            /// Sets parameter `k` (in the order of `INFO`) to `value`, in its unit.
            pub fn set_param(&mut self, k: usize, value: f64) -> ::core::result::Result<(), #rt::__private::Error> {
                #refuse_derived
                #set_param
            }
        }

        #(#checks)*

        #struct_doc
        #[allow(non_snake_case)]
        #vis struct #name {
            /// The simulated network.
            pub network: #rt::Network,
            #( #pop_docs pub #pop_ids: #rt::PopulationId, )*
            #( #src_docs pub #src_ids: #rt::SourceId, )*
            /// State monitors, in the order of the `record` lines.
            pub monitors: ::std::vec::Vec<#rt::network::MonitorId>,
            /// The parameters it was built with.
            pub params: #ty_params,
        }

        #[allow(non_snake_case, unused_variables, unused_mut, unused_parens, unused_braces, clippy::all)]
        impl #name {
            /// Time step (ms).
            pub const DT_MS: f64 = #dt;

            /// The network's documentation (first line: its summary and source paper).
            pub const DOC: &'static str = #doc_text;

            /// The network's text as written.
            pub const SOURCE: &'static str = #source;

            /// Builds the network with the default parameters.
            pub fn new() -> ::core::result::Result<Self, #rt::Error> {
                Self::with_params(&#ty_params::default())
            }

            /// Builds the network with the given parameters; those whose value is an
            /// expression of others are computed from them.
            pub fn with_params(__cajal_params: &#ty_params) -> ::core::result::Result<Self, #rt::Error> {
                Self::with_params_on(__cajal_params, #rt::distributed::Share::whole())
            }

            /// As `with_params`, holding only this rank's `share` of the network (its
            /// neurons and the synapses onto them; see `cajal_runtime::distributed`).
            pub fn with_params_on(__cajal_params: &#ty_params, __cajal_share: #rt::distributed::Share) -> ::core::result::Result<Self, #rt::Error> {
                #(#bind_params)*
                let __cajal_seed = __cajal_params.seed;
                let mut __cajal_network = #rt::Network::with_share(#dt, __cajal_share)?;
                __cajal_network.set_seed(__cajal_seed);
                #precision
                #size_lets
                #read_columns
                #(#populations)*
                #(#sources)*
                #(#drives)*
                #(#signals)*
                #(#projections)*
                #(#poisson)*
                let mut __cajal_monitors = ::std::vec::Vec::new();
                #(#records)*
                ::core::result::Result::Ok(Self {
                    network: __cajal_network,
                    #(#pop_ids,)*
                    #(#src_ids,)*
                    monitors: __cajal_monitors,
                    params: #params_built,
                })
            }
        }

        #[automatically_derived]
        impl ::core::ops::Deref for #name {
            type Target = #rt::Network;
            fn deref(&self) -> &#rt::Network {
                &self.network
            }
        }

        #[automatically_derived]
        impl ::core::ops::DerefMut for #name {
            fn deref_mut(&mut self) -> &mut #rt::Network {
                &mut self.network
            }
        }
    }
}
