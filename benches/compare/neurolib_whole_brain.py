"""neurolib's side of benches/compare/whole_brain.py: neurolib's whole-brain MODEL (numba,
its Euler scheme) through the weight matrix of WEIGHTS.npy, no delays and no noise, for
STEPS steps of 0.1 ms. MODEL is `hopf` (HopfModel: a = 0.25, w = 0.2, diffusive coupling
K_gl = 0.2, from x = 0.1, y = 0) or `wc` (WCModel with neurolib's own defaults, additive
coupling K_gl = 0.5).

    python neurolib_whole_brain.py MODEL WEIGHTS.npy STEPS

Prints one line of JSON: the first run (numba compilation included) and a second, timed
run, in seconds, and node 0's coupled variable at the end.
"""

import json
import sys
import time

import numpy as np


def model_of(name: str, weights: np.ndarray, steps: int):
    """neurolib's model `name` on `weights` and its coupled variable's output."""
    n = weights.shape[0]
    delays = np.zeros_like(weights)
    if name == "hopf":
        from neurolib.models.hopf import HopfModel

        model = HopfModel(Cmat=weights, Dmat=delays)
        model.params.update({
            "a": 0.25,
            "w": 0.2,
            "K_gl": 0.2,
            "coupling": "diffusive",
            "sigma_ou": 0.0,
            "xs_init": np.full((n, 1), 0.1),
            "ys_init": np.zeros((n, 1)),
        })
        output = "x"
    else:
        from neurolib.models.wc import WCModel

        model = WCModel(Cmat=weights, Dmat=delays)
        model.params.update({"K_gl": 0.5, "sigma_ou": 0.0})
        output = "exc"
    model.params.update({"dt": 0.1, "duration": steps * 0.1})
    return model, output


def main() -> None:
    name, path, steps = sys.argv[1], sys.argv[2], int(sys.argv[3])
    weights = np.load(path)
    model, output = model_of(name, weights, steps)
    times = []
    for _ in range(2):
        start = time.perf_counter()
        model.run()
        times.append(time.perf_counter() - start)
    print(json.dumps({
        "n": weights.shape[0],
        "steps": steps,
        "first_s": times[0],
        "run_s": times[1],
        "x0_end": float(getattr(model, output)[0, -1]),
    }))


if __name__ == "__main__":
    main()
