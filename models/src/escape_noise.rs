//! Stochastic spiking: the spike response model with escape noise and the inhomogeneous
//! Poisson neuron, both firing through `hazard(…)` events.

cajal_macros::neural_model! {
    #![runtime = ::cajal_runtime]

    /// Spike response model SRM0 with exponential escape noise (Gerstner & Kistler 2002,
    /// *Spiking Neuron Models*, ch. 5; Gerstner et al. 2014, *Neuronal Dynamics*, ch. 9).
    ///
    /// u = u_rest + η(t − t̂) + h(t): the input potential h filters the current with the
    /// kernel κ(s) = (R/τ_m) e^{−s/τ_m} (τ_m dh/dt = −h + R I) and the refractory kernel of
    /// the last spike is η(s) = −η₀ e^{−s/τ_η} (dη/dt = −η/τ_η, η ← −η₀ at each spike). The
    /// neuron fires with hazard ρ = ρ₀ exp((u − θ)/Δu): with probability 1 − exp(−ρ dt) in
    /// each step, from a random stream of its own (reproducible from the seed, whatever the
    /// threads). Both kernels are integrated exactly; the hazard is tested after integrating
    /// (Brian2's schedule). Defaults are this library's illustration (8.2 Hz at rest).
    pub neuron Srm0 {
        parameters {
            /// Resting potential.
            u_rest = -60 mV,
            /// Membrane time constant of the input kernel κ.
            tau_m = 10 ms,
            /// Input resistance.
            R = 10 Mohm,
            /// Amplitude of the refractory kernel η right after a spike.
            eta0 = 20 mV,
            /// Time constant of the refractory kernel η.
            tau_eta = 10 ms,
            /// Threshold of the escape rate.
            theta = -50 mV,
            /// Softness of the threshold.
            Delta_u = 4 mV,
            /// Escape rate at threshold.
            rho0 = 100 Hz,
        }
        inputs {
            /// Injected current.
            I: nA
        }
        state {
            /// Input potential (the filtered current), relative to rest.
            h = 0 mV,
            /// Refractory kernel of the last spike.
            eta = 0 mV,
        }
        equations {
            dh/dt = (-h + R*I) / tau_m
            deta/dt = -eta / tau_eta
        }
        outputs {
            /// Membrane potential.
            u: mV = u_rest + h + eta
            /// Escape rate (hazard).
            rho: Hz = rho0*exp((u_rest + h + eta - theta)/Delta_u)
        }
        on hazard(rho0*exp((u_rest + h + eta - theta)/Delta_u)) { emit spike; eta = -eta0 }
        method exact
        schedule brian2
    }

    /// Inhomogeneous Poisson neuron: fires with probability 1 − exp(−rate·dt) in each step,
    /// independently of its past, at the rate given by its input (any stimulus: constant,
    /// steps, a time series), from a random stream of its own. `count` counts its spikes.
    pub neuron PoissonNeuron {
        inputs {
            /// Firing rate.
            rate: Hz
        }
        state {
            /// Spikes fired so far.
            count = 0
        }
        equations {
            dcount/dt = 0 /ms
        }
        on hazard(rate) { emit spike; count += 1 }
        method euler
        schedule brian2
    }
}
