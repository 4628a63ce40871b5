use cajal::neural_model;

// brainmass's per-ms kinetic factor, written without its unit: refused, not read per second.
neural_model! {
    network Decision {
        population nodes = cajal::models::WongWangExcInh[4] { gamma_e = 0.000641 }
    }
}

fn main() {}
