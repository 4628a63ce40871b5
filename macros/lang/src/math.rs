//! Numeric functions with one definition for the checker's evaluator and for generated code
//! (the runtime re-exports them), so both compute the same numbers.

/// 1/k! for k = 0 … 13: the Taylor coefficients of e^x, and (shifted by one) of exprel.
const INV_FACTORIAL: [f64; 14] = [
    1.0,
    1.0,
    1.0 / 2.0,
    1.0 / 6.0,
    1.0 / 24.0,
    1.0 / 120.0,
    1.0 / 720.0,
    1.0 / 5040.0,
    1.0 / 40320.0,
    1.0 / 362880.0,
    1.0 / 3628800.0,
    1.0 / 39916800.0,
    1.0 / 479001600.0,
    1.0 / 6227020800.0,
];

/// (e^x − 1)/x, with the removable singularity at 0 filled in (1 at x = 0).
///
/// Used by the exact and exponential-Euler propagators: x ← x + dt·exprel(a·dt)·f(x).
/// Branch-free (both cases are computed and one is selected), so loops that call it
/// vectorise: a polynomial for |x| < 0.1 and (e^x − 1)/x with [`exp_branch_free`] beyond,
/// within 4e-15 relative of `exp_m1(x)/x` everywhere.
#[inline]
pub fn exprel(x: f64) -> f64 {
    // Σ x^k/(k+1)!, k = 0..=9 (C[k + 1] = 1/(k + 1)!): the remainder is below 3e-18 for |x| < 0.1. Evaluated in
    // Estrin's scheme (pairs combined with x², x⁴, x⁸), whose dependency chain is half as
    // long as Horner's.
    const C: &[f64; 14] = &INV_FACTORIAL;
    let x2 = x * x;
    let x4 = x2 * x2;
    let x8 = x4 * x4;
    let p01 = C[1] + C[2] * x;
    let p23 = C[3] + C[4] * x;
    let p45 = C[5] + C[6] * x;
    let p67 = C[7] + C[8] * x;
    let p89 = C[9] + C[10] * x;
    let small = (p01 + x2 * p23) + x4 * (p45 + x2 * p67) + x8 * p89;
    // Beyond 0.1 the subtraction loses at most 3.4 bits.
    let large = (exp_branch_free(x) - 1.0) / x;
    if x.abs() < 0.1 { small } else { large }
}

/// e^x without branches or library calls, so that loops calling it vectorise: x = k·ln 2 + r
/// with k whole and |r| ≤ ln 2 / 2 (Cody–Waite: ln 2 split in a high part exact in k·ln2_hi
/// and a low part), e^r by its Taylor polynomial to degree 13 (remainder below 5e-18) in
/// Estrin's scheme, and 2^k put in the exponent bits (of two factors). Within 2 ulp of
/// `f64::exp` for x in
/// [−708, 709.78]; +∞ above, and for x below −708 it returns e^−708 (≈ 3e-308), which is
/// what `exprel` needs (e^x is then far below the rounding of 1).
#[inline]
pub fn exp_branch_free(x: f64) -> f64 {
    // ln 2 = LN2_HI + LN2_LO, LN2_HI with its 32 low bits zero (so k·LN2_HI is exact).
    const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
    const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
    const INV_LN2: f64 = std::f64::consts::LOG2_E;
    // 1.5·2^52: adding it rounds to a whole number (to nearest, ties to even), which then
    // sits in the low bits of the sum's representation.
    const SHIFTER: f64 = 6_755_399_441_055_744.0;
    const C: &[f64; 14] = &INV_FACTORIAL;
    let xc = x.clamp(-708.0, 709.782_712_893_384);
    let shifted = xc * INV_LN2 + SHIFTER;
    let k = shifted - SHIFTER;
    let k_bits = (shifted.to_bits() as i64).wrapping_sub(SHIFTER.to_bits() as i64);
    let r = (xc - k * LN2_HI) - k * LN2_LO;
    let r2 = r * r;
    let r4 = r2 * r2;
    let r8 = r4 * r4;
    let p = |a: usize| C[a] + C[a + 1] * r;
    let low = (p(0) + r2 * p(2)) + r4 * (p(4) + r2 * p(6));
    let high = (p(8) + r2 * p(10)) + r4 * p(12);
    let e_r = low + r8 * high;
    // 2^k in two factors, so that k = 1024 (x near the top of the range) is representable.
    let half = k_bits >> 1;
    let two_to = |e: i64| f64::from_bits((e.wrapping_add(1023) as u64) << 52);
    let y = e_r * two_to(half) * two_to(k_bits - half);
    if x > 709.782_712_893_384 {
        f64::INFINITY
    } else {
        y
    }
}

