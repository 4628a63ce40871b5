"""Networks built from Python: populations of `cajal.Model`s, spike sources, projections
from rules or from NumPy arrays, drives, Poisson inputs and rate couplings. Built in a
network item's order, they draw the same synapses and noise as the item, so they equal the
interpreted network bit for bit."""

import numpy as np
import pytest

import cajal

TEXT = """
network Small {
    timestep 0.1 ms
    seed 11
    population E = Izhikevich[40]
    population I = Izhikevich[10] { preset fs }
    source bg = poisson[20] { rate = 30 Hz }
    source stim = spike_times[2] { 0 at 5 ms, 1 at 7.5 ms }
    drive E.I = 60 pA
    projection EE: E -> E = ExpCurrent with bernoulli(0.2, 40 pA, no_self) delay 1 ms
    projection EI: E -> I = ExpCurrent { tau = 3 ms } with fixed_in_degree(8, 60 pA)
    projection IE: I -> E = ExpCurrent { tau = 10 ms } with all_to_all(-30 pA)
    projection II: I -> I = ExpCurrent with one_to_one(-5 pA) delay 0.5 ms
    projection bgE: bg -> E = ExpCurrent with bernoulli(0.5, 900 pA)
    projection stimI: stim -> I = ExpCurrent with edges { 0 -> 3 = 2000 pA, 1 -> 7 = 2500 pA } delay 2 ms
    poisson_input kick: I.v { count = 5, rate = 50 Hz, weight = 0.5 mV }
    record E.v every 10
}
"""


def built_by_hand(seed=11):
    net = cajal.Network(dt=0.1, seed=seed)
    net.add("E", cajal.Model("Izhikevich", n=40))
    net.add("I", cajal.Model("Izhikevich", n=10, preset="fs"))
    net.add_poisson("bg", n=20, rate="30 Hz")
    net.add_spikes("stim", n=2, times=["5 ms", 7.5], neurons=np.array([0, 1]))
    net.drive("E.I", "60 pA")
    net.connect("EE", "E", "E", "ExpCurrent", rule="bernoulli", p=0.2, weight="40 pA",
                self_connections=False, delay="1 ms")
    net.connect("EI", "E", "I", "ExpCurrent", rule="fixed_in_degree", k=8, weight=60.0,
                params={"tau": "3 ms"})
    net.connect("IE", "I", "E", "ExpCurrent", rule="all_to_all", weight="-30 pA",
                params={"tau": 10.0})
    net.connect("II", "I", "I", "ExpCurrent", rule="one_to_one", weight=-5.0, delay=0.5)
    net.connect("bgE", "bg", "E", "ExpCurrent", rule="bernoulli", p=0.5, weight="900 pA")
    net.connect("stimI", "stim", "I", "ExpCurrent", pre=np.array([0, 1]), post=[3, 7],
                weight=np.array([2000.0, 2500.0]), delay="2 ms")
    net.add_poisson_input("kick", "I.v", count=5, rate="50 Hz", weight="0.5 mV")
    net.record("E.v", every=10)
    return net


def spikes(rec):
    return rec.spike_index, rec.spike_step


def test_a_network_built_from_python_equals_the_same_network_item():
    item = cajal.Network(cajal.compile(TEXT)["Small"])
    hand = built_by_hand()
    assert hand.populations == item.populations == [("E", 40), ("I", 10)]
    item.run(200.0)
    hand.run("200 ms")
    a, b = item.recording(), hand.recording()
    assert len(a.spike_step) > 100, "the network is active"
    assert np.array_equal(a.spike_index, b.spike_index)
    assert np.array_equal(a.spike_step, b.spike_step)
    assert np.array_equal(a["E.v"], b["E.v"])
    assert a["E.v"].shape == (40, 201)
    other = built_by_hand(seed=12)
    other.run(200.0)
    assert not np.array_equal(other.recording().spike_step[:200], a.spike_step[:200]), \
        "the seed reaches the synapses, the trains and the kicks"


def test_a_text_synapse_and_listed_weights_per_synapse():
    items = cajal.compile("""
        synapse Kick {
            parameters { tau = 2 ms }
            weight w: pA = 100 pA
            state { s = 0 pA }
            equations { ds/dt = -s/tau }
            on_pre { s += w }
            inject { I: pA = s }
        }
    """)
    net = cajal.Network(dt=0.1)
    net.add("N", cajal.Model("Izhikevich", n=3))
    net.add_spikes("G", n=1, times=[1.0, 2.0, 3.0], neurons=[0, 0, 0])
    net.connect("k", "G", "N", items["Kick"], pre=[0, 0], post=[1, 2],
                weight=["0 pA", "3 nA"], delay=np.array([0.0, 0.4]), params={"tau": "5 ms"})
    net.record("N.v")
    net.run(30.0)
    v = net.recording()["N.v"]
    assert np.all(v[0] == v[1]), "a weight of 0 changes nothing"
    assert v[2].max() > v[0].max() + 10, "the 3 nA kicks depolarise neuron 2"


