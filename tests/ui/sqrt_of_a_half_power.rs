use cajal::neural_model;

neural_model! {
    neuron Root {
        parameters { tau = 10 ms }
        state { v = 1 mV }
        equations { dv/dt = sqrt(sqrt(v)) * sqrt(sqrt(1 mV^3)) / tau }
    }
}

fn main() {}
