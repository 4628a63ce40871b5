//! The static synapses of a projection: compressed sparse rows by source, or, for a static
//! projection denser than a threshold, a dense source × target weight matrix whose rows are
//! added to the targets as whole vectors.
//!
//! Memory per synapse: sparse, a target index (4 bytes, or 2 in a static table onto at most
//! 65 536 neurons) and a weight (8 bytes, or none when every synapse has the same weight,
//! which then stays sparse); dense, 8 bytes per (source, target) pair, which is at most 12
//! bytes per synapse at the default threshold ([`DENSE_MIN_DENSITY`]).
//!
//! Both give the same numbers: a dense row holds 0 where there is no synapse, and adding
//! 0·c leaves a value unchanged, while every target's additions happen in the same order
//! (one per spiking source, in the order the sources arrive).

use crate::large_array::LargeArray;
use crate::prefetch::prefetch_all;
use crate::targets::Targets;

/// Default density (synapses ÷ (sources × targets)) from which a static projection is stored
/// densely: 2/3, where a dense matrix (8 bytes a pair) costs what sparse rows with 4-byte
/// targets (12 bytes a synapse) do; with 2-byte targets (10 bytes) the matrix costs at most
/// 20 % more, and a spike adds its row as one vector.
pub const DENSE_MIN_DENSITY: f64 = 2.0 / 3.0;

/// Most targets whose indices a table stores in 2 bytes.
const NARROW_TARGETS: usize = 1 << 16;

/// The target of each synapse of a table, 4 bytes each, or 2 in a static table onto at most
/// [`NARROW_TARGETS`] neurons (a plastic synapse's visits read them as 4-byte indices).
pub(crate) enum TargetColumn {
    Wide(LargeArray<u32>),
    Narrow(LargeArray<u16>),
}

impl TargetColumn {
    /// Number of synapses.
    pub fn len(&self) -> usize {
        self.all().len()
    }

    /// Bytes per synapse.
    fn bytes_each(&self) -> usize {
        match self {
            TargetColumn::Wide(_) => 4,
            TargetColumn::Narrow(_) => 2,
        }
    }

    /// The targets as 4-byte indices, as a plastic synapse's visits read them; `None` when
    /// narrow (only static tables are).
    pub fn wide(&self) -> Option<&[u32]> {
        match self {
            TargetColumn::Wide(t) => Some(t),
            TargetColumn::Narrow(_) => None,
        }
    }

    /// Every synapse's target.
    #[inline]
    pub fn all(&self) -> Targets<'_> {
        match self {
            TargetColumn::Wide(t) => Targets::Wide(t),
            TargetColumn::Narrow(t) => Targets::Narrow(t),
        }
    }
}

/// Compressed sparse rows by source.
pub(crate) struct Csr {
    /// Row starts: source i's synapses are `row[i]..row[i + 1]`.
    pub row: Vec<u32>,
    /// Target of each synapse (in huge pages when large: rows are read at random).
    pub post: TargetColumn,
    /// One weight per synapse, or, when `shared_weight` is set, as many copies of it as the
    /// longest row has synapses (so that a row's weights are always a slice); in huge pages
    /// when large, like `post`.
    pub weight: LargeArray<f64>,
    pub shared_weight: Option<f64>,
}

impl Csr {
    /// Row starts for `n_pre` sources from every synapse's source `pre` (in any order).
    pub fn row_starts(n_pre: usize, pre: &[u32]) -> Vec<u32> {
        let mut row = vec![0u32; n_pre + 1];
        for &i in pre {
            row[i as usize + 1] += 1;
        }
        for i in 0..n_pre {
            row[i + 1] += row[i];
        }
        row
    }

