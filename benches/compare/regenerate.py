"""Regenerates BENCHMARKS.md in one command: runs every criterion suite, the memory
measurements, the command-line sweeps and the comparisons with the peers (Brian2, brainmass,
neurolib, The Virtual Brain) and Cajal from Python, then fills the template
`benches/BENCHMARKS.template.md` with the figures of this run and writes BENCHMARKS.md.

Optional, like everything in benches/compare: needs Python >= 3.11 with venv, a C++
compiler (Brian2's cpp_standalone), the Rust toolchain, and PyPI on the first run (the
peers' pinned environments are created then). `cargo bench` alone needs no Python.

Run from anywhere:
    python3 benches/compare/regenerate.py [--only STEP,...] [--quick] [--out FILE]

Steps, in the order they run: criterion, memory, sweeps, coba, python, whole-brain-one,
whole-brain-all, tvb (about an hour and a half in all on 2 cores). Each step keeps its
results in target/benchmarks/; `--only` runs the named steps again and reuses the others'
results of an earlier run (it fails naming the step to run when there are none). `--quick`
runs every step briefly (criterion's --quick, one repeat, small sizes): for checking the
command, not for publishing (it writes target/benchmarks/BENCHMARKS.quick.md). The file is
written atomically: a failed step leaves the old one as it was.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from peers import HERE, ROOT, release_binaries

RESULTS = ROOT / "target" / "benchmarks"
TEMPLATE = ROOT / "benches" / "BENCHMARKS.template.md"
ROOT_SUITES = [
    "izhikevich",
    "neurons",
    "mass_network",
    "spiking_network",
    "plasticity",
    "neural_field",
    "hopfield",
    "compiler",
]
STEPS = [
    "criterion",
    "memory",
    "sweeps",
    "coba",
    "python",
    "whole-brain-one",
    "whole-brain-all",
    "whole-brain-delayed",
    "tvb",
]


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Runs `command` from the repository root, failing loudly."""
    print("  $", " ".join(str(c) for c in command), file=sys.stderr)
    return subprocess.run([str(c) for c in command], cwd=ROOT, check=True, **kwargs)


def peak_rss_mb(command: list[str]) -> float:
    """Runs `command` (output discarded) under GNU time and returns its peak resident memory
    in MB. (GNU time rather than `os.wait4`: a child forked from this Python process counts
    Python's memory before its exec as its own peak.)"""
    if not Path("/usr/bin/time").exists():
        raise SystemExit("the memory step needs GNU time, /usr/bin/time (Debian: package time)")
    out = subprocess.run(["/usr/bin/time", "-f", "maxrss_kb %M", *map(str, command)], cwd=ROOT,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, command))} failed:\n{out.stderr}")
    kb = re.findall(r"^maxrss_kb (\d+)$", out.stderr, flags=re.M)[-1]
    return int(kb) / 1000.0


