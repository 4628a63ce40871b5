//! Identifiers in generated code: user names (raw when they are Rust keywords) and the
//! `__cajal_`-prefixed names of internal temporaries.

use proc_macro2::{Ident, Span};

const RUST_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "for", "if", "impl", "in", "loop", "match", "mod", "move", "mut", "ref", "return", "static",
    "struct", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become",
    "box", "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield",
    "try", "gen",
];

/// A user-chosen name as an identifier.
pub fn user(name: &str) -> Ident {
    if RUST_KEYWORDS.contains(&name) {
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
