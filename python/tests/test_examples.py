"""The examples in python/examples run and write their figures."""

import importlib.util
import pathlib

import numpy as np
import pytest

import cajal

EXAMPLES = pathlib.Path(__file__).resolve().parents[1] / "examples"


def load(name):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    "name, args",
    [("seed_cells", ()), ("seed_circuit", ()), ("seed_ring", ()), ("whole_brain_fc", (3.0,))],
)
def test_an_example_writes_its_figure(name, args, tmp_path, capsys):
    pytest.importorskip("matplotlib")
    path = tmp_path / f"{name}.png"
    load(name).main(str(path), *args)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert path.stat().st_size > 20_000
    out = capsys.readouterr().out
    assert ("spikes" in out or "FC fit" in out) and "figure written" in out


def test_the_circuit_wired_from_python_is_the_library_circuit():
    built = load("seed_circuit").build_circuit()
    library = cajal.Network("SeedCircuit")
    library.record("E.v")
    library.record("I.v")
    for net in (built, library):
        net.run(500.0)
    a, b = built.recording(), library.recording()
    assert a.spike_step.size > 10, "the circuit fires"
    assert np.array_equal(a.spike_index, b.spike_index)
    assert np.array_equal(a.spike_step, b.spike_step)
    assert np.array_equal(a["E.v"], b["E.v"]) and np.array_equal(a["I.v"], b["I.v"])
