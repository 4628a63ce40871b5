//! Generates random well-typed Cajal models from a fixed seed, checks them, and compiles
//! them with `cajal_codegen::Config` into `$OUT_DIR/random_models.rs`, together with their
//! texts, so the tests can run each one compiled and interpreted.
//!
//! Each model has 1–3 states with units drawn from mV, pA, nS and dimensionless, a scale
//! parameter per state (same unit), dimensionless weights, a time constant and an input;
//! each equation is dx/dt = (−x + s·F)/τ (+ noise), where F is a bounded function of a random
//! dimensionless expression tree (ratios x/s, weights, time, delayed states, arithmetic,
//! elementary functions, min/max, conditionals). About half the models have a reset event,
//! some a refractory period; methods and schedules vary.

use std::fmt::Write as _;

use proptest::prelude::Rng;
use proptest::test_runner::{RngAlgorithm, TestRng};

const MODELS: usize = 30;
const UNITS: &[&str] = &["mV", "pA", "nS", "1"];

struct Gen {
    rng: TestRng,
}

impl Gen {
    fn below(&mut self, n: usize) -> usize {
        (self.rng.next_u64() % n as u64) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        self.uniform(0.0, 1.0) < p
    }
    fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        let u = (self.rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        lo + (hi - lo) * u
    }
    /// A number with three decimals, as a model would write it.
    fn number(&mut self, lo: f64, hi: f64) -> String {
        format!("{:.3}", self.uniform(lo, hi))
    }
}

/// What a model's expressions may read.
struct Scope {
    states: usize,
    weights: usize,
    delayed: bool,
    /// Only differentiable functions (for `exp_euler_diag`, which needs ∂f/∂x).
    smooth: bool,
}

/// A random dimensionless expression of at most `depth` levels.
fn dimensionless(g: &mut Gen, s: &Scope, depth: usize) -> String {
    if depth == 0 || g.chance(0.2) {
        return match g.below(6) {
            0 | 1 => {
                let j = g.below(s.states);
                format!("x{j}/s{j}")
            }
            2 => format!("w{}", g.below(s.weights)),
            3 => format!("(t/tau - {})", g.number(0.0, 5.0)),
            4 => "I/s0".to_string(),
            _ => g.number(-2.0, 2.0),
        };
    }
    let d = || depth - 1;
    match g.below(20) {
        0 => format!(
            "({} + {})",
            dimensionless(g, s, d()),
            dimensionless(g, s, d())
        ),
        1 => format!(
            "({} - {})",
            dimensionless(g, s, d()),
            dimensionless(g, s, d())
        ),
        2 | 3 => format!("{}*{}", dimensionless(g, s, d()), dimensionless(g, s, d())),
        4 => format!(
            "{}/(1 + ({})^2)",
            dimensionless(g, s, d()),
            dimensionless(g, s, d())
        ),
        5 => format!("tanh({})", dimensionless(g, s, d())),
        6 => format!("sin({})", dimensionless(g, s, d())),
        7 => format!("exp(-({})^2)", dimensionless(g, s, d())),
        8 | 12 if s.smooth => format!("tanh({})", dimensionless(g, s, d())),
        8 => format!(
            "{}({}, {})",
            if g.chance(0.5) { "min" } else { "max" },
            dimensionless(g, s, d()),
            dimensionless(g, s, d())
        ),
        9 => format!(
            "if {} {} {} {{ {} }} else {{ {} }}",
            dimensionless(g, s, d()),
            [">", "<", ">=", "<="][g.below(4)],
            dimensionless(g, s, d()),
            dimensionless(g, s, d()),
            dimensionless(g, s, d())
        ),
        10 => format!("sqrt(1 + ({})^2)", dimensionless(g, s, d())),
        11 => format!("sigmoid({})", dimensionless(g, s, d())),
        12 => format!("abs({})", dimensionless(g, s, d())),
        14 => format!("atan({})", dimensionless(g, s, d())),
        15 => format!("sinh({0})/cosh({0})", dimensionless(g, s, d())),
        16 => format!("log10(1 + ({})^2)", dimensionless(g, s, d())),
        17 if !s.smooth => format!(
            "atan2({}, 1 + ({})^2)",
            dimensionless(g, s, d()),
            dimensionless(g, s, d())
        ),
        18 if !s.smooth => format!(
            "{}({})",
            ["floor", "ceil", "sign", "heaviside"][g.below(4)],
            dimensionless(g, s, d())
        ),
        19 if !s.smooth => format!("clip({}, -1, 1)", dimensionless(g, s, d())),
        13 if s.delayed => {
            let j = g.below(s.states);
            format!("delayed(x{j}, lag)/s{j}")
        }
        _ => format!("({})^3", dimensionless(g, s, d())),
    }
}

