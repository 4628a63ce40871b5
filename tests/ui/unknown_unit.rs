use cajal::neural_model;

neural_model! {
    neuron Units {
        parameters { tau = 10 mX }
        state { v = -70 mV }
        equations { dv/dt = -v / tau }
    }
}

fn main() {}
