//! Delivery: the spikes that arrive in a step added to the summed state of their targets,
//! in Brian2's schedule or the seed notebook's (a spiking source's synapses jump instead of
//! decaying, through one trace per source neuron advanced lazily with powers of the
//! propagator), with one delay per projection or one per synapse (a spike's synapses then
//! wait in runs of one delay, each added when it arrives).

use super::{Delays, Delivery, Projection, SynapseTable};
use crate::model::Model;
use crate::prefetch::prefetch;

impl Projection {
    /// Delivers the spikes that arrive in this step (after [`Projection::inject_advance`]
    /// advanced the summed state). `spikes` are the source neurons that spiked in this step
    /// (`step`).
    pub fn deliver(&mut self, step: u64, spikes: &[u32], target: &mut dyn Model) {
        self.enqueue(step, spikes);
        self.arrive(step, target);
    }

    /// Sends the spikes of step `step` on their way: they arrive after their delay, in
    /// [`Projection::arrive`]. A network split over ranks calls it up to a window late
    /// (never later than the projection's smallest delay): what arrives, and the order in
    /// which it adds up, is the same.
    pub fn enqueue(&mut self, step: u64, spikes: &[u32]) {
        if self.idle {
            return;
        }
        match &mut self.delays {
            Delays::Uniform { queue } => {
                let len = queue.len() as u64;
                queue[((step + len - 1) % len) as usize].extend_from_slice(spikes);
            }
            Delays::PerSynapse { .. } => self.enqueue_delayed(step, spikes),
        }
    }

    /// Adds what arrives in step `step` (see [`Projection::enqueue`]).
    pub fn arrive(&mut self, step: u64, target: &mut dyn Model) {
        if self.idle {
            return;
        }
        match &mut self.delays {
            Delays::Uniform { queue } => {
                let len = queue.len() as u64;
                let mut arriving = std::mem::take(&mut queue[(step % len) as usize]);
                match self.delivery {
                    Delivery::Brian2 => self.add_brian2(&arriving, target, step),
                    Delivery::Seed => self.add_seed(&arriving, target, step),
                }
                arriving.clear();
                if let Delays::Uniform { queue } = &mut self.delays {
                    queue[(step % len) as usize] = arriving;
                }
            }
            Delays::PerSynapse { .. } => self.add_due(step, target),
        }
    }

    /// The smallest delay of any synapse, in steps.
    pub fn min_delay_steps(&self) -> u64 {
        match &self.delays {
            Delays::Uniform { queue } => queue.len() as u64 - 1,
            Delays::PerSynapse { runs, .. } => runs.min_delay().map_or(u64::MAX, u64::from),
        }
    }

    fn add_post_jumps(&self, arriving: &[u32], target: &mut dyn Model) {
        for (p, &c) in self.post_jump.iter().enumerate() {
            if c == 0.0 || arriving.is_empty() {
                continue;
            }
            let mut x = target.jump_target(self.post_state[p]);
            for &i in arriving {
                let (targets, weights) = self.table.row_of(i);
                x.add(targets, weights, c);
            }
        }
    }

    fn add_brian2(&mut self, arriving: &[u32], target: &mut dyn Model, step: u64) {
        if let (Some(plastic), SynapseTable::Sparse(csr)) = (&mut self.plastic, &mut self.table)
            && let Some(post) = csr.post.wide()
        {
            plastic.on_pre(
                &*self.synapse,
                (&csr.row, post, &mut csr.weight),
                arriving,
                step,
                self.dt_ms,
                &mut self.state,
                &self.post_state,
                target,
            );
            return;
        }
        self.table.fetch_rows(arriving);
        let n = self.n_post;
        for (k, &c) in self.state_jump.iter().enumerate() {
            if c == 0.0 {
                continue;
            }
            let mut g = std::mem::take(&mut self.state);
            for &i in arriving {
                self.table.scatter(i, c, &mut g[k * n..(k + 1) * n]);
            }
            self.state = g;
        }
        self.add_post_jumps(arriving, target);
    }

    /// Adds G[n+1] − advance(G[n]) = Σ_{i spiking} w_ij·(s_i[n] + jump − advance(s_i[n])), where
    /// s_i is source i's unit-weight trace: the synapses of a spiking source jump instead of
    /// decaying, exactly as per-synapse state would. Traces are brought up to date only when
    /// their source spikes.
    fn add_seed(&mut self, arriving: &[u32], target: &mut dyn Model, step: u64) {
        let (n, k) = (self.n_post, self.state_jump.len());
        self.diffs.clear();
        for &i in arriving {
            let i = i as usize;
            let old = &mut self.traces[i * k..(i + 1) * k];
            apply_power(
                &self.propagator,
                k,
                step - self.trace_step[i],
                old,
                &mut self.scratch,
            );
            let adv = &mut self.scratch[..k];
            matvec(&self.propagator, k, old, adv);
            for kk in 0..k {
                let new = old[kk] + self.state_jump[kk];
                self.diffs.push(new - adv[kk]);
                old[kk] = new;
            }
            self.trace_step[i] = step + 1;
        }
        // The summed state is taken out while the rows (borrowed from `self`) are scattered.
        let mut g = std::mem::take(&mut self.state);
        for (a, &i) in arriving.iter().enumerate() {
            for kk in 0..k {
                let d = self.diffs[a * k + kk];
                if d != 0.0 {
                    self.table.scatter(i, d, &mut g[kk * n..(kk + 1) * n]);
                }
            }
        }
        self.state = g;
        self.add_post_jumps(arriving, target);
    }

