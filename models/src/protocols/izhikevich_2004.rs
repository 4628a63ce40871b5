//! The stimuli of the twenty panels of Izhikevich (2004, IEEE Trans. Neural Netw. 15:1063,
//! Fig. 1) for [`crate::Izhikevich2003`], as in the paper's `figure1.m`: the time step, the
//! duration and the injected current (mV/ms) of each panel, with its strict inequalities
//! (the current at t is the one applied in the step from t to t + dt).

use super::Protocol;

/// Whether `lo < t < hi`.
fn inside(t: f64, lo: f64, hi: f64) -> bool {
    lo < t && t < hi
}

/// The twenty panels, (A) to (T).
pub const PANELS: &[Protocol] = &[
    Protocol {
        preset: "tonic_spiking",
        title: "(A) tonic spiking",
        dt_ms: 0.25,
        duration_ms: 100.0,
        current: |t| if t > 10.0 { 14.0 } else { 0.0 },
    },
    Protocol {
        preset: "phasic_spiking",
        title: "(B) phasic spiking",
        dt_ms: 0.25,
        duration_ms: 200.0,
        current: |t| if t > 20.0 { 0.5 } else { 0.0 },
    },
    Protocol {
        preset: "tonic_bursting",
        title: "(C) tonic bursting",
        dt_ms: 0.25,
        duration_ms: 220.0,
        current: |t| if t > 22.0 { 15.0 } else { 0.0 },
    },
    Protocol {
        preset: "phasic_bursting",
        title: "(D) phasic bursting",
        dt_ms: 0.2,
        duration_ms: 200.0,
        current: |t| if t > 20.0 { 0.6 } else { 0.0 },
    },
    Protocol {
        preset: "mixed_mode",
        title: "(E) mixed mode",
        dt_ms: 0.25,
        duration_ms: 160.0,
        current: |t| if t > 16.0 { 10.0 } else { 0.0 },
    },
    Protocol {
        preset: "spike_frequency_adaptation",
        title: "(F) spike frequency adaptation",
        dt_ms: 0.25,
        duration_ms: 85.0,
        current: |t| if t > 8.5 { 30.0 } else { 0.0 },
    },
    Protocol {
        preset: "class_1_excitable",
        title: "(G) class 1 excitable",
        dt_ms: 0.25,
        duration_ms: 300.0,
        current: |t| if t > 30.0 { 0.075 * (t - 30.0) } else { 0.0 },
    },
    Protocol {
        preset: "class_2_excitable",
        title: "(H) class 2 excitable",
        dt_ms: 0.25,
        duration_ms: 300.0,
        current: |t| {
            if t > 30.0 {
                -0.5 + 0.015 * (t - 30.0)
            } else {
                -0.5
            }
        },
    },
    Protocol {
        preset: "spike_latency",
        title: "(I) spike latency",
        dt_ms: 0.2,
        duration_ms: 100.0,
        current: |t| if inside(t, 10.0, 13.0) { 7.04 } else { 0.0 },
    },
    Protocol {
        preset: "subthreshold_oscillations",
        title: "(J) subthreshold oscillations",
        dt_ms: 0.25,
        duration_ms: 200.0,
        current: |t| if inside(t, 20.0, 25.0) { 2.0 } else { 0.0 },
    },
    Protocol {
        preset: "resonator",
        title: "(K) resonator",
        dt_ms: 0.25,
        duration_ms: 400.0,
        current: |t| {
            let pulse = [40.0, 60.0, 280.0, 320.0]
                .iter()
                .any(|&on| inside(t, on, on + 4.0));
            if pulse { 0.65 } else { 0.0 }
        },
    },
    Protocol {
        preset: "integrator",
        title: "(L) integrator",
        dt_ms: 0.25,
        duration_ms: 100.0,
        current: |t| {
            let first = 100.0 / 11.0;
            let pulse = [first, first + 5.0, 70.0, 80.0]
                .iter()
                .any(|&on| inside(t, on, on + 2.0));
            if pulse { 9.0 } else { 0.0 }
        },
    },
    Protocol {
        preset: "rebound_spike",
        title: "(M) rebound spike",
        dt_ms: 0.2,
        duration_ms: 200.0,
        current: |t| if inside(t, 20.0, 25.0) { -15.0 } else { 0.0 },
    },
    Protocol {
        preset: "rebound_burst",
        title: "(N) rebound burst",
        dt_ms: 0.2,
        duration_ms: 200.0,
        current: |t| if inside(t, 20.0, 25.0) { -15.0 } else { 0.0 },
    },
    Protocol {
        preset: "threshold_variability",
        title: "(O) threshold variability",
        dt_ms: 0.25,
        duration_ms: 100.0,
        current: |t| {
            if inside(t, 10.0, 15.0) || inside(t, 80.0, 85.0) {
                1.0
            } else if inside(t, 70.0, 75.0) {
                -6.0
            } else {
                0.0
            }
        },
    },
    Protocol {
        preset: "bistability",
        title: "(P) bistability",
        dt_ms: 0.25,
        duration_ms: 300.0,
        current: |t| {
            if inside(t, 37.5, 42.5) || inside(t, 216.0, 221.0) {
                1.24
            } else {
                0.24
            }
        },
    },
    Protocol {
        preset: "dap",
        title: "(Q) depolarizing after-potential",
        dt_ms: 0.1,
        duration_ms: 50.0,
        current: |t| if (t - 10.0).abs() < 1.0 { 20.0 } else { 0.0 },
    },
    Protocol {
        preset: "accommodation",
        title: "(R) accommodation",
        dt_ms: 0.5,
        duration_ms: 400.0,
        current: |t| {
            if t < 200.0 {
                t / 25.0
            } else if t < 300.0 {
                0.0
            } else if t < 312.5 {
                (t - 300.0) / 12.5 * 4.0
            } else {
                0.0
            }
        },
    },
    Protocol {
        preset: "inhibition_induced_spiking",
        title: "(S) inhibition-induced spiking",
        dt_ms: 0.5,
        duration_ms: 350.0,
        current: |t| {
            if (50.0..=250.0).contains(&t) {
                75.0
            } else {
                80.0
            }
        },
    },
    Protocol {
        preset: "inhibition_induced_bursting",
        title: "(T) inhibition-induced bursting",
        dt_ms: 0.5,
        duration_ms: 350.0,
        current: |t| {
            if (50.0..=250.0).contains(&t) {
                75.0
            } else {
                80.0
            }
        },
    },
];
