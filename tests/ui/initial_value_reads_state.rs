use cajal::neural_model;

neural_model! {
    neuron Init {
        parameters { tau = 10 ms }
        state { v = -70 mV, w = v }
        equations {
            dv/dt = -v / tau
            dw/dt = -w / tau
        }
    }
}

fn main() {}
