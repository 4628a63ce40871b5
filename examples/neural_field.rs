//! Neural fields on a ring, the field integral by FFT (`Network::couple_field`):
//!
//! 1. **Bump attractor** (Amari 1977): an [`AmariField`] with a lateral-inhibition kernel
//!    w(x) = e^{−x²/2} − ½ e^{−x²/8} (mm) and a Heaviside rate, started from a wide
//!    pulse, settles into a bump whose width solves Amari's condition W(a) + h0 = 0 (drawn
//!    as markers at h = 0).
//! 2. **Travelling pulses** (Pinto & Ermentrout 2001): an [`AmariAdaptive`] field with an
//!    excitatory kernel w(x) = e^{−|x|}/2 (mm), threshold θ = 0.2, β = 5, ε = 0.02,
//!    stimulated in the middle, launches two pulses that run outward at constant speed
//!    (printed; a little below the speed σ(1 − 2θ)/(2θτ) = 0.15 mm/ms of the front
//!    without adaptation).
//!
//! Run: `cargo run --release --example neural_field [-- OUTPUT.svg|png]` (default
//! `out/neural_field.svg` for the bump, and `out/neural_field_wave.svg` beside it).

use std::process::ExitCode;

use cajal::prelude::*;
use cajal::runtime::FieldKernel;
use cajal::runtime::mean_field::erfcx;
use cajal::runtime::output::run_example;
use cajal::runtime::plot::{Curve, CurvesFigure};

const DT: f64 = 0.1;

/// The field's profile as (x, value) points, x centred on the ring.
fn profile(values: &[f64], length: f64) -> Vec<(f64, f64)> {
    let dx = length / values.len() as f64;
    values
        .iter()
        .enumerate()
        .map(|(i, v)| (i as f64 * dx - length / 2.0, *v))
        .collect()
}

/// Amari's bump width for the lateral-inhibition kernel: W(a) = −h0 on W's falling side.
fn amari_width(h0: f64) -> f64 {
    let erf = |x: f64| 1.0 - erfcx(x) * (-x * x).exp();
    let s = std::f64::consts::FRAC_PI_2.sqrt();
    let big_w = |a: f64| {
        s * (erf(a / std::f64::consts::SQRT_2)
            - 0.5 * 2.0 * erf(a / (2.0 * std::f64::consts::SQRT_2)))
    };
    let (mut lo, mut hi) = ((8.0 * 2f64.ln() / 3.0).sqrt(), 10.0);
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if big_w(mid) > -h0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

fn bump(output: &str) -> Result<(), Error> {
    let (n, length, h0) = (1000, 20.0, -0.3);
    let kernel = FieldKernel::ring(n, length, |x| {
        (-x * x / 2.0).exp() - 0.5 * (-x * x / 8.0).exp()
    })?;
    let mut field = AmariField::with_params(n, AmariFieldParams { tau: 10.0, h0 })?;
    for (i, h) in field.state.h.iter_mut().enumerate() {
        let x = i as f64 * length / n as f64 - length / 2.0;
        *h = if x.abs() < 2.5 { 0.6 } else { h0 };
    }
    let mut net = Network::new(DT)?;
    let f = net.add_population("field", field)?;
    net.couple_field(
        "lateral",
        (f, "h"),
        (f, "h_inp"),
        FieldHeaviside::default(),
        &kernel,
    )?;
    let mut curves = Vec::new();
    let mut t_prev = 0.0;
    for t in [0.0, 5.0, 20.0, 50.0, 500.0] {
        net.run(t - t_prev)?;
        t_prev = t;
        curves.push(Curve {
            label: format!("t = {t} ms"),
            points: profile(net.population(f)?.state(0), length),
            markers: false,
        });
    }
    let a = amari_width(h0);
    curves.push(Curve {
        label: format!("Amari's edges (width {a:.3} mm)"),
        points: vec![(-a / 2.0, 0.0), (f64::NAN, f64::NAN), (a / 2.0, 0.0)],
        markers: true,
    });
    let h = net.population(f)?.state(0);
    let above = h.iter().filter(|&&v| v > 0.0).count() as f64 * length / n as f64;
    println!("bump: {above:.3} mm above threshold, Amari's condition {a:.3} mm");
    CurvesFigure {
        title: "Amari field on a ring: a bump forms (h0 = −0.3, Heaviside rate)".into(),
        x_label: "position (mm)".into(),
        y_label: "activity h".into(),
        curves,
    }
    .save(output)
}

fn wave(output: &str) -> Result<(), Error> {
    let (n, length, theta) = (4000, 200.0, 0.2);
    let kernel = FieldKernel::ring(n, length, |x| 0.5 * (-x.abs()).exp())?;
    let params = AmariAdaptiveParams {
        tau: 10.0,
        beta: 5.0,
        epsilon: 0.02,
    };
    let mut field = AmariAdaptive::with_params(n, params)?;
    let dx = length / n as f64;
    for (i, u) in field.state.u.iter_mut().enumerate() {
        let x = i as f64 * dx - length / 2.0;
        *u = if x.abs() < 2.0 { 1.0 } else { 0.0 };
    }
    let mut net = Network::new(DT)?;
    let f = net.add_population("field", field)?;
    let rate = FieldHeaviside { theta };
    net.couple_field("excitation", (f, "u"), (f, "u_inp"), rate, &kernel)?;
    let mut curves = Vec::new();
    let mut fronts = Vec::new();
    let mut t_prev = 0.0;
    for t in [50.0, 150.0, 300.0, 450.0, 600.0] {
        net.run(t - t_prev)?;
        t_prev = t;
        let u = net.population(f)?.state(0);
        let front = (0..n)
            .rev()
            .find(|&i| u[i] > theta)
            .map(|i| i as f64 * dx - length / 2.0);
        fronts.push((t, front));
        curves.push(Curve {
            label: format!("t = {t} ms"),
            points: profile(u, length),
            markers: false,
        });
    }
    println!("t (ms)\tfront (mm)");
    for (t, front) in &fronts {
        match front {
            Some(x) => println!("{t}\t{x:.2}"),
            None => println!("{t}\t(no activity)"),
        }
    }
    if let (Some((t0, Some(x0))), Some((t1, Some(x1)))) = (fronts.get(1), fronts.last()) {
        let front = (1.0 - 2.0 * theta) / (2.0 * theta) / 10.0;
        println!(
            "pulse speed: {:.3} mm/ms (front without adaptation: {front:.3} mm/ms)",
            (x1 - x0) / (t1 - t0)
        );
    }
    CurvesFigure {
        title: "Adaptive field: two pulses travel outward (θ = 0.2, β = 5, ε = 0.02)".into(),
        x_label: "position (mm)".into(),
        y_label: "activity u".into(),
        curves,
    }
    .save(output)
}

/// `out/neural_field.svg` → `out/neural_field_wave.svg`.
fn wave_path(output: &str) -> String {
    match output.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}_wave.{ext}"),
        None => format!("{output}_wave"),
    }
}

fn run(output: &str) -> Result<(), Error> {
    bump(output)?;
    let second = wave_path(output);
    wave(&second)?;
    println!("wrote {output} and {second}");
    Ok(())
}

fn main() -> ExitCode {
    run_example("out/neural_field.svg", run)
}
