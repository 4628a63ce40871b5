//! Identifiers in generated code: user names (raw when they are Rust keywords) and the
//! `__cajal_`-prefixed names of internal temporaries.

use cajal_lang::check::item_names::RUST_KEYWORDS;
use proc_macro2::{Ident, Span};

/// A user-chosen name as an identifier.
pub fn user(name: &str) -> Ident {
    // `self`, `Self`, `super` and `crate` cannot be raw identifiers; the checker refuses them.
    let raw = RUST_KEYWORDS.contains(&name) && !matches!(name, "self" | "Self" | "super" | "crate");
    if raw {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// An internal identifier: `__cajal_<what>`.
pub fn internal(what: &str) -> Ident {
    Ident::new(&format!("__cajal_{what}"), Span::call_site())
}

/// An internal identifier tied to a user name: `__cajal_<what>_<name>`.
pub fn tied(what: &str, name: &str) -> Ident {
    Ident::new(&format!("__cajal_{what}_{name}"), Span::call_site())
}

/// `Name` + `suffix`, e.g. `IzhikevichParams`.
pub fn suffixed(name: &str, suffix: &str) -> Ident {
    Ident::new(&format!("{name}{suffix}"), Span::call_site())
}

/// The slices the generated loops read each state variable of `m` from, one per variable
/// (`__cajal_s_<name>`).
pub fn state_slots(m: &cajal_lang::ir::Model) -> Vec<Ident> {
    m.states.iter().map(|s| tied("s", &s.name)).collect()
}

/// The slices the generated loops read each input of `m` from (`__cajal_in_<name>`).
pub fn input_slots(m: &cajal_lang::ir::Model) -> Vec<Ident> {
    m.inputs.iter().map(|s| tied("in", &s.name)).collect()
}
