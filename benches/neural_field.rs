//! Benchmarks of neural fields, single thread: an Amari field on a 256 × 256 torus (65 536
//! points, sigmoid rate, lateral-inhibition kernel), the field integral by FFT every step
//! (`Network::couple_field`), the convolution alone, and the same field on a ring of 4096
//! points. The target of
//! issue 18 is ≥ 1000 steps per second for the 2D field (≤ 1 ms per step).
//!
//! Run: `cargo bench --bench neural_field`.

#![allow(missing_docs)] // criterion_group! generates undocumented items

use criterion::{Criterion, criterion_group, criterion_main};

use cajal::prelude::*;
use cajal::runtime::{FieldConvolution, FieldKernel};

/// Mexican hat of widths 1 and 2 (in the kernel's length unit).
fn mexican_hat(r2: f64) -> f64 {
    (-r2 / 2.0).exp() - 0.5 * (-r2 / 8.0).exp()
}

fn field(kernel: &FieldKernel) -> Network {
    let n = kernel.len();
    let mut points = AmariField::new(n);
    for (i, h) in points.state.h.iter_mut().enumerate() {
        *h = 0.3 * ((i * 7919 % 101) as f64 / 101.0 - 0.5);
    }
    let mut net = Network::new(0.1).unwrap();
    let f = net.add_population("field", points).unwrap();
    net.couple_field(
        "lateral",
        (f, "h"),
        (f, "h_inp"),
        FieldSigmoid::default(),
        kernel,
    )
    .unwrap();
    net
}

fn neural_fields(c: &mut Criterion) {
    let torus =
        FieldKernel::torus((256, 256), (32.0, 32.0), |x, y| mexican_hat(x * x + y * y)).unwrap();
    let mut net = field(&torus);
    c.bench_function("amari_torus_256x256_step", |b| {
        b.iter(|| net.step().unwrap())
    });
    let mut convolution = FieldConvolution::new(&torus);
    let input: Vec<f64> = (0..torus.len()).map(|i| (i % 7) as f64).collect();
    let mut out = vec![0.0; torus.len()];
    c.bench_function("fft_convolution_256x256", |b| {
        b.iter(|| convolution.convolve(&input, &mut out))
    });
    let ring = FieldKernel::ring(4096, 64.0, |x| mexican_hat(x * x)).unwrap();
    let mut net = field(&ring);
    c.bench_function("amari_ring_4096_step", |b| b.iter(|| net.step().unwrap()));
}

criterion_group!(benches, neural_fields);
criterion_main!(benches);
