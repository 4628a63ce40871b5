//! Every item of the library, by name: each neuron and mass model with its metadata (and
//! source text) and a constructor; each coupling, synapse and network with its
//! documentation. For the `cajal` command line and for tests that run every model.

use cajal_runtime::{
    CouplingInfo, Error, Model, ModelInfo, Network, ParamInfo, Synapse, SynapseInfo,
};

/// One model of the library.
#[derive(Clone, Copy, Debug)]
pub struct Entry {
    /// Names, units, documentation and source text.
    pub info: &'static ModelInfo,
    /// `n` instances with the default parameters, in their initial state.
    pub build: fn(usize) -> Box<dyn Model + Send>,
}

macro_rules! entries {
    ($($model:ident),* $(,)?) => {
        &[$(Entry {
            info: &crate::$model::INFO,
            build: |n| Box::new(crate::$model::new(n)),
        }),*]
    };
}

/// A library model whose default method differs from the one a peer simulator integrates
/// it with: reproducing that peer's numbers needs `--method` (or `set_method`).
#[derive(Clone, Copy, Debug)]
pub struct PeerMethod {
    /// The library model.
    pub model: &'static str,
    /// The peer and its class of the model.
    pub peer: &'static str,
    /// The peer's method, by the peer's name.
    pub peer_method: &'static str,
    /// Cajal's name of that method.
    pub method: &'static str,
}

/// The library's models that a peer integrates by another method than Cajal's default.
pub const PEER_METHODS: &[PeerMethod] = &[PeerMethod {
    model: "Lorenz",
    peer: "brainmass `LorenzStep`",
    peer_method: "exp_euler",
    method: "exp_euler_diag",
}];

/// The peer method of the library model called `model`, if its default differs.
pub fn peer_method(model: &str) -> Option<&'static PeerMethod> {
    PEER_METHODS.iter().find(|p| p.model == model)
}

/// Every neuron and mass model, in the order of the crate documentation's table.
pub const MODELS: &[Entry] = entries![
    Izhikevich,
    Lif,
    LifConductance,
    LifExpCurrents,
    ExponentialIf,
    AdEx,
    Izhikevich2003,
    IzhikevichBook,
    MorrisLecar,
    FitzHughNagumoNeuron,
    TraubMiles,
    Qif,
    QifCanonical,
    Srm0,
    PoissonNeuron,
    Relay,
    HodgkinHuxley,
    Hopf,
    WilsonCowan,
    WilsonCowanAdaptive,
    StuartLandau,
    VanDerPol,
    FitzHughNagumo,
    ThresholdLinear,
    ThresholdLinearBrainmass,
    MontbrioPazoRoxin,
    JansenRit,
    Kuramoto,
    Horn,
    WongWang,
    Epileptor,
    LarterBreakspear,
    WongWangExcInh,
    Linear,
    Lorenz,
    Generic2dOscillator,
    CoombesByrne,
    WilsonCowanNoSaturation,
    WilsonCowanSymmetric,
    WilsonCowanSimplified,
    WilsonCowanLinear,
    WilsonCowanDivisive,
    WilsonCowanDivisiveInput,
    WilsonCowanDelayed,
    WilsonCowanThreePopulation,
    BalloonWindkessel,
    AmariField,
    AmariAdaptive,
    Hopfield,
    StochasticHopfield,
    BinaryUnit,
    RateUnit,
    DopamineConcentration,
    OrnsteinUhlenbeck,
    Brownian,
];

/// Every coupling (static ones for [`cajal_runtime::MassNetwork`]; plastic ones for rate
/// projections of a [`cajal_runtime::Network`]).
pub const COUPLINGS: &[&CouplingInfo] = &[
    &crate::Diffusive::INFO,
    &crate::Additive::INFO,
    &crate::Sigmoidal::INFO,
    &crate::HyperbolicTangent::INFO,
    &crate::SigmoidalJansenRit::INFO,
    &crate::KuramotoSine::INFO,
    &crate::GapJunction::INFO,
    &crate::Hebbian::INFO,
    &crate::GatedHebbian::INFO,
    &crate::Bcm::INFO,
    &crate::Oja::INFO,
    &crate::ValueUpdate::INFO,
    &crate::FieldHeaviside::INFO,
    &crate::FieldSigmoid::INFO,
];

/// One synapse of the library.
#[derive(Clone, Copy, Debug)]
pub struct SynapseEntry {
    /// Names, units, documentation and source text.
    pub info: &'static SynapseInfo,
    /// The synapse with its default parameters.
    pub build: fn() -> Box<dyn Synapse>,
}

macro_rules! synapse_entries {
    ($($synapse:ident),* $(,)?) => {
        &[$(SynapseEntry {
            info: &crate::$synapse::INFO,
            build: || Box::new(crate::$synapse::default()),
        }),*]
    };
}

/// Every synapse (for [`cajal_runtime::Network`] projections).
pub const SYNAPSES: &[SynapseEntry] = synapse_entries![
    ExpConductance,
    Nmda,
    ExpCurrent,
    VoltageJump,
    BiexpCurrent,
    BiexpConductance,
    AlphaCurrent,
    AlphaConductance,
    TsodyksMarkram,
    Stdp,
    TripletStdp,
    RewardStdp,
    ExcitatoryKick,
    InhibitoryKick,
    ExcitatoryCurrentKick,
    InhibitoryCurrentKick,
    CanonicalKick,
];