/// The text of random model `k`.
fn model(g: &mut Gen, k: usize) -> String {
    let states = 1 + g.below(3);
    let weights = 1 + g.below(3);
    let units: Vec<&str> = (0..states).map(|_| UNITS[g.below(UNITS.len())]).collect();
    let unit = |u: &str| {
        if u == "1" {
            String::new()
        } else {
            format!(" {u}")
        }
    };
    let delayed = g.chance(0.25);
    let noisy = g.chance(0.3);
    let events = g.chance(0.5);
    let refractory = events && g.chance(0.5);
    let methods = if noisy {
        "euler_maruyama, rk2"
    } else {
        [
            "euler, rk2, rk4, exp_euler_diag",
            "rk4, euler",
            "exp_euler_diag, rk2",
        ][g.below(3)]
    };
    let scope = Scope {
        states,
        weights,
        delayed,
        smooth: methods.contains("exp_euler_diag"),
    };
    let mut params = format!("tau = {} ms", g.number(2.0, 20.0));
    for (j, u) in units.iter().enumerate() {
        let _ = write!(params, ", s{j} = {}{}", g.number(0.5, 2.0), unit(u));
    }
    for j in 0..weights {
        let _ = write!(params, ", w{j} = {}", g.number(-2.0, 2.0));
    }
    if delayed {
        let _ = write!(params, ", lag = {} ms", g.number(0.5, 3.0));
    }
    if noisy {
        let _ = write!(params, ", sigma = {}", g.number(0.05, 0.5));
    }
    let mut state = String::new();
    for (j, u) in units.iter().enumerate() {
        let _ = write!(
            state,
            "{}x{j} = {}{}",
            if j > 0 { ", " } else { "" },
            g.number(-1.0, 1.0),
            unit(u)
        );
    }
    let mut equations = String::new();
    for j in 0..states {
        let inner = dimensionless(g, &scope, 4);
        let bounded = match g.below(4) {
            0 => format!("tanh({inner})"),
            1 => format!("sin({inner})"),
            2 => format!("sigmoid({inner})"),
            _ => format!("{inner}/(1 + ({inner})^2)"),
        };
        let noise = if noisy && g.chance(0.7) {
            format!(" + s{j}*sigma*sqrt(2/tau)*xi")
        } else {
            String::new()
        };
        let _ = writeln!(
            equations,
            "        dx{j}/dt = (-x{j} + 2*s{j}*{bounded})/tau{noise}"
        );
    }
    let kind = if events { "neuron" } else { "mass" };
    let mut extra = String::new();
    if events {
        let _ = writeln!(
            extra,
            "    on x0 > {}*s0 {{ emit spike; x0 = {}*s0 }}",
            g.number(0.2, 0.9),
            g.number(-1.0, 0.0)
        );
        if refractory {
            let _ = writeln!(extra, "    refractory {} ms", g.number(0.5, 2.0));
        }
        let _ = writeln!(extra, "    schedule brian2, seed");
    }
    let _ = writeln!(extra, "    method {methods}");
    format!(
        "/// Random model {k}.\npub {kind} Random{k} {{\n    parameters {{ {params} }}\n    inputs {{ I: {} }}\n    state {{ {state} }}\n    equations {{\n{equations}    }}\n{extra}}}\n",
        if units[0] == "1" { "1" } else { units[0] }
    )
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR is set"));
    let mut g = Gen {
        rng: TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    };
    let texts: Vec<String> = (0..MODELS).map(|k| model(&mut g, k)).collect();
    let all = texts.concat();
    if let Err(d) = cajal_lang::compile_items(&all) {
        panic!(
            "a random model does not check:\n{}\n{all}",
            d.render("random.cajal", &all)
        );
    }
    let file = out.join("random.cajal");
    std::fs::write(&file, &all).expect("OUT_DIR is writable");
    let code = cajal_codegen::rust_of_file(
        &file,
        &cajal_codegen::Options {
            runtime: "::cajal_runtime".parse().expect("a path"),
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut list =
        String::from("/// Each random model: its text and a constructor of `n` instances.\n");
    list.push_str("pub const MODELS: &[(&str, Build)] = &[\n");
    for (k, text) in texts.iter().enumerate() {
        let _ = writeln!(list, "    ({text:?}, |n| Box::new(Random{k}::new(n))),");
    }
    list.push_str("];\n");
    std::fs::write(out.join("random_models.rs"), format!("{code}\n{list}"))
        .expect("OUT_DIR is writable");
}
