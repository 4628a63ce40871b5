use cajal::neural_model;

neural_model! {
    neuron Twice {
        parameters { tau = 10 ms, tau = 20 ms }
        state { v = -70 mV }
        equations { dv/dt = -v / tau }
    }
}

fn main() {}
