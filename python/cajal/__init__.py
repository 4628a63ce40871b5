"""Cajal from Python: the compiled model library, models written as text, and recordings
as NumPy arrays.

    import cajal
    cells = cajal.Model("Izhikevich", n=2, params={"d": [100.0, 50.0]})
    sim = cajal.Simulation(cells, dt="0.1 ms")
    sim.drive("I", steps=[(0, 0), ("100 ms", "125 pA")])
    sim.record(["v", "u"])
    rec = sim.run("1 s")
    rec.v            # (instances, samples) float64, rec.t in ms
    rec.spike_step   # int64, with rec.spike_index and rec.spike_time

`cajal.library()` lists the library, `cajal.show(name)` describes one item,
`cajal.compile(text)` checks models, synapses, couplings and networks written as text
(raising `cajal.ModelError` with the compiler's diagnostics), `cajal.Network(...)` builds a
library or text network.
"""

from ._cajal import (
    Items,
    ItemType,
    Model,
    ModelError,
    Network,
    Recording,
    Simulation,
    SimulationError,
    __version__,
    compile,
    library,
    show,
)

__all__ = [
    "Items",
    "ItemType",
    "Model",
    "ModelError",
    "Network",
    "Recording",
    "Simulation",
    "SimulationError",
    "__version__",
    "compile",
    "library",
    "show",
]
