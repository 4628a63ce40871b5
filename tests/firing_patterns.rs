//! Firing-pattern presets, each run under the stimulus of its published panel, show their
//! named pattern by a measurable criterion (spike counts in windows, interval ratios, the
//! adaptation index of Naud et al. 2008, burst structure, latency).

use cajal::models::protocols::{self, Protocol, izhikevich_2004, naud_2008};
use cajal::prelude::*;
use cajal::runtime::gain::GainCurve;

/// The spike train and v trace of one instance of `model` under the protocol.
fn run<M: Model>(model: M, p: &Protocol) -> (SpikeTrain, Vec<f64>) {
    let mut sim = Simulation::new(model, p.dt_ms).unwrap();
    sim.drive("I", p.stimulus()).unwrap();
    sim.record(&["v"]).unwrap();
    let rec = sim.run(p.duration_ms).unwrap();
    (rec.spike_train(0), rec.trace("v", 0).unwrap().to_vec())
}

/// An AdEx preset under its Naud et al. (2008) step.
fn naud(preset: &str) -> SpikeTrain {
    let p = protocols::find(naud_2008::PANELS, preset).unwrap();
    run(
        AdEx::with_params(1, AdExParams::preset(preset).unwrap()).unwrap(),
        p,
    )
    .0
}

/// An Izhikevich (2003) preset under the stimulus of its Izhikevich (2004) panel.
fn panel(preset: &str) -> (SpikeTrain, Vec<f64>, &'static Protocol) {
    let p = protocols::find(izhikevich_2004::PANELS, preset).unwrap();
    let params = Izhikevich2003Params::preset(preset).unwrap();
    let (train, v) = run(Izhikevich2003::with_params(1, params).unwrap(), p);
    (train, v, p)
}

/// Sizes of the bursts (runs of intervals ≤ `max_isi` ms).
fn burst_sizes(train: &SpikeTrain, max_isi: f64) -> Vec<usize> {
    train.bursts(max_isi).iter().map(SpikeTrain::len).collect()
}

/// The 2003 paper's equation and cell classes: v' = 0.04v² + 5v + 140 − u + I,
/// u' = a(bv − u), RS (0.02, 0.2, −65, 8) the default.
#[test]
fn izhikevich_2003_defaults_are_the_papers_regular_spiking_cell() {
    let p = Izhikevich2003Params::default();
    assert_eq!(
        (p.k2, p.k1, p.k0, p.a, p.b, p.c, p.d, p.v_peak),
        (0.04, 5.0, 140.0, 0.02, 0.2, -65.0, 8.0, 30.0)
    );
    assert_eq!((p.v_init, p.u_init), (-65.0, -13.0));
    let ch = Izhikevich2003Params::preset("ch").unwrap();
    assert_eq!((ch.a, ch.b, ch.c, ch.d), (0.02, 0.2, -50.0, 2.0));
    // u starts at b·v of the preset's own v and b.
    let rebound = Izhikevich2003Params::preset("rebound_spike").unwrap();
    assert_eq!(rebound.u_init, 0.25 * -64.0);
}

/// Every panel of the 2004 figure has its preset, and every preset its panel.
#[test]
fn every_izhikevich_2004_panel_has_a_preset() {
    assert_eq!(izhikevich_2004::PANELS.len(), 20);
    for p in izhikevich_2004::PANELS {
        assert!(
            Izhikevich2003Params::preset(p.preset).is_ok(),
            "{}",
            p.preset
        );
    }
    assert_eq!(naud_2008::PANELS.len(), 8);
    for p in naud_2008::PANELS {
        assert!(AdExParams::preset(p.preset).is_ok(), "{}", p.preset);
    }
}

/// (A) Tonic spiking: silent before the step, then regular firing (the last intervals
/// equal within 5 %). (B) Phasic spiking: one spike at the onset, then none.
#[test]
fn tonic_and_phasic_spiking() {
    let (tonic, _, _) = panel("tonic_spiking");
    assert!(tonic.between(0.0, 10.0).is_empty());
    let isis = tonic.isis();
    assert!(isis.len() >= 3, "{:?}", tonic.times_ms());
    let (a, b) = (isis[isis.len() - 2], isis[isis.len() - 1]);
    assert!((a - b).abs() < 0.05 * b, "{isis:?}");

    let (phasic, _, _) = panel("phasic_spiking");
    assert_eq!(phasic.len(), 1, "{:?}", phasic.times_ms());
    assert!(phasic.times_ms()[0] > 20.0);
}

