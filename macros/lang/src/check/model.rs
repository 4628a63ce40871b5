//! The model pass: declarations, then equations, events, refractoriness, outputs,
//! schedules and presets, then the integration method, assembled into an [`ir::Model`].

use super::{Checker, Decls, Sym};
use crate::ast::{self};
use crate::diag::Diagnostics;
use crate::ir::{self};

/// Checks a `neuron` or `mass` item and lowers it to IR, or returns every error found.
pub fn check_model(item: &ast::ModelItem) -> Result<ir::Model, Diagnostics> {
    let mut decls = Decls::dynamics(&item.header, &item.dynamics, &item.inputs, &item.outputs);
    decls.events = &item.events;
    decls.refractory = item.refractory.as_ref();
    decls.update = item.update.as_ref();
    let kind = match item.kind {
        ast::ModelKind::Neuron => ir::ModelKind::Neuron,
        ast::ModelKind::Mass => ir::ModelKind::Mass,
    };
    let mut c = Checker::new(&decls);
    let model = c.run(kind);
    c.finish(model)
}

impl Checker<'_> {
    /// The model pass over the item's declarations and dynamics, as a model of `kind`.
    pub(super) fn run(&mut self, kind: ir::ModelKind) -> Option<ir::Model> {
        let item = self.item;
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

        for p in item.params {
            let param = self.param(p);
            self.params.push(param);
        }
        for p in item.inputs {
            let input = self.input(p);
            self.inputs.push(input);
        }
        for s in &item.states {
            let (unit, init) = self.state(s);
            self.state_units.push(unit);
            self.state_inits.push(init);
        }
        if !self.diags.is_empty() {
            // Units of declarations are unknown; checking equations would only add noise.
            return None;
        }
        let (equations, events, refractory) = match item.update {
            Some(update) => (self.updates(update), Vec::new(), ir::Refractory::None),
            None => (self.equations(), self.events(), self.refractory()),
        };
        let outputs = self.outputs();
        let schedules = self.schedules();
        let presets = self.presets();
        if !self.diags.is_empty() {
            return None;
        }
        let mut equations = equations?;
        let (methods, reason) = match item.update {
            Some(_) => self.discrete_methods()?,
            None => self.method(&mut equations)?,
        };
        let states = item
            .states
            .iter()
            .zip(self.state_inits.clone())
            .zip(&self.state_units)
            .map(|((s, init), unit)| ir::State {
                name: s.name.name.clone(),
                unit: unit.clone(),
                init,
                doc: s.doc.clone(),
            })
            .collect();
        Some(ir::Model {
            name: item.name().name.clone(),
            doc: item.header.doc.clone(),
            vis: item.header.vis.clone(),
            kind,
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
}
