use cajal::neural_model;

neural_model! {
    neuron Bare {
        parameters { tau = 10 ms }
        state { v = -70 mV }
        equations { dv/dt = (-v + mV) / tau }
    }
}

fn main() {}
