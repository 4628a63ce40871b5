"""The seed notebook's ring network from Python: the Cano-Colino ring (Compte et al. 2000;
Cano-Colino & Almeida 2014) of 100 regular-spiking and 20 fast-spiking Izhikevich cells
(`CanoColinoRing`), 1 s, its raster and population rates.

    pip install ./python matplotlib
    python python/examples/seed_ring.py [out/seed_ring_python.png]
"""

import os
import sys

import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import cajal  # noqa: E402


def main(path="out/seed_ring_python.png"):
    net = cajal.Network("CanoColinoRing")
    net.run("1 s", progress=True)
    rec = net.recording()
    sizes = dict(rec.populations)
    print(f"{rec.spike_step.size} spikes; populations {rec.populations}")
    fig, (raster, rate) = plt.subplots(2, 1, figsize=(10, 6), sharex=True, constrained_layout=True)
    excitatory = rec.spike_index < sizes["E"]
    raster.plot(rec.spike_time[excitatory], rec.spike_index[excitatory], "|", ms=2, color="C3")
    raster.plot(rec.spike_time[~excitatory], rec.spike_index[~excitatory], "|", ms=2, color="C0")
    raster.set(ylabel="neuron (E, then I)", title="seed ring network")
    bins = np.arange(0, 1000.0 + 5.0, 5.0)
    for name, mask, colour in [("E", excitatory, "C3"), ("I", ~excitatory, "C0")]:
        counts, _ = np.histogram(rec.spike_time[mask], bins)
        rate.plot(bins[:-1], counts / sizes[name] / 0.005, color=colour, label=name)
    rate.set(xlabel="t (ms)", ylabel="rate (Hz)")
    rate.legend()
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    fig.savefig(path, dpi=120)
    print(f"figure written to {path}")


if __name__ == "__main__":
    main(*sys.argv[1:])