def test_a_rate_coupling_from_arrays_equals_the_connectome_rule(connectome, tmp_path):
    weights, lengths = connectome
    text = """
    network Ring {
        timestep 0.1 ms
        population nodes = Hopf[6] { init x = 0.1*(1 + i) }
        projection c: nodes.x -> nodes.x_inp = Diffusive { k = 0.4 } with connectome("w.csv", lengths = "l.csv", speed = 5 m/s)
        record nodes.x every 5
    }
    """
    item = cajal.Network(cajal.compile(text, directory=tmp_path)["Ring"])
    net = cajal.Network(dt="0.1 ms")
    nodes = cajal.Model("Hopf", n=6)
    nodes.set_state("x", 0.1 * (1 + np.arange(6.0)))
    net.add("nodes", nodes)
    net.couple("c", "nodes.x", "nodes.x_inp", "Diffusive", weights=weights, lengths=lengths,
               speed="5 m/s", params={"k": 0.4})
    net.record("nodes.x", every=5)
    for n in (item, net):
        n.run(100.0)
    a, b = item.recording()["nodes.x"], net.recording()["nodes.x"]
    assert a.shape == (6, 201)
    assert np.array_equal(a, b)


def test_builder_errors_say_what_to_do():
    net = cajal.Network(dt=0.1)
    net.add("E", cajal.Model("Izhikevich", n=4))
    with pytest.raises(ValueError, match="no synapse called `Nope`; it has ExpConductance"):
        net.connect("x", "E", "E", "Nope", rule="all_to_all")
    with pytest.raises(ValueError, match="no population or source `F`; it has E"):
        net.connect("x", "F", "E", "ExpCurrent", rule="all_to_all")
    with pytest.raises(ValueError, match="unknown connectivity rule `random`"):
        net.connect("x", "E", "E", "ExpCurrent", rule="random")
    with pytest.raises(ValueError, match="bernoulli needs p"):
        net.connect("x", "E", "E", "ExpCurrent", rule="bernoulli")
    with pytest.raises(ValueError, match="give rule="):
        net.connect("x", "E", "E", "ExpCurrent")
    with pytest.raises(ValueError, match="weight: expected"):
        net.connect("x", "E", "E", "ExpCurrent", rule="all_to_all", weight="1 mV")
    with pytest.raises(ValueError, match="synapse 1: 0 -> 9, but the source has 4"):
        net.connect("x", "E", "E", "ExpCurrent", pre=[0, 0], post=[1, 9])
    with pytest.raises(ValueError, match="pre has 2 indices but post has 1"):
        net.connect("x", "E", "E", "ExpCurrent", pre=[0, 0], post=[1])
    with pytest.raises(ValueError, match="integer array"):
        net.connect("x", "E", "E", "ExpCurrent", pre=np.array([0.0]), post=[1])
    with pytest.raises(ValueError, match="neuron indices are ≥ 0"):
        net.connect("x", "E", "E", "ExpCurrent", pre=[-1], post=[1])
    with pytest.raises(ValueError, match="2 values for 1 synapses"):
        net.connect("x", "E", "E", "ExpCurrent", pre=[0], post=[1], weight=[1.0, 2.0])
    with pytest.raises(ValueError, match="no parameter `tau_d`; it has tau"):
        net.connect("x", "E", "E", "ExpCurrent", rule="all_to_all", params={"tau_d": 1.0})
    with pytest.raises(ValueError, match="already has a population or source"):
        net.add("E", cajal.Model("Izhikevich", n=4))
    square = r"weights: expected a square matrix of 4 × 4 \(row = target node, .*\[3, 3\]"
    with pytest.raises(ValueError, match=square):
        net.couple("c", "E.v", "E.I", "Diffusive", weights=np.ones((3, 3)))
    net.connect("ok", "E", "E", "ExpCurrent", rule="all_to_all")
    net.run(1.0)
    with pytest.raises(ValueError, match="before the first run"):
        net.add("I", cajal.Model("Izhikevich", n=4))
    with pytest.raises(ValueError, match="its populations and projections are fixed"):
        cajal.Network("Coba").add("X", cajal.Model("Izhikevich"))
    with pytest.raises(ValueError, match="has its own time step"):
        cajal.Network("Coba", dt=0.1)


def test_all_to_all_with_one_delay_is_stored_as_one_weight():
    # 10^10 pairs: listed, they would need ~300 GB and the memory budget refuses them; with
    # one weight and one delay they are stored as that weight. Per-synapse delays list them.
    net = cajal.Network(dt=0.1)
    net.add("E", cajal.Model("Izhikevich", n=100_000))
    net.connect("all", "E", "E", "ExpCurrent", rule="all_to_all", weight="1 pA", delay="1 ms")
    net.run(1.0)
    listed = cajal.Network(dt=0.1)
    listed.add("E", cajal.Model("Izhikevich", n=100_000))
    with pytest.raises(MemoryError, match="all-to-all connectivity of 100000 → 100000"):
        listed.connect("all", "E", "E", "ExpCurrent", rule="all_to_all",
                       delay=np.empty(0))
