//! The seed notebook's networks: Izhikevich RS (E) and FS (I) cells joined by AMPA + NMDA
//! conductances from E and GABA_A + GABA_B conductances from I, dt = 0.1 ms, seed schedule.

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// The Cano-Colino ring of the seed notebook (Compte et al. 2000; Cano-Colino & Almeida
    /// 2014): `Ne` RS and `Ni` FS cells on rings, neuron k of a population of n at 360·k/n
    /// degrees; `i → j` has conductance w·exp(−d²/σ²), d the angular distance in degrees,
    /// through AMPA + NMDA from E and GABA_A + GABA_B from I; no self-connections. E neurons
    /// 0 and 1 receive constant currents.
    pub network CanoColinoRing {
        parameters {
            /// Excitatory (RS) neurons.
            Ne = 100,
            /// Inhibitory (FS) neurons.
            Ni = 20,
            /// Width σ of the ring's Gaussian, in degrees.
            sigma = 14.4,
            /// Peak E → E conductance (AMPA and NMDA each).
            w_ee = 5 nS,
            /// Peak E → I conductance (AMPA and NMDA each).
            w_ei = 10 nS,
            /// Peak I → E conductance (GABA_A and GABA_B each).
            w_ie = 0 nS,
            /// Peak I → I conductance (GABA_A and GABA_B each).
            w_ii = 10 nS,
            /// Current into E neuron 0.
            I_0 = 500 pA,
            /// Current into E neuron 1.
            I_1 = 400 pA,
        }
        timestep 0.1 ms
        /// Regular-spiking excitatory cells.
        population E = crate::Izhikevich[Ne]
        /// Fast-spiking inhibitory cells.
        population I = crate::Izhikevich[Ni] { preset fs }
        drive E.I = if i == 0 { I_0 } else if i == 1 { I_1 } else { 0 pA }
        projection EE_ampa: E -> E = crate::ExpConductance { preset ampa } with ring_gaussian(w_ee, sigma, no_self)
        projection EE_nmda: E -> E = crate::Nmda with ring_gaussian(w_ee, sigma, no_self)
        projection EI_ampa: E -> I = crate::ExpConductance { preset ampa } with ring_gaussian(w_ei, sigma)
        projection EI_nmda: E -> I = crate::Nmda with ring_gaussian(w_ei, sigma)
        projection IE_gabaa: I -> E = crate::ExpConductance { preset gabaa } with ring_gaussian(w_ie, sigma)
        projection IE_gabab: I -> E = crate::ExpConductance { preset gabab } with ring_gaussian(w_ie, sigma)
        projection II_gabaa: I -> I = crate::ExpConductance { preset gabaa } with ring_gaussian(w_ii, sigma, no_self)
        projection II_gabab: I -> I = crate::ExpConductance { preset gabab } with ring_gaussian(w_ii, sigma, no_self)
        record E
        record I
    }

    /// The seed notebook's hand-wired 4-neuron circuit: RS cells E0, E1 excite FS cells I0,
    /// I1 (E0 → I0, E1 → I1; AMPA + NMDA), which inhibit the other RS cell (I0 → E1,
    /// I1 → E0; GABA_A + GABA_B); E0 and E1 receive constant currents.
    pub network SeedCircuit {
        parameters {
            /// Current into E0.
            I_0 = 1250 pA,
            /// Current into E1.
            I_1 = 1200 pA,
            /// E → I conductance (AMPA and NMDA each).
            w_ei = 5 nS,
            /// I → E conductance (GABA_A and GABA_B each).
            w_ie = 10 nS,
        }
        timestep 0.1 ms
        population E = crate::Izhikevich[2]
        population I = crate::Izhikevich[2] { preset fs }
        drive E.I = if i == 0 { I_0 } else { I_1 }
        projection EI_ampa: E -> I = crate::ExpConductance { preset ampa } with edges { 0 -> 0 = w_ei, 1 -> 1 = w_ei }
        projection EI_nmda: E -> I = crate::Nmda with edges { 0 -> 0 = w_ei, 1 -> 1 = w_ei }
        projection IE_gabaa: I -> E = crate::ExpConductance { preset gabaa } with edges { 0 -> 1 = w_ie, 1 -> 0 = w_ie }
        projection IE_gabab: I -> E = crate::ExpConductance { preset gabab } with edges { 0 -> 1 = w_ie, 1 -> 0 = w_ie }
        record E
        record I
    }
}
