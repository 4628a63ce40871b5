"""The library from Python: listing and describing items, models with presets and
parameters given as numbers, strings with units or one value per instance, and the errors
for unknown names, wrong units and badly shaped arrays."""

import numpy as np
import pytest

import cajal


def test_the_library_lists_every_kind_with_its_doc():
    items = cajal.library()
    kinds = {i["kind"] for i in items}
    assert {"neuron", "mass", "synapse", "coupling", "network"} <= kinds
    by_name = {i["name"]: i for i in items}
    assert by_name["Izhikevich"]["kind"] == "neuron"
    assert "Izhikevich" in by_name["Izhikevich"]["doc"]
    assert by_name["Coba"]["kind"] == "network"


def test_show_gives_parameters_with_units_equations_and_methods():
    info = cajal.show("izhikevich")
    params = {p["name"]: p for p in info["parameters"]}
    assert params["C"]["unit"] == "pF" and params["C"]["default"] == 100.0
    assert [s["name"] for s in info["state"]] == ["v", "u"]
    assert any("dv/dt" in e for e in info["equations"])
    assert info["method"] in info["methods"]
    assert info["presets"] == ["rs", "fs"]
    assert cajal.show("Coba")["kind"] == "network"
    assert cajal.show("Additive")["kind"] == "coupling"


def test_parameters_are_numbers_in_the_declared_unit_or_strings_with_units():
    as_number = cajal.Model("Izhikevich", params={"a": 0.02})
    as_string = cajal.Model("Izhikevich", params={"a": "20/s"})
    assert as_number.param("a")[0] == 0.02
    assert as_string.param("a")[0] == pytest.approx(0.02, rel=1e-15)
    each = cajal.Model("Izhikevich", n=3, params={"d": np.array([10.0, 20.0, 30.0])})
    assert list(each.param("d")) == [10.0, 20.0, 30.0]
    assert len(each) == 3
    mixed = cajal.Model("Izhikevich", n=2, params={"d": [400.0, "0.2 nA"]})
    assert list(mixed.param("d")) == [400.0, 200.0]


def test_a_preset_and_derived_defaults_follow_the_values_given():
    fs = cajal.Model("Izhikevich", preset="fs")
    assert fs.param("C")[0] == 20.0
    adex = cajal.Model("AdEx", params={"V_T": "-45 mV"})
    # V_cut = V_T + 5 Δ_T follows V_T (Δ_T = 2 mV by default).
    delta = cajal.Model("AdEx").param("Delta_T")[0]
    assert adex.param("V_cut")[0] == pytest.approx(-45.0 + 5 * delta)
    with pytest.raises(ValueError, match="reads `V_T`, which is given per instance"):
        cajal.Model("AdEx", n=2, params={"V_T": [-50.0, -45.0]})


def test_state_reads_as_arrays_and_is_set_with_units():
    cells = cajal.Model("Izhikevich", n=2)
    assert cells.v.dtype == np.float64 and cells.v.shape == (2,)
    cells.set_state("v", "-0.07 V")
    assert list(cells.v) == [-70.0, -70.0]
    cells.set_state("v", [-65.0, -55.0])
    assert list(cells.state("v")) == [-65.0, -55.0]
    sim = cajal.Simulation(cells, dt=0.1)
    assert list(sim.state("v")) == [-65.0, -55.0], "a simulation starts from the model's state"


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: cajal.Model("Izhikevik"), "no model or network called `Izhikevik`"),
        (lambda: cajal.Model("Coba"), "is a library network"),
        (lambda: cajal.Model("Izhikevich", params={"a": "0.02 mV"}), "expected"),
        (lambda: cajal.Model("Izhikevich", params={"alpha": 1.0}), "alpha"),
        (lambda: cajal.Model("Izhikevich", preset="xx"), "has no preset `xx`; it has rs, fs"),
        (lambda: cajal.Model("Izhikevich", n=2, params={"d": [1.0, 2.0, 3.0]}), "3 values for 2"),
        (
            lambda: cajal.Model("Izhikevich", n=2, params={"d": np.array([1, 2])}),
            "float64",
        ),
        (
            lambda: cajal.Model("Izhikevich", n=4, params={"d": np.ones((2, 2))}),
            "one-dimensional",
        ),
        (lambda: cajal.Model("Izhikevich", params={"d": float("nan")}), "finite"),
        (lambda: cajal.Model("Izhikevich", n=2, params={"d": [1.0, "2 mV"]}), r"d`\[1\]: expected"),
        (lambda: cajal.Model("Izhikevich", method="rk9"), "rk9"),
        (lambda: cajal.Model("Izhikevich", n=0), "at least one instance"),
        (lambda: cajal.Network("Izhikevich"), "is a library model"),
        (lambda: cajal.Network("Coba", params={"w_e": "7 mV"}), "expected"),
        (lambda: cajal.show("nothing"), "no model or network called `nothing`"),
    ],
)
def test_bad_input_raises_a_python_exception_that_says_why(make, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        make()


def test_drives_check_their_shapes_and_units():
    sim = cajal.Simulation(cajal.Model("Izhikevich", n=3), dt=0.1)
    with pytest.raises(ValueError, match="columns for 3 instances"):
        sim.drive("I", series=np.zeros((10, 2)))
    with pytest.raises(ValueError, match="expected"):
        sim.drive("I", "1 mV")
    with pytest.raises(ValueError, match="give one of"):
        sim.drive("I", 1.0, steps=[(0, 1.0)])
    with pytest.raises(ValueError, match="input"):
        sim.drive("J", 1.0)
    with pytest.raises(ValueError, match="state variable"):
        sim.record(["w"])


def test_a_time_series_drives_one_row_per_step():
    sim = cajal.Simulation(cajal.Model("Izhikevich", n=2), dt=0.1)
    series = np.zeros((2000, 2))
    series[1000:, 1] = 300.0
    sim.drive("I", series=series)
    sim.record(["v"])
    rec = sim.run(200.0)
    # Only instance 1 is driven, from 100 ms on.
    assert set(rec.spike_index) == {1}
    assert rec.spike_step.min() > 1000
