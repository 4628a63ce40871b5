//! Parameter values of an interpreted item: its defaults with given values or a named
//! preset put in.

use cajal_lang::ir;

use crate::error::Error;

/// The defaults of `params` with `values` ((index, value) pairs) put in, and the defaults
/// that read other parameters recomputed from them ([`ir::resolve_params`]).
pub(crate) fn with_values(params: &[ir::Param], values: &[(usize, f64)]) -> Vec<f64> {
    ir::resolve_params(params, values)
}

/// The defaults of `params` with preset `name` of `presets` put in.
pub(crate) fn named_preset(
    params: &[ir::Param],
    presets: &[ir::Preset],
    name: &str,
) -> Result<Vec<f64>, Error> {
    let preset = presets
        .iter()
        .find(|p| p.name == name)
        .ok_or_else(|| Error::UnknownName {
            kind: "preset",
            name: name.to_string(),
            available: presets.iter().map(|p| p.name.clone()).collect(),
        })?;
    Ok(with_values(params, &preset.values))
}
