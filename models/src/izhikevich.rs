//! Izhikevich (2007) simple model, with the seed notebook's RS and FS parameter sets.

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// Izhikevich (2007) simple model (Dynamical Systems in Neuroscience, eq. 8.5–8.6).
    ///
    /// C dv/dt = k (v − v_r)(v − v_t) − u + I,  du/dt = a (b (v − v_r) − u);
    /// when v ≥ v_peak: v ← c, u ← u + d. Defaults are the regular-spiking (RS) cell of the
    /// seed notebook; `IzhikevichParams::fs()` gives its fast-spiking (FS) cell (linear u,
    /// not the book's cubic FS cell). Forward Euler in the seed notebook's schedule: the
    /// threshold is tested on the stored v, and the resetting step does not integrate
    /// (`set_schedule("brian2")`: integrate, then test the new v, as Brian2 does).
    pub neuron Izhikevich {
        parameters {
            /// Membrane capacitance.
            C = 100 pF,
            /// Gain of the quadratic current.
            k = 3 nS/mV,
            /// Resting potential.
            v_r = -60 mV,
            /// Instantaneous threshold potential.
            v_t = -50 mV,
            /// Spike cut-off (peak) potential.
            v_peak = 50 mV,
            /// Recovery rate.
            a = 0.01 /ms,
            /// Sensitivity of the recovery current to v.
            b = 5 nS,
            /// Reset potential.
            c = -60 mV,
            /// Recovery current jump at each spike.
            d = 400 pA,
        }
        inputs {
            /// Injected current.
            I: pA
        }
        state {
            /// Membrane potential.
            v = v_r,
            /// Recovery current.
            u = 0 pA,
        }
        equations {
            dv/dt = (k*(v - v_r)*(v - v_t) - u + I) / C
            du/dt = a*(b*(v - v_r) - u)
        }
        on v >= v_peak { emit spike; v = c; u += d }
        method euler
        schedule seed, brian2
        /// Regular spiking (RS) excitatory cell of the seed notebook (the defaults).
        preset rs { C = 100 pF }
        /// Fast spiking (FS) inhibitory cell of the seed notebook.
        preset fs {
            C = 20 pF, k = 1 nS/mV, v_r = -55 mV, v_t = -40 mV, v_peak = 25 mV,
            a = 0.15 /ms, b = 8 nS, c = -55 mV, d = 200 pA,
        }
    }
}
