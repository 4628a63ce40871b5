//! Neural fields: a population laid out on a periodic grid — a ring, or a torus (a sheet with
//! periodic edges) — coupled through a translation-invariant kernel. The field integral
//! ∫ w(x − x′) f(x′) dx′ becomes the circular convolution Σ_i K[j − i] f_i with K the kernel
//! sampled at the grid offsets times the cell size (the rectangle rule, exact for the grid's
//! Fourier modes), computed by FFT in O(n log n) per step instead of the n² of a weight
//! matrix (Amari 1977; Coombes 2005 for the numerics).

use std::sync::Arc;

use realfft::{ComplexToReal, RealFftPlanner, RealToComplex};
use rustfft::num_complex::Complex64;
use rustfft::{Fft, FftPlanner};

use crate::error::Error;

/// A kernel on a periodic grid: `nx × ny` points (ny = 1 for a ring), row-major (x fastest),
/// holding w at each grid offset times the cell size.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldKernel {
    nx: usize,
    ny: usize,
    weights: Vec<f64>,
}

/// The signed offset of grid step `k` of `n` points of spacing `h`, in (−n h/2, n h/2].
fn offset(k: usize, n: usize, h: f64) -> f64 {
    if 2 * k <= n {
        k as f64 * h
    } else {
        (k as f64 - n as f64) * h
    }
}

fn bad(message: String) -> Error {
    Error::Incompatible {
        what: "field kernel".into(),
        message,
    }
}

impl FieldKernel {
    /// A ring of `n` points spaced evenly over `length` (in the unit `w` reads, e.g. mm or
    /// degrees): point i sits at x_i = i·length/n, and w(d) is sampled at the signed
    /// distances d in (−length/2, length/2], times the spacing.
    pub fn ring(n: usize, length: f64, w: impl Fn(f64) -> f64) -> Result<FieldKernel, Error> {
        FieldKernel::torus((n, 1), (length, 1.0), |x, _| w(x))
    }

    /// A torus of `nx × ny` points (row-major, x fastest) spaced evenly over
    /// `lx × ly`: w(dx, dy) is sampled at the signed offsets, times the cell area
    /// (lx/nx)·(ly/ny). With ny = 1 it is the ring of length lx (the cell size is lx/nx).
    pub fn torus(
        (nx, ny): (usize, usize),
        (lx, ly): (f64, f64),
        w: impl Fn(f64, f64) -> f64,
    ) -> Result<FieldKernel, Error> {
        if nx == 0 || ny == 0 {
            return Err(bad(format!("a field needs points, not {nx} × {ny}")));
        }
        let n = nx
            .checked_mul(ny)
            .filter(|&n| n <= u32::MAX as usize)
            .ok_or_else(|| bad(format!("{nx} × {ny} points are too many")))?;
        // The kernel (8 bytes a point), then in the convolution its spectrum and two work
        // buffers (16 bytes a frequency, about half a point each) and the edge values.
        let points = n as f64;
        crate::budget::check(
            &format!("a {nx} × {ny} field"),
            &[
                ("kernel", 8.0 * points),
                ("spectra", 3.0 * 8.0 * points),
                ("edge values", 8.0 * points),
            ],
        )?;
        if !(lx.is_finite() && lx > 0.0 && ly.is_finite() && ly > 0.0) {
            return Err(bad(format!(
                "the extent must be positive and finite, not {lx} × {ly}"
            )));
        }
        let (hx, hy) = (lx / nx as f64, if ny == 1 { 1.0 } else { ly / ny as f64 });
        let mut weights = Vec::with_capacity(n);
        for ky in 0..ny {
            let dy = if ny == 1 { 0.0 } else { offset(ky, ny, hy) };
            for kx in 0..nx {
                let dx = offset(kx, nx, hx);
                let value = w(dx, dy);
                if !value.is_finite() {
                    return Err(bad(format!("w({dx}, {dy}) = {value} is not finite")));
                }
                weights.push(value * hx * hy);
            }
        }
        Ok(FieldKernel { nx, ny, weights })
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// Whether the grid is empty (never: a kernel has at least one point).
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// `(nx, ny)`: points along x and y (ny = 1 for a ring).
    pub fn shape(&self) -> (usize, usize) {
        (self.nx, self.ny)
    }

    /// The kernel times the cell size at offset `(kx, ky)` grid steps.
    pub fn weight(&self, kx: usize, ky: usize) -> f64 {
        self.weights[ky * self.nx + kx]
    }
}

/// The circular convolution with a [`FieldKernel`] by FFT: real-to-complex transforms of
/// the rows (length nx, nx/2 + 1 frequencies), then, for a torus, complex transforms of the
/// columns (length ny) after a transpose.
pub struct FieldConvolution {
    nx: usize,
    ny: usize,
    /// Frequencies per row: nx/2 + 1.
    nf: usize,
    row_forward: Arc<dyn RealToComplex<f64>>,
    row_inverse: Arc<dyn ComplexToReal<f64>>,
    column_forward: Arc<dyn Fft<f64>>,
    column_inverse: Arc<dyn Fft<f64>>,
    /// The kernel's spectrum divided by the number of points (the inverse transforms'
    /// normalisation), in the layout of `columns` (frequency-major) for a torus.
    spectrum: Vec<Complex64>,
    /// One real row.
    row: Vec<f64>,
    /// The rows' spectra, row-major (ny × nf).
    rows: Vec<Complex64>,
    /// The same, transposed (nf × ny), for the column transforms.
    columns: Vec<Complex64>,
    real_scratch: Vec<Complex64>,
    scratch: Vec<Complex64>,
}

impl std::fmt::Debug for FieldConvolution {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FieldConvolution")
            .field("nx", &self.nx)
            .field("ny", &self.ny)
            .finish_non_exhaustive()
    }
}

