//! The model, synapse and coupling types a network item names, and the checks `neural_model!` makes
//! while Rust compiles a network (names exist, dimensions match), made here on the IR.

use std::sync::Arc;

use cajal_lang::diag::{Diagnostic, Loc};
use cajal_lang::ir::{self, Expr, ModelUse, Quantity, Var};
use cajal_lang::sym;
use cajal_lang::units::Unit;

use super::super::{InterpretedCoupling, InterpretedSynapse, Interpreter};
use crate::coupling::Coupling;
use crate::model::Model;
use crate::synapse::Synapse;

/// Builds `n` instances of a model with its default parameters.
pub type BuildModel = Box<dyn Fn(usize) -> Box<dyn Model + Send> + Send + Sync>;
/// Builds a synapse with its default parameters.
pub type BuildSynapse = Box<dyn Fn() -> Box<dyn Synapse> + Send + Sync>;
/// Builds a coupling with its default parameters.
pub type BuildCoupling = Box<dyn Fn() -> Box<dyn Coupling + Send> + Send + Sync>;

/// A neuron or mass model a network may use: its checked IR (names, units, presets) and a
/// constructor (interpreted, or compiled code with the same IR).
pub struct ModelType {
    /// The checked model.
    pub ir: ir::Model,
    /// Its constructor.
    pub build: BuildModel,
}

/// A synapse a network may use: its checked IR and a constructor.
pub struct SynapseType {
    /// The checked synapse.
    pub ir: ir::Synapse,
    /// Its constructor.
    pub build: BuildSynapse,
}

/// A coupling a rate projection may use: its checked IR and a constructor.
pub struct CouplingType {
    /// The checked coupling.
    pub ir: ir::Coupling,
    /// Its constructor.
    pub build: BuildCoupling,
}

/// The types a network item's paths resolve to, by the path's last segment (`crate::Lif`
/// and `Lif` both name `Lif`); the first type registered under a name wins.
#[derive(Default)]
pub struct Types {
    models: Vec<Arc<ModelType>>,
    synapses: Vec<Arc<SynapseType>>,
    couplings: Vec<Arc<CouplingType>>,
}

impl Types {
    /// No types.
    pub fn new() -> Types {
        Types::default()
    }

    /// Registers every model, synapse and coupling of `items`, interpreted.
    pub fn interpret(&mut self, items: &[ir::Item]) {
        for item in items {
            match item {
                ir::Item::Model(m) => {
                    let def = Interpreter::new(m.clone());
                    self.add_model(
                        m.clone(),
                        Box::new(move |n| Box::new(def.population(n)) as Box<dyn Model + Send>),
                    );
                }
                ir::Item::Synapse(s) => {
                    let proto = InterpretedSynapse::new(s.clone());
                    self.add_synapse(
                        s.clone(),
                        Box::new(move || Box::new(proto.clone()) as Box<dyn Synapse>),
                    );
                }
                ir::Item::Coupling(c) => {
                    let proto = InterpretedCoupling::new(c.clone());
                    self.add_coupling(
                        c.clone(),
                        Box::new(move || Box::new(proto.clone()) as Box<dyn Coupling + Send>),
                    );
                }
                ir::Item::Network(_) => {}
            }
        }
    }

    /// Registers every type of `other` after those already here (which win on a shared
    /// name): a file's own items first, then a library built once and shared.
    pub fn extend_from(&mut self, other: &Types) {
        self.models.extend(other.models.iter().cloned());
        self.synapses.extend(other.synapses.iter().cloned());
        self.couplings.extend(other.couplings.iter().cloned());
    }

    /// Registers a model under its name.
    pub fn add_model(&mut self, ir: ir::Model, build: BuildModel) {
        self.models.push(Arc::new(ModelType { ir, build }));
    }

    /// Registers a synapse under its name.
    pub fn add_synapse(&mut self, ir: ir::Synapse, build: BuildSynapse) {
        self.synapses.push(Arc::new(SynapseType { ir, build }));
    }

    /// Registers a coupling under its name.
    pub fn add_coupling(&mut self, ir: ir::Coupling, build: BuildCoupling) {
        self.couplings.push(Arc::new(CouplingType { ir, build }));
    }

