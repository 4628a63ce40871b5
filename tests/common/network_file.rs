//! Building the network of a `.cajal` file through the interpreter (its own models,
//! synapses and couplings interpreted too), with the network's default values and seed.

use cajal::runtime::interpreter::{BuiltNetwork, InterpretedNetwork, Types};
use cajal_lang::ir::Item;

/// The network item of `text`, interpreted and built; a file that does not check, or whose
/// network cannot be built, fails the test.
pub fn interpret_network(text: &str) -> BuiltNetwork {
    interpret_network_in(text, std::path::Path::new("."))
}

/// As [`interpret_network`], reading the files the network names relative to `dir`.
pub fn interpret_network_in(text: &str, dir: &std::path::Path) -> BuiltNetwork {
    interpret_network_with(text, dir, None)
}

/// As [`interpret_network_in`], built with `seed` instead of the network's own (if given).
pub fn interpret_network_with(
    text: &str,
    dir: &std::path::Path,
    seed: Option<u64>,
) -> BuiltNetwork {
    let items = cajal_lang::compile_items(text).expect("the file checks");
    let mut types = Types::new();
    types.interpret(&items);
    let ir = items
        .into_iter()
        .find_map(|i| match i {
            Item::Network(n) => Some(n),
            _ => None,
        })
        .expect("the file holds a network");
    let net = InterpretedNetwork::new(ir, &types)
        .expect("its uses check")
        .with_files_dir(dir);
    net.build(&net.defaults(), seed.unwrap_or(net.ir().seed))
        .expect("the network builds")
}
