//! Spike-timing-dependent plasticity: the pair-based rule in its additive, multiplicative and
//! mixed forms with all-to-all or nearest-neighbour pairing, and the triplet rule of Pfister &
//! Gerstner (2006) with its published parameter sets. Both transmit through an exponentially
//! decaying conductance summed per target (as [`ExpConductance`](crate::ExpConductance)), so
//! that a plastic projection is a drop-in replacement for a static excitatory one.
//!
//! Traces are event-driven: their exponential decay is solved exactly between spikes, so the
//! weights do not depend on the time step beyond the rounding of spike times to it.

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// A neuron that spikes at imposed times, as NEST's `parrot_neuron` or Brian2's
    /// `SpikeGeneratorGroup` as a target: it fires in every step in which its input `kick`
    /// exceeds 0.5 (drive it with pulses at the wanted times) and holds its potential `v`
    /// for synapses that read it; the current it receives is ignored. For plasticity
    /// protocols in which the postsynaptic spike times are given.
    pub neuron Relay {
        inputs {
            /// Fires the neuron while above 0.5.
            kick: 1,
            /// Synaptic current (ignored).
            I: pA,
        }
        state {
            /// Membrane potential, held.
            v = -70 mV
        }
        equations { dv/dt = 0 mV/ms }
        on kick > 0.5 { emit spike }
    }

    /// Pair-based STDP (Bi & Poo 1998; Song, Miller & Abbott 2000) on an exponential
    /// conductance, with the weight dependence of Gütig et al. (2003, J. Neurosci. 23:3697).
    ///
    /// Each synapse keeps a presynaptic trace `apre` and a postsynaptic trace `apost`, both
    /// decaying with their time constants. A presynaptic spike opens the target's conductance
    /// by the weight (g += w), adds A_plus to `apre` and depresses the weight by
    /// `apost·(w/wmax)^mu_minus`; a postsynaptic spike adds A_minus to `apost` and potentiates
    /// by `apre·(1 − w/wmax)^mu_plus`; the weight is then clipped to [0, wmax]. For one pair
    /// with Δt = t_post − t_pre the change is A_plus e^{−Δt/τ_pre} (Δt > 0) or
    /// −A_minus e^{Δt/τ_post} (Δt < 0), times the weight factors.
    ///
    /// - `mu_plus = mu_minus = 0` (default): additive, hard bounds (Song et al. 2000);
    /// - `mu_plus = 0, mu_minus = 1`: potentiation additive, depression proportional to the
    ///   weight (van Rossum, Bi & Turrigiano 2000), preset `mixed`;
    /// - `mu_plus = mu_minus = 1`: multiplicative, soft bounds (Rubin et al. 2001; Gütig et
    ///   al. 2003 with μ = 1), preset `multiplicative`; intermediate μ interpolate (Gütig).
    ///
    /// `nearest = 0` pairs every spike with all earlier spikes of the other side (traces
    /// accumulate); `nearest = 1` pairs each spike only with the latest spike of the other
    /// side (traces are reset to the amplitude instead: symmetric nearest-neighbour pairing,
    /// Morrison, Diesmann & Gerstner 2008), preset `nearest`.
    ///
    /// Defaults: τ_pre = τ_post = 20 ms and A_minus/A_plus = 1.05 (Song, Miller & Abbott
    /// 2000), A_plus = 0.005·wmax with wmax = 1 nS; AMPA-like transmission τ = 5 ms,
    /// E = 0 mV. Weights must start within [0, wmax].
    pub synapse Stdp {
        parameters {
            /// Decay time constant of the conductance.
            tau = 5 ms,
            /// Reversal potential of the conductance.
            E = 0 mV,
            /// Time constant of the presynaptic trace (potentiation window).
            tau_pre = 20 ms,
            /// Time constant of the postsynaptic trace (depression window).
            tau_post = 20 ms,
            /// Weight change of a pre-before-post pair at Δt → 0⁺ (additive form).
            A_plus = 0.005 nS,
            /// Magnitude of the weight change of a post-before-pre pair at Δt → 0⁻.
            A_minus = 0.00525 nS,
            /// Upper bound of the weight.
            wmax = 1 nS,
            /// Weight dependence of potentiation (0 additive, 1 multiplicative).
            mu_plus = 0,
            /// Weight dependence of depression (0 additive, 1 multiplicative).
            mu_minus = 0,
            /// Pairing: 0 all-to-all, 1 nearest neighbour.
            nearest = 0,
        }
        /// Peak conductance added by one spike, plastic within [0, wmax].
        weight w: nS = 0.5 nS
        post {
            /// Membrane potential of the target.
            v: mV
        }
        state {
            /// Conductance summed over the synapses onto a neuron.
            g = 0 nS
        }
        traces {
            /// Presynaptic trace: the potentiation a postsynaptic spike would cause now.
            apre = 0 nS,
            /// Postsynaptic trace: the depression a presynaptic spike would cause now.
            apost = 0 nS,
        }
        equations {
            dg/dt = -g/tau
            dapre/dt = -apre/tau_pre
            dapost/dt = -apost/tau_post
        }
        on_pre {
            g += w
            apre = apre*(1 - nearest) + A_plus
            w = clip(w - apost*(w/wmax)^mu_minus, 0 nS, wmax)
        }
        on_post {
            apost = apost*(1 - nearest) + A_minus
            w = clip(w + apre*(1 - w/wmax)^mu_plus, 0 nS, wmax)
        }
        inject {
            /// Synaptic current into the target.
            I: pA = g*(E - v)
        }
        method exact
        schedule brian2
        /// Depression proportional to the weight (van Rossum, Bi & Turrigiano 2000).
        preset mixed { mu_plus = 0, mu_minus = 1 }
        /// Both changes weight-dependent, soft bounds (Rubin et al. 2001; Gütig et al. 2003).
        preset multiplicative { mu_plus = 1, mu_minus = 1 }
        /// Additive, nearest-neighbour pairing.
        preset nearest { nearest = 1 }
    }

    /// Triplet STDP (Pfister & Gerstner 2006, J. Neurosci. 26:9673) on an exponential
    /// conductance.
    ///
    /// Presynaptic traces r1 (τ_plus) and r2 (τ_x), postsynaptic traces o1 (τ_minus) and o2
    /// (τ_y), each jumping by 1 at a spike of its side (all-to-all) or set to 1
    /// (`nearest = 1`, the paper's nearest-spike interaction). A presynaptic spike depresses
    /// by o1·(A2_minus + A3_minus·r2), a postsynaptic spike potentiates by
    /// r1·(A2_plus + A3_plus·o2), r2 and o2 read just before their own jump; the weight is
    /// clipped to [0, wmax]. For independent Poisson trains at rates ρ_pre, ρ_post the mean
    /// drift is ρ_pre ρ_post (A2_plus τ_plus − A2_minus τ_minus) + A3_plus τ_plus τ_y ρ_pre
    /// ρ_post² − A3_minus τ_minus τ_x ρ_pre² ρ_post.
    ///
    /// Amplitudes are in weight units: with the default weight of 1 nS they are the relative
    /// changes fitted in the paper. Defaults: the full visual-cortex fit, all-to-all (data of
    /// Sjöström et al. 2001; A2_plus = 5e-10, A3_plus = 6.2e-3, A2_minus = 7e-3,
    /// A3_minus = 2.3e-4, τ_x = 101 ms, τ_y = 125 ms); τ_plus = 16.8 ms and τ_minus = 33.7 ms
    /// in every set; presets `visual_minimal`, `hippocampal` and `hippocampal_nearest` (data
    /// of Wang et al. 2005). Transmission: τ = 5 ms, E = 0 mV.
    pub synapse TripletStdp {
        parameters {
            /// Decay time constant of the conductance.
            tau = 5 ms,
            /// Reversal potential of the conductance.
            E = 0 mV,
            /// Time constant of the fast presynaptic trace r1.
            tau_plus = 16.8 ms,
            /// Time constant of the slow presynaptic trace r2.
            tau_x = 101 ms,
            /// Time constant of the fast postsynaptic trace o1.
            tau_minus = 33.7 ms,
            /// Time constant of the slow postsynaptic trace o2.
            tau_y = 125 ms,
            /// Pair potentiation amplitude.
            A2_plus = 5e-10 nS,
            /// Triplet potentiation amplitude (post-pre-post).
            A3_plus = 6.2e-3 nS,
            /// Pair depression amplitude.
            A2_minus = 7e-3 nS,
            /// Triplet depression amplitude (pre-post-pre).
            A3_minus = 2.3e-4 nS,
            /// Upper bound of the weight.
            wmax = 100 nS,
            /// Pairing: 0 all-to-all, 1 nearest spike.
            nearest = 0,
        }
        /// Peak conductance added by one spike, plastic within [0, wmax].
        weight w: nS = 1 nS
        post {
            /// Membrane potential of the target.
            v: mV
        }
        state {
            /// Conductance summed over the synapses onto a neuron.
            g = 0 nS
        }
        traces {
            /// Fast presynaptic trace.
            r1 = 0,
            /// Slow presynaptic trace.
            r2 = 0,
            /// Fast postsynaptic trace.
            o1 = 0,
            /// Slow postsynaptic trace.
            o2 = 0,
        }
        equations {
            dg/dt = -g/tau
            dr1/dt = -r1/tau_plus
            dr2/dt = -r2/tau_x
            do1/dt = -o1/tau_minus
            do2/dt = -o2/tau_y
        }
        on_pre {
            g += w
            w = clip(w - o1*(A2_minus + A3_minus*r2), 0 nS, wmax)
            r1 = r1*(1 - nearest) + 1
            r2 = r2*(1 - nearest) + 1
        }
        on_post {
            w = clip(w + r1*(A2_plus + A3_plus*o2), 0 nS, wmax)
            o1 = o1*(1 - nearest) + 1
            o2 = o2*(1 - nearest) + 1
        }
        inject {
            /// Synaptic current into the target.
            I: pA = g*(E - v)
        }
        method exact
        schedule brian2
        /// Minimal visual-cortex fit, all-to-all: no pair potentiation, no triplet
        /// depression, τ_y = 114 ms.
        preset visual_minimal {
            A2_plus = 0 nS, A3_plus = 6.5e-3 nS, A2_minus = 7.1e-3 nS, A3_minus = 0 nS,
            tau_y = 114 ms
        }
        /// Full hippocampal-culture fit, all-to-all.
        preset hippocampal {
            A2_plus = 6.1e-3 nS, A3_plus = 6.7e-3 nS, A2_minus = 1.6e-3 nS,
            A3_minus = 1.4e-3 nS, tau_x = 946 ms, tau_y = 27 ms
        }
        /// Full hippocampal-culture fit, nearest spike.
        preset hippocampal_nearest {
            A2_plus = 4.6e-3 nS, A3_plus = 9.1e-3 nS, A2_minus = 3e-3 nS,
            A3_minus = 7.5e-9 nS, tau_x = 575 ms, tau_y = 47 ms, nearest = 1
        }
    }

    /// Extracellular dopamine concentration (Izhikevich 2007, Cereb. Cortex 17:2443):
    /// dd/dt = −d/τ_d + release, τ_d = 200 ms. A reward of 0.5 µM (the paper's) is a
    /// release pulse of 0.5 µM over one step (0.5 µM/dt), or an increment of `d` by the
    /// program. Bind it to the network signal that reward-modulated synapses read
    /// (`Network::bind_signal("dopamine", population, "d")`).
    pub mass DopamineConcentration {
        parameters {
            /// Uptake time constant.
            tau_d = 200 ms,
        }
        inputs {
            /// Release rate (rewards, tonic release).
            release: uM/ms
        }
        state {
            /// Concentration.
            d = 0 uM
        }
        equations { dd/dt = -d/tau_d + release }
        method euler
    }

    /// Reward-modulated STDP (Izhikevich 2007, Cereb. Cortex 17:2443): pair STDP does not
    /// change the weight directly but tags the synapse with an eligibility trace c, which
    /// decays with τ_c = 1 s; the weight follows dw/dt = k_DA·c·dopamine, so that only the
    /// synapses tagged shortly before a dopamine (reward) signal change. A presynaptic spike
    /// lowers c by A_minus·apost, a postsynaptic spike raises it by A_plus·apre (traces of
    /// 20 ms); A_plus = 1 mV, A_minus = 1.5 mV, weights within [0, 4 mV] (the paper's). The
    /// paper's s′ = c·d runs on its slow time scale of seconds: k_DA = 1/(µM·s).
    ///
    /// Transmission: the target's potential jumps by the weight at each presynaptic spike (as
    /// the paper's 1 ms pulses of current). The weight is integrated every step (forward
    /// Euler) and limited to [0, wmax] when a spike reads it. Reads the network signal
    /// `dopamine` (µM), e.g. bound to a [`DopamineConcentration`] population.
    pub synapse RewardStdp {
        parameters {
            /// Time constant of the presynaptic trace.
            tau_plus = 20 ms,
            /// Time constant of the postsynaptic trace.
            tau_minus = 20 ms,
            /// Eligibility added by a pre-before-post pair at Δt → 0⁺.
            A_plus = 1 mV,
            /// Eligibility removed by a post-before-pre pair at Δt → 0⁻.
            A_minus = 1.5 mV,
            /// Decay time constant of the eligibility trace.
            tau_c = 1000 ms,
            /// Rate of the weight change per eligibility and dopamine.
            k_DA = 1 /uM/s,
            /// Upper bound of the weight.
            wmax = 4 mV,
        }
        /// Jump of the target's potential at a presynaptic spike.
        weight w: mV = 1 mV
        post {
            /// Membrane potential of the target.
            v: mV
        }
        signals {
            /// Extracellular dopamine concentration.
            dopamine: uM
        }
        traces {
            /// Presynaptic trace.
            apre = 0,
            /// Postsynaptic trace.
            apost = 0,
            /// Eligibility: the STDP change the synapse would make under dopamine.
            c = 0 mV,
        }
        equations {
            dapre/dt = -apre/tau_plus
            dapost/dt = -apost/tau_minus
            dc/dt = -c/tau_c
            dw/dt = k_DA*c*dopamine
        }
        on_pre {
            w = clip(w, 0 mV, wmax)
            v += w
            apre += 1
            c -= A_minus*apost
        }
        on_post {
            apost += 1
            c += A_plus*apre
        }
        schedule brian2
    }
}
