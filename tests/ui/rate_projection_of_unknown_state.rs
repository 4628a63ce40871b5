use cajal::neural_model;

neural_model! {
    network Areas {
        population A = cajal::models::Hopf[3]
        population B = cajal::models::Hopf[2]
        projection ab: A.q -> B.x_inp = cajal::models::Diffusive with all_to_all(0.1)
        projection ba: B.x -> A.x_inp = cajal::models::Lif with all_to_all(0.1)
    }
}

fn main() {}
