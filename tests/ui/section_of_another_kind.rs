use cajal::neural_model;

neural_model! {
    neuron Cell {
        parameters { tau = 10 ms }
        state { v = -70 mV }
        equations { dv/dt = -v / tau }
        on_pre { v += 1 mV }
    }
}

fn main() {}
