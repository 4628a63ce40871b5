use cajal::neural_model;

neural_model! {
    neuron AssignInput {
        parameters { tau = 10 ms, v_th = -50 mV }
        inputs { I: pA }
        state { v = -70 mV }
        equations { dv/dt = -v / tau }
        on v > v_th { I = 0 pA }
    }
}

fn main() {}
