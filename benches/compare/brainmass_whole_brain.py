"""brainmass's side of benches/compare/whole_brain.py: a whole-brain network of MODEL nodes
through the weight matrix of WEIGHTS.npy (brainmass.Network), run with brainmass.Simulator
for STEPS steps of 0.1 ms in float64, monitoring the coupled variable of every node each
step. MODEL is `hopf` (HopfStep: a = 0.25, w = 0.2, beta = 1, from x = 0.1, y = 0; diffusive
coupling, k = 0.2) or `wc` (WilsonCowanStep with its defaults; additive coupling of rE,
k = 0.5). Both integrate with brainmass's exponential Euler.

    python brainmass_whole_brain.py MODEL WEIGHTS.npy STEPS

Prints one line of JSON: the first run (tracing and XLA compilation included) and a second,
timed run of the same network, in seconds, and node 0's coupled variable at the end.
"""

import json
import sys
import time

import jax

jax.config.update("jax_enable_x64", True)

import braintools  # noqa: E402
import brainstate  # noqa: E402
import brainunit as u  # noqa: E402
import numpy as np  # noqa: E402

import brainmass  # noqa: E402


def network(model: str, weights: np.ndarray):
    """The network of `model` nodes and the name of its coupled variable."""
    n = weights.shape[0]
    if model == "hopf":
        node = brainmass.HopfStep(
            n,
            a=0.25,
            w=0.2,
            init_x=braintools.init.Constant(0.1),
            init_y=braintools.init.Constant(0.0),
        )
        return brainmass.Network(node, conn=weights, coupled_var="x", k=0.2), "x"
    node = brainmass.WilsonCowanStep(n)
    net = brainmass.Network(node, conn=weights, coupling="additive", coupled_var="rE", k=0.5)
    return net, "rE"


def main() -> None:
    model, path, steps = sys.argv[1], sys.argv[2], int(sys.argv[3])
    weights = np.load(path)
    dt = 0.1 * u.ms
    brainstate.environ.set(dt=dt, precision=64)
    net, var = network(model, weights)
    sim = brainmass.Simulator(net, dt=dt)
    times = []
    for _ in range(2):
        start = time.perf_counter()
        result = sim.run(steps * dt, monitors=lambda m: getattr(m.node, var).value)
        jax.block_until_ready(result["output"])
        times.append(time.perf_counter() - start)
    x = np.asarray(result["output"])
    print(json.dumps({
        "n": weights.shape[0],
        "steps": steps,
        "first_s": times[0],
        "run_s": times[1],
        "x0_end": float(x[-1, 0]),
        "dtype": str(x.dtype),
    }))


if __name__ == "__main__":
    main()
