//! The [`ModelInfo`] of a model known only at run time.

use cajal_lang::ir::Model;

use crate::model::{ModelInfo, ParamInfo, VarInfo};

/// Keeps `s` for the rest of the process (metadata of loaded models is `'static`, as that of
/// compiled ones).
pub(crate) fn keep(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

pub(crate) fn keep_all<T>(items: Vec<T>) -> &'static [T] {
    Box::leak(items.into_boxed_slice())
}

/// The metadata of `params`, kept for the rest of the process.
pub(crate) fn param_infos(params: &[cajal_lang::ir::Param]) -> &'static [ParamInfo] {
    keep_all(
        params
            .iter()
            .map(|p| ParamInfo {
                name: keep(p.name.clone()),
                unit: keep(p.unit.text.clone()),
                default: p.default,
                doc: keep(p.doc.join("\n")),
            })
            .collect(),
    )
}

pub(crate) fn var_info(name: &str, unit: &str, doc: &[String]) -> VarInfo {
    VarInfo {
        name: keep(name.to_string()),
        unit: keep(unit.to_string()),
        doc: keep(doc.join("\n")),
    }
}

/// The metadata of variables given as (name, unit, documentation), kept for the rest of the
/// process.
pub(crate) fn var_infos<'a>(
    vars: impl Iterator<Item = (&'a str, &'a str, &'a [String])>,
) -> &'static [VarInfo] {
    keep_all(vars.map(|(n, u, d)| var_info(n, u, d)).collect())
}

/// The metadata of `m`, as `neural_model!` would generate it. It is allocated once and kept
/// for the rest of the process.
pub(crate) fn model_info(m: &Model) -> &'static ModelInfo {
    let info = ModelInfo {
        name: keep(m.name.clone()),
        kind: m.kind,
        doc: keep(m.doc.join("\n")),
        params: param_infos(&m.params),
        inputs: var_infos(m.inputs.iter().map(|v| (&*v.name, &*v.unit.text, &*v.doc))),
        states: var_infos(m.states.iter().map(|v| (&*v.name, &*v.unit.text, &*v.doc))),
        outputs: var_infos(m.outputs.iter().map(|v| (&*v.name, &*v.unit.text, &*v.doc))),
        method: m.method.name(),
        methods: keep_all(m.methods.iter().map(|x| x.name()).collect()),
        method_reason: keep(m.method_reason.clone()),
        schedule: m.schedule.name(),
        schedules: keep_all(m.schedules.iter().map(|x| x.name()).collect()),
        presets: keep_all(m.presets.iter().map(|p| keep(p.name.clone())).collect()),
        equations: keep_all(m.equation_texts().into_iter().map(keep).collect()),
        clamped: keep_all(
            m.equations
                .iter()
                .zip(&m.states)
                .filter(|(e, _)| e.clamped)
                .map(|(_, s)| keep(s.name.clone()))
                .collect(),
        ),
        source: keep(m.source.clone()),
    };
    Box::leak(Box::new(info))
}
