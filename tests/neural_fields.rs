//! Neural fields (`Network::couple_field`): the stationary bump of an Amari field on a ring
//! has the width of Amari's (1977) condition W(a) + h0 = 0; the FFT field projection on a
//! torus equals the same kernel written as a weight matrix; wrong uses are refused.

use cajal::prelude::*;
use cajal::runtime::FieldKernel;
use cajal::runtime::mean_field::erfcx;

/// Lateral inhibition: w(x) = A e^{−x²/2σe²} − B e^{−x²/2σi²} (mm).
const A: f64 = 1.0;
const SIGMA_E: f64 = 1.0;
const B: f64 = 0.5;
const SIGMA_I: f64 = 2.0;

fn w(x: f64) -> f64 {
    A * (-x * x / (2.0 * SIGMA_E * SIGMA_E)).exp() - B * (-x * x / (2.0 * SIGMA_I * SIGMA_I)).exp()
}

fn erf(x: f64) -> f64 {
    1.0 - erfcx(x) * (-x * x).exp()
}

/// W(a) = ∫₀ᵃ w(y) dy.
fn big_w(a: f64) -> f64 {
    let s = std::f64::consts::FRAC_PI_2.sqrt();
    let sq2 = std::f64::consts::SQRT_2;
    s * (A * SIGMA_E * erf(a / (sq2 * SIGMA_E)) - B * SIGMA_I * erf(a / (sq2 * SIGMA_I)))
}