    /// Rows `row` (see [`Csr::row_starts`]) holding the synapses in `order` (sorted by
    /// source) onto `n_post` targets: the s-th has target `post[order[s]]` and weight
    /// `weight[order[s]]`, written straight into their arrays; the targets' list is dropped
    /// before the weights are copied (a build's peak memory is its largest projection's).
    /// When the synapses are `fixed` (never change), weights are shared when all are the
    /// same, and targets take 2 bytes when `n_post` allows.
    pub fn new(
        row: Vec<u32>,
        (post, weight): (Vec<u32>, &[f64]),
        order: &[u32],
        n_post: usize,
        fixed: bool,
    ) -> Csr {
        let post = {
            let targets = post;
            let in_order = order.iter().map(|&s| targets[s as usize]);
            if fixed && n_post <= NARROW_TARGETS {
                // Every target is below n_post (checked by the caller): it fits.
                TargetColumn::Narrow(LargeArray::from_iter(in_order.map(|j| j as u16)))
            } else {
                TargetColumn::Wide(LargeArray::from_iter(in_order))
            }
        };
        let first = weight.first().copied();
        let shared_weight =
            first.filter(|w| fixed && weight.iter().all(|x| x.to_bits() == w.to_bits()));
        let weight = match shared_weight {
            Some(w) => {
                let longest = row.windows(2).map(|r| r[1] - r[0]).max().unwrap_or(0);
                LargeArray::new(vec![w; longest as usize])
            }
            None => LargeArray::from_iter(order.iter().map(|&s| weight[s as usize])),
        };
        Csr {
            row,
            post,
            weight,
            shared_weight,
        }
    }

    /// The targets and weights of source `i`'s synapses.
    #[inline]
    pub fn row_of(&self, i: u32) -> (Targets<'_>, &[f64]) {
        self.view().row_of(i)
    }

    /// The targets and weights of synapses `lo..hi` (within one row).
    #[inline]
    pub fn synapses(&self, lo: usize, hi: usize) -> (Targets<'_>, &[f64]) {
        self.view().synapses(lo, hi)
    }

    /// Prefetches each range of synapses `lo..hi` (their targets, and their weights unless
    /// shared): ranges that lie anywhere in a large table are then fetched from memory side
    /// by side rather than one after the other as they are used. It changes no value.
    pub fn fetch(&self, ranges: impl Iterator<Item = (usize, usize)>) {
        let view = self.view();
        for (lo, hi) in ranges {
            let (targets, weights) = view.synapses(lo, hi);
            targets.prefetch();
            if !view.shared {
                prefetch_all(weights);
            }
        }
    }

    /// The arrays as plain slices, to read many rows (inlined: it is called per run).
    #[inline(always)]
    fn view(&self) -> CsrView<'_> {
        CsrView {
            row: &self.row,
            post: self.post.all(),
            weight: &self.weight,
            shared: self.shared_weight.is_some(),
        }
    }

    /// Whether no source has two synapses onto the same target.
    fn has_no_multiple_synapses(&self, n_post: usize) -> bool {
        let mut seen = vec![u32::MAX; n_post];
        let mut multiple = false;
        for i in 0..self.row.len().saturating_sub(1) {
            self.row_of(i as u32).0.for_each(|j| {
                multiple |= seen[j] == i as u32;
                seen[j] = i as u32;
            });
            if multiple {
                return false;
            }
        }
        true
    }
}

/// The arrays of a [`Csr`] as plain slices.
struct CsrView<'a> {
    row: &'a [u32],
    post: Targets<'a>,
    weight: &'a [f64],
    shared: bool,
}

impl<'a> CsrView<'a> {
    /// The targets and weights of source `i`'s synapses.
    #[inline]
    fn row_of(&self, i: u32) -> (Targets<'a>, &'a [f64]) {
        self.synapses(
            self.row[i as usize] as usize,
            self.row[i as usize + 1] as usize,
        )
    }

    /// The targets and weights of synapses `lo..hi` (within one row: shared weights are as
    /// many copies as the longest row has synapses).
    #[inline]
    fn synapses(&self, lo: usize, hi: usize) -> (Targets<'a>, &'a [f64]) {
        let weights = if self.shared {
            &self.weight[..hi - lo]
        } else {
            &self.weight[lo..hi]
        };
        (self.post.range(lo, hi), weights)
    }
}

