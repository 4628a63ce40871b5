//! `cajal list` and `cajal show`: what the library holds, and everything about one model.

use std::fmt::Write as _;

use cajal_lang::display::expr_to_string;
use cajal_lang::ir::{self, Model, Refractory, Var};
use cajal_models::catalog;

/// `value unit`, or the bare value for a dimensionless quantity.
fn with_unit(value: f64, unit: &str) -> String {
    if unit == "1" {
        value.to_string()
    } else {
        format!("{value} {unit}")
    }
}

/// The first line of a documentation text.
fn summary(doc: &str) -> &str {
    doc.lines().next().unwrap_or("").trim()
}

/// Every library item: name, kind and one-line summary (which names the source paper).
pub fn list() -> String {
    let mut rows: Vec<(&str, &str, &str)> = Vec::new();
    for e in catalog::MODELS {
        rows.push((e.info.name, e.info.kind.keyword(), summary(e.info.doc)));
    }
    for c in catalog::COUPLINGS {
        rows.push((c.name, "coupling", summary(c.doc)));
    }
    for s in catalog::SYNAPSES {
        rows.push((s.info.name, "synapse", summary(s.info.doc)));
    }
    for n in catalog::NETWORKS {
        rows.push((n.name, "network", summary(n.doc)));
    }
    let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (name, kind, summary) in rows {
        let _ = writeln!(out, "{name:width$}  {kind:8}  {summary}");
    }
    out
}

/// Parameters, inputs, states, outputs with units and defaults, the equations, events,
/// refractoriness, the integration method and why, schedules and presets of `m`.
pub fn show(m: &Model) -> String {
    let name = |v| m.var_name(v);
    let text = |e| expr_to_string(e, &name);
    let mut out = format!("{} ({})\n", m.name, m.kind.keyword());
    for line in &m.doc {
        let _ = writeln!(out, "  {line}");
    }
    let first_doc = |doc: &[String]| doc.first().cloned().unwrap_or_default();
    let table = |out: &mut String, title: &str, rows: Vec<[String; 3]>| {
        if rows.is_empty() {
            return;
        }
        let _ = writeln!(out, "\n{title}");
        let w0 = rows.iter().map(|r| r[0].chars().count()).max().unwrap_or(0);
        let w1 = rows.iter().map(|r| r[1].chars().count()).max().unwrap_or(0);
        for [a, b, c] in rows {
            let line = format!("  {a:w0$}  {b:w1$}  {c}");
            let _ = writeln!(out, "{}", line.trim_end());
        }
    };
    table(
        &mut out,
        "parameters (default)",
        m.params
            .iter()
            .map(|p| {
                [
                    p.name.clone(),
                    with_unit(p.default, &p.unit.text),
                    first_doc(&p.doc),
                ]
            })
            .collect(),
    );
    table(
        &mut out,
        "inputs (value when not driven)",
        m.inputs
            .iter()
            .map(|i| {
                [
                    i.name.clone(),
                    with_unit(i.default, &i.unit.text),
                    first_doc(&i.doc),
                ]
            })
            .collect(),
    );
    table(
        &mut out,
        "state (initial value)",
        m.states
            .iter()
            .map(|s| {
                [
                    format!("{} [{}]", s.name, s.unit.text),
                    format!("= {}", text(&s.init)),
                    first_doc(&s.doc),
                ]
            })
            .collect(),
    );
    table(
        &mut out,
        "outputs",
        m.outputs
            .iter()
            .map(|o| {
                [
                    format!("{} [{}]", o.name, o.unit.text),
                    format!("= {}", text(&o.expr)),
                    first_doc(&o.doc),
                ]
            })
            .collect(),
    );
    let heading = if m.is_discrete() {
        "update (each state's value at the next step, from the values before it)"
    } else {
        "equations (time in ms)"
    };
    let _ = writeln!(out, "\n{heading}");
    for (line, eq) in m.equation_texts().iter().zip(&m.equations) {
        let _ = writeln!(out, "  {line}");
        if let Some(g) = &eq.noise {
            let _ = writeln!(out, "      + ({}) * xi", text(g));
        }
    }
    if !m.events.is_empty() {
        let _ = writeln!(out, "\nevents");
        for ev in &m.events {
            let mut actions: Vec<String> = Vec::new();
            if ev.emits_spike {
                actions.push("emit spike".into());
            }
            for (k, v) in &ev.assignments {
                actions.push(format!("{} = {}", m.states[*k].name, text(v)));
            }
            let _ = writeln!(
                out,
                "  on {} {{ {} }}",
                text(&ev.condition),
                actions.join("; ")
            );
        }
    }
    match &m.refractory {
        Refractory::None => {}
        Refractory::Period(p) => {
            let _ = writeln!(out, "\nrefractory for {} ms after each spike", text(p));
        }
        Refractory::While(c) => {
            let _ = writeln!(out, "\nrefractory while {}", text(c));
        }
    }
    let others = |names: Vec<&str>| {
        if names.len() > 1 {
            format!(" (selectable: {})", names.join(", "))
        } else {
            String::new()
        }
    };
    let _ = writeln!(
        out,
        "\nmethod: {}{}\n  {}",
        m.method.name(),
        others(m.methods.iter().map(|x| x.name()).collect()),
        m.method_reason
    );
    if !m.events.is_empty() {
        let _ = writeln!(
            out,
            "schedule: {}{}",
            m.schedule.name(),
            others(m.schedules.iter().map(|x| x.name()).collect())
        );
    }
    if !m.presets.is_empty() {
        let _ = writeln!(out, "\npresets");
        for p in &m.presets {
            let values: Vec<String> = p
                .values
                .iter()
                .map(|(k, v)| {
                    format!(
                        "{} = {}",
                        m.params[*k].name,
                        with_unit(*v, &m.params[*k].unit.text)
                    )
                })
                .collect();
            let _ = writeln!(out, "  {}: {}", p.name, values.join(", "));
        }
    }
    out
}

