use cajal::neural_model;

neural_model! {
    neuron Reset {
        parameters { tau = 10 ms, v_th = -50 mV }
        state { v = -70 mV }
        equations { dv/dt = -v / tau }
        on v > v_th { emit spike; v = 5 nA }
    }
}

fn main() {}
