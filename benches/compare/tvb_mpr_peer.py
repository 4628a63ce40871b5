"""The Virtual Brain's side of benches/compare/tvb_mpr.py: its Montbrió–Pazó–Roxin benchmark
through TVB's numba backend for that model (`NbMPRBackend`): TVB's `MontbrioPazoRoxin` with
its defaults, `Linear` coupling (a = 0.01) through r, delays from the tract lengths at
10 m/s (TVB rounds to the nearest step), `HeunStochastic` with `Additive` noise nsig = 0.01,
dt = 0.005 ms, the `Raw` monitor (r and V of every node every step), from r = 0.1, V = −2
with that constant past.

    python tvb_mpr_peer.py WEIGHTS.npy LENGTHS.npy STEPS

Prints one line of JSON: the first run (a short run that compiles the numba kernel) and a
timed run of STEPS steps, in seconds, and the mean r over the nodes at the end.
"""

import json
import logging
import sys
import time
import warnings

import numpy as np

warnings.filterwarnings("ignore")
logging.disable(logging.WARNING)

from tvb.datatypes.connectivity import Connectivity  # noqa: E402
from tvb.simulator import coupling, integrators, models, monitors, noise, simulator  # noqa: E402
from tvb.simulator.backend.nb_mpr import NbMPRBackend  # noqa: E402

DT = 0.005


def simulator_of(weights: np.ndarray, lengths: np.ndarray) -> simulator.Simulator:
    """TVB's simulator of the benchmark (see the module)."""
    n = weights.shape[0]
    conn = Connectivity(
        weights=weights,
        tract_lengths=lengths,
        region_labels=np.array([f"node {i}" for i in range(n)]),
        centres=np.zeros((n, 3)),
        speed=np.array([10.0]),
    )
    conn.configure()
    conn.set_idelays(DT)
    sim = simulator.Simulator(
        model=models.MontbrioPazoRoxin(),
        connectivity=conn,
        coupling=coupling.Linear(a=np.array([0.01])),
        integrator=integrators.HeunStochastic(
            dt=DT, noise=noise.Additive(nsig=np.array([0.01]), noise_seed=42)
        ),
        monitors=[monitors.Raw()],
    )
    initial = np.empty((conn.horizon, 2, n, 1))
    initial[:, 0] = 0.1
    initial[:, 1] = -2.0
    sim.initial_conditions = initial
    sim.configure()
    return sim


def main() -> None:
    weights, lengths = np.load(sys.argv[1]), np.load(sys.argv[2])
    steps = int(sys.argv[3])
    sim = simulator_of(weights, lengths)
    backend = NbMPRBackend()
    start = time.perf_counter()
    backend.run_sim(sim, nstep=10)
    first_s = time.perf_counter() - start
    start = time.perf_counter()
    ((_, data),) = backend.run_sim(sim, nstep=steps)
    run_s = time.perf_counter() - start
    print(
        json.dumps(
            {
                "workload": "mpr",
                "first_s": first_s,
                "run_s": run_s,
                "mean_r_end": float(np.mean(data[-1, 0, :, 0])),
            }
        )
    )


if __name__ == "__main__":
    main()