/// A dense source × target weight matrix, row-major; 0 where there is no synapse.
pub(crate) struct DenseRows {
    n_post: usize,
    weight: Vec<f64>,
    synapses: usize,
    /// 0, 1, …, n_post − 1: the targets of every row.
    all_targets: Vec<u32>,
}

/// Every source onto every target with one weight, in O(n) memory: `targets` holds
/// 0 … n_post − 1 twice, so that without self-connections source i's row is the slice
/// i + 1 … i + n_post − 1 (the targets after i, then those before it: one addition per target
/// and spike, as in a list of synapses).
pub(crate) struct AllToAll {
    n_pre: usize,
    n_post: usize,
    weight: f64,
    self_connections: bool,
    /// Source index of target 0 (the targets are a rank's share of the source population).
    first: usize,
    targets: Vec<u32>,
    /// `n_post` copies of the weight.
    weights: Vec<f64>,
}

impl AllToAll {
    /// Every source onto every target with weight `w`; without `self_connections` the
    /// targets are the sources `first..first + n_post`, and none receives from itself.
    pub fn new(
        n_pre: usize,
        (first, n_post): (usize, usize),
        w: f64,
        self_connections: bool,
    ) -> AllToAll {
        debug_assert!(self_connections || first + n_post <= n_pre);
        let once = 0..n_post as u32;
        AllToAll {
            n_pre,
            n_post,
            weight: w,
            self_connections,
            first,
            targets: once.clone().chain(once).collect(),
            weights: vec![w; n_post],
        }
    }

    /// The targets and weights of source `i`.
    #[inline]
    fn row_of(&self, i: u32) -> (&[u32], &[f64]) {
        match self.itself(i) {
            None => (&self.targets[..self.n_post], &self.weights),
            Some(j) => {
                let len = self.n_post - 1;
                (&self.targets[j + 1..j + 1 + len], &self.weights[..len])
            }
        }
    }

    /// The target that is source `i` itself, left out without self-connections.
    #[inline]
    fn itself(&self, i: u32) -> Option<usize> {
        let j = (i as usize).wrapping_sub(self.first);
        (!self.self_connections && j < self.n_post).then_some(j)
    }
}

/// A projection's static synapses: sparse or dense rows, or every pair with one weight.
pub(crate) enum SynapseTable {
    Sparse(Csr),
    Dense(DenseRows),
    AllToAll(AllToAll),
}

impl SynapseTable {
    /// `csr` as it is, or dense when `may_be_dense` (a static projection with one delay), its
    /// density is at least `min_density`, its weights differ (one shared weight costs 2 or 4
    /// bytes a synapse sparse, less than a matrix), no weight is 0 and no source has two synapses
    /// onto one target (so that the matrix holds exactly the synapses).
    pub fn new(csr: Csr, n_post: usize, may_be_dense: bool, min_density: f64) -> SynapseTable {
        let n_pre = csr.row.len().saturating_sub(1);
        let pairs = n_pre * n_post;
        let synapses = csr.post.len();
        let dense = may_be_dense
            && pairs > 0
            && synapses as f64 >= min_density * pairs as f64
            && csr.shared_weight.is_none()
            && csr.weight.iter().all(|&w| w != 0.0)
            && csr.has_no_multiple_synapses(n_post);
        if !dense {
            return SynapseTable::Sparse(csr);
        }
        let mut weight = vec![0.0; pairs];
        for i in 0..n_pre {
            let (targets, weights) = csr.row_of(i as u32);
            targets.for_each_weighted(weights, |j, w| weight[i * n_post + j] = w);
        }
        SynapseTable::Dense(DenseRows {
            n_post,
            weight,
            synapses,
            all_targets: (0..n_post as u32).collect(),
        })
    }

    /// Number of synapses.
    pub fn len(&self) -> usize {
        match self {
            SynapseTable::Sparse(csr) => csr.post.len(),
            SynapseTable::Dense(d) => d.synapses,
            SynapseTable::AllToAll(a) => {
                let itself = if a.self_connections { 0 } else { a.n_post };
                a.n_pre * a.n_post - itself
            }
        }
    }

