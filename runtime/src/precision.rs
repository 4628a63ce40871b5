//! The floating-point precision that a network's dense weights are stored and multiplied in.
//!
//! Double precision (the default) gives every product exactly as the plain sum in f64.
//! Single precision halves the bytes each product reads and doubles the multiply–adds per
//! instruction: each weight and each source value is rounded to f32 (relative error at most
//! 2⁻²⁴ ≈ 6·10⁻⁸ each), the terms are summed in f32 over runs of
//! [`SINGLE_PRECISION_RUN`] sources, and the runs' sums are added up in f64, so that a sum
//! over thousands of sources loses no more than a run of 64 does. A sum of n terms then
//! differs from the f64 product by at most about (64 + 3)·2⁻²⁴ ≈ 4·10⁻⁶ of Σ|w·x| (the
//! usual bound for recursive summation; typical errors are far smaller). States, inputs and
//! everything else stay in f64.

use std::fmt;
use std::str::FromStr;

use crate::error::Error;

/// How many consecutive sources a single-precision product sums in f32 before adding the
/// partial sum to its f64 total.
pub const SINGLE_PRECISION_RUN: usize = 64;

/// The precision of a network's dense weight products (see the module documentation).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Precision {
    /// f64 weights and sums: the plain product, bit for bit.
    #[default]
    F64,
    /// f32 weights and values, summed in f32 over runs of [`SINGLE_PRECISION_RUN`] sources
    /// and in f64 across runs.
    F32,
}

impl Precision {
    /// The names `precision` accepts, as written in a network item or on the command line.
    pub const NAMES: [&'static str; 2] = ["f64", "f32"];

    /// `"f64"` or `"f32"`.
    pub fn name(self) -> &'static str {
        match self {
            Precision::F64 => "f64",
            Precision::F32 => "f32",
        }
    }
}

impl fmt::Display for Precision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Precision {
    type Err = Error;

    fn from_str(name: &str) -> Result<Precision, Error> {
        match name {
            "f64" => Ok(Precision::F64),
            "f32" => Ok(Precision::F32),
            _ => Err(Error::UnknownName {
                kind: "precision",
                name: name.into(),
                available: Precision::NAMES.iter().map(|s| s.to_string()).collect(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precisions_are_read_by_name_and_unknown_names_list_the_choices() {
        for p in [Precision::F64, Precision::F32] {
            assert_eq!(p.name().parse::<Precision>().unwrap(), p);
        }
        let message = "f16".parse::<Precision>().unwrap_err().to_string();
        assert!(
            message.contains("f16") && message.contains("f32"),
            "{message}"
        );
    }
}
