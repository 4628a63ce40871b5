//! Numeric helpers used by generated code (`exprel`, `sigmoid`, `sign`, `heaviside`,
//! `clip` and `powf` are defined once in `cajal_lang::math`).

pub use cajal_lang::math::{
    clip, exprel, heaviside, linear_propagator, linear_propagator_array, powf, sigmoid, sign,
};
