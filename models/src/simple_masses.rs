//! Small mass models of brainmass 0.1.1 and The Virtual Brain: linear, Lorenz, generic 2D
//! oscillator, Coombes–Byrne.

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// Linear node (brainmass `LinearStep`): dx/dt = (γ x + I)/τ₀, τ₀ = 1 ms. Integrated
    /// exactly by default.
    pub mass Linear {
        parameters {
            /// Decay (γ < 0) or growth rate in units of 1/τ₀.
            gamma = -10,
            /// Time scale.
            tau0 = 1 ms,
        }
        inputs {
            /// Input.
            I: 1,
        }
        state {
            /// Activity.
            x = 0.01,
        }
        equations {
            dx/dt = (gamma*x + I)/tau0
        }
        method exact, exp_euler_diag, euler, rk4
    }

    /// Lorenz (1963) system (brainmass `LorenzStep`): dx/dt = [σ(y − x) + I]/τ₀,
    /// dy/dt = [x(ρ − z) − y]/τ₀, dz/dt = [x y − β z]/τ₀, τ₀ = 1 ms. Chaotic at the defaults.
    pub mass Lorenz {
        parameters { sigma = 10, rho = 28, beta = 2.6666666666666665, tau0 = 1 ms }
        inputs {
            /// Input to x.
            I: 1,
        }
        state { x = 1, y = 1, z = 1 }
        equations {
            dx/dt = (sigma*(y - x) + I)/tau0
            dy/dt = (x*(rho - z) - y)/tau0
            dz/dt = (x*y - beta*z)/tau0
        }
        method rk4, exp_euler_diag, euler
    }

    /// Generic 2D oscillator of The Virtual Brain (Sanz-Leon et al. 2015; brainmass
    /// `Generic2dOscillatorStep`):
    /// dV/dt = d τ (−f V³ + e V² + g V + α W + γ I + γ V_inp)/τ₀,
    /// dW/dt = (d/τ)(a + b V + c V² − β W)/τ₀, τ₀ = 1 ms. Defaults: a fixed point; I = 5 gives
    /// a limit cycle near 9 Hz.
    pub mass Generic2dOscillator {
        parameters {
            a = -2, b = -10, c = 0, d = 0.02, e = 3, f = 1, g = 0,
            alpha = 1, beta = 1, gamma = 1,
            /// Constant external drive.
            I = 0,
            tau = 1, tau0 = 1 ms,
        }
        inputs {
            /// Input to V (coupling).
            V_inp: 1,
        }
        state { V = 0, W = 0 }
        equations {
            dV/dt = d*tau*(-f*V^3 + e*V^2 + g*V + alpha*W + gamma*I + gamma*V_inp)/tau0
            dW/dt = (d/tau)*(a + b*V + c*V^2 - beta*W)/tau0
        }
        method exp_euler_diag, euler, rk2, rk4
    }

    /// Coombes & Byrne (2019) next-generation neural mass with conductance-based synapses
    /// (brainmass `CoombesByrneStep`):
    /// dr/dt = [Δ/π + 2 v r − g r + r_inp]/τ₀,
    /// dv/dt = [v² − (π r)² + η + (v_syn − v) g + v_inp]/τ₀, g = k π r, τ₀ = 1 ms.
    pub mass CoombesByrne {
        parameters {
            /// Width of the excitability distribution.
            Delta = 1,
            /// Mean excitability.
            eta = 2,
            /// Synaptic coupling.
            k = 1,
            /// Synaptic reversal potential (dimensionless).
            v_syn = -4,
            tau0 = 1 ms,
        }
        inputs { r_inp: 1, v_inp: 1 }
        state { r = 0.1, v = 0 }
        equations {
            let g = k*pi*r
            dr/dt = (Delta/pi + 2*v*r - g*r + r_inp)/tau0
            dv/dt = (v^2 - (pi*r)^2 + eta + (v_syn - v)*g + v_inp)/tau0
        }
        method exp_euler_diag, euler, rk2, rk4
    }
}
