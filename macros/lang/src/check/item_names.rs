//! Item names across a file: each item becomes Rust types (`Name`, `NameParams`,
//! `NameState`, `NameInputs`), so two items must not share any of them, and no item may be
//! named by a Rust keyword.

use crate::ast::File;
use crate::diag::Diagnostic;

/// Rust's keywords (strict, reserved and weak ones that cannot name a type).
pub const RUST_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "for", "if", "impl", "in", "loop", "match", "mod", "move", "mut", "ref", "return", "static",
    "struct", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become",
    "box", "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield",
    "try", "gen", "fn", "let", "pub", "self", "Self", "super", "crate",
];

/// Suffixes of the types generated for an item, besides its own name.
const GENERATED_SUFFIXES: &[&str] = &["Params", "State", "Inputs"];

/// One diagnostic per item whose name is a Rust keyword, repeats an earlier item's name, or
/// collides with a type generated for another item.
pub fn check_item_names(file: &File) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    // (generated type name, the item it belongs to)
    let mut taken: Vec<(String, &str)> = Vec::new();
    for item in &file.items {
        let id = &item.header().name;
        if RUST_KEYWORDS.contains(&id.name.as_str()) || id.name.starts_with("__cajal") {
            diags.push(Diagnostic::new(
                id.loc,
                format!("`{}` is reserved in Rust and cannot name an item", id.name),
            ));
            continue;
        }
        let generated: Vec<String> = std::iter::once(id.name.clone())
            .chain(GENERATED_SUFFIXES.iter().map(|s| format!("{}{s}", id.name)))
            .collect();
        let clash = generated.iter().find_map(|g| {
            taken
                .iter()
                .find(|(t, _)| t == g)
                .map(|(t, owner)| (g, t, *owner))
        });
        if let Some((mine, theirs, owner)) = clash {
            let message = if *owner == id.name {
                format!(
                    "an item named `{}` is already defined in this file",
                    id.name
                )
            } else if mine == &id.name {
                format!("`{mine}` is the name of a type generated for item `{owner}`")
            } else {
                format!(
                    "item `{}` would generate `{theirs}`, which item `{owner}` already uses",
                    id.name
                )
            };
            diags.push(Diagnostic::new(id.loc, message).with_help("rename one of the items"));
            continue;
        }
        taken.extend(generated.into_iter().map(|g| (g, id.name.as_str())));
    }
    diags
}
