use cajal::neural_model;

neural_model! {
    neuron Function {
        parameters { tau = 10 ms }
        state { x = 1 }
        equations { dx/dt = -expp(x) / tau }
    }
}

fn main() {}