/// (C) Tonic bursting: bursts of ≥ 3 spikes repeating through the step. (D) Phasic
/// bursting: one burst at the onset, then silence.
#[test]
fn tonic_and_phasic_bursting() {
    let (tonic, _, _) = panel("tonic_bursting");
    let sizes = burst_sizes(&tonic, 10.0);
    assert!(
        sizes.len() >= 3 && sizes.iter().all(|&n| n >= 3),
        "{sizes:?}"
    );
    assert!(*tonic.times_ms().last().unwrap() > 180.0);

    let (phasic, _, _) = panel("phasic_bursting");
    assert_eq!(
        burst_sizes(&phasic, 15.0).len(),
        1,
        "{:?}",
        phasic.times_ms()
    );
    assert!(phasic.len() >= 3);
    assert!(phasic.between(100.0, 200.0).is_empty());
}

/// (E) Mixed mode: an initial burst, then single spikes at intervals several times the
/// burst's. (F) Spike-frequency adaptation: every interval longer than the one before,
/// the last more than three times the first.
#[test]
fn mixed_mode_and_adaptation() {
    let (mixed, _, _) = panel("mixed_mode");
    let sizes = burst_sizes(&mixed, 10.0);
    assert!(
        sizes[0] >= 2 && sizes[1..].iter().all(|&n| n == 1),
        "{sizes:?}"
    );
    assert!(sizes.len() >= 3);

    let (sfa, _, _) = panel("spike_frequency_adaptation");
    let isis = sfa.isis();
    assert!(isis.len() >= 3);
    assert!(isis.windows(2).all(|w| w[1] > w[0]), "{isis:?}");
    assert!(isis[isis.len() - 1] > 3.0 * isis[0]);
    assert!(sfa.adaptation_index(0).unwrap() > 0.1);
}

/// (G, H) Class 1 excitability: under constant currents the rate rises from arbitrarily
/// low values at the onset of firing; class 2: firing starts at a finite rate. Both fire
/// under their panel's ramp, with shortening intervals.
#[test]
fn class_1_and_class_2_excitability() {
    let currents: Vec<f64> = (0..=40).map(|k| -0.5 + 0.1 * k as f64).collect();
    let onset_rate = |preset: &str| {
        let params = Izhikevich2003Params::preset(preset).unwrap();
        let cells = Izhikevich2003::with_params(currents.len(), params).unwrap();
        let curve =
            GainCurve::measure(Box::new(cells), "I", &currents, 0.25, 2000.0, 500.0).unwrap();
        let (_, first_firing) = curve.rheobase().expect("fires within the range");
        let k = currents.iter().position(|&i| i == first_firing).unwrap();
        curve.rates_hz[k]
    };
    let class_1 = onset_rate("class_1_excitable");
    let class_2 = onset_rate("class_2_excitable");
    assert!(class_1 < 5.0, "class 1 onset rate {class_1} Hz");
    assert!(class_2 > 20.0, "class 2 onset rate {class_2} Hz");
    for preset in ["class_1_excitable", "class_2_excitable"] {
        let (ramp, _, _) = panel(preset);
        let isis = ramp.isis();
        assert!(isis.len() >= 5 && isis.last() < isis.first(), "{isis:?}");
    }
}

/// (I) Spike latency: a 3 ms pulse yields one spike more than 10 ms after its onset.
/// (J) Subthreshold oscillations: one spike, then v oscillates around rest (a damped
/// oscillation: at least four turning points) without firing again.
#[test]
fn spike_latency_and_subthreshold_oscillations() {
    let (latency, _, _) = panel("spike_latency");
    assert_eq!(latency.len(), 1);
    assert!(latency.latency(10.0).unwrap() > 10.0);

    let (osc, v, p) = panel("subthreshold_oscillations");
    assert_eq!(osc.len(), 1);
    let after = (osc.times_ms()[0] / p.dt_ms) as usize + 2;
    let turning_points = v[after..]
        .windows(3)
        .filter(|w| (w[1] - w[0]) * (w[2] - w[1]) < 0.0)
        .count();
    assert!(turning_points >= 4, "{turning_points} turning points");
}

/// (K) Resonator: of two pulse pairs differing only in their interval, one fires the cell
/// and the other does not. (L) Integrator: the closer pair fires it, the wider does not.
#[test]
fn resonator_and_integrator() {
    let (res, _, _) = panel("resonator");
    let first_pair = res.between(40.0, 280.0).len();
    let second_pair = res.between(280.0, 400.0).len();
    assert!(
        (first_pair == 0) != (second_pair == 0),
        "{:?}",
        res.times_ms()
    );

    let (int, _, _) = panel("integrator");
    let close = int.between(9.0, 70.0).len();
    let wide = int.between(70.0, 100.0).len();
    assert!(close >= 1 && wide == 0, "{:?}", int.times_ms());
}

