use cajal::neural_model;

neural_model! {
    neuron Missing {
        parameters { tau = 10 ms }
        state { v = -70 mV, w = 0 pA }
        equations { dv/dt = -v / tau }
    }
}

fn main() {}
