use cajal::neural_model;

neural_model! {
    neuron Summed {
        parameters { tau = 10 ms }
        inputs { I: pA }
        state { v = -70 mV }
        equations { dv/dt = (-v + I) / tau }
    }
}

fn main() {}
