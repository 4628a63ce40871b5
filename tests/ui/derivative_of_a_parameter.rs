use cajal::neural_model;

neural_model! {
    neuron Drift {
        parameters { tau = 10 ms }
        state { v = -70 mV }
        equations {
            dv/dt = -v / tau
            dtau/dt = 0 ms/ms
        }
    }
}

fn main() {}
