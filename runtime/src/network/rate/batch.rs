//! The weighted sums of one rate projection computed for a batch of networks at once (the
//! members of a parameter sweep, see [`crate::network::NetworkBatch`]): when every member's
//! projection has the same weights and delays, one pass over them serves every member —
//! each weight, source index and delay is read once, and a dense matrix once per four
//! members ([`Panels::products`]). Each member's sums are those its own
//! [`RateProjection::compute`] would make, term for term in the same order, so a member's
//! run is its run alone, bit for bit.

use super::RateProjection;
use crate::delay_line::DelayLine;
use crate::error::Error;

/// Work space of [`RateProjection::batch_sums`].
#[derive(Default)]
pub(in crate::network) struct BatchScratch {
    /// The members' source values.
    values: Vec<f64>,
    /// One target's sum for each member.
    sums: Vec<f64>,
}

impl RateProjection {
    /// Whether a batch may compute this projection's sums Σ_i w_ji x_i: the coupling is
    /// linear in `pre` and static, over listed weights (not a field or stored patterns).
    pub(in crate::network) fn sums_batchable(&self) -> bool {
        self.coupling.linear().is_some()
            && self.learning.is_none()
            && self.field.is_none()
            && self.patterns.is_none()
    }

    /// Whether `other` joins the same populations through the same weights and delays, so
    /// that one pass over this projection's weights gives `other`'s sums too (in the same
    /// precision).
    pub(in crate::network) fn same_weights(&self, other: &RateProjection) -> bool {
        let same_delays = match (&self.delays, &other.delays) {
            (None, None) => true,
            (Some(a), Some(b)) => a.steps == b.steps && a.line.same_shape(&b.line),
            _ => false,
        };
        self.source == other.source
            && self.target == other.target
            && self.source_state == other.source_state
            && self.row_start == other.row_start
            && self.columns == other.columns
            && self.values == other.values
            && self.dense.as_ref().map(|d| d.precision())
                == other.dense.as_ref().map(|d| d.precision())
            && same_delays
    }

    /// Records the source's values `x` of step `step` in the delay history, if there is
    /// one, as [`RateProjection::compute`] does first.
    pub(in crate::network) fn record_source(&mut self, step: u64, x: &[f64]) {
        if let Some(d) = &mut self.delays {
            d.line.record(step, x);
        }
    }

    /// The delay histories of `members` (with the same weights and delays) woven into one
    /// ([`DelayLine::interleave`]) for [`RateProjection::batch_sums`]; `None` without
    /// delays.
    pub(in crate::network) fn woven_history(
        members: &[&RateProjection],
    ) -> Result<Option<DelayLine>, Error> {
        let lines: Vec<&DelayLine> = members
            .iter()
            .filter_map(|m| m.delays.as_ref().map(|d| &d.line))
            .collect();
        if lines.is_empty() {
            return Ok(None);
        }
        let what = format!("rate projection `{}` of a batch", members[0].name);
        DelayLine::interleave(&what, &lines).map(Some)
    }

    /// The sums Σ_i w_ji x_i of step `step` of every member into `out`, member after
    /// member, one value per target, from the members' source values `xs` (one slice per
    /// member, in order). Every member must have this projection's weights
    /// ([`RateProjection::same_weights`]); with delays, `woven` is their history
    /// ([`RateProjection::woven_history`]), which records this step. `scratch` is work
    /// space (nothing is allocated once it has grown).
    pub(in crate::network) fn batch_sums<'a>(
        &self,
        xs: impl ExactSizeIterator<Item = &'a [f64]>,
        (step, woven): (u64, Option<&mut DelayLine>),
        scratch: &mut BatchScratch,
        out: &mut [f64],
    ) {
        let count = xs.len();
        let BatchScratch { values, sums } = scratch;
        values.clear();
        if let Some(panels) = &self.dense {
            for x in xs {
                values.extend_from_slice(x);
            }
            panels.products(values, out);
            return;
        }
        // The members' values of each source side by side.
        values.resize(self.source_len * count, 0.0);
        for (b, x) in xs.enumerate() {
            for (i, v) in x.iter().enumerate() {
                values[i * count + b] = *v;
            }
        }
        sums.clear();
        sums.resize(count, 0.0);
        match (&self.delays, woven) {
            (Some(delays), Some(line)) => {
                let now = line.record(step, values);
                let line = &*line;
                self.rows_side_by_side(sums, out, |e, i| {
                    line.run(line.position(now, delays.steps[e], i * count), count)
                });
            }
            _ => {
                let values = &values[..];
                self.rows_side_by_side(sums, out, |_, i| &values[i * count..(i + 1) * count]);
            }
        }
    }

    /// For each target j, Σ_e w_e · x_b of every member b over the edges e onto j into
    /// `out[b·targets + j]`, each sum taken from 0 in edge order (as `sum_rows`), the
    /// members' values of edge e from source i being `side_by_side(e, i)`.
    fn rows_side_by_side<'a>(
        &self,
        sums: &mut [f64],
        out: &mut [f64],
        side_by_side: impl Fn(usize, usize) -> &'a [f64],
    ) {
        let targets = self.totals.len();
        for j in 0..targets {
            sums.fill(0.0);
            for e in self.row_start[j]..self.row_start[j + 1] {
                let w = self.values[e];
                for (sum, x) in sums
                    .iter_mut()
                    .zip(side_by_side(e, self.columns[e] as usize))
                {
                    *sum += w * x;
                }
            }
            for (b, sum) in sums.iter().enumerate() {
                out[b * targets + j] = *sum;
            }
        }
    }

    /// Gives the projection this step's sums (one per target), which its next
    /// [`RateProjection::compute`] finishes instead of computing them.
    pub(in crate::network) fn give_sums(&mut self, sums: &[f64]) {
        self.wx.clear();
        self.wx.extend_from_slice(sums);
        self.given = true;
    }

    /// Takes back sums given for a step the projection will not take.
    pub(in crate::network) fn withdraw_sums(&mut self) {
        self.given = false;
    }

    /// Number of targets.
    pub(in crate::network) fn targets(&self) -> usize {
        self.totals.len()
    }
}
