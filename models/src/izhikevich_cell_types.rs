//! The cell types of Izhikevich's book (2007, chapter 8) in one simple model, with the
//! extensions the book's cells need: a peak and a reset that depend on u, a cap on u, a
//! recovery sensitivity that switches at a potential, and the cubic recovery of FS cells.

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// Izhikevich's simple model with the cell types of *Dynamical Systems in Neuroscience*
    /// (Izhikevich 2007, §8.2–8.3):
    ///
    /// C dv/dt = k (v − v_r)(v − v_t) − u + I,  du/dt = a (U(v) − u),
    /// U(v) = b_v (v − v_r) + b3 [v − v_b]₊³, with b_v = b_high above v_switch and b below;
    /// when v ≥ v_peak + peak_slope·u: v ← c + reset_slope·u, u ← min(u + d, u_max).
    ///
    /// Defaults: the layer-5 regular-spiking pyramidal cell (RS, Fig. 8.12). Presets: `rs`,
    /// `ib` (intrinsically bursting, Fig. 8.19), `ch` (chattering, Fig. 8.23), `lts`
    /// (low-threshold spiking interneuron, Fig. 8.25: v_peak = 40 − 0.1u, v ← −53 + 0.04u,
    /// u ← min(u + 20, 670)), `fs` (fast spiking, Fig. 8.27: U(v) = 0.025 (v + 55)³ above
    /// −55 mV, 0 below), `tc` (thalamocortical relay, Fig. 8.31: b = 15 nS below −65 mV and
    /// 0 above, v_peak = 35 + 0.1u, v ← −60 − 0.1u) and `rtn` (reticular thalamic nucleus,
    /// Fig. 8.32: b = 10 nS below −65 mV and 2 above). Each starts at rest (v = v_r, u = 0).
    /// Integrated as the book's code does: forward Euler, then the peak tested on the new v
    /// and u (`schedule brian2`).
    pub neuron IzhikevichBook {
        parameters {
            /// Membrane capacitance.
            C = 100 pF,
            /// Gain of the quadratic current.
            k = 0.7 nS/mV,
            /// Resting potential.
            v_r = -60 mV,
            /// Instantaneous threshold potential.
            v_t = -40 mV,
            /// Spike cut-off (peak) potential at u = 0.
            v_peak = 35 mV,
            /// Change of the peak with u (LTS −0.1, TC +0.1 mV/pA).
            peak_slope = 0 mV/pA,
            /// Recovery rate.
            a = 0.03 /ms,
            /// Sensitivity of the recovery current to v (below v_switch).
            b = -2 nS,
            /// Sensitivity of the recovery current to v above v_switch.
            b_high = b,
            /// Potential at which the sensitivity changes from b to b_high.
            v_switch = -65 mV,
            /// Cubic recovery coefficient (FS cells).
            b3 = 0 nS/mV^2,
            /// Onset of the cubic recovery.
            v_b = -55 mV,
            /// Reset potential at u = 0.
            c = -50 mV,
            /// Change of the reset potential with u (LTS 0.04, TC −0.1 mV/pA).
            reset_slope = 0 mV/pA,
            /// Recovery current jump at each spike.
            d = 100 pA,
            /// Cap on u after a spike (LTS: 670 pA); the default is far above any cell's u.
            u_max = 1e9 pA,
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
            du/dt = a*((if v > v_switch { b_high } else { b })*(v - v_r)
                       + (if v < v_b { 0 pA } else { b3*(v - v_b)^3 }) - u)
        }
        on v >= v_peak + peak_slope*u { emit spike; v = c + reset_slope*u; u = min(u + d, u_max) }
        method euler
        schedule brian2
        /// Layer-5 regular-spiking pyramidal cell (Fig. 8.12; the defaults).
        preset rs { C = 100 pF }
        /// Layer-5 intrinsically bursting pyramidal cell (Fig. 8.19).
        preset ib {
            C = 150 pF, k = 1.2 nS/mV, v_r = -75 mV, v_t = -45 mV, v_peak = 50 mV,
            a = 0.01 /ms, b = 5 nS, c = -56 mV, d = 130 pA,
        }
        /// Chattering (fast rhythmic bursting) cell of cat visual cortex (Fig. 8.23).
        preset ch {
            C = 50 pF, k = 1.5 nS/mV, v_r = -60 mV, v_t = -40 mV, v_peak = 25 mV,
            a = 0.03 /ms, b = 1 nS, c = -40 mV, d = 150 pA,
        }
        /// Low-threshold spiking interneuron of rat barrel cortex (Fig. 8.25).
        preset lts {
            C = 100 pF, k = 1 nS/mV, v_r = -56 mV, v_t = -42 mV, v_peak = 40 mV,
            peak_slope = -0.1 mV/pA, a = 0.03 /ms, b = 8 nS, c = -53 mV,
            reset_slope = 0.04 mV/pA, d = 20 pA, u_max = 670 pA,
        }
        /// Fast-spiking interneuron of rat visual cortex, with cubic recovery (Fig. 8.27).
        preset fs {
            C = 20 pF, k = 1 nS/mV, v_r = -55 mV, v_t = -40 mV, v_peak = 25 mV,
            a = 0.2 /ms, b = 0 nS, b3 = 0.025 nS/mV^2, v_b = -55 mV, c = -45 mV, d = 0 pA,
        }
        /// Thalamocortical relay cell of cat dorsal LGN (Fig. 8.31).
        preset tc {
            C = 200 pF, k = 1.6 nS/mV, v_r = -60 mV, v_t = -50 mV, v_peak = 35 mV,
            peak_slope = 0.1 mV/pA, a = 0.01 /ms, b = 15 nS, b_high = 0 nS,
            c = -60 mV, reset_slope = -0.1 mV/pA, d = 10 pA,
        }
        /// Reticular thalamic nucleus cell of the rat (Fig. 8.32).
        preset rtn {
            C = 40 pF, k = 0.25 nS/mV, v_r = -65 mV, v_t = -45 mV, v_peak = 0 mV,
            a = 0.015 /ms, b = 10 nS, b_high = 2 nS, c = -55 mV, d = 50 pA,
        }
    }
}
