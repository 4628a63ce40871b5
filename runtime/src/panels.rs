//! Dense matrix–vector products that vectorise: y = W·x for an R×C matrix stored in panels
//! of 32 rows, each panel's columns contiguous, so the product reads W once front to back as
//! a sum of scaled columns. Each y_i still sums its terms in the order j = 0, 1, …, so the
//! result is the plain product's, bit for bit.

use std::ops::Range;
use std::sync::{Mutex, MutexGuard};

use crate::distributed::local_range;
use crate::helper_thread::{HelperThread, Work};

/// One panel of the weights: rows `start … start + rows − 1` of W, stored in its part (the
/// rows one thread computes) from `(start − the part's first row)·C` as `width` values per
/// column (`W[start + k][j]` at `start·C + j·width + k`, zeros for
/// `k ≥ rows`). Panels are 32 rows wide, the last one rounded up to a multiple of 8: each
/// panel's sums are 4 (or fewer) independent chains of vector additions, enough to keep the
/// adders busy, and stay in registers while the panel streams past.
#[derive(Clone, Copy)]
struct Panel {
    start: usize,
    rows: usize,
    width: usize,
}

impl Panel {
    /// The panels of rows `rows` (starting at a multiple of 32) of a matrix, in storage
    /// order.
    fn all(rows: Range<usize>) -> impl Iterator<Item = Panel> {
        rows.clone().step_by(32).map(move |start| {
            let rows = (rows.end - start).min(32);
            Panel {
                start,
                rows,
                width: rows.div_ceil(8) * 8,
            }
        })
    }
}

/// Rows `rows` of a dense R×C matrix in panels (see the module documentation).
struct Part {
    rows: Range<usize>,
    cols: usize,
    data: Vec<f64>,
}

impl Part {
    /// Rows `rows` (from a multiple of 32) of the row-major `w` of `cols` columns.
    fn new(rows: Range<usize>, cols: usize, w: &[f64]) -> Part {
        let mut data = Vec::new();
        for panel in Panel::all(rows.clone()) {
            for j in 0..cols {
                data.extend((0..panel.width).map(|k| {
                    if k < panel.rows {
                        w[(panel.start + k) * cols + j]
                    } else {
                        0.0
                    }
                }));
            }
        }
        Part { rows, cols, data }
    }

    /// The values of `panel` (one of this part's).
    fn of(&self, panel: &Panel) -> &[f64] {
        let from = (panel.start - self.rows.start) * self.cols;
        &self.data[from..from + panel.width * self.cols]
    }

    /// Rows `self.rows` of W·x into `out` (as many values as the part has rows).
    fn product(&self, x: &[f64], out: &mut [f64]) {
        let first = self.rows.start;
        for panel in Panel::all(self.rows.clone()) {
            let values = self.of(&panel);
            let out = &mut out[panel.start - first..panel.start - first + panel.rows];
            match panel.width {
                32 => panel_block::<32>(values, x, out),
                24 => panel_block::<24>(values, x, out),
                16 => panel_block::<16>(values, x, out),
                _ => panel_block::<8>(values, x, out),
            }
        }
    }

    /// Rows `self.rows` of W·x_b for every batch member b (`x`: members of C values one
    /// after another; `out`: members of as many values as the part has rows). W is read once
    /// for four members at a time; each member's sums are the same, in the same order, as
    /// one [`Part::product`].
    fn products(&self, x: &[f64], out: &mut [f64]) {
        let (rows, cols, first) = (self.rows.len(), self.cols, self.rows.start);
        let mut xs = x.chunks_exact(4 * cols);
        let mut outs = out.chunks_exact_mut(4 * rows);
        for (x4, out4) in (&mut xs).zip(&mut outs) {
            for panel in Panel::all(self.rows.clone()) {
                let values = self.of(&panel);
                // Eight rows at a time: four members' accumulators for all 32 rows would not
                // fit in the registers.
                for offset in (0..panel.rows).step_by(8) {
                    let block = Block {
                        offset,
                        rows: (panel.rows - offset).min(8),
                        row: panel.start - first + offset,
                    };
                    let sizes = (rows, cols);
                    match panel.width {
                        32 => panel_block_4::<32>(values, block, sizes, x4, out4),
                        24 => panel_block_4::<24>(values, block, sizes, x4, out4),
                        16 => panel_block_4::<16>(values, block, sizes, x4, out4),
                        _ => panel_block_4::<8>(values, block, sizes, x4, out4),
                    }
                }
            }
        }
        for (xb, ob) in xs
            .remainder()
            .chunks_exact(cols)
            .zip(outs.into_remainder().chunks_exact_mut(rows))
        {
            self.product(xb, ob);
        }
    }
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
    /// The panels of the row-major `rows`×`cols` matrix `w`, on the calling thread alone.
    pub fn new(rows: usize, cols: usize, w: &[f64]) -> Panels {
        Panels::with_threads(rows, cols, w, 1)
    }

