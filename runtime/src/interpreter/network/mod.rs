//! Interpreted networks: a checked `network` item built into a runtime [`Network`] without
//! compiling Rust, in the order and with the arithmetic of the code `neural_model!`
//! generates (sizes, populations with their settings, draws and initial values, sources,
//! drives, projections with their rules, seeds and delays, Poisson inputs, monitors), so an
//! interpreted network with the same types is the same network to the last bit.
//!
//! The model, synapse and coupling types its paths name come from [`Types`]: the items of the same
//! file (interpreted) and whatever else is registered (the command line registers the
//! compiled library).

mod files;
mod rules;
mod types;

use std::sync::Arc;

use cajal_lang::diag::Diagnostic;
use cajal_lang::ir::{self, Expr, PatternSource, Pre, Rule, SignalValue, SourceKind, Var};

use files::{check_columns, rounding};
use rules::{one_weight_for_all_pairs, rule_weights};
pub use types::{
    BuildCoupling, BuildModel, BuildSynapse, CouplingType, ModelType, SynapseType, Types,
};
use types::{
    Checker, Value, coupling_declarations, model_declarations, synapse_declarations, type_name,
};

use super::eval::{Scope, eval};
use super::{named_preset, with_values};
use crate::distributed::Share;
use crate::error::Error;
use crate::model::Model;
use crate::network::build::{
    Block, Draws, delivery, projection_seed, rescale, seed as seed_value, whole,
};
use crate::network::{MonitorId, Network, PopulationId, SourceId};
use crate::stimulus::{Stimulus, StimulusFn};
use crate::synapse::Synapse;

/// A setting of a parameter or initial value: the declaration's index and the value.
type Setting = (usize, Value);

/// A population's model and how it is set up.
struct PopulationPlan {
    model: Arc<ModelType>,
    preset: Vec<(usize, f64)>,
    params: Vec<Setting>,
    inits: Vec<Setting>,
}

/// What a projection goes through: a synapse (spikes) or a coupling (rates).
enum Through {
    Synapse(Arc<SynapseType>),
    Coupling(Arc<CouplingType>),
}

/// A projection's synapse or coupling, how it is set up and its weights (in the rule's
/// order).
struct ProjectionPlan {
    through: Through,
    preset: Vec<(usize, f64)>,
    params: Vec<Setting>,
    weights: Vec<Value>,
    /// Spread of drawn weights (`normal(w, sd)`), in the synapse's weight unit.
    weight_sd: Option<Value>,
    inits: Vec<Setting>,
}

impl ProjectionPlan {
    /// The parameter values of the synapse or coupling (declared `params`): defaults, then
    /// the preset, then the settings.
    fn param_values(&self, params: &[ir::Param], at: At) -> Vec<f64> {
        let mut explicit = self.preset.clone();
        explicit.extend(self.params.iter().map(|(k, v)| (*k, at.converted(v))));
        with_values(params, &explicit)
    }
}

/// A checked network whose uses of other items are resolved and checked, ready to build
/// with any parameter values.
pub struct InterpretedNetwork {
    net: ir::Network,
    populations: Vec<PopulationPlan>,
    projections: Vec<ProjectionPlan>,
    /// The value of each drive, in order.
    drives: Vec<Value>,
    /// The jump of each Poisson input, with the state variable's index.
    poisson: Vec<Setting>,
    /// The directory that file names in the item are relative to.
    files_dir: std::path::PathBuf,
}

/// A built network with the handles its items name.
pub struct BuiltNetwork {
    /// The network, ready to run.
    pub network: Network,
    /// The populations, in declaration order.
    pub populations: Vec<PopulationId>,
    /// The spike sources, in declaration order.
    pub sources: Vec<SourceId>,
    /// The state monitors, in the order of the `record` lines.
    pub monitors: Vec<MonitorId>,
}

/// What a network expression reads: the network's parameters, the neuron's index and draws,
/// time, and in delays the synapse's source and target indices.
#[derive(Clone, Copy)]
struct At<'a> {
    params: &'a [f64],
    /// The columns of files that per-neuron values read.
    columns: &'a [Vec<f64>],
    draws: Option<Draws>,
    i: usize,
    t: f64,
    pre_post: [f64; 2],
}

