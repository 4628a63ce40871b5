use cajal::neural_model;

neural_model! {
    neuron Threshold {
        parameters { tau = 10 ms }
        state { v = -70 mV }
        equations { dv/dt = -v / tau }
        on v > 1 nA { emit spike }
    }
}

fn main() {}