impl FieldConvolution {
    /// Plans the FFTs for `kernel`'s grid and transforms the kernel.
    pub fn new(kernel: &FieldKernel) -> FieldConvolution {
        let (nx, ny) = kernel.shape();
        let nf = nx / 2 + 1;
        let mut real = RealFftPlanner::<f64>::new();
        let row_forward = real.plan_fft_forward(nx);
        let row_inverse = real.plan_fft_inverse(nx);
        let mut complex = FftPlanner::new();
        let column_forward = complex.plan_fft_forward(ny);
        let column_inverse = complex.plan_fft_inverse(ny);
        let real_scratch_len = row_forward
            .get_scratch_len()
            .max(row_inverse.get_scratch_len());
        let scratch_len = column_forward
            .get_inplace_scratch_len()
            .max(column_inverse.get_inplace_scratch_len());
        let zero = Complex64::default();
        let mut conv = FieldConvolution {
            nx,
            ny,
            nf,
            row_forward,
            row_inverse,
            column_forward,
            column_inverse,
            spectrum: Vec::new(),
            row: vec![0.0; nx],
            rows: vec![zero; ny * nf],
            columns: vec![zero; ny * nf],
            real_scratch: vec![zero; real_scratch_len],
            scratch: vec![zero; scratch_len],
        };
        conv.forward(&kernel.weights);
        let scale = 1.0 / (nx * ny) as f64;
        conv.spectrum = conv.spectrum_layout().iter().map(|c| c * scale).collect();
        conv
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.nx * self.ny
    }

    /// Whether the grid is empty (never).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Where [`FieldConvolution::forward`] leaves the spectrum.
    fn spectrum_layout(&self) -> &[Complex64] {
        if self.ny > 1 {
            &self.columns
        } else {
            &self.rows
        }
    }

    /// The 2D spectrum of `input`: rows into `rows`, then (torus) columns into `columns`.
    fn forward(&mut self, input: &[f64]) {
        let (nx, nf) = (self.nx, self.nf);
        for (values, spectrum) in input.chunks_exact(nx).zip(self.rows.chunks_exact_mut(nf)) {
            self.row.copy_from_slice(values);
            self.row_forward
                .process_with_scratch(&mut self.row, spectrum, &mut self.real_scratch)
                .expect("buffers sized by the plan");
        }
        if self.ny > 1 {
            transpose::transpose(&self.rows, &mut self.columns, nf, self.ny);
            self.column_forward
                .process_with_scratch(&mut self.columns, &mut self.scratch);
        }
    }