impl<'a> At<'a> {
    fn new(params: &'a [f64], columns: &'a [Vec<f64>]) -> At<'a> {
        At {
            params,
            columns,
            draws: None,
            i: 0,
            t: 0.0,
            pre_post: [0.0; 2],
        }
    }

    fn value(&self, e: &Expr) -> f64 {
        let (i, draws, columns) = (self.i, self.draws, self.columns);
        let read = move |v: Var| match v {
            Var::Index => i as f64,
            Var::Column(k) => columns
                .get(k)
                .and_then(|c| c.get(i))
                .copied()
                .unwrap_or(f64::NAN),
            Var::Random { normal, stream } => match draws {
                Some(d) if normal => d.normal(stream, i),
                Some(d) => d.uniform(stream, i),
                None => f64::NAN,
            },
            _ => f64::NAN,
        };
        let scope = Scope {
            params: self.params,
            states: &[],
            inputs: &[],
            t: self.t,
            i,
            history: None,
            coupling: [self.pre_post[0], self.pre_post[1], 0.0],
            extra: Some(&read),
            native: None,
        };
        eval(e, &scope)
    }

    fn converted(&self, v: &Value) -> f64 {
        rescale(self.value(&v.expr), v.from, v.to)
    }

    fn neuron(self, i: usize) -> At<'a> {
        At { i, ..self }
    }
}

impl InterpretedNetwork {
    /// Resolves the types `net` names in `types` and checks every value given for them (the
    /// checks Rust makes when it compiles a generated network): an error for each unknown
    /// type, preset, method, name, and each dimension mismatch, at its place in the text.
    pub fn new(net: ir::Network, types: &Types) -> Result<InterpretedNetwork, Vec<Diagnostic>> {
        let mut c = Checker::default();
        let mut populations = Vec::new();
        for p in &net.populations {
            let Some(model) = c.model(types, &p.model) else {
                continue;
            };
            let decls = model_declarations(&model.ir);
            let ty = type_name(&p.model);
            let params = c.settings(&decls, ty, "param", &p.model.settings);
            let inits = c.settings(&decls, ty, "state", &p.model.inits);
            populations.push(PopulationPlan {
                preset: c.preset(&p.model, &model.ir.presets),
                model,
                params,
                inits,
            });
        }
        let mut drives = Vec::new();
        let mut poisson = Vec::new();
        // A population of an unknown model has no plan: what reads the plans by population
        // index is checked only when every model was found (the unknown one is reported).
        let all_known = populations.len() == net.populations.len();
        if all_known {
            for d in &net.drives {
                let m = &populations[d.pop].model.ir;
                let decls = model_declarations(m);
                let s = &d.input;
                if let Some((_, v)) =
                    c.converted(&decls, &m.name, "input", &s.name, s.name_loc, &s.value)
                {
                    drives.push(v);
                }
            }
            for sig in &net.signals {
                if let SignalValue::State { pop, var } = &sig.value {
                    let m = &populations[*pop].model.ir;
                    if !m.states.iter().any(|x| x.name == var.0) {
                        c.error(
                            var.1,
                            format!(
                                "`{}` has no state variable `{}` for signal `{}`",
                                m.name, var.0, sig.name
                            ),
                            None,
                        );
                    }
                }
            }
            for pi in &net.poisson_inputs {
                let m = &populations[pi.pop].model.ir;
                let decls = model_declarations(m);
                let s = &pi.jump;
                if let Some(v) =
                    c.converted(&decls, &m.name, "state", &s.name, s.name_loc, &s.value)
                {
                    poisson.push(v);
                }
            }
            for r in net.records.iter().filter(|r| !r.of_projection) {
                if let Some((var, loc)) = &r.var {
                    c.require_recordable(&populations[r.pop].model.ir, var, *loc);
                }
            }
        }
        let mut projections = Vec::new();
        for pr in &net.projections {
            let ty = type_name(&pr.synapse);
            if let Some(rate) = &pr.rate {
                // A rate projection: a coupling between a population's state and another's
                // input, with plain-number weights.
                if all_known {
                    if let Pre::Population(p) = pr.pre {
                        c.require_coupled(&populations[p].model.ir, "state", &rate.state);
                    }
                    c.require_coupled(&populations[pr.post].model.ir, "input", &rate.input);
                }
                let Some(coupling) = c.coupling(types, &pr.synapse) else {
                    continue;
                };
                let decls = coupling_declarations(&coupling.ir);
                let weights = rule_weights(&pr.rule)
                    .into_iter()
                    .map(|q| Value {
                        expr: q.expr.clone(),
                        from: 0,
                        to: 0,
                    })
                    .collect();
                projections.push(ProjectionPlan {
                    preset: c.preset(&pr.synapse, &[]),
                    params: c.settings(&decls, ty, "param", &pr.synapse.settings),
                    through: Through::Coupling(coupling),
                    weights,
                    weight_sd: None,
                    inits: Vec::new(),
                });
                continue;
            }
            let Some(synapse) = c.synapse(types, &pr.synapse) else {
                continue;
            };
            let decls = synapse_declarations(&synapse.ir);
            let params = c.settings(&decls, ty, "param", &pr.synapse.settings);
            let inits = c.settings(&decls, ty, "state", &pr.synapse.inits);
            let weights = rule_weights(&pr.rule)
                .into_iter()
                .filter_map(|q| c.converted(&decls, ty, "weight", "", q.loc, q))
                .map(|(_, v)| v)
                .collect();
            let weight_sd = pr
                .weight_sd
                .as_ref()
                .and_then(|q| c.converted(&decls, ty, "weight", "", q.loc, q))
                .map(|(_, v)| v);
            projections.push(ProjectionPlan {
                preset: c.preset(&pr.synapse, &synapse.ir.dynamics.presets),
                through: Through::Synapse(synapse),
                params,
                weights,
                weight_sd,
                inits,
            });
        }
        if !c.diags.is_empty() {
            return Err(c.diags);
        }
        Ok(InterpretedNetwork {
            net,
            populations,
            projections,
            drives,
            poisson,
            files_dir: std::path::PathBuf::from("."),
        })
    }

