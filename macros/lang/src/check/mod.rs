//! Syntax tree → checked IR: name resolution, dimension checking with unit scale folding,
//! event and refractoriness rules, and the choice of integration method.
//!
//! One [`Checker`] per item reports every error into one [`Diagnostics`] sink; its passes
//! live one per file: [`declarations`], [`equations`], [`events`], [`method`] and the
//! expression lowering ([`lower`], [`calls`]), assembled by [`model`] for neurons, masses and
//! a synapse's summed state; [`synapse`], [`plasticity`], [`coupling`] and [`network`] add
//! what those kinds have of their own.

use std::collections::HashMap;

use crate::ast::{self, Ident};
use crate::diag::{Diagnostic, Diagnostics};
use crate::ir::{self, Expr, UnitInfo};
use crate::units::Unit;

mod calls;
mod coupling;
mod declarations;
mod equations;
mod events;
pub mod item_names;
mod lower;
mod method;
mod model;
mod network;
mod network_rules;
mod network_signals;
mod plasticity;
mod rate_plasticity;
mod scale;
mod synapse;
mod update;
pub use coupling::check_coupling;
pub use model::check_model;
pub use network::{DEFAULT_TIMESTEP_MS, check_network};
pub use scale::{render_unit, shift10};
pub use synapse::check_synapse;

/// Checks any item and lowers it to IR, or returns every error found.
pub fn check(item: &ast::Item) -> Result<ir::Item, Diagnostics> {
    Ok(match item {
        ast::Item::Model(m) => ir::Item::Model(check_model(m)?),
        ast::Item::Synapse(s) => ir::Item::Synapse(check_synapse(s)?),
        ast::Item::Coupling(c) => ir::Item::Coupling(check_coupling(c)?),
        ast::Item::Network(n) => ir::Item::Network(check_network(n)?),
    })
}

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
    /// Only numbers with units (input defaults, presets, weights).
    Constant,
    /// Numbers and the parameters declared before (parameter defaults).
    Defaults,
    /// Numbers, parameters and the initial values of the states declared before (initial
    /// values).
    Initial,
    /// Numbers and parameters (a network's values, a plastic synapse's statements).
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

/// What the passes read of an item, by role: a model's own sections, or a synapse's seen as
/// a model (its `post` variables are the inputs, its injected values the outputs, and its
/// traces, continuous variables and a weight with an equation come after its summed state).
/// Couplings and networks fill in only what they have.
struct Decls<'a> {
    header: &'a ast::Header,
    params: &'a [ast::Decl],
    inputs: &'a [ast::Decl],
    states: Vec<&'a ast::Decl>,
    derivatives: &'a [ast::Derivative],
    aliases: &'a [ast::Decl],
    functions: &'a [ast::Function],
    outputs: &'a [ast::Decl],
    events: &'a [ast::Event],
    refractory: Option<&'a ast::Expr>,
    /// `update { … }` of a discrete-time model.
    update: Option<&'a ast::Update>,
    methods: &'a [Ident],
    schedules: &'a [Ident],
    presets: &'a [ast::Preset],
}

impl<'a> Decls<'a> {
    /// An item with nothing declared yet.
    fn empty(header: &'a ast::Header) -> Decls<'a> {
        Decls {
            header,
            params: &[],
            inputs: &[],
            states: Vec::new(),
            derivatives: &[],
            aliases: &[],
            functions: &[],
            outputs: &[],
            events: &[],
            refractory: None,
            update: None,
            methods: &[],
            schedules: &[],
            presets: &[],
        }
    }

    /// The shared sections of a model or synapse, with `inputs` and `outputs` in their roles.
    fn dynamics(
        header: &'a ast::Header,
        d: &'a ast::Dynamics,
        inputs: &'a [ast::Decl],
        outputs: &'a [ast::Decl],
    ) -> Decls<'a> {
        Decls {
            params: &d.params,
            inputs,
            states: d.states.iter().collect(),
            derivatives: &d.derivatives,
            aliases: &d.aliases,
            functions: &d.functions,
            outputs,
            methods: &d.methods,
            schedules: &d.schedules,
            presets: &d.presets,
            ..Decls::empty(header)
        }
    }

    /// An item with parameters, functions and presets only.
    fn parameters(
        header: &'a ast::Header,
        params: &'a [ast::Decl],
        functions: &'a [ast::Function],
        presets: &'a [ast::Preset],
    ) -> Decls<'a> {
        Decls {
            params,
            functions,
            presets,
            ..Decls::empty(header)
        }
    }

    /// The item's name.
    fn name(&self) -> &'a Ident {
        &self.header.name
    }
}

/// One item's check: its names, the units found so far, and the error sink.
struct Checker<'a> {
    item: &'a Decls<'a>,
    diags: Diagnostics,
    names: HashMap<String, Sym>,
    params: Vec<ir::Param>,
    inputs: Vec<ir::Input>,
    state_units: Vec<UnitInfo>,
    /// Initial values of the states checked so far (what later initial values may read).
    state_inits: Vec<Expr>,
    aliases: Vec<Option<Typed>>,
    alias_busy: Vec<bool>,
    calls: Vec<usize>,
    /// True while lowering the right-hand side of a `dx/dt` (the only place for `xi`).
    in_equation: bool,
    /// True while lowering a network's per-neuron value (the only place for `rand(k)`).
    allow_draws: bool,
    /// Lowering an event condition of a neuron: `hazard(…)` may be used.
    allow_hazard: bool,
    /// Lowering an `update` entry: `bernoulli(…)` may be used.
    allow_bernoulli: bool,
    /// `hazard(…)` conditions and `bernoulli(…)` calls lowered so far (each reads its own
    /// draw).
    hazards: u32,
    /// Columns of files read by a network's per-neuron values (`column("file", k)`).
    columns: Vec<crate::ir::ColumnFile>,
}

impl<'a> Checker<'a> {
    fn new(item: &'a Decls<'a>) -> Checker<'a> {
        Checker {
            item,
            diags: Diagnostics::default(),
            names: HashMap::new(),
            params: Vec::new(),
            inputs: Vec::new(),
            state_units: Vec::new(),
            state_inits: Vec::new(),
            aliases: vec![None; item.aliases.len()],
            alias_busy: vec![false; item.aliases.len()],
            calls: Vec::new(),
            in_equation: false,
            allow_draws: false,
            allow_hazard: false,
            allow_bernoulli: false,
            hazards: 0,
            columns: Vec::new(),
        }
    }

    /// The end of the check: `value`, or every error in source order.
    fn finish<T>(self, value: Option<T>) -> Result<T, Diagnostics> {
        self.diags.finish(value)
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
}
