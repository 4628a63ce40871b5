//! `cajal.Model`: a population of one model — a library model (compiled code) or a model
//! of a compiled text (interpreted) — with its preset, parameters (numbers in the declared
//! unit, strings with units, or one value per instance), method, schedule and seed.

use std::sync::{Mutex, MutexGuard};

use cajal_lang::ir::Var;
use cajal_models::catalog;
use cajal_models::frontend::{self, ModelCode};
use cajal_runtime::Model;
use numpy::PyArray1;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::errors::{check, value_error};
use crate::items::{ItemKind, ItemType};
use crate::library::{describe_model, unknown};
use crate::values::{Value, named, value_in};

/// A population of any model, as the runtime steps it.
pub type AnyModel = Box<dyn Model + Send>;

/// How to build the population: everything `cajal.Model(...)` was given.
struct Recipe {
    code: ModelCode,
    n: usize,
    /// (parameter, value) for every parameter the preset and settings change, derived
    /// defaults included.
    scalars: Vec<(usize, f64)>,
    /// (parameter, one value per instance).
    each: Vec<(usize, Vec<f64>)>,
    method: Option<String>,
    schedule: Option<String>,
    seed: Option<u64>,
}

impl Recipe {
    /// The population in its initial state.
    fn build(&self) -> PyResult<AnyModel> {
        let mut m = self.code.build(self.n);
        for &(k, v) in &self.scalars {
            check(m.set_param(k, v))?;
        }
        for (k, v) in &self.each {
            check(m.set_param_per_instance(*k, v.clone()))?;
        }
        if let Some(method) = &self.method {
            check(m.set_method(method))?;
        }
        if let Some(schedule) = &self.schedule {
            check(m.set_schedule(schedule))?;
        }
        if let Some(seed) = self.seed {
            m.set_seed(seed);
        }
        m.reset_state();
        Ok(m)
    }
}

/// A population of `n` instances of one model.
///
/// `model` is a library name (`"Izhikevich"`, case and `_` ignored) or a model of
/// `cajal.compile(text)`; `preset` one of its presets; `params` a dict of parameter values
/// (a number in the declared unit, a string with a unit such as `"0.02/ms"`, or an array of
/// one value per instance); `method` and `schedule` one of the model's; `seed` its random
/// streams' seed. Defaults that read other parameters (`V_cut = V_T + 5*Delta_T`) follow
/// the values given. State variables read as attributes (`model.v`, a copy) and are set with
/// `set_state`.
#[pyclass(module = "cajal._cajal", name = "Model")]
pub struct PyModel {
    recipe: Recipe,
    instance: Mutex<AnyModel>,
}

impl PyModel {
    /// The population (locked while in use).
    fn instance(&self) -> MutexGuard<'_, AnyModel> {
        self.instance.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A copy of the population: built from the same recipe, then given the current state
    /// (state, refractory counters, stream positions).
    pub fn copy(&self) -> PyResult<AnyModel> {
        let mut fresh = self.recipe.build()?;
        check(fresh.load_dynamic(&self.instance().save_dynamic()))?;
        Ok(fresh)
    }
}

/// Sets state variable `name` of every instance of `m` to `value`: one number (in the
/// variable's unit) or string with a unit, or one value per instance.
pub fn set_state(m: &mut dyn Model, name: &str, value: &Bound<'_, PyAny>) -> PyResult<()> {
    let info = m.info();
    let k = check(info.state_index(name))?;
    let what = format!("state variable `{name}`");
    match value_in(value, info.states[k].unit, &what, m.len())? {
        Value::One(v) => m.state_mut(k).fill(v),
        Value::Each(v) => m.state_mut(k).copy_from_slice(&v),
    }
    Ok(())
}

/// The code a `model` argument names.
pub fn code_of(model: &Bound<'_, PyAny>) -> PyResult<ModelCode> {
    if let Ok(name) = model.cast::<PyString>() {
        let name = &*name.to_cow()?;
        return match catalog::find(name) {
            Some(e) => Ok(ModelCode::Library(e)),
            None if catalog::find_network(name).is_some() => Err(value_error(format!(
                "`{name}` is a library network: use cajal.Network(\"{name}\")"
            ))),
            None => Err(unknown(name)),
        };
    }
    if let Ok(item) = model.cast::<ItemType>() {
        let item = item.get();
        return match &item.kind {
            ItemKind::Model(i) => Ok(ModelCode::Interpreted(i.clone())),
            _ => Err(value_error(format!(
                "{} is not a neuron or mass model",
                item.label()
            ))),
        };
    }
    Err(value_error(
        "a model is a library name (e.g. \"Izhikevich\") or a model of cajal.compile(text)",
    ))
}

