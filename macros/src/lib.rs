//! `neural_model!` and `include_model!`: thin adapters from Rust tokens (or a `.cajal` file)
//! to the Cajal compiler.
//!
//! tokens → text with a span table ([`tokens`]) → `cajal_lang` (parse, check) →
//! `cajal_codegen` → tokens; every diagnostic becomes a `compile_error!` under the
//! offending tokens ([`error`]), plus a stub of each model so only the real error shows.

mod error;
mod include;

use cajal_codegen::tokens;

use proc_macro::TokenStream;

/// Compiles Cajal model items into Rust types.
///
/// ```ignore
/// cajal::neural_model! {
///     /// Leaky integrate-and-fire neuron.
///     pub neuron Lif {
///         parameters { tau = 10 ms, v_rest = -70 mV, v_th = -50 mV, v_reset = -75 mV, R = 10 Mohm }
///         inputs { I: nA }
///         state { v = v_rest }
///         equations { dv/dt = (-(v - v_rest) + R*I)/tau }
///         on v > v_th { emit spike; v = v_reset }
///     }
/// }
/// ```
///
/// An optional first line `#![runtime = path]` names the runtime crate the generated code
/// uses (default `::cajal::runtime`; the model library uses `::cajal_runtime`).
#[proc_macro]
pub fn neural_model(input: TokenStream) -> TokenStream {
    expand(input.into()).into()
}

fn expand(input: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
    let (runtime, body) = match tokens::split_runtime_option(input) {
        Ok(parts) => parts,
        Err(e) => return e.to_compile_error(),
    };
    let (text, table) = tokens::flatten(body);
    let table = std::rc::Rc::new(table);
    let options = cajal_codegen::Options {
        runtime: runtime.unwrap_or_else(|| quote::quote!(::cajal::runtime)),
        spans: Some(table.clone()),
        files_dir: String::new(),
    };
    match cajal_lang::compile_items(&text) {
        Ok(items) => cajal_codegen::expand_items(&items, &options),
        Err(diags) => error::to_compile_errors(&diags, &table, &text),
    }
}

/// Compiles the Cajal items of a `.cajal` file (path relative to the crate's
/// `Cargo.toml`) in place, as `neural_model!` would; Cargo rebuilds when the file changes.
///
/// ```ignore
/// cajal::include_model!("models/cell.cajal");
/// cajal::include_model!("models/cell.cajal", runtime = ::cajal_runtime);
/// ```
///
/// Errors in the file are reported with its name, line, column and a caret.
#[proc_macro]
pub fn include_model(input: TokenStream) -> TokenStream {
    include::expand(input.into()).into()
}
