"""brainmass's side of benches/compare/whole_brain.py and delayed_whole_brain.py: a
whole-brain network of MODEL nodes through the weight matrix of WEIGHTS.npy
(brainmass.Network) for STEPS steps of 0.1 ms in float64 (`--precision 32`: float32, JAX's
default), monitoring the coupled variable of
every node each step. MODEL is `hopf` (HopfStep: a = 0.25, w = 0.2, beta = 1, from x = 0.1,
y = 0; diffusive coupling, k = 0.2) or `wc` (WilsonCowanStep with its defaults; additive
coupling of rE, k = 0.5). Both integrate with brainmass's exponential Euler.

    python brainmass_whole_brain.py MODEL WEIGHTS.npy STEPS [--lengths LENGTHS.npy] [--direct]
        [--precision 64|32]

`--lengths`: conduction delays from the tract lengths of the file (mm) at 10 m/s
(brainmass.Network's `distance` and `speed`), the delayed history before t = 0 at the
initial value. By default the run is brainmass.Simulator's (as brainmass's documentation
runs networks; each call traces and compiles its loop again); `--direct` runs the network's
`update` in a `brainstate.transform.for_loop` compiled once by `brainstate.transform.jit`,
what a user who writes the loop by hand gets.

Prints one line of JSON: the first run (tracing and XLA compilation included) and a last,
timed run of the same network (the second; with `--direct` the third, as brainstate compiles
the loop again at its second call), in seconds, and node 0's coupled variable at the end of
the first run (which starts from the initial state; later calls of a direct loop go on).
"""

import argparse
import json
import time

import jax

import braintools  # noqa: E402
import brainstate  # noqa: E402
import brainunit as u  # noqa: E402
import numpy as np  # noqa: E402

import brainmass  # noqa: E402


def network(model: str, weights: np.ndarray, lengths):
    """The network of `model` nodes (with delays from `lengths` in mm at 10 m/s, when given)
    and the name of its coupled variable."""
    n = weights.shape[0]
    delays = {} if lengths is None else {"distance": lengths, "speed": 10.0}
    if model == "hopf":
        node = brainmass.HopfStep(
            n,
            a=0.25,
            w=0.2,
            init_x=braintools.init.Constant(0.1),
            init_y=braintools.init.Constant(0.0),
        )
        net = brainmass.Network(
            node,
            conn=weights,
            coupled_var="x",
            k=0.2,
            delay_init=braintools.init.Constant(0.1),
            **delays,
        )
        return net, "x"
    node = brainmass.WilsonCowanStep(n)
    net = brainmass.Network(
        node, conn=weights, coupling="additive", coupled_var="rE", k=0.5, **delays
    )
    return net, "rE"


def simulator_run(net, var: str, steps: int, dt):
    """A run of brainmass.Simulator (it compiles its loop at every call)."""
    sim = brainmass.Simulator(net, dt=dt)
    return lambda: sim.run(steps * dt, monitors=lambda m: getattr(m.node, var).value)["output"]


def direct_run(net, var: str, steps: int, dt):
    """The network's `update` in a for_loop compiled once; each call continues the run."""
    brainstate.nn.init_all_states(net)

    def step(i):
        with brainstate.environ.context(i=i, t=i * dt):
            net.update()
            return getattr(net.node, var).value

    return brainstate.transform.jit(
        lambda: brainstate.transform.for_loop(step, np.arange(steps))
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", choices=["hopf", "wc"])
    parser.add_argument("weights")
    parser.add_argument("steps", type=int)
    parser.add_argument("--lengths")
    parser.add_argument("--direct", action="store_true")
    parser.add_argument("--precision", type=int, choices=[64, 32], default=64)
    args = parser.parse_args()
    jax.config.update("jax_enable_x64", args.precision == 64)
    weights = np.load(args.weights)
    lengths = None if args.lengths is None else np.load(args.lengths)
    dt = 0.1 * u.ms
    brainstate.environ.set(dt=dt, precision=args.precision)
    net, var = network(args.model, weights, lengths)
    runner = direct_run if args.direct else simulator_run
    run = runner(net, var, args.steps, dt)
    times, outputs = [], []
    # brainstate's jit traces and compiles the direct loop again at its second call (the
    # states it reads are then initialised): the third call is the timed one.
    for _ in range(3 if args.direct else 2):
        start = time.perf_counter()
        outputs.append(jax.block_until_ready(run()))
        times.append(time.perf_counter() - start)
    # The first call starts from the initial state (a direct loop's later calls go on).
    x = np.asarray(outputs[0])
    print(json.dumps({
        "n": weights.shape[0],
        "steps": args.steps,
        "first_s": times[0],
        "run_s": times[-1],
        "x0_end": float(x[-1, 0]),
        "dtype": str(x.dtype),
    }))


if __name__ == "__main__":
    main()
