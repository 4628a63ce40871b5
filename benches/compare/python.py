"""Cajal from Python against Cajal from Rust, in the same run: the seed ring network
(`CanoColinoRing`, every population's spikes recorded, 1 s) run from Python and by the
`cajal_timings ring` binary, alternating, medians and their ratio; and the per-call
overhead of `Simulation.step()` and `Simulation.run(one step)` from Python.

Optional: needs the `cajal` package installed in the interpreter that runs this script
(`pip install ./python`) and the Rust toolchain. Run from the repository root:

    python benches/compare/python.py [--repeats 7] [--out table.md]
"""

import argparse
import json
import statistics
import subprocess
import time
from pathlib import Path

import cajal
from peers import publish

ROOT = Path(__file__).resolve().parent.parent.parent


def rust_ring(binary):
    out = subprocess.run([str(binary), "ring"], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)["run_s"]


def python_ring():
    net = cajal.Network("CanoColinoRing")
    start = time.perf_counter()
    net.run("1 s")
    return time.perf_counter() - start


def per_call(call, calls=100_000):
    for _ in range(1000):
        call()
    start = time.perf_counter()
    for _ in range(calls):
        call()
    return (time.perf_counter() - start) / calls


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--out", help="also write the table to this file")
    args = parser.parse_args()
    subprocess.run(
        ["cargo", "build", "--release", "-q", "--bin", "cajal_timings"], cwd=ROOT, check=True
    )
    binary = ROOT / "target" / "release" / "cajal_timings"
    rust, python = [], []
    for _ in range(args.repeats):
        rust.append(rust_ring(binary))
        python.append(python_ring())
    sim = cajal.Simulation(cajal.Model("Izhikevich"), dt=0.1)
    step = per_call(sim.step)
    run = per_call(lambda: sim.run(0.1), calls=20_000)
    rust_ms, python_ms = statistics.median(rust) * 1e3, statistics.median(python) * 1e3
    lines = [
        "| measure | value |",
        "|---|---|",
        f"| seed ring 1 s, run from Rust (median of {args.repeats}) | {rust_ms:.2f} ms |",
        f"| seed ring 1 s, run from Python (median of {args.repeats}) | {python_ms:.2f} ms |",
        f"| ratio Python ÷ Rust | {python_ms / rust_ms:.2f} "
        f"({'Rust' if python_ms >= rust_ms else 'Python'} faster, "
        f"{max(python_ms / rust_ms, rust_ms / python_ms):.2f}×) |",
        f"| `Simulation.step()` per call | {step * 1e6:.2f} µs |",
        f"| `Simulation.run(0.1)` per call (one step, a recording returned) | {run * 1e6:.2f} µs |",
    ]
    publish(lines, args.out)


if __name__ == "__main__":
    main()
