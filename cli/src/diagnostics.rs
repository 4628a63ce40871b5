//! Model-text errors rendered for people: file, line and column, the source line with a
//! caret under the offending range, and the help lines.

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config};

/// Every diagnostic of `diags` against `source` (read from `file_name`), as plain text.
pub fn render(diags: &cajal_lang::Diagnostics, file_name: &str, source: &str) -> String {
    let file = SimpleFile::new(file_name, source);
    let config = Config::default();
    let mut out = String::new();
    for d in &diags.0 {
        let start = (d.loc.start as usize).min(source.len());
        let end = (d.loc.end as usize).clamp(start, source.len());
        let diagnostic = Diagnostic::error()
            .with_message(&d.message)
            .with_labels(vec![Label::primary((), start..end)])
            .with_notes(d.help.iter().map(|h| format!("help: {h}")).collect());
        match term::emit_into_string(&config, &file, &diagnostic) {
            Ok(text) => out.push_str(&text),
            // A range that is not on a character boundary: the message without the excerpt.
            Err(_) => out.push_str(&format!("error: {}\n  --> {file_name}\n", d.message)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::render;

    /// The rendered diagnostics of `text` as file `name`.
    fn rendered(name: &str, text: &str) -> String {
        let diags = cajal_lang::compile_items(text).expect_err("the model has an error");
        render(&diags, name, text)
    }

    #[test]
    fn a_dimension_mismatch() {
        insta::assert_snapshot!(rendered(
            "cell.cajal",
            "neuron Cell {\n    parameters { tau = 10 ms, g = 3 nS }\n    state { v = 0 mV }\n    equations {\n        dv/dt = -v/tau + g\n    }\n}\n"
        ));
    }

    #[test]
    fn a_misspelt_name_with_a_suggestion() {
        insta::assert_snapshot!(rendered(
            "cell.cajal",
            "mass Rate {\n    parameters { tau = 10 ms }\n    state { r = 0 }\n    equations { dr/dt = -r/taus }\n}\n"
        ));
    }

    #[test]
    fn an_unknown_unit() {
        insta::assert_snapshot!(rendered(
            "cell.cajal",
            "mass Rate {\n    parameters { tau = 10 msec }\n    state { r = 0 }\n    equations { dr/dt = -r/tau }\n}\n"
        ));
    }

    #[test]
    fn a_syntax_error() {
        insta::assert_snapshot!(rendered(
            "cell.cajal",
            "mass Rate {\n    parameters { tau = 10 ms }\n    state { r = 0 }\n    equations { dr/dt = -r/ }\n}\n"
        ));
    }
}
