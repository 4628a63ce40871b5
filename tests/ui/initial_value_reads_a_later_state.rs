use cajal::neural_model;

neural_model! {
    neuron Init {
        parameters { tau = 10 ms }
        state { w = v, v = -70 mV }
        equations {
            dv/dt = -v / tau
            dw/dt = -w / tau
        }
    }
}

fn main() {}
