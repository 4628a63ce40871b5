//! The cell types of Izhikevich's book (2007, ch. 8) show their named behaviour under
//! current steps: adaptation (RS), an initial burst (IB), repetitive bursts (CH), a peak
//! that falls and a reset that rises with u (LTS), fast non-adapting firing (FS), and
//! rebound bursts after hyperpolarisation with tonic firing from rest (TC, RTN).

use cajal::prelude::*;

/// Spike train and v trace of the preset under `before` pA until 300 ms, then `after` pA,
/// for 600 ms at the book's-code-like step of 0.1 ms.
fn run(preset: &str, before: f64, after: f64) -> (SpikeTrain, Vec<f64>) {
    let params = IzhikevichBookParams::preset(preset).unwrap();
    let model = IzhikevichBook::with_params(1, params).unwrap();
    let mut sim = Simulation::new(model, 0.1).unwrap();
    sim.drive("I", Stimulus::step(before, after, 300.0))
        .unwrap();
    sim.record(&["v"]).unwrap();
    let rec = sim.run(600.0).unwrap();
    (rec.spike_train(0), rec.trace("v", 0).unwrap().to_vec())
}

/// The book's parameter sets (Figs. 8.12–8.32), with the defaults the RS cell.
#[test]
fn the_presets_are_the_books_parameter_sets() {
    let rs = IzhikevichBookParams::default();
    assert_eq!(
        (
            rs.C, rs.k, rs.v_r, rs.v_t, rs.v_peak, rs.a, rs.b, rs.c, rs.d
        ),
        (100.0, 0.7, -60.0, -40.0, 35.0, 0.03, -2.0, -50.0, 100.0)
    );
    assert_eq!(rs.b_high, rs.b, "one sensitivity unless a preset splits it");
    let lts = IzhikevichBookParams::preset("lts").unwrap();
    assert_eq!(
        (
            lts.v_peak,
            lts.peak_slope,
            lts.c,
            lts.reset_slope,
            lts.d,
            lts.u_max
        ),
        (40.0, -0.1, -53.0, 0.04, 20.0, 670.0)
    );
    let tc = IzhikevichBookParams::preset("tc").unwrap();
    assert_eq!((tc.b, tc.b_high, tc.v_switch), (15.0, 0.0, -65.0));
    let fs = IzhikevichBookParams::preset("fs").unwrap();
    assert_eq!((fs.b, fs.b3, fs.v_b, fs.d), (0.0, 0.025, -55.0, 0.0));
}

/// RS: regular spiking with spike-frequency adaptation (intervals lengthen).
#[test]
fn rs_adapts() {
    let (train, _) = run("rs", 0.0, 400.0);
    assert!(train.between(0.0, 300.0).is_empty());
    let isis = train.isis();
    assert!(isis.windows(2).all(|w| w[1] >= w[0] - 1e-9), "{isis:?}");
    assert!(isis[isis.len() - 1] > 1.3 * isis[0], "{isis:?}");
}

/// IB: an initial burst (intervals under a third of the later ones), then tonic spikes.
#[test]
fn ib_fires_an_initial_burst_then_tonic_spikes() {
    let (train, _) = run("ib", 0.0, 800.0);
    let isis = train.isis();
    let late = isis[isis.len() - 1];
    assert!(isis.len() > 8, "{isis:?}");
    assert!(isis[0] < late / 3.0 && isis[1] < late / 3.0, "{isis:?}");
    assert!(
        isis[isis.len() - 4..]
            .iter()
            .all(|&i| (i - late).abs() < 0.05 * late)
    );
}

/// CH: repetitive bursts (chattering): at least five bursts of two or more spikes whose
/// intra-burst intervals are under a fifth of the inter-burst ones.
#[test]
fn ch_chatters() {
    let (train, _) = run("ch", 0.0, 400.0);
    let bursts = train.bursts(6.0);
    let multi = bursts.iter().filter(|b| b.len() >= 2).count();
    assert!(multi >= 5, "{} bursts of ≥ 2 spikes", multi);
    let isis = train.isis();
    let short = isis.iter().filter(|&&i| i < 6.0).count();
    let long: Vec<f64> = isis.iter().copied().filter(|&i| i >= 6.0).collect();
    // After the first burst the bursts repeat at more than 25 ms.
    assert!(
        short >= 5 && long[1..].iter().all(|&i| i > 25.0),
        "{isis:?}"
    );
}

/// LTS: as u builds up during a train the cut-off (40 − 0.1u) falls and the reset
/// (−53 + 0.04u) rises: the potential recorded at the spike (the value that crossed the
/// cut-off) falls from spike to spike while the one a step later (after the reset) rises;
/// and it fires a rebound spike after strong hyperpolarisation.
#[test]
fn lts_peak_and_reset_follow_u_and_it_rebounds() {
    let (train, v) = run("lts", 0.0, 400.0);
    assert!(train.len() > 10);
    let at = |t: f64| (t / 0.1).round() as usize;
    let spikes = train.times_ms();
    let (first, last) = (at(spikes[0]), at(spikes[spikes.len() - 1]));
    assert!(v[last] < v[first] - 5.0, "peak {} → {}", v[first], v[last]);
    assert!(
        v[last + 1] > v[first + 1] + 1.0,
        "reset {} → {}",
        v[first + 1],
        v[last + 1]
    );
    let (rebound, _) = run("lts", -1600.0, 0.0);
    assert!(rebound.between(0.0, 300.0).is_empty());
    assert!(!rebound.between(300.0, 400.0).is_empty());
}

/// FS: fast spiking without adaptation (adaptation index near zero, above 70 Hz at 400 pA);
/// silent at 50 pA where the cubic recovery holds it.
#[test]
fn fs_fires_fast_without_adaptation() {
    let (train, _) = run("fs", 0.0, 400.0);
    let rate = train.len() as f64 / 0.3;
    assert!(rate > 70.0, "{rate} Hz");
    let a = train.adaptation_index(2).unwrap();
    assert!(a.abs() < 0.05, "adaptation index {a}");
    assert!(run("fs", 0.0, 50.0).0.is_empty());
}

/// TC and RTN: from rest a depolarising step gives tonic spikes (first interval > 20 ms for
/// TC); released from hyperpolarisation below −65 mV, where b is large and u deeply
/// negative, both fire a rebound burst (≥ 3 spikes, the first interval under 10 ms).
#[test]
fn thalamic_cells_fire_rebound_bursts() {
    let (tonic, _) = run("tc", 0.0, 100.0);
    assert!(tonic.isis()[0] > 20.0, "{:?}", tonic.times_ms());
    for preset in ["tc", "rtn"] {
        let (train, v) = run(preset, -800.0, 0.0);
        assert!(v[2999] < -65.0, "{preset}: hyperpolarised to {}", v[2999]);
        let burst = train.between(300.0, 600.0);
        assert!(burst.len() >= 3, "{preset}: {:?}", burst.times_ms());
        assert!(burst.isis()[0] < 10.0, "{preset}: {:?}", burst.times_ms());
    }
    // TC released from a hyperpolarisation that stays above −65 mV fires no burst.
    let (shallow, v) = run("tc", -50.0, 0.0);
    assert!(v[2999] > -65.0);
    assert!(shallow.is_empty(), "{:?}", shallow.times_ms());
}
