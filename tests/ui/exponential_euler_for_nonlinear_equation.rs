use cajal::neural_model;

neural_model! {
    neuron Cubic {
        parameters { tau = 10 ms }
        state { v = 0 mV }
        equations { dv/dt = v^3 / (tau * 1 mV^2) }
        method exponential_euler
    }
}

fn main() {}