    /// Reads the files the item names (`connectome("weights.csv")`) relative to `dir` (the
    /// directory of the file that holds the item; the current directory by default).
    pub fn with_files_dir(mut self, dir: impl Into<std::path::PathBuf>) -> Self {
        self.files_dir = dir.into();
        self
    }

    /// The network's IR.
    pub fn ir(&self) -> &ir::Network {
        &self.net
    }

    /// The default parameter values, in declaration order (each in its unit).
    pub fn defaults(&self) -> Vec<f64> {
        self.net.params.iter().map(|p| p.default).collect()
    }

    /// Refuses to set parameter `k` when its value is computed from others.
    pub fn check_settable(&self, k: usize) -> Result<(), Error> {
        match self.net.params.get(k) {
            Some(p) if p.derived.is_some() => Err(Error::computed_parameter(&p.name)),
            _ => Ok(()),
        }
    }

    /// The parameter values of preset `name`: the defaults with the preset's values.
    pub fn preset(&self, name: &str) -> Result<Vec<f64>, Error> {
        named_preset(&self.net.params, &self.net.presets, name)
    }

    /// Builds the network with parameter values `params` (in declaration order, each in its
    /// unit) and `seed` for every random stream. A parameter whose value is an expression of
    /// others is computed from them (its entry in `params` is not read).
    pub fn build(&self, params: &[f64], seed: u64) -> Result<BuiltNetwork, Error> {
        self.build_on(params, seed, Share::whole())
    }

