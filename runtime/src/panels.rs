//! Dense matrix–vector products that vectorise: y = W·x for an R×C matrix stored in panels
//! of 32 rows, each panel's columns contiguous, so the product reads W once front to back as
//! a sum of scaled columns. In double precision each y_i still sums its terms in the order
//! j = 0, 1, …, so the result is the plain product's, bit for bit. In single precision
//! ([`Precision::F32`]) the weights are stored as f32 and each run of
//! [`SINGLE_PRECISION_RUN`] terms is summed in f32, the runs' sums in f64.

use std::ops::{Add, Mul, Range};
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::distributed::local_range;
use crate::helper_thread::{HelperThread, Work};
use crate::precision::{Precision, SINGLE_PRECISION_RUN};

/// A number the weights are stored in: f64, or f32 with f64 totals.
trait Element:
    Copy + Default + Send + Sync + 'static + Add<Output = Self> + Mul<Output = Self>
{
    /// How many consecutive columns are summed in this type before the partial sums are
    /// added to the f64 totals (f64: all of them, in one run).
    const RUN: usize;
    /// `x` rounded to this type.
    fn of(x: f64) -> Self;
    /// The value in f64 (exact).
    fn widen(self) -> f64;
}

impl Element for f64 {
    const RUN: usize = usize::MAX >> 8;
    fn of(x: f64) -> f64 {
        x
    }
    fn widen(self) -> f64 {
        self
    }
}

impl Element for f32 {
    const RUN: usize = SINGLE_PRECISION_RUN;
    fn of(x: f64) -> f32 {
        x as f32
    }
    fn widen(self) -> f64 {
        f64::from(self)
    }
}

/// Rows per block of a batch product in double precision: four members' sums of 8 rows
/// are 8 vectors of 4 f64, as many independent chains as keep the adders busy.
const DOUBLE_BLOCK: usize = 8;
/// Rows per block of a batch product in single precision (8 vectors of 8 f32).
const SINGLE_BLOCK: usize = 16;

/// One panel of the weights: rows `start … start + rows − 1` of W, stored in its part (the
/// rows one thread computes) from `(start − the part's first row)·C` as `width` values per
/// column (`W[start + k][j]` at `start·C + j·width + k`, zeros for
/// `k ≥ rows`). Panels are 32 rows wide, the last one rounded up to a multiple of the block
/// (8 rows in f64, 16 in f32): each panel's sums are 4 (or fewer) independent chains of
/// vector additions, enough to keep the adders busy, and stay in registers while the panel
/// streams past.
#[derive(Clone, Copy)]
struct Panel {
    start: usize,
    rows: usize,
    width: usize,
}

impl Panel {
    /// The panels of rows `rows` (starting at a multiple of 32) of a matrix, in storage
    /// order, the last one padded to a multiple of `block` rows.
    fn all(rows: Range<usize>, block: usize) -> impl Iterator<Item = Panel> {
        rows.clone().step_by(32).map(move |start| {
            let rows = (rows.end - start).min(32);
            Panel {
                start,
                rows,
                width: rows.div_ceil(block) * block,
            }
        })
    }
}

/// The values of a part, in the precision of the products.
enum Stored {
    Double(Vec<f64>),
    /// The weights, and the source values of the product under way rounded to f32 once
    /// (a buffer kept between products: nothing is allocated per step).
    Single(Vec<f32>, Mutex<Vec<f32>>),
}

/// Rows `rows` of a dense R×C matrix in panels (see the module documentation).
struct Part {
    rows: Range<usize>,
    cols: usize,
    data: Stored,
}

impl Part {
    /// Rows `rows` (from a multiple of 32) of the row-major `w` of `cols` columns, stored in
    /// `precision`.
    fn new(rows: Range<usize>, cols: usize, w: &[f64], precision: Precision) -> Part {
        let data = match precision {
            Precision::F64 => Stored::Double(Part::values(&rows, cols, w, DOUBLE_BLOCK)),
            Precision::F32 => Stored::Single(
                Part::values(&rows, cols, w, SINGLE_BLOCK),
                Mutex::new(Vec::new()),
            ),
        };
        Part { rows, cols, data }
    }

