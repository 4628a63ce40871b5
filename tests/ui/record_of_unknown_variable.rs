use cajal::neural_model;

neural_model! {
    network Haemodynamics {
        population nodes = cajal::models::Hopf[3]
        population haemo = cajal::models::BalloonWindkessel[3]
        projection flow: nodes.x -> haemo.z = cajal::models::Additive with one_to_one(1)
        record haemo.bold
        record haemo.blood
    }
}

fn main() {}
