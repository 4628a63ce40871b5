"""neurolib's side of benches/compare/whole_brain.py: neurolib's whole-brain Hopf model
(HopfModel, numba, its Euler scheme) with a = 0.25, w = 0.2, diffusive coupling K_gl = 0.2
through the weight matrix of WEIGHTS.npy, no delays and no noise, for STEPS steps of 0.1 ms
from x = 0.1, y = 0.

    python neurolib_hopf.py WEIGHTS.npy STEPS

Prints one line of JSON: the first run (numba compilation included) and a second, timed run,
in seconds, and x of node 0 at the end.
"""

import json
import sys
import time

import numpy as np
from neurolib.models.hopf import HopfModel


def main() -> None:
    path, steps = sys.argv[1], int(sys.argv[2])
    weights = np.load(path)
    n = weights.shape[0]
    model = HopfModel(Cmat=weights, Dmat=np.zeros_like(weights))
    params = model.params
    params.update({
        "dt": 0.1,
        "duration": steps * 0.1,
        "a": 0.25,
        "w": 0.2,
        "K_gl": 0.2,
        "coupling": "diffusive",
        "sigma_ou": 0.0,
        "xs_init": np.full((n, 1), 0.1),
        "ys_init": np.zeros((n, 1)),
    })
    times = []
    for _ in range(2):
        start = time.perf_counter()
        model.run()
        times.append(time.perf_counter() - start)
    print(json.dumps({
        "n": n,
        "steps": steps,
        "first_s": times[0],
        "run_s": times[1],
        "x0_end": float(model.x[0, -1]),
    }))


if __name__ == "__main__":
    main()
