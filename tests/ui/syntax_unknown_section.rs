use cajal::neural_model;

neural_model! {
    neuron Sections {
        parameters { tau = 10 ms }
        state { v = -70 mV }
        equation { dv/dt = -v / tau }
    }
}

fn main() {}