def wall_time(command: list[str]) -> float:
    """Runs `command` (output discarded) and returns its wall time in seconds."""
    start = time.perf_counter()
    run(command, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def step_criterion(quick: bool) -> None:
    """Every criterion suite (the facade's and the JIT's), medians gathered by benchmark id."""
    home = RESULTS / "criterion"
    shutil.rmtree(home, ignore_errors=True)
    env = dict(os.environ, CRITERION_HOME=str(home), RAYON_NUM_THREADS="1")
    extra = ["--", "--quick"] if quick else []
    suites = [a for s in ROOT_SUITES for a in ("--bench", s)]
    run(["cargo", "bench", "--quiet", "-p", "cajal", *suites, *extra], env=env)
    run(["cargo", "bench", "--quiet", "-p", "cajal-jit", "--bench", "jit", *extra], env=env)
    medians = {}
    for benchmark in home.rglob("new/benchmark.json"):
        full_id = json.loads(benchmark.read_text())["full_id"]
        estimates = json.loads((benchmark.parent / "estimates.json").read_text())
        medians[full_id] = estimates["median"]["point_estimate"]
    save("criterion", medians)


def step_memory(quick: bool) -> None:
    """Peak resident memory of COBA-like networks from the command line, and the synapse
    tables' bytes per synapse."""
    cajal, timings = release_binaries()
    cases = {
        "5000 neurons": ["N=5000", "p=0"],
        "250000 neurons": ["N=250000", "p=0"],
        "12500 neurons": ["N=12500", "p=0"],
        "12500 neurons, 1M synapses": ["N=12500", "p=0.0064"],
        "COBA 64000": ["N=64000", "p=0.00125"],
    }
    memory = {}
    for label, settings in cases.items():
        sets = [a for s in ["pairwise=0", *settings] for a in ("--set", s)]
        memory[label] = peak_rss_mb([cajal, "simulate", "coba", *sets, "--duration", "10ms"])
    line = run([timings, "coba", "12500"], capture_output=True, text=True).stdout
    memory["bytes per synapse at rest"] = json.loads(line)["bytes_per_synapse"]
    save("memory", memory)


def step_sweeps(quick: bool) -> None:
    """Sweeps of the whole-brain example file from the command line: 8 members on one thread
    and on two, alternating (wall time, medians)."""
    cajal, _ = release_binaries()
    duration = "1s" if quick else "5s"
    common = [cajal, "simulate", "examples/hcp80_wilson_cowan.cajal", "--duration", duration]
    common += ["--record", "haemodynamics.bold", "--every", "1000", "--sweep", "k=0..7:8"]
    times: dict[str, list[float]] = {"1": [], "2": []}
    out = RESULTS / "sweep.json"
    for _ in range(1 if quick else 3):
        for threads in times:
            times[threads].append(wall_time([*common, "--threads", threads, "--analysis-out", out]))
    out.unlink(missing_ok=True)
    save("sweeps", {k: statistics.median(v) for k, v in times.items()} | {"duration": duration})


def step_table(name: str, script: str, quick_args: list[str], args: list[str], python=None):
    """A comparison script's table, written by its `--out`."""
    out = RESULTS / f"{name}.md"
    python = python or sys.executable
    run([python, HERE / script, *args, *quick_args, "--out", out])


def step_coba(quick: bool) -> None:
    """COBA in Cajal (1 and 2 threads) and Brian2 (cpp_standalone and runtime)."""
    quick_args = ["--sizes", "4000", "--repeats", "1", "--modes", "cpp_standalone"]
    step_table("coba", "run.py", quick_args if quick else [], [])


def step_python(quick: bool) -> None:
    """Cajal from Python: the package built and installed (release) into its own
    environment, then the seed ring from Python against Rust and the per-call overheads."""
    env = RESULTS / "venv-python"
    python = env / "bin" / "python"
    if not python.exists():
        run([sys.executable, "-m", "venv", env])
    pip = [python, "-m", "pip", "install", "--quiet"]
    run([*pip, "--force-reinstall", "--no-deps", "./python"])
    run([*pip, "numpy"])
    quick_args = ["--repeats", "3"] if quick else []
    step_table("python", "python.py", quick_args, ["--repeats", "9"], python)


def step_whole_brain(threads: str):
    """Whole brain against brainmass and neurolib, on one core or as users run them."""

    def step(quick: bool) -> None:
        quick_args = ["--nodes", "90", "--repeats", "1"]
        step_table(f"whole-brain-{threads}", "whole_brain.py", quick_args if quick else [],
                   ["--threads", threads])

    return step


def step_whole_brain_delayed(quick: bool) -> None:
    """Hopf on hcp80 with conduction delays against brainmass's hand-written loop."""
    quick_args = ["--steps", "2000", "--repeats", "1"]
    step_table("whole-brain-delayed", "delayed_whole_brain.py", quick_args if quick else [], [])


def step_tvb(quick: bool) -> None:
    """The Virtual Brain's MPR benchmark against Cajal."""
    quick_args = ["--steps", "2000", "--repeats", "1"]
    step_table("tvb", "tvb_mpr.py", quick_args if quick else [], ["--repeats", "5"])


RUNNERS = {
    "criterion": step_criterion,
    "memory": step_memory,
    "sweeps": step_sweeps,
    "coba": step_coba,
    "python": step_python,
    "whole-brain-one": step_whole_brain("one"),
    "whole-brain-all": step_whole_brain("all"),
    "whole-brain-delayed": step_whole_brain_delayed,
    "tvb": step_tvb,
}


def save(name: str, value) -> None:
    """Keeps a step's results as JSON in target/benchmarks."""
    (RESULTS / f"{name}.json").write_text(json.dumps(value, indent=1, ensure_ascii=False))


class MissingResult(LookupError):
    """A figure the template asks for that this run did not measure."""


class Results:
    """What the template reads: the results of every step, loaded on first use."""

    def __init__(self):
        self.cache = {}

    def load(self, name: str, suffix: str):
        path = RESULTS / f"{name}{suffix}"
        if not path.exists():
            raise SystemExit(
                f"no results of step `{name}` ({path}): run "
                f"`python3 benches/compare/regenerate.py --only {name}` or without --only"
            )
        if path not in self.cache:
            text = path.read_text()
            self.cache[path] = json.loads(text) if suffix == ".json" else text
        return self.cache[path]

    def ns(self, full_id: str) -> float:
        """The median of a criterion benchmark, in nanoseconds."""
        medians = self.load("criterion", ".json")
        if full_id not in medians:
            near = [k for k in medians if k.split("/")[0] == full_id.split("/")[0]]
            raise SystemExit(f"no criterion benchmark `{full_id}`; in its group: {near}")
        return medians[full_id]

    def group(self, prefix: str) -> dict[str, float]:
        """Every benchmark whose id starts with `prefix/`, by the rest of its id."""
        medians = self.load("criterion", ".json")
        return {k[len(prefix) + 1 :]: v for k, v in medians.items() if k.startswith(prefix + "/")}

    def rows(self, table: str) -> list[dict[str, str]]:
        """The rows of a comparison's Markdown table, as dictionaries by column."""
        lines = [l for l in self.load(table, ".md").splitlines() if l.startswith("|")]
        header = [c.strip() for c in lines[0].strip("|").split("|")]
        return [dict(zip(header, (c.strip() for c in l.strip("|").split("|")))) for l in lines[2:]]

    def cell(self, table: str, column: str, **match) -> float:
        """The number in `column` of the row of `table` whose columns equal `match`."""
        for row in self.rows(table):
            if all(row.get(k.replace("_", " ")) == str(v) for k, v in match.items()):
                return float(row[column].split()[0])
        raise MissingResult(f"no row {match} in the table of step `{table}`")


def duration(ns: float) -> str:
    """A time with its unit, three or four significant digits."""
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3), ("ns", 1.0)):
        if ns >= scale or unit == "ns":
            value = ns / scale
            return f"{value:.2f} {unit}" if value < 10 else f"{value:.1f} {unit}"
    raise AssertionError


