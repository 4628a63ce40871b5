//! Numeric helpers used by generated code.

/// (e^x − 1)/x, with the removable singularity at 0 filled in (1 at x = 0).
///
/// Used by the exact and exponential-Euler propagators: x ← x + dt·exprel(a·dt)·f(x).
#[inline]
pub fn exprel(x: f64) -> f64 {
    if x.abs() < 1e-6 {
        1.0 + x / 2.0 + x * x / 6.0
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
        assert_eq!(sigmoid(0.0), 0.5);
    }
}
