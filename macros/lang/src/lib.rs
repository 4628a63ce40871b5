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
pub mod parse;
pub mod suggest;
pub mod sym;
pub mod units;

pub use diag::{Diagnostic, Diagnostics, Loc};

/// Parses and checks every item in `text`.
pub fn compile(text: &str) -> Result<Vec<ir::Model>, Diagnostics> {
    let file = parse::parse(text)?;
    let mut models = Vec::new();
    let mut diags = Diagnostics::default();
    for item in &file.items {
        match check::check_item(item) {
            Ok(m) => models.push(m),
            Err(d) => diags.0.extend(d.0),
        }
    }
    if diags.is_empty() {
        Ok(models)
    } else {
        Err(diags)
    }
}
