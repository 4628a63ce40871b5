//! Counter-based random numbers: every draw is a pure function of (seed, stream, instance,
//! step), so results do not depend on thread count or on the order instances are stepped.
//!
//! The mixing function is SplitMix64's finaliser (Steele, Lea & Flood 2014); normals come
//! from the Box–Muller transform.

/// SplitMix64's output function: a bijective 64-bit mix.
#[inline]
pub fn mix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The `k`-th output (k = 0, 1, …) of the standard SplitMix64 generator started at `seed`.
#[inline]
pub fn splitmix64(seed: u64, k: u64) -> u64 {
    mix64(seed.wrapping_add(k.wrapping_mul(0x9E37_79B9_7F4A_7C15)))
}

/// A uniform number in [0, 1): the top 53 bits of `splitmix64(seed, k)` (the portable recipe
/// the COBA/CUBA reference networks are built with).
#[inline]
pub fn splitmix_uniform(seed: u64, k: u64) -> f64 {
    (splitmix64(seed, k) >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// A standard normal from uniforms `2k` and `2k + 1` of the SplitMix64 stream (Box–Muller,
/// cosine branch): √(−2 ln(1 − u₁)) · cos(2π u₂).
#[inline]
pub fn splitmix_normal(seed: u64, k: u64) -> f64 {
    let u1 = splitmix_uniform(seed, 2 * k);
    let u2 = splitmix_uniform(seed, 2 * k + 1);
    (-2.0 * (1.0 - u1).ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// A 64-bit key for one draw.
#[inline]
pub fn key(seed: u64, stream: u64, instance: u64, step: u64) -> u64 {
    mix64(seed ^ mix64(stream ^ mix64(instance ^ mix64(step))))
}

/// A uniform number in (0, 1) from 53 random bits.
#[inline]
pub fn uniform_open(bits: u64) -> f64 {
    ((bits >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
}

/// The uniform draw in (0, 1) of the `k`-th `hazard(…)` condition of a model for
/// (seed, instance, step): output `instance` of the SplitMix64 generator started at a key of
/// (seed, hazard k, step). That key does not depend on the instance, so a population's loop
/// computes it once per step and each draw costs one mix; its stream is apart from the
/// noise streams (numbered by equation).
#[inline]
pub fn hazard_uniform(seed: u64, k: u32, instance: u64, step: u64) -> f64 {
    hazard_draw(hazard_start(seed, k, step), instance)
}

/// The start of the generator of [`hazard_uniform`] for (seed, hazard k, step).
#[inline]
pub fn hazard_start(seed: u64, k: u32, step: u64) -> u64 {
    let stream = 0x4841_5A41_0000_0000 | u64::from(k);
    mix64(seed ^ mix64(stream ^ mix64(step)))
}

/// The draw of `instance` from a generator started at `start` (see [`hazard_uniform`]).
#[inline]
pub fn hazard_draw(start: u64, instance: u64) -> f64 {
    uniform_open(splitmix64(start, instance))
}

/// A standard normal draw for (seed, stream, instance, step).
#[inline]
pub fn normal(seed: u64, stream: u64, instance: u64, step: u64) -> f64 {
    let k = key(seed, stream, instance, step);
    let u1 = uniform_open(mix64(k));
    let u2 = uniform_open(mix64(k ^ 0xD1B5_4A32_D192_ED03));
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_matches_the_published_sequence() {
        // Vigna's reference splitmix64.c started at seed 1234567 prints these first outputs.
        assert_eq!(splitmix64(1234567, 0), 6457827717110365317);
        assert_eq!(splitmix64(1234567, 1), 3203168211198807973);
        assert_eq!(splitmix64(1234567, 2), 9817491932198370423);
    }

    #[test]
    fn normals_have_unit_moments_and_are_reproducible() {
        let n = 200_000u64;
        let draws: Vec<f64> = (0..n).map(|i| normal(7, 1, i % 100, i / 100)).collect();
        let mean = draws.iter().sum::<f64>() / n as f64;
        let var = draws.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        // Sampling error of the mean is 1/sqrt(n) ≈ 0.0022; of the variance sqrt(2/n) ≈ 0.0032.
        assert!(mean.abs() < 5.0 * (1.0 / n as f64).sqrt(), "mean {mean}");
        assert!(
            (var - 1.0).abs() < 5.0 * (2.0 / n as f64).sqrt(),
            "variance {var}"
        );
        let fourth = draws.iter().map(|x| x.powi(4)).sum::<f64>() / n as f64;
        assert!((fourth - 3.0).abs() < 0.1, "kurtosis {fourth}");
        assert_eq!(normal(7, 1, 3, 9), normal(7, 1, 3, 9));
        assert_ne!(normal(7, 1, 3, 9), normal(8, 1, 3, 9));
        assert_ne!(normal(7, 1, 3, 9), normal(7, 2, 3, 9));
        assert_ne!(normal(7, 1, 3, 9), normal(7, 1, 4, 9));
    }
}
