"""Optional comparison: the COBA benchmark network (Vogels & Abbott 2005; Brette et al.
2007) in Brian2's cpp_standalone mode, single thread, scaled like Cajal's
`benches/spiking_network.rs` (N neurons, 80 synapses per neuron on average, 1 s at
dt = 0.1 ms), to measure both tools on the same machine at the same hour.

Not needed to build, run or test Cajal. Needs `pip install brian2` and a C++ compiler.

Run: python3 benches/brian2_coba.py [N ...]   (default: 4000 64000)

Prints, per N, Brian2's own measurement of the simulation loop (`device._last_run_time`:
the network's run, without code generation, compilation or synapse creation), the firing
rate, and the synapse count.
"""

import sys
import tempfile

from brian2 import (
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
    run,
    second,
    set_device,
)


def coba(n_neurons: int, directory: str) -> tuple[float, float, int]:
    """Builds and runs COBA with n_neurons; returns (run seconds, mean rate Hz, synapses)."""
    device.reinit()
    device.activate()
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
    run(1 * second, namespace=namespace)
    synapses = len(from_exc) + len(from_inh)
    return device._last_run_time, spikes.num_spikes / n_neurons, synapses


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [4000, 64000]
    for n in sizes:
        with tempfile.TemporaryDirectory() as directory:
            seconds, rate, synapses = coba(n, directory)
        print(f"Brian2 cpp_standalone COBA {n} neurons, {synapses} synapses: "
              f"1 s simulated in {seconds:.3f} s, {rate:.2f} Hz")


if __name__ == "__main__":
    main()