/// (M) Rebound spike and (N) rebound burst: firing only after an inhibitory pulse ends,
/// once or in a burst. (O) Threshold variability: the same excitatory pulse fails alone
/// and fires the cell right after inhibition.
#[test]
fn rebound_and_threshold_variability() {
    let (spike, _, _) = panel("rebound_spike");
    assert_eq!(spike.len(), 1);
    assert!(spike.times_ms()[0] > 25.0);

    let (burst, _, _) = panel("rebound_burst");
    assert!(burst.len() >= 3 && burst.times_ms()[0] > 25.0);
    assert_eq!(burst_sizes(&burst, 10.0).len(), 1);

    let (thr, _, _) = panel("threshold_variability");
    assert!(thr.between(0.0, 70.0).is_empty());
    assert!(!thr.between(80.0, 100.0).is_empty());
}

/// (P) Bistability: a pulse switches tonic firing on, an identical pulse switches it off.
/// (Q) Depolarising after-potential: after its one spike, v rises again above the reset
/// by more than 5 mV without firing.
#[test]
fn bistability_and_depolarising_after_potential() {
    let (bi, _, _) = panel("bistability");
    assert!(bi.between(0.0, 37.5).is_empty());
    assert!(bi.between(37.5, 216.0).len() >= 3);
    assert!(bi.between(221.0, 300.0).is_empty());

    let (dap, v, p) = panel("dap");
    assert_eq!(dap.len(), 1);
    let spike_step = (dap.times_ms()[0] / p.dt_ms).round() as usize;
    let reset = -60.0;
    let peak_after = v[spike_step + 2..]
        .iter()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max);
    assert!(
        peak_after > reset + 5.0,
        "after-potential peak {peak_after}"
    );
}

/// (R) Accommodation: a slow ramp to 8 does not fire the cell; a fast ramp to 4 does.
/// (S, T) Inhibition-induced spiking and bursting: firing only while the drive is lowered.
#[test]
fn accommodation_and_inhibition_induced_firing() {
    let (acc, _, _) = panel("accommodation");
    assert!(acc.between(0.0, 300.0).is_empty());
    assert!(!acc.between(300.0, 400.0).is_empty());

    for preset in ["inhibition_induced_spiking", "inhibition_induced_bursting"] {
        let (train, _, _) = panel(preset);
        assert!(train.between(0.0, 50.0).is_empty(), "{preset}");
        assert!(train.between(50.0, 250.0).len() >= 2, "{preset}");
        assert!(train.between(260.0, 350.0).is_empty(), "{preset}");
    }
    let (bursting, _, _) = panel("inhibition_induced_bursting");
    let sizes = burst_sizes(&bursting, 5.0);
    assert!(
        sizes.len() >= 2 && sizes.iter().all(|&n| n >= 3),
        "{sizes:?}"
    );
}

/// The 2003 cell classes under a step of 10 from 50 ms: RS fires single spikes whose
/// intervals lengthen, IB an initial burst then single spikes, CH repeated bursts, FS fast
/// regular spikes (the second half of its intervals as long as the first, within 10 %).
#[test]
fn izhikevich_2003_cell_classes() {
    let step = Protocol {
        preset: "",
        title: "step",
        dt_ms: 0.25,
        duration_ms: 500.0,
        current: |t| if t > 50.0 { 10.0 } else { 0.0 },
    };
    let class = |name: &str| {
        let params = Izhikevich2003Params::preset(name).unwrap();
        run(Izhikevich2003::with_params(1, params).unwrap(), &step).0
    };
    let rs = class("rs");
    let isis = rs.isis();
    assert!(isis[isis.len() - 1] > 1.5 * isis[0], "{isis:?}");
    assert!(burst_sizes(&rs, 10.0).iter().all(|&n| n == 1));

    let ib = class("ib");
    let sizes = burst_sizes(&ib, 8.0);
    assert!(
        sizes[0] >= 2 && sizes[1..].iter().all(|&n| n == 1),
        "{sizes:?}"
    );

    let ch = class("ch");
    let sizes = burst_sizes(&ch, 8.0);
    assert!(
        sizes.len() >= 4 && sizes.iter().all(|&n| n >= 3),
        "{sizes:?}"
    );

    let fs = class("fs");
    let late = fs.between(150.0, 500.0);
    assert!(late.len() > 3 * rs.between(150.0, 500.0).len());
    let isis = late.isis();
    let (first, second) = isis.split_at(isis.len() / 2);
    let mean = |x: &[f64]| x.iter().sum::<f64>() / x.len() as f64;
    assert!((mean(second) / mean(first) - 1.0).abs() < 0.1, "{isis:?}");
}