    /// The panels' values in storage order.
    fn values<T: Element>(rows: &Range<usize>, cols: usize, w: &[f64], block: usize) -> Vec<T> {
        let mut data = Vec::new();
        for panel in Panel::all(rows.clone(), block) {
            for j in 0..cols {
                data.extend((0..panel.width).map(|k| {
                    if k < panel.rows {
                        T::of(w[(panel.start + k) * cols + j])
                    } else {
                        T::default()
                    }
                }));
            }
        }
        data
    }

    /// The precision of the values.
    fn precision(&self) -> Precision {
        match self.data {
            Stored::Double(_) => Precision::F64,
            Stored::Single(..) => Precision::F32,
        }
    }

    /// Rows `self.rows` of W·x into `out` (as many values as the part has rows).
    fn product(&self, x: &[f64], out: &mut [f64]) {
        match &self.data {
            Stored::Double(data) => self.product_of(data, DOUBLE_BLOCK, x, out),
            Stored::Single(data, rounded) => {
                let rounded = single(rounded, x);
                self.product_of(data, SINGLE_BLOCK, &rounded, out)
            }
        }
    }

    /// [`Part::product`] with the source values `x` in the weights' type.
    fn product_of<T: Element>(&self, data: &[T], block: usize, x: &[T], out: &mut [f64]) {
        let first = self.rows.start;
        for panel in Panel::all(self.rows.clone(), block) {
            let from = (panel.start - first) * self.cols;
            let values = &data[from..from + panel.width * self.cols];
            let out = &mut out[panel.start - first..panel.start - first + panel.rows];
            match panel.width {
                32 => panel_block::<T, 32>(values, x, out),
                24 => panel_block::<T, 24>(values, x, out),
                16 => panel_block::<T, 16>(values, x, out),
                _ => panel_block::<T, 8>(values, x, out),
            }
        }
    }

    /// Rows `self.rows` of W·x_b for every batch member b (`x`: members of C values one
    /// after another; `out`: members of as many values as the part has rows). W is read once
    /// for four members at a time; each member's sums are the same, in the same order, as
    /// one [`Part::product`].
    fn products(&self, x: &[f64], out: &mut [f64]) {
        match &self.data {
            Stored::Double(data) => self.products_of::<f64, DOUBLE_BLOCK>(data, x, out),
            Stored::Single(data, rounded) => {
                let rounded = single(rounded, x);
                self.products_of::<f32, SINGLE_BLOCK>(data, &rounded, out)
            }
        }
    }

    /// [`Part::products`] with the source values `x` in the weights' type, in blocks of `B`
    /// rows.
    fn products_of<T: Element, const B: usize>(&self, data: &[T], x: &[T], out: &mut [f64]) {
        let (rows, cols, first) = (self.rows.len(), self.cols, self.rows.start);
        let mut xs = x.chunks_exact(4 * cols);
        let mut outs = out.chunks_exact_mut(4 * rows);
        for (x4, out4) in (&mut xs).zip(&mut outs) {
            for panel in Panel::all(self.rows.clone(), B) {
                let from = (panel.start - first) * cols;
                let values = &data[from..from + panel.width * cols];
                // A block of rows at a time: four members' accumulators for all 32 rows would
                // not fit in the registers.
                for offset in (0..panel.rows).step_by(B) {
                    let block = Block {
                        offset,
                        rows: (panel.rows - offset).min(B),
                        row: panel.start - first + offset,
                    };
                    let sizes = (rows, cols);
                    match panel.width {
                        32 => panel_block_4::<T, 32, B>(values, block, sizes, x4, out4),
                        24 => panel_block_4::<T, 24, B>(values, block, sizes, x4, out4),
                        16 => panel_block_4::<T, 16, B>(values, block, sizes, x4, out4),
                        _ => panel_block_4::<T, 8, B>(values, block, sizes, x4, out4),
                    }
                }
            }
        }
        for (xb, ob) in xs
            .remainder()
            .chunks_exact(cols)
            .zip(outs.into_remainder().chunks_exact_mut(rows))
        {
            self.product_of(data, B, xb, ob);
        }
    }
}

/// `x` rounded to f32 into `buffer` (held for the product under way).
fn single<'a>(buffer: &'a Mutex<Vec<f32>>, x: &[f64]) -> MutexGuard<'a, Vec<f32>> {
    let mut rounded = buffer.lock().unwrap_or_else(PoisonError::into_inner);
    rounded.clear();
    rounded.extend(x.iter().map(|x| *x as f32));
    rounded
}