    /// `out_j = Σ_i K[j − i] input_i` over the grid (offsets taken periodically).
    pub fn convolve(&mut self, input: &[f64], out: &mut [f64]) {
        let (nx, ny, nf) = (self.nx, self.ny, self.nf);
        assert_eq!(input.len(), nx * ny, "field input of the grid's size");
        assert_eq!(out.len(), nx * ny, "field output of the grid's size");
        self.forward(input);
        if ny > 1 {
            for (c, k) in self.columns.iter_mut().zip(&self.spectrum) {
                *c *= k;
            }
            self.column_inverse
                .process_with_scratch(&mut self.columns, &mut self.scratch);
            transpose::transpose(&self.columns, &mut self.rows, ny, nf);
        } else {
            for (c, k) in self.rows.iter_mut().zip(&self.spectrum) {
                *c *= k;
            }
        }
        for (spectrum, values) in self.rows.chunks_exact_mut(nf).zip(out.chunks_exact_mut(nx)) {
            // A real row's spectrum has real end points; rounding leaves ~1e-17 there.
            spectrum[0].im = 0.0;
            if nx % 2 == 0 {
                spectrum[nf - 1].im = 0.0;
            }
            self.row_inverse
                .process_with_scratch(spectrum, values, &mut self.real_scratch)
                .expect("buffers sized by the plan, real end points");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The convolution by direct summation.
    fn direct(kernel: &FieldKernel, input: &[f64]) -> Vec<f64> {
        let (nx, ny) = kernel.shape();
        let mut out = vec![0.0; nx * ny];
        for jy in 0..ny {
            for jx in 0..nx {
                let mut sum = 0.0;
                for iy in 0..ny {
                    for ix in 0..nx {
                        let (kx, ky) = ((jx + nx - ix) % nx, (jy + ny - iy) % ny);
                        sum += kernel.weight(kx, ky) * input[iy * nx + ix];
                    }
                }
                out[jy * nx + jx] = sum;
            }
        }
        out
    }

    fn input(n: usize) -> Vec<f64> {
        (0..n).map(|i| ((i * 37 % 11) as f64 - 5.0) * 0.3).collect()
    }

    #[test]
    fn the_fft_convolution_is_the_direct_sum_on_rings_and_tori_of_any_size() {
        let ring = FieldKernel::ring(12, 6.0, |d| (-d * d).exp() - 0.3 * d).unwrap();
        let torus = FieldKernel::torus((6, 4), (3.0, 2.0), |x, y| {
            (-(x * x + 2.0 * y * y)).exp() + 0.1 * x
        })
        .unwrap();
        let odd_ring = FieldKernel::ring(7, 3.0, |d| 1.0 / (1.0 + d * d)).unwrap();
        let odd_torus = FieldKernel::torus((5, 3), (2.0, 1.5), |x, y| (x - 0.2 * y).cos()).unwrap();
        for kernel in [ring, torus, odd_ring, odd_torus] {
            let x = input(kernel.len());
            let mut out = vec![0.0; kernel.len()];
            FieldConvolution::new(&kernel).convolve(&x, &mut out);
            for (a, b) in out.iter().zip(direct(&kernel, &x)) {
                assert!((a - b).abs() < 1e-12, "{a} vs {b}");
            }
        }
    }

    #[test]
    fn offsets_are_signed_and_scaled_by_the_cell() {
        let k = FieldKernel::ring(4, 2.0, |d| d).unwrap();
        // Offsets 0, 0.5, 1 (the far point counted forward), −0.5; cell 0.5.
        let w: Vec<f64> = (0..4).map(|i| k.weight(i, 0)).collect();
        assert_eq!(w, vec![0.0, 0.25, 0.5, -0.25]);
        let t = FieldKernel::torus((2, 2), (2.0, 4.0), |_, y| y).unwrap();
        assert_eq!(t.weight(0, 1), 2.0 * 2.0);
    }

    #[test]
    fn bad_grids_and_kernels_are_refused() {
        assert!(FieldKernel::ring(0, 1.0, |_| 1.0).is_err());
        assert!(FieldKernel::ring(4, -1.0, |_| 1.0).is_err());
        assert!(FieldKernel::ring(4, 1.0, |d| 1.0 / d).is_err());
        assert!(FieldKernel::torus((usize::MAX, 2), (1.0, 1.0), |_, _| 1.0).is_err());
        // 4e9 points would need ~160 GB: refused before anything is allocated.
        let err = FieldKernel::torus((65_536, 65_535), (1.0, 1.0), |_, _| 1.0).unwrap_err();
        assert!(err.to_string().contains("field"), "{err}");
    }
}
