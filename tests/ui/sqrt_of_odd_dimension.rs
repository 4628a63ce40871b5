use cajal::neural_model;

neural_model! {
    neuron Root {
        parameters { tau = 10 ms }
        state { v = 1 mV }
        equations { dv/dt = sqrt(v) * sqrt(1 mV) / tau }
    }
}

fn main() {}
