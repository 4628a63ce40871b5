use cajal::neural_model;

neural_model! {
    neuron Exponential {
        parameters { tau = 10 ms }
        state { v = -70 mV }
        equations { dv/dt = exp(v) * (1 mV) / tau }
    }
}

fn main() {}