/// Where a peer integrates a library model by another method than the default, and how to
/// choose that method.
pub fn peer_method(p: &cajal_models::catalog::PeerMethod) -> String {
    format!(
        "\n{} integrates this model with `{}` (Cajal's `{}`): pass `--method {}` to reproduce it\n",
        p.peer, p.peer_method, p.method, p.peer_method
    )
}

/// A library network: its documentation, time step and parameters with units and defaults.
pub fn show_network(net: &catalog::NetworkEntry) -> String {
    let mut out = format!("{} (network, dt = {} ms)\n", net.name, net.dt_ms);
    doc_block(&mut out, net.doc);
    param_table(&mut out, net.params);
    if !net.presets.is_empty() {
        let _ = writeln!(out, "\npresets (--preset NAME): {}", net.presets.join(", "));
    }
    let _ = writeln!(
        out,
        "\nchange a parameter with `cajal simulate {} --set NAME=VALUE`",
        net.name
    );
    out
}

/// The parameter table of a library item.
fn param_table(out: &mut String, params: &[cajal_runtime::ParamInfo]) {
    let rows: Vec<(&str, String, &str)> = params
        .iter()
        .map(|p| (p.name, with_unit(p.default, p.unit), p.doc))
        .collect();
    table(out, "parameters (default)", &rows);
}

