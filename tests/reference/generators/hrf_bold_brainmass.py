"""Reference BOLD of brainmass 0.1.1's `HRFBold` (float64) for `tests/reference/mass/
hrf_bold_brainmass.json`: 60 s of a deterministic signal at dt = 1 ms, the four kernels with
brainmass's defaults (4 ms windows, TR 1000 ms, zero history, 'valid' convolution).

Run: python -m venv env && env/bin/pip install brainmass==0.1.1 "jax[cpu]"
     env/bin/python tests/reference/generators/hrf_bold_brainmass.py > tests/reference/mass/hrf_bold_brainmass.json
"""
import json
import math

import jax

jax.config.update("jax_enable_x64", True)

import brainmass
import brainstate

brainstate.environ.set(precision=64)
import brainunit as u
import jax.numpy as jnp
import numpy as np

DT_MS = 1.0
SECONDS = 60.0
SIGNAL = {"c0": 1.0, "a1": 0.5, "f1_hz": 0.05, "a2": 0.3, "f2_hz": 0.21}


def signal():
    t = np.arange(int(round(SECONDS * 1000 / DT_MS))) * DT_MS / 1000.0
    s = SIGNAL
    return (s["c0"] + s["a1"] * np.sin(2 * math.pi * s["f1_hz"] * t)
            + s["a2"] * np.sin(2 * math.pi * s["f2_hz"] * t))


def main():
    x = jnp.asarray(signal())[:, None]
    kernels = {
        "volterra": brainmass.FirstOrderVolterraHRFKernel(),
        "gamma": brainmass.GammaHRFKernel(),
        "double_exponential": brainmass.DoubleExponentialHRFKernel(),
        "mixture_of_gammas": brainmass.MixtureOfGammasHRFKernel(),
    }
    out = {
        "generator": "tests/reference/generators/hrf_bold_brainmass.py",
        "simulator": f"brainmass {brainmass.__version__}, jax {jax.__version__}, float64",
        "dt_ms": DT_MS,
        "seconds": SECONDS,
        "signal": SIGNAL,
        "signal_formula": "c0 + a1 sin(2 pi f1 t) + a2 sin(2 pi f2 t), t = k dt in s",
        "window_ms": 4.0,
        "period_ms": 1000.0,
        "bold": {},
        "kernel_duration_ms": {},
    }
    for name, kernel in kernels.items():
        bold = brainmass.HRFBold(kernel=kernel)
        y = np.asarray(bold(x, DT_MS * u.ms))[:, 0]
        out["bold"][name] = [float(v) for v in y]
        out["kernel_duration_ms"][name] = float(kernel.duration.to_decimal(u.ms))
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