/// AdEx rheobase in the saddle-node regime (the tonic preset: a = 2 nS < g_L τ_m/τ_w =
/// 6.7 nS): I_rh = (g_L + a)(V_T + Δ_T ln(1 + a/g_L) − E_L − Δ_T) = 220.4 pA. Below it the
/// cell comes to rest (a step from rest may still fire once while w catches up: only the
/// last two seconds count), above it fires on.
#[test]
fn adex_fires_exactly_above_its_rheobase() {
    let (g_l, a, v_t, delta_t, e_l) = (10.0, 2.0, -50.0, 2.0, -70.0);
    let rheobase = (g_l + a) * (v_t + delta_t * (1.0f64 + a / g_l).ln() - e_l - delta_t);
    let currents = [
        0.97 * rheobase,
        0.995 * rheobase,
        1.005 * rheobase,
        1.03 * rheobase,
    ];
    let cells = AdEx::with_params(4, AdExParams::preset("tonic").unwrap()).unwrap();
    let mut sim = Simulation::new(cells, 0.05).unwrap();
    sim.drive("I", Stimulus::PerInstance(currents.to_vec()))
        .unwrap();
    let rec = sim.run(3000.0).unwrap();
    let counts: Vec<usize> = (0..4)
        .map(|i| rec.spike_train(i).between(1000.0, 3000.0).len())
        .collect();
    assert_eq!(&counts[..2], &[0, 0], "{counts:?}");
    assert!(counts[2] > 0 && counts[3] > 0, "{counts:?}");
}

/// Naud et al. (2008): tonic firing has no adaptation; adapting firing lengthens its
/// intervals gradually (no interval more than twice the one before); an initial burst is
/// a run of short intervals, then one jump to a steady rhythm.
#[test]
fn adex_tonic_adapting_and_initial_burst() {
    let tonic = naud("tonic");
    assert!(tonic.adaptation_index(0).unwrap().abs() < 0.01);
    assert!(tonic.cv().unwrap() < 0.05);

    let adapting = naud("adapting");
    let isis = adapting.isis();
    // Non-decreasing up to the time step (0.1 ms) at which spikes are resolved.
    assert!(
        isis.windows(2)
            .all(|w| w[1] > w[0] - 0.2 && w[1] < 2.0 * w[0]),
        "{isis:?}"
    );
    assert!(isis[isis.len() - 1] > 3.0 * isis[0]);
    assert!(adapting.adaptation_index(0).unwrap() > 0.05);

    let burst = naud("initial_burst");
    let isis = burst.isis();
    let jumps: Vec<usize> = (1..isis.len())
        .filter(|&k| isis[k] > 3.0 * isis[k - 1])
        .collect();
    assert_eq!(jumps.len(), 1, "{isis:?}");
    assert!(
        jumps[0] >= 2,
        "at least three spikes in the burst: {isis:?}"
    );
    assert!(burst.between(100.0, 600.0).cv().unwrap() < 0.05);
}

/// Regular bursting: repeated bursts of ≥ 2 spikes. Delayed regular bursting: the same,
/// after a first-spike latency longer than five intra-burst intervals. Delayed
/// accelerating: a long latency, then intervals that shorten (negative adaptation index).
#[test]
fn adex_bursting_and_delayed_patterns() {
    let regular = naud("regular_bursting");
    let sizes = burst_sizes(&regular, 10.0);
    assert!(
        sizes.len() >= 3 && sizes.iter().all(|&n| n >= 2),
        "{sizes:?}"
    );

    let delayed = naud("delayed_regular_bursting");
    let sizes = burst_sizes(&delayed, 10.0);
    assert!(
        sizes.len() >= 3 && sizes.iter().all(|&n| n >= 2),
        "{sizes:?}"
    );
    let intra = delayed.isis()[0];
    assert!(delayed.latency(0.0).unwrap() > 5.0 * intra);
    assert!(delayed.latency(0.0).unwrap() > 2.0 * regular.latency(0.0).unwrap());

    let accelerating = naud("delayed_accelerating");
    let isis = accelerating.isis();
    assert!(accelerating.latency(0.0).unwrap() > 2.0 * isis[isis.len() - 1]);
    assert!(accelerating.adaptation_index(0).unwrap() < 0.0);
    assert!(isis.windows(2).all(|w| w[1] < w[0] + 0.2), "{isis:?}");
    assert!(isis[isis.len() - 1] < 0.75 * isis[0]);
}

/// Transient spiking: firing at the onset of the step only. Irregular spiking: intervals
/// that neither settle (CV > 0.3 in the last 400 ms) nor repeat with any period up to 6.
#[test]
fn adex_transient_and_irregular() {
    let transient = naud("transient");
    assert!(!transient.is_empty());
    assert!(transient.between(60.0, 600.0).is_empty());

    let irregular = naud("irregular");
    let late = irregular.between(200.0, 600.0);
    assert!(late.cv().unwrap() > 0.3);
    let isis = late.isis();
    for period in 1..=6 {
        let repeats = isis[period..]
            .iter()
            .zip(&isis)
            .all(|(a, b)| (a - b).abs() < 1.0);
        assert!(!repeats, "period {period}: {isis:?}");
    }
}