    /// As [`InterpretedNetwork::build`], holding only this rank's `share` of the network
    /// (see [`crate::distributed`]).
    pub fn build_on(&self, params: &[f64], seed: u64, share: Share) -> Result<BuiltNetwork, Error> {
        let net = &self.net;
        if params.len() != net.params.len() {
            return Err(Error::WrongSize {
                what: format!("parameters of network `{}`", net.name),
                expected: net.params.len(),
                got: params.len(),
            });
        }
        let given: Vec<(usize, f64)> = params
            .iter()
            .enumerate()
            .filter(|(k, _)| net.params[*k].derived.is_none())
            .map(|(k, &v)| (k, v))
            .collect();
        let params = &ir::resolve_params(&net.params, &given)[..];
        let columns = net
            .columns
            .iter()
            .map(|c| crate::io::read_column(&self.files_dir.join(&c.path), c.column))
            .collect::<Result<Vec<_>, _>>()?;
        let at = At::new(params, &columns);
        let mut network = Network::with_share(net.dt_ms, share)?;
        network.set_seed(seed);
        if net.single_precision {
            network.set_product_precision(crate::precision::Precision::F32);
        }
        // Sizes: populations, then sources, numbered in that order.
        let mut sizes = Vec::new();
        for p in &net.populations {
            sizes.push(whole(
                &format!("size of population `{}`", p.name),
                at.value(&p.size),
            )?);
        }
        for s in &net.sources {
            sizes.push(whole(
                &format!("size of source `{}`", s.name),
                at.value(&s.size),
            )?);
        }
        let mut offsets = Vec::new();
        let mut total = 0usize;
        for n in &sizes {
            offsets.push(total);
            total += n;
        }
        let draws = |offset: usize| Draws {
            seed,
            n_total: total,
            offset,
        };
        let mut populations = Vec::new();
        for (k, (p, plan)) in net.populations.iter().zip(&self.populations).enumerate() {
            let at = At {
                draws: Some(draws(offsets[k])),
                ..at
            };
            let values = plan.params.iter().chain(&plan.inits).map(|(_, v)| v);
            check_columns(net, &columns, values, sizes[k], &p.name)?;
            let model = self.population(p, plan, sizes[k], at)?;
            populations.push(network.add_population(&p.name, model)?);
        }
        let np = net.populations.len();
        let mut sources = Vec::new();
        for (k, s) in net.sources.iter().enumerate() {
            let n = sizes[np + k];
            sources.push(match &s.kind {
                SourceKind::Poisson { rate_hz } => {
                    network.add_poisson(&s.name, n, at.value(rate_hz), seed)?
                }
                SourceKind::SpikeTimes(spikes) => {
                    let times: Vec<(f64, usize)> =
                        spikes.iter().map(|(i, t)| (at.value(t), *i)).collect();
                    network.add_spike_generator(&s.name, n, &times)?
                }
            });
        }
        for (d, value) in net.drives.iter().zip(&self.drives) {
            let at = At {
                draws: Some(draws(offsets[d.pop])),
                ..at
            };
            let name = &net.populations[d.pop].name;
            check_columns(net, &columns, [value], sizes[d.pop], name)?;
            let stimulus = self.stimulus(value, at, sizes[d.pop]);
            network.drive(populations[d.pop], &d.input.name, stimulus)?;
        }
        for sig in &net.signals {
            let (name, unit) = (sig.name.as_str(), sig.unit.text.as_str());
            match &sig.value {
                SignalValue::Value(e) => {
                    let value = Value {
                        expr: e.clone(),
                        from: 0,
                        to: 0,
                    };
                    network.add_signal(name, unit, 0.0)?;
                    network.drive_signal(name, self.stimulus(&value, at, 1))?;
                }
                SignalValue::State { pop, var } => {
                    network.add_signal(name, unit, 0.0)?;
                    network.bind_signal(name, populations[*pop], &var.0)?;
                }
            }
        }
        for (k, (pr, plan)) in net.projections.iter().zip(&self.projections).enumerate() {
            let (pre, n_pre, pre_offset) = match pr.pre {
                Pre::Population(p) => (SourceId::from(populations[p]), sizes[p], offsets[p]),
                Pre::Source(s) => (sources[s], sizes[np + s], offsets[np + s]),
            };
            let block = Block {
                n_pre,
                n_post: sizes[pr.post],
                pre_offset,
                post_offset: offsets[pr.post],
                n_total: total,
                self_connections: pr.self_connections,
                seed: match &pr.seed {
                    Some(e) => {
                        seed_value(&format!("seed of projection `{}`", pr.name), at.value(e))?
                    }
                    None => projection_seed(seed, k),
                },
                targets: {
                    let local = network.local_neurons(populations[pr.post])?;
                    (local.start, local.end)
                },
            };
            if let (
                Rule::HebbianPatterns {
                    patterns,
                    c,
                    offsets: (a, b),
                },
                Through::Coupling(cp),
                Some(rate),
                Pre::Population(p),
            ) = (&pr.rule, &plan.through, &pr.rate, pr.pre)
            {
                let c = c.as_ref().map(|c| at.value(c));
                let offsets = (at.value(a), at.value(b));
                let (patterns, rule) = match patterns {
                    PatternSource::Random {
                        count,
                        activity,
                        values: (low, high),
                    } => block.hebbian_patterns(
                        (at.value(count), at.value(activity)),
                        (at.value(low), at.value(high)),
                        c,
                        offsets,
                    )?,
                    PatternSource::File(file) => {
                        block.hebbian_patterns_from(file, &self.files_dir, c, offsets)?
                    }
                };
                let coupling = self.coupling(cp, plan, at)?;
                network.couple_patterns(
                    &pr.name,
                    (populations[p], &rate.state.0),
                    (populations[pr.post], &rate.input.0),
                    coupling,
                    (&patterns, rule),
                )?;
                continue;
            }
            if let (
                Rule::Field {
                    nx,
                    lengths,
                    kernel,
                },
                Through::Coupling(cp),
                Some(rate),
                Pre::Population(p),
            ) = (&pr.rule, &plan.through, &pr.rate, pr.pre)
            {
                let w = |dx: f64, dy: f64| {
                    At {
                        pre_post: [dx, dy],
                        ..at
                    }
                    .value(kernel)
                };
                let nx = nx.as_ref().map(|nx| at.value(nx));
                let kernel =
                    block.field_kernel(nx, (at.value(&lengths.0), at.value(&lengths.1)), w)?;
                let coupling = self.coupling(cp, plan, at)?;
                network.couple_field(
                    &pr.name,
                    (populations[p], &rate.state.0),
                    (populations[pr.post], &rate.input.0),
                    coupling,
                    &kernel,
                )?;
                continue;
            }
            let synapse = match (&plan.through, &pr.rate, pr.pre) {
                (Through::Synapse(s), _, _) => self.synapse(s, plan, at)?,
                (Through::Coupling(cp), Some(rate), Pre::Population(p)) => {
                    let connections = self.connections(pr, plan, &block, at)?;
                    let coupling = self.coupling(cp, plan, at)?;
                    let rounding = match &pr.rule {
                        Rule::Connectome(c) => rounding(c.round_up),
                        _ => crate::DelayRounding::Nearest,
                    };
                    network.couple_with(
                        &pr.name,
                        (populations[p], &rate.state.0),
                        (populations[pr.post], &rate.input.0),
                        coupling,
                        connections,
                        rounding,
                    )?;
                    continue;
                }
                (Through::Coupling(_), ..) => {
                    return Err(Error::Incompatible {
                        what: format!("rate projection `{}`", pr.name),
                        message: "a rate projection starts from a population".into(),
                    });
                }
            };
            let chosen = pr.synapse.schedule.as_deref().map(delivery).transpose()?;
            let target = populations[pr.post];
            if let Some((w, delay_ms)) = one_weight_for_all_pairs(pr, plan, at) {
                let ends = (pre, target);
                block.connect_all_to_all(
                    &mut network,
                    &pr.name,
                    ends,
                    synapse,
                    (w, delay_ms),
                    chosen,
                )?;
            } else {
                let connections = self.connections(pr, plan, &block, at)?;
                match chosen {
                    Some(d) => {
                        network.connect_with(&pr.name, pre, target, synapse, connections, d)?
                    }
                    None => network.connect(&pr.name, pre, target, synapse, connections)?,
                }
            }
            let at = At {
                draws: Some(draws(offsets[pr.post])),
                ..at
            };
            let states = match &plan.through {
                Through::Synapse(s) => &s.ir.dynamics.states,
                Through::Coupling(_) => continue,
            };
            let first = network.local_neurons(target)?.start;
            for (s, value) in &plan.inits {
                let state = network.synapse_state_mut(&pr.name, &states[*s].name)?;
                for (j, x) in state.iter_mut().enumerate() {
                    *x = at.neuron(first + j).converted(value);
                }
            }
        }
        for (pi, (s, jump)) in net.poisson_inputs.iter().zip(&self.poisson) {
            let what = format!("number of trains of Poisson input `{}`", pi.name);
            let count = whole(&what, at.value(&pi.count))?;
            let var = &self.populations[pi.pop].model.ir.states[*s].name;
            network.add_poisson_input(
                &pi.name,
                populations[pi.pop],
                var,
                count,
                at.value(&pi.rate_hz),
                at.converted(jump),
            )?;
        }
        let mut monitors = Vec::new();
        for r in &net.records {
            if r.of_projection {
                let what = r.var.as_ref().map_or("", |v| v.0.as_str());
                let name = &net.projections[r.pop].name;
                monitors.push(network.record_projection(name, what, r.every)?);
                continue;
            }
            match &r.var {
                None => network.record_spikes(populations[r.pop])?,
                Some((var, _)) => monitors.push(network.record_state(
                    populations[r.pop],
                    var,
                    (0..sizes[r.pop]).collect(),
                    r.every,
                )?),
            }
        }
        Ok(BuiltNetwork {
            network,
            populations,
            sources,
            monitors,
        })
    }

