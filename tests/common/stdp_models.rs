//! The plastic synapse of `reference_stdp.rs` and the relay neuron that gives it postsynaptic
//! spikes (also snapshotted by `generated_code.rs`).

use cajal::neural_model;

neural_model! {
    /// Spikes whenever its input `kick` is on: a relay for given postsynaptic spike times.
    pub neuron Relay {
        inputs { kick: 1 }
        state { x = 0 }
        equations { dx/dt = 0 /ms }
        on kick > 0.5 { emit spike }
    }

    /// Pair-based additive STDP with hard bounds (Song, Miller & Abbott 2000), traces
    /// event-driven as in Brian2.
    pub synapse Stdp {
        parameters { taupre = 20 ms, taupost = 20 ms, wmax = 1, Apre = 0.01, Apost = -0.0105 }
        weight w: 1 = 0.5
        traces { apre = 0, apost = 0 }
        equations {
            dapre/dt = -apre/taupre
            dapost/dt = -apost/taupost
        }
        on_pre { apre += Apre; w = min(max(w + apost, 0), wmax) }
        on_post { apost += Apost; w = min(max(w + apre, 0), wmax) }
        schedule brian2
    }
}
