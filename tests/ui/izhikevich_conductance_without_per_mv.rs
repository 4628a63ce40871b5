use cajal::neural_model;

neural_model! {
    neuron Izh {
        parameters { C = 100 pF, k = 3 nS, v_r = -60 mV, v_t = -50 mV }
        inputs { I: pA }
        state { v = v_r, u = 0 pA }
        equations {
            dv/dt = (k*(v - v_r)*(v - v_t) - u + I) / C
            du/dt = -u / (100 ms)
        }
    }
}

fn main() {}
