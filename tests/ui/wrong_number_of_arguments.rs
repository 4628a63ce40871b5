use cajal::neural_model;

neural_model! {
    neuron Arity {
        parameters { tau = 10 ms }
        state { x = 1 }
        equations { dx/dt = -exp(x, x) / tau }
    }
}

fn main() {}
