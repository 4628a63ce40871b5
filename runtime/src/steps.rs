//! Durations as whole numbers of steps: a duration that is not one is an error rather than
//! silently rounded (0.15 ms at dt = 0.1 ms is 1.5 steps).

use crate::error::Error;

/// Most steps one run may take: 2^53, the last count an `f64` time holds exactly.
pub const MAX_STEPS: u64 = 1 << 53;

/// The number of steps of `dt_ms` in `duration_ms`, which must be finite, ≥ 0 and a whole
/// number of steps (to a relative 1e-9, so that 1000 ms / 0.1 ms = 10000.000000000002 is
/// 10 000).
pub fn whole_steps(duration_ms: f64, dt_ms: f64) -> Result<u64, Error> {
    if !(duration_ms.is_finite() && duration_ms >= 0.0) {
        return Err(Error::InvalidTime {
            message: format!("the duration must be a finite time ≥ 0 ms, but is {duration_ms} ms"),
        });
    }
    let steps = duration_ms / dt_ms;
    let whole = steps.round();
    if whole.is_nan() || whole > MAX_STEPS as f64 {
        return Err(Error::InvalidTime {
            message: format!(
                "{duration_ms} ms at dt = {dt_ms} ms is {steps:e} steps, more than the {MAX_STEPS} one run may take"
            ),
        });
    }
    if (steps - whole).abs() > 1e-9 * whole.max(1.0) {
        let below = steps.floor() * dt_ms;
        let above = steps.ceil() * dt_ms;
        return Err(Error::InvalidTime {
            message: format!(
                "the duration {duration_ms} ms is {steps:.3} steps of {dt_ms} ms, not a whole number of steps: use {below} ms or {above} ms"
            ),
        });
    }
    Ok(whole as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_durations_count_their_steps_and_others_are_errors() {
        assert_eq!(whole_steps(1000.0, 0.1).unwrap(), 10_000);
        assert_eq!(whole_steps(0.0, 0.1).unwrap(), 0);
        assert_eq!(whole_steps(0.3, 0.1).unwrap(), 3);
        let e = whole_steps(0.15, 0.1).unwrap_err().to_string();
        assert!(
            e.contains("1.500 steps") && e.contains("use 0.1 ms or 0.2 ms"),
            "{e}"
        );
        let e = whole_steps(10.0, 20.0).unwrap_err().to_string();
        assert!(
            e.contains("0.500 steps") && e.contains("use 0 ms or 20 ms"),
            "{e}"
        );
        assert!(
            whole_steps(1.0, 1e-300)
                .unwrap_err()
                .to_string()
                .contains("more than")
        );
        assert!(whole_steps(-1.0, 0.1).is_err());
        assert!(whole_steps(f64::NAN, 0.1).is_err());
    }
}