def versus(a_ns: float, b_ns: float, name_a: str, name_b: str) -> str:
    """Which of two measured sides is faster, and by how much."""
    if a_ns <= b_ns:
        return f"{name_a}, {b_ns / a_ns:.2f}×"
    return f"{name_b}, {a_ns / b_ns:.2f}×"


def machine() -> str:
    """This machine: processor, cores, memory and the Rust compiler."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = re.findall(r"model name\s*:\s*(.*)", cpuinfo.read_text())
        cpu = names[0].strip() if names else cpu
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(re.search(r"MemTotal:\s*(\d+)", meminfo.read_text()).group(1))
        memory = f", {kb / 2**20:.0f} GiB"
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True, cwd=ROOT)
    return f"{os.cpu_count()} cores of {cpu}{memory}, {rustc.stdout.split(' (')[0].strip()}"


def targets(r: Results) -> str:
    """The table of the issues' speed targets: measured in this run, met or missed."""
    rows = []

    def add(target: str, measure) -> None:
        """A row: `measure()` gives what was measured and whether it meets the target (None:
        not measured); a figure missing from this run (a --quick run) says so."""
        try:
            measured, met = measure()
        except MissingResult as missing:
            measured, met = f"not in this run ({missing})", None
        verdict = {True: "met", False: "**missed**", None: "not measured here"}[met]
        rows.append(f"| {target} | {measured} | {verdict} |")

    def at_most(ratio: float, bound: float, faster: bool = False):
        return (f"{ratio:.2f}× faster" if faster else f"{ratio:.2f}×"), (
            ratio >= bound if faster else ratio <= bound)

    for n in (4000, 64000):
        add(f"COBA {n}, one thread: ≥ 2.5× faster than Brian2 cpp_standalone's run",
            lambda n=n: at_most(r.cell("coba", "run ÷ Cajal's", N=n,
                                       tool="Brian2 cpp_standalone"), 2.5, faster=True))
    add("COBA 64000 on 2 threads: ≤ 0.6× one thread's time",
        lambda: at_most(r.cell("coba", "run ÷ Cajal's", N=64000, tool="Cajal, 2 threads"), 0.6))
    add("COBA 64000 in single precision: ≤ 0.75× f64", lambda: ("no single precision yet", None))
    for label, bench in (("", "batched"), (" on 2 threads", "batched_2_threads")):
        add(f"Hopf 1000 nodes, a batch of 16{label}: per member ≤ 0.25× a single run",
            lambda bench=bench: at_most(r.ns(f"hopf_1000_nodes_16_members/{bench}") / 16
                                        / r.ns("hopf_1000_nodes_16_members/one_member_alone"),
                                        0.25))
    for model, bench in (("Hopf", "hopf_diffusive_step/1000"),
                         ("Wilson–Cowan", "wilson_cowan_additive_step/1000")):
        add(f"{model} 1000 nodes, one thread: ≤ 1.15× the floor of reading the weights",
            lambda bench=bench: at_most(
                r.ns(bench) / r.ns("bounds/read_dense_weights/1000"), 1.15))
    for model, key in (("Hopf", "hopf"), ("Wilson–Cowan", "wc")):
        add(f"{model} 1000 nodes, both cores: ≥ 1.5× faster than brainmass",
            lambda key=key: at_most(r.cell("whole-brain-all", "run ÷ Cajal's", model=key,
                                           nodes=1000, tool="brainmass"), 1.5, faster=True))
    add("Hopf on hcp80 (80 nodes) with delays: ≥ 3× faster than brainmass's jitted loop",
        lambda: at_most(r.cell("whole-brain-delayed", "run ÷ Cajal's", tool="brainmass"), 3.0,
                        faster=True))
    add("COBA 4000 with pair STDP on E→E and E→I: ≤ 2× static synapses",
        lambda: at_most(r.ns("COBA 4000, 1 s/E→E and E→I pair STDP")
                        / r.ns("COBA 4000, 1 s/static synapses"), 2.0))
    add("COBA 4000 from text through the JIT: ≤ 1.3× generated code",
        lambda: at_most(r.ns("networks_100_steps/Coba/jit")
                        / r.ns("networks_100_steps/Coba/generated"), 1.3))

    def compile_time():
        slowest = max(r.group("jit_compile").values())
        return f"slowest {duration(slowest)}", slowest <= 20e6

    add("Compiling any library model from text: ≤ 20 ms", compile_time)
    return "\n".join(["| target | measured | |", "|---|---|---|", *rows])


