//! Izhikevich (2003) simple spiking model, with the cortical cell classes of that paper and
//! the twenty single-cell behaviours of Izhikevich (2004, Fig. 1) as presets.

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// Izhikevich (2003) simple spiking model (IEEE Trans. Neural Netw. 14:1569).
    ///
    /// dv/dt = k2 v² + k1 v + k0 − u + I,  du/dt = a (b (v − v_u) − γ u);
    /// when v > v_peak: v ← c, u ← u + d. With the defaults (k2 = 0.04 /(ms·mV),
    /// k1 = 5 /ms, k0 = 140 mV/ms, v_u = 0 mV, γ = 1) this is the paper's
    /// v' = 0.04v² + 5v + 140 − u + I, u' = a(bv − u); v, u and I are in the paper's mV and
    /// mV/ms. Defaults: its regular-spiking (RS) cell, starting at v = −65 mV, u = b v.
    ///
    /// Presets: the paper's cell classes (`rs`, `ib`, `ch`, `fs`, `lts`, `tc`, `rz`, Fig. 2)
    /// and the twenty panels of Izhikevich (2004, IEEE Trans. Neural Netw. 15:1063, Fig. 1),
    /// with the initial state of that panel. The 2004 panels use the parameters of the
    /// published `figure1.m`, including its variants: class 1 excitability and the integrator
    /// use v' = 0.04v² + 4.1v + 108 − u + I, and accommodation u' = a b (v + 65)
    /// (γ = 0, v_u = −65 mV). The stimulus of each panel is
    /// `cajal_models::protocols::izhikevich_2004`. Integrated as `figure1.m` does: forward
    /// Euler for v, then u from the new v (semi-implicit), then the threshold test.
    pub neuron Izhikevich2003 {
        parameters {
            /// Recovery rate.
            a = 0.02 /ms,
            /// Sensitivity of the recovery variable to v.
            b = 0.2 /ms,
            /// Reset potential.
            c = -65 mV,
            /// Recovery jump at each spike.
            d = 8 mV/ms,
            /// Spike cut-off (peak) potential.
            v_peak = 30 mV,
            /// Quadratic coefficient of dv/dt.
            k2 = 0.04 /ms/mV,
            /// Linear coefficient of dv/dt.
            k1 = 5 /ms,
            /// Constant term of dv/dt.
            k0 = 140 mV/ms,
            /// Potential at which the recovery variable's drive vanishes.
            v_u = 0 mV,
            /// Relaxation of u towards b (v − v_u): 1 in the model, 0 in the accommodation
            /// panel of Izhikevich (2004).
            gamma = 1,
            /// Initial membrane potential.
            v_init = -65 mV,
            /// Initial recovery variable.
            u_init = b*v_init,
        }
        inputs {
            /// Injected current (the paper's units: mV/ms).
            I: mV/ms
        }
        state {
            /// Membrane potential.
            v = v_init,
            /// Recovery variable.
            u = u_init,
        }
        equations {
            dv/dt = k2*v^2 + k1*v + k0 - u + I
            du/dt = a*(b*(v - v_u) - gamma*u)
        }
        on v > v_peak { emit spike; v = c; u += d }
        method semi_implicit_euler
        schedule brian2
        /// Regular spiking (RS) cortical cell (2003, the defaults).
        preset rs { a = 0.02 /ms, b = 0.2 /ms, c = -65 mV, d = 8 mV/ms }
        /// Intrinsically bursting (IB) cortical cell (2003).
        preset ib { a = 0.02 /ms, b = 0.2 /ms, c = -55 mV, d = 4 mV/ms }
        /// Chattering (CH) cortical cell (2003).
        preset ch { a = 0.02 /ms, b = 0.2 /ms, c = -50 mV, d = 2 mV/ms }
        /// Fast-spiking (FS) interneuron (2003).
        preset fs { a = 0.1 /ms, b = 0.2 /ms, c = -65 mV, d = 2 mV/ms }
        /// Low-threshold spiking (LTS) interneuron (2003).
        preset lts { a = 0.02 /ms, b = 0.25 /ms, c = -65 mV, d = 2 mV/ms }
        /// Thalamo-cortical (TC) cell (2003).
        preset tc { a = 0.02 /ms, b = 0.25 /ms, c = -65 mV, d = 0.05 mV/ms }
        /// Resonator (RZ) cell (2003).
        preset rz { a = 0.1 /ms, b = 0.26 /ms, c = -65 mV, d = 2 mV/ms }
        /// (A) Tonic spiking (2004): step to 14 from 10 ms.
        preset tonic_spiking { a = 0.02 /ms, b = 0.2 /ms, c = -65 mV, d = 6 mV/ms, v_init = -70 mV }
        /// (B) Phasic spiking (2004): step to 0.5 from 20 ms.
        preset phasic_spiking { a = 0.02 /ms, b = 0.25 /ms, c = -65 mV, d = 6 mV/ms, v_init = -64 mV }
        /// (C) Tonic bursting (2004): step to 15 from 22 ms.
        preset tonic_bursting { a = 0.02 /ms, b = 0.2 /ms, c = -50 mV, d = 2 mV/ms, v_init = -70 mV }
        /// (D) Phasic bursting (2004): step to 0.6 from 20 ms.
        preset phasic_bursting { a = 0.02 /ms, b = 0.25 /ms, c = -55 mV, d = 0.05 mV/ms, v_init = -64 mV }
        /// (E) Mixed mode (2004): step to 10 from 16 ms.
        preset mixed_mode { a = 0.02 /ms, b = 0.2 /ms, c = -55 mV, d = 4 mV/ms, v_init = -70 mV }
        /// (F) Spike-frequency adaptation (2004): step to 30 from 8.5 ms.
        preset spike_frequency_adaptation { a = 0.01 /ms, b = 0.2 /ms, c = -65 mV, d = 8 mV/ms, v_init = -70 mV }
        /// (G) Class 1 excitability (2004): ramp 0.075 (t − 30 ms)/ms from 30 ms.
        preset class_1_excitable {
            a = 0.02 /ms, b = -0.1 /ms, c = -55 mV, d = 6 mV/ms, k1 = 4.1 /ms, k0 = 108 mV/ms,
            v_init = -60 mV,
        }
        /// (H) Class 2 excitability (2004): −0.5, then a ramp of 0.015 /ms from 30 ms.
        preset class_2_excitable { a = 0.2 /ms, b = 0.26 /ms, c = -65 mV, d = 0 mV/ms, v_init = -64 mV }
        /// (I) Spike latency (2004): a 3 ms pulse of 7.04 at 10 ms.
        preset spike_latency { a = 0.02 /ms, b = 0.2 /ms, c = -65 mV, d = 6 mV/ms, v_init = -70 mV }
        /// (J) Subthreshold oscillations (2004): a 5 ms pulse of 2 at 20 ms.
        preset subthreshold_oscillations { a = 0.05 /ms, b = 0.26 /ms, c = -60 mV, d = 0 mV/ms, v_init = -62 mV }
        /// (K) Resonator (2004): pulse pairs of 0.65, 4 ms long, 20 ms and 40 ms apart.
        preset resonator { a = 0.1 /ms, b = 0.26 /ms, c = -60 mV, d = -1 mV/ms, v_init = -62 mV }
        /// (L) Integrator (2004): pulse pairs of 9, 2 ms long, 5 ms and 10 ms apart.
        preset integrator {
            a = 0.02 /ms, b = -0.1 /ms, c = -55 mV, d = 6 mV/ms, k1 = 4.1 /ms, k0 = 108 mV/ms,
            v_init = -60 mV,
        }
        /// (M) Rebound spike (2004): a 5 ms pulse of −15 at 20 ms.
        preset rebound_spike { a = 0.03 /ms, b = 0.25 /ms, c = -60 mV, d = 4 mV/ms, v_init = -64 mV }
        /// (N) Rebound burst (2004): a 5 ms pulse of −15 at 20 ms.
        preset rebound_burst { a = 0.03 /ms, b = 0.25 /ms, c = -52 mV, d = 0 mV/ms, v_init = -64 mV }
        /// (O) Threshold variability (2004): pulses of 1 at 10 and 80 ms, of −6 at 70 ms.
        preset threshold_variability { a = 0.03 /ms, b = 0.25 /ms, c = -60 mV, d = 4 mV/ms, v_init = -64 mV }
        /// (P) Bistability (2004): 0.24, with 5 ms pulses of 1.24 at 37.5 and 216 ms.
        preset bistability { a = 0.1 /ms, b = 0.26 /ms, c = -60 mV, d = 0 mV/ms, v_init = -61 mV }
        /// (Q) Depolarising after-potential (2004): a 2 ms pulse of 20 at 9 ms.
        preset dap { a = 1 /ms, b = 0.2 /ms, c = -60 mV, d = -21 mV/ms, v_init = -70 mV }
        /// (R) Accommodation (2004): a slow ramp to 8 over 200 ms, then a fast ramp to 4 over
        /// 12.5 ms from 300 ms; u' = a b (v + 65 mV), u starts at −16.
        preset accommodation {
            a = 0.02 /ms, b = 1 /ms, c = -55 mV, d = 4 mV/ms, v_u = -65 mV, gamma = 0,
            v_init = -65 mV, u_init = -16 mV/ms,
        }
        /// (S) Inhibition-induced spiking (2004): 80, lowered to 75 from 50 to 250 ms.
        preset inhibition_induced_spiking { a = -0.02 /ms, b = -1 /ms, c = -60 mV, d = 8 mV/ms, v_init = -63.8 mV }
        /// (T) Inhibition-induced bursting (2004): 80, lowered to 75 from 50 to 250 ms.
        preset inhibition_induced_bursting { a = -0.026 /ms, b = -1 /ms, c = -45 mV, d = -2 mV/ms, v_init = -63.8 mV }
    }
}
