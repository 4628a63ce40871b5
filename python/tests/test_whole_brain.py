"""Whole brain from Python: a library mass on a connectome, composed as the command line
composes it (same numbers bit for bit, same seed), with the weights as a file or an array;
the shipped connectome as arrays; and the analyses against NumPy's own arithmetic."""

import numpy as np
import pytest

import cajal


def test_a_noisy_whole_brain_run_equals_the_command_line(run_rust):
    out = run_rust(
        "cajal", "simulate", "WilsonCowan", "--connectome", "hcp80", "--coupling", "Additive",
        "--noise", "0.05", "--duration", "200ms", "--seed", "3", "--every", "10",
        "--set", "k=0.9", "--out", "{tmp}/wc.npz",
    )
    arrays = np.load(out / "wc.npz")
    net = cajal.whole_brain(
        "WilsonCowan", "hcp80", coupling="Additive", noise=0.05, every=10, seed=3,
        params={"k": 0.9},
    )
    assert "population noise = OrnsteinUhlenbeck[80]" in net.text
    net.run("200 ms")
    rec = net.recording()
    assert rec.names == ["nodes.rE"]
    assert rec["nodes.rE"].shape == (80, 201)
    assert np.array_equal(rec["nodes.rE"], arrays["nodes.rE"])
    assert np.array_equal(rec.t, arrays["t_ms"])


def test_weights_as_an_array_equal_the_same_weights_from_a_file(tmp_path):
    rng = np.random.default_rng(5)
    weights = rng.uniform(0, 1, (6, 6))
    np.fill_diagonal(weights, 0)
    np.savetxt(tmp_path / "w.csv", weights, delimiter=",", fmt="%.17g")

    def run(connectome, **kw):
        net = cajal.whole_brain("Hopf", connectome, noise=0.02, seed=1, **kw)
        net.run(50.0)
        return net.recording()["nodes.x"]

    from_file = run("w.csv", directory=tmp_path)
    from_array = run(weights)
    assert from_file.shape == (6, 501)
    assert np.array_equal(from_file, from_array)
    with pytest.raises(ValueError, match="square matrix"):
        cajal.whole_brain("Hopf", np.ones((3, 4)))
    with pytest.raises(ValueError, match="is a neuron model"):
        cajal.whole_brain("Lif")
    with pytest.raises(ValueError, match="has no input `z_inp`"):
        cajal.whole_brain("Hopf", couple="x->z_inp")


def test_weight_products_on_threads_change_no_value():
    """The dense product shared out over threads that live as long as the network: a
    whole-brain network on hcp80 (80 nodes, three panels of rows) and a batched
    `MassNetwork` give the values of one thread, bit for bit."""
    def run(threads):
        net = cajal.whole_brain("Hopf", "hcp80", noise=0.02, seed=1)
        assert net.set_product_threads(threads) == 1
        net.run(30.0)
        return net.recording()["nodes.x"]

    one = run(1)
    assert one.shape == (80, 301)
    assert np.array_equal(one, run(2)) and np.array_equal(one, run(3))
    weights = cajal.connectome("hcp80")["weights"]

    def sweep(threads):
        sim = cajal.MassNetwork("Hopf", "Diffusive", weights=weights,
                                sweep={"k": np.array([0.1, 0.5, 0.9])}, threads=threads)
        sim.set_state("x", np.tile(0.1 * np.sin(np.arange(80.0)), 3))
        sim.record(["x"], every=10)
        return sim.run(30.0).x

    assert np.array_equal(sweep(1), sweep(2))


def test_single_precision_products_stay_near_double_and_agree_with_the_batch():
    """`precision="f32"`: the weights in single precision, each sum within the documented
    4e-6 of sum |w x| of the f64 one; a swept member in f32 is its run alone in f32, and a
    whole-brain network set to f32 stays as near its f64 run."""
    weights = cajal.connectome("hcp80")["weights"]
    start = 0.1 * np.sin(np.arange(80.0))

    def alone(precision, k=0.5):
        sim = cajal.MassNetwork("Hopf", "Diffusive", weights=weights, coupling_params={"k": k},
                                precision=precision)
        sim.set_state("x", start)
        sim.record(["x"], every=10)
        return sim.run(100.0).x

    single, double = alone("f32"), alone("f64")
    difference = np.abs(single - double).max()
    # 1000 steps of 0.1 ms at k = 0.5, each sum within 67 * 2**-24 of its f64 value
    # (rows of hcp80 sum to at most 1, |x| <= 1): at most 1000 * 0.1 * 0.5 * 4e-6 = 2e-4.
    assert 0 < difference < 2e-4
    sweep = cajal.MassNetwork("Hopf", "Diffusive", weights=weights, precision="f32",
                              sweep={"k": np.array([0.1, 0.5])}, threads=2)
    sweep.set_state("x", np.tile(start, 2))
    sweep.record(["x"], every=10)
    members = sweep.run(100.0).x.reshape(2, 80, -1)
    assert np.array_equal(members[1], single)
    with pytest.raises(ValueError, match="f16"):
        cajal.MassNetwork("Hopf", weights=weights, precision="f16")

    def network(precision):
        net = cajal.whole_brain("Hopf", "hcp80", noise=0.02, seed=1)
        assert net.set_product_precision(precision) == 1
        net.run(30.0)
        return net.recording()["nodes.x"]

    single, double = network("f32"), network("f64")
    assert 0 < np.abs(single - double).max() < 2e-4


def test_the_shipped_connectome_comes_as_arrays():
    hcp = cajal.connectome("hcp80")
    assert hcp["weights"].shape == (80, 80)
    assert hcp["lengths_mm"].shape == (80, 80) and hcp["empirical_fc"].shape == (80, 80)
    assert np.allclose(np.diag(hcp["empirical_fc"]), 1.0)
    with pytest.raises(ValueError, match="shipped: hcp80"):
        cajal.connectome("hcp81")


def test_analyses_agree_with_numpy():
    rng = np.random.default_rng(2)
    series = rng.normal(size=(5, 400)).cumsum(axis=1)
    fc = cajal.functional_connectivity(series)
    assert np.allclose(fc, np.corrcoef(series), rtol=0, atol=1e-12)
    other = np.corrcoef(rng.normal(size=(5, 400)))
    upper = np.triu_indices(5, 1)
    expected = np.corrcoef(fc[upper], other[upper])[0, 1]
    assert cajal.fc_similarity(fc, other) == pytest.approx(expected, abs=1e-12)
    with pytest.raises(ValueError, match="square matrices"):
        cajal.fc_similarity(fc, other[:4, :4])
    # Identical phases are synchronised (R = 1); a sine's Hilbert phase advances at its rate.
    phases = np.tile(np.linspace(0, 6, 50), (4, 1))
    assert np.allclose(cajal.order_parameter(phases), 1.0)
    t = np.arange(2000) * 0.001
    phase = np.unwrap(cajal.analytic_phase(np.sin(2 * np.pi * 10 * t)))
    assert np.polyfit(t[200:-200], phase[200:-200], 1)[0] == pytest.approx(2 * np.pi * 10, rel=1e-3)
    freqs, density = cajal.welch(np.sin(2 * np.pi * 40 * t), "1 ms", 256)
    assert abs(freqs[np.argmax(density)] - 40) <= freqs[1]
    assert cajal.fcd(series, 100, 50).shape == (7, 7)
