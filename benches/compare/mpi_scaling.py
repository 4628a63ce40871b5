#!/usr/bin/env python3
"""Strong and weak scaling of the cortical microcircuit over MPI ranks on this machine.

Builds `cajal` with the `mpi` feature, then runs `mpirun -n R cajal simulate microcircuit
--set scale=S --duration T` for the (ranks, scale) pairs below, each pair `--repeats` times
with the cases alternating, and prints a Markdown table of the median build and run times and
of how rank 0 spent its run (update, delivery, exchange; bytes sent per exchange) as the
command line reports it under `mpirun`.

    python3 benches/compare/mpi_scaling.py [--duration 1s] [--strong 0.2] [--weak 0.1]

Needs Open MPI (`mpirun`) and libclang to build rsmpi (Debian: libopenmpi-dev openmpi-bin
libclang-dev).
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CAJAL = ROOT / "target" / "release" / "cajal"
HEAD = re.compile(r"(\d+) rank\(s\): built in ([\d.]+) s, ran in ([\d.]+) s")
RANK0 = re.compile(
    r"rank 0: update ([\d.]+) s, delivery ([\d.]+) s, exchange ([\d.]+) s; "
    r"(\d+) exchanges, (\d+) bytes sent per exchange"
)


def build() -> None:
    subprocess.run(
        ["cargo", "build", "--release", "--locked", "-p", "cajal-cli", "--features", "mpi"],
        cwd=ROOT,
        check=True,
    )


def run(ranks: int, scale: float, duration: str) -> dict:
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    command = [
        "mpirun", "-n", str(ranks), "--oversubscribe", "--bind-to", "none", str(CAJAL),
        "simulate", "microcircuit", "--set", f"scale={scale}", "--duration", duration,
    ]
    out = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    head = HEAD.search(out)
    if head is None:
        sys.exit(f"no timing line in the output of {' '.join(command)}:\n{out}")
    result = {"build": float(head[2]), "run": float(head[3])}
    rank0 = RANK0.search(out)
    if rank0:
        result.update(
            update=float(rank0[1]),
            delivery=float(rank0[2]),
            exchange=float(rank0[3]),
            exchanges=int(rank0[4]),
            bytes=int(rank0[5]),
        )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", default="1s")
    parser.add_argument("--strong", type=float, default=0.2, help="scale run on 1 and 2 ranks")
    parser.add_argument(
        "--weak",
        type=float,
        default=0.1,
        help="scale on 1 rank; 2 ranks run √2 times it (neurons and in-degrees scale together, so"
        " the synapses per rank stay the same)",
    )
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    build()
    cases = [
        ("strong", 1, args.strong),
        ("strong", 2, args.strong),
        ("weak", 1, args.weak),
        ("weak", 2, args.weak * 2**0.5),
    ]
    results = {case: [] for case in cases}
    for _ in range(args.repeats):
        for case in cases:
            results[case].append(run(case[1], case[2], args.duration))
    print("| scaling | ranks | scale | build (s) | run (s) | rank 0: update / delivery / exchange (s) | exchanges | bytes sent per exchange |")
    print("|---|---|---|---|---|---|---|---|")
    for (kind, ranks, scale), runs in results.items():
        med = lambda key: statistics.median(r[key] for r in runs)  # noqa: E731
        split = (
            f"{med('update'):.1f} / {med('delivery'):.1f} / {med('exchange'):.1f}"
            if "update" in runs[0]
            else "—"
        )
        exchanges = runs[0].get("exchanges", "—")
        sent = f"{med('bytes'):.0f}" if "bytes" in runs[0] else "—"
        print(
            f"| {kind} | {ranks} | {scale:g} | {med('build'):.1f} | {med('run'):.1f} | {split} | {exchanges} | {sent} |"
        )


if __name__ == "__main__":
    main()
