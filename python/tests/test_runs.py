"""Long runs: other Python threads work while a run goes on (the GIL is released), Ctrl-C
stops a run at a step boundary with what it recorded kept, a diverging run raises
`SimulationError` naming the variable with its recording, and progress is reported."""

import os
import signal
import threading
import time

import numpy as np
import pytest

import cajal

DIVERGING = """
mass Runaway {
    parameters { rate = 50 /ms }
    state { x = 1 }
    equations { dx/dt = rate*x*x }
    method euler
}
"""


def busy_simulation(n=20000):
    sim = cajal.Simulation(cajal.Model("Izhikevich", n=n), dt=0.1)
    sim.drive("I", 300.0)
    sim.record(["v"], every=1000)
    return sim


def test_a_run_releases_the_gil_for_other_threads():
    sim = busy_simulation()
    done = threading.Event()
    result = {}

    def run():
        result["rec"] = sim.run("2 s")
        done.set()

    worker = threading.Thread(target=run)
    started = time.perf_counter()
    worker.start()
    ticks = 0
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    worker.join()
    elapsed = time.perf_counter() - started
    assert elapsed > 0.2, "the run is long enough to tell"
    # Without the GIL released the loop would not run until the run ends.
    assert ticks > 0.2 * elapsed / 0.001 * 0.2, (ticks, elapsed)
    assert result["rec"].v.shape == (20000, 21)


def test_a_simulation_busy_in_another_thread_says_so_instead_of_waiting():
    sim = busy_simulation()
    running, release = threading.Event(), threading.Event()

    def progress(done, total):
        # Called by the run in the worker thread while it holds the simulation.
        running.set()
        release.wait(10)

    worker = threading.Thread(target=lambda: sim.run("1 s", progress=progress))
    worker.start()
    assert running.wait(10), "the run reports progress"
    try:
        with pytest.raises(RuntimeError, match="is running"):
            sim.record(["v"])
    finally:
        release.set()
        worker.join()
    sim.record(["v", "u"])


def interrupt_after(seconds):
    timer = threading.Timer(seconds, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    return timer


@pytest.fixture(autouse=True)
def ctrl_c_raises_keyboard_interrupt():
    # A process started in the background may have SIGINT ignored (then Python installs no
    # handler): install Python's own for these tests, as in an interactive session.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def test_ctrl_c_stops_a_run_cleanly_and_keeps_what_it_recorded():
    sim = busy_simulation()
    timer = interrupt_after(0.2)
    started = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        sim.run("100 s")
    timer.join()
    assert time.perf_counter() - started < 5.0, "stopped soon after the signal"
    rec = sim.last_recording
    assert 0 < sim.t < 100_000.0
    assert rec.t[0] == 0.0 and rec.t[-1] <= sim.t
    assert rec.v.shape == (20000, rec.t.size)
    assert np.all(np.isfinite(rec.v))
    # The simulation goes on from where it stopped.
    t0 = sim.t
    sim.run(1.0)
    assert sim.t == pytest.approx(t0 + 1.0)


def test_ctrl_c_stops_a_network_run():
    net = cajal.Network("Coba", params={"N": 16000})
    timer = interrupt_after(0.3)
    with pytest.raises(KeyboardInterrupt):
        net.run("100 s")
    timer.join()
    t = net.t
    assert 0 < t < 100_000.0
    rec = net.recording()
    assert rec.spike_step.size == 0 or rec.spike_step.max() < round(t / 0.1)


def test_a_diverging_run_names_the_variable_and_keeps_its_recording():
    runaway = cajal.Model(cajal.compile(DIVERGING)["Runaway"], n=2)
    sim = cajal.Simulation(runaway, dt=0.1)
    sim.record(["x"])
    with pytest.raises(cajal.SimulationError, match="`Runaway.x` of instance 0") as info:
        sim.run(100.0)
    rec = info.value.recording
    assert rec.x.shape[0] == 2 and 1 < rec.t.size < 1001
    assert np.all(np.isfinite(rec.x)) and np.all(np.diff(rec.x[0]) >= 0)
    assert isinstance(info.value, RuntimeError)


def test_progress_is_reported_to_a_callable():
    seen = []
    sim = busy_simulation(n=5000)
    sim.run("1 s", progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1] == (10000, 10000)
    assert all(total == 10000 for _, total in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_stepping_one_step_at_a_time_equals_a_run():
    def simulation():
        sim = cajal.Simulation(cajal.Model("Izhikevich", n=2), dt=0.1)
        sim.drive("I", [300.0, 700.0])
        return sim

    whole = simulation()
    whole.record(["v"])
    rec = whole.run(100.0)
    stepped = simulation()
    fired = [stepped.step() for _ in range(1000)]
    assert stepped.t == pytest.approx(100.0)
    assert np.array_equal(np.concatenate(fired), rec.spike_index)
    assert [k for k, f in enumerate(fired) for _ in f] == list(rec.spike_step)
    assert np.array_equal(stepped.state("v"), whole.state("v"))
    assert np.array_equal(simulation().step(1000), rec.spike_index)