/// The logistic function 1/(1 + e^−x).
#[inline]
pub fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// −1, 0 or 1 by the sign of `x`; 0 at ±0 and NaN at NaN (numpy's and Brian2's `sign`, not
/// `f64::signum`, which gives ±1 at ±0).
#[inline]
pub fn sign(x: f64) -> f64 {
    if x > 0.0 {
        1.0
    } else if x < 0.0 {
        -1.0
    } else {
        x * 0.0
    }
}

/// The Heaviside step: 1 for `x > 0`, else 0 (NaN at NaN).
#[inline]
pub fn heaviside(x: f64) -> f64 {
    if x > 0.0 {
        1.0
    } else if x.is_nan() {
        x
    } else {
        0.0
    }
}

/// `a^b` for a dimensionless base: `a.powf(b)`, with the common exponent 0 answered
/// without the call (pow(a, 0) = 1 for every a, NaN included, so nothing changes).
#[inline]
pub fn powf(a: f64, b: f64) -> f64 {
    if b == 0.0 { 1.0 } else { a.powf(b) }
}

/// `x` limited to [`low`, `high`] as numpy's `clip`: min(max(x, low), high) (no panic when
/// `low > high`: then `high`).
#[inline]
pub fn clip(x: f64, low: f64, high: f64) -> f64 {
    x.max(low).min(high)
}

/// The one-step propagator P = dt·φ₁(dt·A) of the linear system x′ = A·x + b (A an n×n
/// matrix, row-major in `a`; φ₁(Z) = Σ Zᵏ/(k+1)!): the exact step is x ← x + P·(A·x + b).
/// For one equation this is `dt·exprel(dt·a)`; for coupled equations (an alpha synapse's
/// Jordan block, say) it is the matrix function, computed as the upper-right block of
/// exp([[dt·A, dt·I], [0, 0]]) by scaling and squaring: Z = dt·A/2ˢ with ‖Z‖∞ ≤ 1/2, φ₁(Z)
/// by its Taylor polynomial to degree 16 (remainder below 1e-20), then s squarings of
/// [[E, F], [0, I]] (E ← E², F ← E·F + F). Returns P row-major.
pub fn linear_propagator(dt: f64, a: &[f64], n: usize) -> Vec<f64> {
    assert_eq!(a.len(), n * n, "linear_propagator needs an n×n matrix");
    let norm = (0..n)
        .map(|i| {
            a[i * n..(i + 1) * n]
                .iter()
                .map(|x| (dt * x).abs())
                .sum::<f64>()
        })
        .fold(0.0, f64::max);
    // Halvings that bring the norm to at most 1/2 (none for a finite norm already there).
    let mut halvings = 0;
    let mut scale = 1.0;
    while norm * scale > 0.5 && halvings < 1100 {
        scale *= 0.5;
        halvings += 1;
    }
    let z: Vec<f64> = a.iter().map(|x| dt * x * scale).collect();
    let identity = |i: usize, j: usize| if i == j { 1.0 } else { 0.0 };
    let product = |x: &[f64], y: &[f64]| -> Vec<f64> {
        let mut out = vec![0.0; n * n];
        for i in 0..n {
            for k in 0..n {
                let xik = x[i * n + k];
                for j in 0..n {
                    out[i * n + j] += xik * y[k * n + j];
                }
            }
        }
        out
    };
    // φ₁(Z) = I + Z/2·(I + Z/3·(I + …)), in Horner's scheme.
    let mut phi: Vec<f64> = (0..n * n).map(|k| identity(k / n, k % n)).collect();
    for k in (1..=16).rev() {
        let zp = product(&z, &phi);
        let inv = 1.0 / (k + 1) as f64;
        for (idx, value) in phi.iter_mut().enumerate() {
            *value = identity(idx / n, idx % n) + zp[idx] * inv;
        }
    }
    // E = e^Z = I + Z·φ₁(Z); F = (dt/2ˢ)·φ₁(Z).
    let zp = product(&z, &phi);
    let mut e: Vec<f64> = (0..n * n).map(|k| identity(k / n, k % n) + zp[k]).collect();
    let mut f: Vec<f64> = phi.iter().map(|x| x * dt * scale).collect();
    for _ in 0..halvings {
        let ef = product(&e, &f);
        for (value, added) in f.iter_mut().zip(ef) {
            *value += added;
        }
        e = product(&e, &e);
    }
    f
}

