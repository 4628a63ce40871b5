//! Diagnostics rendered for people (what `include_model!` and the command line print):
//! file, line and column, the source line with a caret under the offending range, and help.

/// The rendered diagnostics of `text` as file `name`.
fn rendered(name: &str, text: &str) -> String {
    let diags = cajal_lang::compile_items(text).expect_err("the model has an error");
    diags.render(name, text)
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

#[test]
fn a_section_in_the_wrong_kind_of_item() {
    insta::assert_snapshot!(rendered(
        "cell.cajal",
        "neuron Cell {\n    state { v = 0 mV }\n    equations { dv/dt = -v/(10 ms) }\n    weight w: nS\n}\n"
    ));
}

#[test]
fn a_range_inside_a_character_is_shown_from_its_start() {
    let text = "mass Rate { state { r = 0 } equations { dr/dt = -r/τ } }";
    let diags = cajal_lang::compile_items(text).expect_err("τ is not a name");
    let d = diags.iter().next().expect("one diagnostic");
    let inside = (d.loc.start + 1) as usize;
    assert!(!text.is_char_boundary(inside) || text[d.loc.range()].is_empty());
    let shifted: cajal_lang::Diagnostics = [cajal_lang::Diagnostic::new(
        cajal_lang::Loc::new(inside, inside + 1),
        "inside τ",
    )]
    .into_iter()
    .collect();
    let out = shifted.render("rate.cajal", text);
    assert!(out.contains("rate.cajal:1:"), "{out}");
}

#[test]
fn a_misplaced_section_names_the_kind_of_its_own_item() {
    // The word "neuron" in a doc comment inside the mass does not make it a neuron.
    let text = "mass Rate {\n    parameters {\n        /// input from each neuron\n        k = 1\n    }\n    weight w: nS\n}\n";
    let out = rendered("rate.cajal", text);
    assert!(
        out.contains("`weight` is not a section of a mass item"),
        "{out}"
    );
}
