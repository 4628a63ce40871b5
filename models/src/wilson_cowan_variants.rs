//! Wilson–Cowan variants of brainmass 0.1.1 (`wilson_cowan.py`). Weight names read
//! source-target everywhere: `wIE` is the weight from I onto E.

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// Wilson–Cowan without the refractory factor (brainmass `WilsonCowanNoSaturationStep`):
    /// τ_E drE/dt = −rE + F(wEE rE − wIE rI + I_E), τ_I drI/dt = −rI + F(wEI rE − wII rI + I_I).
    pub mass WilsonCowanNoSaturation {
        parameters {
            tau_E = 1 ms, a_E = 1.2, theta_E = 2.8, tau_I = 1 ms, a_I = 1.0, theta_I = 4.0,
            wEE = 12, wIE = 4, wEI = 13, wII = 11,
        }
        inputs { I_E: 1, I_I: 1 }
        state { rE = 0, rI = 0 }
        functions {
            fn F(x, gain, threshold) = sigmoid(gain*(x - threshold)) - sigmoid(-gain*threshold)
        }
        equations {
            drE/dt = (-rE + F(wEE*rE - wIE*rI + I_E, a_E, theta_E)) / tau_E
            drI/dt = (-rI + F(wEI*rE - wII*rI + I_I, a_I, theta_I)) / tau_I
        }
        method exp_euler_diag, euler, rk2, rk4
    }

    /// Wilson–Cowan with one time constant, gain and threshold for both populations
    /// (brainmass `WilsonCowanSymmetricStep`).
    pub mass WilsonCowanSymmetric {
        parameters {
            tau = 1 ms, a = 1.1, theta = 3.4,
            wEE = 12, wIE = 4, wEI = 13, wII = 11, r = 1,
        }
        inputs { I_E: 1, I_I: 1 }
        state { rE = 0, rI = 0 }
        functions {
            fn F(x) = sigmoid(a*(x - theta)) - sigmoid(-a*theta)
        }
        equations {
            drE/dt = (-rE + (1 - r*rE)*F(wEE*rE - wIE*rI + I_E)) / tau
            drI/dt = (-rI + (1 - r*rI)*F(wEI*rE - wII*rI + I_I)) / tau
        }
        method exp_euler_diag, euler, rk2, rk4
    }

    /// Wilson–Cowan where both populations receive the same drive w_exc rE − w_inh rI + I
    /// (brainmass `WilsonCowanSimplifiedStep`).
    pub mass WilsonCowanSimplified {
        parameters {
            tau_E = 1 ms, a_E = 1.2, theta_E = 2.8, tau_I = 1 ms, a_I = 1.0, theta_I = 4.0,
            w_exc = 8, w_inh = 12, r = 1,
        }
        inputs { I_E: 1, I_I: 1 }
        state { rE = 0, rI = 0 }
        functions {
            fn F(x, gain, threshold) = sigmoid(gain*(x - threshold)) - sigmoid(-gain*threshold)
        }
        equations {
            drE/dt = (-rE + (1 - r*rE)*F(w_exc*rE - w_inh*rI + I_E, a_E, theta_E)) / tau_E
            drI/dt = (-rI + (1 - r*rI)*F(w_exc*rE - w_inh*rI + I_I, a_I, theta_I)) / tau_I
        }
        method exp_euler_diag, euler, rk2, rk4
    }

    /// Threshold-linear Wilson–Cowan (brainmass `WilsonCowanLinearStep`): F replaced by
    /// [x]₊ = max(x, 0).
    pub mass WilsonCowanLinear {
        parameters {
            tau_E = 1 ms, tau_I = 1 ms,
            wEE = 0.8, wIE = 0.3, wEI = 1.0, wII = 0.85, r = 1,
        }
        inputs { I_E: 1, I_I: 1 }
        state { rE = 0, rI = 0 }
        equations {
            drE/dt = (-rE + (1 - r*rE)*max(wEE*rE - wIE*rI + I_E, 0)) / tau_E
            drI/dt = (-rI + (1 - r*rI)*max(wEI*rE - wII*rI + I_I, 0)) / tau_I
        }
        method exp_euler_diag, euler, rk2, rk4
    }

    /// Wilson–Cowan with a third population M (brainmass `WilsonCowanThreePopulationStep`);
    /// weights read source-target: E drive wEE rE − wIE rI + wME rM, I drive
    /// wEI rE − wII rI + wMI rM, M drive wEM rE − wIM rI + wMM rM (brainmass's numbers, which
    /// brainmass names target-source).
    pub mass WilsonCowanThreePopulation {
        parameters {
            tau_E = 1 ms, a_E = 1.2, theta_E = 2.8,
            tau_I = 1 ms, a_I = 1.0, theta_I = 4.0,
            tau_M = 2 ms, a_M = 1.0, theta_M = 3.5,
            /// E → E.
            wEE = 12,
            /// I → E.
            wIE = 13,
            /// M → E.
            wME = 4,
            /// E → I.
            wEI = 4,
            /// I → I.
            wII = 11,
            /// M → I.
            wMI = 2,
            /// E → M.
            wEM = 8,
            /// I → M.
            wIM = 6,
            /// M → M.
            wMM = 2,
            r = 1,
        }
        inputs { I_E: 1, I_I: 1, I_M: 1 }
        state { rE = 0, rI = 0, rM = 0 }
        functions {
            fn F(x, gain, threshold) = sigmoid(gain*(x - threshold)) - sigmoid(-gain*threshold)
        }
        equations {
            drE/dt = (-rE + (1 - r*rE)*F(wEE*rE - wIE*rI + wME*rM + I_E, a_E, theta_E)) / tau_E
            drI/dt = (-rI + (1 - r*rI)*F(wEI*rE - wII*rI + wMI*rM + I_I, a_I, theta_I)) / tau_I
            drM/dt = (-rM + (1 - r*rM)*F(wEM*rE - wIM*rI + wMM*rM + I_M, a_M, theta_M)) / tau_M
        }
        method exp_euler_diag, euler, rk2, rk4
    }

    /// Wilson–Cowan with divisive inhibition (brainmass `WilsonCowanDivisiveStep`):
    /// τ_E drE/dt = −rE + (1 − r rE) F(wEE rE + I_E)/(σ_E + wIE rI),
    /// τ_I drI/dt = −rI + (1 − r rI) F(wEI rE + I_I)/(σ_I + wII rI).
    /// Source-target names (`wIE`: I → E); brainmass's numbers: I→E 6.5, E→I 2.
    pub mass WilsonCowanDivisive {
        parameters {
            tau_E = 1 ms, a_E = 1.2, theta_E = 2.8, tau_I = 1 ms, a_I = 1.0, theta_I = 4.0,
            wEE = 6, wIE = 6.5, wEI = 2, wII = 5.5, sigma_E = 1, sigma_I = 1, r = 1,
        }
        inputs { I_E: 1, I_I: 1 }
        state { rE = 0, rI = 0 }
        functions {
            fn F(x, gain, threshold) = sigmoid(gain*(x - threshold)) - sigmoid(-gain*threshold)
        }
        equations {
            drE/dt = (-rE + (1 - r*rE)*F(wEE*rE + I_E, a_E, theta_E)/(sigma_E + wIE*rI)) / tau_E
            drI/dt = (-rI + (1 - r*rI)*F(wEI*rE + I_I, a_I, theta_I)/(sigma_I + wII*rI)) / tau_I
        }
        method exp_euler_diag, euler, rk2, rk4
    }

    /// Wilson–Cowan with divisive normalisation of the input (brainmass
    /// `WilsonCowanDivisiveInputStep`):
    /// τ_E drE/dt = −rE + (1 − r rE) F(wEE rE/(σ_E + wIE rI) + I_E),
    /// τ_I drI/dt = −rI + (1 − r rI) F(wEI rE/(σ_I + wII rI) + I_I).
    pub mass WilsonCowanDivisiveInput {
        parameters {
            tau_E = 1 ms, a_E = 1.2, theta_E = 2.8, tau_I = 1 ms, a_I = 1.0, theta_I = 4.0,
            wEE = 6, wIE = 6.5, wEI = 2, wII = 5.5, sigma_E = 1, sigma_I = 1, r = 1,
        }
        inputs { I_E: 1, I_I: 1 }
        state { rE = 0, rI = 0 }
        functions {
            fn F(x, gain, threshold) = sigmoid(gain*(x - threshold)) - sigmoid(-gain*threshold)
        }
        equations {
            drE/dt = (-rE + (1 - r*rE)*F(wEE*rE/(sigma_E + wIE*rI) + I_E, a_E, theta_E)) / tau_E
            drI/dt = (-rI + (1 - r*rI)*F(wEI*rE/(sigma_I + wII*rI) + I_I, a_I, theta_I)) / tau_I
        }
        method exp_euler_diag, euler, rk2, rk4
    }

    /// Wilson–Cowan with delayed recurrent interactions (brainmass `WilsonCowanDelayedStep`):
    /// E drive wEE rE(t − d_EE) − wIE rI(t − d_IE) + I_E, I drive
    /// wEI rE(t − d_EI) − wII rI(t − d_II) + I_I. Delays are rounded up to whole steps (as
    /// brainmass does); before t = 0 the delayed values are the initial state. Source-target
    /// names (`d_IE`: the I → E delay); brainmass's numbers.
    pub mass WilsonCowanDelayed {
        parameters {
            tau_E = 1 ms, a_E = 1.2, theta_E = 2.8, tau_I = 1 ms, a_I = 1.0, theta_I = 4.0,
            wEE = 12, wIE = 13, wEI = 4, wII = 11, r = 1,
            /// E → E delay.
            d_EE = 2 ms,
            /// I → E delay.
            d_IE = 1.5 ms,
            /// E → I delay.
            d_EI = 2 ms,
            /// I → I delay.
            d_II = 1.5 ms,
        }
        inputs { I_E: 1, I_I: 1 }
        state { rE = 0, rI = 0 }
        functions {
            fn F(x, gain, threshold) = sigmoid(gain*(x - threshold)) - sigmoid(-gain*threshold)
        }
        equations {
            drE/dt = (-rE + (1 - r*rE)*F(wEE*delayed(rE, d_EE) - wIE*delayed(rI, d_IE) + I_E, a_E, theta_E)) / tau_E
            drI/dt = (-rI + (1 - r*rI)*F(wEI*delayed(rE, d_EI) - wII*delayed(rI, d_II) + I_I, a_I, theta_I)) / tau_I
        }
        method exp_euler_diag, euler, rk2, rk4
    }
}
