//! A synapse with continuous per-synapse dynamics and the neuron it is tested on (used by
//! `continuous_synapses.rs`, `interpreted_networks.rs` and snapshotted by `generated_code.rs`).

use cajal::neural_model;

neural_model! {
    /// Holds its membrane potential (set per neuron); receives a current it ignores.
    pub neuron Held {
        inputs { I: pA }
        state { v = -50 mV }
        equations { dv/dt = 0 mV/ms }
    }

    /// An exponential conductance whose weight follows a slow rule: each synapse low-pass
    /// filters its target's potential (`vbar`, continuous) and the weight relaxes towards
    /// η·apre·(vbar + 70 mV), with `apre` an event-driven presynaptic trace.
    pub synapse Filtered {
        parameters { tau = 5 ms, tau_f = 10 ms, tau_w = 50 ms, taupre = 20 ms, eta = 0.5 nS/mV }
        weight w: nS = 1 nS
        post {
            /// Membrane potential of the target.
            v: mV
        }
        state { g = 0 nS }
        traces { apre = 0 }
        continuous {
            /// The target's potential, low-pass filtered per synapse.
            vbar = -70 mV
        }
        equations {
            dg/dt = -g/tau
            dapre/dt = -apre/taupre
            dvbar/dt = (v - vbar)/tau_f
            dw/dt = (eta*apre*(vbar + 70 mV) - w)/tau_w
        }
        on_pre { g += w; apre += 1 }
        on_post { vbar -= 1 mV }
        inject { I: pA = g*(0 mV - v) }
        method euler
        schedule brian2
    }
}