/// A dense R×C matrix in panels, for products with vectors of C values. Its panels may be
/// shared out, once, between the calling thread and helper threads that live as long as the
/// matrix ([`Panels::with_threads`]): each computes its rows' sums exactly as one thread
/// would, so the products are the same, bit for bit.
pub(crate) struct Panels {
    rows: usize,
    cols: usize,
    /// The calling thread's rows (all of them without helpers).
    own: Part,
    /// The helpers (none: the calling thread computes every row), taken by one product at
    /// a time.
    helpers: Option<Mutex<Helpers>>,
}

/// The helper threads of [`Panels`] and the calling thread's work space.
struct Helpers {
    threads: Vec<HelperThread<Part>>,
    /// The calling thread's sums of a batch product, member by member.
    scratch: Vec<f64>,
}

impl Panels {
    /// The panels of the row-major `rows`×`cols` matrix `w`, in double precision on the
    /// calling thread alone.
    pub fn new(rows: usize, cols: usize, w: &[f64]) -> Panels {
        Panels::with_threads(rows, cols, w, 1, Precision::F64)
    }

    /// As [`Panels::new`], stored in `precision`, the panels shared out over `threads`
    /// threads (at most one per panel of 32 rows): the calling thread and `threads − 1`
    /// helpers.
    pub fn with_threads(
        rows: usize,
        cols: usize,
        w: &[f64],
        threads: usize,
        precision: Precision,
    ) -> Panels {
        let panels = rows.div_ceil(32);
        let threads = threads.clamp(1, panels.max(1));
        let row_of = |group: usize| (local_range(panels, group, threads).start * 32).min(rows);
        let part = |group: usize| Part::new(row_of(group)..row_of(group + 1), cols, w, precision);
        let helpers = (threads > 1).then(|| {
            Mutex::new(Helpers {
                threads: (1..threads)
                    .map(|g| HelperThread::spawn(part(g), products_of_part, threads))
                    .collect(),
                scratch: Vec::new(),
            })
        });
        Panels {
            rows,
            cols,
            own: part(0),
            helpers,
        }
    }

    /// The threads that compute the products (1 + helpers).
    pub fn threads(&self) -> usize {
        1 + self.helpers.as_ref().map_or(0, |h| lock(h).threads.len())
    }

    /// The precision the weights are stored and multiplied in.
    pub fn precision(&self) -> Precision {
        self.own.precision()
    }

    /// out = W·x (`x`: C values, `out`: R values).
    pub fn product(&self, x: &[f64], out: &mut [f64]) {
        let Some(helpers) = &self.helpers else {
            return self.own.product(x, out);
        };
        let mut helpers = lock(helpers);
        helpers.threads.iter_mut().for_each(|h| h.start(x));
        let own = self.own.rows.clone();
        self.own.product(x, &mut out[own]);
        for helper in &mut helpers.threads {
            let work = helper.finish();
            out[work.part.rows.clone()].copy_from_slice(&work.output);
        }
    }

    /// out_b = W·x_b for every batch member b (`x` holds members of C values one after
    /// another, `out` members of R values). W is read once for four members at a time; each
    /// member's sums are the same, in the same order, as one [`Panels::product`].
    pub fn products(&self, x: &[f64], out: &mut [f64]) {
        let Some(helpers) = &self.helpers else {
            return self.own.products(x, out);
        };
        let Helpers { threads, scratch } = &mut *lock(helpers);
        threads.iter_mut().for_each(|h| h.start(x));
        let members = x.len() / self.cols.max(1);
        let own = self.own.rows.clone();
        scratch.resize(members * own.len(), 0.0);
        self.own.products(x, scratch);
        let rows = self.rows;
        let place = |out: &mut [f64], rows_of: &Range<usize>, sums: &[f64]| {
            for (b, sums) in sums.chunks_exact(rows_of.len().max(1)).enumerate() {
                out[b * rows + rows_of.start..b * rows + rows_of.end].copy_from_slice(sums);
            }
        };
        place(out, &own, scratch);
        for helper in threads {
            let work = helper.finish();
            place(out, &work.part.rows, &work.output);
        }
    }
}