#[pymethods]
impl PyModel {
    #[new]
    #[pyo3(signature = (model, n = 1, preset = None, params = None, method = None, schedule = None, seed = None))]
    pub fn new(
        model: &Bound<'_, PyAny>,
        n: usize,
        preset: Option<&str>,
        params: Option<&Bound<'_, PyDict>>,
        method: Option<String>,
        schedule: Option<String>,
        seed: Option<u64>,
    ) -> PyResult<PyModel> {
        let code = code_of(model)?;
        let info = code.info();
        if n == 0 {
            return Err(value_error(
                "a population needs at least one instance (n ≥ 1)",
            ));
        }
        check(cajal_runtime::budget::check_population(info, n))?;
        let ir = code.ir().map_err(value_error)?;
        let mut explicit = Vec::new();
        let mut each = Vec::new();
        for (name, value) in named(params)? {
            let k = check(info.param_index(&name))?;
            let what = format!("parameter `{name}`");
            match value_in(&value, info.params[k].unit, &what, n)? {
                Value::One(v) => explicit.push((k, v)),
                Value::Each(v) => each.push((k, v)),
            }
        }
        let preset_values = match preset {
            Some(name) => frontend::preset_values(&ir, name).map_err(value_error)?,
            None => &[],
        };
        // A default that reads a parameter given per instance would differ per instance.
        for (k, p) in ir.params.iter().enumerate() {
            let set = preset_values.iter().chain(&explicit).any(|(j, _)| *j == k)
                || each.iter().any(|(j, _)| *j == k);
            if let (Some(expr), false) = (&p.derived, set)
                && let Some((j, _)) = each
                    .iter()
                    .find(|(j, _)| cajal_lang::sym::contains(expr, Var::Param(*j)))
            {
                return Err(value_error(format!(
                    "the default of `{}` reads `{}`, which is given per instance: give `{}` too",
                    p.name, ir.params[*j].name, p.name
                )));
            }
        }
        let recipe = Recipe {
            scalars: frontend::parameter_values(&ir, preset, &explicit).map_err(value_error)?,
            code,
            n,
            each,
            method,
            schedule,
            seed,
        };
        let instance = recipe.build()?;
        Ok(PyModel {
            recipe,
            instance: Mutex::new(instance),
        })
    }

    /// The model's name.
    #[getter]
    fn name(&self) -> &'static str {
        self.recipe.code.info().name
    }

    /// The integration method in use.
    #[getter]
    fn method(&self) -> &'static str {
        self.instance().method()
    }

    fn __len__(&self) -> usize {
        self.recipe.n
    }

    /// The model's parameters, variables, equations and methods (as `cajal.show`).
    fn info<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        describe_model(py, self.recipe.code.info())
    }

    /// State variable `name` of every instance (a copy, in the variable's unit).
    fn state<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let k = check(self.recipe.code.info().state_index(name))?;
        Ok(PyArray1::from_slice(py, self.instance().state(k)))
    }

    /// Sets state variable `name`: one value (number or string with a unit) for every
    /// instance, or one per instance.
    fn set_state(&self, name: &str, value: &Bound<'_, PyAny>) -> PyResult<()> {
        set_state(&mut **self.instance(), name, value)
    }

    /// Parameter `name` of every instance (in its unit).
    fn param<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let info = self.recipe.code.info();
        let k = check(info.param_index(name))?;
        let n = self.recipe.n;
        let values = match self.recipe.each.iter().find(|(j, _)| *j == k) {
            Some((_, v)) => v.clone(),
            None => {
                let v = self
                    .recipe
                    .scalars
                    .iter()
                    .find(|(j, _)| *j == k)
                    .map_or(info.params[k].default, |(_, v)| *v);
                vec![v; n]
            }
        };
        Ok(PyArray1::from_vec(py, values))
    }

    fn __getattr__<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let info = self.recipe.code.info();
        if info.states.iter().any(|s| s.name == name) {
            return self.state(py, name);
        }
        Err(pyo3::exceptions::PyAttributeError::new_err(format!(
            "`{}` has no state variable or attribute `{name}`; its state: {}",
            info.name,
            info.states
                .iter()
                .map(|s| s.name)
                .collect::<Vec<_>>()
                .join(", ")
        )))
    }

    fn __repr__(&self) -> String {
        format!(
            "<cajal.Model {} × {} ({})>",
            self.recipe.code.info().name,
            self.recipe.n,
            self.instance().method()
        )
    }
}
