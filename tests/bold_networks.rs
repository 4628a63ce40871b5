//! BOLD from network items: a Balloon–Windkessel population driven one to one by the nodes'
//! activity, its `bold` output recorded like a state, compiled and interpreted alike.

use crate::whole_brain_files as files;

use std::path::Path;

use cajal::prelude::*;
use cajal::runtime::interpreter::BuiltNetwork;
use files::{interpret, plan};

mod compiled {
    use cajal::prelude::*;
    cajal::include_model!("tests/models/bold/wc_bold.cajal");
}

const TEXT: &str = include_str!("models/bold/wc_bold.cajal");
const STEPS: u64 = 3000;

fn row_bits(xs: &[f64]) -> Vec<u64> {
    xs.iter().map(|x| x.to_bits()).collect()
}

fn bits(xs: &[Vec<f64>]) -> Vec<Vec<u64>> {
    xs.iter().map(|row| row_bits(row)).collect()
}

/// Runs `STEPS` steps and returns the samples of every monitor (one row per sample).
fn samples(mut built: BuiltNetwork) -> Vec<Vec<Vec<f64>>> {
    for _ in 0..STEPS {
        built.network.step().unwrap();
    }
    built
        .monitors
        .iter()
        .map(|m| built.network.monitor(*m).unwrap().values.clone())
        .collect()
}

#[test]
fn the_bold_output_is_recorded_from_the_haemodynamic_state() {
    let [_, v, q, bold] = &samples(interpret(TEXT, Path::new(".")))[..] else {
        panic!("four monitors");
    };
    assert_eq!(bold.len() as u64, STEPS);
    let (v0, rho) = (0.02, 0.34);
    let mut largest: f64 = 0.0;
    for ((v, q), bold) in v.iter().zip(q).zip(bold) {
        for i in 0..3 {
            let want = v0
                * (7.0 * rho * (1.0 - q[i])
                    + 2.0 * (1.0 - q[i] / v[i])
                    + (2.0 * rho - 0.2) * (1.0 - v[i]));
            assert!((bold[i] - want).abs() <= 1e-15, "{} vs {want}", bold[i]);
            largest = largest.max(bold[i].abs());
        }
    }
    assert!(
        largest > 1e-4,
        "the activity moves the BOLD signal ({largest})"
    );
}

#[test]
fn the_haemodynamics_are_driven_by_the_activity_at_the_start_of_each_step() {
    let [r_e, v, q, _] = &samples(interpret(TEXT, Path::new(".")))[..] else {
        panic!("four monitors");
    };
    // The same Balloon–Windkessel models stepped by hand, z = rE sampled at each step's start.
    let mut bw = BalloonWindkessel::new(3);
    let mut spikes = Vec::new();
    for s in 0..STEPS as usize {
        assert_eq!(row_bits(&bw.state.v), row_bits(&v[s]), "v, step {s}");
        assert_eq!(row_bits(&bw.state.q), row_bits(&q[s]), "q, step {s}");
        bw.inputs.z.copy_from_slice(&r_e[s]);
        bw.step(s as f64 * 0.1, 0.1, &mut spikes);
    }
}

#[test]
fn a_compiled_bold_network_records_what_the_interpreted_one_does() {
    let c = compiled::WcBold::new().unwrap();
    let built = BuiltNetwork {
        network: c.network,
        populations: vec![c.nodes, c.noise, c.haemo],
        sources: Vec::new(),
        monitors: c.monitors,
    };
    let compiled = samples(built);
    let interpreted = samples(interpret(TEXT, Path::new(".")));
    assert_eq!(compiled.len(), 4);
    for (c, i) in compiled.iter().zip(&interpreted) {
        assert_eq!(bits(c), bits(i));
    }
}

#[test]
fn recording_what_a_model_neither_has_nor_outputs_is_an_error() {
    let text = TEXT.replace("record haemo.bold", "record haemo.blood");
    let e = match plan(&text, Path::new(".")) {
        Ok(_) => panic!("the network checked"),
        Err(e) => e,
    };
    assert!(
        e.contains("BalloonWindkessel has no state variable or output `blood` to record"),
        "{e}"
    );
    assert!(e.contains("its outputs bold, bold_brainmass"), "{e}");
}
