//! A whole-brain network composed from a few choices (the command line's `--connectome`, the
//! Python package's `whole_brain`): a library mass on a connectome, coupled through a library
//! coupling (`couple` VAR->INPUT), with Ornstein–Uhlenbeck noise per node (`noise`) and
//! Balloon–Windkessel BOLD (`bold`). The composition is a `network` item written as text —
//! what a user would write in a file, and what `--save-network` writes — then checked and run
//! as a file network is. Its parameters are the mass's and the coupling's, so settings and
//! sweeps reach both.

use std::fmt::Write as _;

use cajal_lang::ir::Model;
use cajal_lang::quantity;
use cajal_runtime::Connectome;

use super::library_item;
use crate::catalog;

/// `Err(format!(…))` from the composition.
macro_rules! fail {
    ($($arg:tt)*) => {
        return Err(format!($($arg)*))
    };
}

/// `text` (a number and its unit) in `unit`; the error names `what`.
fn value_in(what: &str, text: &str, unit: &str) -> Result<f64, String> {
    quantity::value_in(text, unit).map_err(|e| format!("{what} {text}: {e}"))
}

/// What to compose.
pub struct Composition<'a> {
    /// The library mass.
    pub mass: &'a str,
    /// The connectome: a shipped name or a weight file (relative to the directory the
    /// network's files are read from).
    pub connectome: &'a str,
    /// A tract-length file (mm).
    pub lengths: Option<&'a str>,
    /// The conduction speed, with its unit (e.g. `10m/s`).
    pub speed: Option<&'a str>,
    /// A library coupling.
    pub coupling: &'a str,
    /// `VAR->INPUT` (default: the mass's first state into its first input).
    pub couple: Option<&'a str>,
    /// `SIGMA[@INPUT]`: OU noise of that standard deviation per node.
    pub noise: Option<&'a str>,
    /// Balloon–Windkessel BOLD of the coupled variable, sampled every `tr`.
    pub bold: bool,
    /// BOLD sampling period, with its unit.
    pub tr: &'a str,
    /// Time step (ms).
    pub dt_ms: f64,
    /// Record stride of the coupled variable when there is no BOLD (steps).
    pub every: u64,
}

/// The mass `name` of the library, checked again from its text.
fn library_mass(name: &str) -> Result<Model, String> {
    let Some(entry) = catalog::find(name) else {
        fail!("a connectome couples a library mass; `{name}` is not one");
    };
    let model = library_item(entry.info.name, entry.info.source)?.model()?;
    if model.kind.keyword() != "mass" {
        fail!(
            "a connectome couples masses (rates); `{}` is a neuron model: write a network file with synapses",
            model.name
        );
    }
    Ok(model)
}

/// A value for the text of a network item (shortest round trip, never an exponent).
fn number(x: f64) -> String {
    let text = format!("{x}");
    if text.contains('.') || text.contains("inf") || text.contains("NaN") {
        text
    } else {
        format!("{text}.0")
    }
}

/// A unit as written after a number in a declaration (`1` and a leading `1/` left out).
fn unit_after_number(text: &str) -> &str {
    match text.trim() {
        "1" => "",
        t => t
            .strip_prefix('1')
            .filter(|r| r.starts_with('/'))
            .unwrap_or(t),
    }
}

/// A quoted file name for the text (quotes and backslashes refused rather than escaped).
fn quoted(what: &str, name: &str) -> Result<String, String> {
    if name.contains('"') || name.contains('\\') {
        fail!("{what} {name}: the file name must not hold quotes or backslashes");
    }
    Ok(format!("\"{name}\""))
}

