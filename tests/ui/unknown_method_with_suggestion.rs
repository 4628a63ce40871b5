use cajal::neural_model;

neural_model! {
    neuron Method {
        parameters { tau = 10 ms }
        state { v = -70 mV }
        equations { dv/dt = -v / tau }
        method rk5
    }
}

fn main() {}
