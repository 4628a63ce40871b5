use cajal::neural_model;

neural_model! {
    neuron Deep {
        parameters { tau = 10 ms }
        state { v = -70 mV }
        equations { dv/dt = -((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((v)))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))) / tau }
    }
}

fn main() {}
