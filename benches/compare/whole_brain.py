"""Cajal against brainmass and neurolib on the same machine in the same run: whole-brain
networks through a dense random weight matrix (zero diagonal, rows summing to 1), 1 s at
dt = 0.1 ms, the coupled variable of every node recorded every step, float64 (or single
precision: `--precision f32`), at 90 and 1000 nodes — Hopf normal-form nodes (a = 0.25, ω = 0.2) coupled diffusively (k = 0.2), and
Wilson–Cowan nodes coupled additively from rE (k = 0.5; brainmass's WilsonCowanStep and its
defaults in Cajal and brainmass, neurolib's WCModel with its own); the tools alternating,
each repeated, medians and ratios tabulated.

Optional: not needed to build, run or test Cajal. Needs Python >= 3.11 with venv and the Rust
toolchain. The first run creates benches/compare/.venv-whole-brain with the pinned peers of
requirements-whole-brain.txt (JAX for CPU among them).

Run from the repository root:
    python3 benches/compare/whole_brain.py [--models hopf,wc] [--nodes 90,1000]
        [--repeats 3] [--threads one|all] [--precision f64|f32] [--out results.md]

`--threads one` (the default) runs every tool on one core: XLA's thread pool and numba's
are limited to one thread and each process is pinned to CPU 0 (`taskset`, where present);
`--threads all` leaves them as users run them (XLA spreads the weight product over the
cores) and shares Cajal's weight product out over every core (`MassNetwork::set_threads`).

`--precision f32` runs brainmass in float32 (JAX's default, `brainstate.environ.set(precision=32)`)
and Cajal with its weights and their product in single precision (`MassNetwork::set_precision`;
states stay in float64); neurolib stays in float64 (numba).

Each peer runs its network several times per repeat in one process: the first run includes
tracing and compilation (reported as "first"), a later one is timed. brainmass runs its
`Network` in the loop a user writes by hand (`update` in a `for_loop` compiled once;
`brainmass_whole_brain.py --direct`): `brainmass.Simulator` compiles its loop again at every
call. Cajal builds its network
in well under a millisecond and compiles nothing at run time. The tools integrate
differently (Cajal and brainmass: brainmass's exponential Euler per variable; neurolib: its
Euler scheme), so node 0's coupled variable at the end is printed as a check of the
workload, not as a result. The machine's speed drifts: only ratios from one invocation mean anything.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

import peers
from peers import HERE, cajal_binary, faster, publish, python_of_venv, versions

CACHE = HERE / ".cache"
STEPS = 10_000


def weights(python: Path, n: int) -> Path:
    """The n-node weight matrix as NPY (written once, from a seeded generator)."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"weights_{n}.npy"
    if not path.exists():
        script = (
            "import numpy as np, sys\n"
            "n = int(sys.argv[1])\n"
            "w = np.random.default_rng(n).uniform(size=(n, n))\n"
            "np.fill_diagonal(w, 0.0)\n"
            "np.save(sys.argv[2], w / w.sum(axis=1, keepdims=True))\n"
        )
        subprocess.run([str(python), "-c", script, str(n), str(path)], check=True)
    return path


def environment(threads: str) -> dict:
    """The environment of every measured process."""
    env = dict(os.environ)
    if threads == "one":
        env.update(
            OMP_NUM_THREADS="1",
            NUMBA_NUM_THREADS="1",
            RAYON_NUM_THREADS="1",
            XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1",
        )
    return env


def measure(command: list[str], threads: str) -> dict:
    """Runs one measurement and returns its JSON line (on CPU 0 for one thread)."""
    if threads == "one" and shutil.which("taskset"):
        command = ["taskset", "-c", "0", *command]
    return peers.measure(command, environment(threads))


def timing_cells(name: str, ms: list[dict], cajal_run: float, steps: int) -> str:
    """The cells of `name`'s measurements `ms` of `steps` steps: medians of the first run and
    the run (s), µs per step, the run over Cajal's median run `cajal_run`, and which is
    faster."""
    run_s = statistics.median(m["run_s"] for m in ms)
    first_s = statistics.median(m.get("first_s", m.get("build_s", 0.0)) for m in ms)
    return (
        f"{first_s:.3f} | {run_s:.3f} | {1e6 * run_s / steps:.1f} | {run_s / cajal_run:.2f} "
        f"| {faster(name, run_s, cajal_run)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="hopf,wc")
    parser.add_argument("--nodes", default="90,1000")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", choices=["one", "all"], default="one")
    parser.add_argument("--precision", choices=["f64", "f32"], default="f64")
    parser.add_argument("--out")
    args = parser.parse_args()
    sizes = [int(s) for s in args.nodes.split(",")]
    models = [m for m in args.models.split(",") if m]
    python = python_of_venv(HERE / ".venv-whole-brain", HERE / "requirements-whole-brain.txt")
    cajal = cajal_binary()
    tools = {
        "Cajal": [str(cajal)],
        "brainmass": [str(python), str(HERE / "brainmass_whole_brain.py"), "--direct"],
        "neurolib": [str(python), str(HERE / "neurolib_whole_brain.py")],
    }
    results: dict[tuple[str, str, int], list[dict]] = {}
    for model in models:
        for n in sizes:
            w = weights(python, n)
            for r in range(args.repeats):
                for name, program in tools.items():
                    command = [*program, model, str(w), str(STEPS)]
                    if name == "Cajal" and args.threads == "all":
                        command += ["threads", str(os.cpu_count() or 1)]
                    if args.precision == "f32" and name == "Cajal":
                        command += ["f32"]
                    if args.precision == "f32" and name == "brainmass":
                        command += ["--precision", "32"]
                    m = measure(command, args.threads)
                    results.setdefault((model, name, n), []).append(m)
                    print(
                        f"  {model}, {n} nodes, repeat {r + 1}, {name}: {m['run_s']:.3f} s, "
                        f"node 0 at the end {m['x0_end']:.6f}",
                        file=sys.stderr,
                    )
    peers_versions = versions(python, ('brainmass', 'jax', 'neurolib', 'numba'))
    lines = [
        f"Whole brain, {STEPS} steps of 0.1 ms, the coupled variable recorded every step, "
        f"precision: {args.precision} (neurolib: float64), threads: {args.threads}; medians of {args.repeats} alternating repeats; "
        f"{peers_versions}.",
        "",
        "| model | nodes | tool | first run (s) | run (s) | µs per step | run ÷ Cajal's | faster |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for model in models:
        for n in sizes:
            cajal_run = statistics.median(m["run_s"] for m in results[(model, "Cajal", n)])
            for name in tools:
                cells = timing_cells(name, results[(model, name, n)], cajal_run, STEPS)
                lines.append(f"| {model} | {n} | {name} | {cells} |")
    publish(lines, args.out)


if __name__ == "__main__":
    main()
