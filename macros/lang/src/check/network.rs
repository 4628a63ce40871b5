//! Network items: parameters and presets like a model's; populations, projections, drives,
//! Poisson inputs and monitors with their names resolved and every value dimension-checked.
//!
//! Values meant for another item (a model's parameter, a synapse's weight) keep their unit:
//! that item is compiled separately, so the generated code checks the match when Rust
//! compiles the network (see `cajal_codegen`).

use std::collections::HashMap;

use super::scale::{render_unit, rescale};
use super::{Checker, Decls, Scope, Sym, Typed};
use crate::ast::{self, ExprKind, Ident, ModelUse, RuleDecl};
use crate::diag::{Diagnostic, Diagnostics, Loc};
use crate::ir::{self, Expr, Var};
use crate::suggest::closest;
use crate::sym;
use crate::units::{Dim, Unit};

/// Time step of a network that does not state one (ms).
pub const DEFAULT_TIMESTEP_MS: f64 = 0.1;

/// A rule's arguments by name.
type NamedArgs<'e> = HashMap<String, &'e ast::Expr>;

/// The connectivity rules, their positional arguments and their other named arguments.
const RULES: &[(&str, &[&str], &[&str])] = &[
    ("all_to_all", &["w"], &[]),
    ("one_to_one", &["w"], &[]),
    ("bernoulli", &["p", "w"], &["seed", "pairwise"]),
    ("fixed_in_degree", &["k", "w"], &["seed"]),
    ("ring_gaussian", &["w", "sigma"], &[]),
    (
        "connectome",
        &["source"],
        &["lengths", "speed", "rounding", "laplacian"],
    ),
    ("ring_field", &["length", "kernel"], &[]),
    ("torus_field", &["nx", "lx", "ly", "kernel"], &[]),
    (
        "hebbian_patterns",
        &["count"],
        &["activity", "low", "high", "c", "a", "b", "seed"],
    ),
];

/// Checks a `network` item and lowers it to IR, or returns every error found.
pub fn check_network(item: &ast::NetworkItem) -> Result<ir::Network, Diagnostics> {
    let decls = Decls::parameters(&item.header, &item.params, &[], &item.presets);
    let mut c = Checker::new(&decls);
    let net = c.run_network(item);
    c.finish(net)
}

