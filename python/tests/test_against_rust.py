"""Python results equal the Rust results bit for bit: the seed notebook's cells (the
`seed_cells` binary), the seed ring network, a COBA run, and a whole-brain network with
noise written as text (the `cajal` command line, same seeds)."""

import numpy as np

import cajal
from conftest import ROOT


def test_the_seed_cells_equal_the_rust_binary(run_rust):
    out = run_rust("seed_cells", "{tmp}/cells.csv")
    table = np.loadtxt(out / "cells.csv", delimiter=",", skiprows=1)
    # As the binary: one population of two instances, RS and FS, every parameter given per
    # instance (from the presets), a 125 pA step from 100 ms.
    presets = [cajal.Model("Izhikevich", preset=p) for p in ("rs", "fs")]
    names = [p["name"] for p in cajal.show("Izhikevich")["parameters"]]
    params = {name: np.concatenate([m.param(name) for m in presets]) for name in names}
    cells = cajal.Model("Izhikevich", n=2, params=params)
    sim = cajal.Simulation(cells, dt=0.1)
    sim.drive("I", steps=[(0.0, 0.0), ("100 ms", "125 pA")])
    sim.record(["v", "u"])
    rec = sim.run("1 s")
    # Columns: t_ms, v of RS and FS, u of RS and FS.
    assert np.array_equal(rec.t, table[:, 0])
    assert np.array_equal(rec.v, table[:, 1:3].T)
    assert np.array_equal(rec.u, table[:, 3:5].T)
    assert set(rec.spike_index) == {0, 1}


def _cli_npz(run_rust, *args):
    out = run_rust("cajal", "simulate", *args, "--out", "{tmp}/out.npz")
    return np.load(out / "out.npz")


def _same_recording(rec, arrays):
    assert np.array_equal(rec.spike_index, arrays["spike_index"])
    assert np.array_equal(rec.spike_step, arrays["spike_step"])
    assert np.array_equal(rec.spike_time, arrays["spike_time_ms"])
    assert np.array_equal(rec.steps, arrays["steps"])
    for name in rec.names:
        assert np.array_equal(rec[name], arrays[name]), name


def test_the_seed_ring_network_equals_the_command_line(run_rust):
    arrays = _cli_npz(run_rust, "CanoColinoRing", "--duration", "1s")
    net = cajal.Network("CanoColinoRing")
    net.run("1 s")
    rec = net.recording()
    assert rec.spike_step.size > 1000
    _same_recording(rec, arrays)


def test_a_coba_run_equals_the_command_line(run_rust):
    arrays = _cli_npz(
        run_rust, "Coba", "--duration", "200ms", "--set", "w_e=7nS", "--seed", "11"
    )
    net = cajal.Network("Coba", params={"w_e": "7 nS"}, seed=11)
    net.run(200.0)
    rec = net.recording()
    assert rec.spike_step.size > 100
    _same_recording(rec, arrays)


def test_a_noisy_whole_brain_text_network_equals_the_command_line(run_rust):
    path = ROOT / "tests" / "models" / "bold" / "wc_bold.cajal"
    arrays = _cli_npz(run_rust, str(path), "--duration", "300ms")
    items = cajal.compile(path.read_text(), name=str(path), directory=path.parent)
    net = cajal.Network(items["WcBold"])
    net.run("300 ms")
    rec = net.recording()
    assert rec.names == ["nodes.rE", "haemo.v", "haemo.q", "haemo.bold"]
    assert rec["nodes.rE"].shape == (3, 3001)
    _same_recording(rec, arrays)
