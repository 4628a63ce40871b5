"""Cajal against its peers on the same machine in the same run: the COBA benchmark network
(Brette et al. 2007; N neurons, 80 synapses per neuron, 1 s at dt = 0.1 ms, one thread,
float64) in Cajal and in Brian2 (cpp_standalone and runtime), the two sides alternating,
each repeated, medians and ratios tabulated.

Optional: not needed to build, run or test Cajal. Needs Python >= 3.9 with venv, a C++
compiler (for Brian2's cpp_standalone) and the Rust toolchain. The first run creates
benches/compare/.venv with the pinned peers of requirements.txt.

Run from the repository root:
    python3 benches/compare/run.py [--sizes 4000,64000] [--repeats 3]
        [--modes cpp_standalone,runtime] [--out results.md]

Prints a Markdown table (also written to --out): per size and tool, the median build time
(Cajal: building the network; Brian2: code generation, compilation and synapse creation) and
run time (the simulated second), and the ratio of each run time to Cajal's on one thread
(Cajal also runs on 2 threads by default: `--cajal-threads 1,2`; every peer on one). The
machine's speed drifts: only ratios from one invocation mean anything.
"""

import argparse
import os
import statistics
import subprocess
import sys

from peers import HERE, cajal_binary, faster, measure, publish, python_of_venv


def threads(count: int) -> dict:
    """The environment of a measured process: `count` threads (one for every peer)."""
    return dict(os.environ, OMP_NUM_THREADS="1", RAYON_NUM_THREADS=str(count))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="4000,64000")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--modes", default="cpp_standalone,runtime")
    parser.add_argument(
        "--cajal-threads",
        default="1,2",
        help="thread counts of Cajal's rows (above 1: the network split over threads that "
        "live for the run, each a rank holding a share of every population)",
    )
    parser.add_argument("--out")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    modes = [m for m in args.modes.split(",") if m]
    python = python_of_venv(HERE / ".venv", HERE / "requirements.txt")
    cajal = cajal_binary()
    tools = {"Cajal": (lambda n: [str(cajal), "coba", str(n)], 1)}
    for count in (int(t) for t in args.cajal_threads.split(",") if t and int(t) > 1):
        tools[f"Cajal, {count} threads"] = (
            lambda n, count=count: [str(cajal), "coba", str(n), "threads", str(count)],
            count,
        )
    for mode in modes:
        tools[f"Brian2 {mode}"] = (
            lambda n, mode=mode: [str(python), str(HERE / "brian2_coba.py"), mode, str(n)],
            1,
        )
    results: dict[tuple[str, int], list[dict]] = {}
    for n in sizes:
        for r in range(args.repeats):
            for name, (command, count) in tools.items():
                m = measure(command(n), threads(count))
                results.setdefault((name, n), []).append(m)
                print(f"  N = {n}, repeat {r + 1}, {name}: run {m['run_s']:.3f} s", file=sys.stderr)
    versions = subprocess.run(
        [str(python), "-c", "import brian2, sys; print(brian2.__version__, sys.version.split()[0])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    lines = [
        f"COBA, 1 s at dt = 0.1 ms, 80 synapses per neuron, one thread unless a row says "
        f"otherwise; medians of "
        f"{args.repeats} alternating repeats; Brian2 {versions[0]}, Python {versions[1]}.",
        "",
        "| N | tool | build (s) | run (s) | rate (Hz) | synapses | run ÷ Cajal's | faster |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for n in sizes:
        cajal_run = statistics.median(m["run_s"] for m in results[("Cajal", n)])
        for name in tools:
            ms = results[(name, n)]
            run_s = statistics.median(m["run_s"] for m in ms)
            build_s = statistics.median(m["build_s"] for m in ms)
            rate = statistics.median(m["rate_hz"] for m in ms)
            synapses = int(statistics.median(m["synapses"] for m in ms))
            lines.append(
                f"| {n} | {name} | {build_s:.3f} | {run_s:.3f} | {rate:.1f} | {synapses} "
                f"| {run_s / cajal_run:.2f} "
                f"| {faster(name, run_s, cajal_run, 'Cajal on one thread')} |"
            )
    publish(lines, args.out)


if __name__ == "__main__":
    main()