impl Checker<'_> {
    fn run_network(&mut self, item: &ast::NetworkItem) -> Option<ir::Network> {
        for (i, p) in item.params.iter().enumerate() {
            self.declare(&p.name, Sym::Param(i));
        }
        for p in &item.params {
            let param = self.param(p);
            self.params.push(param);
        }
        let presets = self.presets();
        let body = &item.body;
        let dt_ms = self.timestep(body.timestep.as_ref());
        let seed = body.seed.map_or(0, |(s, loc)| {
            if s == u64::MAX {
                self.err(Diagnostic::new(loc, "the seed must be below 2^64 − 1"));
            }
            s
        });

        let mut pop_index: HashMap<&str, usize> = HashMap::new();
        let mut populations = Vec::new();
        for p in &body.populations {
            if matches!(p.name.name.as_str(), "network" | "monitors" | "params") {
                self.err(
                    Diagnostic::new(p.name.loc, format!("`{}` cannot name a population", p.name.name))
                        .with_help("the built network has fields `network`, `monitors` and `params`; choose another name"),
                );
            }
            if pop_index.insert(&p.name.name, populations.len()).is_some() {
                self.err(Diagnostic::new(
                    p.name.loc,
                    format!("duplicate population `{}`", p.name.name),
                ));
            }
            let size = self.number(&p.size, "a population size", Dim::NONE, 0);
            let model = self.model_use(&p.model, &p.using, true);
            populations.push(ir::Population {
                name: p.name.name.clone(),
                doc: p.doc.clone(),
                model,
                size: size.unwrap_or(Expr::Num(0.0)),
            });
        }
        let mut source_index: HashMap<&str, usize> = HashMap::new();
        let mut sources = Vec::new();
        for src in &body.sources {
            let name = src.name.name.as_str();
            if matches!(name, "network" | "monitors" | "params") {
                self.err(Diagnostic::new(
                    src.name.loc,
                    format!("`{name}` cannot name a source"),
                ));
            }
            if pop_index.contains_key(name) || source_index.insert(name, sources.len()).is_some() {
                self.err(Diagnostic::new(
                    src.name.loc,
                    format!("duplicate name `{name}`: a population or source already has it"),
                ));
            }
            let size = self.number(&src.size, "a source size", Dim::NONE, 0);
            if let Some(kind) = self.source_kind(src) {
                sources.push(ir::Source {
                    name: name.to_string(),
                    doc: src.doc.clone(),
                    size: size.unwrap_or(Expr::Num(0.0)),
                    kind,
                });
            }
        }
        let names: Vec<&str> = body
            .populations
            .iter()
            .map(|p| p.name.name.as_str())
            .collect();
        let find = |c: &mut Self, id: &Ident| -> Option<usize> {
            let found = pop_index.get(id.name.as_str()).copied();
            if found.is_none() && source_index.contains_key(id.name.as_str()) {
                c.err(
                    Diagnostic::new(id.loc, format!("`{}` is a spike source, not a population", id.name))
                        .with_help("a source only starts projections: `projection X: Source -> Population = …`"),
                );
                return None;
            }
            if found.is_none() {
                let mut d = Diagnostic::new(id.loc, format!("unknown population `{}`", id.name));
                d = match closest(&id.name, names.iter().copied()) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d.with_help(format!(
                        "declare it with `population {} = Model[size]`",
                        id.name
                    )),
                };
                c.err(d);
            }
            found
        };

        let mut projections = Vec::new();
        let mut projection_names = HashMap::new();
        for p in &body.projections {
            if projection_names.insert(&p.name.name, ()).is_some() {
                self.err(Diagnostic::new(
                    p.name.loc,
                    format!("duplicate projection `{}`", p.name.name),
                ));
            }
            let pre = match source_index.get(p.pre.name.as_str()) {
                Some(&k) => Some(ir::Pre::Source(k)),
                None => find(self, &p.pre).map(ir::Pre::Population),
            };
            let post = find(self, &p.post);
            let synapse = self.model_use(&p.synapse, &p.using, false);
            let onto_itself =
                matches!((pre, post), (Some(ir::Pre::Population(a)), Some(b)) if a == b);
            let rule = self.rule(p, onto_itself);
            let rate = self.rate_ends(p, pre);
            if let (Ok(Some(_)), Some((rule, _, _))) = (&rate, &rule) {
                self.dimensionless_weights(rule);
            }
            match &rule {
                Some((ir::Rule::HebbianPatterns { .. }, _, _)) => {
                    self.whole_rule_fits(p, &rate, "hebbian_patterns", "pattern weights");
                }
                Some((ir::Rule::Field { .. }, _, _)) => {
                    self.whole_rule_fits(p, &rate, "a field rule", "a field's kernel");
                }
                Some((ir::Rule::Connectome(c), _, _)) => self.connectome_fits(p, &rate, c),
                _ => {}
            }
            let delay_ms = p.delay.as_ref().and_then(|d| self.delay(d));
            if let (Some(pre), Some(post), Some((rule, self_connections, seed)), Ok(rate)) =
                (pre, post, rule, rate)
            {
                projections.push(ir::Projection {
                    name: p.name.name.clone(),
                    doc: p.doc.clone(),
                    pre,
                    post,
                    synapse,
                    rule,
                    self_connections,
                    seed,
                    delay_ms,
                    rate,
                });
            }
        }

        let mut drives = Vec::new();
        for d in &body.drives {
            let pop = find(self, &d.pop);
            let value = self.quantity_in_time(&d.value, true, true);
            if let (Some(pop), Some(value)) = (pop, value) {
                drives.push(ir::Drive {
                    pop,
                    input: ir::Setting {
                        name: d.input.name.clone(),
                        name_loc: d.input.loc,
                        value,
                    },
                });
            }
        }

        let mut poisson_inputs = Vec::new();
        for p in &body.poisson_inputs {
            let pop = find(self, &p.pop);
            let args = self.named_args(
                &p.args,
                (&["count", "rate", "weight"], &[]),
                p.loc,
                "a Poisson input",
            );
            let count = args
                .get("count")
                .and_then(|e| self.number(e, "the number of trains", Dim::NONE, 0));
            let rate_hz = args
                .get("rate")
                .and_then(|e| self.number(e, "the rate", Dim::TIME.powi(-1), 0));
            let weight = args.get("weight").and_then(|e| self.quantity(e, false));
            if let (Some(pop), Some(count), Some(rate_hz), Some(weight)) =
                (pop, count, rate_hz, weight)
            {
                poisson_inputs.push(ir::PoissonInput {
                    name: p.name.name.clone(),
                    doc: p.doc.clone(),
                    pop,
                    jump: ir::Setting {
                        name: p.var.name.clone(),
                        name_loc: p.var.loc,
                        value: weight,
                    },
                    count,
                    rate_hz,
                });
            }
        }

        let signals = self.network_signals(&body.signals, &find);

        let mut records = Vec::new();
        for r in &body.records {
            let every = r.every.unwrap_or(1);
            if every == 0 || every == u64::MAX {
                self.err(Diagnostic::new(
                    r.pop.loc,
                    "`every` must be a whole number of steps, at least 1",
                ));
            }
            let var = r.var.as_ref().map(|v| (v.name.clone(), v.loc));
            let projection = projections
                .iter()
                .position(|p: &ir::Projection| p.name == r.pop.name && p.rate.is_some());
            if let (Some(k), false) = (projection, pop_index.contains_key(r.pop.name.as_str())) {
                if var.is_none() {
                    self.err(
                        Diagnostic::new(r.pop.loc, format!("`{}` is a rate projection: record what it observes", r.pop.name))
                            .with_help(format!("`record {0}.w` (a plastic coupling's weight), `record {0}.overlap` or `record {0}.energy` (stored patterns)", r.pop.name)),
                    );
                    continue;
                }
                records.push(ir::Record {
                    pop: k,
                    var,
                    of_projection: true,
                    every,
                });
            } else if let Some(pop) = find(self, &r.pop) {
                records.push(ir::Record {
                    pop,
                    var,
                    of_projection: false,
                    every,
                });
            }
        }

        Some(ir::Network {
            name: item.header.name.name.clone(),
            doc: item.header.doc.clone(),
            vis: item.header.vis.clone(),
            params: self.params.clone(),
            presets,
            dt_ms,
            seed,
            populations,
            sources,
            projections,
            drives,
            poisson_inputs,
            signals,
            records,
            columns: self.columns.clone(),
            source: String::new(),
        })
    }

    fn timestep(&mut self, e: Option<&ast::Expr>) -> f64 {
        let Some(e) = e else {
            return DEFAULT_TIMESTEP_MS;
        };
        let Some(t) = self.constant(e) else {
            return DEFAULT_TIMESTEP_MS;
        };
        if !self.expect_same_dim(e.loc, "the time step", Unit::MS, &t) {
            return DEFAULT_TIMESTEP_MS;
        }
        let dt = sym::eval(&rescale(t.expr, t.unit.exp10, -3), &|_| 0.0);
        if !(dt > 0.0 && dt.is_finite()) {
            self.err(Diagnostic::new(e.loc, "the time step must be positive"));
            return DEFAULT_TIMESTEP_MS;
        }
        dt
    }

    /// A value over network parameters with dimension `dim`, in the unit 10^exp10 of it.
    fn number(&mut self, e: &ast::Expr, what: &str, dim: Dim, exp10: i32) -> Option<Expr> {
        let t = self
            .lower(e, Scope::Params, &HashMap::new())
            .map_err(|d| self.err(d))
            .ok()?;
        let unit = Unit { dim, exp10 };
        if !self.expect_same_dim(e.loc, what, unit, &t) {
            return None;
        }
        Some(sym::simplify(&rescale(t.expr, t.unit.exp10, exp10)))
    }

    /// What a source emits: `poisson` with a `rate`, or `spike_times` with `neuron at time`
    /// entries.
    fn source_kind(&mut self, src: &ast::SourceDecl) -> Option<ir::SourceKind> {
        if src.kind.name == "poisson" {
            if let Some((_, t)) = src.spikes.first() {
                self.err(Diagnostic::new(
                    t.loc,
                    "a Poisson source has a `rate`, not spike times",
                ));
            }
            let what = "a Poisson source";
            let args = self.named_args(&src.args, (&["rate"], &[]), src.kind.loc, what);
            let rate_hz = args
                .get("rate")
                .and_then(|e| self.number(e, "the rate", Dim::TIME.powi(-1), 0))?;
            return Some(ir::SourceKind::Poisson { rate_hz });
        }
        if let Some((_, e)) = src.args.first() {
            self.err(
                Diagnostic::new(e.loc, "`spike_times` lists spikes as `neuron at time`")
                    .with_help("e.g. `source G = spike_times[2] { 0 at 10 ms, 1 at 12.5 ms }`"),
            );
        }
        let mut spikes = Vec::new();
        for (k, e) in &src.spikes {
            let t = self.number(e, "a spike time", Dim::TIME, -3)?;
            let Ok(k) = usize::try_from(*k) else {
                self.err(Diagnostic::new(e.loc, "neuron index too large"));
                return None;
            };
            spikes.push((k, t));
        }
        Some(ir::SourceKind::SpikeTimes(spikes))
    }

    /// A delay in ms: one expression over network parameters and the synapse's `pre` and
    /// `post` indices (neuron indices in the source and target populations), so delays may
    /// grow with distance.
    fn delay(&mut self, e: &ast::Expr) -> Option<Expr> {
        let index = |v: Var| Typed::value(Expr::Var(v), Unit::ONE);
        let env = HashMap::from([
            ("pre".to_string(), index(Var::Pre)),
            ("post".to_string(), index(Var::Post)),
        ]);
        let t = self
            .lower(e, Scope::Params, &env)
            .map_err(|d| self.err(d))
            .ok()?;
        if !self.expect_same_dim(e.loc, "a delay", Unit::MS, &t) {
            return None;
        }
        Some(sym::simplify(&rescale(t.expr, t.unit.exp10, -3)))
    }

    /// A value for a variable of another item; `per_neuron` allows `i`, `rand(k)` and
    /// `randn(k)`.
    fn quantity(&mut self, e: &ast::Expr, per_neuron: bool) -> Option<ir::Quantity> {
        self.quantity_in_time(e, per_neuron, false)
    }

    /// A value that may read the neuron index `i` and draws (`per_neuron`) and the time `t`
    /// in ms (`timed`: a drive's value, computed at every step).
    fn quantity_in_time(
        &mut self,
        e: &ast::Expr,
        per_neuron: bool,
        timed: bool,
    ) -> Option<ir::Quantity> {
        let mut env = HashMap::new();
        if per_neuron {
            env.insert(
                "i".to_string(),
                Typed::value(Expr::Var(Var::Index), Unit::ONE),
            );
        }
        if timed {
            env.insert(
                "t".to_string(),
                Typed::value(Expr::Var(Var::Time), Unit::MS),
            );
        }
        self.allow_draws = per_neuron;
        let t = self.lower(e, Scope::Params, &env);
        self.allow_draws = false;
        let t = t.map_err(|d| self.err(d)).ok()?;
        if t.condition {
            self.err(Diagnostic::new(e.loc, "expected a value, not a condition"));
            return None;
        }
        Some(ir::Quantity {
            expr: sym::simplify(&t.expr),
            unit: t.unit,
            unit_text: render_unit(t.unit),
            written_unit: self.mentions_unit(e),
            loc: e.loc,
        })
    }

    fn model_use(&mut self, path: &ast::TypePath, using: &ModelUse, neuron: bool) -> ir::ModelUse {
        // A population's parameters may differ per neuron; a synapse's are shared. Initial
        // values are per neuron (of the population, or of the projection's targets).
        let settings = |c: &mut Self, list: &[(Ident, ast::Expr)], per: bool| -> Vec<ir::Setting> {
            list.iter()
                .filter_map(|(name, e)| {
                    let value = c.quantity(e, per)?;
                    Some(ir::Setting {
                        name: name.name.clone(),
                        name_loc: name.loc,
                        value,
                    })
                })
                .collect()
        };
        if !neuron && let Some(m) = &using.method {
            self.err(
                Diagnostic::new(m.loc, "a projection has no integration method of its own")
                    .with_help("the synapse's summed state is integrated with the method its item declares"),
            );
        }
        ir::ModelUse {
            path: path.segments.iter().map(|s| s.name.clone()).collect(),
            loc: path.loc,
            preset: using.preset.as_ref().map(|p| (p.name.clone(), p.loc)),
            method: using.method.as_ref().map(|m| m.name.clone()),
            schedule: using.schedule.as_ref().map(|m| m.name.clone()),
            settings: settings(self, &using.settings, neuron),
            inits: settings(self, &using.inits, true),
        }
    }

    /// Arguments matched by name to `required` and `optional`, positional ones to
    /// `required` in order; every required one must be given.
    fn named_args<'e>(
        &mut self,
        args: &'e [(Option<Ident>, ast::Expr)],
        (required, optional): (&[&str], &[&str]),
        loc: Loc,
        what: &str,
    ) -> HashMap<String, &'e ast::Expr> {
        let names: Vec<&str> = required.iter().chain(optional).copied().collect();
        let mut out = HashMap::new();
        let mut position = 0;
        for (key, e) in args {
            let name = match key {
                Some(k) => {
                    if !names.contains(&k.name.as_str()) {
                        let mut d =
                            Diagnostic::new(k.loc, format!("{what} has no argument `{}`", k.name));
                        d = match closest(&k.name, names.iter().copied()) {
                            Some(s) => d.with_help(format!("did you mean `{s}`?")),
                            None => d.with_help(format!("its arguments: {}", names.join(", "))),
                        };
                        self.err(d);
                        continue;
                    }
                    k.name.clone()
                }
                None => {
                    let Some(n) = required.get(position) else {
                        self.err(Diagnostic::new(
                            e.loc,
                            format!(
                                "too many arguments for {what}; it takes {} (and by name: {})",
                                required.join(", "),
                                if optional.is_empty() {
                                    "none".to_string()
                                } else {
                                    optional.join(", ")
                                }
                            ),
                        ));
                        continue;
                    };
                    position += 1;
                    n.to_string()
                }
            };
            if out.insert(name.clone(), e).is_some() {
                self.err(Diagnostic::new(e.loc, format!("`{name}` is given twice")));
            }
        }
        for n in required {
            if !out.contains_key(*n) {
                self.err(Diagnostic::new(loc, format!("{what} needs `{n}`")));
            }
        }
        out
    }

    /// The ends of a rate projection (`A.x -> B.x_inp`), `Ok(None)` for a spiking one, or
    /// `Err` after reporting what a rate projection cannot have.
    fn rate_ends(
        &mut self,
        p: &ast::ProjectionDecl,
        pre: Option<ir::Pre>,
    ) -> Result<Option<ir::RateEnds>, ()> {
        let (state, input) = match (&p.pre_var, &p.post_input) {
            (None, None) => return Ok(None),
            (Some(state), Some(input)) => (state, input),
            (Some(one), None) | (None, Some(one)) => {
                self.err(
                    Diagnostic::new(one.loc, "a rate projection names both of its ends")
                        .with_help("write the source's state and the target's input, e.g. `projection ab: A.x -> B.x_inp = Diffusive with all_to_all(w = 0.1)`"),
                );
                return Err(());
            }
        };
        let mut problems = Vec::new();
        if let Some(ir::Pre::Source(_)) = pre {
            problems.push(
                Diagnostic::new(p.pre.loc, format!("`{}` is a spike source, but a rate projection starts from a population's state", p.pre.name))
                    .with_help("spike sources start spiking projections through a synapse"),
            );
        }
        if let Some(s) = &p.using.schedule {
            problems.push(Diagnostic::new(
                s.loc,
                "a rate projection has no event schedule",
            ));
        }
        if let Some((name, _)) = p.using.inits.first() {
            problems.push(Diagnostic::new(
                name.loc,
                "a rate projection has no state to initialise",
            ));
        }
        if !problems.is_empty() {
            for d in problems {
                self.err(d);
            }
            return Err(());
        }
        Ok(Some(ir::RateEnds {
            state: (state.name.clone(), state.loc),
            input: (input.name.clone(), input.loc),
        }))
    }

    /// Whether `e` writes a unit: a number with a unit, or a network parameter declared with
    /// one.
    fn mentions_unit(&self, e: &ast::Expr) -> bool {
        match &e.kind {
            ExprKind::Quantity(_, unit) => unit.is_some(),
            ExprKind::Name(id) => match self.names.get(&id.name) {
                Some(Sym::Param(k)) => !matches!(self.params[*k].unit.text.trim(), "" | "1"),
                _ => false,
            },
            ExprKind::Text(_) => false,
            ExprKind::Call(_, args) => args.iter().any(|a| self.mentions_unit(a)),
            ExprKind::Unary(_, a) => self.mentions_unit(a),
            ExprKind::Binary(_, a, b) => self.mentions_unit(a) || self.mentions_unit(b),
            ExprKind::If(c, a, b) => {
                self.mentions_unit(c) || self.mentions_unit(a) || self.mentions_unit(b)
            }
        }
    }

    /// Reports weights with units in a rate projection's rule (coupling weights are numbers).
    fn dimensionless_weights(&mut self, rule: &ir::Rule) {
        let weights: Vec<&ir::Quantity> = match rule {
            ir::Rule::AllToAll { weight }
            | ir::Rule::OneToOne { weight }
            | ir::Rule::Bernoulli { weight, .. }
            | ir::Rule::FixedInDegree { weight, .. }
            | ir::Rule::RingGaussian { weight, .. } => vec![weight],
            ir::Rule::Edges(edges) => edges.iter().map(|(_, _, w)| w).collect(),
            ir::Rule::HebbianPatterns { .. } | ir::Rule::Field { .. } | ir::Rule::Connectome(_) => {
                Vec::new()
            }
        };
        for w in weights {
            if w.unit != Unit::ONE {
                self.err(
                    Diagnostic::new(w.loc, format!("the weights of a rate projection are plain numbers, but this one has units of {}", w.unit_text))
                        .with_help("a coupling multiplies the source values by W_ji as they are: drop the unit"),
                );
            }
        }
    }

    /// The rule, whether self-connections are allowed, and the rule's seed.
    fn rule(
        &mut self,
        p: &ast::ProjectionDecl,
        onto_itself: bool,
    ) -> Option<(ir::Rule, bool, Option<Expr>)> {
        let (name, args) = match &p.rule {
            RuleDecl::Edges(entries) => {
                let mut edges = Vec::new();
                for (i, j, w) in entries {
                    let w = self.quantity(w, false)?;
                    let (Ok(i), Ok(j)) = (usize::try_from(*i), usize::try_from(*j)) else {
                        self.err(Diagnostic::new(w.loc, "neuron index too large"));
                        return None;
                    };
                    edges.push((i, j, w));
                }
                return Some((ir::Rule::Edges(edges), true, None));
            }
            RuleDecl::Call { name, args } => (name, args),
        };
        let Some((_, positional, named)) = RULES.iter().find(|r| r.0 == name.name) else {
            let mut d = Diagnostic::new(
                name.loc,
                format!("unknown connectivity rule `{}`", name.name),
            );
            let all = RULES.iter().map(|r| r.0).chain(["edges"]);
            d = match closest(&name.name, all) {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None => d.with_help("rules: all_to_all(w), one_to_one(w), bernoulli(p, w), fixed_in_degree(k, w), ring_gaussian(w, sigma), connectome(\"file or name\"), hebbian_patterns(count, activity, low, high, c, a, b), ring_field(length, kernel), torus_field(nx, lx, ly, kernel), edges { i -> j = w, … }; add `no_self` to exclude self-connections"),
            };
            self.err(d);
            return None;
        };
        let mut self_connections = true;
        let mut rest = Vec::new();
        for (key, e) in args {
            match (&key, &e.kind) {
                (None, ExprKind::Name(flag)) if flag.name == "no_self" => {
                    if !onto_itself {
                        self.err(
                            Diagnostic::new(flag.loc, "`no_self` only applies to a projection from a population onto itself")
                                .with_help("neurons of two populations are never the same neuron"),
                        );
                    }
                    self_connections = false;
                }
                _ => rest.push((key.clone(), e.clone())),
            }
        }
        let what = format!("`{}`", name.name);
        let a = self.named_args(&rest, (positional, named), p.rule_loc, &what);
        if let "ring_field" | "torus_field" = name.name.as_str() {
            let rule = self.field_rule(name.name == "torus_field", &a)?;
            return Some((rule, self_connections, None));
        }
        if name.name == "connectome" {
            let rule = self.connectome(&a)?;
            return Some((ir::Rule::Connectome(rule), self_connections, None));
        }
        if name.name == "hebbian_patterns" {
            let rule = self.hebbian_patterns(&a)?;
            return Some((rule, self_connections, seed_of(self, &a)?));
        }
        let w = self.quantity(a.get("w")?, false);
        let seed = seed_of(self, &a)?;
        let dimensionless = |c: &mut Self, key: &str, what: &str| {
            a.get(key).and_then(|e| c.number(e, what, Dim::NONE, 0))
        };
        let rule = match name.name.as_str() {
            "all_to_all" => ir::Rule::AllToAll { weight: w? },
            "one_to_one" => ir::Rule::OneToOne { weight: w? },
            "bernoulli" => ir::Rule::Bernoulli {
                p: dimensionless(self, "p", "a probability")?,
                weight: w?,
                pairwise: match a.get("pairwise") {
                    Some(e) => self.number(e, "`pairwise` (1 or 0)", Dim::NONE, 0)?,
                    None => Expr::Num(0.0),
                },
            },
            "fixed_in_degree" => ir::Rule::FixedInDegree {
                k: dimensionless(self, "k", "the number of sources per target")?,
                weight: w?,
            },
            _ => ir::Rule::RingGaussian {
                weight: w?,
                sigma_deg: dimensionless(self, "sigma", "the ring's width in degrees")?,
            },
        };
        Some((rule, self_connections, seed))
    }

    /// Pattern weights and field kernels (`rule`, `what`) couple a rate projection, without
    /// delays.
    fn whole_rule_fits(
        &mut self,
        p: &ast::ProjectionDecl,
        rate: &Result<Option<ir::RateEnds>, ()>,
        rule: &str,
        what: &str,
    ) {
        if matches!(rate, Ok(None)) {
            self.err(
                Diagnostic::new(p.rule_loc, format!("{rule} makes the weights of a rate projection, but this projection goes through a synapse"))
                    .with_help("couple a state into an input: `projection memory: N.S -> N.h = Additive with hebbian_patterns(20)`"),
            );
        }
        if let Some(d) = &p.delay {
            self.err(
                Diagnostic::new(d.loc, format!("a projection through {what} has no delays"))
                    .with_help("it is applied as one product of the current state: remove `delay`"),
            );
        }
    }

    /// `ring_field(length, kernel)` or `torus_field(nx, lx, ly, kernel)`: the kernel a
    /// dimensionless expression of the displacement `dx` (and `dy`) and the parameters.
    fn field_rule(&mut self, torus: bool, a: &NamedArgs) -> Option<ir::Rule> {
        let kernel_arg = a.get("kernel")?;
        let coordinate = |v: Var| Typed::value(Expr::Var(v), Unit::ONE);
        let env = HashMap::from([
            ("dx".to_string(), coordinate(Var::Pre)),
            ("dy".to_string(), coordinate(Var::Post)),
        ]);
        let kernel = self
            .lower(kernel_arg, Scope::Params, &env)
            .map_err(|d| self.err(d))
            .ok()?;
        if !self.expect_same_dim(kernel_arg.loc, "a field's kernel", Unit::ONE, &kernel) {
            return None;
        }
        let kernel = sym::simplify(&rescale(kernel.expr, kernel.unit.exp10, 0));
        let mut length =
            |key: &str| self.number(a.get(key)?, "a length (in the kernel's unit)", Dim::NONE, 0);
        if torus {
            let lengths = (length("lx")?, length("ly")?);
            let nx = self.number(a.get("nx")?, "the number of points across", Dim::NONE, 0)?;
            return Some(ir::Rule::Field {
                nx: Some(nx),
                lengths,
                kernel,
            });
        }
        Some(ir::Rule::Field {
            nx: None,
            lengths: (length("length")?, Expr::Num(1.0)),
            kernel,
        })
    }

    /// `connectome("source", lengths = "file", speed = 10 m/s, rounding = up | nearest,
    /// laplacian = plain | rw | sym | brainmass | brainmass_rw | brainmass_sym)`.
    fn connectome(&mut self, a: &NamedArgs) -> Option<ir::ConnectomeRule> {
        let text = |c: &mut Self, key: &str| -> Option<Option<String>> {
            let Some(e) = a.get(key) else {
                return Some(None);
            };
            match &e.kind {
                ExprKind::Text(t) if !t.is_empty() => Some(Some(t.clone())),
                _ => {
                    c.err(
                        Diagnostic::new(e.loc, format!("`{key}` names a file (or a shipped connectome) in quotes"))
                            .with_help("e.g. `connectome(\"hcp80\")`, `connectome(\"weights.csv\", lengths = \"tract_lengths.csv\", speed = 10 m/s)`"),
                    );
                    None
                }
            }
        };
        let source = text(self, "source")?.unwrap_or_default();
        let lengths = text(self, "lengths")?;
        let velocity = Dim::of([1, 0, -1, 0, 0, 0, 0]);
        let speed = match a.get("speed") {
            Some(e) => Some(self.number(e, "a conduction speed", velocity, 0)?),
            None => None,
        };
        let round_up = !matches!(
            self.choice(a.get("rounding").copied(), "rounding", &["up", "nearest"])?,
            Some("nearest")
        );
        let kinds = [
            "plain",
            "rw",
            "sym",
            "brainmass",
            "brainmass_rw",
            "brainmass_sym",
        ];
        let laplacian = self
            .choice(a.get("laplacian").copied(), "laplacian", &kinds)?
            .map(|k| {
                let kind = match k.trim_start_matches("brainmass").trim_start_matches('_') {
                    "rw" => ir::GraphLaplacian::RandomWalk,
                    "sym" => ir::GraphLaplacian::Symmetric,
                    _ => ir::GraphLaplacian::Plain,
                };
                (kind, k.starts_with("brainmass"))
            });
        Some(ir::ConnectomeRule {
            source,
            lengths,
            speed,
            round_up,
            laplacian,
        })
    }

    /// One of `options`, written as a bare name (`None` if not given; an error otherwise).
    fn choice(
        &mut self,
        e: Option<&ast::Expr>,
        key: &str,
        options: &[&'static str],
    ) -> Option<Option<&'static str>> {
        let Some(e) = e else {
            return Some(None);
        };
        if let ExprKind::Name(id) = &e.kind
            && let Some(o) = options.iter().find(|o| **o == id.name)
        {
            return Some(Some(o));
        }
        self.err(
            Diagnostic::new(e.loc, format!("`{key}` is one of: {}", options.join(", ")))
                .with_help(format!("write it as a bare name: `{key} = {}`", options[0])),
        );
        None
    }

    /// A connectome makes the weights of a rate projection; with a conduction speed its
    /// delays come from the tract lengths.
    fn connectome_fits(
        &mut self,
        p: &ast::ProjectionDecl,
        rate: &Result<Option<ir::RateEnds>, ()>,
        rule: &ir::ConnectomeRule,
    ) {
        if matches!(rate, Ok(None)) {
            self.err(
                Diagnostic::new(p.rule_loc, "a connectome makes the weights of a rate projection, but this projection goes through a synapse")
                    .with_help("couple a state into an input: `projection sc: brain.x -> brain.x_inp = Diffusive with connectome(\"hcp80\")`"),
            );
        }
        if let (Some(d), Some(_)) = (&p.delay, &rule.speed) {
            self.err(
                Diagnostic::new(
                    d.loc,
                    "this connectome's delays come from its tract lengths and `speed`",
                )
                .with_help("remove `delay`, or remove `speed` for one delay on every edge"),
            );
        }
        if rule.lengths.is_some() && rule.speed.is_none() {
            self.err(
                Diagnostic::new(
                    p.rule_loc,
                    "tract lengths without a conduction speed make no delays",
                )
                .with_help("add `speed = 10 m/s` (or remove `lengths`)"),
            );
        }
    }

    /// `hebbian_patterns(count, activity = 0.5, low = -1, high = 1, c = 1/N, a = 0, b = 0)`.
    fn hebbian_patterns(&mut self, a: &NamedArgs) -> Option<ir::Rule> {
        let count = self.number(a.get("count")?, "the number of patterns", Dim::NONE, 0)?;
        let mut number = |key: &str, what: &str, default: f64| match a.get(key) {
            Some(e) => self.number(e, what, Dim::NONE, 0),
            None => Some(Expr::Num(default)),
        };
        let activity = number("activity", "a probability", 0.5)?;
        let values = (
            number("low", "a pattern value", -1.0)?,
            number("high", "a pattern value", 1.0)?,
        );
        let offsets = (
            number("a", "an offset", 0.0)?,
            number("b", "an offset", 0.0)?,
        );
        let c = match a.get("c") {
            Some(e) => Some(self.number(e, "a weight scale", Dim::NONE, 0)?),
            None => None,
        };
        Some(ir::Rule::HebbianPatterns {
            count,
            activity,
            values,
            c,
            offsets,
        })
    }
}

/// The `seed = …` argument of a rule, if given (`Some(None)` when absent, `None` after an
/// error).
fn seed_of(c: &mut Checker, a: &NamedArgs) -> Option<Option<Expr>> {
    match a.get("seed") {
        Some(e) => Some(Some(c.number(e, "a seed", Dim::NONE, 0)?)),
        None => Some(None),
    }
}
