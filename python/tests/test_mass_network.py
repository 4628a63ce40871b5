"""`cajal.MassNetwork`: nodes of a mass coupled through NumPy weights (delays from tract
lengths), run as one model — and sweeps as one batch sharing the weights. A member of a
batched sweep equals the command line's single run with its values, bit for bit."""

import numpy as np
import pytest

import cajal


MEMBER = """
network Member {
    parameters { k = 1, a = 0 }
    timestep 0.1 ms
    population nodes = Hopf[6] { a = a; w = 0.3/ms; init x = 0.1*(1 + i) }
    projection sc: nodes.x -> nodes.x_inp = Diffusive { k = k } with connectome("w.csv", lengths = "l.csv", speed = 5 m/s)
    record nodes.x every 10
}
"""


def test_a_sweep_member_equals_the_command_line_run_with_its_values(
        run_rust, connectome, tmp_path):
    weights, lengths = connectome
    k = np.array([0.1, 0.3, 0.5, 0.7])
    a = np.array([-0.2, 0.1, 0.25, 0.4])
    sim = cajal.MassNetwork("Hopf", "Diffusive", weights=weights, lengths=lengths,
                            speed="5 m/s", sweep={"k": k, "a": a}, params={"w": "0.3/ms"})
    assert len(sim.state("x")) == 4 * 6
    sim.set_state("x", np.tile(0.1 * (1 + np.arange(6.0)), 4))
    sim.record(["x"], every=10)
    rec = sim.run(200.0)
    members = rec.x.reshape(4, 6, -1)
    assert np.shares_memory(members, rec.x), "the reshape is a view"
    (tmp_path / "member.cajal").write_text(MEMBER)
    out = run_rust(
        "cajal", "simulate", "{tmp}/member.cajal", "--set", "k=0.3", "--set", "a=0.1",
        "--duration", "200ms", "--out", "{tmp}/member.npz",
    )
    cli = np.load(out / "member.npz")["nodes.x"]
    assert cli.shape == (6, 201)
    assert np.array_equal(members[1], cli)
    assert not np.array_equal(members[0], members[1]), "members differ"


def test_a_batch_equals_its_members_run_alone(connectome):
    weights, lengths = connectome
    k = [0.2, "0.6"]

    def run(init=0.2, **kw):
        sim = cajal.MassNetwork("Hopf", weights=weights, lengths=lengths, speed=5.0,
                                rounding="nearest", **kw)
        sim.set_state("y", init)
        sim.record(["x", "y"], every=5)
        return sim.run(150.0)

    batch = run(sweep={"k": k, "nodes.a": np.array([0.0, 0.3])}, init=0.2)
    for b, (kb, ab) in enumerate([(0.2, 0.0), (0.6, 0.3)]):
        alone = run(coupling_params={"k": kb}, params={"a": ab})
        assert np.abs(alone["x"]).max() > 0.01, "the nodes move"
        for var in ("x", "y"):
            assert np.array_equal(batch[var][b * 6:(b + 1) * 6], alone[var]), (b, var)


def test_mass_network_errors_say_what_to_do(connectome):
    weights, lengths = connectome
    with pytest.raises(ValueError, match="expected a square matrix of 3 × 3"):
        cajal.MassNetwork("Hopf", weights=np.ones((3, 4)))
    with pytest.raises(ValueError, match=r"lengths: expected a square matrix of 6 × 6"):
        cajal.MassNetwork("Hopf", weights=weights, lengths=np.ones((5, 5)), speed=1.0)
    with pytest.raises(ValueError, match="need both lengths= .* and speed="):
        cajal.MassNetwork("Hopf", weights=weights, lengths=lengths)
    with pytest.raises(ValueError, match="has 3 values but the first swept parameter 2"):
        cajal.MassNetwork("Hopf", weights=weights, sweep={"k": [1, 2], "a": [1, 2, 3]})
    with pytest.raises(ValueError, match="neither `Hopf` nor the coupling has that parameter"):
        cajal.MassNetwork("Hopf", weights=weights, sweep={"kk": [1, 2]})
    with pytest.raises(ValueError, match="no coupling called `Nope`"):
        cajal.MassNetwork("Hopf", "Nope", weights=weights)
    with pytest.raises(ValueError, match='write "STATE->INPUT"'):
        cajal.MassNetwork("Hopf", weights=weights, couple="x")
    with pytest.raises(ValueError, match="unknown input `z`; available: x_inp, y_inp"):
        cajal.MassNetwork("Hopf", weights=weights, couple="x->z")
    with pytest.raises(ValueError, match=r"sweep `a`\[0\]: expected dimensionless"):
        cajal.MassNetwork("Hopf", weights=weights, sweep={"a": ["1 mV", "2 mV"]})
