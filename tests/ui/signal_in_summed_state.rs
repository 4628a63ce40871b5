use cajal::neural_model;

neural_model! {
    pub synapse Modulated {
        weight w: nS = 1 nS
        post { v: mV }
        signals { dopamine: uM }
        state { g = 0 nS }
        traces { apre = 0 }
        equations {
            dg/dt = -g/(5 ms) * dopamine/(1 uM)
            dapre/dt = -apre/(20 ms)
        }
        on_pre { g += w; apre += 1 }
        inject { I: pA = g*(0 mV - v) }
    }
}

fn main() {}
