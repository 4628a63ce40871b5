"""Shared fixtures: the repository root and the Rust programs whose outputs the Python
results must equal bit for bit (built with cargo if they are not built yet)."""

import os
import pathlib
import shutil
import subprocess

import numpy as np
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _target_dir():
    return pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))


@pytest.fixture(scope="session")
def rust_bin():
    """Path of a Rust binary of the workspace (`seed_cells`, `cajal`), built in the debug
    profile (floating-point results do not depend on the profile)."""
    if shutil.which("cargo") is not None:
        # Brought up to date with the features `cargo test --workspace` builds them with, so
        # that after the tests' own build (as in `.ci/run`) this is a no-op; a build of one
        # package would resolve its features apart and rebuild the library.
        subprocess.run(
            ["cargo", "test", "--workspace", "--locked", "--no-run", "-q"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )

    def find(name):
        path = _target_dir() / "debug" / name
        if not path.exists():
            pytest.fail(f"{path} is not built (run `cargo test --workspace`)")
        return path

    return find


@pytest.fixture
def run_rust(rust_bin, tmp_path):
    """Runs a Rust binary with arguments (`{tmp}` replaced by a scratch directory) and
    returns that directory."""

    def run(name, *args):
        args = [a.replace("{tmp}", str(tmp_path)) for a in args]
        subprocess.run([str(rust_bin(name)), *args], cwd=ROOT, check=True, capture_output=True)
        return tmp_path

    return run


@pytest.fixture
def connectome(tmp_path):
    """Six nodes: random weights (no self-connections) and tract lengths (mm), as arrays
    and as `w.csv` and `l.csv` in the test's scratch directory."""
    rng = np.random.default_rng(5)
    weights = rng.uniform(0, 1, (6, 6))
    np.fill_diagonal(weights, 0)
    lengths = rng.uniform(10, 80, (6, 6))
    np.savetxt(tmp_path / "w.csv", weights, delimiter=",", fmt="%.17g")
    np.savetxt(tmp_path / "l.csv", lengths, delimiter=",", fmt="%.17g")
    return weights, lengths