/// A titled table of (name, value, documentation) rows; only the first line of the
/// documentation is shown.
fn table(out: &mut String, title: &str, rows: &[(&str, String, &str)]) {
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{title}");
    let w0 = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
    let w1 = rows.iter().map(|r| r.1.chars().count()).max().unwrap_or(0);
    for (name, value, doc) in rows {
        let doc = doc.lines().next().unwrap_or("");
        let line = format!("  {name:w0$}  {value:w1$}  {doc}");
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

/// How a network uses a model or synapse: its name with preset and settings.
fn model_use(m: &ir::ModelUse, name: &dyn Fn(Var) -> String) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some((p, _)) = &m.preset {
        parts.push(format!("preset {p}"));
    }
    for s in &m.settings {
        let value = expr_to_string(&s.value.expr, name);
        let value = if value.contains(' ') {
            format!("({value})")
        } else {
            value
        };
        parts.push(format!("{} = {value} {}", s.name, s.value.unit_text));
    }
    let ty = m.path.last().map_or("", String::as_str);
    if parts.is_empty() {
        ty.to_string()
    } else {
        format!("{ty} {{ {} }}", parts.join(", "))
    }
}

/// The first line of an item's documentation.
fn first_line(doc: &[String]) -> &str {
    doc.first().map_or("", String::as_str)
}

/// A network of a file: parameters, presets, populations and projections.
pub fn show_file_network(net: &ir::Network) -> String {
    let precision = if net.single_precision {
        ", weight products in f32"
    } else {
        ""
    };
    let mut out = format!("{} (network, dt = {} ms{precision})\n", net.name, net.dt_ms);
    doc_block(&mut out, &net.doc.join("\n"));
    let name = |v: Var| match v {
        Var::Param(k) => net.params[k].name.clone(),
        Var::Index => "i".into(),
        Var::Time => "t".into(),
        Var::Pre => "pre".into(),
        Var::Post => "post".into(),
        Var::Random {
            normal: true,
            stream,
        } => format!("randn({stream})"),
        Var::Random {
            normal: false,
            stream,
        } => format!("rand({stream})"),
        Var::Column(k) => {
            let c = &net.columns[k];
            format!("column(\"{}\", {})", c.path, c.column)
        }
        other => format!("{other:?}"),
    };
    let params: Vec<(&str, String, &str)> = net
        .params
        .iter()
        .map(|p| {
            (
                p.name.as_str(),
                with_unit(p.default, &p.unit.text),
                first_line(&p.doc),
            )
        })
        .collect();
    table(&mut out, "parameters (default)", &params);
    let pops: Vec<(&str, String, &str)> = net
        .populations
        .iter()
        .map(|p| {
            let size = expr_to_string(&p.size, &name);
            (
                p.name.as_str(),
                format!("{} [{size}]", model_use(&p.model, &name)),
                first_line(&p.doc),
            )
        })
        .collect();
    table(&mut out, "populations", &pops);
    let source_name = |pre: ir::Pre| match pre {
        ir::Pre::Population(k) => net.populations[k].name.as_str(),
        ir::Pre::Source(k) => net.sources[k].name.as_str(),
    };
    let projections: Vec<(&str, String, &str)> = net
        .projections
        .iter()
        .map(|p| {
            let route = format!(
                "{} -> {}: {}",
                source_name(p.pre),
                net.populations[p.post].name,
                model_use(&p.synapse, &name)
            );
            (p.name.as_str(), route, first_line(&p.doc))
        })
        .collect();
    table(&mut out, "projections", &projections);
    if !net.presets.is_empty() {
        let names: Vec<&str> = net.presets.iter().map(|p| p.name.as_str()).collect();
        let _ = writeln!(out, "\npresets (--preset NAME): {}", names.join(", "));
    }
    out
}

/// The documentation lines of an item, indented.
fn doc_block(out: &mut String, doc: &str) {
    for line in doc.lines() {
        let _ = writeln!(out, "  {line}");
    }
}

/// A library coupling: documentation, parameters, edge and node terms.
pub fn show_coupling(c: &cajal_runtime::CouplingInfo) -> String {
    let mut out = format!("{} (coupling)\n", c.name);
    doc_block(&mut out, c.doc);
    param_table(&mut out, c.params);
    let _ = writeln!(out, "\nedge term: {}", c.edge);
    let _ = writeln!(out, "node term: {}", c.node);
    if c.linear {
        let _ = writeln!(
            out,
            "the edge term is linear: a matrix–vector product per step"
        );
    }
    if let Some(rule) = &c.rule {
        let _ = writeln!(
            out,
            "\nplastic (forward Euler every step, for rate projections of a network):"
        );
        let _ = writeln!(out, "  d{}/dt = {}  (1/ms)", rule.weight, rule.weight_rate);
        for (state, rate) in rule.states.iter().zip(rule.state_rates) {
            let _ = writeln!(
                out,
                "  d{}/dt = {}  ({}/ms, one per target)",
                state.name, rate, state.unit
            );
        }
    }
    out
}

/// A library synapse: documentation, parameters, weight, summed state and its equations,
/// what it reads from and injects into its target.
pub fn show_synapse(s: &cajal_runtime::SynapseInfo) -> String {
    let mut out = format!("{} (synapse)\n", s.name);
    doc_block(&mut out, s.doc);
    param_table(&mut out, s.params);
    let default = s
        .weight_default
        .map(|w| format!(", default {}", with_unit(w, s.weight.unit)))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "\nweight: {} [{}]{default}",
        s.weight.name, s.weight.unit
    );
    let vars = |out: &mut String, title: &str, vars: &[cajal_runtime::VarInfo]| {
        if !vars.is_empty() {
            let list: Vec<String> = vars
                .iter()
                .map(|v| format!("{} [{}]", v.name, v.unit))
                .collect();
            let _ = writeln!(out, "{title}: {}", list.join(", "));
        }
    };
    vars(&mut out, "summed state (one per target neuron)", s.states);
    vars(&mut out, "reads from the target", s.post);
    vars(&mut out, "injects into the target", s.injects);
    vars(&mut out, "reads network signals", s.signals);
    vars(&mut out, "per-synapse traces", s.traces);
    vars(
        &mut out,
        "per-synapse continuous variables (forward Euler every step)",
        s.continuous,
    );
    if s.weight_equation {
        let _ = writeln!(out, "the weight `{}` has an equation", s.weight.name);
    }
    if !s.equations.is_empty() {
        let _ = writeln!(out, "\nequations (time in ms)");
        for e in s.equations {
            let _ = writeln!(out, "  {e}");
        }
    }
    let _ = writeln!(out, "\nmethod: {}; schedule: {}", s.method, s.schedule);
    out
}
