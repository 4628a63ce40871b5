//! The model text inside a library file's `neural_model! { … }` call (without the
//! `#![runtime = …]` line), so tests and benchmarks can compile it in-process.

/// Extracts the DSL text from the contents of a `models/src/*.rs` file.
pub fn model_source(file: &str) -> String {
    let open = "neural_model! {";
    let start = file
        .find(open)
        .expect("the model file holds a neural_model! call")
        + open.len();
    let end = file.rfind('}').expect("the call has a closing brace");
    file[start..end]
        .lines()
        .filter(|l| !l.trim_start().starts_with("#!["))
        .collect::<Vec<_>>()
        .join("\n")
}
