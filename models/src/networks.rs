//! The seed notebook's RS/FS network: how library neurons and receptors are wired (no model
//! arithmetic here — the cells are [`Izhikevich`] and the receptors [`Ampa`], [`Nmda`],
//! [`GabaA`], [`GabaB`], all written in the DSL).

use cajal_runtime::{Connections, Error, Network, PopulationId, Stimulus};

use crate::{Ampa, GabaA, GabaB, Izhikevich, IzhikevichParams, Nmda};

/// Width of the Cano-Colino ring's Gaussian (degrees), as in the seed notebook.
pub const RING_SIGMA_DEG: f64 = 14.4;

/// The four receptor projections from a source block onto a target block: AMPA + NMDA from
/// excitatory sources, GABA_A + GABA_B from inhibitory ones (the notebook's rule).
fn connect_block(
    net: &mut Network,
    name: &str,
    (source, excitatory): (PopulationId, bool),
    to: PopulationId,
    c: Connections,
) -> Result<(), Error> {
    if excitatory {
        net.connect(
            &format!("{name}_ampa"),
            source,
            to,
            Ampa::default(),
            c.clone(),
        )?;
        net.connect(&format!("{name}_nmda"), source, to, Nmda::default(), c)
    } else {
        net.connect(
            &format!("{name}_gabaa"),
            source,
            to,
            GabaA::default(),
            c.clone(),
        )?;
        net.connect(&format!("{name}_gabab"), source, to, GabaB::default(), c)
    }
}

/// Block (rows `r`, columns `c`) of a full weight matrix as connections.
fn block(
    w: &[Vec<f64>],
    r: std::ops::Range<usize>,
    c: std::ops::Range<usize>,
) -> Result<Connections, Error> {
    let rows: Vec<Vec<f64>> = w[r].iter().map(|row| row[c.clone()].to_vec()).collect();
    Connections::from_matrix(&rows)
}

/// The seed notebook's network, dt = 0.1 ms: `ne` RS cells (population `E`) and `ni` FS
/// cells (`I`) with constant currents (pA, one per neuron, E first), joined by
/// AMPA + NMDA (from E) and GABA_A + GABA_B (from I) conductances with the same weights.
///
/// Weights (nS): the Cano-Colino ring (Compte et al. 2000; Cano-Colino & Almeida 2014) with
/// σ = 14.4°, E→E 5, E→I 10, I→E 0, I→I 10 and no self-connections, or the full matrix
/// `weights[i][j]` (source i → target j, neurons numbered E first) when given.
pub fn seed_network(
    ne: usize,
    ni: usize,
    currents_pa: &[f64],
    weights: Option<&[Vec<f64>]>,
) -> Result<(Network, PopulationId, PopulationId), Error> {
    let n = ne + ni;
    if currents_pa.len() != n {
        return Err(Error::WrongSize {
            what: "currents of the seed network".into(),
            expected: n,
            got: currents_pa.len(),
        });
    }
    let mut net = Network::new(0.1)?;
    let e = net.add_population("E", Izhikevich::new(ne))?;
    let i = net.add_population("I", Izhikevich::with_params(ni, IzhikevichParams::fs())?)?;
    net.drive(e, "I", Stimulus::PerInstance(currents_pa[..ne].to_vec()))?;
    net.drive(i, "I", Stimulus::PerInstance(currents_pa[ne..].to_vec()))?;
    let blocks = match weights {
        None => {
            let ring = |a, b, w, own| Connections::ring_gaussian(a, b, w, RING_SIGMA_DEG, own);
            [
                ring(ne, ne, 5.0, false),
                ring(ne, ni, 10.0, true),
                ring(ni, ne, 0.0, true),
                ring(ni, ni, 10.0, false),
            ]
        }
        Some(w) => {
            if w.len() != n {
                return Err(Error::WrongSize {
                    what: "rows of the seed network's weight matrix".into(),
                    expected: n,
                    got: w.len(),
                });
            }
            [
                block(w, 0..ne, 0..ne)?,
                block(w, 0..ne, ne..n)?,
                block(w, ne..n, 0..ne)?,
                block(w, ne..n, ne..n)?,
            ]
        }
    };
    let wiring = [
        ("EE", (e, true), e),
        ("EI", (e, true), i),
        ("IE", (i, false), e),
        ("II", (i, false), i),
    ];
    for ((name, from, to), c) in wiring.into_iter().zip(blocks) {
        connect_block(&mut net, name, from, to, c)?;
    }
    Ok((net, e, i))
}
