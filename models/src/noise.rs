//! Noise processes as stochastic differential equations with white noise `xi` (s^-1/2).

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// Ornstein–Uhlenbeck process (Uhlenbeck & Ornstein 1930), parametrised by its stationary
    /// mean and standard deviation: dx/dt = (μ − x)/τ + σ √(2/τ) ξ.
    ///
    /// brainmass's `OUProcess(sigma=s, tau)` is the same process with σ = s/√2 (its stationary
    /// std is s/√2). Default method `exp_euler_diag` (brainmass's: exact exponential drift plus
    /// the noise increment g·√dt·N(0,1)); `euler_maruyama` also.
    pub mass OrnsteinUhlenbeck {
        parameters {
            /// Stationary mean.
            mu = 0,
            /// Stationary standard deviation.
            sigma = 1,
            /// Correlation time.
            tau = 10 ms,
        }
        state {
            /// The process.
            x = 0,
        }
        equations {
            dx/dt = (mu - x)/tau + sigma*sqrt(2/tau)*xi
        }
        method exp_euler_diag, euler_maruyama
    }

    /// Brownian motion (Wiener process) with variance σ²·t/τ₀: dx/dt = σ ξ/√τ₀
    /// (brainmass `BrownianNoise` with τ₀ = 1 ms).
    pub mass Brownian {
        parameters {
            /// Diffusion strength (standard deviation after τ₀).
            sigma = 1,
            /// Reference time for σ.
            tau0 = 1 ms,
        }
        state {
            /// The process.
            x = 0,
        }
        equations {
            dx/dt = sigma*xi/sqrt(tau0)
        }
        method euler_maruyama
    }
}
