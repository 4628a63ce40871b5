//! Compile-fail cases of `neural_model!`: each `.stderr` shows the message rustc prints and
//! the tokens it underlines.

#[test]
fn malformed_models_do_not_compile() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