    /// Whether a model, synapse or coupling is registered under `name`.
    pub fn has(&self, name: &str) -> bool {
        self.models.iter().any(|m| m.ir.name == name)
            || self.synapses.iter().any(|s| s.ir.dynamics.name == name)
            || self.couplings.iter().any(|c| c.ir.name == name)
    }

    pub(super) fn coupling(&self, name: &str) -> Option<Arc<CouplingType>> {
        self.couplings.iter().find(|c| c.ir.name == name).cloned()
    }

    pub(super) fn model(&self, name: &str) -> Option<Arc<ModelType>> {
        self.models.iter().find(|m| m.ir.name == name).cloned()
    }

    pub(super) fn synapse(&self, name: &str) -> Option<Arc<SynapseType>> {
        self.synapses
            .iter()
            .find(|s| s.ir.dynamics.name == name)
            .cloned()
    }
}

/// The name a path resolves by: its last segment.
pub(super) fn type_name(m: &ModelUse) -> &str {
    m.path.last().map_or("", String::as_str)
}

/// One declaration of a model or synapse: kind (`param`, `input`, `state`, `weight`), name,
/// unit, and whether it is a pure number in a named unit (values must write their unit).
pub(super) type Declaration = (&'static str, String, Unit, bool);

fn declaration(kind: &'static str, name: &str, unit: &ir::UnitInfo) -> Declaration {
    let named = cajal_lang::units::needs_written_unit(&unit.text, unit.unit);
    (kind, name.to_string(), unit.unit, named)
}

/// The declarations of a model, as in its generated unit table.
pub(super) fn model_declarations(m: &ir::Model) -> Vec<Declaration> {
    let params = m
        .params
        .iter()
        .map(|p| declaration("param", &p.name, &p.unit));
    let inputs = m
        .inputs
        .iter()
        .map(|v| declaration("input", &v.name, &v.unit));
    let states = m
        .states
        .iter()
        .map(|v| declaration("state", &v.name, &v.unit));
    params.chain(inputs).chain(states).collect()
}

/// The declarations of a coupling (its parameters), as in its generated unit table.
pub(super) fn coupling_declarations(c: &ir::Coupling) -> Vec<Declaration> {
    c.params
        .iter()
        .map(|p| declaration("param", &p.name, &p.unit))
        .collect()
}

/// The declarations of a synapse, as in its generated unit table.
pub(super) fn synapse_declarations(s: &ir::Synapse) -> Vec<Declaration> {
    let m = &s.dynamics;
    let params = m
        .params
        .iter()
        .map(|p| declaration("param", &p.name, &p.unit));
    let weight = std::iter::once(declaration("weight", &s.weight.name, &s.weight.unit));
    let states = m
        .states
        .iter()
        .map(|v| declaration("state", &v.name, &v.unit));
    params.chain(weight).chain(states).collect()
}

/// How a kind of declaration is named in messages.
fn kind_name(kind: &str) -> &str {
    match kind {
        "param" => "parameter",
        "state" => "state variable",
        other => other,
    }
}

/// A value for a variable of another item, checked: its expression over network parameters,
/// `i`, draws and time, in 10^`from` of the unit, to be expressed in 10^`to`.
#[derive(Clone, Debug)]
pub(super) struct Value {
    pub expr: Expr,
    pub from: i32,
    pub to: i32,
}

impl Value {
    /// Whether the value differs between neurons (reads `i` or a random draw).
    pub fn per_neuron(&self) -> bool {
        sym::any_var(&self.expr, &|v| {
            matches!(v, Var::Index | Var::Random { .. } | Var::Column(_))
        })
    }

    /// Whether the value changes with time.
    pub fn timed(&self) -> bool {
        sym::contains(&self.expr, Var::Time)
    }
}

/// Collects the errors of a network's uses of other items.
#[derive(Default)]
pub(super) struct Checker {
    pub diags: Vec<Diagnostic>,
}

impl Checker {
    pub fn error(&mut self, loc: Loc, message: String, help: Option<String>) {
        let mut d = Diagnostic::new(loc, message);
        if let Some(h) = help {
            d = d.with_help(h);
        }
        self.diags.push(d);
    }

    /// The model `m` names, or an error at its path.
    pub fn model(&mut self, types: &Types, m: &ModelUse) -> Option<Arc<ModelType>> {
        let name = type_name(m);
        if let Some(t) = types.model(name) {
            self.method_and_schedule(m, &t.ir.methods, &t.ir.schedules);
            return Some(t);
        }
        let what = if types.synapse(name).is_some() {
            format!("`{name}` is a synapse, but a population needs a neuron or mass model")
        } else {
            format!("no neuron or mass model is called `{name}`")
        };
        let names: Vec<String> = types.models.iter().map(|m| m.ir.name.clone()).collect();
        self.error(m.loc, what, Some(available(name, &names, "models")));
        None
    }

    /// The coupling `m` names, or an error at its path.
    pub fn coupling(&mut self, types: &Types, m: &ModelUse) -> Option<Arc<CouplingType>> {
        let name = type_name(m);
        if let Some(t) = types.coupling(name) {
            return Some(t);
        }
        let what = if types.synapse(name).is_some() || types.model(name).is_some() {
            format!(
                "`{name}` is not a coupling, but a rate projection (`A.x -> B.input`) goes through one"
            )
        } else {
            format!("no coupling is called `{name}`")
        };
        let names: Vec<String> = types.couplings.iter().map(|c| c.ir.name.clone()).collect();
        self.error(m.loc, what, Some(available(name, &names, "couplings")));
        None
    }

    /// An error unless `m` declares `name` of `kind` (`state` or `input`) for a rate
    /// projection to couple.
    pub fn require_coupled(&mut self, m: &ir::Model, kind: &str, (name, loc): &(String, Loc)) {
        let names: Vec<&str> = match kind {
            "state" => m.states.iter().map(|s| s.name.as_str()).collect(),
            _ => m.inputs.iter().map(|s| s.name.as_str()).collect(),
        };
        if !names.contains(&name.as_str()) {
            let (what, plural) = match kind {
                "state" => ("state variable", "state variables"),
                _ => ("input", "inputs"),
            };
            self.error(
                *loc,
                format!("{} has no {what} `{name}` to couple", m.name),
                Some(format!("its {plural} are {}", names.join(", "))),
            );
        }
    }

    /// The synapse `m` names, or an error at its path.
    pub fn synapse(&mut self, types: &Types, m: &ModelUse) -> Option<Arc<SynapseType>> {
        let name = type_name(m);
        if let Some(t) = types.synapse(name) {
            if let Some(s) = &m.schedule
                && crate::network::build::delivery(s).is_err()
            {
                self.error(
                    m.loc,
                    format!("no delivery schedule is called `{s}`"),
                    Some("the schedules are `seed` and `brian2`".into()),
                );
            }
            return Some(t);
        }
        let what = if types.model(name).is_some() {
            format!("`{name}` is a neuron or mass model, but a projection needs a synapse")
        } else {
            format!("no synapse is called `{name}`")
        };
        let names: Vec<String> = types
            .synapses
            .iter()
            .map(|s| s.ir.dynamics.name.clone())
            .collect();
        self.error(m.loc, what, Some(available(name, &names, "synapses")));
        None
    }

    fn method_and_schedule(&mut self, m: &ModelUse, methods: &[ir::Method], sch: &[ir::Schedule]) {
        let methods: Vec<&str> = methods.iter().map(|k| k.name()).collect();
        let schedules: Vec<&str> = sch.iter().map(|k| k.name()).collect();
        let ty = type_name(m);
        let checks = [
            (&m.method, methods, "cannot be integrated with", "methods"),
            (&m.schedule, schedules, "has no schedule", "schedules"),
        ];
        for (chosen, names, fault, plural) in checks {
            if let Some(x) = chosen
                && !names.contains(&crate::model::canonical_method(x))
            {
                self.error(
                    m.loc,
                    format!("`{ty}` {fault} `{x}`"),
                    Some(format!("its {plural} are {}", names.join(", "))),
                );
            }
        }
    }

    /// The preset values `m` asks for (empty without a preset), or an error at the preset.
    pub fn preset(&mut self, m: &ModelUse, presets: &[ir::Preset]) -> Vec<(usize, f64)> {
        let Some((name, loc)) = &m.preset else {
            return Vec::new();
        };
        match presets.iter().find(|p| &p.name == name) {
            Some(p) => p.values.clone(),
            None => {
                let names: Vec<&str> = presets.iter().map(|p| p.name.as_str()).collect();
                let help = if names.is_empty() {
                    "it has no presets".to_string()
                } else {
                    format!("its presets are {}", names.join(", "))
                };
                self.error(
                    *loc,
                    format!("`{}` has no preset `{name}`", type_name(m)),
                    Some(help),
                );
                Vec::new()
            }
        }
    }

    /// `q`, given for declaration `name` of kind `kind` (any weight when `kind` is
    /// `weight`) of the item `ty_name` with declarations `decls`: its index among the
    /// declarations of that kind and the value, or an error at the name or value.
    #[allow(clippy::too_many_arguments)]
    pub fn converted(
        &mut self,
        decls: &[Declaration],
        ty_name: &str,
        kind: &str,
        name: &str,
        name_loc: Loc,
        q: &Quantity,
    ) -> Option<(usize, Value)> {
        let of_kind: Vec<&Declaration> = decls.iter().filter(|d| d.0 == kind).collect();
        let found = of_kind.iter().position(|d| kind == "weight" || d.1 == name);
        let Some(k) = found else {
            let names: Vec<&str> = of_kind.iter().map(|d| d.1.as_str()).collect();
            let (message, help) = match kind {
                "weight" => (format!("{ty_name} has no weight: is it a synapse?"), None),
                _ => (
                    format!("{ty_name} has no {} `{name}`", kind_name(kind)),
                    Some(if names.is_empty() {
                        format!("it has no {}s", kind_name(kind))
                    } else {
                        format!("its {}s are {}", kind_name(kind), names.join(", "))
                    }),
                ),
            };
            self.error(name_loc, message, help);
            return None;
        };
        let unit = of_kind[k].2;
        if of_kind[k].3 && !q.written_unit && unit.dim == q.unit.dim {
            self.error(
                q.loc,
                format!(
                    "{} `{name}` of {ty_name} is a pure number in a named unit: write the unit with the value",
                    kind_name(kind)
                ),
                Some("a bare number could be meant in another scale (e.g. per ms instead of per s)".into()),
            );
            return None;
        }
        if unit.dim != q.unit.dim {
            let what = match kind {
                "weight" => format!("the weight of {ty_name}"),
                _ => format!("{} `{name}` of {ty_name}", kind_name(kind)),
            };
            self.error(
                q.loc,
                format!(
                    "{what} is not a {}: the value given has units of {}",
                    q.unit.dim.describe(),
                    q.unit_text
                ),
                Some(format!("it is a {}", unit.dim.describe())),
            );
            return None;
        }
        Some((
            k,
            Value {
                expr: q.expr.clone(),
                from: q.unit.exp10,
                to: unit.exp10,
            },
        ))
    }

    /// Each of `list`, given for declarations of kind `kind` of `ty_name`, checked.
    pub fn settings(
        &mut self,
        decls: &[Declaration],
        ty_name: &str,
        kind: &str,
        list: &[ir::Setting],
    ) -> Vec<(usize, Value)> {
        list.iter()
            .filter_map(|s| self.converted(decls, ty_name, kind, &s.name, s.name_loc, &s.value))
            .collect()
    }

    /// An error unless the model declares state variable or output `name`.
    pub fn require_recordable(&mut self, m: &ir::Model, name: &str, loc: Loc) {
        let states = m.states.iter().map(|s| s.name.as_str());
        let outputs = m.outputs.iter().map(|o| o.name.as_str());
        if states.clone().chain(outputs.clone()).any(|n| n == name) {
            return;
        }
        let states: Vec<&str> = states.collect();
        let outputs: Vec<&str> = outputs.collect();
        let help = if outputs.is_empty() {
            format!("its state variables are {}", states.join(", "))
        } else {
            format!(
                "its state variables are {}; its outputs {}",
                states.join(", "),
                outputs.join(", ")
            )
        };
        self.error(
            loc,
            format!(
                "{} has no state variable or output `{name}` to record",
                m.name
            ),
            Some(help),
        );
    }
}

/// Help for an unknown type name: the closest known one, or the list.
fn available(name: &str, names: &[String], kind: &str) -> String {
    if let Some(close) = cajal_lang::suggest::closest(name, names.iter().map(String::as_str)) {
        return format!("did you mean `{close}`?");
    }
    if names.is_empty() {
        format!("no {kind} are available")
    } else {
        format!("the {kind} available are {}", names.join(", "))
    }
}