    /// Puts each run of the synapses of `spikes` in the slot of its arrival step.
    fn enqueue_delayed(&mut self, step: u64, spikes: &[u32]) {
        let (Delays::PerSynapse { runs, queue }, SynapseTable::Sparse(csr)) =
            (&mut self.delays, &self.table)
        else {
            return;
        };
        // Each spike's row start and first run lie anywhere in arrays of megabytes: they are
        // prefetched for all spikes first (where the runs are listed, then the first run),
        // and so fetched side by side rather than one after the other.
        for &i in spikes {
            prefetch(&csr.row[i as usize]);
            runs.prefetch_first(i);
        }
        for &i in spikes {
            runs.prefetch_runs(i);
        }
        let len = queue.len();
        let now = step as usize % len;
        for &i in spikes {
            for (synapses, delay) in runs.runs_of(i, csr.row[i as usize] as usize) {
                // The delay is below the ring's length: no division.
                let slot = now + usize::from(delay);
                let slot = if slot >= len { slot - len } else { slot };
                queue[slot].push((synapses.start as u32, synapses.end as u32));
            }
        }
    }

    /// Adds what the runs arriving in step `step` bring: `w·jump` to the summed state and
    /// the target, in Brian2's schedule (as [`Projection::arrive`] for one delay), run by run
    /// in the order they were sent.
    fn add_due(&mut self, step: u64, target: &mut dyn Model) {
        let (Delays::PerSynapse { queue, .. }, SynapseTable::Sparse(csr)) =
            (&mut self.delays, &self.table)
        else {
            return;
        };
        let now = step as usize % queue.len();
        let arriving = &mut queue[now];
        let synapses_of = |&(lo, hi): &(u32, u32)| csr.synapses(lo as usize, hi as usize);
        // The runs lie anywhere in the table: fetched side by side before they are added.
        csr.fetch(arriving.iter().map(|&(lo, hi)| (lo as usize, hi as usize)));
        let n = self.n_post;
        for (kk, &c) in self.state_jump.iter().enumerate() {
            if c == 0.0 {
                continue;
            }
            let g = &mut self.state[kk * n..(kk + 1) * n];
            for run in arriving.iter() {
                let (targets, weights) = synapses_of(run);
                targets.add_weighted(g, weights, c, |_| false);
            }
        }
        for (pp, &c) in self.post_jump.iter().enumerate() {
            if c == 0.0 || arriving.is_empty() {
                continue;
            }
            let mut x = target.jump_target(self.post_state[pp]);
            for run in arriving.iter() {
                let (targets, weights) = synapses_of(run);
                x.add(targets, weights, c);
            }
        }
        arriving.clear();
    }
}

/// `out = m·x` for a K×K row-major matrix.
fn matvec(m: &[f64], k: usize, x: &[f64], out: &mut [f64]) {
    for r in 0..k {
        out[r] = (0..k).map(|c| m[r * k + c] * x[c]).sum();
    }
}

/// `x ← p^steps · x` by repeated squaring (`scratch` holds at least 3K² + 2K values).
fn apply_power(p: &[f64], k: usize, steps: u64, x: &mut [f64], scratch: &mut [f64]) {
    if steps == 0 {
        return;
    }
    if k == 1 {
        x[0] *= p[0].powi(steps.min(i32::MAX as u64) as i32);
        return;
    }
    let (base, rest) = scratch.split_at_mut(k * k);
    let (square, rest) = rest.split_at_mut(k * k);
    let (y, _) = rest.split_at_mut(k);
    base.copy_from_slice(p);
    let mut e = steps;
    while e > 0 {
        if e & 1 == 1 {
            matvec(base, k, x, y);
            x.copy_from_slice(y);
        }
        e >>= 1;
        if e > 0 {
            for r in 0..k {
                for c in 0..k {
                    square[r * k + c] = (0..k).map(|j| base[r * k + j] * base[j * k + c]).sum();
                }
            }
            base.copy_from_slice(square);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrix_powers_equal_repeated_steps() {
        // An alpha-like pair: x decays, I follows x.
        let p = [0.9, 0.05, 0.0, 0.8];
        let mut scratch = vec![0.0; 3 * 4 + 4];
        for steps in [0u64, 1, 2, 7, 64, 1000] {
            let mut fast = [1.5, -0.5];
            apply_power(&p, 2, steps, &mut fast, &mut scratch);
            let mut slow = [1.5, -0.5];
            for _ in 0..steps {
                let mut next = [0.0; 2];
                matvec(&p, 2, &slow, &mut next);
                slow = next;
            }
            for (a, b) in fast.iter().zip(&slow) {
                assert!(
                    (a - b).abs() <= 1e-12 * b.abs().max(1e-300),
                    "{steps}: {a} vs {b}"
                );
            }
        }
        let mut one = [2.0];
        apply_power(&[0.5], 1, 3, &mut one, &mut scratch);
        assert_eq!(one, [0.25]);
    }
}
