use cajal::neural_model;

neural_model! {
    /// A sliding threshold is one value per target node: it cannot follow a presynaptic rate.
    pub coupling Sliding {
        parameters { eta = 0.001 /ms, tau = 100 ms }
        weight w: 1
        state { theta = 1 }
        edge { pre }
        equations {
            dtheta/dt = (pre*post - theta)/tau
            dw/dt = eta*pre*(post - theta)
        }
    }
}

fn main() {}