    /// As [`Panels::new`], the panels shared out over `threads` threads (at most one per
    /// panel of 32 rows): the calling thread and `threads − 1` helpers.
    pub fn with_threads(rows: usize, cols: usize, w: &[f64], threads: usize) -> Panels {
        let panels = rows.div_ceil(32);
        let threads = threads.clamp(1, panels.max(1));
        let row_of = |group: usize| (local_range(panels, group, threads).start * 32).min(rows);
        let part = |group: usize| Part::new(row_of(group)..row_of(group + 1), cols, w);
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
/// sums taken in the order j = 0, 1, … in accumulators that stay in registers.
#[inline]
fn panel_block<const W: usize>(panel: &[f64], x: &[f64], out: &mut [f64]) {
    let mut acc = [0.0f64; W];
    for (w, xj) in panel.chunks_exact(W).zip(x) {
        for k in 0..W {
            acc[k] += w[k] * xj;
        }
    }
    out.copy_from_slice(&acc[..out.len()]);
}

/// At most 8 rows of a panel: from position `offset` in the panel, which is row `row` of
/// the part's output.
#[derive(Clone, Copy)]
struct Block {
    offset: usize,
    rows: usize,
    row: usize,
}

/// [`panel_block`] for four batch members at once (`x4`: four members of C values, `out4`:
/// four of R, with `(R, C)` = `sizes`), for one block of a panel `W` values wide: each panel
/// value is loaded once for all four members.
#[inline]
fn panel_block_4<const W: usize>(
    panel: &[f64],
    block: Block,
    (rows, cols): (usize, usize),
    x4: &[f64],
    out4: &mut [f64],
) {
    let mut acc = [[0.0f64; 8]; 4];
    let (x0, rest) = x4.split_at(cols);
    let (x1, rest) = rest.split_at(cols);
    let (x2, x3) = rest.split_at(cols);
    for (j, column) in panel.chunks_exact(W).enumerate() {
        let w = &column[block.offset..block.offset + 8];
        let xj = [x0[j], x1[j], x2[j], x3[j]];
        for (acc, xj) in acc.iter_mut().zip(xj) {
            for k in 0..8 {
                acc[k] += w[k] * xj;
            }
        }
    }
    for (out, acc) in out4.chunks_exact_mut(rows).zip(&acc) {
        out[block.row..block.row + block.rows].copy_from_slice(&acc[..block.rows]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every size with 32-row panels, 8-row blocks and single rows; one thread, and the
    /// panels shared out over two and three (one panel or more each).
    #[test]
    fn rectangular_products_are_the_plain_product_bit_for_bit() {
        for (rows, cols) in [
            (1usize, 5usize),
            (9, 3),
            (33, 41),
            (41, 33),
            (70, 8),
            (100, 20),
        ] {
            let w: Vec<f64> = (0..rows * cols)
                .map(|k| ((k * 7919) % 101) as f64 / 37.0 - 1.3)
                .collect();
            for threads in 1..=3 {
                let mut panels = Panels::with_threads(rows, cols, &w, threads);
                assert_eq!(panels.threads(), threads.min(rows.div_ceil(32)));
                check_products(&mut panels, &w);
            }
        }
    }

    /// Every member's product from `panels` of `w` (one member alone through
    /// [`Panels::product`], then batches of one to five through [`Panels::products`]: blocks
    /// of four and a remainder) equals the plain product, bit for bit.
    fn check_products(panels: &mut Panels, w: &[f64]) {
        let (rows, cols, threads) = (panels.rows, panels.cols, panels.threads());
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
                for i in 0..rows {
                    let mut expected = 0.0;
                    for j in 0..cols {
                        expected += w[i * cols + j] * xb[j];
                    }
                    assert_eq!(
                        ob[i].to_bits(),
                        expected.to_bits(),
                        "{rows}×{cols} on {threads} threads, {members} members, row {i}"
                    );
                }
            }
        }
    }
}
