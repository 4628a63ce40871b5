"""Recordings: arrays that own the recording's memory (no copy), their shapes and dtypes,
and the spikes as index, step and time."""

import numpy as np
import pytest

import cajal


def recording(n=3, every=2):
    cells = cajal.Model("Izhikevich", n=n)
    cells.set_state("v", np.linspace(-70.0, -60.0, n))
    sim = cajal.Simulation(cells, dt=0.1)
    sim.drive("I", np.array([0.0, 200.0, 400.0])[:n])
    sim.record(["v", "u"], every=every)
    return sim.run("100 ms")


def test_arrays_have_the_documented_shapes_and_dtypes():
    rec = recording()
    assert rec.names == ["v", "u"]
    assert rec.units == {"v": "mV", "u": "pA"}
    assert rec.v.shape == (3, 501) and rec.v.dtype == np.float64
    assert rec.t.shape == (501,) and rec.t[1] == 0.2 and rec.t[-1] == 100.0
    assert rec.steps.dtype == np.int64 and rec.steps[-1] == 1000
    assert rec.v[0, 0] == -70.0 and rec.v[2, 0] == -60.0
    for a in (rec.spike_index, rec.spike_step):
        assert a.dtype == np.int64
    assert rec.spike_time.dtype == np.float64
    assert np.array_equal(rec.spike_time, np.round(rec.spike_step * 0.1, 10))
    assert 0 not in set(rec.spike_index), "the undriven cell stays silent"
    assert np.all(np.diff(rec.spike_step) >= 0)


def test_the_arrays_are_the_recordings_memory_not_copies():
    rec = recording()
    v = rec.v
    assert v is rec.v and v is rec["v"], "every access gives the same array"
    assert not v.flags.owndata and v.base is not None, "numpy does not own a copy"
    assert v.flags.c_contiguous
    assert np.shares_memory(v[1], rec["v"])
    assert v.__array_interface__["data"][0] == rec.v.__array_interface__["data"][0]


def test_unknown_variables_name_what_was_recorded():
    rec = recording()
    with pytest.raises(KeyError, match="recorded: v, u"):
        rec["w"]
    with pytest.raises(AttributeError, match="recorded: v, u"):
        rec.w
    assert "v" in rec and rec.keys() == ["v", "u"]


def test_to_pandas_gives_the_long_table_when_pandas_is_installed():
    pd = pytest.importorskip("pandas")
    rec = recording(n=2)
    df = rec.to_pandas()
    assert isinstance(df, pd.DataFrame)
    assert len(df) == 2 * 2 * 501
    v1 = df[(df.variable == "v") & (df.instance == 1)]
    assert np.array_equal(v1.value.to_numpy(), rec.v[1])
