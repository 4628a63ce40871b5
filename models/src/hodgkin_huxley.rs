//! Hodgkin–Huxley squid giant axon.

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// Hodgkin & Huxley (1952), J. Physiol. 117:500, squid giant axon at 6.3 °C, in the
    /// modern convention (rest near −65 mV).
    ///
    /// Cm dv/dt = I − gNa m³h (v − ENa) − gK n⁴ (v − EK) − gL (v − EL);
    /// dx/dt = αx(v)(1 − x) − βx(v) x for x ∈ {m, h, n}. The gates start at their steady
    /// state at `V0`. A spike is an upward crossing of `v_spike` (refractory while above it).
    /// Default method: exponential Euler (Brian2's scheme); `rk4` is also selectable.
    pub neuron HodgkinHuxley {
        parameters {
            /// Membrane capacitance per area.
            Cm = 1 uF/cm^2,
            /// Maximal sodium conductance per area.
            gNa = 120 mS/cm^2,
            /// Maximal potassium conductance per area.
            gK = 36 mS/cm^2,
            /// Leak conductance per area.
            gL = 0.3 mS/cm^2,
            /// Sodium reversal potential.
            ENa = 50 mV,
            /// Potassium reversal potential.
            EK = -77 mV,
            /// Leak reversal potential.
            EL = -54.387 mV,
            /// Initial (resting) potential; the gates start at steady state here.
            V0 = -65 mV,
            /// Spike detection level (upward crossing).
            v_spike = 0 mV,
        }
        inputs {
            /// Injected current density.
            I: uA/cm^2
        }
        functions {
            fn alpha_m(v) = (1 /ms) / exprel(-(v + 40 mV)/(10 mV))
            fn beta_m(v) = 4 /ms * exp(-(v + 65 mV)/(18 mV))
            fn alpha_h(v) = 0.07 /ms * exp(-(v + 65 mV)/(20 mV))
            fn beta_h(v) = (1 /ms) / (1 + exp(-(v + 35 mV)/(10 mV)))
            fn alpha_n(v) = (0.1 /ms) / exprel(-(v + 55 mV)/(10 mV))
            fn beta_n(v) = 0.125 /ms * exp(-(v + 65 mV)/(80 mV))
        }
        state {
            /// Membrane potential.
            v = V0,
            /// Sodium activation.
            m = alpha_m(V0)/(alpha_m(V0) + beta_m(V0)),
            /// Sodium inactivation.
            h = alpha_h(V0)/(alpha_h(V0) + beta_h(V0)),
            /// Potassium activation.
            n = alpha_n(V0)/(alpha_n(V0) + beta_n(V0)),
        }
        equations {
            dv/dt = (I - gNa*m^3*h*(v - ENa) - gK*n^4*(v - EK) - gL*(v - EL)) / Cm
            dm/dt = alpha_m(v)*(1 - m) - beta_m(v)*m
            dh/dt = alpha_h(v)*(1 - h) - beta_h(v)*h
            dn/dt = alpha_n(v)*(1 - n) - beta_n(v)*n
        }
        outputs {
            /// Sodium current density.
            I_Na: uA/cm^2 = gNa*m^3*h*(v - ENa)
            /// Potassium current density.
            I_K: uA/cm^2 = gK*n^4*(v - EK)
        }
        on v > v_spike { emit spike }
        refractory v > v_spike
        method exponential_euler, rk4
    }
}
