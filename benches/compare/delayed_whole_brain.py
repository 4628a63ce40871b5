"""Cajal against brainmass with conduction delays, on the same machine in the same run: the
Hopf whole-brain network (a = 0.25, ω = 0.2, diffusive coupling k = 0.2, from x = 0.1, y = 0,
brainmass's exponential Euler) on the shipped HCP connectome (80 regions; weights and tract
lengths of `runtime/data/hcp80`) with delays from the tract lengths at 10 m/s rounded up to
whole steps of 0.1 ms (up to 249 steps), the history before t = 0 at the initial value;
10 000 steps, x of every node recorded every step, float64, one core; the tools alternating,
each repeated, medians and ratios tabulated.

brainmass runs its own `Network(distance=…, speed=…)` in the loop a user writes by hand
(`update` in a `brainstate.transform.for_loop` compiled once with `brainstate.transform.jit`;
`brainmass_whole_brain.py --direct`), not through `Simulator`, which compiles its loop at
every call. Both tools compute the same trajectory: node 0's x at the end is printed for
each and agrees to rounding.

Optional: not needed to build, run or test Cajal. Needs Python >= 3.11 with venv and the Rust
toolchain; the first run creates benches/compare/.venv-whole-brain with the pinned peers of
requirements-whole-brain.txt.

Run from the repository root:
    python3 benches/compare/delayed_whole_brain.py [--repeats 3] [--steps 10000] [--out results.md]
"""

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

from peers import HERE, ROOT, cajal_binary, publish, python_of_venv, versions
from whole_brain import CACHE, measure, timing_cells


def connectome(python: Path) -> tuple[Path, Path]:
    """The shipped hcp80 weights and tract lengths (mm) as NPY files (written once)."""
    CACHE.mkdir(exist_ok=True)
    data = ROOT / "runtime" / "data" / "hcp80"
    paths = (CACHE / "hcp80_weights.npy", CACHE / "hcp80_lengths_mm.npy")
    for csv, npy in zip(("weights.csv", "tract_lengths_mm.csv"), paths):
        if not npy.exists():
            script = (
                "import numpy as np, sys\n"
                "np.save(sys.argv[2], np.loadtxt(sys.argv[1], delimiter=','))\n"
            )
            subprocess.run([str(python), "-c", script, str(data / csv), str(npy)], check=True)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--steps", type=int, default=10_000)
    parser.add_argument("--out")
    args = parser.parse_args()
    python = python_of_venv(HERE / ".venv-whole-brain", HERE / "requirements-whole-brain.txt")
    cajal = cajal_binary()
    weights, lengths = connectome(python)
    steps = str(args.steps)
    tools = {
        "Cajal": [str(cajal), "hopf", str(weights), steps, str(lengths)],
        "brainmass": [
            str(python), str(HERE / "brainmass_whole_brain.py"), "hopf", str(weights), steps,
            "--lengths", str(lengths), "--direct",
        ],
    }
    results: dict[str, list[dict]] = {}
    for r in range(args.repeats):
        for name, command in tools.items():
            m = measure(command, "one")
            results.setdefault(name, []).append(m)
            print(
                f"  repeat {r + 1}, {name}: {m['run_s']:.3f} s, node 0 at the end "
                f"{m['x0_end']:.15f}",
                file=sys.stderr,
            )
    lines = [
        f"Hopf on hcp80 with conduction delays (10 m/s, dt = 0.1 ms), {args.steps} steps, x "
        f"recorded every step, float64, one core; medians of {args.repeats} alternating "
        f"repeats; {versions(python, ('brainmass', 'brainstate', 'jax'))}.",
        "",
        "| tool | first run (s) | run (s) | µs per step | run ÷ Cajal's | faster "
        "| node 0's x at the end |",
        "|---|---|---|---|---|---|---|",
    ]
    cajal_run = statistics.median(m["run_s"] for m in results["Cajal"])
    for name, ms in results.items():
        cells = timing_cells(name, ms, cajal_run, args.steps)
        lines.append(f"| {name} | {cells} | {ms[-1]['x0_end']:.15f} |")
    publish(lines, args.out)


if __name__ == "__main__":
    main()
