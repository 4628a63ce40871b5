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

pub use build::{BuildError, Config, parent_dir, rust_of_file};

/// Code generation options.
#[derive(Clone, Debug)]
pub struct Options {
    /// Path of the runtime crate in the generated code (`::cajal::runtime` for users of the
    /// facade, `::cajal_runtime` inside the model library).
    pub runtime: TokenStream,
    /// Where each byte range of the model text came from (macro input), so that checks left
    /// to the Rust compiler are reported under the user's tokens.
    pub spans: Option<std::rc::Rc<tokens::SpanTable>>,
    /// The directory that file names in network items (`connectome("weights.csv")`) are
    /// relative to, itself relative to the compiled crate's manifest directory (`""`: the
    /// crate's root; a `.cajal` file's own directory for `include_model!`).
    pub files_dir: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            runtime: quote!(::cajal::runtime),
            spans: None,
            files_dir: String::new(),
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

/// Stack for parsing and formatting generated code: `syn` parses a chain of n binary
/// operators n frames deep, and the language allows expressions of 1000 terms.
const PRETTY_STACK_BYTES: usize = 256 << 20;

/// Formats generated tokens as Rust source (the tokens are parsed with `syn` first, so
/// invalid output is an error, not a silent snapshot). Runs on a thread with a large stack
/// (only touched as deep as the code needs).
pub fn pretty(tokens: TokenStream) -> Result<String, syn::Error> {
    let text = tokens.to_string();
    let formatted = std::thread::Builder::new()
        .name("cajal-pretty".into())
        .stack_size(PRETTY_STACK_BYTES)
        .spawn(move || {
            syn::parse_file(&text)
                .map(|file| prettyplease::unparse(&file))
                .map_err(|e| e.to_string())
        })
        .and_then(|thread| {
            thread
                .join()
                .map_err(|_| std::io::Error::other("the formatting thread panicked"))
        });
    match formatted {
        Ok(Ok(code)) => Ok(code),
        Ok(Err(message)) => Err(syn::Error::new(proc_macro2::Span::call_site(), message)),
        Err(e) => Err(syn::Error::new(
            proc_macro2::Span::call_site(),
            e.to_string(),
        )),
    }
}

/// Parses, checks and generates `text` in one call (the build-script and test path).
pub fn generate(text: &str, options: &Options) -> Result<TokenStream, cajal_lang::Diagnostics> {
    let items = cajal_lang::compile_items(text)?;
    Ok(expand_items(&items, options))
}