/// A network of the library: its name, documentation, parameters and a constructor.
#[derive(Clone, Copy, Debug)]
pub struct NetworkEntry {
    /// Name.
    pub name: &'static str,
    /// Documentation (first line: summary and source).
    pub doc: &'static str,
    /// Parameters (sizes, weights, rates …) with units and defaults.
    pub params: &'static [ParamInfo],
    /// Preset names (parameter sets such as Brunel's regimes).
    pub presets: &'static [&'static str],
    /// The time step the network is written for (ms).
    pub dt_ms: f64,
    /// The network's text as written.
    pub source: &'static str,
    /// Builds the network from its defaults or the named preset, then the given (parameter
    /// index, value in its unit) settings and seed (else its own).
    pub build: BuildNetwork,
}

/// Builds a network from an optional preset, (parameter index, value) settings and an
/// optional seed, holding the given share of it (the whole network in one process).
pub type BuildNetwork = fn(
    Option<&str>,
    &[(usize, f64)],
    Option<u64>,
    cajal_runtime::distributed::Share,
) -> Result<Network, Error>;

macro_rules! networks {
    ($(($net:ident, $params:ident)),* $(,)?) => {
        &[$(NetworkEntry {
            name: stringify!($net),
            doc: crate::networks::$net::DOC,
            params: crate::networks::$params::INFO,
            presets: crate::networks::$params::PRESETS,
            dt_ms: crate::networks::$net::DT_MS,
            source: crate::networks::$net::SOURCE,
            build: |preset, settings, seed, share| {
                let mut params = match preset {
                    Some(name) => crate::networks::$params::preset(name)?,
                    None => crate::networks::$params::default(),
                };
                for (k, v) in settings {
                    params.set_param(*k, *v)?;
                }
                if let Some(seed) = seed {
                    params.seed = seed;
                }
                Ok(crate::networks::$net::with_params_on(&params, share)?.network)
            },
        }),*]
    };
}

/// Every network.
pub const NETWORKS: &[NetworkEntry] = networks![
    (SeedCircuit, SeedCircuitParams),
    (CanoColinoRing, CanoColinoRingParams),
    (Coba, CobaParams),
    (Cuba, CubaParams),
    (Brunel, BrunelParams),
    (Microcircuit, MicrocircuitParams),
];

/// Lower case without `_` and `-`: how names are compared on the command line.
fn key(s: &str) -> String {
    s.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The coupling named `name` (compared as [`find`] compares model names).
pub fn find_coupling(name: &str) -> Option<&'static CouplingInfo> {
    let wanted = key(name);
    COUPLINGS.iter().copied().find(|c| key(c.name) == wanted)
}

/// The synapse named `name` (compared as [`find`] compares model names).
pub fn find_synapse(name: &str) -> Option<&'static SynapseEntry> {
    let wanted = key(name);
    SYNAPSES.iter().find(|s| key(s.info.name) == wanted)
}

/// The network named `name` (compared as [`find`] compares model names).
pub fn find_network(name: &str) -> Option<&'static NetworkEntry> {
    let wanted = key(name);
    NETWORKS.iter().find(|e| key(e.name) == wanted)
}

/// The model named `name` (case-insensitive, `_` and `-` ignored: `hodgkin-huxley`,
/// `HodgkinHuxley` and `hodgkin_huxley` are the same model).
pub fn find(name: &str) -> Option<&'static Entry> {
    let wanted = key(name);
    MODELS.iter().find(|e| key(e.info.name) == wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_model_is_listed_once_and_found_by_its_names() {
        for e in MODELS {
            assert_eq!(find(e.info.name).map(|f| f.info.name), Some(e.info.name));
            let n = MODELS.iter().filter(|f| f.info.name == e.info.name).count();
            assert_eq!(n, 1, "{} listed {n} times", e.info.name);
            assert_eq!((e.build)(3).len(), 3);
        }
        assert_eq!(find("hodgkin-huxley").unwrap().info.name, "HodgkinHuxley");
        assert!(find("no_such_model").is_none());
    }

    #[test]
    fn the_list_covers_every_model_item_of_the_library() {
        // Every `neuron`/`mass` item in the crate's sources is in the list.
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let mut declared = Vec::new();
        for file in std::fs::read_dir(dir).unwrap() {
            let path = file.unwrap().path();
            if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for line in text.lines() {
                    let words: Vec<&str> = line.split_whitespace().collect();
                    if let ["pub", "neuron" | "mass", name, ..] = words[..] {
                        declared.push(name.to_string());
                    }
                }
            }
        }
        assert!(declared.len() >= 30);
        for name in declared {
            assert!(find(&name).is_some(), "`{name}` is missing from MODELS");
        }
    }

    #[test]
    fn every_coupling_synapse_and_network_item_is_listed() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let mut files = vec![std::path::PathBuf::from(format!("{dir}/networks"))];
        let mut texts = String::new();
        while let Some(path) = files.pop() {
            if path.is_dir() {
                files.extend(std::fs::read_dir(&path).unwrap().map(|f| f.unwrap().path()));
            } else if path.extension().is_some_and(|e| e == "rs") {
                texts.push_str(&std::fs::read_to_string(&path).unwrap());
            }
        }
        for file in std::fs::read_dir(dir).unwrap() {
            let path = file.unwrap().path();
            if path.extension().is_some_and(|e| e == "rs") {
                texts.push_str(&std::fs::read_to_string(&path).unwrap());
            }
        }
        for line in texts.lines() {
            let words: Vec<&str> = line.split_whitespace().collect();
            let listed = match words[..] {
                ["pub", "coupling", name, ..] => COUPLINGS.iter().any(|c| c.name == name),
                ["pub", "synapse", name, ..] => SYNAPSES.iter().any(|s| s.info.name == name),
                ["pub", "network", name, ..] => NETWORKS.iter().any(|n| n.name == name),
                _ => true,
            };
            assert!(listed, "`{line}` is not in the catalog");
        }
    }
}
