"""The seed's multi-region example from Python: 80 Wilson–Cowan nodes on the shipped HCP
connectome with 10 m/s delays and Ornstein–Uhlenbeck input per node, their excitatory rates
driving Balloon–Windkessel BOLD sampled every 720 ms (the network of
`examples/hcp80_wilson_cowan.cajal`, read as text). Prints the fit of the simulated BOLD
functional connectivity to the empirical FC shipped with the connectome, for a few global
couplings, and draws the best FC beside the empirical one.

    pip install ./python matplotlib
    python python/examples/whole_brain_fc.py [out/whole_brain_fc.png] [seconds]
"""

import os
import pathlib
import sys

import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import cajal  # noqa: E402

NETWORK = pathlib.Path(__file__).resolve().parents[2] / "examples" / "hcp80_wilson_cowan.cajal"
TRANSIENT_S = 20.0


def bold_fc(items, k, seconds):
    net = cajal.Network(items["Hcp80WilsonCowan"], params={"k": k})
    net.run(f"{seconds} s", progress=True)
    rec = net.recording()
    keep = rec.t >= min(TRANSIENT_S, seconds / 3) * 1000.0
    return cajal.functional_connectivity(rec["haemodynamics.bold"][:, keep])


def main(path="out/whole_brain_fc.png", seconds=60.0):
    seconds = float(seconds)
    items = cajal.compile(NETWORK.read_text(), name=str(NETWORK), directory=NETWORK.parent)
    empirical = cajal.connectome("hcp80")["empirical_fc"]
    fits = []
    for k in (2.0, 3.5, 5.0):
        fc = bold_fc(items, k, seconds)
        fits.append((cajal.fc_similarity(fc, empirical), k, fc))
        print(f"k = {k}: FC fit r = {fits[-1][0]:.3f}")
    r, k, fc = max(fits, key=lambda f: np.nan_to_num(f[0], nan=-1.0))
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.6), constrained_layout=True)
    for ax, matrix, title in [(axes[0], fc, f"simulated BOLD FC, k = {k} (r = {r:.3f})"),
                              (axes[1], empirical, "empirical FC (HCP)")]:
        image = ax.imshow(matrix, vmin=-1, vmax=1, cmap="RdBu_r")
        ax.set(title=title, xlabel="region", ylabel="region")
    fig.colorbar(image, ax=axes, shrink=0.8)
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    fig.savefig(path, dpi=110)
    print(f"figure written to {path}")


if __name__ == "__main__":
    main(*sys.argv[1:])
