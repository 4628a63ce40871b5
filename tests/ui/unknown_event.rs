use cajal::neural_model;

neural_model! {
    neuron Burst {
        parameters { tau = 10 ms, v_th = -50 mV }
        state { v = -70 mV }
        equations { dv/dt = -v / tau }
        on v > v_th { emit burst }
    }
}

fn main() {}
