use cajal::neural_model;

neural_model! {
    pub synapse Rewarding {
        weight w: nS = 1 nS
        signals { reward: 1 }
        traces { apre = 0 }
        equations { dapre/dt = -apre/(20 ms) }
        on_pre { apre += reward; reward += 1 }
    }
}

fn main() {}
