use cajal::neural_model;

neural_model! {
    neuron Power {
        parameters { tau = 10 ms, p = 1.5 }
        state { v = 1 mV }
        equations { dv/dt = v^p / tau }
    }
}

fn main() {}
