use cajal::neural_model;

neural_model! {
    network Pair {
        population E = cajal::models::Lif[10] { tau_m = 20 ms }
    }
}

fn main() {}