    /// Whether the synapses are stored as a dense matrix.
    pub fn is_dense(&self) -> bool {
        matches!(self, SynapseTable::Dense(_))
    }

    /// Bytes used by the synapse arrays (without per-synapse delays).
    pub fn bytes(&self) -> usize {
        match self {
            SynapseTable::Sparse(csr) => {
                csr.post.len() * csr.post.bytes_each() + csr.weight.len() * 8 + csr.row.len() * 4
            }
            SynapseTable::Dense(d) => d.weight.len() * 8 + d.all_targets.len() * 4,
            SynapseTable::AllToAll(a) => a.targets.len() * 4 + a.weights.len() * 8,
        }
    }

    /// The targets and weights of source `i`'s row; a dense row lists every target, with
    /// weight 0 where there is no synapse (adding 0·c changes nothing).
    #[inline]
    pub fn row_of(&self, i: u32) -> (Targets<'_>, &[f64]) {
        match self {
            SynapseTable::Sparse(csr) => csr.row_of(i),
            SynapseTable::Dense(d) => {
                let lo = i as usize * d.n_post;
                (Targets::Wide(&d.all_targets), &d.weight[lo..lo + d.n_post])
            }
            SynapseTable::AllToAll(a) => {
                let (targets, weights) = a.row_of(i);
                (Targets::Wide(targets), weights)
            }
        }
    }

    /// Number of source neurons (rows).
    pub fn n_pre(&self) -> usize {
        match self {
            SynapseTable::Sparse(csr) => csr.row.len().saturating_sub(1),
            SynapseTable::Dense(d) => d.weight.len() / d.n_post.max(1),
            SynapseTable::AllToAll(a) => a.n_pre,
        }
    }

    /// The synapses as (source, target, weight), source-major.
    pub fn edges(&self) -> Vec<(u32, u32, f64)> {
        let n_pre = self.n_pre();
        let dense = matches!(self, SynapseTable::Dense(_));
        let mut out = Vec::with_capacity(self.len());
        for i in 0..n_pre as u32 {
            let (targets, weights) = self.row_of(i);
            targets.for_each_weighted(weights, |j, w| {
                // A dense row's zeros are not synapses (a dense table has no synapse of
                // weight 0).
                if !dense || w != 0.0 {
                    out.push((i, j as u32, w));
                }
            });
        }
        out
    }

    /// Adds `weight·c` of each synapse of source `i` to its target in `x`.
    #[inline]
    pub fn scatter(&self, i: u32, c: f64, x: &mut [f64]) {
        match self {
            SynapseTable::Sparse(csr) => {
                let (targets, weights) = csr.row_of(i);
                match csr.shared_weight {
                    // The same w·c for every synapse: one value, and no weights to read.
                    Some(w) => {
                        let wc = w * c;
                        targets.for_each(|j| x[j] += wc);
                    }
                    None => targets.add_weighted(x, weights, c, |_| false),
                }
            }
            SynapseTable::Dense(d) => {
                let lo = i as usize * d.n_post;
                let row = &d.weight[lo..lo + d.n_post];
                for (x, &w) in x[..d.n_post].iter_mut().zip(row) {
                    *x += w * c;
                }
            }
            SynapseTable::AllToAll(a) => {
                let wc = a.weight * c;
                let itself = a.itself(i);
                for (j, x) in x[..a.n_post].iter_mut().enumerate() {
                    if itself != Some(j) {
                        *x += wc;
                    }
                }
            }
        }
    }

