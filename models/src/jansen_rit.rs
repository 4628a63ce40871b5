//! Jansen–Rit cortical column, brainmass `JansenRitStep`.

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// Jansen & Rit (1995), Biol. Cybern. 73:357: pyramidal cells with excitatory and
    /// inhibitory interneurons (brainmass `JansenRitStep`).
    ///
    /// M̈ = A_e b_e S(E − I + M_inp) − 2 b_e Ṁ − b_e² M,
    /// Ë = A_e b_e [E_inp + C a2 S(C a1 M)] − 2 b_e Ė − b_e² E,
    /// Ï = A_i b_i C a4 S(C a3 M + I_inp) − 2 b_i İ − b_i² I,
    /// S(v) = s_max σ(r (v − v0)). `E_inp` is the classic p(t) (a rate); `M_inp`, `I_inp` are
    /// potentials added inside the sigmoids. The EEG proxy is the output `eeg` = E − I.
    /// brainmass's `exp_euler` is `exp_euler_diag` here: positions take an Euler step with the
    /// old velocity and velocities an exponential step with J = −2b.
    pub mass JansenRit {
        parameters {
            /// Excitatory synaptic gain.
            A_e = 3.25 mV,
            /// Inhibitory synaptic gain.
            A_i = 22 mV,
            /// Excitatory rate constant.
            b_e = 100 Hz,
            /// Inhibitory rate constant.
            b_i = 50 Hz,
            /// Connectivity scale.
            C = 135,
            /// Pyramidal → excitatory interneuron fraction.
            a1 = 1.0,
            /// Excitatory interneuron → pyramidal fraction.
            a2 = 0.8,
            /// Pyramidal → inhibitory interneuron fraction.
            a3 = 0.25,
            /// Inhibitory interneuron → pyramidal fraction.
            a4 = 0.25,
            /// Maximal firing rate of the sigmoid.
            s_max = 5 Hz,
            /// Sigmoid midpoint.
            v0 = 6 mV,
            /// Sigmoid steepness.
            rho = 0.56 /mV,
        }
        inputs {
            /// Potential added to the pyramidal sigmoid input.
            M_inp: mV,
            /// Extrinsic input rate p(t) to the excitatory interneurons.
            E_inp: Hz,
            /// Potential added to the inhibitory interneurons' sigmoid input.
            I_inp: mV,
        }
        state {
            /// Pyramidal postsynaptic potential (y0).
            M = 0 mV,
            /// Excitatory postsynaptic potential (y1).
            E = 0 mV,
            /// Inhibitory postsynaptic potential (y2).
            I = 0 mV,
            /// dM/dt.
            Mv: mV/ms = 0 mV/ms,
            /// dE/dt.
            Ev: mV/ms = 0 mV/ms,
            /// dI/dt.
            Iv: mV/ms = 0 mV/ms,
        }
        functions {
            /// Population firing rate for a mean membrane potential.
            fn S(v) = s_max*sigmoid(rho*(v - v0))
        }
        equations {
            dM/dt = Mv
            dE/dt = Ev
            dI/dt = Iv
            dMv/dt = A_e*b_e*S(E - I + M_inp) - 2*b_e*Mv - b_e^2*M
            dEv/dt = A_e*b_e*(E_inp + C*a2*S(C*a1*M)) - 2*b_e*Ev - b_e^2*E
            dIv/dt = A_i*b_i*C*a4*S(C*a3*M + I_inp) - 2*b_i*Iv - b_i^2*I
        }
        outputs {
            /// EEG proxy: the pyramidal cells' net postsynaptic potential.
            eeg: mV = E - I
        }
        method exp_euler_diag, euler, rk2, rk4
    }
}
