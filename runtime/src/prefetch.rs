//! Software prefetch: asking the processor for a cache line ahead of its use, without waiting
//! for it. Reading a value to the same end (what [`crate::network`]'s read-ahead did) stalls
//! the core once a dozen such reads miss the caches; a prefetch instruction does not.
//!
//! The one `unsafe` block of the runtime is here. Its invariant: the address passed comes
//! from a reference, and x86-64's PREFETCHT0 is a hint that reads nothing architecturally,
//! cannot fault and changes no value, so no value computed anywhere can depend on it.
#![allow(unsafe_code)]

/// Asks for the cache line holding `value` (x86-64; nothing on other processors).
#[inline(always)]
pub(crate) fn prefetch<T>(value: &T) {
    #[cfg(target_arch = "x86_64")]
    {
        use core::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        let address: *const i8 = (value as *const T).cast();
        // SAFETY: see the module's invariant (a hint about an address taken from a reference).
        unsafe { _mm_prefetch::<_MM_HINT_T0>(address) }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}

/// Asks for every cache line of `values`.
#[inline(always)]
pub(crate) fn prefetch_all<T>(values: &[T]) {
    let per_line = (64 / size_of::<T>().max(1)).max(1);
    for value in values.iter().step_by(per_line) {
        prefetch(value);
    }
    // A slice that starts inside a line may end on one more.
    if let Some(last) = values.last() {
        prefetch(last);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefetching_changes_no_value() {
        let values: Vec<u64> = (0..1000).collect();
        prefetch_all(&values[3..700]);
        prefetch_all::<u16>(&[]);
        prefetch(&values[999]);
        assert!(values.iter().enumerate().all(|(i, &v)| v == i as u64));
    }
}