def slowest(r: Results, prefix: str, count: int, skip: str = "") -> str:
    """The `count` slowest benchmarks of a group, named with their times."""
    times = {k: v for k, v in r.group(prefix).items() if k != skip}
    top = sorted(times.items(), key=lambda kv: -kv[1])[:count]
    return ", ".join(f"{name} {duration(ns)}" for name, ns in top)


def render(r: Results) -> str:
    """The template with every `{{ expression }}` replaced by its value in this run."""
    names = {
        "t": lambda full_id: duration(r.ns(full_id)),
        "ns": r.ns,
        "ratio": lambda a, b: f"{r.ns(a) / r.ns(b):.2f}",
        "versus": lambda a, b, name_a, name_b: versus(r.ns(a), r.ns(b), name_a, name_b),
        "group": r.group,
        "table": lambda name: r.load(name, ".md").strip(),
        "cell": r.cell,
        "json": lambda name: r.load(name, ".json"),
        "targets": lambda: targets(r),
        "slowest": lambda prefix, count, skip="": slowest(r, prefix, count, skip),
        "duration": duration,
        "median": statistics.median,
        "len": len,
        "min": min,
        "max": max,
        "list": list,
        "machine": machine,
        "today": lambda: datetime.date.today().isoformat(),
    }
    template = TEMPLATE.read_text()
    return re.sub(r"\{\{(.*?)\}\}", lambda m: str(eval(m.group(1), {"__builtins__": {}}, names)),
                  template, flags=re.S)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help=f"comma-separated steps among {', '.join(STEPS)}")
    parser.add_argument("--quick", action="store_true", help="brief runs, to check the command")
    parser.add_argument("--out", help="default: BENCHMARKS.md (--quick: target/benchmarks/)")
    args = parser.parse_args()
    if args.out is None:
        args.out = RESULTS / "BENCHMARKS.quick.md" if args.quick else ROOT / "BENCHMARKS.md"
    steps = STEPS if args.only is None else [s for s in args.only.split(",") if s]
    unknown = [s for s in steps if s not in STEPS]
    if unknown:
        raise SystemExit(f"unknown steps {unknown}; the steps are {', '.join(STEPS)}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    for name in steps:
        print(f"step {name} ...", file=sys.stderr)
        start = time.perf_counter()
        RUNNERS[name](args.quick)
        print(f"step {name}: {time.perf_counter() - start:.0f} s", file=sys.stderr)
    text = render(Results())
    out = Path(args.out)
    partial = out.with_name(out.name + ".partial")
    partial.write_text(text)
    os.replace(partial, out)
    print(f"wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
