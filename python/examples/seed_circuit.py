"""The seed notebook's hand-wired circuit, built from Python: regular-spiking cells E0, E1
(Izhikevich 2007) excite fast-spiking cells I0, I1 (E0 → I0, E1 → I1 through AMPA and NMDA),
which inhibit the other regular-spiking cell (I0 → E1, I1 → E0 through GABA_A and GABA_B);
E0 and E1 receive 1250 and 1200 pA. The same circuit is the library's `SeedCircuit`; this
example wires it with `Network.add`/`connect` and plots the four membrane potentials and
the spikes.

    pip install ./python matplotlib
    python python/examples/seed_circuit.py [out/seed_circuit_python.png]
"""

import os
import sys

import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import cajal  # noqa: E402


def build_circuit(w_ei="5 nS", w_ie="10 nS", currents=("1250 pA", "1200 pA")):
    """The four-cell circuit as a network: E0, E1 drive I0, I1 one to one; each I cell
    inhibits the other E cell."""
    net = cajal.Network(dt="0.1 ms")
    net.add("E", cajal.Model("Izhikevich", n=2))
    net.add("I", cajal.Model("Izhikevich", n=2, preset="fs"))
    net.drive("E.I", list(currents))
    straight, crossed = np.array([0, 1]), np.array([1, 0])
    for name, synapse, preset in [("EI_ampa", "ExpConductance", "ampa"), ("EI_nmda", "Nmda", None)]:
        net.connect(name, "E", "I", synapse, preset=preset, pre=straight, post=straight,
                    weight=w_ei)
    for name, preset in [("IE_gabaa", "gabaa"), ("IE_gabab", "gabab")]:
        net.connect(name, "I", "E", "ExpConductance", preset=preset, pre=straight,
                    post=crossed, weight=w_ie)
    net.record("E.v")
    net.record("I.v")
    return net


def main(path="out/seed_circuit_python.png", duration="1 s"):
    net = build_circuit()
    net.run(duration)
    rec = net.recording()
    print(f"{rec.spike_step.size} spikes; populations {rec.populations}")
    fig, axes = plt.subplots(5, 1, figsize=(10, 8), sharex=True, constrained_layout=True,
                             gridspec_kw={"height_ratios": [2, 2, 2, 2, 1]})
    traces = [("E0", rec["E.v"][0]), ("E1", rec["E.v"][1]), ("I0", rec["I.v"][0]),
              ("I1", rec["I.v"][1])]
    for ax, (name, v) in zip(axes, traces):
        ax.plot(rec.t, v, lw=0.8, color="C3" if name[0] == "E" else "C0")
        ax.set(ylabel=f"{name} v (mV)")
    axes[0].set_title("seed circuit: E0, E1 → I0, I1 (AMPA, NMDA); I0 → E1, I1 → E0 (GABA)")
    axes[-1].plot(rec.spike_time, rec.spike_index, "|", color="k")
    axes[-1].set(xlabel="t (ms)", ylabel="cell", yticks=[0, 1, 2, 3],
                 yticklabels=["E0", "E1", "I0", "I1"])
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    fig.savefig(path, dpi=120)
    print(f"figure written to {path}")


if __name__ == "__main__":
    main(*sys.argv[1:])
