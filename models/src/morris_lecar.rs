//! Morris–Lecar neuron with the parameter sets of Rinzel & Ermentrout (1998), and the
//! FitzHugh–Nagumo model as a spiking neuron.

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// Morris & Lecar (1981, Biophys. J. 35:193) barnacle muscle fibre, in the form and
    /// with the parameters of Rinzel & Ermentrout (1998, *Methods in Neuronal Modeling*,
    /// ch. 7).
    ///
    /// C dv/dt = I − g_L (v − V_L) − g_Ca m∞(v)(v − V_Ca) − g_K w (v − V_K),
    /// dw/dt = φ cosh((v − V3)/(2 V4)) (w∞(v) − w), with
    /// m∞(v) = ½(1 + tanh((v − V1)/V2)) and w∞(v) = ½(1 + tanh((v − V3)/V4)).
    /// Defaults: the type II set (onset of firing through a Hopf bifurcation, at a finite
    /// rate); preset `type_1` the type I set (saddle-node on invariant circle: firing starts
    /// at zero rate), `homoclinic` the homoclinic set. A spike is an upward crossing of
    /// `v_spike`. It starts at rest-like v = V0 with w = w∞(V0). Default method `rk4`.
    pub neuron MorrisLecar {
        parameters {
            /// Membrane capacitance per area.
            C = 20 uF/cm^2,
            /// Maximal calcium conductance per area.
            g_Ca = 4.4 mS/cm^2,
            /// Maximal potassium conductance per area.
            g_K = 8 mS/cm^2,
            /// Leak conductance per area.
            g_L = 2 mS/cm^2,
            /// Calcium reversal potential.
            V_Ca = 120 mV,
            /// Potassium reversal potential.
            V_K = -84 mV,
            /// Leak reversal potential.
            V_L = -60 mV,
            /// Midpoint of the calcium activation m∞.
            V1 = -1.2 mV,
            /// Slope of the calcium activation m∞.
            V2 = 18 mV,
            /// Midpoint of the potassium activation w∞.
            V3 = 2 mV,
            /// Slope of the potassium activation w∞.
            V4 = 30 mV,
            /// Rate scale of the potassium activation.
            phi = 0.04 /ms,
            /// Initial potential; w starts at w∞(V0).
            V0 = -60 mV,
            /// Spike detection level (upward crossing).
            v_spike = 0 mV,
        }
        inputs {
            /// Injected current density.
            I: uA/cm^2
        }
        functions {
            fn m_inf(v) = 0.5*(1 + tanh((v - V1)/V2))
            fn w_inf(v) = 0.5*(1 + tanh((v - V3)/V4))
        }
        state {
            /// Membrane potential.
            v = V0,
            /// Potassium activation.
            w = w_inf(V0),
        }
        equations {
            dv/dt = (I - g_L*(v - V_L) - g_Ca*m_inf(v)*(v - V_Ca) - g_K*w*(v - V_K)) / C
            dw/dt = phi*cosh((v - V3)/(2*V4))*(w_inf(v) - w)
        }
        on v > v_spike { emit spike }
        refractory v > v_spike
        method rk4, rk2, euler
        /// Type II excitability (Hopf bifurcation; the defaults).
        preset type_2 { g_Ca = 4.4 mS/cm^2, V3 = 2 mV, V4 = 30 mV, phi = 0.04 /ms }
        /// Type I excitability (saddle-node on invariant circle).
        preset type_1 { g_Ca = 4 mS/cm^2, V3 = 12 mV, V4 = 17.4 mV, phi = 0.06666667 /ms }
        /// Homoclinic onset of firing.
        preset homoclinic { g_Ca = 4 mS/cm^2, V3 = 12 mV, V4 = 17.4 mV, phi = 0.23 /ms }
        /// The type I neuron of *Neuronal Dynamics* (Gerstner et al. 2014, ch. 4.4; the
        /// exercises' `NeuronTypeOne`): a current I·R of x mV there is x µA/cm² here.
        preset neuronal_dynamics_type_1 {
            g_Ca = 4.4 mS/cm^2, V3 = 12 mV, V4 = 17 mV, phi = 0.06666667 /ms,
        }
    }
}

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// FitzHugh–Nagumo model as a spiking neuron (FitzHugh 1961, Biophys. J. 1:445; Nagumo
    /// et al. 1962), with FitzHugh's parameters.
    ///
    /// τ₀ dv/dt = v − v³/3 − w + I,  τ₀ dw/dt = φ (v + a − b w), τ₀ = 1 ms; a spike is an
    /// upward crossing of `v_spike`. Dimensionless v, w and I. With a = 0.7, b = 0.8,
    /// φ = 0.08 it is also the type II neuron of *Neuronal Dynamics* (Gerstner et al. 2014,
    /// ch. 4; the exercises' `NeuronTypeTwo`, τ_w = τ₀/(φ b) = 15.6 ms). Starts at the
    /// resting state of I = 0 (v = −1.1994, w = −0.6243). Default method `rk4`.
    pub neuron FitzHughNagumoNeuron {
        parameters {
            /// Recovery offset.
            a = 0.7,
            /// Recovery self-coupling.
            b = 0.8,
            /// Recovery rate (time-scale ratio).
            phi = 0.08,
            /// Time scale of v.
            tau0 = 1 ms,
            /// Spike detection level (upward crossing).
            v_spike = 1.0,
            /// Initial v.
            v0 = -1.1994,
            /// Initial w.
            w0 = -0.6243,
        }
        inputs {
            /// Injected current (dimensionless).
            I: 1
        }
        state {
            /// Fast (membrane) variable.
            v = v0,
            /// Slow recovery variable.
            w = w0,
        }
        equations {
            dv/dt = (v - v^3/3 - w + I)/tau0
            dw/dt = phi*(v + a - b*w)/tau0
        }
        on v > v_spike { emit spike }
        refractory v > v_spike
        method rk4, rk2, euler
    }
}
