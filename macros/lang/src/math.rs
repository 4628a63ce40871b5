//! Numeric functions with one definition for the checker's evaluator and for generated code
//! (the runtime re-exports them), so both compute the same numbers.

/// (e^x − 1)/x, with the removable singularity at 0 filled in (1 at x = 0).
///
/// Used by the exact and exponential-Euler propagators: x ← x + dt·exprel(a·dt)·f(x).
#[inline]
pub fn exprel(x: f64) -> f64 {
    if x.abs() < 0.1 {
        // Σ x^k/(k+1)!, k = 0..=9: the remainder is below 3e-18 for |x| < 0.1, and a
        // polynomial is several times cheaper than exp_m1 and a division. Evaluated in
        // Estrin's scheme (pairs combined with x², x⁴, x⁸), whose dependency chain is half
        // as long as Horner's.
        const C: [f64; 10] = [
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
        ];
        let x2 = x * x;
        let x4 = x2 * x2;
        let x8 = x4 * x4;
        let p01 = C[0] + C[1] * x;
        let p23 = C[2] + C[3] * x;
        let p45 = C[4] + C[5] * x;
        let p67 = C[6] + C[7] * x;
        let p89 = C[8] + C[9] * x;
        (p01 + x2 * p23) + x4 * (p45 + x2 * p67) + x8 * p89
    } else {
        x.exp_m1() / x
    }
}

/// The logistic function 1/(1 + e^−x).
#[inline]
pub fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exprel_is_continuous_at_zero() {
        assert_eq!(exprel(0.0), 1.0);
        // Both branches agree with the Taylor series 1 + x/2 + x²/6 + x³/24 near the switch.
        for x in [0.999e-6, 1.001e-6, -0.999e-6, -1.001e-6] {
            let series = 1.0 + x / 2.0 + x * x / 6.0 + x * x * x / 24.0;
            assert!((exprel(x) - series).abs() < 1e-15, "{x}");
        }
        assert!((exprel(2.0) - (2f64.exp() - 1.0) / 2.0).abs() < 1e-15);
        // The polynomial branch agrees with exp_m1(x)/x to rounding, up to its edge.
        for k in 1..=200 {
            let x = -0.1 + 0.2 * k as f64 / 200.0 - 1e-12;
            if x.abs() > 1e-3 {
                let direct = x.exp_m1() / x;
                assert!((exprel(x) - direct).abs() <= 4e-16 * direct, "x = {x}");
            }
        }
        assert_eq!(sigmoid(0.0), 0.5);
    }
}