/// [`linear_propagator`] for a matrix of known size, as generated code calls it.
pub fn linear_propagator_array<const N: usize>(dt: f64, a: [[f64; N]; N]) -> [[f64; N]; N] {
    let flat: Vec<f64> = a.iter().flatten().copied().collect();
    let p = linear_propagator(dt, &flat, N);
    let mut out = [[0.0; N]; N];
    for (i, row) in out.iter_mut().enumerate() {
        row.copy_from_slice(&p[i * N..(i + 1) * N]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_heaviside_and_clip_follow_numpy() {
        assert_eq!(
            [sign(-2.5), sign(0.0), sign(-0.0), sign(3.0)],
            [-1.0, 0.0, 0.0, 1.0]
        );
        assert!(sign(f64::NAN).is_nan() && heaviside(f64::NAN).is_nan());
        assert_eq!(
            [heaviside(-1.0), heaviside(0.0), heaviside(1e-300)],
            [0.0, 0.0, 1.0]
        );
        assert_eq!(
            [
                clip(-5.0, -1.0, 2.0),
                clip(0.5, -1.0, 2.0),
                clip(9.0, -1.0, 2.0)
            ],
            [-1.0, 0.5, 2.0]
        );
        assert_eq!(
            clip(0.5, 3.0, 1.0),
            1.0,
            "low above high gives high, as numpy"
        );
    }

    #[test]
    fn exprel_is_continuous_at_zero() {
        assert_eq!(exprel(0.0), 1.0);
        // Both branches agree with the Taylor series 1 + x/2 + x²/6 + x³/24 near the switch.
        for x in [0.999e-6, 1.001e-6, -0.999e-6, -1.001e-6] {
            let series = 1.0 + x / 2.0 + x * x / 6.0 + x * x * x / 24.0;
            assert!((exprel(x) - series).abs() < 1e-15, "{x}");
        }
        assert!((exprel(2.0) - (2f64.exp() - 1.0) / 2.0).abs() < 4e-15);
        // The polynomial agrees with exp_m1(x)/x to rounding, up to its edge.
        for k in 1..=200 {
            let x = -0.1 + 0.2 * k as f64 / 200.0 - 1e-12;
            if x.abs() > 1e-3 {
                let direct = x.exp_m1() / x;
                assert!((exprel(x) - direct).abs() <= 4e-16 * direct, "x = {x}");
            }
        }
        // Beyond it, (e^x − 1)/x with the branch-free exponential, over the whole range.
        for k in 0..=20_000 {
            let x = -800.0 + 1600.0 * k as f64 / 20_000.0 + 1e-9;
            let direct = x.exp_m1() / x;
            let got = exprel(x);
            if direct.is_finite() {
                assert!(
                    (got - direct).abs() <= 4e-15 * direct,
                    "x = {x}: {got} vs {direct}"
                );
            } else {
                assert_eq!(got, f64::INFINITY, "x = {x}");
            }
        }
        assert!(exprel(f64::NAN).is_nan());
        assert_eq!(sigmoid(0.0), 0.5);
    }

    #[test]
    fn the_branch_free_exponential_is_within_two_ulp_of_exp() {
        for k in 0..=100_000 {
            let x = -708.0 + 1417.78 * k as f64 / 100_000.0;
            let (got, want) = (exp_branch_free(x), x.exp());
            assert!(
                (got - want).abs() <= 2.0 * f64::EPSILON * want,
                "x = {x}: {got} vs {want}"
            );
        }
        assert_eq!(exp_branch_free(0.0), 1.0);
        assert_eq!(exp_branch_free(710.0), f64::INFINITY);
        assert!(exp_branch_free(f64::NAN).is_nan());
    }

    #[test]
    fn linear_propagator_is_exact_for_a_jordan_block_and_diagonal_systems() {
        // x' = -x/τ, g' = (x - g)/τ: g(h) = (g0 + x0 h/τ) e^{-h/τ}, x(h) = x0 e^{-h/τ}.
        let (tau, h) = (5.0, 0.1);
        let p = linear_propagator(h, &[-1.0 / tau, 0.0, 1.0 / tau, -1.0 / tau], 2);
        let (x0, g0) = (2.0_f64, 0.5_f64);
        let (fx, fg) = (-x0 / tau, (x0 - g0) / tau);
        let x1 = x0 + p[0] * fx + p[1] * fg;
        let g1 = g0 + p[2] * fx + p[3] * fg;
        let decay = (-h / tau).exp();
        assert!((x1 - x0 * decay).abs() < 1e-15);
        assert!((g1 - (g0 + x0 * h / tau) * decay).abs() < 1e-15);
        // A diagonal matrix gives dt·exprel(dt·a) on the diagonal, also for stiff rates
        // that need many halvings.
        for a in [-1e-3, -0.2, -3.0, -400.0, 2.0] {
            let p = linear_propagator(h, &[a, 0.0, 0.0, a], 2);
            let expected = h * exprel(h * a);
            assert!((p[0] - expected).abs() <= 1e-14 * expected.abs(), "a = {a}");
            assert_eq!(p[1], 0.0);
        }
    }
}
