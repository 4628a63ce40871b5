"""brainmass's side of benches/compare/whole_brain.py: a whole-brain network of brainmass's
Hopf normal-form nodes (HopfStep: a = 0.25, w = 0.2, beta = 1, its exponential Euler) coupled
diffusively (brainmass.Network, k = 0.2) through the weight matrix of WEIGHTS.npy, run with
brainmass.Simulator for STEPS steps of 0.1 ms in float64 from x = 0.1, y = 0, monitoring x
of every node each step.

    python brainmass_hopf.py WEIGHTS.npy STEPS

Prints one line of JSON: the first run (tracing and XLA compilation included) and a second,
timed run of the same network, in seconds, and x of node 0 at the end.
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


def main() -> None:
    path, steps = sys.argv[1], int(sys.argv[2])
    weights = np.load(path)
    n = weights.shape[0]
    dt = 0.1 * u.ms
    brainstate.environ.set(dt=dt, precision=64)
    node = brainmass.HopfStep(
        n,
        a=0.25,
        w=0.2,
        init_x=braintools.init.Constant(0.1),
        init_y=braintools.init.Constant(0.0),
    )
    net = brainmass.Network(node, conn=weights, coupled_var="x", k=0.2)
    sim = brainmass.Simulator(net, dt=dt)
    times = []
    for _ in range(2):
        start = time.perf_counter()
        result = sim.run(steps * dt, monitors=lambda m: m.node.x.value)
        jax.block_until_ready(result["output"])
        times.append(time.perf_counter() - start)
    x = np.asarray(result["output"])
    print(json.dumps({
        "n": n,
        "steps": steps,
        "first_s": times[0],
        "run_s": times[1],
        "x0_end": float(x[-1, 0]),
        "dtype": str(x.dtype),
    }))


if __name__ == "__main__":
    main()
