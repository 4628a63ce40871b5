//! The Cajal modelling language: one grammar, a dimension checker, a small symbolic algebra
//! and the checked intermediate representation that code generation and the interpreter read.
//!
//! Pipeline: text → [`parse::parse`] (syntax tree with byte ranges) → [`check::check_item`]
//! (names, units, kinds, integration method) → [`ir::Model`].
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
    let mut diags = Diagnostics::default();
    for item in &file.items {
        let checked = match item.kind {
            ast::ItemKind::Coupling => check::check_coupling(item).map(|mut c| {
                c.source = item_text(text, item);
                ir::Item::Coupling(c)
            }),
            ast::ItemKind::Synapse => check::check_synapse(item).map(|mut s| {
                s.dynamics.source = item_text(text, item);
                ir::Item::Synapse(s)
            }),
            ast::ItemKind::Network => check::check_network(item).map(|mut n| {
                n.source = item_text(text, item);
                ir::Item::Network(n)
            }),
            _ => check::check_item(item).map(|mut m| {
                m.source = item_text(text, item);
                ir::Item::Model(m)
            }),
        };
        match checked {
            Ok(i) => items.push(i),
            Err(d) => diags.0.extend(d.0),
        }
    }
    if diags.is_empty() {
        Ok(items)
    } else {
        Err(diags)
    }
}

/// The text of `item` as written.
fn item_text(text: &str, item: &ast::Item) -> String {
    text.get(item.loc.range()).unwrap_or_default().to_string()
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
