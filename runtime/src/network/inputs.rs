//! Input assembly: the inputs a network sets every step (a stimulus or base value plus what
//! projections inject), built in buffers of the network and swapped into the models.

use super::{Network, Population};
use crate::stimulus::Stimulus;

/// An input the network sets every step: reset to its stimulus (or base value) in `next`,
/// synaptic input added to it there, then swapped into the model for the model's step.
pub(super) struct ManagedInput {
    pub(super) input: usize,
    pub(super) base: Vec<f64>,
    /// The value of every element of `base`, when they are all the same (a fill is cheaper
    /// than a copy).
    pub(super) uniform_base: Option<f64>,
    pub(super) stimulus: Option<Stimulus>,
    /// The values being assembled for the next step (one per neuron).
    pub(super) next: Vec<f64>,
    /// Whether `next` has been set in this step.
    pub(super) set: bool,
}

impl ManagedInput {
    /// Sets `next` to the stimulus or base value of step `n`.
    fn reset(&mut self, n: u64, dt: f64) {
        match (&self.stimulus, self.uniform_base) {
            (Some(s), _) => s.apply(n, dt, &mut self.next),
            (None, Some(x)) => self.next.fill(x),
            (None, None) => self.next.copy_from_slice(&self.base),
        }
        self.set = true;
    }
}

/// The base values of the managed inputs at `slots` when a projection can write them as
/// base + injection: none is set yet in this step, none has a stimulus, each has one base
/// value (and there are at most four). Otherwise `None`: they are reset first.
#[inline]
fn first_writer_bases(managed: &[ManagedInput], slots: &[usize]) -> Option<[f64; 4]> {
    let mut bases = [0.0; 4];
    if slots.len() > bases.len() {
        return None;
    }
    for (base, &slot) in bases.iter_mut().zip(slots) {
        let m = &managed[slot];
        *base = m.uniform_base.filter(|_| !m.set && m.stimulus.is_none())?;
    }
    Some(bases)
}

/// The `next` buffers of some managed inputs, in a given order.
struct NextBuffers<'a> {
    fixed: [&'a mut [f64]; 4],
    many: Vec<&'a mut [f64]>,
    len: usize,
}

impl<'a> NextBuffers<'a> {
    /// Room for `len` buffers.
    fn new(len: usize) -> Self {
        NextBuffers {
            fixed: Default::default(),
            many: if len > 4 {
                (0..len).map(|_| Default::default()).collect()
            } else {
                Vec::new()
            },
            len,
        }
    }

    /// Takes the buffers of the managed inputs at the distinct positions `slots`. (Filled in
    /// place: moving the filled struct would cost a store-forwarding stall.)
    fn pick(&mut self, managed: &'a mut [ManagedInput], slots: &[usize]) {
        for (k, m) in managed.iter_mut().enumerate() {
            if let Some(slot) = slots.iter().position(|&s| s == k) {
                self.as_mut()[slot] = &mut m.next;
            }
        }
    }

    fn as_mut(&mut self) -> &mut [&'a mut [f64]] {
        if self.many.is_empty() {
            &mut self.fixed[..self.len]
        } else {
            &mut self.many
        }
    }
}

impl Network {
    /// Phase 1 of a step: every managed input starts from its stimulus or base value, each
    /// projection adds what its synapse injects (and advances its summed state and per-synapse
    /// variables), each rate projection adds its coupling, and the buffers are swapped into
    /// the models. The first projection into inputs with one base value sets them to
    /// base + injection (no separate fill).
    pub(super) fn assemble_inputs(&mut self, t: f64, dt: f64, n: u64) {
        // inputs with one base value sets them to base + injection (no separate fill).
        for pop in &mut self.pops {
            for m in &mut pop.managed {
                m.set = false;
            }
        }
        for (_, proj) in &mut self.projections {
            if proj.is_idle() {
                continue;
            }
            let Population { model, managed, .. } = &mut self.pops[proj.target];
            let slots = proj.inject_slots();
            let bases = first_writer_bases(managed, slots);
            for &slot in slots {
                let m = &mut managed[slot];
                if !m.set && bases.is_none() {
                    m.reset(n, dt);
                }
                m.set = true;
            }
            let mut out = NextBuffers::new(slots.len());
            out.pick(managed, slots);
            let base = bases.as_ref().map(|b| &b[..slots.len()]);
            proj.inject_advance(t, dt, &**model, out.as_mut(), base);
            proj.advance_per_synapse(n, t, &**model);
        }
        for proj in &mut self.rate_projections {
            let (target, slot) = (proj.target, proj.slot);
            let (source, target_model) =
                (&*self.pops[proj.source].model, &*self.pops[target].model);
            let values = proj.compute(n, source, target_model);
            let m = &mut self.pops[target].managed[slot];
            if !m.set {
                m.reset(n, dt);
            }
            for (x, c) in m.next.iter_mut().zip(values) {
                *x += c;
            }
        }
        for pop in &mut self.pops {
            for m in &mut pop.managed {
                if !m.set {
                    m.reset(n, dt);
                }
                pop.model.swap_input(m.input, &mut m.next);
            }
        }
    }
}
