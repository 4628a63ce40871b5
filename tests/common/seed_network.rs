//! The seed notebook's RS/FS network with the four receptors, built with the network API
//! (shared by the reference test and the benchmark).

use cajal::prelude::*;

/// The four receptor projections from a source block onto a target block: AMPA + NMDA from
/// excitatory sources, GABA_A + GABA_B from inhibitory ones (the notebook's rule).
fn connect_block(
    net: &mut Network,
    name: &str,
    from: (PopulationId, bool),
    to: PopulationId,
    c: Connections,
) {
    let (source, excitatory) = from;
    if excitatory {
        net.connect(
            &format!("{name}_ampa"),
            source,
            to,
            Ampa::default(),
            c.clone(),
        )
        .unwrap();
        net.connect(&format!("{name}_nmda"), source, to, Nmda::default(), c)
            .unwrap();
    } else {
        net.connect(
            &format!("{name}_gabaa"),
            source,
            to,
            GabaA::default(),
            c.clone(),
        )
        .unwrap();
        net.connect(&format!("{name}_gabab"), source, to, GabaB::default(), c)
            .unwrap();
    }
}

/// Block (rows `r`, columns `c`) of the full weight matrix as connections.
fn block(w: &[Vec<f64>], r: std::ops::Range<usize>, c: std::ops::Range<usize>) -> Connections {
    let rows: Vec<Vec<f64>> = w[r].iter().map(|row| row[c.clone()].to_vec()).collect();
    Connections::from_matrix(&rows).unwrap()
}

/// The notebook's network of `ne` RS and `ni` FS cells with constant currents (pA, one per
/// neuron, E first): the Cano-Colino ring (σ = 14.4°, E→E 5 nS, E→I 10, I→E 0, I→I 10, no
/// self-connections), or the full weight matrix `weights[i][j]` (nS, i → j) when given.
pub fn seed_network(
    ne: usize,
    ni: usize,
    currents: &[f64],
    weights: Option<&[Vec<f64>]>,
) -> (Network, PopulationId, PopulationId) {
    let mut net = Network::new(0.1).unwrap();
    let e = net.add_population("E", Izhikevich::new(ne)).unwrap();
    let fs = IzhikevichParams::fs();
    let i = net
        .add_population("I", Izhikevich::with_params(ni, fs).unwrap())
        .unwrap();
    net.drive(e, "I", Stimulus::PerInstance(currents[..ne].to_vec()))
        .unwrap();
    net.drive(i, "I", Stimulus::PerInstance(currents[ne..].to_vec()))
        .unwrap();
    let blocks: [(&str, (PopulationId, bool), PopulationId, Connections); 4] = match weights {
        None => {
            let sigma = 14.4;
            [
                (
                    "EE",
                    (e, true),
                    e,
                    Connections::ring_gaussian(ne, ne, 5.0, sigma, false),
                ),
                (
                    "EI",
                    (e, true),
                    i,
                    Connections::ring_gaussian(ne, ni, 10.0, sigma, true),
                ),
                (
                    "IE",
                    (i, false),
                    e,
                    Connections::ring_gaussian(ni, ne, 0.0, sigma, true),
                ),
                (
                    "II",
                    (i, false),
                    i,
                    Connections::ring_gaussian(ni, ni, 10.0, sigma, false),
                ),
            ]
        }
        Some(w) => {
            let n = ne + ni;
            [
                ("EE", (e, true), e, block(w, 0..ne, 0..ne)),
                ("EI", (e, true), i, block(w, 0..ne, ne..n)),
                ("IE", (i, false), e, block(w, ne..n, 0..ne)),
                ("II", (i, false), i, block(w, ne..n, ne..n)),
            ]
        }
    };
    for (name, from, to, c) in blocks {
        connect_block(&mut net, name, from, to, c);
    }
    net.record_spikes(e).unwrap();
    net.record_spikes(i).unwrap();
    (net, e, i)
}
