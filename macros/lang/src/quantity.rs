//! Quantities written as text outside a model (`0.02/ms`, `125pA`, `-65 mV`, `1s`): parsing
//! and conversion to the unit a parameter, input or state is stored in. Used by the command
//! line's `--set`, `--input`, `--init`, `--duration` and `--dt`.

use crate::units::{Unit, lookup_unit, pow10};

/// A number with a unit.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Quantity {
    /// The number as written.
    pub value: f64,
    /// Its unit ([`Unit::ONE`] when none is written).
    pub unit: Unit,
    /// Whether a unit is written.
    pub written: bool,
}

/// Splits `text` after its leading number (sign, digits, fraction, exponent).
fn split_number(text: &str) -> (&str, &str) {
    let b = text.as_bytes();
    let mut k = 0;
    if k < b.len() && (b[k] == b'+' || b[k] == b'-') {
        k += 1;
    }
    while k < b.len() && (b[k].is_ascii_digit() || b[k] == b'.') {
        k += 1;
    }
    // An exponent only if digits follow (`2e-3uS`, but `1e` is not a number with unit `e`…
    // which no unit is anyway).
    if k < b.len() && (b[k] == b'e' || b[k] == b'E') {
        let mut j = k + 1;
        if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
            j += 1;
        }
        if j < b.len() && b[j].is_ascii_digit() {
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            k = j;
        }
    }
    text.split_at(k)
}

/// Parses `125pA`, `0.02/ms`, `-65 mV`, `2.5e-3 uS`, `1 s`, `0.5`.
pub fn parse_quantity(text: &str) -> Result<Quantity, String> {
    let trimmed = text.trim();
    let (number, rest) = split_number(trimmed);
    let value: f64 = number
        .parse()
        .map_err(|_| format!("`{trimmed}` does not start with a number"))?;
    if !value.is_finite() {
        return Err(format!(
            "`{trimmed}`: the number is beyond the range of a 64-bit float (1.8e308)"
        ));
    }
    let rest = rest.trim();
    let unit = if rest.is_empty() {
        Unit::ONE
    } else {
        let spelled = match rest.strip_prefix('/') {
            Some(_) => format!("1{rest}"),
            None => rest.to_string(),
        };
        lookup_unit(&spelled).ok_or_else(|| format!("`{rest}` is not a unit Cajal knows"))?
    };
    Ok(Quantity {
        value,
        unit,
        written: !rest.is_empty(),
    })
}

/// `text` (a number and its unit, as [`parse_quantity`] reads it) in `unit`: what the
/// front ends read a value given by a user with.
pub fn value_in(text: &str, unit: &str) -> Result<f64, String> {
    parse_quantity(text)?.in_unit(unit)
}

impl Quantity {
    /// The value in `target` (a unit as text, e.g. `1/ms`), or an error naming both
    /// dimensions when they differ.
    pub fn in_unit(&self, target: &str) -> Result<f64, String> {
        let to = lookup_unit(target).ok_or_else(|| format!("`{target}` is not a unit"))?;
        if !self.written && crate::units::needs_written_unit(target, to) {
            return Err(format!(
                "the value is in {target}, a pure number only up to its scale: write the unit, e.g. `{} {target}`",
                self.value
            ));
        }
        if to.dim != self.unit.dim {
            return Err(format!(
                "expected {} (a value in {target}), but the value given is {}",
                to.dim.describe(),
                self.unit.dim.describe()
            ));
        }
        let value = self.value * pow10(self.unit.exp10 - to.exp10);
        if !value.is_finite() {
            return Err(format!(
                "{} in {target} is beyond the range of a 64-bit float",
                self.value
            ));
        }
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_parse_and_convert() {
        let q = |t: &str, unit: &str| parse_quantity(t).unwrap().in_unit(unit).unwrap();
        assert!((q("0.02/ms", "1/ms") - 0.02).abs() < 1e-15);
        assert!((q("20 Hz", "1/ms") - 0.02).abs() < 1e-15);
        assert_eq!(q("125pA", "pA"), 125.0);
        assert!((q("0.125 nA", "pA") - 125.0).abs() < 1e-12);
        assert_eq!(q("-65 mV", "mV"), -65.0);
        assert!((q("2.5e-3uS", "nS") - 2.5).abs() < 1e-12);
        assert_eq!(q("1s", "ms"), 1000.0);
        assert_eq!(q("0.5", "1"), 0.5);
    }

    #[test]
    fn wrong_dimensions_and_garbage_are_explained() {
        let e = parse_quantity("3mV").unwrap().in_unit("1/ms").unwrap_err();
        assert!(e.contains("frequency") && e.contains("voltage"), "{e}");
        let e = parse_quantity("0.02").unwrap().in_unit("1/ms").unwrap_err();
        assert!(e.contains("dimensionless"), "{e}");
        assert!(parse_quantity("fast").unwrap_err().contains("number"));
        assert!(parse_quantity("3 parsecs").unwrap_err().contains("unit"));
        assert!(
            parse_quantity("1e999 mV")
                .unwrap_err()
                .contains("beyond the range")
        );
        let e = parse_quantity("1e308 s")
            .unwrap()
            .in_unit("ms")
            .unwrap_err();
        assert!(e.contains("beyond the range"), "{e}");
    }
}
