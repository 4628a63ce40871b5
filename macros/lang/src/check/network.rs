//! Network items: parameters and presets like a model's; populations, projections, drives,
//! Poisson inputs and monitors with their names resolved and every value dimension-checked.
//!
//! Values meant for another item (a model's parameter, a synapse's weight) keep their unit:
//! that item is compiled separately, so the generated code checks the match when Rust
//! compiles the network (see `cajal_codegen`).

use std::collections::HashMap;

use super::network_rules::RuleParts;
use super::scale::{render_unit, rescale};
use super::{Checker, Decls, Scope, Sym, Typed};
use crate::ast::{self, ExprKind, Ident, ModelUse};
use crate::diag::{Diagnostic, Diagnostics, Loc};
use crate::ir::{self, Expr, Var};
use crate::suggest::closest;
use crate::sym;
use crate::units::{Dim, Unit};

/// Time step of a network that does not state one (ms).
pub const DEFAULT_TIMESTEP_MS: f64 = 0.1;

/// A rule's arguments by name.
pub(super) type NamedArgs<'e> = HashMap<String, &'e ast::Expr>;

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
        let single_precision = self.precision(body.precision.as_ref());

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
            if let (Ok(Some(_)), Some(parts)) = (&rate, &rule) {
                self.dimensionless_weights(&parts.rule);
                if let Some(sd) = &parts.weight_sd {
                    self.err(
                        Diagnostic::new(sd.loc, "a rate projection's weights are not drawn")
                            .with_help("a coupling's weights are given: write one value"),
                    );
                }
            }
            match rule.as_ref().map(|parts| &parts.rule) {
                Some(ir::Rule::HebbianPatterns { .. }) => {
                    self.whole_rule_fits(p, &rate, "hebbian_patterns", "pattern weights");
                }
                Some(ir::Rule::Field { .. }) => {
                    self.whole_rule_fits(p, &rate, "a field rule", "a field's kernel");
                }
                Some(ir::Rule::Connectome(c)) => self.connectome_fits(p, &rate, c),
                _ => {}
            }
            let (delay_ms, delay_sd_ms) = match p.delay.as_ref().map(|d| self.delay(d)) {
                Some(Some((mean, sd))) => (Some(mean), sd),
                _ => (None, None),
            };
            if let (Some(pre), Some(post), Some(parts), Ok(rate)) = (pre, post, rule, rate) {
                let RuleParts {
                    rule,
                    self_connections,
                    seed,
                    weight_sd,
                } = parts;
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
                    delay_sd_ms,
                    weight_sd,
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
            single_precision,
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

    /// Whether `precision` names single precision (`f32`); `f64` is the default.
    fn precision(&mut self, precision: Option<&Ident>) -> bool {
        let Some(p) = precision else {
            return false;
        };
        match p.name.as_str() {
            "f64" => false,
            "f32" => true,
            other => {
                self.err(
                    Diagnostic::new(p.loc, format!("unknown precision `{other}`"))
                        .with_help("write `precision f32` (single-precision weight products) or `precision f64` (the default)"),
                );
                false
            }
        }
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
    pub(super) fn number(
        &mut self,
        e: &ast::Expr,
        what: &str,
        dim: Dim,
        exp10: i32,
    ) -> Option<Expr> {
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
    /// grow with distance; or `normal(mean, sd)`, drawn per synapse (the mean and the
    /// standard deviation, over parameters).
    fn delay(&mut self, e: &ast::Expr) -> Option<(Expr, Option<Expr>)> {
        if let Some((mean, sd)) = super::network_rules::normal_call(e) {
            let mean = self.number(mean, "a delay", Dim::TIME, -3);
            let sd = self.number(sd, "the standard deviation of the delays", Dim::TIME, -3);
            return Some((mean?, Some(sd?)));
        }
        self.delay_expr(e).map(|d| (d, None))
    }

    /// A delay that may read `pre` and `post` (see [`Checker::delay`]).
    fn delay_expr(&mut self, e: &ast::Expr) -> Option<Expr> {
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
    pub(super) fn quantity(&mut self, e: &ast::Expr, per_neuron: bool) -> Option<ir::Quantity> {
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
    pub(super) fn named_args<'e>(
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
}
