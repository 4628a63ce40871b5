use cajal::neural_model;

neural_model! {
    network Pair {
        population E = cajal::models::Lif[10]
        projection EE: E -> E = cajal::models::ExpConductance with all_to_all(5 mV, no_self)
    }
}

fn main() {}
