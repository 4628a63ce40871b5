use cajal::neural_model;

neural_model! {
    neuron Presets {
        parameters { tau = 10 ms }
        state { v = -70 mV }
        equations { dv/dt = -v / tau }
        preset slow { taus = 20 ms }
    }
}

fn main() {}