/// The composed network as text; connectome and length files are read relative to `dir`.
pub fn compose(c: &Composition, dir: &std::path::Path) -> Result<String, String> {
    let mass = library_mass(c.mass)?;
    let Some(coupling) = catalog::find_coupling(c.coupling) else {
        let names: Vec<&str> = catalog::COUPLINGS.iter().map(|c| c.name).collect();
        fail!(
            "coupling {}: no such library coupling; the couplings are {}",
            c.coupling,
            names.join(", ")
        );
    };
    let coupling_ir = library_item(coupling.name, coupling.source)?.coupling()?;
    let n = match Connectome::shipped(c.connectome) {
        Some(shipped) => shipped.map_err(|e| e.to_string())?.weights.len(),
        None => {
            let path = cajal_runtime::connectome::resolve(c.connectome, dir);
            cajal_runtime::connectome::read_matrix(&path)
                .map_err(|e| e.to_string())?
                .len()
        }
    };
    let (state, input) = match c.couple {
        Some(text) => match text.split_once("->") {
            Some((s, i)) => (s.trim().to_string(), i.trim().to_string()),
            None => fail!("couple {text}: write STATE->INPUT, e.g. x->x_inp"),
        },
        None => match (mass.states.first(), mass.inputs.first()) {
            (Some(s), Some(i)) => (s.name.clone(), i.name.clone()),
            _ => fail!("`{}` has no state or no input to couple", mass.name),
        },
    };
    if !mass.states.iter().any(|s| s.name == state) {
        let names: Vec<&str> = mass.states.iter().map(|s| s.name.as_str()).collect();
        fail!(
            "couple: `{}` has no state variable `{state}`; it has {}",
            mass.name,
            names.join(", ")
        );
    }
    let has_input = |name: &str| mass.inputs.iter().any(|i| i.name == name);
    let inputs = || {
        let names: Vec<&str> = mass.inputs.iter().map(|i| i.name.as_str()).collect();
        names.join(", ")
    };
    if !has_input(&input) {
        fail!(
            "couple: `{}` has no input `{input}`; it has {}",
            mass.name,
            inputs()
        );
    }

    let mut text = format!(
        "/// `{}` on the connectome `{}`, composed by Cajal.\nnetwork {}Network {{\n    parameters {{\n",
        mass.name, c.connectome, mass.name
    );
    // Parameters whose defaults derive from others stay derived inside the model.
    let free: Vec<_> = mass.params.iter().filter(|p| p.derived.is_none()).collect();
    let mut declared: Vec<String> = Vec::new();
    for p in &free {
        let value = format!("{} {}", number(p.default), unit_after_number(&p.unit.text));
        let _ = writeln!(text, "        {} = {},", p.name, value.trim_end());
        declared.push(p.name.clone());
    }
    let mut coupling_settings = Vec::new();
    for p in &coupling_ir.params {
        // A coupling parameter whose name the mass also uses is `coupling_NAME`.
        let name = if declared.contains(&p.name) {
            format!("coupling_{}", p.name)
        } else {
            p.name.clone()
        };
        let value = format!("{} {}", number(p.default), unit_after_number(&p.unit.text));
        let _ = writeln!(text, "        {name} = {},", value.trim_end());
        coupling_settings.push(format!("{} = {name}", p.name));
        declared.push(name);
    }
    let dt = number(c.dt_ms);
    let _ = writeln!(text, "    }}\n    timestep {dt} ms");
    let mass_settings: Vec<String> = free.iter().map(|p| format!("{0} = {0}", p.name)).collect();
    let _ = writeln!(
        text,
        "    population nodes = {}[{n}] {{ {} }}",
        mass.name,
        mass_settings.join("; ")
    );
    let mut rule = format!("connectome({}", quoted("connectome", c.connectome)?);
    if let Some(lengths) = c.lengths {
        let _ = write!(rule, ", lengths = {}", quoted("lengths", lengths)?);
    }
    if let Some(speed) = c.speed {
        let m_per_s = value_in("speed", speed, "m/s")?;
        let _ = write!(rule, ", speed = {} m/s", number(m_per_s));
    }
    rule.push(')');
    let _ = writeln!(
        text,
        "    projection sc: nodes.{state} -> nodes.{input} = {} {{ {} }} with {rule}",
        coupling.name,
        coupling_settings.join("; ")
    );
    if let Some(noise) = c.noise {
        let (sigma, target) = match noise.split_once('@') {
            Some((s, i)) => (s.trim(), i.trim().to_string()),
            None => (noise.trim(), input.clone()),
        };
        let sigma: f64 = match sigma.parse() {
            Ok(s) if f64::is_finite(s) && s >= 0.0 => s,
            _ => fail!("noise {noise}: write SIGMA[@INPUT], e.g. 0.05 or 0.05@y_inp"),
        };
        if !has_input(&target) {
            fail!(
                "noise: `{}` has no input `{target}`; it has {}",
                mass.name,
                inputs()
            );
        }
        let _ = writeln!(
            text,
            "    population noise = OrnsteinUhlenbeck[{n}] {{ sigma = {}; tau = 5 ms }}",
            number(sigma)
        );
        let _ = writeln!(
            text,
            "    projection drive: noise.x -> nodes.{target} = Additive with one_to_one(1)"
        );
    }
    if c.bold {
        let tr = value_in("tr", c.tr, "ms")?;
        let every = (tr / c.dt_ms).round();
        if !(every >= 1.0 && every.is_finite()) {
            fail!("tr {}: must be at least one time step", c.tr);
        }
        let _ = writeln!(text, "    population bold = BalloonWindkessel[{n}]");
        let _ = writeln!(
            text,
            "    projection flow: nodes.{state} -> bold.z = Additive with one_to_one(1)"
        );
        let _ = writeln!(text, "    record bold.bold every {}", every as u64);
    } else {
        let _ = writeln!(text, "    record nodes.{state} every {}", c.every.max(1));
    }
    text.push_str("}\n");
    Ok(text)
}
