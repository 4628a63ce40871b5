//! Validation of a population's saved dynamic state (the layout `Model::save_dynamic`
//! writes) before any of it is loaded, so that a damaged or edited checkpoint is an error
//! naming what is wrong instead of a panic in a later step.
//!
//! Layout: `vectors` vectors of n values (states, inputs, then the refractory counters if
//! `counters`), then t (ms), the step count, the history-ready flag, the history length in
//! steps, the number of history values, and the history (`per_slot` values per step).

use crate::error::Error;
use crate::steps::MAX_STEPS;

/// Whether a saved number is a whole number in `lo..=hi` (a count, a step, an index).
pub(crate) fn whole_in(x: f64, lo: f64, hi: f64) -> bool {
    x.fract() == 0.0 && x >= lo && x <= hi
}

/// The shape a model expects of its saved state.
#[derive(Clone, Copy, Debug)]
pub struct SavedLayout {
    /// Instances.
    pub n: usize,
    /// Vectors of n values (states, inputs, counters).
    pub vectors: usize,
    /// Whether the last vector holds refractory counters (whole numbers).
    pub counters: bool,
    /// History values per step (delayed states × n).
    pub per_slot: usize,
}

/// Checks `data` against `layout` for model `name`: the length, every value finite, the
/// counters, step and lengths whole and in range, the history consistent with its length.
pub fn check_saved_state(name: &str, data: &[f64], layout: SavedLayout) -> Result<(), Error> {
    let bad = |message: String| Error::Incompatible {
        what: format!("saved state of `{name}`"),
        message,
    };
    let fixed = layout.vectors * layout.n;
    if data.len() < fixed + 5 {
        return Err(Error::WrongSize {
            what: format!("saved state of `{name}`"),
            expected: fixed + 5,
            got: data.len(),
        });
    }
    if let Some(k) = data.iter().position(|x| !x.is_finite()) {
        return Err(bad(format!(
            "value {k} is {}, not a finite number",
            data[k]
        )));
    }
    if layout.counters {
        let counters = &data[fixed - layout.n..fixed];
        if let Some(c) = counters
            .iter()
            .find(|&&c| !whole_in(c, 0.0, f64::from(u32::MAX)))
        {
            return Err(bad(format!(
                "a refractory counter is {c}, not a whole number of steps"
            )));
        }
    }
    let [t, step, ready, history_len, history] = data[fixed..fixed + 5] else {
        unreachable!("five values after the vectors");
    };
    if t < 0.0 {
        return Err(bad(format!("the time is {t} ms, before the start")));
    }
    if !whole_in(step, 0.0, MAX_STEPS as f64) {
        return Err(bad(format!(
            "the step count is {step}, not a whole number of steps"
        )));
    }
    if ready != 0.0 && ready != 1.0 {
        return Err(bad(format!("the history flag is {ready}, not 0 or 1")));
    }
    let rest = (data.len() - fixed - 5) as f64;
    if !whole_in(history_len, 1.0, f64::from(u32::MAX)) || history != rest {
        return Err(bad(format!(
            "the history ({history} values, {history_len} steps) does not match the {rest} values saved"
        )));
    }
    if ready == 1.0 && history != history_len * layout.per_slot as f64 {
        return Err(bad(format!(
            "the history holds {history} values, but {history_len} steps of this model hold {}",
            history_len * layout.per_slot as f64
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAYOUT: SavedLayout = SavedLayout {
        n: 2,
        vectors: 2,
        counters: true,
        per_slot: 2,
    };

    /// A valid saved state: v = [1, 2], counters [0, 3], t = 0.5, step 5, a ready history of
    /// 2 steps.
    fn valid() -> Vec<f64> {
        vec![
            1.0, 2.0, 0.0, 3.0, 0.5, 5.0, 1.0, 2.0, 4.0, 1.0, 1.0, 2.0, 2.0,
        ]
    }

    #[test]
    fn a_valid_state_passes_and_each_damage_is_named() {
        check_saved_state("M", &valid(), LAYOUT).unwrap();
        let damaged = |k: usize, x: f64| {
            let mut d = valid();
            d[k] = x;
            check_saved_state("M", &d, LAYOUT).unwrap_err().to_string()
        };
        assert!(damaged(0, f64::NAN).contains("not a finite number"));
        assert!(damaged(3, 2.5).contains("refractory counter"));
        assert!(damaged(3, -1.0).contains("refractory counter"));
        assert!(damaged(4, -5.0).contains("before the start"));
        assert!(damaged(5, 1e19).contains("step count"));
        assert!(damaged(5, -5.0).contains("step count"));
        assert!(damaged(6, 0.5).contains("history flag"));
        assert!(damaged(7, 3.0).contains("steps of this model"));
        assert!(damaged(8, 1e19).contains("does not match"));
        assert!(damaged(7, 0.0).contains("does not match"));
        let short = &valid()[..6];
        assert!(check_saved_state("M", short, LAYOUT).is_err());
    }
}
