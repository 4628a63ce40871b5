"""Cajal against The Virtual Brain on TVB's Montbrió–Pazó–Roxin benchmark, in the same run:
100 MPR nodes (TVB's model and defaults) coupled linearly through r (a = 0.01) over a dense
random weight matrix with delays from random tract lengths (10–150 mm, symmetric) at 10 m/s,
stochastic Heun with additive noise (nsig = 0.01), dt = 0.005 ms, r and V of every node
recorded every step, float64, one thread; TVB through its numba backend for this model
(`NbMPRBackend`), Cajal through `cajal_timings mpr` (the same node written in the DSL, a
`MassNetwork` with delays); the two alternating, each repeated, medians and ratios tabulated.
TVB's documentation quotes about 7 s per simulated second for its numba MPR backend.

Optional: not needed to build, run or test Cajal. Uses the environment of whole_brain.py
(benches/compare/.venv-whole-brain, requirements-whole-brain.txt, tvb-library among them).

Run from the repository root:
    python3 benches/compare/tvb_mpr.py [--steps 20000] [--repeats 3] [--out results.md]

The two draw different noise, so the mean r over the nodes at the end is printed as a check
that both run the same dynamics (it should agree to about 0.01), not as a result.
"""

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

from peers import HERE, cajal_binary, faster, publish, python_of_venv, versions
from whole_brain import CACHE, measure

DT_MS = 0.005


def network(python: Path, n: int) -> tuple[Path, Path]:
    """The weights and tract lengths (mm) of the n-node network as NPY (written once, from
    a seeded generator)."""
    CACHE.mkdir(exist_ok=True)
    w, lengths = CACHE / f"mpr_weights_{n}.npy", CACHE / f"mpr_lengths_{n}.npy"
    if not (w.exists() and lengths.exists()):
        script = (
            "import numpy as np, sys\n"
            "n = int(sys.argv[1])\n"
            "rng = np.random.default_rng(n)\n"
            "w = rng.uniform(size=(n, n))\n"
            "np.fill_diagonal(w, 0.0)\n"
            "lengths = rng.uniform(10.0, 150.0, size=(n, n))\n"
            "lengths = (lengths + lengths.T) / 2\n"
            "np.fill_diagonal(lengths, 0.0)\n"
            "np.save(sys.argv[2], w)\n"
            "np.save(sys.argv[3], lengths)\n"
        )
        subprocess.run([str(python), "-c", script, str(n), str(w), str(lengths)], check=True)
    return w, lengths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=100)
    parser.add_argument("--steps", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out")
    args = parser.parse_args()
    python = python_of_venv(HERE / ".venv-whole-brain", HERE / "requirements-whole-brain.txt")
    cajal = cajal_binary()
    w, lengths = network(python, args.nodes)
    tools = {
        "Cajal": [str(cajal), "mpr"],
        "TVB (numba)": [str(python), str(HERE / "tvb_mpr_peer.py")],
    }
    results: dict[str, list[dict]] = {}
    for r in range(args.repeats):
        for name, program in tools.items():
            m = measure([*program, str(w), str(lengths), str(args.steps)], "one")
            results.setdefault(name, []).append(m)
            print(
                f"  repeat {r + 1}, {name}: {m['run_s']:.3f} s, "
                f"mean r at the end {m['mean_r_end']:.4f}",
                file=sys.stderr,
            )
    simulated_s = args.steps * DT_MS / 1000.0
    cajal_run = statistics.median(m["run_s"] for m in results["Cajal"])
    peers_versions = versions(python, ('tvb-library', 'numba', 'numpy'))
    lines = [
        f"TVB's MPR benchmark: {args.nodes} nodes with delays, stochastic Heun, "
        f"{args.steps} steps of {DT_MS} ms, r and V recorded every step, float64, one "
        f"thread; medians of {args.repeats} alternating repeats; {peers_versions}.",
        "",
        "| tool | first run (s) | run (s) | s per simulated s | run ÷ Cajal's | faster |",
        "|---|---|---|---|---|---|",
    ]
    for name, ms in results.items():
        run_s = statistics.median(m["run_s"] for m in ms)
        first_s = statistics.median(m.get("first_s", m.get("build_s", 0.0)) for m in ms)
        lines.append(
            f"| {name} | {first_s:.3f} | {run_s:.3f} | {run_s / simulated_s:.2f} "
            f"| {run_s / cajal_run:.2f} | {faster(name, run_s, cajal_run)} |"
        )
    publish(lines, args.out)


if __name__ == "__main__":
    main()
