use cajal::neural_model;

neural_model! {
    neuron Binary {
        parameters { theta = 0 }
        inputs { h: mV }
        state { S = 1 }
        update {
            S = sign(h) * 1 mV
        }
    }
}

fn main() {}
