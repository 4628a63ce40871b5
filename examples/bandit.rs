//! The 10-armed bandit testbed (Sutton & Barto, *Reinforcement Learning*, 2nd ed., §2.3):
//! 2000 random bandit problems (true values q*(a) ~ N(0, 1), rewards ~ N(q*(a), 1)), an
//! ε-greedy agent whose action values are the weights of the library's [`ValueUpdate`]
//! coupling — ΔQ = α (r − Q) for the action taken, α = 0.1 — for ε = 0, 0.01 and 0.1. Each
//! trial is one network step: the action units hold the one-hot choice, the reward unit the
//! reward. Plots the average reward and the fraction of optimal actions against the trial
//! (the book's Fig. 2.2, with a constant step size instead of sample averages).
//!
//! Run: `cargo run --release --example bandit [-- OUTPUT.svg|png]` (default
//! `out/bandit.svg`, and `out/bandit_optimal.svg` beside it for the optimal-action curve).

use std::process::ExitCode;

use cajal::prelude::*;
use cajal::runtime::output::run_example;
use cajal::runtime::plot::{Curve, CurvesFigure};
use cajal::runtime::rng::{mix64, normal, uniform_open};

const ARMS: usize = 10;
const PROBLEMS: u64 = 2000;
const TRIALS: u64 = 1000;
const SEED: u64 = 2018;

/// One ε-greedy agent on bandit problem `problem`: reward and whether the action was
/// optimal, per trial.
fn play(epsilon: f64, problem: u64) -> Result<Vec<(f64, bool)>, Error> {
    let q_star: Vec<f64> = (0..ARMS as u64)
        .map(|a| normal(SEED, 0, problem, a))
        .collect();
    let best = (0..ARMS).fold(0, |b, a| if q_star[a] > q_star[b] { a } else { b });
    let mut net = Network::new(1.0)?;
    let units = RateUnit::with_params(ARMS, RateUnitParams { tau: 0.001 })?;
    let actions = net.add_population("actions", units)?;
    let reward = net.add_population("reward", RateUnit::new(1))?;
    let none = Connections::all_to_all(ARMS, 1, 0.0, true);
    let rule = ValueUpdate { eta: 0.1 };
    net.couple("values", (actions, "nu"), (reward, "nu_inp"), rule, none)?;
    let draw =
        |trial: u64, what: u64| uniform_open(mix64(mix64(SEED ^ problem) ^ (trial << 4 | what)));
    let mut out = Vec::with_capacity(TRIALS as usize);
    for trial in 0..TRIALS {
        let q = net.rate_weights("values")?.weight;
        let a = if draw(trial, 0) < epsilon {
            ((draw(trial, 1) * ARMS as f64) as usize).min(ARMS - 1)
        } else {
            // Greedy, ties broken at random.
            let top = q.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let tied: Vec<usize> = (0..ARMS).filter(|&k| q[k] == top).collect();
            tied[((draw(trial, 2) * tied.len() as f64) as usize).min(tied.len() - 1)]
        };
        let r = q_star[a] + normal(SEED, 1, problem, trial);
        let one_hot = net.population_mut(actions)?.state_mut(0);
        for (k, nu) in one_hot.iter_mut().enumerate() {
            *nu = if k == a { 1.0 } else { 0.0 };
        }
        net.population_mut(reward)?.state_mut(0)[0] = r;
        net.step()?;
        out.push((r, a == best));
    }
    Ok(out)
}

fn run(output: &str) -> Result<(), Error> {
    let mut rewards = Vec::new();
    let mut optimal = Vec::new();
    println!("ε\tmean reward (last 100)\toptimal action (last 100)");
    for epsilon in [0.0, 0.01, 0.1] {
        let mut sum_r = vec![0.0; TRIALS as usize];
        let mut sum_best = vec![0.0; TRIALS as usize];
        for problem in 0..PROBLEMS {
            for (t, (r, best)) in play(epsilon, problem)?.into_iter().enumerate() {
                sum_r[t] += r;
                sum_best[t] += f64::from(u8::from(best));
            }
        }
        let n = PROBLEMS as f64;
        let curve = |sums: &[f64], scale: f64| -> Vec<(f64, f64)> {
            sums.iter()
                .enumerate()
                .map(|(t, s)| ((t + 1) as f64, scale * s / n))
                .collect()
        };
        let tail = |sums: &[f64]| sums[sums.len() - 100..].iter().sum::<f64>() / (100.0 * n);
        println!(
            "{epsilon}\t{:.3}\t{:.1} %",
            tail(&sum_r),
            100.0 * tail(&sum_best)
        );
        let label = format!("ε = {epsilon}");
        rewards.push(Curve {
            label: label.clone(),
            points: curve(&sum_r, 1.0),
            markers: false,
        });
        optimal.push(Curve {
            label,
            points: curve(&sum_best, 100.0),
            markers: false,
        });
    }
    let title = format!("10-armed testbed, {PROBLEMS} problems, α = 0.1");
    CurvesFigure {
        title: title.clone(),
        x_label: "trial".into(),
        y_label: "average reward".into(),
        curves: rewards,
    }
    .save(output)?;
    let second = optimal_path(output);
    CurvesFigure {
        title,
        x_label: "trial".into(),
        y_label: "optimal action (%)".into(),
        curves: optimal,
    }
    .save(&second)?;
    println!("wrote {output} and {second}");
    Ok(())
}

/// `out/bandit.svg` → `out/bandit_optimal.svg`.
fn optimal_path(output: &str) -> String {
    match output.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}_optimal.{ext}"),
        None => format!("{output}_optimal"),
    }
}

fn main() -> ExitCode {
    run_example("out/bandit.svg", run)
}