    /// Prefetches the sparse rows of `arriving` ([`Csr::fetch`]), so that rows not in cache
    /// are fetched from memory side by side rather than one after the other as the scatter
    /// reaches them (the row offsets are read first: reading them was 6 % of COBA at 64k
    /// neurons when only tables over 4 MiB were fetched). Only for sparse tables of 1 MiB or
    /// more (a core's L2 here); it changes no value.
    pub fn fetch_rows(&self, arriving: &[u32]) {
        const LARGE_BYTES: usize = 1 << 20;
        let SynapseTable::Sparse(csr) = self else {
            return;
        };
        if self.bytes() < LARGE_BYTES || arriving.len() < 2 {
            return;
        }
        let row = &csr.row;
        csr.fetch(
            arriving
                .iter()
                .map(|&i| (row[i as usize] as usize, row[i as usize + 1] as usize)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows of `n_pre` sources onto `n_post` targets from (source, target, weight) triples.
    fn csr(n_pre: usize, n_post: usize, synapses: &[(u32, u32, f64)], fixed: bool) -> Csr {
        let pre: Vec<u32> = synapses.iter().map(|s| s.0).collect();
        let post = synapses.iter().map(|s| s.1).collect();
        let weight: Vec<f64> = synapses.iter().map(|s| s.2).collect();
        let mut order: Vec<u32> = (0..synapses.len() as u32).collect();
        order.sort_by_key(|&s| pre[s as usize]);
        Csr::new(
            Csr::row_starts(n_pre, &pre),
            (post, &weight),
            &order,
            n_post,
            fixed,
        )
    }

    #[test]
    fn static_targets_take_two_bytes_onto_at_most_65536_neurons() {
        let synapses = [
            (1, 65_535, 0.5),
            (0, 7, -2.0),
            (1, 0, 1.5),
            (0, 65_535, 4.0),
        ];
        let narrow = csr(2, 65_536, &synapses, true);
        assert!(matches!(narrow.post, TargetColumn::Narrow(_)));
        assert_eq!(narrow.row_of(0).0.to_vec(), [7, 65_535]);
        assert_eq!(narrow.row_of(1).0.to_vec(), [65_535, 0]);
        assert_eq!(narrow.row_of(1).1, [0.5, 1.5]);
        let table = SynapseTable::new(narrow, 65_536, true, DENSE_MIN_DENSITY);
        assert_eq!(table.bytes(), 4 * 2 + 4 * 8 + 3 * 4);
        assert_eq!(
            table.edges(),
            [
                (0, 7, -2.0),
                (0, 65_535, 4.0),
                (1, 65_535, 0.5),
                (1, 0, 1.5)
            ]
        );
        // One more neuron, or a plastic (not fixed) table: 4 bytes.
        let synapses = [(0, 65_536, 0.5), (0, 3, 1.0)];
        let wide = csr(1, 65_537, &synapses, true);
        assert!(matches!(wide.post, TargetColumn::Wide(_)));
        assert_eq!(wide.row_of(0).0.to_vec(), [65_536, 3]);
        assert!(csr(1, 10, &[(0, 3, 1.0)], false).post.wide().is_some());
    }

    #[test]
    fn narrow_and_wide_tables_scatter_the_same_numbers() {
        let (n_pre, n_post) = (30u32, 200u32);
        let synapses: Vec<(u32, u32, f64)> = (0..2000u32)
            .map(|s| {
                let i = (s * 7919) % n_pre;
                let j = (s * 104_729 + s / 3) % n_post;
                (i, j, 0.25 + f64::from(s % 17) * 0.125 - 1.0)
            })
            .collect();
        let narrow = csr(n_pre as usize, n_post as usize, &synapses, true);
        let wide = csr(n_pre as usize, n_post as usize, &synapses, false);
        assert!(matches!(narrow.post, TargetColumn::Narrow(_)));
        assert!(matches!(wide.post, TargetColumn::Wide(_)));
        let [narrow, wide] =
            [narrow, wide].map(|c| SynapseTable::new(c, n_post as usize, false, 1.0));
        assert_eq!(narrow.edges(), wide.edges());
        assert_eq!(narrow.bytes() + 2 * synapses.len(), wide.bytes());
        let (mut x, mut y) = (vec![0.0; n_post as usize], vec![0.0; n_post as usize]);
        for i in [3, 0, 29, 3, 17] {
            narrow.scatter(i, 0.3, &mut x);
            wide.scatter(i, 0.3, &mut y);
        }
        assert_eq!(x, y);
        assert!(x.iter().any(|&v| v != 0.0));
    }
}
