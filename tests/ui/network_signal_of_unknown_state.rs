use cajal::neural_model;

neural_model! {
    pub network Rewarded {
        timestep 0.1 ms
        population DA = cajal::models::DopamineConcentration[1]
        signal dopamine: uM = DA.dopamine
    }
}

fn main() {}
