//! The connectivity rules of network items: their names and arguments, the rules a rate
//! projection may use (fields, stored patterns, connectomes), and the checks that tie a rule
//! to its projection.

use std::collections::HashMap;

use super::network::NamedArgs;
use super::scale::rescale;
use super::{Checker, Scope, Typed};
use crate::ast::{self, ExprKind, RuleDecl};
use crate::diag::Diagnostic;
use crate::ir::{self, Expr, Var};
use crate::suggest::closest;
use crate::sym;
use crate::units::{Dim, Unit};

/// The connectivity rules, their positional arguments and their other named arguments.
const RULES: &[(&str, &[&str], &[&str])] = &[
    ("all_to_all", &["w"], &[]),
    ("one_to_one", &["w"], &[]),
    ("bernoulli", &["p", "w"], &["seed", "pairwise"]),
    ("fixed_in_degree", &["k", "w"], &["seed"]),
    ("fixed_total_number", &["w"], &["n", "p", "seed"]),
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

impl Checker<'_> {
    /// Reports weights with units in a rate projection's rule (coupling weights are numbers).
    pub(super) fn dimensionless_weights(&mut self, rule: &ir::Rule) {
        let weights: Vec<&ir::Quantity> = match rule {
            ir::Rule::AllToAll { weight }
            | ir::Rule::OneToOne { weight }
            | ir::Rule::Bernoulli { weight, .. }
            | ir::Rule::FixedInDegree { weight, .. }
            | ir::Rule::FixedTotalNumber { weight, .. }
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

    /// The rule, whether self-connections are allowed, the rule's seed and the spread of
    /// drawn weights.
    pub(super) fn rule(&mut self, p: &ast::ProjectionDecl, onto_itself: bool) -> Option<RuleParts> {
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
                return Some(RuleParts::plain(ir::Rule::Edges(edges), true, None));
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
                None => d.with_help("rules: all_to_all(w), one_to_one(w), bernoulli(p, w), fixed_in_degree(k, w), fixed_total_number(w, n = … or p = …), ring_gaussian(w, sigma), connectome(\"file or name\"), hebbian_patterns(count or \"file\", activity, low, high, c, a, b), ring_field(length, kernel), torus_field(nx, lx, ly, kernel), edges { i -> j = w, … }; add `no_self` to exclude self-connections"),
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
            return Some(RuleParts::plain(rule, self_connections, None));
        }
        if name.name == "connectome" {
            let rule = self.connectome(&a)?;
            return Some(RuleParts::plain(
                ir::Rule::Connectome(rule),
                self_connections,
                None,
            ));
        }
        if name.name == "hebbian_patterns" {
            let rule = self.hebbian_patterns(&a)?;
            return Some(RuleParts::plain(rule, self_connections, seed_of(self, &a)?));
        }
        let (w, weight_sd) = self.rule_weight(a.get("w")?, &name.name);
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
            "fixed_total_number" => ir::Rule::FixedTotalNumber {
                count: self.total_count(&a, p.rule_loc)?,
                weight: w?,
            },
            _ => ir::Rule::RingGaussian {
                weight: w?,
                sigma_deg: dimensionless(self, "sigma", "the ring's width in degrees")?,
            },
        };
        Some(RuleParts {
            rule,
            self_connections,
            seed,
            weight_sd: weight_sd?,
        })
    }

    /// The weight of a rule, and the standard deviation when it is written
    /// `normal(mean, sd)` (for the rules that draw their synapses at random).
    fn rule_weight(
        &mut self,
        e: &ast::Expr,
        rule: &str,
    ) -> (Option<ir::Quantity>, Option<Option<ir::Quantity>>) {
        let Some((mean, sd)) = normal_call(e) else {
            return (self.quantity(e, false), Some(None));
        };
        if !matches!(rule, "bernoulli" | "fixed_in_degree" | "fixed_total_number") {
            self.err(
                Diagnostic::new(e.loc, format!("`{rule}` gives every synapse its weight; only random rules draw weights"))
                    .with_help("`normal(mean, sd)` weights go with bernoulli, fixed_in_degree and fixed_total_number"),
            );
            return (None, None);
        }
        let (mean, sd) = (self.quantity(mean, false), self.quantity(sd, false));
        let (Some(m), Some(s)) = (&mean, &sd) else {
            return (None, None);
        };
        if m.unit.dim != s.unit.dim {
            self.err(Diagnostic::new(
                s.loc,
                format!(
                    "the standard deviation has units of {}, but the mean weight has {}",
                    s.unit_text, m.unit_text
                ),
            ));
            return (None, None);
        }
        // The spread in the mean's unit, as the weight is converted.
        let sd = sd.map(|s| ir::Quantity {
            expr: sym::simplify(&rescale(s.expr, s.unit.exp10, m.unit.exp10)),
            unit: m.unit,
            unit_text: m.unit_text.clone(),
            ..s
        });
        (mean, Some(sd))
    }

    /// `n = …` (whole) or `p = …` (a pair probability) of `fixed_total_number`: exactly one.
    fn total_count(&mut self, a: &NamedArgs, loc: crate::diag::Loc) -> Option<ir::TotalCount> {
        match (a.get("n"), a.get("p")) {
            (Some(n), None) => Some(ir::TotalCount::Synapses(self.number(
                n,
                "the number of synapses",
                Dim::NONE,
                0,
            )?)),
            (None, Some(p)) => Some(ir::TotalCount::PairProbability(self.number(
                p,
                "a probability",
                Dim::NONE,
                0,
            )?)),
            (Some(_), Some(p)) => {
                self.err(
                    Diagnostic::new(p.loc, "`fixed_total_number` takes `n` or `p`, not both")
                        .with_help("`n`: the number of synapses; `p`: the probability that a pair is connected, from which the number follows"),
                );
                None
            }
            (None, None) => {
                self.err(
                    Diagnostic::new(loc, "`fixed_total_number` needs `n` (the number of synapses) or `p` (the probability that a pair is connected)")
                        .with_help("e.g. `fixed_total_number(87.8 pA, p = 0.1009)`"),
                );
                None
            }
        }
    }

    /// Pattern weights and field kernels (`rule`, `what`) couple a rate projection, without
    /// delays.
    pub(super) fn whole_rule_fits(
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
    pub(super) fn connectome_fits(
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

    /// `hebbian_patterns(count, activity = 0.5, low = -1, high = 1, c = 1/N, a = 0, b = 0)`,
    /// or `hebbian_patterns("patterns.csv", c = 1/N, a = 0, b = 0)` for patterns read from a
    /// file (one per row).
    fn hebbian_patterns(&mut self, a: &NamedArgs) -> Option<ir::Rule> {
        let first = a.get("count")?;
        let mut number = |key: &str, what: &str, default: f64| match a.get(key) {
            Some(e) => self.number(e, what, Dim::NONE, 0),
            None => Some(Expr::Num(default)),
        };
        let offsets = (
            number("a", "an offset", 0.0)?,
            number("b", "an offset", 0.0)?,
        );
        let c = match a.get("c") {
            Some(e) => Some(self.number(e, "a weight scale", Dim::NONE, 0)?),
            None => None,
        };
        let patterns = match &first.kind {
            ExprKind::Text(file) => {
                for key in ["activity", "low", "high", "seed"] {
                    if let Some(e) = a.get(key) {
                        self.err(
                            Diagnostic::new(e.loc, format!("patterns read from a file have their own values: `{key}` only applies to random patterns"))
                                .with_help(format!("remove `{key}`, or give a number of random patterns instead of the file")),
                        );
                        return None;
                    }
                }
                if file.is_empty() {
                    self.err(
                        Diagnostic::new(first.loc, "the file name is empty")
                            .with_help("e.g. `hebbian_patterns(\"memories.csv\")`: one pattern per row, one value per unit"),
                    );
                    return None;
                }
                ir::PatternSource::File(file.clone())
            }
            _ => {
                let count = self.number(first, "the number of patterns", Dim::NONE, 0)?;
                let mut number = |key: &str, what: &str, default: f64| match a.get(key) {
                    Some(e) => self.number(e, what, Dim::NONE, 0),
                    None => Some(Expr::Num(default)),
                };
                let activity = number("activity", "a probability", 0.5)?;
                let values = (
                    number("low", "a pattern value", -1.0)?,
                    number("high", "a pattern value", 1.0)?,
                );
                ir::PatternSource::Random {
                    count,
                    activity,
                    values,
                }
            }
        };
        Some(ir::Rule::HebbianPatterns {
            patterns,
            c,
            offsets,
        })
    }
}

/// The `seed = …` argument of a rule, if given (`Some(None)` when absent, `None` after an
/// error).
/// What a projection's rule says.
pub(super) struct RuleParts {
    pub rule: ir::Rule,
    pub self_connections: bool,
    pub seed: Option<Expr>,
    /// Spread of drawn weights (`normal(w, sd)`), in the weight's unit.
    pub weight_sd: Option<ir::Quantity>,
}

impl RuleParts {
    fn plain(rule: ir::Rule, self_connections: bool, seed: Option<Expr>) -> RuleParts {
        RuleParts {
            rule,
            self_connections,
            seed,
            weight_sd: None,
        }
    }
}

/// The mean and standard deviation of `normal(mean, sd)`, if `e` is that call.
pub(super) fn normal_call(e: &ast::Expr) -> Option<(&ast::Expr, &ast::Expr)> {
    match &e.kind {
        ExprKind::Call(f, args) if f.name == "normal" && args.len() == 2 => {
            Some((&args[0], &args[1]))
        }
        _ => None,
    }
}

fn seed_of(c: &mut Checker, a: &NamedArgs) -> Option<Option<Expr>> {
    match a.get("seed") {
        Some(e) => Some(Some(c.number(e, "a seed", Dim::NONE, 0)?)),
        None => Some(None),
    }
}
