use cajal::neural_model;

neural_model! {
    neuron Quadratic {
        parameters { tau = 10 ms, v_r = -60 mV }
        state { v = -70 mV }
        equations { dv/dt = (v - v_r) * (v - v_r) / (tau * 1 mV) }
        method exact
    }
}

fn main() {}
