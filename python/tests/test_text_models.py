"""Models and networks written as text: checked by the compiler (a `ModelError` with the
rendered diagnostic and its position), run by the interpreter, equal to the compiled
library model they restate."""

import numpy as np
import pytest

import cajal

CELL = """
/// Izhikevich (2007) with the library's defaults, restated as text.
neuron Cell {
    parameters {
        C = 100 pF, k = 3 nS/mV, v_r = -60 mV, v_t = -50 mV, v_peak = 50 mV,
        a = 0.01 /ms, b = 5 nS, c = -60 mV, d = 400 pA,
    }
    inputs { I: pA }
    state { v = v_r, u = 0 pA }
    equations {
        dv/dt = (k*(v - v_r)*(v - v_t) - u + I) / C
        du/dt = a*(b*(v - v_r) - u)
    }
    on v >= v_peak { emit spike; v = c; u += d }
    method euler
    schedule seed, brian2
}
"""


def test_a_text_model_runs_and_equals_its_library_twin():
    items = cajal.compile(CELL)
    assert items.keys() == ["Cell"] and "Cell" in items
    cell = items["Cell"]
    assert cell.kind == "neuron" and "restated" in cell.doc
    assert [p["name"] for p in cell.info()["parameters"]][:2] == ["C", "k"]
    runs = []
    for model in (cajal.Model(cell, n=2), cajal.Model("Izhikevich", n=2)):
        sim = cajal.Simulation(model, dt=0.1)
        sim.drive("I", [300.0, 600.0])
        sim.record(["v", "u"])
        runs.append(sim.run(300.0))
    text, library = runs
    assert library.spike_step.size > 5
    assert np.array_equal(text.spike_step, library.spike_step)
    assert np.array_equal(text.v, library.v) and np.array_equal(text.u, library.u)


def test_malformed_text_raises_model_error_with_line_column_and_help():
    broken = CELL.replace("du/dt = a*(b*(v - v_r) - u)", "du/dt = a*(b*(v - v_r) - u)*v")
    with pytest.raises(cajal.ModelError) as info:
        cajal.compile(broken, name="cell.cajal")
    e = info.value
    line = broken.splitlines()[e.line - 1]
    assert "du/dt" in line and e.column > 1
    assert "du/dt" in e.message
    assert "--> cell.cajal:" in str(e) and "^" in str(e)
    assert isinstance(e, ValueError)
    assert e.diagnostics[0]["line"] == e.line and e.diagnostics[0]["end"] > e.diagnostics[0]["start"]

    with pytest.raises(cajal.ModelError) as info:
        cajal.compile("neuron X {\n  state { v = 0 mV }\n  equations { dv/dt = -v/ }\n}\n")
    assert info.value.line == 3


def test_a_text_network_uses_library_models_and_reports_wrong_uses():
    text = """
network Pair {
    parameters { w = 2 pA }
    timestep 0.1 ms
    population cells = Cell[2]
    projection p: cells -> cells = DeltaCurrent with all_to_all(w)
    record cells.v
}
""".replace("DeltaCurrent", "Nope")
    with pytest.raises(cajal.ModelError, match="Nope"):
        cajal.compile(CELL + text)
    items = cajal.compile(CELL + text.replace("Nope", "ExpCurrent"))
    net = cajal.Network(items["Pair"], params={"w": "3 pA"})
    assert net.populations == [("cells", 2)]
    net.run(10.0)
    assert net.recording()["cells.v"].shape == (2, 101)


def test_the_jit_and_the_interpreter_give_the_same_bits():
    text = """
    neuron Cell {
        parameters { C = 100 pF, k = 0.7 nS/mV, v_r = -60 mV, v_t = -40 mV, a = 0.03 /ms,
                     b = -2 nS, c = -50 mV, d = 100 pA, v_peak = 35 mV }
        inputs { I: pA }
        state { v = v_r, u = 0 pA }
        equations {
            dv/dt = (k*(v - v_r)*(v - v_t) - u + I) / C
            du/dt = a*(b*(v - v_r) - u)
        }
        on v >= v_peak { emit spike; v = c; u += d }
        method rk4
    }
    mass Echo {
        parameters { tau = 10 ms }
        state { x = 1 }
        equations { dx/dt = (delayed(x, 5 ms) - x)/tau }
    }
    coupling Pull {
        parameters { K = 2 }
        edge { sin(pre - post) }
        node { K*total }
    }
    """
    runs = {}
    for engine in ("interp", "jit"):
        cajal.set_engine(engine)
        items = cajal.compile(text)
        sim = cajal.Simulation(cajal.Model(items["Cell"], n=3), dt=0.1)
        sim.drive("I", np.array([70.0, 100.0, 150.0]))
        sim.record(["v", "u"])
        runs[engine] = (items, sim.run(300.0))
    cajal.set_engine("jit")
    (trees, a), (native, b) = runs["interp"], runs["jit"]
    assert trees["Cell"].engine == "interpreter"
    assert native["Cell"].engine == "jit"
    assert native["Echo"].engine.startswith("interpreter (`Echo` stays interpreted")
    assert native["Echo"].engine.endswith("delayed states (`delayed(…)`))")
    assert (trees["Pull"].engine, native["Pull"].engine) == ("interpreter", "jit")
    assert a.spike_step.size > 5
    assert np.array_equal(a.v, b.v) and np.array_equal(a.u, b.u)
    assert np.array_equal(a.spike_step, b.spike_step)
    with pytest.raises(ValueError, match='"jit" or "interp", not "fast"'):
        cajal.set_engine("fast")
