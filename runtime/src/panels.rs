//! Dense matrix–vector products that vectorise: y = W·x for an R×C matrix stored in panels
//! of 32 rows, each panel's columns contiguous, so the product reads W once front to back as
//! a sum of scaled columns. Each y_i still sums its terms in the order j = 0, 1, …, so the
//! result is the plain product's, bit for bit.

/// One panel of the weights: rows `start … start + rows − 1` of W, stored from `start·C` as
/// `width` values per column (`W[start + k][j]` at `start·C + j·width + k`, zeros for
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
    /// The panels of a matrix of `rows` rows, in storage order.
    fn all(rows: usize) -> impl Iterator<Item = Panel> {
        (0..rows).step_by(32).map(move |start| {
            let rows = (rows - start).min(32);
            Panel {
                start,
                rows,
                width: rows.div_ceil(8) * 8,
            }
        })
    }

    /// This panel's values in `data` (a matrix of `cols` columns).
    fn of<'a>(&self, data: &'a [f64], cols: usize) -> &'a [f64] {
        &data[self.start * cols..(self.start + self.width) * cols]
    }
}

/// A dense R×C matrix in panels, for products with vectors of C values.
pub(crate) struct Panels {
    rows: usize,
    cols: usize,
    data: Vec<f64>,
}

impl Panels {
    /// The panels of the row-major `rows`×`cols` matrix `w`.
    pub fn new(rows: usize, cols: usize, w: &[f64]) -> Panels {
        let mut data = Vec::new();
        for panel in Panel::all(rows) {
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
        Panels { rows, cols, data }
    }

    /// out = W·x (`x`: C values, `out`: R values).
    pub fn product(&self, x: &[f64], out: &mut [f64]) {
        for panel in Panel::all(self.rows) {
            let values = panel.of(&self.data, self.cols);
            let out = &mut out[panel.start..panel.start + panel.rows];
            match panel.width {
                32 => panel_block::<32>(values, x, out),
                24 => panel_block::<24>(values, x, out),
                16 => panel_block::<16>(values, x, out),
                _ => panel_block::<8>(values, x, out),
            }
        }
    }

    /// out_b = W·x_b for every batch member b (`x` holds members of C values one after
    /// another, `out` members of R values). W is read once for four members at a time; each
    /// member's sums are the same, in the same order, as one [`Panels::product`].
    pub fn products(&self, x: &[f64], out: &mut [f64]) {
        let (rows, cols) = (self.rows, self.cols);
        let mut xs = x.chunks_exact(4 * cols);
        let mut outs = out.chunks_exact_mut(4 * rows);
        for (x4, out4) in (&mut xs).zip(&mut outs) {
            for panel in Panel::all(rows) {
                let values = panel.of(&self.data, cols);
                // Eight rows at a time: four members' accumulators for all 32 rows would not
                // fit in the registers.
                for offset in (0..panel.rows).step_by(8) {
                    let block = Block {
                        offset,
                        rows: (panel.rows - offset).min(8),
                        row: panel.start + offset,
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
/// the matrix.
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

    #[test]
    fn rectangular_products_are_the_plain_product_bit_for_bit() {
        for (rows, cols) in [(1usize, 5usize), (9, 3), (33, 41), (41, 33), (70, 8)] {
            let w: Vec<f64> = (0..rows * cols)
                .map(|k| ((k * 7919) % 101) as f64 / 37.0 - 1.3)
                .collect();
            let panels = Panels::new(rows, cols, &w);
            for members in 1..=5 {
                let x: Vec<f64> = (0..members * cols)
                    .map(|k| (k as f64 * 0.7).sin())
                    .collect();
                let mut out = vec![f64::NAN; members * rows];
                panels.products(&x, &mut out);
                for (xb, ob) in x.chunks_exact(cols).zip(out.chunks_exact(rows)) {
                    for i in 0..rows {
                        let mut expected = 0.0;
                        for j in 0..cols {
                            expected += w[i * cols + j] * xb[j];
                        }
                        assert_eq!(
                            ob[i].to_bits(),
                            expected.to_bits(),
                            "{rows}×{cols}, row {i}"
                        );
                    }
                }
            }
        }
    }
}
