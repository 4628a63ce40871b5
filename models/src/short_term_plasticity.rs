//! Short-term synaptic plasticity: the Tsodyks–Markram model of depression and facilitation.

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// Tsodyks–Markram synapse with short-term depression and facilitation (Tsodyks &
    /// Markram 1997, PNAS 94:719; Tsodyks, Pawelzik & Markram 1998, Neural Comput. 10:821;
    /// Tsodyks, Uziel & Markram 2000, J. Neurosci. 20:RC50), current-based.
    ///
    /// Per synapse, the utilisation u decays to 0 with τ_facil and the available resources
    /// x recover to 1 with τ_rec, both solved exactly between spikes (event-driven: x is
    /// kept as y = 1 − x, which decays to 0). At a presynaptic spike u ← u + U (1 − u), then
    /// the fraction r = u x is released: the target's current I_syn, which decays with
    /// τ_I, rises by A r, and x ← x − r (Brian2's formulation of the model). Defaults: the
    /// depressing excitatory synapse of Tsodyks, Uziel & Markram (2000) — U = 0.5,
    /// τ_rec = 800 ms, τ_I = 3 ms, no facilitation (τ_facil = 1 ns, so that u is back to 0
    /// before any next spike and every spike uses u = U); preset `facilitating`: U = 0.04,
    /// τ_rec = 100 ms, τ_facil = 1000 ms.
    ///
    /// For a regular train of interval Δ without facilitation, x before each spike tends to
    /// x* = (1 − e^{−Δ/τ_rec})/(1 − (1 − U) e^{−Δ/τ_rec}).
    pub synapse TsodyksMarkram {
        parameters {
            /// Utilisation increment of each spike.
            U = 0.5,
            /// Recovery time constant of the resources.
            tau_rec = 800 ms,
            /// Decay time constant of the utilisation (facilitation).
            tau_facil = 0.000001 ms,
            /// Decay time constant of the synaptic current.
            tau_I = 3 ms,
        }
        /// Absolute synaptic efficacy A: the current if every resource were released.
        weight A: pA = 1 pA
        traces {
            /// Utilisation of the resources.
            u = 0,
            /// Used resources, 1 − x.
            y = 0,
        }
        state {
            /// Synaptic current, summed over the synapses onto a neuron.
            I_syn = 0 pA
        }
        equations {
            du/dt = -u/tau_facil
            dy/dt = -y/tau_rec
            dI_syn/dt = -I_syn/tau_I
        }
        on_pre {
            u += U*(1 - u)
            I_syn += A*u*(1 - y)
            y += u*(1 - y)
        }
        inject {
            /// Synaptic current into the target.
            I: pA = I_syn
        }
        method exact
        /// Facilitating excitatory synapse onto an inhibitory neuron (Tsodyks, Uziel &
        /// Markram 2000).
        preset facilitating { U = 0.04, tau_rec = 100 ms, tau_facil = 1000 ms }
    }
}