    /// The model of population `p`: its parameters (preset, then the settings shared by every
    /// neuron), method, schedule, per-neuron parameters and initial values.
    fn population(
        &self,
        p: &ir::Population,
        plan: &PopulationPlan,
        n: usize,
        at: At,
    ) -> Result<Box<dyn Model + Send>, Error> {
        let ir = &plan.model.ir;
        let mut explicit = plan.preset.clone();
        let uniform = plan.params.iter().filter(|(_, v)| !v.per_neuron());
        explicit.extend(uniform.map(|(k, v)| (*k, at.converted(v))));
        let values = with_values(&ir.params, &explicit);
        crate::budget::check_population((plan.model.build)(1).info(), n)?;
        let mut model = (plan.model.build)(n);
        for (k, v) in values.into_iter().enumerate() {
            model.set_param(k, v)?;
        }
        model.reset_state();
        if let Some(m) = &p.model.method {
            model.set_method(m)?;
        }
        if let Some(s) = &p.model.schedule {
            model.set_schedule(s)?;
        }
        for (k, v) in plan.params.iter().filter(|(_, v)| v.per_neuron()) {
            let values = (0..n).map(|i| at.neuron(i).converted(v)).collect();
            model.set_param_per_instance(*k, values)?;
            model.reset_state();
        }
        for (k, v) in &plan.inits {
            for (i, x) in model.state_mut(*k).iter_mut().enumerate() {
                *x = at.neuron(i).converted(v);
            }
        }
        Ok(model)
    }

