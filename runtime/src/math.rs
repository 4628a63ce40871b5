//! Numeric helpers used by generated code (`exprel` and `sigmoid` are defined once in
//! `cajal_lang::math`).

pub use cajal_lang::math::{exprel, sigmoid};
