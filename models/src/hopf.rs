//! Hopf normal form (supercritical Hopf oscillator), brainmass's `HopfStep`.

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// Hopf normal form as in brainmass 0.1.1 `HopfStep` (Deco et al. 2017 whole-brain
    /// oscillators).
    ///
    /// dx/dt = [(a − β r) x + x_inp]/ms − ω y,  dy/dt = [(a − β r) y + y_inp]/ms + ω x,
    /// r = x² + y². For a > 0 a limit cycle of radius √(a/β) at ω/2π (0.2 rad/ms ≈ 31.8 Hz);
    /// for a < 0 a stable focus. Default method: brainmass's per-variable exponential Euler
    /// with the diagonal of the full Jacobian (`exp_euler_diag`); `euler`, `rk2`, `rk4` also.
    pub mass Hopf {
        parameters {
            /// Bifurcation parameter (in units of 1/ms after the time scale).
            a = 0.25,
            /// Angular frequency.
            w = 0.2 /ms,
            /// Nonlinear saturation coefficient.
            beta = 1.0,
            /// Time scale of the radial dynamics.
            tau = 1 ms,
        }
        inputs {
            /// Input to x (coupling + external), dimensionless as in brainmass.
            x_inp: 1,
            /// Input to y.
            y_inp: 1,
        }
        state {
            /// First coordinate.
            x = 0,
            /// Second coordinate.
            y = 0,
        }
        equations {
            let r = x^2 + y^2
            dx/dt = ((a - beta*r)*x + x_inp)/tau - w*y
            dy/dt = ((a - beta*r)*y + y_inp)/tau + w*x
        }
        method exp_euler_diag, euler, rk2, rk4
    }
}
