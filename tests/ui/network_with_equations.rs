use cajal::neural_model;

neural_model! {
    network Net {
        timestep 0.1 ms
        state { v = 0 mV }
    }
}

fn main() {}
