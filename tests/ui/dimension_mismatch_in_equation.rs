use cajal::neural_model;

neural_model! {
    neuron Leaky {
        parameters { tau = 10 ms, E_L = -70 mV, R = 10 Mohm }
        state { v = E_L }
        equations { dv/dt = (E_L - v) / R }
    }
}

fn main() {}
