use cajal::neural_model;

neural_model! {
    neuron Incomplete {
        parameters { tau = 10 ms }
        state { v = -70 mV }
        equations { dv/dt = }
    }
}

fn main() {}