    /// A drive's stimulus: a function of time, one value per neuron, or a constant.
    fn stimulus(&self, value: &Value, at: At, n: usize) -> Stimulus {
        if value.timed() {
            let (value, params, draws) = (value.clone(), at.params.to_vec(), at.draws);
            let columns = at.columns.to_vec();
            Stimulus::Function(StimulusFn::new(move |t, i| {
                let at = At {
                    params: &params,
                    columns: &columns,
                    draws,
                    i,
                    t,
                    pre_post: [0.0; 2],
                };
                at.converted(&value)
            }))
        } else if value.per_neuron() {
            Stimulus::PerInstance((0..n).map(|i| at.neuron(i).converted(value)).collect())
        } else {
            Stimulus::Constant(at.converted(value))
        }
    }

    /// A projection's synapse with its preset and settings.
    fn synapse(
        &self,
        ty: &SynapseType,
        plan: &ProjectionPlan,
        at: At,
    ) -> Result<Box<dyn Synapse>, Error> {
        let mut synapse = (ty.build)();
        for (k, v) in plan
            .param_values(&ty.ir.dynamics.params, at)
            .into_iter()
            .enumerate()
        {
            synapse.set_param(k, v)?;
        }
        Ok(synapse)
    }

    /// A rate projection's coupling with its settings.
    fn coupling(
        &self,
        ty: &CouplingType,
        plan: &ProjectionPlan,
        at: At,
    ) -> Result<Box<dyn crate::coupling::Coupling + Send>, Error> {
        let mut coupling = (ty.build)();
        for (k, v) in plan.param_values(&ty.ir.params, at).into_iter().enumerate() {
            coupling.set_param(k, v)?;
        }
        Ok(coupling)
    }
}
