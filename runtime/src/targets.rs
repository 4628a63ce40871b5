//! The target neurons of a run of synapses, as a synapse table stores them: 4-byte indices,
//! or 2-byte ones when the target population has at most 65 536 neurons (a static table onto
//! such a population then takes 10 bytes a synapse instead of 12).

use crate::prefetch::prefetch_all;

/// Instance indices of the targets of some synapses (one per synapse, in table order).
#[derive(Clone, Copy, Debug)]
pub enum Targets<'a> {
    /// 4-byte indices.
    Wide(&'a [u32]),
    /// 2-byte indices, for populations of at most 65 536 neurons.
    Narrow(&'a [u16]),
}

/// A state variable that synaptic jumps are added to ([`crate::Model::jump_target`]): its
/// values, and, when the state is clamped while its neuron is refractory, every instance's
/// remaining refractory steps (jumps onto an instance with steps left are skipped).
pub struct JumpTarget<'a> {
    /// The state variable's value per instance.
    pub state: &'a mut [f64],
    /// Refractory steps left per instance, when the state is clamped while refractory.
    pub refractory: Option<&'a [u32]>,
}

impl JumpTarget<'_> {
    /// Adds `weights[s]·c` to the state of the target of each synapse s, in order.
    #[inline]
    pub fn add(&mut self, targets: Targets<'_>, weights: &[f64], c: f64) {
        match self.refractory {
            None => targets.add_weighted(self.state, weights, c, |_| false),
            Some(left) => targets.add_weighted(self.state, weights, c, |j| left[j] > 0),
        }
    }

    /// Adds `values[j]` to the state of every instance j.
    pub fn add_values(&mut self, values: &[f64]) {
        match self.refractory {
            None => {
                for (x, v) in self.state.iter_mut().zip(values) {
                    *x += v;
                }
            }
            Some(left) => {
                for ((x, v), r) in self.state.iter_mut().zip(values).zip(left) {
                    if *r == 0 {
                        *x += v;
                    }
                }
            }
        }
    }
}

/// An index of a target as a table stores it.
trait Index: Copy {
    fn at(self) -> usize;
}

impl Index for u32 {
    #[inline(always)]
    fn at(self) -> usize {
        self as usize
    }
}

impl Index for u16 {
    #[inline(always)]
    fn at(self) -> usize {
        usize::from(self)
    }
}

impl<'a> Targets<'a> {
    /// Number of synapses.
    #[inline]
    pub fn len(self) -> usize {
        match self {
            Targets::Wide(t) => t.len(),
            Targets::Narrow(t) => t.len(),
        }
    }

    /// Whether there are no synapses.
    #[inline]
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// The targets of synapses `lo..hi` of these.
    #[inline]
    pub fn range(self, lo: usize, hi: usize) -> Targets<'a> {
        match self {
            Targets::Wide(t) => Targets::Wide(&t[lo..hi]),
            Targets::Narrow(t) => Targets::Narrow(&t[lo..hi]),
        }
    }

    /// Adds `weights[s]·c` to `x[target of s]` for every synapse s (in order), except onto
    /// targets j with `skip(j)` (e.g. refractory neurons whose state is clamped).
    #[inline]
    pub fn add_weighted(
        self,
        x: &mut [f64],
        weights: &[f64],
        c: f64,
        skip: impl Fn(usize) -> bool,
    ) {
        self.for_each_weighted(weights, |j, w| {
            if !skip(j) {
                x[j] += w * c;
            }
        });
    }

    /// Calls `f` with each synapse's target and weight (`weights`, one per synapse), in order.
    #[inline]
    pub fn for_each_weighted(self, weights: &[f64], mut f: impl FnMut(usize, f64)) {
        match self {
            Targets::Wide(t) => t.iter().zip(weights).for_each(|(&j, &w)| f(j.at(), w)),
            Targets::Narrow(t) => t.iter().zip(weights).for_each(|(&j, &w)| f(j.at(), w)),
        }
    }

    /// Asks the processor for the targets' cache lines ahead of their use (changes nothing).
    #[inline]
    pub(crate) fn prefetch(self) {
        match self {
            Targets::Wide(t) => prefetch_all(t),
            Targets::Narrow(t) => prefetch_all(t),
        }
    }

    /// Calls `f` with each synapse's target, in order.
    #[inline]
    pub fn for_each(self, mut f: impl FnMut(usize)) {
        match self {
            Targets::Wide(t) => t.iter().for_each(|&j| f(j.at())),
            Targets::Narrow(t) => t.iter().for_each(|&j| f(j.at())),
        }
    }

    /// The targets as 4-byte indices (a copy when narrow).
    pub fn to_vec(self) -> Vec<u32> {
        match self {
            Targets::Wide(t) => t.to_vec(),
            Targets::Narrow(t) => t.iter().map(|&j| u32::from(j)).collect(),
        }
    }
}

impl<'a> From<&'a [u32]> for Targets<'a> {
    fn from(targets: &'a [u32]) -> Targets<'a> {
        Targets::Wide(targets)
    }
}

impl<'a> From<&'a [u16]> for Targets<'a> {
    fn from(targets: &'a [u16]) -> Targets<'a> {
        Targets::Narrow(targets)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_and_wide_targets_add_the_same_numbers() {
        let wide = [3u32, 0, 3, 1];
        let narrow = [3u16, 0, 3, 1];
        let weights = [0.5, -1.25, 2.0, 4.0];
        let mut a = vec![1.0; 4];
        let mut b = vec![1.0; 4];
        Targets::from(&wide[..]).add_weighted(&mut a, &weights, 0.1, |_| false);
        Targets::from(&narrow[..]).add_weighted(&mut b, &weights, 0.1, |_| false);
        let expected = [
            1.0 - 1.25 * 0.1,
            1.0 + 4.0 * 0.1,
            1.0,
            1.0 + 0.5 * 0.1 + 2.0 * 0.1,
        ];
        assert_eq!(a, expected);
        assert_eq!(b, expected);
        let mut c = vec![0.0; 4];
        Targets::from(&narrow[..]).add_weighted(&mut c, &weights, 1.0, |j| j == 3);
        assert_eq!(c, [-1.25, 4.0, 0.0, 0.0]);
        let mut seen = Vec::new();
        Targets::from(&narrow[..]).for_each(|j| seen.push(j));
        assert_eq!(seen, [3, 0, 3, 1]);
        assert_eq!(Targets::from(&narrow[..]).to_vec(), wide);
        assert_eq!(Targets::from(&narrow[..]).range(1, 3).to_vec(), [0, 3]);
        assert_eq!(Targets::Narrow(&[]).len(), 0);
        assert!(Targets::Wide(&[]).is_empty());
    }
}
