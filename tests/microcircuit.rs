//! The cortical microcircuit of Potjans & Diesmann (2014): the weight and the synapse numbers
//! follow from the paper's values, and at a tenth of its size (with the rate-preserving
//! compensation) it fires at the full model's rates in the asynchronous irregular state, with
//! the cell-type specific pattern the paper reports.

use cajal::models::catalog;
use cajal::models::networks::{Microcircuit, MicrocircuitParams};
use cajal::runtime::analysis::{PopulationActivity, population_activity};

/// Population sizes of the full model (Table 5 of the paper), in the item's order.
const SIZES: [f64; 8] = [20683., 5834., 21915., 5479., 4850., 1065., 14395., 2948.];

/// Connection probabilities (Table 5), target (row) × source (column).
const PROBABILITIES: [[f64; 8]; 8] = [
    [0.1009, 0.1689, 0.0437, 0.0818, 0.0323, 0., 0.0076, 0.],
    [0.1346, 0.1371, 0.0316, 0.0515, 0.0755, 0., 0.0042, 0.],
    [0.0077, 0.0059, 0.0497, 0.135, 0.0067, 0.0003, 0.0453, 0.],
    [0.0691, 0.0029, 0.0794, 0.1597, 0.0033, 0., 0.1057, 0.],
    [0.1004, 0.0622, 0.0505, 0.0057, 0.0831, 0.3726, 0.0204, 0.],
    [0.0548, 0.0269, 0.0257, 0.0022, 0.06, 0.3158, 0.0086, 0.],
    [
        0.0156, 0.0066, 0.0211, 0.0166, 0.0572, 0.0197, 0.0396, 0.2252,
    ],
    [0.0364, 0.001, 0.0034, 0.0005, 0.0277, 0.008, 0.0658, 0.1443],
];

/// Mean rates (Hz) of the full model simulated by NEST (its PyNEST example's
/// `full_mean_rates`), in the item's order.
const NEST_FULL_SCALE_HZ: [f64; 8] = [0.971, 2.868, 4.746, 5.396, 8.142, 9.078, 0.991, 7.523];

fn activity(params: &MicrocircuitParams, t_ms: f64) -> Vec<PopulationActivity> {
    let mc = Microcircuit::with_params(params).unwrap();
    let ids = [
        mc.L23E, mc.L23I, mc.L4E, mc.L4I, mc.L5E, mc.L5I, mc.L6E, mc.L6I,
    ];
    let mut net = mc.network;
    net.run(200.0).unwrap();
    let from = net.steps();
    net.run(t_ms).unwrap();
    let to = net.steps();
    ids.iter()
        .map(|&id| {
            let n = net.population(id).unwrap().len();
            population_activity(
                net.spikes(id).unwrap(),
                n,
                (from, to),
                net.dt_ms(),
                (3.0, 1000),
            )
        })
        .collect()
}

#[test]
fn the_weight_is_the_current_of_a_0_15_mv_psp() {
    // The peak of the PSP of a current J e^{−t/τ_s} into C_m, τ_m (Potjans & Diesmann
    // 2014: 0.15 mV ↔ 87.8 pA), solved numerically here: the largest v of
    // C v' = −C v/τ_m + I, I' = −I/τ_s, from v = 0, I = 1 pA, by small Euler steps.
    let (c, tau_m, tau_s) = (250.0, 10.0, 0.5);
    let (mut v, mut i, mut peak) = (0.0f64, 1.0f64, 0.0f64);
    let h = 1e-5;
    for _ in 0..(20.0 / h) as usize {
        v += h * (-v / tau_m + i / c);
        i -= h * i / tau_s;
        peak = peak.max(v);
    }
    let j = 0.15 / peak;
    let p = Microcircuit::with_params(&MicrocircuitParams {
        scale: 0.01,
        ..Default::default()
    })
    .unwrap()
    .params;
    assert!((p.J - j).abs() < 1e-3, "{} vs {j}", p.J);
    assert!((p.J - 87.8).abs() < 0.05);
    // At 1 % of the in-degrees the weight grows tenfold.
    assert!((p.J_s - 10.0 * p.J).abs() < 1e-9);
}

#[test]
fn each_projection_draws_the_papers_synapse_number_for_its_sizes() {
    let scale = 0.02;
    let mc = Microcircuit::with_params(&MicrocircuitParams {
        scale,
        ..Default::default()
    })
    .unwrap();
    let sizes: Vec<f64> = SIZES.iter().map(|n| (n * scale + 0.5).floor()).collect();
    let mut expected = 0.0;
    for (i, row) in PROBABILITIES.iter().enumerate() {
        for (j, &c) in row.iter().enumerate() {
            if c > 0.0 {
                // Eq. 1 of the paper: K = ln(1 − C)/ln(1 − 1/(N_pre N_post)).
                let pairs = sizes[i] * sizes[j];
                expected += ((1.0 - c).ln() / (1.0 - 1.0 / pairs).ln()).round();
            }
        }
    }
    let got = mc.network.synapse_count() as f64;
    // Ties of the rounding (none here) aside, the counts are exact.
    assert_eq!(got, expected);
    let neurons: usize = mc
        .network
        .populations()
        .iter()
        .map(|(_, id)| mc.network.population(*id).unwrap().len())
        .sum();
    assert_eq!(neurons as f64, sizes.iter().sum::<f64>());
}

#[test]
fn a_tenth_of_the_microcircuit_fires_at_the_full_models_rates() {
    let a = activity(
        &MicrocircuitParams {
            scale: 0.1,
            ..Default::default()
        },
        1000.0,
    );
    let rates: Vec<f64> = a.iter().map(|x| x.rate_hz).collect();
    // Downscaling with the compensation keeps the mean input, not the fluctuations' every
    // effect (van Albada et al. 2015): rates within 40 % of the full model's.
    for (k, (&r, &reference)) in rates.iter().zip(&NEST_FULL_SCALE_HZ).enumerate() {
        assert!(
            (r - reference).abs() < 0.4 * reference,
            "population {k}: {r} Hz vs {reference} Hz; all {rates:?}"
        );
    }
    // The paper's cell-type specific pattern: in each layer the inhibitory cells fire faster
    // than the excitatory ones; L2/3E is the slowest population and L5E the fastest
    // excitatory one.
    for layer in 0..4 {
        assert!(rates[2 * layer + 1] > rates[2 * layer], "{rates:?}");
    }
    assert!(rates.iter().all(|&r| r >= rates[0]), "{rates:?}");
    assert!([0, 2, 6].iter().all(|&k| rates[4] > rates[k]), "{rates:?}");
    // Asynchronous and irregular: cells fire irregularly and the populations do not lock.
    for x in &a {
        assert!(x.cv_isi > 0.4, "{a:?}");
        assert!(x.synchrony < 8.0, "{a:?}");
    }
}

#[test]
fn parameters_computed_from_others_cannot_be_set() {
    let entry = catalog::find_network("microcircuit").unwrap();
    let k = entry.params.iter().position(|p| p.name == "J_s").unwrap();
    let Err(e) = (entry.build)(None, &[(k, 10.0)], None, Default::default()) else {
        panic!("J_s was set");
    };
    assert!(
        e.to_string().contains("computed from other parameters"),
        "{e}"
    );
    // Setting what it is computed from is the way: a struct literal with another scale
    // builds the network with the weight of that scale.
    let p = Microcircuit::with_params(&MicrocircuitParams {
        scale: 0.04,
        J_s: 1.0,
        ..Default::default()
    })
    .unwrap()
    .params;
    assert!((p.J_s - p.J / 0.2).abs() < 1e-9);
}
