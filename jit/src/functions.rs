//! The functions compiled code calls: the very math functions the generated Rust and the
//! interpreter call (so results agree to the last bit), and the runtime's random draws and
//! refractory rounding, with the C calling convention.

use cajal_runtime::{math, model, rng};

/// The type of an argument or result of a called function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `f64`.
    F64,
    /// `i32` / `u32`.
    I32,
    /// `u64`.
    I64,
    /// A pointer.
    Ptr,
}

/// A function compiled code may call: its symbol, its address and its signature.
pub struct Function {
    /// Symbol name in the JIT module.
    pub name: &'static str,
    /// Address of the function.
    pub address: *const u8,
    /// Argument types.
    pub params: &'static [Kind],
    /// Result type, if any.
    pub returns: Option<Kind>,
}

macro_rules! unary {
    ($($name:ident => $body:expr),* $(,)?) => {
        $(extern "C" fn $name(x: f64) -> f64 { ($body)(x) })*
    };
}

macro_rules! binary {
    ($($name:ident => $body:expr),* $(,)?) => {
        $(extern "C" fn $name(x: f64, y: f64) -> f64 { ($body)(x, y) })*
    };
}

unary! {
    cajal_exp => f64::exp,
    cajal_ln => f64::ln,
    cajal_sin => f64::sin,
    cajal_cos => f64::cos,
    cajal_tan => f64::tan,
    cajal_tanh => f64::tanh,
    cajal_cosh => f64::cosh,
    cajal_sinh => f64::sinh,
    cajal_atan => f64::atan,
    cajal_floor => f64::floor,
    cajal_ceil => f64::ceil,
    cajal_log10 => f64::log10,
    cajal_expm1 => f64::exp_m1,
    cajal_exprel => math::exprel,
    cajal_sigmoid => math::sigmoid,
    cajal_sign => math::sign,
    cajal_heaviside => math::heaviside,
}

binary! {
    cajal_min => f64::min,
    cajal_max => f64::max,
    cajal_atan2 => f64::atan2,
    cajal_powf => math::powf,
}

extern "C" fn cajal_clip(x: f64, lo: f64, hi: f64) -> f64 {
    math::clip(x, lo, hi)
}

extern "C" fn cajal_powi(x: f64, n: i32) -> f64 {
    x.powi(n)
}

/// The standard normal draw of white noise for (seed, equation, instance, step).
extern "C" fn cajal_normal(seed: u64, equation: u64, instance: u64, step: u64) -> f64 {
    rng::normal(seed, equation, instance, step)
}

/// The uniform draw of `hazard(…)` number `k` for (seed, instance, step).
extern "C" fn cajal_hazard(seed: u64, k: u32, instance: u64, step: u64) -> f64 {
    rng::hazard_uniform(seed, k, instance, step)
}

/// A refractory period in whole steps.
extern "C" fn cajal_refractory_steps(period_ms: f64, dt_ms: f64) -> u32 {
    model::refractory_steps(period_ms, dt_ms)
}

/// The symbol of the propagator of a coupled linear block (see [`crate::code`]).
pub const LINEAR_PROPAGATOR: &str = "cajal_linear_propagator";
/// The symbol of `powi`, which takes an `i32` exponent.
pub const POWI: &str = "cajal_powi";
/// The symbol of the white-noise draw.
pub const NORMAL: &str = "cajal_normal";
/// The symbol of the hazard draw.
pub const HAZARD: &str = "cajal_hazard";
/// The symbol of the refractory rounding.
pub const REFRACTORY_STEPS: &str = "cajal_refractory_steps";

/// Every function compiled code may call.
pub fn all() -> Vec<Function> {
    use Kind::{F64, I32, I64, Ptr};
    let f = |name, address: *const u8, params| Function {
        name,
        address,
        params,
        returns: Some(F64),
    };
    vec![
        f("cajal_exp", cajal_exp as *const u8, &[F64]),
        f("cajal_ln", cajal_ln as *const u8, &[F64]),
        f("cajal_sin", cajal_sin as *const u8, &[F64]),
        f("cajal_cos", cajal_cos as *const u8, &[F64]),
        f("cajal_tan", cajal_tan as *const u8, &[F64]),
        f("cajal_tanh", cajal_tanh as *const u8, &[F64]),
        f("cajal_cosh", cajal_cosh as *const u8, &[F64]),
        f("cajal_sinh", cajal_sinh as *const u8, &[F64]),
        f("cajal_atan", cajal_atan as *const u8, &[F64]),
        f("cajal_floor", cajal_floor as *const u8, &[F64]),
        f("cajal_ceil", cajal_ceil as *const u8, &[F64]),
        f("cajal_log10", cajal_log10 as *const u8, &[F64]),
        f("cajal_expm1", cajal_expm1 as *const u8, &[F64]),
        f("cajal_exprel", cajal_exprel as *const u8, &[F64]),
        f("cajal_sigmoid", cajal_sigmoid as *const u8, &[F64]),
        f("cajal_sign", cajal_sign as *const u8, &[F64]),
        f("cajal_heaviside", cajal_heaviside as *const u8, &[F64]),
        f("cajal_min", cajal_min as *const u8, &[F64, F64]),
        f("cajal_max", cajal_max as *const u8, &[F64, F64]),
        f("cajal_atan2", cajal_atan2 as *const u8, &[F64, F64]),
        f("cajal_powf", cajal_powf as *const u8, &[F64, F64]),
        f("cajal_clip", cajal_clip as *const u8, &[F64, F64, F64]),
        f(POWI, cajal_powi as *const u8, &[F64, I32]),
        Function {
            name: LINEAR_PROPAGATOR,
            address: crate::code::linear_propagator_address(),
            params: &[F64, Ptr, I64, Ptr],
            returns: None,
        },
        f(NORMAL, cajal_normal as *const u8, &[I64, I64, I64, I64]),
        f(HAZARD, cajal_hazard as *const u8, &[I64, I32, I64, I64]),
        Function {
            name: REFRACTORY_STEPS,
            address: cajal_refractory_steps as *const u8,
            params: &[F64, F64],
            returns: Some(I32),
        },
    ]
}