/// A lock that a panic elsewhere does not poison for good (the helpers' protocol holds
/// whatever a panicking product left).
fn lock(m: &Mutex<Helpers>) -> MutexGuard<'_, Helpers> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A helper's job: its rows of the products of every member posted.
fn products_of_part(work: &mut Work<Part>) {
    let members = work.input.len() / work.part.cols.max(1);
    work.output.resize(members * work.part.rows.len(), 0.0);
    work.part.products(&work.input, &mut work.output);
}

/// `out = Σ_j x_j · panel_j` for one panel `W` values wide (its first `out.len()` rows), the
/// sums taken in the order j = 0, 1, … in accumulators that stay in registers: in `T` over
/// each run of [`Element::RUN`] columns, then in f64 across runs.
#[inline]
fn panel_block<T: Element, const W: usize>(panel: &[T], x: &[T], out: &mut [f64]) {
    let mut total = [0.0f64; W];
    for (run, xs) in panel.chunks(W * T::RUN).zip(x.chunks(T::RUN)) {
        let mut acc = [T::default(); W];
        for (w, xj) in run.chunks_exact(W).zip(xs) {
            for k in 0..W {
                acc[k] = acc[k] + w[k] * *xj;
            }
        }
        for k in 0..W {
            total[k] += acc[k].widen();
        }
    }
    out.copy_from_slice(&total[..out.len()]);
}

/// At most `B` rows of a panel: from position `offset` in the panel, which is row `row` of
/// the part's output.
#[derive(Clone, Copy)]
struct Block {
    offset: usize,
    rows: usize,
    row: usize,
}

