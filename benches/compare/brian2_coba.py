"""Brian2's side of benches/compare/run.py: the COBA benchmark network (Vogels & Abbott
2005; Brette et al. 2007) with N neurons and 80 synapses per neuron on average, 1 s at
dt = 0.1 ms, one thread, float64 — as Cajal's `cajal_timings coba N`.

Run (inside the environment run.py creates): python brian2_coba.py MODE N, MODE being
`cpp_standalone` or `runtime` (Brian2's default code generation, Cython when available).
Prints one line of JSON: build_s (code generation, compilation and synapse creation: for
cpp_standalone the whole run minus Brian2's own measurement of the simulation loop,
`device._last_run_time`; for runtime a first run of 0 ms), run_s (the 1 s of simulation),
rate_hz and synapses.
"""

import json
import sys
import tempfile
import time

from brian2 import (
    Network,
    NeuronGroup,
    Synapses,
    SpikeMonitor,
    device,
    defaultclock,
    mV,
    ms,
    nS,
    pF,
    prefs,
    second,
    set_device,
)


def coba(mode: str, n_neurons: int, directory: str) -> dict:
    """Builds and runs COBA with n_neurons in `mode`; returns the timings and counts."""
    if mode == "cpp_standalone":
        set_device("cpp_standalone", directory=directory, build_on_run=True)
        prefs.devices.cpp_standalone.openmp_threads = 0
    defaultclock.dt = 0.1 * ms

    # Brette et al. (2007), benchmark 1: C = 200 pF, g_L = 10 nS, E_L = -60 mV,
    # threshold -50 mV, reset -60 mV, 5 ms refractory; E_e = 0 mV, E_i = -80 mV,
    # tau_e = 5 ms, tau_i = 10 ms; w_e = 6 nS, w_i = 67 nS.
    equations = """
    dv/dt = (g_l*(e_l - v) + ge*(e_e - v) + gi*(e_i - v)) / c_m : volt (unless refractory)
    dge/dt = -ge / tau_e : siemens
    dgi/dt = -gi / tau_i : siemens
    """
    namespace = {
        "c_m": 200 * pF,
        "g_l": 10 * nS,
        "e_l": -60 * mV,
        "e_e": 0 * mV,
        "e_i": -80 * mV,
        "tau_e": 5 * ms,
        "tau_i": 10 * ms,
    }
    cells = NeuronGroup(
        n_neurons,
        equations,
        threshold="v > -50*mV",
        reset="v = -60*mV",
        refractory=5 * ms,
        method="euler",
        namespace=namespace,
    )
    cells.v = "-60*mV + 5*mV*randn() - 5*mV"
    cells.ge = "10*nS*(1.5*randn() + 4)"
    cells.gi = "10*nS*(12*randn() + 20)"
    n_exc = n_neurons * 4 // 5
    exc, inh = cells[:n_exc], cells[n_exc:]
    p = min(80.0 / n_neurons, 1.0)
    from_exc = Synapses(exc, cells, on_pre="ge += 6*nS")
    from_exc.connect(p=p)
    from_inh = Synapses(inh, cells, on_pre="gi += 67*nS")
    from_inh.connect(p=p)
    spikes = SpikeMonitor(cells)
    net = Network(cells, from_exc, from_inh, spikes)
    start = time.perf_counter()
    if mode == "cpp_standalone":
        net.run(1 * second, namespace=namespace)
        total = time.perf_counter() - start
        run_s = device._last_run_time
        build_s = total - run_s
    else:
        net.run(0 * ms, namespace=namespace)
        build_s = time.perf_counter() - start
        start = time.perf_counter()
        net.run(1 * second, namespace=namespace)
        run_s = time.perf_counter() - start
    return {
        "workload": "coba",
        "n": n_neurons,
        "build_s": build_s,
        "run_s": run_s,
        "rate_hz": spikes.num_spikes / n_neurons,
        "synapses": len(from_exc) + len(from_inh),
    }


def main() -> None:
    if len(sys.argv) != 3 or sys.argv[1] not in ("cpp_standalone", "runtime"):
        sys.exit("usage: brian2_coba.py cpp_standalone|runtime N")
    with tempfile.TemporaryDirectory() as directory:
        print(json.dumps(coba(sys.argv[1], int(sys.argv[2]), directory)))


if __name__ == "__main__":
    main()
