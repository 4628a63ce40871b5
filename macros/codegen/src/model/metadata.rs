//! What a model says about itself: the doc comment of its population type (equations,
//! method and why, schedule) and the `INFO` constant (names, units, kinds, methods,
//! schedules, presets, equations, source) that monitors, the CLI and the runtime read.

use proc_macro2::TokenStream;
use quote::quote;

use cajal_lang::ir::{Model, ModelKind, Schedule};

use super::Parts;
use crate::docs::{doc_attrs, joined};
use crate::expr::number;

/// The population type's doc attributes: the model's doc, its equations, method and schedule.
pub(super) fn model_doc(m: &Model) -> TokenStream {
    let mut doc = m.doc.clone();
    if !doc.is_empty() {
        doc.push(String::new());
    }
    doc.push("# Equations".into());
    doc.push(String::new());
    doc.push("```text".into());
    doc.extend(m.equation_texts());
    doc.push("```".into());
    doc.push(String::new());
    doc.push(format!(
        "{}: `{}` — {}.",
        if m.is_discrete() {
            "Update"
        } else {
            "Integration"
        },
        m.method.name(),
        m.method_reason
    ));
    doc.push(format!(
        "Events: {}.",
        match m.schedule {
            Schedule::Brian2 => "Brian2 schedule (integrate, then test events on the new values)",
            Schedule::Seed => "seed schedule (test events on the stored values; a firing instance does not integrate that step)",
        }
    ));
    if m.schedules.len() > 1 {
        let others: Vec<String> = m.schedules[1..]
            .iter()
            .map(|s| format!("`{}`", s.name()))
            .collect();
        doc.push(format!(
            "Also selectable with `set_schedule`: {}.",
            others.join(", ")
        ));
    }
    doc.push(String::new());
    doc.push("Time is in ms; every other value is in the unit listed with its field.".into());
    doc_attrs(&doc)
}

/// `pub const INFO: ModelInfo`.
pub(super) fn info(p: &Parts) -> TokenStream {
    let (m, rt) = (p.m, p.rt);
    let info_kind = match m.kind {
        ModelKind::Neuron => quote!(#rt::__private::ModelKind::Neuron),
        ModelKind::Mass => quote!(#rt::__private::ModelKind::Mass),
        ModelKind::Synapse => quote!(#rt::__private::ModelKind::Synapse),
    };
    let param_infos = m.params.iter().map(|p| {
        let (n, u, d, doc) = (&p.name, &p.unit.text, number(p.default), joined(&p.doc));
        quote!(#rt::__private::ParamInfo { name: #n, unit: #u, default: #d, doc: #doc })
    });
    let var_info = |n: &str, u: &str, doc: &[String]| {
        let doc = joined(doc);
        quote!(#rt::__private::VarInfo { name: #n, unit: #u, doc: #doc })
    };
    let state_infos = m
        .states
        .iter()
        .map(|s| var_info(&s.name, &s.unit.text, &s.doc));
    let input_infos = m
        .inputs
        .iter()
        .map(|s| var_info(&s.name, &s.unit.text, &s.doc));
    let output_infos = m
        .outputs
        .iter()
        .map(|s| var_info(&s.name, &s.unit.text, &s.doc));
    let model_name = &m.name;
    let model_doc_text = joined(&m.doc);
    let source = &m.source;
    let method = m.method.name();
    let reason = &m.method_reason;
    let schedule = m.schedule.name();
    let schedule_names: Vec<&str> = m.schedules.iter().map(|s| s.name()).collect();
    let equations = m.equation_texts();
    let method_names: Vec<&str> = m.methods.iter().map(|m| m.name()).collect();
    let preset_names: Vec<&str> = m.presets.iter().map(|p| p.name.as_str()).collect();
    let clamped_names: Vec<&str> = m
        .states
        .iter()
        .zip(&m.equations)
        .filter(|(_, e)| e.clamped)
        .map(|(s, _)| s.name.as_str())
        .collect();
    quote! {
            /// Names, units and documentation of this model.
            pub const INFO: #rt::__private::ModelInfo = #rt::__private::ModelInfo {
                name: #model_name,
                kind: #info_kind,
                doc: #model_doc_text,
                params: &[#(#param_infos),*],
                inputs: &[#(#input_infos),*],
                states: &[#(#state_infos),*],
                outputs: &[#(#output_infos),*],
                method: #method,
                methods: &[#(#method_names),*],
                method_reason: #reason,
                schedule: #schedule,
                schedules: &[#(#schedule_names),*],
                presets: &[#(#preset_names),*],
                equations: &[#(#equations),*],
                clamped: &[#(#clamped_names),*],
                source: #source,
            };
    }
}
