use cajal::neural_model;

neural_model! {
    neuron Schedule {
        parameters { tau = 10 ms }
        state { v = -70 mV }
        equations { dv/dt = -v / tau }
        schedule nest
    }
}

fn main() {}
