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
library or text network — or, as `cajal.Network(dt=0.1, seed=1)`, one wired from Python with
`add`, `add_poisson`, `add_spikes`, `connect`, `couple`, `drive` —,
`cajal.MassNetwork(mass, coupling, weights=W, sweep={...})` nodes coupled through a NumPy
weight matrix (sweeps as one batch), `cajal.whole_brain(mass, connectome)` a mass on a
connectome;
`cajal.functional_connectivity`, `fc_similarity`, `order_parameter`, `welch`, `fcd` analyse
what they record.
"""

import os as _os
import tempfile as _tempfile

import numpy as _np

from . import _cajal
from ._cajal import (
    Items,
    ItemType,
    MassNetwork,
    Model,
    ModelError,
    Network,
    Recording,
    Simulation,
    SimulationError,
    __version__,
    analytic_phase,
    compile,
    connectome,
    fc_similarity,
    fcd,
    functional_connectivity,
    library,
    order_parameter,
    set_engine,
    show,
    welch,
)


def whole_brain(mass, connectome="hcp80", *, lengths=None, directory=None, **options):
    """A library mass on a connectome, composed into a network and built (see
    `cajal._cajal.whole_brain` for every option: coupling, couple, speed, noise, bold, tr,
    dt, every, params, seed).

    `connectome` is a shipped name (`"hcp80"`), a CSV/NPY file of weights (row = target
    node), or a square array; `lengths` a file or array of tract lengths (mm). Arrays are
    handed over as `.npy` files in a temporary directory, read while the network is built.
    """
    arrays = {}
    if not isinstance(connectome, (str, _os.PathLike)):
        arrays["weights.npy"] = connectome
    if lengths is not None and not isinstance(lengths, (str, _os.PathLike)):
        arrays["lengths.npy"] = lengths
    base = _os.fspath(directory) if directory is not None else "."
    if not arrays:
        return _cajal.whole_brain(
            mass,
            _os.fspath(connectome),
            lengths=None if lengths is None else _os.fspath(lengths),
            directory=base,
            **options,
        )
    with _tempfile.TemporaryDirectory() as tmp:
        for name, values in arrays.items():
            values = _np.asarray(values, dtype=float)
            if values.ndim != 2 or values.shape[0] != values.shape[1]:
                raise ValueError(
                    f"a connectome's {name[:-4]} are a square matrix, not shape {values.shape}"
                )
            _np.save(_os.path.join(tmp, name), values)

        def located(given, array_name):
            # An array is the file written for it; a file is found from the temporary
            # directory by its absolute path; anything else (a shipped name) stays.
            if array_name in arrays:
                return array_name
            if given is None:
                return None
            path = _os.path.join(base, _os.fspath(given))
            return _os.path.abspath(path) if _os.path.exists(path) else _os.fspath(given)

        return _cajal.whole_brain(
            mass,
            located(connectome, "weights.npy"),
            lengths=located(lengths, "lengths.npy"),
            directory=tmp,
            **options,
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
    "analytic_phase",
    "compile",
    "connectome",
    "fc_similarity",
    "fcd",
    "functional_connectivity",
    "library",
    "order_parameter",
    "show",
    "welch",
    "whole_brain",
]
