//! The Cajal modelling language: one grammar, a dimension checker, a small symbolic algebra
//! and the checked intermediate representation that code generation and the interpreter read.
//!
//! Pipeline: text → [`parse::parse`] (syntax tree with byte ranges) → [`check::check`]
//! (names, units, kinds, integration method) → [`ir::Item`].
//! This crate has no dependency on `proc_macro`, `syn` or `quote`.

pub mod ast;
pub mod check;
pub mod diag;
pub mod display;
pub mod ir;
pub mod math;
pub mod parse;
pub mod quantity;
pub mod suggest;
pub mod sym;
pub mod units;

pub use diag::{Diagnostic, Diagnostics, Loc};

/// Parses and checks every item in `text`: models, couplings, synapses and networks.
pub fn compile_items(text: &str) -> Result<Vec<ir::Item>, Diagnostics> {
    let file = parse::parse(text)?;
    let mut items = Vec::new();
    let mut diags: Diagnostics = check::item_names::check_item_names(&file)
        .into_iter()
        .collect();
    for item in &file.items {
        match check::check(item) {
            Ok(mut checked) => {
                let source = text.get(item.header().loc.range()).unwrap_or_default();
                checked.set_source(source.to_string());
                items.push(checked);
            }
            Err(d) => diags.append(d),
        }
    }
    diags.finish(Some(items))
}

/// Parses and checks every item in `text`, keeping the neuron and mass models.
pub fn compile(text: &str) -> Result<Vec<ir::Model>, Diagnostics> {
    Ok(compile_items(text)?
        .into_iter()
        .filter_map(|i| match i {
            ir::Item::Model(m) => Some(m),
            ir::Item::Coupling(_) | ir::Item::Synapse(_) | ir::Item::Network(_) => None,
        })
        .collect())
}