/// [`panel_block`] for four batch members at once (`x4`: four members of C values, `out4`:
/// four of R, with `(R, C)` = `sizes`), for one block of `B` rows of a panel `W` values wide
/// (a multiple of `B`): each panel value is loaded once for all four members.
#[inline]
fn panel_block_4<T: Element, const W: usize, const B: usize>(
    panel: &[T],
    block: Block,
    (rows, cols): (usize, usize),
    x4: &[T],
    out4: &mut [f64],
) {
    let (mut t0, mut t1, mut t2, mut t3) = ([0.0f64; B], [0.0f64; B], [0.0f64; B], [0.0f64; B]);
    let (x0, rest) = x4.split_at(cols);
    let (x1, rest) = rest.split_at(cols);
    let (x2, x3) = rest.split_at(cols);
    for start in (0..cols).step_by(T::RUN) {
        let run = start..cols.min(start.saturating_add(T::RUN));
        // Four accumulators of their own (not one array of four), which the compiler keeps
        // in registers.
        let (mut a0, mut a1, mut a2, mut a3) = (
            [T::default(); B],
            [T::default(); B],
            [T::default(); B],
            [T::default(); B],
        );
        let columns = panel[run.start * W..run.end * W].chunks_exact(W);
        let xs = x0[run.clone()]
            .iter()
            .zip(&x1[run.clone()])
            .zip(&x2[run.clone()])
            .zip(&x3[run]);
        for (column, (((x0, x1), x2), x3)) in columns.zip(xs) {
            let w = &column[block.offset..block.offset + B];
            let (x0, x1, x2, x3) = (*x0, *x1, *x2, *x3);
            for k in 0..B {
                a0[k] = a0[k] + w[k] * x0;
                a1[k] = a1[k] + w[k] * x1;
                a2[k] = a2[k] + w[k] * x2;
                a3[k] = a3[k] + w[k] * x3;
            }
        }
        for k in 0..B {
            t0[k] += a0[k].widen();
            t1[k] += a1[k].widen();
            t2[k] += a2[k].widen();
            t3[k] += a3[k].widen();
        }
    }
    for (out, total) in out4.chunks_exact_mut(rows).zip([t0, t1, t2, t3]) {
        out[block.row..block.row + block.rows].copy_from_slice(&total[..block.rows]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every size with 32-row panels, row blocks and single rows, and more columns than one
    /// single-precision run; one thread, and the panels shared out over two and three (one
    /// panel or more each); both precisions.
    #[test]
    fn rectangular_products_are_the_plain_product_bit_for_bit() {
        for (rows, cols) in [
            (1usize, 5usize),
            (9, 3),
            (33, 41),
            (41, 33),
            (70, 8),
            (100, 20),
            (17, 150),
        ] {
            let w: Vec<f64> = (0..rows * cols)
                .map(|k| ((k * 7919) % 101) as f64 / 37.0 - 1.3)
                .collect();
            for precision in [Precision::F64, Precision::F32] {
                for threads in 1..=3 {
                    let panels = Panels::with_threads(rows, cols, &w, threads, precision);
                    assert_eq!(panels.threads(), threads.min(rows.div_ceil(32)));
                    assert_eq!(panels.precision(), precision);
                    check_products(&panels, &w);
                }
            }
        }
    }

    /// The plain product in `precision`: in f64 term by term; in f32 each weight and value
    /// rounded to f32, summed in f32 over runs of [`SINGLE_PRECISION_RUN`] columns, the runs'
    /// sums added in f64.
    fn plain_product(w: &[f64], x: &[f64], i: usize, precision: Precision) -> f64 {
        let cols = x.len();
        let row = &w[i * cols..(i + 1) * cols];
        match precision {
            Precision::F64 => row.iter().zip(x).fold(0.0, |sum, (w, x)| sum + w * x),
            Precision::F32 => row
                .chunks(SINGLE_PRECISION_RUN)
                .zip(x.chunks(SINGLE_PRECISION_RUN))
                .map(|(w, x)| {
                    let run = w.iter().zip(x);
                    f64::from(run.fold(0.0f32, |sum, (w, x)| sum + (*w as f32) * (*x as f32)))
                })
                .fold(0.0, |sum, run| sum + run),
        }
    }

    /// Every member's product from `panels` of `w` (one member alone through
    /// [`Panels::product`], then batches of one to five through [`Panels::products`]: blocks
    /// of four and a remainder) equals the plain product, bit for bit.
    fn check_products(panels: &Panels, w: &[f64]) {
        let (rows, cols, threads) = (panels.rows, panels.cols, panels.threads());
        let precision = panels.precision();
        for members in 0..=5 {
            let x: Vec<f64> = (0..members.max(1) * cols)
                .map(|k| (k as f64 * 0.7).sin())
                .collect();
            let mut out = vec![f64::NAN; members.max(1) * rows];
            match members {
                0 => panels.product(&x, &mut out),
                _ => panels.products(&x, &mut out),
            }
            for (xb, ob) in x.chunks_exact(cols).zip(out.chunks_exact(rows)) {
                for (i, got) in ob.iter().enumerate() {
                    assert_eq!(
                        got.to_bits(),
                        plain_product(w, xb, i, precision).to_bits(),
                        "{rows}×{cols} in {precision} on {threads} threads, {members} members, row {i}"
                    );
                }
            }
        }
    }

    /// The single-precision sums stay within the documented bound of the f64 ones:
    /// (run + 3)·2⁻²⁴ of Σ_j |w_ij x_j| (rounding w, x and each product; recursive summation
    /// over a run), on 1000 columns of values of both signs, where the sums cancel.
    #[test]
    fn single_precision_sums_stay_within_the_documented_bound() {
        let (rows, cols) = (40, 1000);
        let w: Vec<f64> = (0..rows * cols)
            .map(|k| ((k as f64) * 0.37).sin() * 1.7)
            .collect();
        let x: Vec<f64> = (0..cols).map(|k| ((k as f64) * 1.3).cos() * 0.9).collect();
        let single = Panels::with_threads(rows, cols, &w, 1, Precision::F32);
        let mut out = vec![0.0; rows];
        single.product(&x, &mut out);
        let bound = (SINGLE_PRECISION_RUN + 3) as f64 * f64::from(f32::EPSILON) / 2.0;
        let mut largest = 0.0f64;
        for (i, y) in out.iter().enumerate() {
            let row = &w[i * cols..(i + 1) * cols];
            let exact = plain_product(&w, &x, i, Precision::F64);
            let magnitude: f64 = row.iter().zip(&x).map(|(w, x)| (w * x).abs()).sum();
            let error = (y - exact).abs() / magnitude;
            assert!(
                error <= bound,
                "row {i}: relative error {error:e} > {bound:e}"
            );
            largest = largest.max(error);
        }
        assert!(largest > 0.0, "the sums were not taken in single precision");
    }
}
