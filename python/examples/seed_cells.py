"""The seed notebook's two cells from Python: Izhikevich (2007) regular-spiking (RS) and
fast-spiking (FS) neurons under a 125 pA step from 100 ms, 1 s at dt = 0.1 ms. Prints the
spike times and draws each cell's membrane potential and its (v, u) trajectory.

    pip install ./python matplotlib
    python python/examples/seed_cells.py [out/seed_cells_python.png]
"""

import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import cajal  # noqa: E402


def main(path="out/seed_cells_python.png"):
    fig, axes = plt.subplots(2, 2, figsize=(11, 6), constrained_layout=True)
    for row, preset in enumerate(["rs", "fs"]):
        cell = cajal.Model("Izhikevich", preset=preset)
        sim = cajal.Simulation(cell, dt="0.1 ms")
        sim.drive("I", steps=[(0, 0), ("100 ms", "125 pA")])
        sim.record(["v", "u"])
        rec = sim.run("1 s")
        print(f"{preset.upper()}: {rec.spike_time.size} spikes at {rec.spike_time.tolist()} ms")
        trace, phase = axes[row]
        trace.plot(rec.t, rec.v[0], lw=0.8)
        trace.set(title=f"{preset.upper()} cell", xlabel="t (ms)", ylabel=f"v ({rec.units['v']})")
        phase.plot(rec.v[0], rec.u[0], lw=0.6)
        phase.set(title="phase plane", xlabel=f"v ({rec.units['v']})", ylabel=f"u ({rec.units['u']})")
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    fig.savefig(path, dpi=120)
    print(f"figure written to {path}")


if __name__ == "__main__":
    main(*sys.argv[1:])
