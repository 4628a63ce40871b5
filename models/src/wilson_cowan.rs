//! Wilson–Cowan excitatory–inhibitory rate model, brainmass's `WilsonCowanStep`.

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// Wilson & Cowan (1972), Biophys. J. 12:1, in brainmass 0.1.1's `WilsonCowanStep` form.
    ///
    /// τ_E drE/dt = −rE + (1 − r·rE) F(wEE rE − wIE rI + I_E; a_E, θ_E),
    /// τ_I drI/dt = −rI + (1 − r·rI) F(wEI rE − wII rI + I_I; a_I, θ_I),
    /// F(x; a, θ) = σ(a(x − θ)) − σ(−aθ) (so F(0) = 0). Weight names read source-target:
    /// `wIE` is the weight from I onto E (it enters the E equation), `wEI` from E onto I.
    /// Default method: brainmass's `exp_euler_diag`; `euler`, `rk2`, `rk4` also.
    pub mass WilsonCowan {
        parameters {
            /// Excitatory time constant.
            tau_E = 1 ms,
            /// Excitatory gain.
            a_E = 1.2,
            /// Excitatory threshold.
            theta_E = 2.8,
            /// Inhibitory time constant.
            tau_I = 1 ms,
            /// Inhibitory gain.
            a_I = 1.0,
            /// Inhibitory threshold.
            theta_I = 4.0,
            /// E → E weight.
            wEE = 12,
            /// I → E weight (enters the E equation with a minus sign).
            wIE = 4,
            /// E → I weight.
            wEI = 13,
            /// I → I weight.
            wII = 11,
            /// Refractoriness factor in (1 − r·rate).
            r = 1,
        }
        inputs {
            /// Input to the excitatory population.
            I_E: 1,
            /// Input to the inhibitory population.
            I_I: 1,
        }
        state {
            /// Excitatory rate (dimensionless activity).
            rE = 0,
            /// Inhibitory rate.
            rI = 0,
        }
        functions {
            /// Logistic response shifted so that F(0) = 0.
            fn F(x, gain, threshold) = sigmoid(gain*(x - threshold)) - sigmoid(-gain*threshold)
        }
        equations {
            drE/dt = (-rE + (1 - r*rE)*F(wEE*rE - wIE*rI + I_E, a_E, theta_E)) / tau_E
            drI/dt = (-rI + (1 - r*rI)*F(wEI*rE - wII*rI + I_I, a_I, theta_I)) / tau_I
        }
        method exp_euler_diag, euler, rk2, rk4
    }
}
