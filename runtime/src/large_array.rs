//! Large arrays read at random every step (a sparse projection's synapse targets) kept in
//! memory that Linux may back with 2 MiB pages (transparent huge pages, requested with
//! `madvise(MADV_HUGEPAGE)` on an anonymous mapping). A spike's row can be anywhere in tens
//! of megabytes: with 4 KiB pages nearly every row costs a page-table walk (expensive in a
//! virtual machine), with 2 MiB pages the walks nearly vanish. Elsewhere, or when the kernel
//! refuses, the array is an ordinary one; values never depend on it.

use std::ops::{Deref, DerefMut};

use bytemuck::Pod;
use memmap2::{Advice, MmapMut};

/// A huge page: 2 MiB.
const HUGE_PAGE: usize = 2 << 20;

/// From this size an array is mapped on its own, starting on a huge-page boundary (so its
/// memory is a whole number of huge pages).
const MAPPED_FROM_BYTES: usize = HUGE_PAGE;

/// An array of `T`, in its own huge-page mapping when large, else on the heap.
pub(crate) struct LargeArray<T: Pod> {
    storage: Storage<T>,
}

enum Storage<T> {
    Heap(Vec<T>),
    /// The values are `len` values from byte `start` of `map`.
    Mapped {
        map: MmapMut,
        start: usize,
        len: usize,
    },
}

impl<T: Pod> LargeArray<T> {
    /// The values of `values`, moved into a huge-page mapping if they are large enough and
    /// the mapping succeeds (else the vector itself is kept).
    pub fn new(values: Vec<T>) -> LargeArray<T> {
        LargeArray::from_iter(values.into_iter())
    }

    /// The values of `values`, written straight into a huge-page mapping if they are large
    /// enough and the mapping succeeds: unlike [`LargeArray::new`], no second copy of a
    /// large array is ever held.
    pub fn from_iter(values: impl ExactSizeIterator<Item = T>) -> LargeArray<T> {
        let len = values.len();
        let storage = match Self::mapping(len) {
            Some((mut map, start)) => {
                let bytes = len * size_of::<T>();
                let slots: &mut [T] = bytemuck::cast_slice_mut(&mut map[start..start + bytes]);
                for (slot, v) in slots.iter_mut().zip(values) {
                    *slot = v;
                }
                Storage::Mapped { map, start, len }
            }
            None => Storage::Heap(values.collect()),
        };
        LargeArray { storage }
    }

    /// A zeroed mapping advised for huge pages with room for `len` values from byte `start`
    /// (a huge-page boundary); `None` if they are small or the mapping fails.
    fn mapping(len: usize) -> Option<(MmapMut, usize)> {
        let bytes = len.checked_mul(size_of::<T>())?;
        if bytes < MAPPED_FROM_BYTES {
            return None;
        }
        let map = MmapMut::map_anon(bytes + HUGE_PAGE).ok()?;
        // Only a hint: without transparent huge pages the mapping still works.
        let _ = map.advise(Advice::HugePage);
        let start = map.as_ptr().align_offset(HUGE_PAGE);
        (start + bytes <= map.len()).then_some((map, start))
    }

    /// Whether the values live in their own mapping (for tests).
    #[cfg(test)]
    fn is_mapped(&self) -> bool {
        matches!(self.storage, Storage::Mapped { .. })
    }
}

impl<T: Pod> Deref for LargeArray<T> {
    type Target = [T];

    #[inline]
    fn deref(&self) -> &[T] {
        match &self.storage {
            Storage::Heap(values) => values,
            // The values start on a huge-page boundary, aligned for any `T`.
            Storage::Mapped { map, start, len } => {
                bytemuck::cast_slice(&map[*start..*start + *len * size_of::<T>()])
            }
        }
    }
}

impl<T: Pod> DerefMut for LargeArray<T> {
    #[inline]
    fn deref_mut(&mut self) -> &mut [T] {
        match &mut self.storage {
            Storage::Heap(values) => values,
            Storage::Mapped { map, start, len } => {
                bytemuck::cast_slice_mut(&mut map[*start..*start + *len * size_of::<T>()])
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_and_large_arrays_hold_their_values() {
        let small: Vec<u32> = (0..1000).collect();
        let a = LargeArray::new(small.clone());
        assert!(!a.is_mapped());
        assert_eq!(&a[..], &small[..]);
        // 5 MB of u32 with a length that is not a multiple of a page.
        let large: Vec<u32> = (0..1_250_003).map(|i| i * 7).collect();
        let mut b = LargeArray::new(large.clone());
        assert!(b.is_mapped());
        assert_eq!(b.len(), large.len());
        assert_eq!(&b[..], &large[..]);
        b[1_250_002] = 1;
        assert_eq!(b[1_250_002], 1);
        let weights: Vec<f64> = (0..600_001).map(|i| i as f64 * 0.5).collect();
        let c = LargeArray::new(weights.clone());
        assert!(c.is_mapped());
        assert_eq!(&c[..], &weights[..]);
        // Written in place from an iterator: the same values, small or large.
        let d = LargeArray::from_iter(weights.iter().copied());
        assert!(d.is_mapped());
        assert_eq!(&d[..], &weights[..]);
        let e = LargeArray::from_iter(small.iter().copied());
        assert!(!e.is_mapped());
        assert_eq!(&e[..], &small[..]);
    }
}
