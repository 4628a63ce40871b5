//! `__CAJAL_UNITS`: the table of a model's or synapse's declarations with their units, which
//! code generated for a `network` item (compiled separately) checks its values against while
//! Rust compiles it.

use proc_macro2::TokenStream;
use quote::quote;

use cajal_lang::ir::{Model, Synapse, UnitInfo};
use cajal_lang::units::needs_written_unit;

fn entry(kind: &str, name: &str, unit: &UnitInfo, rt: &TokenStream) -> TokenStream {
    let dim = unit.unit.dim.0;
    let exp10 = unit.unit.exp10;
    let named = needs_written_unit(&unit.text, unit.unit);
    quote! {
        #rt::network::build::UnitEntry { kind: #kind, name: #name, dim: [#(#dim),*], exp10: #exp10, named: #named }
    }
}

fn table(entries: Vec<TokenStream>, rt: &TokenStream) -> TokenStream {
    quote! {
        /// Declarations and their units, checked by networks at compile time.
        #[doc(hidden)]
        pub const __CAJAL_UNITS: &'static [#rt::network::build::UnitEntry] = &[#(#entries),*];
    }
}

/// The unit table of a neuron or mass model: parameters, inputs, states and outputs.
pub fn model_units(m: &Model, rt: &TokenStream) -> TokenStream {
    let params = m
        .params
        .iter()
        .map(|p| entry("param", &p.name, &p.unit, rt));
    let inputs = m
        .inputs
        .iter()
        .map(|v| entry("input", &v.name, &v.unit, rt));
    let states = m
        .states
        .iter()
        .map(|v| entry("state", &v.name, &v.unit, rt));
    let outputs = m
        .outputs
        .iter()
        .map(|o| entry("output", &o.name, &o.unit, rt));
    table(
        params.chain(inputs).chain(states).chain(outputs).collect(),
        rt,
    )
}

/// The unit table of a synapse: parameters, the weight and the summed states.
pub fn synapse_units(s: &Synapse, rt: &TokenStream) -> TokenStream {
    let m = &s.dynamics;
    let params = m
        .params
        .iter()
        .map(|p| entry("param", &p.name, &p.unit, rt));
    let weight = entry("weight", &s.weight.name, &s.weight.unit, rt);
    let states = m
        .states
        .iter()
        .map(|v| entry("state", &v.name, &v.unit, rt));
    table(
        params
            .chain(std::iter::once(weight))
            .chain(states)
            .collect(),
        rt,
    )
}

/// The unit table of a coupling: a `coupling` marker (so a network can require one) and its
/// parameters.
pub fn coupling_units(c: &cajal_lang::ir::Coupling, rt: &TokenStream) -> TokenStream {
    let one = UnitInfo {
        text: "1".into(),
        unit: cajal_lang::units::Unit::ONE,
    };
    let marker = entry("coupling", &c.name, &one, rt);
    let params = c
        .params
        .iter()
        .map(|p| entry("param", &p.name, &p.unit, rt));
    table(std::iter::once(marker).chain(params).collect(), rt)
}
