//! IR → Rust: the code generator behind `neural_model!`, `include_model!` and build scripts
//! ([`Config`]).
//!
//! For each model it emits a parameter struct with documented defaults and units, a
//! struct-of-arrays state, input buffers, a population type whose `step` advances every
//! instance in one loop, metadata, and an implementation of the runtime's `Model` trait.
//! Generated code uses absolute paths rooted at [`Options::runtime`]. [`tokens`] turns macro
//! tokens into model text with a span table, so diagnostics land on the right tokens.

mod build;
mod coupling;
mod docs;
mod expr;
mod flat_params;
mod model;
mod names;
mod network;
mod plasticity;
mod presets;
mod step;
mod synapse;
pub mod tokens;
mod unit_table;

use proc_macro2::TokenStream;
use quote::quote;

use cajal_lang::ir::{Item, Model};

pub use build::{BuildError, Config, rust_of_file};

/// Code generation options.
#[derive(Clone, Debug)]
pub struct Options {
    /// Path of the runtime crate in the generated code (`::cajal::runtime` for users of the
    /// facade, `::cajal_runtime` inside the model library).
    pub runtime: TokenStream,
    /// Where each byte range of the model text came from (macro input), so that checks left
    /// to the Rust compiler are reported under the user's tokens.
    pub spans: Option<std::rc::Rc<tokens::SpanTable>>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            runtime: quote!(::cajal::runtime),
            spans: None,
        }
    }
}

/// Generates the Rust items for every model.
pub fn expand(models: &[Model], options: &Options) -> TokenStream {
    models
        .iter()
        .map(|m| model::expand_model(m, options))
        .collect()
}

/// Generates the Rust items for every model, coupling, synapse and network.
pub fn expand_items(items: &[Item], options: &Options) -> TokenStream {
    items
        .iter()
        .map(|item| match item {
            Item::Model(m) => model::expand_model(m, options),
            Item::Coupling(c) => coupling::expand_coupling(c, options),
            Item::Synapse(s) => synapse::expand_synapse(s, options),
            Item::Network(n) => network::expand_network(n, options),
        })
        .collect()
}

/// Formats generated tokens as Rust source (the tokens are parsed with `syn` first, so
/// invalid output is an error, not a silent snapshot).
pub fn pretty(tokens: TokenStream) -> Result<String, syn::Error> {
    let file: syn::File = syn::parse2(tokens)?;
    Ok(prettyplease::unparse(&file))
}

/// Parses, checks and generates `text` in one call (the build-script and test path).
pub fn generate(text: &str, options: &Options) -> Result<TokenStream, cajal_lang::Diagnostics> {
    let items = cajal_lang::compile_items(text)?;
    Ok(expand_items(&items, options))
}