/// The stable bump width: the root of W(a) = −h0 where W falls (w(a) < 0).
fn bump_width(h0: f64) -> f64 {
    // w changes sign where e^{−a²/2σe²} A = B e^{−a²/2σi²}.
    let turn =
        ((2.0 * (A / B).ln()) / (1.0 / (SIGMA_E * SIGMA_E) - 1.0 / (SIGMA_I * SIGMA_I))).sqrt();
    let (mut lo, mut hi) = (turn, 10.0);
    assert!(big_w(lo) > -h0 && big_w(hi) < -h0, "a bump exists");
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if big_w(mid) > -h0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// Width of the region where h > θ, its edges interpolated linearly between grid points.
fn measured_width(h: &[f64], dx: f64, theta: f64) -> f64 {
    let above: Vec<usize> = (0..h.len()).filter(|&i| h[i] > theta).collect();
    let (first, last) = (above[0], *above.last().unwrap());
    assert_eq!(last - first + 1, above.len(), "one bump");
    let cross = |inside: usize, outside: usize| {
        let t = (h[inside] - theta) / (h[inside] - h[outside]);
        t * dx
    };
    (last - first) as f64 * dx + cross(first, first - 1) + cross(last, last + 1)
}

#[test]
fn the_stationary_bump_has_amaris_width() {
    let (n, length) = (1000, 20.0);
    let dx = length / n as f64;
    let kernel = FieldKernel::ring(n, length, w).unwrap();
    for h0 in [-0.3, -0.25] {
        let mut field = AmariField::with_params(n, AmariFieldParams { tau: 10.0, h0 }).unwrap();
        for (i, h) in field.state.h.iter_mut().enumerate() {
            let x = i as f64 * dx - length / 2.0;
            *h = if x.abs() < 1.5 { 0.5 } else { h0 };
        }
        let mut net = Network::new(0.1).unwrap();
        let f = net.add_population("field", field).unwrap();
        net.couple_field(
            "lateral",
            (f, "h"),
            (f, "h_inp"),
            FieldHeaviside::default(),
            &kernel,
        )
        .unwrap();
        net.run(1000.0).unwrap();
        let h = net.population(f).unwrap().state(0).to_vec();
        let width = measured_width(&h, dx, 0.0);
        let expected = bump_width(h0);
        assert!(
            (width - expected).abs() < 2.0 * dx,
            "h0 = {h0}: bump {width} mm, Amari's condition {expected} mm"
        );
        // Stationary: one more second changes nothing.
        net.run(1000.0).unwrap();
        let later = net.population(f).unwrap().state(0);
        assert!((measured_width(later, dx, 0.0) - width).abs() < 1e-9);
    }
}

#[test]
fn a_front_travels_at_its_closed_form_speed() {
    // u_t = −u + ∫ e^{−|x−y|/σ}/(2σ) H(u(y) − θ) dy (τ = 10 ms, σ = 1 mm): a front moving
    // right satisfies u(0) = θ in its frame, σ/(2(σ + cτ)) = θ, so c = σ(1 − 2θ)/(2θτ).
    // The simulated speed is first order in dt/τ (−1.2 % at dt = 0.1 ms): dt = 0.05 ms.
    let (n, length, theta, tau) = (4000, 200.0, 0.2, 10.0);
    let dx = length / n as f64;
    let kernel = FieldKernel::ring(n, length, |x| 0.5 * (-x.abs()).exp()).unwrap();
    let mut field = AmariField::with_params(n, AmariFieldParams { tau, h0: 0.0 }).unwrap();
    for (i, h) in field.state.h.iter_mut().enumerate() {
        *h = if (i as f64 * dx - length / 2.0).abs() < 5.0 {
            1.0
        } else {
            0.0
        };
    }
    let mut net = Network::new(0.05).unwrap();
    let f = net.add_population("field", field).unwrap();
    let rate = FieldHeaviside { theta };
    net.couple_field("excitation", (f, "h"), (f, "h_inp"), rate, &kernel)
        .unwrap();
    // The right front, interpolated between grid points.
    let front = |net: &Network| {
        let h = net.population(f).unwrap().state(0);
        let i = (0..n - 1).rev().find(|&i| h[i] > theta).unwrap();
        i as f64 * dx + dx * (h[i] - theta) / (h[i] - h[i + 1])
    };
    net.run(200.0).unwrap();
    let x0 = front(&net);
    net.run(400.0).unwrap();
    let speed = (front(&net) - x0) / 400.0;
    let expected = (1.0 - 2.0 * theta) / (2.0 * theta * tau);
    assert!(
        (speed / expected - 1.0).abs() < 0.01,
        "front at {speed} mm/ms, closed form {expected} mm/ms"
    );
}

#[test]
fn a_torus_field_is_its_kernel_as_a_weight_matrix() {
    let (nx, ny, lx, ly) = (12, 8, 6.0, 4.0);
    let kernel = FieldKernel::torus((nx, ny), (lx, ly), |x, y| {
        (-(x * x + y * y)).exp() - 0.3 * (-(x * x + y * y) / 4.0).exp()
    })
    .unwrap();
    let n = nx * ny;
    let start = |i: usize| 0.4 * ((i % nx) as f64 * 0.7).sin() * ((i / nx) as f64 * 1.1).cos();
    let build = |as_matrix: bool| {
        let mut field = AmariField::new(n);
        for (i, h) in field.state.h.iter_mut().enumerate() {
            *h = start(i);
        }
        let mut net = Network::new(0.1).unwrap();
        let f = net.add_population("field", field).unwrap();
        let rate = FieldSigmoid::default();
        if as_matrix {
            let mut conn = Connections::new(n, n);
            for j in 0..n {
                for i in 0..n {
                    let kx = (j % nx + nx - i % nx) % nx;
                    let ky = (j / nx + ny - i / nx) % ny;
                    conn.push(i, j, kernel.weight(kx, ky));
                }
            }
            net.couple("lateral", (f, "h"), (f, "h_inp"), rate, conn)
                .unwrap();
        } else {
            net.couple_field("lateral", (f, "h"), (f, "h_inp"), rate, &kernel)
                .unwrap();
        }
        (net, f)
    };
    let (mut fft, f) = build(false);
    let (mut matrix, _) = build(true);
    fft.run(200.0).unwrap();
    matrix.run(200.0).unwrap();
    let (a, b) = (
        fft.population(f).unwrap().state(0),
        matrix.population(f).unwrap().state(0),
    );
    let moved = a
        .iter()
        .enumerate()
        .any(|(i, h)| (h - start(i)).abs() > 0.05);
    assert!(moved, "the field evolved");
    for (x, y) in a.iter().zip(b) {
        assert!((x - y).abs() < 1e-10, "{x} vs {y}");
    }
    assert!(
        fft.rate_weights("lateral").is_err(),
        "a field has no weight list"
    );
}

#[test]
fn wrong_field_projections_say_why() {
    let kernel = FieldKernel::ring(16, 1.0, |_| 1.0).unwrap();
    let mut net = Network::new(0.1).unwrap();
    let f = net.add_population("field", AmariField::new(16)).unwrap();
    let g = net.add_population("small", AmariField::new(8)).unwrap();
    let h = net.add_population("hopf", Hopf::new(16)).unwrap();
    let err = net
        .couple_field(
            "a",
            (g, "h"),
            (g, "h_inp"),
            FieldHeaviside::default(),
            &kernel,
        )
        .unwrap_err();
    assert!(err.to_string().contains("field's points"), "{err}");
    let err = net
        .couple_field("b", (h, "x"), (h, "x_inp"), Diffusive::default(), &kernel)
        .unwrap_err();
    assert!(err.to_string().contains("reads `post`"), "{err}");
    let err = net
        .couple_field("c", (f, "h"), (f, "h_inp"), Oja::default(), &kernel)
        .unwrap_err();
    assert!(err.to_string().contains("plastic"), "{err}");
}

cajal::include_model!("tests/models/field_sheet.cajal");

use crate::network_file;
use network_file::interpret_network;

#[test]
fn fields_written_as_network_items_are_the_fields_of_the_rust_api() {
    let mut compiled = Sheets::new().unwrap().network;
    // The same ring through the Rust API.
    let kernel = FieldKernel::ring(128, 20.0, |d| {
        (-d * d / 2.0).exp() - 0.5 * (-d * d / 8.0).exp()
    })
    .unwrap();
    let mut by_hand = Network::new(0.1).unwrap();
    let mut points = Point::new(128);
    for (i, h) in points.state.h.iter_mut().enumerate() {
        *h = if i > 58 && i < 70 { 0.5 } else { -0.3 };
    }
    let ring = by_hand.add_population("ring", points).unwrap();
    by_hand
        .couple_field(
            "lateral",
            (ring, "h"),
            (ring, "h_inp"),
            Rate::default(),
            &kernel,
        )
        .unwrap();
    by_hand.drive(ring, "I", Stimulus::Constant(0.1)).unwrap();

    let mut interpreted = interpret_network(include_str!("models/field_sheet.cajal")).network;

    let h = |net: &Network, k: usize| net.population(PopulationId(k)).unwrap().state(0).to_vec();
    for _ in 0..200 {
        compiled.step().unwrap();
        by_hand.step().unwrap();
        interpreted.step().unwrap();
        assert_eq!(h(&compiled, 0), h(&by_hand, 0));
        assert_eq!(h(&compiled, 0), h(&interpreted, 0));
        assert_eq!(h(&compiled, 1), h(&interpreted, 1));
    }
    assert!(h(&compiled, 0)[64] > 0.0, "the ring's bump holds");
    let sheet = h(&compiled, 1);
    assert!(sheet.iter().any(|&x| x > 0.0) && sheet.iter().any(|&x| x < 0.0));
}

#[test]
fn field_rules_in_network_items_say_what_is_wrong() {
    let text = include_str!("models/field_sheet.cajal");
    let errors = |from: &str, to: &str| {
        let changed = text.replace(from, to);
        match cajal_lang::compile_items(&changed) {
            Ok(_) => panic!("expected an error for {to}"),
            Err(d) => d.render("f", &changed),
        }
    };
    let e = errors(
        "w_e*exp(-dx^2/2) - w_i*exp(-dx^2/8))",
        "w_e*exp(-dx^2/2)*1 mV)",
    );
    assert!(e.contains("a field's kernel must be dimensionless"), "{e}");
    let e = errors(
        "ring_field(L, w_e*exp(-dx^2/2) - w_i*exp(-dx^2/8))",
        "ring_field(L, w_e*exp(-dz^2/2))",
    );
    assert!(e.contains("dz"), "{e}");
    let e = errors("w_i*exp(-dx^2/8))\n", "w_i*exp(-dx^2/8)) delay 1 ms\n");
    assert!(e.contains("has no delays"), "{e}");
}
