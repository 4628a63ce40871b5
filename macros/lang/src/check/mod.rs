//! Syntax tree → checked IR: name resolution, dimension checking with unit scale folding,
//! event and refractoriness rules, and the choice of integration method.

use std::collections::HashMap;

use crate::ast::{self, AssignOp, BinaryOp, ExprKind, Ident, UnaryOp};
use crate::diag::{Diagnostic, Diagnostics, Loc};
use crate::ir::{self, Cmp, Expr, Func, Method, Refractory, Schedule, UnitInfo, Var};
use crate::suggest::closest;
use crate::sym;
use crate::units::{self, Dim, Unit};

mod network;
mod plasticity;
mod synapse;
pub use network::{DEFAULT_TIMESTEP_MS, check_network};
pub use synapse::check_synapse;

/// What a declared name stands for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Sym {
    Param(usize),
    Input(usize),
    State(usize),
    Alias(usize),
    Function(usize),
    Output(usize),
}

impl Sym {
    fn describe(self) -> &'static str {
        match self {
            Sym::Param(_) => "a parameter",
            Sym::Input(_) => "an input",
            Sym::State(_) => "a state variable",
            Sym::Alias(_) => "a definition",
            Sym::Function(_) => "a function",
            Sym::Output(_) => "an output",
        }
    }
}

/// Which names an expression may read.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Scope {
    /// Only numbers with units (parameter defaults, presets).
    Constant,
    /// Numbers and parameters (initial values).
    Params,
    /// Everything (equations, events, outputs).
    Full,
}

/// A lowered expression with its unit (value in SI = code value × 10^exp10), or a condition.
#[derive(Clone, Debug)]
struct Typed {
    expr: Expr,
    unit: Unit,
    condition: bool,
}

impl Typed {
    fn value(expr: Expr, unit: Unit) -> Typed {
        Typed {
            expr,
            unit,
            condition: false,
        }
    }
}

/// Multiplies `x` by 10^k exactly for literal numbers (decimal shift, correctly rounded).
pub fn shift10(x: f64, k: i32) -> f64 {
    if k == 0 {
        return x;
    }
    let s = format!("{x:e}");
    match s.split_once('e') {
        Some((mantissa, exp)) => {
            let e: i32 = exp.parse().unwrap_or(0);
            format!("{mantissa}e{}", e.saturating_add(k))
                .parse()
                .unwrap_or(x * units::pow10(k))
        }
        None => x * units::pow10(k),
    }
}

/// Expresses `e` (in a unit with power of ten `from`) in the same dimension with power `to`.
fn rescale(e: Expr, from: i32, to: i32) -> Expr {
    let k = from - to;
    match e {
        _ if k == 0 => e,
        Expr::Num(x) => Expr::Num(shift10(x, k)),
        Expr::Neg(inner) if matches!(*inner, Expr::Num(_)) => sym::neg(rescale(*inner, from, to)),
        other => sym::mul(other, Expr::Num(units::pow10(k))),
    }
}

/// The unit of a unit expression as written, plus its text.
fn unit_text(u: &ast::UnitExpr) -> String {
    let mut num = Vec::new();
    let mut den = Vec::new();
    for (sym, p) in &u.factors {
        let s = if p.abs() == 1 {
            sym.name.clone()
        } else {
            format!("{}^{}", sym.name, p.abs())
        };
        if *p > 0 { num.push(s) } else { den.push(s) }
    }
    let n = if num.is_empty() {
        "1".to_string()
    } else {
        num.join("*")
    };
    if den.is_empty() {
        n
    } else {
        format!("{n}/{}", den.join("/"))
    }
}

/// A readable name for a derived unit: a prefixed symbol when one matches exactly.
pub fn render_unit(u: Unit) -> String {
    if u.dim.is_none() && u.exp10 == 0 {
        return "1".into();
    }
    const PREFIXES: [&str; 9] = ["", "G", "M", "k", "m", "u", "n", "p", "f"];
    const SYMBOLS: [&str; 13] = [
        "V", "A", "S", "F", "ohm", "Hz", "s", "m", "M", "mol", "V/s", "1/s", "S/V",
    ];
    for s in SYMBOLS {
        for p in PREFIXES {
            let text = if s.starts_with('1') {
                format!("1/{p}{}", &s[2..])
            } else {
                format!("{p}{s}")
            };
            if units::lookup_unit(&text) == Some(u) {
                return text;
            }
        }
    }
    if u.exp10 == 0 {
        format!("{}", u.dim)
    } else {
        format!("1e{} {}", u.exp10, u.dim)
    }
}

struct Checker<'a> {
    item: &'a ast::Item,
    diags: Diagnostics,
    names: HashMap<String, Sym>,
    params: Vec<ir::Param>,
    inputs: Vec<ir::Input>,
    state_units: Vec<UnitInfo>,
    aliases: Vec<Option<Typed>>,
    alias_busy: Vec<bool>,
    call_depth: usize,
    /// True while lowering the right-hand side of a `dx/dt` (the only place for `xi`).
    in_equation: bool,
    /// True while lowering a network's per-neuron value (the only place for `rand(k)`).
    allow_draws: bool,
}

/// Checks one item and lowers it to IR, or returns every error found.
pub fn check_item(item: &ast::Item) -> Result<ir::Model, Diagnostics> {
    let mut c = Checker::new(item);
    let model = c.run();
    if c.diags.is_empty() {
        Ok(model.expect("a model is built when there are no errors"))
    } else {
        c.diags.0.sort_by_key(|d| d.loc.start);
        c.diags.0.dedup();
        Err(c.diags)
    }
}

/// Checks a `coupling` item: parameters, an `edge` term over `pre`/`post` and a `node` term
/// over `total` (default: `total`).
pub fn check_coupling(item: &ast::Item) -> Result<ir::Coupling, Diagnostics> {
    let mut c = Checker::new(item);
    let coupling = c.run_coupling();
    if c.diags.is_empty() {
        Ok(coupling.expect("a coupling is built when there are no errors"))
    } else {
        c.diags.0.sort_by_key(|d| d.loc.start);
        Err(c.diags)
    }
}

