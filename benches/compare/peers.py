"""What the peer comparisons share: the pinned virtual environment of a comparison, the
release build of `cajal_timings`, and one measurement (a process printing one line of JSON).
"""

import json
import subprocess
import sys
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def python_of_venv(directory: Path, requirements: Path) -> Path:
    """The interpreter of the environment in `directory`, created with the pinned packages
    of `requirements` if missing."""
    python = directory / "bin" / "python"
    if not python.exists():
        print(f"creating {directory} with {requirements} ...", file=sys.stderr)
        venv.create(directory, with_pip=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "-r", str(requirements)],
            check=True,
        )
    return python


def release_binaries() -> tuple[Path, Path]:
    """Builds the command line `cajal` and `cajal_timings` (release) in one cargo call, so
    that their crates are built once with one set of features, and returns both paths."""
    subprocess.run(
        ["cargo", "build", "--release", "--quiet", "-p", "cajal-cli", "-p", "cajal"]
        + ["--bin", "cajal", "--bin", "cajal_timings"],
        cwd=ROOT,
        check=True,
    )
    release = ROOT / "target" / "release"
    return release / "cajal", release / "cajal_timings"


def cajal_binary() -> Path:
    """Builds (see `release_binaries`) and returns `cajal_timings`."""
    return release_binaries()[1]


def measure(command: list[str], env: dict) -> dict:
    """Runs one measurement in `env` and returns the last line it prints, as JSON."""
    out = subprocess.run(command, capture_output=True, text=True, env=env, cwd=HERE)
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def versions(python: Path, packages: tuple[str, ...]) -> str:
    """The versions of `packages` in the environment of `python`, for a table's caption."""
    script = (
        "import sys, importlib.metadata as m\n"
        f"print(', '.join(f'{{p}} {{m.version(p)}}' for p in {packages!r}),"
        " '; Python', sys.version.split()[0])\n"
    )
    return subprocess.run(
        [str(python), "-c", script], capture_output=True, text=True, check=True
    ).stdout.strip()


def faster(tool: str, run_s: float, cajal_run_s: float, cajal: str = "Cajal") -> str:
    """Which of `tool` and Cajal (named `cajal`) is faster, and by how much (blank on
    Cajal's own row)."""
    if tool == "Cajal":
        return ""
    if run_s >= cajal_run_s:
        return f"{cajal}, {run_s / cajal_run_s:.2f}×"
    return f"{tool}, {cajal_run_s / run_s:.2f}×"


def publish(lines: list[str], out: str | None) -> None:
    """Prints the table `lines` and writes it to `out` if given."""
    table = "\n".join(lines) + "\n"
    print(table)
    if out:
        Path(out).write_text(table)
