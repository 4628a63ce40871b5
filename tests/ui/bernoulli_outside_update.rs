use cajal::neural_model;

neural_model! {
    neuron Leak {
        parameters { tau = 10 ms }
        state { v = 0 mV }
        equations { dv/dt = -v / tau + bernoulli(0.5) * 1 mV/ms }
    }
}

fn main() {}