impl<'a> Checker<'a> {
    fn new(item: &'a ast::Item) -> Checker<'a> {
        Checker {
            item,
            diags: Diagnostics::default(),
            names: HashMap::new(),
            params: Vec::new(),
            inputs: Vec::new(),
            state_units: Vec::new(),
            aliases: vec![None; item.aliases.len()],
            alias_busy: vec![false; item.aliases.len()],
            call_depth: 0,
            in_equation: false,
            allow_draws: false,
        }
    }

    fn run_coupling(&mut self) -> Option<ir::Coupling> {
        let item = self.item;
        self.reject_network_sections(item);
        let foreign = [
            (!item.inputs.is_empty(), "inputs"),
            (!item.states.is_empty(), "state"),
            (
                !item.derivatives.is_empty() || !item.aliases.is_empty(),
                "equations",
            ),
            (!item.events.is_empty(), "events"),
            (!item.outputs.is_empty(), "outputs"),
            (item.refractory.is_some(), "refractory"),
            (!item.methods.is_empty(), "method"),
        ];
        for (present, what) in foreign {
            if present {
                self.err(
                    Diagnostic::new(
                        item.name.loc,
                        format!("coupling `{}` cannot have {what}", item.name.name),
                    )
                    .with_help("a coupling has `parameters`, `edge { … }` and `node { … }`"),
                );
            }
        }
        for (i, f) in item.functions.iter().enumerate() {
            self.declare(&f.name, Sym::Function(i));
        }
        for (i, p) in item.params.iter().enumerate() {
            self.declare(&p.name, Sym::Param(i));
        }
        for p in &item.params {
            let param = self.param(p);
            self.params.push(param);
        }
        let Some(edge_ast) = &item.edge else {
            self.err(
                Diagnostic::new(
                    item.name.loc,
                    format!("coupling `{}` has no `edge {{ … }}` term", item.name.name),
                )
                .with_help("e.g. `edge { pre - post }` for diffusive coupling"),
            );
            return None;
        };
        let value = |v: Var| Typed::value(Expr::Var(v), Unit::ONE);
        let edge_env = HashMap::from([
            ("pre".to_string(), value(Var::Pre)),
            ("post".to_string(), value(Var::Post)),
        ]);
        let node_env = HashMap::from([("total".to_string(), value(Var::Total))]);
        let edge = self.lower_dimensionless(edge_ast, &edge_env, "the edge term");
        let node = match &item.node {
            Some(n) => self.lower_dimensionless(n, &node_env, "the node term"),
            None => Some(Expr::Var(Var::Total)),
        };
        let (edge, node) = (edge?, node?);
        if !self.diags.is_empty() {
            return None;
        }
        let free = |e: &Expr| !sym::any_var(e, &|v| matches!(v, Var::Pre | Var::Post));
        let linear = match (sym::diff(&edge, Var::Pre), sym::diff(&edge, Var::Post)) {
            (Ok(a), Ok(b)) if free(&a) && free(&b) => {
                let zero = Expr::Num(0.0);
                let c = sym::simplify(&sym::substitute(
                    &sym::substitute(&edge, Var::Pre, &zero),
                    Var::Post,
                    &zero,
                ));
                Some((a, b, c))
            }
            _ => None,
        };
        Some(ir::Coupling {
            name: item.name.name.clone(),
            doc: item.doc.clone(),
            vis: item.vis.clone(),
            params: self.params.clone(),
            edge,
            node,
            linear,
            source: String::new(),
        })
    }

    fn lower_dimensionless(
        &mut self,
        e: &ast::Expr,
        env: &HashMap<String, Typed>,
        what: &str,
    ) -> Option<Expr> {
        let t = self
            .lower(e, Scope::Full, env)
            .map_err(|d| self.err(d))
            .ok()?;
        if t.condition || !t.unit.dim.is_none() {
            self.err(Diagnostic::new(
                e.loc,
                format!("{what} must be a dimensionless number (in the coupled variable's units), but this has units of {}", t.unit.dim.describe()),
            ));
            return None;
        }
        Some(sym::simplify(&rescale(t.expr, t.unit.exp10, 0)))
    }

    fn err(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn declare(&mut self, id: &Ident, s: Sym) {
        if id.name == "t" {
            self.err(Diagnostic::new(
                id.loc,
                "`t` is the simulation time and cannot be declared",
            ));
            return;
        }
        if matches!(id.name.as_str(), "self" | "Self" | "super" | "crate")
            || id.name.starts_with("__cajal")
        {
            self.err(Diagnostic::new(
                id.loc,
                format!("`{}` is reserved and cannot name a declaration", id.name),
            ));
            return;
        }
        if let Some(prev) = self.names.get(&id.name) {
            let msg = format!(
                "duplicate name `{}`: it is already {}",
                id.name,
                prev.describe()
            );
            self.err(Diagnostic::new(id.loc, msg).with_help("give each declaration its own name"));
            return;
        }
        self.names.insert(id.name.clone(), s);
    }

    fn run(&mut self) -> Option<ir::Model> {
        let item = self.item;
        self.reject_network_sections(item);
        if let Some(e) = item.edge.as_ref().or(item.node.as_ref()) {
            self.err(Diagnostic::new(
                e.loc,
                "`edge` and `node` belong in a `coupling` item",
            ));
        }
        if item.kind != ast::ItemKind::Synapse {
            let synapse_only = [
                item.weight.as_ref().map(|w| (w.name.loc, "weight")),
                item.post.first().map(|p| (p.name.loc, "post")),
                item.on_pre.as_ref().map(|(_, l)| (*l, "on_pre")),
                item.injects.first().map(|p| (p.name.loc, "inject")),
                item.traces.first().map(|p| (p.name.loc, "traces")),
                item.continuous.first().map(|p| (p.name.loc, "continuous")),
                item.on_post.as_ref().map(|(_, l)| (*l, "on_post")),
            ];
            for (l, what) in synapse_only.into_iter().flatten() {
                self.err(Diagnostic::new(
                    l,
                    format!("`{what}` belongs in a `synapse` item"),
                ));
            }
        }
        for (i, p) in item.params.iter().enumerate() {
            self.declare(&p.name, Sym::Param(i));
        }
        for (i, p) in item.inputs.iter().enumerate() {
            self.declare(&p.name, Sym::Input(i));
        }
        for (i, p) in item.states.iter().enumerate() {
            self.declare(&p.name, Sym::State(i));
        }
        for (i, p) in item.aliases.iter().enumerate() {
            self.declare(&p.name, Sym::Alias(i));
        }
        for (i, f) in item.functions.iter().enumerate() {
            self.declare(&f.name, Sym::Function(i));
        }
        for (i, o) in item.outputs.iter().enumerate() {
            self.declare(&o.name, Sym::Output(i));
        }

        for p in &item.params {
            let param = self.param(p);
            self.params.push(param);
        }
        for p in &item.inputs {
            let input = self.input(p);
            self.inputs.push(input);
        }
        let mut state_inits = Vec::new();
        for s in &item.states {
            let (unit, init) = self.state(s);
            self.state_units.push(unit);
            state_inits.push(init);
        }
        if !self.diags.is_empty() {
            // Units of declarations are unknown; checking equations would only add noise.
            return None;
        }
        let equations = self.equations();
        let events = self.events();
        let refractory = self.refractory();
        let outputs = self.outputs();
        let schedules = self.schedules();
        let presets = self.presets();
        if !self.diags.is_empty() {
            return None;
        }
        let mut equations = equations?;
        let (methods, reason) = self.method(&mut equations)?;
        let states = item
            .states
            .iter()
            .zip(state_inits)
            .zip(&self.state_units)
            .map(|((s, init), unit)| ir::State {
                name: s.name.name.clone(),
                unit: unit.clone(),
                init,
                doc: s.doc.clone(),
            })
            .collect();
        Some(ir::Model {
            name: item.name.name.clone(),
            doc: item.doc.clone(),
            vis: item.vis.clone(),
            kind: item.kind,
            params: self.params.clone(),
            inputs: self.inputs.clone(),
            states,
            equations,
            outputs,
            events,
            refractory,
            method: methods[0],
            methods,
            method_reason: reason,
            schedule: schedules[0],
            schedules,
            presets,
            source: String::new(),
        })
    }

    // ---- declarations -------------------------------------------------------------------

    fn resolve_unit(&mut self, u: &ast::UnitExpr) -> Option<Unit> {
        let mut unit = Unit::ONE;
        for (sym, pow) in &u.factors {
            match units::lookup_symbol(&sym.name) {
                Some(s) if *pow != i32::MAX => unit = unit.times(s.powi(*pow)),
                Some(_) => {
                    self.err(Diagnostic::new(sym.loc, "unit exponent is too large"));
                    return None;
                }
                None => {
                    let d = self.unknown_unit(sym);
                    self.err(d);
                    return None;
                }
            }
        }
        Some(unit)
    }

    fn unknown_unit(&self, sym: &Ident) -> Diagnostic {
        let mut d = Diagnostic::new(sym.loc, format!("unknown unit `{}`", sym.name));
        if self.names.contains_key(&sym.name) {
            d = d.with_help(format!(
                "`{}` is declared in this model, but directly after a number a name reads as a unit; write `*` to multiply",
                sym.name
            ));
        } else {
            let known: Vec<String> = ["", "G", "M", "k", "c", "m", "u", "n", "p", "f"]
                .iter()
                .flat_map(|p| units::base_symbols().map(move |b| format!("{p}{b}")))
                .collect();
            if let Some(s) = closest(&sym.name, known.iter().map(String::as_str)) {
                d = d.with_help(format!("did you mean `{s}`?"));
            } else {
                d = d.with_help("units are SI symbols with an optional prefix, e.g. `mV`, `nS`, `pF`, `ms`, `Hz`, `Mohm`, `uF/cm^2`");
            }
        }
        d
    }

    /// The unit a declaration stores its value in: the written unit, else that of its value.
    fn declared_unit(
        &mut self,
        unit: Option<&ast::UnitExpr>,
        value: Option<&Typed>,
        value_ast: Option<&ast::Expr>,
    ) -> Option<UnitInfo> {
        if let Some(u) = unit {
            let resolved = self.resolve_unit(u)?;
            return Some(UnitInfo {
                text: unit_text(u),
                unit: resolved,
            });
        }
        let v = value?;
        let text = value_ast
            .and_then(literal_unit)
            .map(unit_text)
            .unwrap_or_else(|| render_unit(v.unit));
        Some(UnitInfo { text, unit: v.unit })
    }

    fn expect_same_dim(&mut self, loc: Loc, what: &str, expected: Unit, got: &Typed) -> bool {
        if got.condition {
            self.err(Diagnostic::new(
                loc,
                format!("{what} must be a quantity, not a condition"),
            ));
            return false;
        }
        if expected.dim != got.unit.dim {
            self.err(Diagnostic::new(
                loc,
                format!(
                    "{what} must have units of {}, but this has units of {}",
                    expected.dim.describe(),
                    got.unit.dim.describe()
                ),
            ));
            return false;
        }
        true
    }

    fn constant(&mut self, e: &ast::Expr) -> Option<Typed> {
        let t = self
            .lower(e, Scope::Constant, &HashMap::new())
            .map_err(|d| self.err(d))
            .ok()?;
        Some(t)
    }

    /// The value of a constant default in the declaration's unit (`None` if absent or wrong).
    fn default_value(&mut self, p: &ast::Decl, value: Option<&Typed>, unit: Unit) -> Option<f64> {
        let (v, e) = (value?, p.value.as_ref()?);
        let what = format!("the default of `{}`", p.name.name);
        if !self.expect_same_dim(e.loc, &what, unit, v) {
            return None;
        }
        let x = sym::eval(&rescale(v.expr.clone(), v.unit.exp10, unit.exp10), &|_| 0.0);
        if !x.is_finite() {
            self.err(Diagnostic::new(
                e.loc,
                format!("{what} is not a finite number"),
            ));
        }
        Some(x)
    }

    fn param(&mut self, p: &ast::Decl) -> ir::Param {
        let value = p.value.as_ref().and_then(|e| self.constant(e));
        let unit = self
            .declared_unit(p.unit.as_ref(), value.as_ref(), p.value.as_ref())
            .unwrap_or(UnitInfo {
                text: "1".into(),
                unit: Unit::ONE,
            });
        let default = self
            .default_value(p, value.as_ref(), unit.unit)
            .unwrap_or(f64::NAN);
        ir::Param {
            name: p.name.name.clone(),
            unit,
            default,
            doc: p.doc.clone(),
        }
    }

    fn input(&mut self, p: &ast::Decl) -> ir::Input {
        let value = p.value.as_ref().and_then(|e| self.constant(e));
        let unit = self
            .declared_unit(p.unit.as_ref(), None, None)
            .unwrap_or(UnitInfo {
                text: "1".into(),
                unit: Unit::ONE,
            });
        let default = self
            .default_value(p, value.as_ref(), unit.unit)
            .unwrap_or(0.0);
        ir::Input {
            name: p.name.name.clone(),
            unit,
            default,
            doc: p.doc.clone(),
        }
    }

    fn state(&mut self, s: &ast::Decl) -> (UnitInfo, Expr) {
        let value = s.value.as_ref().and_then(|e| {
            self.lower(e, Scope::Params, &HashMap::new())
                .map_err(|d| self.err(d))
                .ok()
        });
        let unit = self
            .declared_unit(s.unit.as_ref(), value.as_ref(), s.value.as_ref())
            .unwrap_or(UnitInfo {
                text: "1".into(),
                unit: Unit::ONE,
            });
        let mut init = Expr::Num(0.0);
        if let (Some(v), Some(e)) = (&value, &s.value)
            && self.expect_same_dim(
                e.loc,
                &format!("the initial value of `{}`", s.name.name),
                unit.unit,
                v,
            )
        {
            init = sym::simplify(&rescale(v.expr.clone(), v.unit.exp10, unit.unit.exp10));
        }
        (unit, init)
    }

    // ---- equations, events, outputs --------------------------------------------------------

    fn equations(&mut self) -> Option<Vec<ir::Equation>> {
        let item = self.item;
        let mut eqs: Vec<Option<ir::Equation>> = vec![None; item.states.len()];
        let mut ok = true;
        for d in &item.derivatives {
            let idx = match self.names.get(&d.state.name) {
                Some(Sym::State(i)) => *i,
                other => {
                    let msg = match other {
                        Some(s) => format!(
                            "`d{0}/dt` needs a state variable, but `{0}` is {1}",
                            d.state.name,
                            s.describe()
                        ),
                        None => format!(
                            "`d{0}/dt` names `{0}`, which is not a declared state variable",
                            d.state.name
                        ),
                    };
                    let states: Vec<&str> =
                        item.states.iter().map(|s| s.name.name.as_str()).collect();
                    let mut diag = Diagnostic::new(d.state.loc, msg);
                    diag = match closest(&d.state.name, states) {
                        Some(s) => diag.with_help(format!("did you mean `d{s}/dt`?")),
                        None => diag
                            .with_help(format!("declare it in `state {{ {} = … }}`", d.state.name)),
                    };
                    self.err(diag);
                    ok = false;
                    continue;
                }
            };
            if eqs[idx].is_some() {
                self.err(Diagnostic::new(
                    d.state.loc,
                    format!("`d{}/dt` is defined twice", d.state.name),
                ));
                ok = false;
                continue;
            }
            self.in_equation = true;
            let lowered = self.lower(&d.rhs, Scope::Full, &HashMap::new());
            self.in_equation = false;
            let rhs = match lowered {
                Ok(t) => t,
                Err(e) => {
                    self.err(e);
                    ok = false;
                    continue;
                }
            };
            let su = self.state_units[idx].unit;
            let expected = su.per(Unit::MS);
            if rhs.condition || rhs.unit.dim != expected.dim {
                let got = if rhs.condition {
                    "a condition".to_string()
                } else {
                    format!("units of {}", rhs.unit.dim.describe())
                };
                self.err(
                    Diagnostic::new(
                        d.rhs.loc,
                        format!(
                            "`d{}/dt` must have units of {}, but the right-hand side has {got}",
                            d.state.name,
                            expected.dim.describe(),
                        ),
                    )
                    .with_help(format!(
                        "`{}` is in {}, so its derivative is {}/time",
                        d.state.name, self.state_units[idx].text, self.state_units[idx].text
                    )),
                );
                ok = false;
                continue;
            }
            let full = sym::simplify(&rescale(rhs.expr, rhs.unit.exp10, expected.exp10));
            let Some((rhs, noise)) = self.split_noise(&full, d) else {
                ok = false;
                continue;
            };
            eqs[idx] = Some(ir::Equation {
                rhs,
                noise,
                jacobian_diagonal: None,
                clamped: d.unless_refractory,
                doc: d.doc.clone(),
            });
        }
        for (i, s) in item.states.iter().enumerate() {
            if eqs[i].is_none() && ok {
                self.err(
                    Diagnostic::new(s.name.loc, format!("state `{}` has no equation", s.name.name))
                        .with_help(format!(
                            "add `d{0}/dt = …` to `equations` (write `d{0}/dt = 0 {1}/ms` for a variable that only events change)",
                            s.name.name, self.state_units[i].text
                        )),
                );
                ok = false;
            }
        }
        if ok { eqs.into_iter().collect() } else { None }
    }

    /// Splits `full` = f + g·xi into (f, Some(g)), or (full, None) without noise.
    fn split_noise(&mut self, full: &Expr, d: &ast::Derivative) -> Option<(Expr, Option<Expr>)> {
        if !sym::contains(full, Var::Noise) {
            return Some((full.clone(), None));
        }
        match sym::affine_in(full, Var::Noise) {
            Some(a) if !sym::contains(&a.coefficient, Var::Noise) => {
                Some((a.offset, Some(a.coefficient)))
            }
            _ => {
                self.err(
                    Diagnostic::new(
                        d.rhs.loc,
                        format!(
                            "`d{}/dt` must be linear in the white noise `xi`",
                            d.state.name
                        ),
                    )
                    .with_help("write the noise as `… + g*xi`, with `g` free of `xi`"),
                );
                None
            }
        }
    }

    fn events(&mut self) -> Vec<ir::Event> {
        let mut out = Vec::new();
        for ev in &self.item.events {
            let cond = match self.lower(&ev.condition, Scope::Full, &HashMap::new()) {
                Ok(t) if t.condition => t.expr,
                Ok(_) => {
                    self.err(Diagnostic::new(
                        ev.condition.loc,
                        "an event needs a condition such as `v >= v_th`",
                    ));
                    continue;
                }
                Err(d) => {
                    self.err(d);
                    continue;
                }
            };
            let mut assignments = Vec::new();
            let mut emits_spike = false;
            for stmt in &ev.body {
                match stmt {
                    ast::EventStmt::Emit(id) => {
                        if id.name == "spike" {
                            emits_spike = true;
                        } else {
                            self.err(
                                Diagnostic::new(id.loc, format!("unknown event `{}`", id.name))
                                    .with_help("a neuron can `emit spike`"),
                            );
                        }
                    }
                    ast::EventStmt::Assign { target, op, value } => {
                        if let Some(a) = self.assignment(target, *op, value) {
                            assignments.push(a);
                        }
                    }
                }
            }
            out.push(ir::Event {
                condition: cond,
                assignments,
                emits_spike,
            });
        }
        out
    }

    fn assignment(
        &mut self,
        target: &Ident,
        op: AssignOp,
        value: &ast::Expr,
    ) -> Option<(usize, Expr)> {
        let idx = match self.names.get(&target.name) {
            Some(Sym::State(i)) => *i,
            Some(Sym::Param(_)) => {
                self.err(
                    Diagnostic::new(target.loc, format!("cannot assign to parameter `{}`", target.name))
                        .with_help("parameters are constant during a run; declare it in `state` if events change it"),
                );
                return None;
            }
            Some(s) => {
                let s = *s;
                self.err(Diagnostic::new(
                    target.loc,
                    format!("cannot assign to `{}`: it is {}, and events can only change state variables", target.name, s.describe()),
                ));
                return None;
            }
            None => {
                let d = self.unknown_name(target);
                self.err(d);
                return None;
            }
        };
        let v = self
            .lower(value, Scope::Full, &HashMap::new())
            .map_err(|d| self.err(d))
            .ok()?;
        let su = self.state_units[idx].unit;
        let current = Expr::Var(Var::State(idx));
        let new = match op {
            AssignOp::Mul | AssignOp::Div => {
                if !v.unit.dim.is_none() || v.condition {
                    self.err(Diagnostic::new(
                        value.loc,
                        format!(
                            "`{}` scales `{}` and must be dimensionless, but this has units of {}",
                            if op == AssignOp::Mul { "*=" } else { "/=" },
                            target.name,
                            v.unit.dim.describe()
                        ),
                    ));
                    return None;
                }
                let f = rescale(v.expr, v.unit.exp10, 0);
                if op == AssignOp::Mul {
                    sym::mul(current, f)
                } else {
                    sym::div(current, f)
                }
            }
            _ => {
                if !self.expect_same_dim(
                    value.loc,
                    &format!("the value assigned to `{}`", target.name),
                    su,
                    &v,
                ) {
                    return None;
                }
                let f = rescale(v.expr, v.unit.exp10, su.exp10);
                match op {
                    AssignOp::Add => sym::add(current, f),
                    AssignOp::Sub => sym::sub(current, f),
                    _ => f,
                }
            }
        };
        Some((idx, sym::simplify(&new)))
    }

    fn refractory(&mut self) -> Refractory {
        let Some(e) = &self.item.refractory else {
            return Refractory::None;
        };
        match self.lower(e, Scope::Full, &HashMap::new()) {
            Ok(t) if t.condition => Refractory::While(sym::simplify(&t.expr)),
            Ok(t) if t.unit.dim == Dim::TIME => {
                if sym::any_var(&t.expr, &|v| !matches!(v, Var::Param(_))) {
                    self.err(Diagnostic::new(
                        e.loc,
                        "a refractory period may only depend on parameters",
                    ));
                    return Refractory::None;
                }
                Refractory::Period(sym::simplify(&rescale(
                    t.expr,
                    t.unit.exp10,
                    Unit::MS.exp10,
                )))
            }
            Ok(t) => {
                self.err(Diagnostic::new(
                    e.loc,
                    format!(
                        "`refractory` needs a duration or a condition, but this has units of {}",
                        t.unit.dim.describe()
                    ),
                ));
                Refractory::None
            }
            Err(d) => {
                self.err(d);
                Refractory::None
            }
        }
    }

    fn outputs(&mut self) -> Vec<ir::Output> {
        let mut out = Vec::new();
        for o in &self.item.outputs {
            let Some(e) = &o.value else { continue };
            let Ok(v) = self
                .lower(e, Scope::Full, &HashMap::new())
                .map_err(|d| self.err(d))
            else {
                continue;
            };
            let Some(unit) = self.declared_unit(o.unit.as_ref(), Some(&v), Some(e)) else {
                continue;
            };
            if !self.expect_same_dim(e.loc, &format!("output `{}`", o.name.name), unit.unit, &v) {
                continue;
            }
            out.push(ir::Output {
                name: o.name.name.clone(),
                expr: sym::simplify(&rescale(v.expr, v.unit.exp10, unit.unit.exp10)),
                unit,
                doc: o.doc.clone(),
            });
        }
        out
    }

    /// The listed schedules, the default first (Brian2's when none is listed).
    fn schedules(&mut self) -> Vec<Schedule> {
        let mut out = Vec::new();
        for id in &self.item.schedules {
            let s = match id.name.as_str() {
                "brian2" => Schedule::Brian2,
                "seed" => Schedule::Seed,
                _ => {
                    self.err(
                        Diagnostic::new(id.loc, format!("unknown schedule `{}`", id.name))
                            .with_help("use `schedule brian2` (integrate, then test events) or `schedule seed` (test events on the stored values; a firing instance does not integrate that step)"),
                    );
                    continue;
                }
            };
            if out.contains(&s) {
                self.err(Diagnostic::new(
                    id.loc,
                    format!("schedule `{}` is listed twice", id.name),
                ));
                continue;
            }
            out.push(s);
        }
        if out.is_empty() {
            out.push(Schedule::Brian2);
        }
        out
    }

    fn presets(&mut self) -> Vec<ir::Preset> {
        let mut out = Vec::new();
        for p in &self.item.presets {
            let mut values = Vec::new();
            for (name, e) in &p.values {
                let idx = match self.names.get(&name.name) {
                    Some(Sym::Param(i)) => *i,
                    _ => {
                        let params: Vec<&str> = self
                            .item
                            .params
                            .iter()
                            .map(|p| p.name.name.as_str())
                            .collect();
                        let mut d = Diagnostic::new(
                            name.loc,
                            format!(
                                "preset `{}` sets `{}`, which is not a parameter",
                                p.name.name, name.name
                            ),
                        );
                        if let Some(s) = closest(&name.name, params) {
                            d = d.with_help(format!("did you mean `{s}`?"));
                        }
                        self.err(d);
                        continue;
                    }
                };
                let Some(v) = self.constant(e) else { continue };
                let unit = self.params[idx].unit.unit;
                if self.expect_same_dim(e.loc, &format!("`{}`", name.name), unit, &v) {
                    values.push((
                        idx,
                        sym::eval(&rescale(v.expr, v.unit.exp10, unit.exp10), &|_| 0.0),
                    ));
                }
            }
            out.push(ir::Preset {
                name: p.name.name.clone(),
                values,
                doc: p.doc.clone(),
            });
        }
        out
    }

    // ---- integration method -------------------------------------------------------------

    fn method(&mut self, eqs: &mut [ir::Equation]) -> Option<(Vec<Method>, String)> {
        let item = self.item;
        let state_name = |i: usize| item.states[i].name.name.clone();
        // Per equation: the affine split in its own variable, if any.
        let splits: Vec<Option<sym::Affine>> = eqs
            .iter()
            .enumerate()
            .map(|(i, e)| sym::affine_in(&e.rhs, Var::State(i)))
            .collect();
        let not_state_or_time =
            |e: &Expr| !sym::any_var(e, &|v| matches!(v, Var::State(_) | Var::Time));
        let first_nonlinear = splits.iter().position(Option::is_none);
        let first_nonconstant = splits.iter().position(|s| match s {
            Some(a) => !(not_state_or_time(&a.coefficient) && not_state_or_time(&a.offset)),
            None => true,
        });
        let noisy = eqs.iter().position(|e| e.noise.is_some());
        let mut methods = Vec::new();
        for id in &item.methods {
            let Some(m) = Method::from_name(&id.name) else {
                let mut d =
                    Diagnostic::new(id.loc, format!("unknown integration method `{}`", id.name));
                d = match closest(&id.name, Method::NAMES.iter().copied()) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d.with_help(format!("available methods: {}", Method::NAMES.join(", "))),
                };
                self.err(d);
                continue;
            };
            if m == Method::Exact
                && let Some(i) = first_nonconstant
            {
                let why = if splits[i].is_none() {
                    format!("`d{0}/dt` is nonlinear in `{0}`", state_name(i))
                } else {
                    format!(
                        "`d{}/dt` has coefficients that depend on the state or on time",
                        state_name(i)
                    )
                };
                self.err(
                    Diagnostic::new(id.loc, format!("`exact` needs linear equations with constant coefficients, but {why}"))
                        .with_help("use `method exponential_euler` for conditionally linear equations, or `rk4`"),
                );
                continue;
            }
            if m == Method::ExponentialEuler
                && let Some(i) = first_nonlinear
            {
                self.err(
                    Diagnostic::new(id.loc, format!("`exponential_euler` needs each equation to be linear in its own variable, but `d{0}/dt` is nonlinear in `{0}`", state_name(i)))
                        .with_help("use `exp_euler_diag` (Jacobian diagonal) or `rk4`"),
                );
                continue;
            }
            if let Some(i) = noisy
                && m == Method::Rk4
            {
                self.err(
                    Diagnostic::new(id.loc, format!("`{}` cannot integrate the white noise `xi` in `d{}/dt`", id.name, state_name(i)))
                        .with_help("use `method euler_maruyama`, `heun` (stochastic Heun), or an exponential method (the noise is added as g·√dt·N(0,1))"),
                );
                continue;
            }
            if methods.contains(&m) {
                self.err(Diagnostic::new(
                    id.loc,
                    format!("method `{}` is listed twice", id.name),
                ));
                continue;
            }
            methods.push(m);
        }
        if !self.diags.is_empty() {
            return None;
        }
        let reason = match item.methods.first() {
            Some(id) => format!("stated in the model (`method {}`)", id.name),
            None if noisy.is_some() => {
                methods.push(Method::EulerMaruyama);
                let i = noisy.unwrap_or_default();
                format!(
                    "chosen automatically: `d{}/dt` has white noise `xi`, so Euler–Maruyama is used",
                    state_name(i)
                )
            }
            None => {
                let (m, reason) = match (first_nonconstant, first_nonlinear) {
                    (None, _) => (
                        Method::Exact,
                        "chosen automatically: every equation is linear with constant coefficients, so the exact propagator is used".to_string(),
                    ),
                    (Some(_), None) => (
                        Method::ExponentialEuler,
                        "chosen automatically: every equation is linear in its own variable (conditionally linear), so exponential Euler is used".to_string(),
                    ),
                    (Some(_), Some(i)) => (
                        Method::Rk4,
                        format!("chosen automatically: `d{0}/dt` is nonlinear in `{0}`, so rk4 is used", state_name(i)),
                    ),
                };
                methods.push(m);
                reason
            }
        };
        let exponential = |m: &Method| {
            matches!(
                m,
                Method::Exact | Method::ExponentialEuler | Method::ExpEulerDiag
            )
        };
        if let Some(pos) = methods.iter().position(exponential) {
            for (i, eq) in eqs.iter_mut().enumerate() {
                match sym::diff(&eq.rhs, Var::State(i)) {
                    Ok(j) => eq.jacobian_diagonal = Some(j),
                    Err(what) => {
                        let loc = item.methods.get(pos).map_or(item.name.loc, |m| m.loc);
                        self.err(Diagnostic::new(
                            loc,
                            format!(
                                "`{}` needs ∂f/∂{1} of `d{1}/dt`, but it contains {what}",
                                methods[pos].name(),
                                state_name(i)
                            ),
                        ));
                        return None;
                    }
                }
            }
        }
        Some((methods, reason))
    }

    // ---- expressions --------------------------------------------------------------------

    fn unknown_name(&self, id: &Ident) -> Diagnostic {
        if units::lookup_unit(&id.name).is_some() {
            return Diagnostic::new(id.loc, format!("unit `{}` used without a number", id.name))
                .with_help(format!("write `1 {}` for one {0}", id.name));
        }
        let mut d = Diagnostic::new(id.loc, format!("unknown name `{}`", id.name));
        let mut candidates: Vec<&str> = self.names.keys().map(String::as_str).collect();
        candidates.push("t");
        candidates.sort_unstable();
        if let Some(s) = closest(&id.name, candidates) {
            d = d.with_help(format!("did you mean `{s}`?"));
        } else {
            d = d.with_help("declare it in `parameters`, `inputs`, `state` or `equations`");
        }
        d
    }

    fn lower(
        &mut self,
        e: &ast::Expr,
        scope: Scope,
        env: &HashMap<String, Typed>,
    ) -> Result<Typed, Diagnostic> {
        match &e.kind {
            ExprKind::Quantity(x, unit) => {
                let u = match unit {
                    None => Unit::ONE,
                    Some(u) => {
                        let mut acc = Unit::ONE;
                        for (sym, pow) in &u.factors {
                            if units::lookup_symbol(&sym.name).is_some()
                                && self.names.contains_key(&sym.name)
                            {
                                return Err(Diagnostic::new(sym.loc, format!("`{}` is both a unit and a name declared in this model", sym.name))
                                    .with_help(format!("after a number `{0}` reads as the unit; write `({0})` to use the declared name", sym.name)));
                            }
                            match units::lookup_symbol(&sym.name) {
                                Some(s) => acc = acc.times(s.powi(*pow)),
                                None => return Err(self.unknown_unit(sym)),
                            }
                        }
                        acc
                    }
                };
                Ok(Typed::value(Expr::Num(*x), u))
            }
            ExprKind::Name(id) => self.lower_name(id, scope, env),
            ExprKind::Call(f, args) => self.lower_call(e, f, args, scope, env),
            ExprKind::Unary(op, a) => {
                let t = self.lower(a, scope, env)?;
                match op {
                    UnaryOp::Neg if !t.condition => Ok(Typed::value(sym::neg(t.expr), t.unit)),
                    UnaryOp::Not if t.condition => Ok(Typed {
                        expr: Expr::Not(Box::new(t.expr)),
                        ..t
                    }),
                    UnaryOp::Neg => {
                        Err(Diagnostic::new(e.loc, "cannot negate a condition; use `!`"))
                    }
                    UnaryOp::Not => Err(Diagnostic::new(e.loc, "`!` needs a condition")),
                }
            }
            ExprKind::Binary(op, a, b) => self.lower_binary(e, *op, a, b, scope, env),
            ExprKind::If(c, a, b) => {
                let tc = self.lower(c, scope, env)?;
                if !tc.condition {
                    return Err(Diagnostic::new(
                        c.loc,
                        "`if` needs a condition such as `x < 0`",
                    ));
                }
                let (ta, tb) = (self.lower(a, scope, env)?, self.lower(b, scope, env)?);
                if ta.condition || tb.condition || ta.unit.dim != tb.unit.dim {
                    return Err(Diagnostic::new(
                        e.loc,
                        format!(
                            "the branches of `if` must have the same units, but they are {} and {}",
                            ta.unit.dim.describe(),
                            tb.unit.dim.describe()
                        ),
                    ));
                }
                let target = ta.unit.exp10.min(tb.unit.exp10);
                let expr = Expr::Select(
                    Box::new(tc.expr),
                    Box::new(rescale(ta.expr, ta.unit.exp10, target)),
                    Box::new(rescale(tb.expr, tb.unit.exp10, target)),
                );
                Ok(Typed::value(
                    expr,
                    Unit {
                        dim: ta.unit.dim,
                        exp10: target,
                    },
                ))
            }
        }
    }

    fn lower_name(
        &mut self,
        id: &Ident,
        scope: Scope,
        env: &HashMap<String, Typed>,
    ) -> Result<Typed, Diagnostic> {
        if let Some(t) = env.get(&id.name) {
            return Ok(t.clone());
        }
        let not_here = |what: &str| {
            Diagnostic::new(id.loc, format!("`{}` cannot be used here: {what}", id.name))
        };
        if id.name == "xi" && !self.names.contains_key("xi") {
            if scope != Scope::Full || !self.in_equation {
                return Err(not_here(
                    "white noise can only drive equations `dx/dt = … + g*xi`",
                ));
            }
            // Gaussian white noise: units s^-1/2, as in Brian2.
            let dim = Dim::TIME.powi(-1).sqrt().expect("1/time has a square root");
            return Ok(Typed::value(Expr::Var(Var::Noise), Unit { dim, exp10: 0 }));
        }
        if id.name == "pi" && !self.names.contains_key("pi") {
            return Ok(Typed::value(Expr::Num(std::f64::consts::PI), Unit::ONE));
        }
        if id.name == "t" && !self.names.contains_key("t") {
            if scope != Scope::Full {
                return Err(not_here(
                    "this value must be fixed before the simulation starts",
                ));
            }
            return Ok(Typed::value(Expr::Var(Var::Time), Unit::MS));
        }
        let Some(&s) = self.names.get(&id.name) else {
            return Err(self.unknown_name(id));
        };
        match (s, scope) {
            (_, Scope::Constant) => Err(not_here("only numbers with units are allowed (no names)")),
            (Sym::Param(i), _) => {
                let u = self.params.get(i).map_or(Unit::ONE, |p| p.unit.unit);
                if i >= self.params.len() {
                    return Err(not_here("parameters cannot depend on each other"));
                }
                Ok(Typed::value(Expr::Var(Var::Param(i)), u))
            }
            (_, Scope::Params) => Err(not_here("initial values may only use parameters")),
            (Sym::State(i), _) => Ok(Typed::value(
                Expr::Var(Var::State(i)),
                self.state_units[i].unit,
            )),
            (Sym::Input(i), _) => Ok(Typed::value(
                Expr::Var(Var::Input(i)),
                self.inputs[i].unit.unit,
            )),
            (Sym::Alias(i), _) => self.alias(i),
            (Sym::Function(_), _) => Err(Diagnostic::new(
                id.loc,
                format!("`{}` is a function; call it as `{0}(…)`", id.name),
            )),
            (Sym::Output(_), _) => Err(not_here(
                "outputs are observables and cannot be read by the model",
            )),
        }
    }

    fn alias(&mut self, i: usize) -> Result<Typed, Diagnostic> {
        if let Some(t) = &self.aliases[i] {
            return Ok(t.clone());
        }
        let a = &self.item.aliases[i];
        if self.alias_busy[i] {
            return Err(Diagnostic::new(
                a.name.loc,
                format!("definition of `{}` refers to itself", a.name.name),
            ));
        }
        self.alias_busy[i] = true;
        let value = a.value.as_ref().expect("an alias has a value");
        let t = self.lower(value, Scope::Full, &HashMap::new());
        self.alias_busy[i] = false;
        let mut t = t?;
        if let Some(u) = &a.unit {
            let Some(unit) = self.resolve_unit(u) else {
                return Err(Diagnostic::new(u.loc, "invalid unit"));
            };
            if t.condition || t.unit.dim != unit.dim {
                return Err(Diagnostic::new(
                    value.loc,
                    format!(
                        "`{}` is declared in {} ({}), but its definition has units of {}",
                        a.name.name,
                        unit_text(u),
                        unit.dim.describe(),
                        t.unit.dim.describe()
                    ),
                ));
            }
            t = Typed::value(rescale(t.expr, t.unit.exp10, unit.exp10), unit);
        }
        self.aliases[i] = Some(t.clone());
        Ok(t)
    }

    fn lower_call(
        &mut self,
        e: &ast::Expr,
        f: &Ident,
        args: &[ast::Expr],
        scope: Scope,
        env: &HashMap<String, Typed>,
    ) -> Result<Typed, Diagnostic> {
        if f.name == "delayed" && !self.names.contains_key("delayed") {
            return self.lower_delayed(e, args, scope, env);
        }
        if matches!(f.name.as_str(), "rand" | "randn") && !self.names.contains_key(&f.name) {
            return self.lower_draw(f, args);
        }
        if let Some(Sym::Function(fi)) = self.names.get(&f.name).copied() {
            return self.lower_user_call(e, fi, args, scope, env);
        }
        let Some(func) = Func::from_name(&f.name) else {
            let mut d = Diagnostic::new(f.loc, format!("unknown function `{}`", f.name));
            let user: Vec<&str> = self
                .item
                .functions
                .iter()
                .map(|f| f.name.name.as_str())
                .collect();
            let all = Func::NAMES.iter().copied().chain(user);
            if let Some(s) = closest(&f.name, all) {
                d = d.with_help(format!("did you mean `{s}`?"));
            } else {
                d = d.with_help(format!(
                    "built-in functions: {}; define your own in `functions {{ fn name(x) = … }}`",
                    Func::NAMES.join(", ")
                ));
            }
            return Err(d);
        };
        if args.len() != func.arity() {
            return Err(Diagnostic::new(
                e.loc,
                format!(
                    "`{}` takes {} argument{}, but {} were given",
                    f.name,
                    func.arity(),
                    if func.arity() == 1 { "" } else { "s" },
                    args.len()
                ),
            ));
        }
        let mut lowered = Vec::new();
        for a in args {
            let t = self.lower(a, scope, env)?;
            if t.condition {
                return Err(Diagnostic::new(
                    a.loc,
                    format!(
                        "the argument of `{}` must be a quantity, not a condition",
                        f.name
                    ),
                ));
            }
            lowered.push(t);
        }
        match func {
            Func::Abs | Func::Frozen => {
                let t = lowered.remove(0);
                Ok(Typed::value(Expr::Call(func, vec![t.expr]), t.unit))
            }
            Func::Min | Func::Max => {
                let b = lowered.pop().expect("two arguments");
                let a = lowered.pop().expect("two arguments");
                if a.unit.dim != b.unit.dim {
                    return Err(Diagnostic::new(
                        e.loc,
                        format!(
                            "the arguments of `{}` must have the same units, but they are {} and {}",
                            f.name,
                            a.unit.dim.describe(),
                            b.unit.dim.describe()
                        ),
                    ));
                }
                let target = a.unit.exp10.min(b.unit.exp10);
                let unit = Unit {
                    dim: a.unit.dim,
                    exp10: target,
                };
                Ok(Typed::value(
                    Expr::Call(
                        func,
                        vec![
                            rescale(a.expr, a.unit.exp10, target),
                            rescale(b.expr, b.unit.exp10, target),
                        ],
                    ),
                    unit,
                ))
            }
            Func::Sqrt => {
                let t = lowered.remove(0);
                let Some(dim) = t.unit.dim.sqrt() else {
                    return Err(Diagnostic::new(
                        args[0].loc,
                        format!(
                            "`sqrt` needs whole powers of every dimension (half powers are as far as units go), but its argument has units of {}",
                            t.unit.dim.describe()
                        ),
                    ));
                };
                let even = t.unit.exp10 - t.unit.exp10.rem_euclid(2);
                let arg = rescale(t.expr, t.unit.exp10, even);
                Ok(Typed::value(
                    Expr::Call(func, vec![arg]),
                    Unit {
                        dim,
                        exp10: even / 2,
                    },
                ))
            }
            _ => {
                let t = lowered.remove(0);
                if !t.unit.dim.is_none() {
                    return Err(Diagnostic::new(
                        args[0].loc,
                        format!(
                            "the argument of `{}` must be dimensionless, but it has units of {}",
                            f.name,
                            t.unit.dim.describe()
                        ),
                    )
                    .with_help(
                        "divide by a quantity of the same dimension, e.g. `(v - v_half)/(10 mV)`",
                    ));
                }
                Ok(Typed::value(
                    Expr::Call(func, vec![rescale(t.expr, t.unit.exp10, 0)]),
                    Unit::ONE,
                ))
            }
        }
    }

    /// `delayed(x, d)`: a state variable `d` ago (only in equations; `d` from parameters).
    fn lower_delayed(
        &mut self,
        e: &ast::Expr,
        args: &[ast::Expr],
        scope: Scope,
        env: &HashMap<String, Typed>,
    ) -> Result<Typed, Diagnostic> {
        let usage =
            "write `delayed(x, d)` with a state variable `x` and a delay `d` made of parameters";
        if args.len() != 2 {
            return Err(Diagnostic::new(
                e.loc,
                format!("`delayed` takes 2 arguments, but {} were given", args.len()),
            )
            .with_help(usage));
        }
        if !self.in_equation || scope != Scope::Full {
            return Err(Diagnostic::new(
                e.loc,
                "`delayed` can only be used in equations `dx/dt = …`",
            ));
        }
        let state = match &args[0].kind {
            ExprKind::Name(id) => match self.names.get(&id.name) {
                Some(Sym::State(k)) => *k,
                _ => {
                    return Err(Diagnostic::new(
                        args[0].loc,
                        format!("`{}` is not a state variable", id.name),
                    )
                    .with_help(usage));
                }
            },
            _ => {
                return Err(Diagnostic::new(
                    args[0].loc,
                    "the first argument of `delayed` must name a state variable",
                )
                .with_help(usage));
            }
        };
        let d = self.lower(&args[1], scope, env)?;
        if d.condition || d.unit.dim != Dim::TIME {
            return Err(Diagnostic::new(
                args[1].loc,
                format!(
                    "a delay must have units of time, but this has units of {}",
                    d.unit.dim.describe()
                ),
            ));
        }
        if sym::any_var(&d.expr, &|v| !matches!(v, Var::Param(_))) {
            return Err(Diagnostic::new(
                args[1].loc,
                "a delay may only depend on parameters",
            ));
        }
        let delay_ms = sym::simplify(&rescale(d.expr, d.unit.exp10, Unit::MS.exp10));
        Ok(Typed::value(
            Expr::Delayed(state, Box::new(delay_ms)),
            self.state_units[state].unit,
        ))
    }

    fn lower_user_call(
        &mut self,
        e: &ast::Expr,
        fi: usize,
        args: &[ast::Expr],
        scope: Scope,
        env: &HashMap<String, Typed>,
    ) -> Result<Typed, Diagnostic> {
        let f = &self.item.functions[fi];
        if args.len() != f.args.len() {
            return Err(Diagnostic::new(
                e.loc,
                format!(
                    "`{}` takes {} argument(s), but {} were given",
                    f.name.name,
                    f.args.len(),
                    args.len()
                ),
            ));
        }
        if self.call_depth > 32 {
            return Err(Diagnostic::new(
                e.loc,
                format!(
                    "`{}` calls itself; functions cannot be recursive",
                    f.name.name
                ),
            ));
        }
        let mut inner = HashMap::new();
        for (name, a) in f.args.iter().zip(args) {
            inner.insert(name.name.clone(), self.lower(a, scope, env)?);
        }
        self.call_depth += 1;
        let r = self.lower(&f.body, scope, &inner);
        self.call_depth -= 1;
        r
    }

    fn lower_binary(
        &mut self,
        e: &ast::Expr,
        op: BinaryOp,
        a: &ast::Expr,
        b: &ast::Expr,
        scope: Scope,
        env: &HashMap<String, Typed>,
    ) -> Result<Typed, Diagnostic> {
        if op == BinaryOp::Pow {
            return self.lower_pow(e, a, b, scope, env);
        }
        let ta = self.lower(a, scope, env)?;
        let tb = self.lower(b, scope, env)?;
        if matches!(op, BinaryOp::And | BinaryOp::Or) {
            if !ta.condition || !tb.condition {
                let bad = if ta.condition { b.loc } else { a.loc };
                return Err(Diagnostic::new(
                    bad,
                    format!("`{}` needs conditions on both sides", op.symbol()),
                ));
            }
            let (x, y) = (Box::new(ta.expr), Box::new(tb.expr));
            let expr = if op == BinaryOp::And {
                Expr::And(x, y)
            } else {
                Expr::Or(x, y)
            };
            return Ok(Typed {
                expr,
                unit: Unit::ONE,
                condition: true,
            });
        }
        if ta.condition || tb.condition {
            let bad = if ta.condition { a.loc } else { b.loc };
            return Err(Diagnostic::new(
                bad,
                format!("`{}` needs quantities, not conditions", op.symbol()),
            ));
        }
        match op {
            BinaryOp::Mul => Ok(Typed::value(
                sym::mul(ta.expr, tb.expr),
                ta.unit.times(tb.unit),
            )),
            BinaryOp::Div => Ok(Typed::value(
                sym::div(ta.expr, tb.expr),
                ta.unit.per(tb.unit),
            )),
            _ => {
                if ta.unit.dim != tb.unit.dim {
                    let verb = match op {
                        BinaryOp::Add => format!(
                            "cannot add {} to {}",
                            tb.unit.dim.describe(),
                            ta.unit.dim.describe()
                        ),
                        BinaryOp::Sub => format!(
                            "cannot subtract {} from {}",
                            tb.unit.dim.describe(),
                            ta.unit.dim.describe()
                        ),
                        _ => format!(
                            "cannot compare {} with {}",
                            ta.unit.dim.describe(),
                            tb.unit.dim.describe()
                        ),
                    };
                    return Err(Diagnostic::new(e.loc, format!("mismatched units: {verb}")));
                }
                let target = ta.unit.exp10.min(tb.unit.exp10);
                let x = rescale(ta.expr, ta.unit.exp10, target);
                let y = rescale(tb.expr, tb.unit.exp10, target);
                let unit = Unit {
                    dim: ta.unit.dim,
                    exp10: target,
                };
                let cmp = |c: Cmp| Typed {
                    expr: Expr::Cmp(c, Box::new(x.clone()), Box::new(y.clone())),
                    unit: Unit::ONE,
                    condition: true,
                };
                Ok(match op {
                    BinaryOp::Add => Typed::value(sym::add(x, y), unit),
                    BinaryOp::Sub => Typed::value(sym::sub(x, y), unit),
                    BinaryOp::Lt => cmp(Cmp::Lt),
                    BinaryOp::Le => cmp(Cmp::Le),
                    BinaryOp::Gt => cmp(Cmp::Gt),
                    BinaryOp::Ge => cmp(Cmp::Ge),
                    BinaryOp::Eq => cmp(Cmp::Eq),
                    _ => cmp(Cmp::Ne),
                })
            }
        }
    }

    fn lower_pow(
        &mut self,
        e: &ast::Expr,
        a: &ast::Expr,
        b: &ast::Expr,
        scope: Scope,
        env: &HashMap<String, Typed>,
    ) -> Result<Typed, Diagnostic> {
        let base = self.lower(a, scope, env)?;
        if base.condition {
            return Err(Diagnostic::new(
                a.loc,
                "`^` needs a quantity, not a condition",
            ));
        }
        if let Some(n) = integer_literal(b) {
            let n = n as i32;
            return Ok(Typed::value(sym::powi(base.expr, n), base.unit.powi(n)));
        }
        let exp = self.lower(b, scope, env)?;
        if exp.condition || !exp.unit.dim.is_none() {
            return Err(Diagnostic::new(b.loc, "an exponent must be dimensionless"));
        }
        if !base.unit.dim.is_none() {
            return Err(Diagnostic::new(
                e.loc,
                format!(
                    "a quantity with units of {} can only be raised to an integer literal power",
                    base.unit.dim.describe()
                ),
            ));
        }
        Ok(Typed::value(
            Expr::Powf(
                Box::new(rescale(base.expr, base.unit.exp10, 0)),
                Box::new(rescale(exp.expr, exp.unit.exp10, 0)),
            ),
            Unit::ONE,
        ))
    }
}

impl Checker<'_> {
    /// `rand(k)` / `randn(k)`: a draw from stream `k` of a network's seed.
    fn lower_draw(&mut self, f: &Ident, args: &[ast::Expr]) -> Result<Typed, Diagnostic> {
        if !self.allow_draws {
            return Err(Diagnostic::new(
                f.loc,
                format!(
                    "`{}` cannot be used here: random draws set a network's per-neuron values (settings, `init`, `drive`)",
                    f.name
                ),
            ));
        }
        let stream = match args {
            [a] => match &a.kind {
                ExprKind::Quantity(x, None)
                    if x.fract() == 0.0 && *x >= 0.0 && *x <= f64::from(u32::MAX) =>
                {
                    Some(*x as u32)
                }
                _ => None,
            },
            _ => None,
        };
        let Some(stream) = stream else {
            return Err(Diagnostic::new(
                f.loc,
                format!("`{}` takes the number of its random stream, e.g. `{0}(0)`", f.name),
            )
            .with_help("draws of different streams are independent; the same stream and neuron always give the same number"));
        };
        let normal = f.name == "randn";
        Ok(Typed::value(
            Expr::Var(Var::Random { normal, stream }),
            Unit::ONE,
        ))
    }
}

/// `3` or `-2` written literally (no unit).
fn integer_literal(e: &ast::Expr) -> Option<i64> {
    match &e.kind {
        ExprKind::Quantity(x, None) if x.fract() == 0.0 && x.abs() < 64.0 => Some(*x as i64),
        ExprKind::Unary(UnaryOp::Neg, inner) => integer_literal(inner).map(|n| -n),
        _ => None,
    }
}

/// The unit written on a value that is a single (possibly negated) literal.
fn literal_unit(e: &ast::Expr) -> Option<&ast::UnitExpr> {
    match &e.kind {
        ExprKind::Quantity(_, u) => u.as_ref(),
        ExprKind::Unary(UnaryOp::Neg, inner) => literal_unit(inner),
        _ => None,
    }
}
