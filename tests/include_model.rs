//! `include_model!`: a `.cajal` file compiled in place gives the model `neural_model!` gives
//! (the seed notebook's RS cell reproduces its reference spike steps).

use crate::common;

use cajal::prelude::*;
use common::{f, reference};

cajal::include_model!("tests/models/izhikevich.cajal");

#[test]
fn a_model_file_included_in_place_reproduces_the_reference_spikes() {
    let r = reference("spike/izh2007.json");
    let run = &r["runs"][0];
    assert_eq!(run["id"], "izh2007_RS_I125pA");
    let mut sim = Simulation::new(FileIzhikevich::new(1), f(&r["dt_ms"])).unwrap();
    sim.drive(
        "I",
        Stimulus::step(0.0, 125.0, f(&r["stimulus"]["t_on_ms"])),
    )
    .unwrap();
    let rec = sim.run(f(&r["duration_ms"])).unwrap();
    let expected: Vec<u64> = run["results"]["numpy_seed"]["spike_steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_u64().unwrap())
        .collect();
    assert_eq!(rec.spike_steps(0), expected);
    assert!(
        FileIzhikevich::INFO
            .source
            .contains("pub neuron FileIzhikevich")
    );
}
