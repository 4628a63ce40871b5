//! Rate models: threshold-linear E–I, Montbrió–Pazó–Roxin, Wilson–Cowan with adaptation.

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// Threshold-linear excitatory–inhibitory rate model (brainmass `ThresholdLinearStep`), with
    /// the sign of the literature.
    ///
    /// τ_E dE/dt = −E + β_E [I_E]₊,  τ_I dI/dt = −I + β_I [I_I]₊, rates clamped at ≥ 0 after
    /// each step. brainmass 0.1.1 writes +I in the second equation (its docstring says −I), so
    /// its I grows without bound once I > 0; Cajal follows the docstring, and ships brainmass's
    /// form as [`ThresholdLinearBrainmass`] for reproducing its results.
    pub mass ThresholdLinear {
        parameters {
            /// Excitatory time constant.
            tau_E = 20 ms,
            /// Inhibitory time constant.
            tau_I = 10 ms,
            /// Excitatory gain.
            beta_E = 0.066,
            /// Inhibitory gain.
            beta_I = 0.351,
        }
        inputs {
            /// Input to E.
            E_inp: 1,
            /// Input to I.
            I_inp: 1,
        }
        state {
            /// Excitatory rate.
            E = 0,
            /// Inhibitory rate.
            I = 0,
        }
        equations {
            dE/dt = (-E + beta_E*max(E_inp, 0))/tau_E
            dI/dt = (-I + beta_I*max(I_inp, 0))/tau_I
        }
        on E < 0 { E = 0 }
        on I < 0 { I = 0 }
        method exp_euler_diag
    }

    /// brainmass 0.1.1's `ThresholdLinearStep` exactly as it computes: +I in the inhibitory
    /// equation, τ_I dI/dt = +I + β_I [I_I]₊ (its docstring and the literature have −I, as
    /// [`ThresholdLinear`]). Only for reproducing brainmass results: once I > 0 it grows as
    /// e^{t/τ_I} without bound (clamped at ≥ 0 after each step, as brainmass does).
    pub mass ThresholdLinearBrainmass {
        parameters {
            /// Excitatory time constant.
            tau_E = 20 ms,
            /// Inhibitory time constant.
            tau_I = 10 ms,
            /// Excitatory gain.
            beta_E = 0.066,
            /// Inhibitory gain.
            beta_I = 0.351,
        }
        inputs {
            /// Input to E.
            E_inp: 1,
            /// Input to I.
            I_inp: 1,
        }
        state {
            /// Excitatory rate.
            E = 0,
            /// Inhibitory rate.
            I = 0,
        }
        equations {
            dE/dt = (-E + beta_E*max(E_inp, 0))/tau_E
            dI/dt = (I + beta_I*max(I_inp, 0))/tau_I
        }
        on E < 0 { E = 0 }
        on I < 0 { I = 0 }
        method exp_euler_diag
    }

    /// Montbrió, Pazó & Roxin (2015), Phys. Rev. X 5:021028: exact mean field of quadratic
    /// integrate-and-fire neurons (brainmass `MontbrioPazoRoxinStep`), in the standard form.
    ///
    /// τ dr/dt = Δ/(π τ) + 2 r v + r_inp τ/τ₀,  τ dv/dt = v² + η + J τ r − (π τ r)² + v_inp.
    /// Units trap: the dimensionless Δ̄ = 1 of the paper is `delta = 1/τ = 1 kHz`; brainmass's
    /// default `delta = 1 Hz` is Δ̄ = 0.001 (kept here as the default, with the paper's value
    /// as the `standard` preset). brainmass divides 2 r v by 1 ms instead of τ, which equals the
    /// standard form only for τ = 1 ms.
    pub mass MontbrioPazoRoxin {
        parameters {
            /// Membrane time constant.
            tau = 1 ms,
            /// Mean excitability.
            eta = -5.0,
            /// Half-width of the excitability distribution (a rate).
            delta = 1 Hz,
            /// Synaptic weight.
            J = 15.0,
        }
        inputs {
            /// Input to r (a rate).
            r_inp: Hz,
            /// Input to v.
            v_inp: 1,
        }
        state {
            /// Population firing rate.
            r = 0 Hz,
            /// Mean membrane potential (dimensionless).
            v = 0,
        }
        equations {
            dr/dt = delta/(pi*tau) + (2*v*r + r_inp)/tau
            dv/dt = (v^2 + eta + v_inp + J*r*tau - (pi*r*tau)^2)/tau
        }
        method exp_euler_diag, euler, rk2, rk4
        /// The paper's dimensionless parameters (Δ̄ = 1, η̄ = −5, J̄ = 15) at τ = 1 ms.
        preset standard { delta = 1 kHz }
    }

    /// Wilson–Cowan with spike-frequency adaptation (brainmass `WilsonCowanAdaptiveStep`).
    ///
    /// τ_E drE/dt = −rE + (1 − r·rE) F(wEE rE − wIE rI + I_E − aE; a_E, θ_E),
    /// τ_I drI/dt = −rI + (1 − r·rI) F(wEI rE − wII rI + I_I − aI; a_I, θ_I),
    /// τ_aE daE/dt = −aE + b_E rE,  τ_aI daI/dt = −aI + b_I rI.
    /// Weight names read source-target (`wIE`: from I onto E). brainmass names these two the
    /// other way round in this variant (its E equation has −wEI·rI with wEI = 13); the
    /// defaults here are brainmass's numbers in their places: I→E 13, E→I 4.
    pub mass WilsonCowanAdaptive {
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
            /// I → E weight.
            wIE = 13,
            /// E → I weight.
            wEI = 4,
            /// I → I weight.
            wII = 11,
            /// Refractoriness factor.
            r = 1,
            /// Excitatory adaptation time constant.
            tau_aE = 100 ms,
            /// Inhibitory adaptation time constant.
            tau_aI = 80 ms,
            /// Excitatory adaptation strength.
            b_E = 0.1,
            /// Inhibitory adaptation strength.
            b_I = 0.08,
        }
        inputs {
            /// Input to the excitatory population.
            I_E: 1,
            /// Input to the inhibitory population.
            I_I: 1,
        }
        state { rE = 0, rI = 0, aE = 0, aI = 0 }
        functions {
            /// Logistic response shifted so that F(0) = 0.
            fn F(x, gain, threshold) = sigmoid(gain*(x - threshold)) - sigmoid(-gain*threshold)
        }
        equations {
            drE/dt = (-rE + (1 - r*rE)*F(wEE*rE - wIE*rI + I_E - aE, a_E, theta_E)) / tau_E
            drI/dt = (-rI + (1 - r*rI)*F(wEI*rE - wII*rI + I_I - aI, a_I, theta_I)) / tau_I
            daE/dt = (-aE + b_E*rE) / tau_aE
            daI/dt = (-aI + b_I*rI) / tau_aI
        }
        method exp_euler_diag, euler, rk2, rk4
    }
}

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// Two-choice decision model after Wong & Wang (2006), J. Neurosci. 26:1314, in brainmass
    /// 0.1.1's `WongWangStep` form: two NMDA gating variables with threshold-linear rates
    /// φ(I) = a [I − θ]₊ (not the paper's Abbott–Chance function).
    ///
    /// I₁ = J11 S1 − J12 S2 + J_ext μ0 (1 + c) + I0,  I₂ = J22 S2 − J21 S1 + J_ext μ0 (1 − c) + I0,
    /// dSk/dt = −Sk/τ_S + (1 − Sk) γ φ(Ik), then S clipped to [0, 1]. The rates are computed
    /// before the step (`frozen`), so the exponential step uses J = −1/τ_S − γ r_k as
    /// brainmass does. `coherence` is the motion coherence c.
    pub mass WongWang {
        parameters {
            tau_S = 100 ms, gamma = 0.641,
            a = 270 Hz/nA, theta = 0.31 nA,
            J11 = 0.2609 nA, J22 = 0.2609 nA, J12 = 0.0497 nA, J21 = 0.0497 nA,
            J_ext = 0.0002243 nA/Hz, mu0 = 30 Hz, I0 = 0.3255 nA,
        }
        inputs {
            /// Motion coherence (−1 … 1).
            coherence: 1,
            /// Noise or extra current into population 1.
            eta1: nA,
            /// Noise or extra current into population 2.
            eta2: nA,
        }
        state { S1 = 0, S2 = 0 }
        equations {
            let I1 = J11*S1 - J12*S2 + J_ext*mu0*(1 + coherence) + I0 + eta1
            let I2 = J22*S2 - J21*S1 + J_ext*mu0*(1 - coherence) + I0 + eta2
            let r1 = frozen(a*max(I1 - theta, 0 nA))
            let r2 = frozen(a*max(I2 - theta, 0 nA))
            dS1/dt = -S1/tau_S + (1 - S1)*gamma*r1
            dS2/dt = -S2/tau_S + (1 - S2)*gamma*r2
        }
        outputs {
            /// Rate of population 1.
            rate1: Hz = a*max(J11*S1 - J12*S2 + J_ext*mu0*(1 + coherence) + I0 + eta1 - theta, 0 nA)
            /// Rate of population 2.
            rate2: Hz = a*max(J22*S2 - J21*S1 + J_ext*mu0*(1 - coherence) + I0 + eta2 - theta, 0 nA)
        }
        on S1 > 1 { S1 = 1 }
        on S1 < 0 { S1 = 0 }
        on S2 > 1 { S2 = 1 }
        on S2 < 0 { S2 = 0 }
        method exp_euler_diag, euler, rk4
    }
}
