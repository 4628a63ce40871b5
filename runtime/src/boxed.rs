//! A boxed model is a model, a boxed synapse a synapse and a boxed coupling a coupling:
//! items chosen at run time (`Box<dyn Model>`, `Box<dyn Synapse>`, `Box<dyn Coupling>`, e.g.
//! picked by name on the command line, or interpreted) run in [`crate::Simulation`] and
//! [`crate::Network`] like any other.

use crate::coupling::{Coupling, CouplingInfo};
use crate::error::Error;
use crate::model::{Model, ModelInfo};
use crate::synapse::{Synapse, SynapseInfo};
use crate::targets::JumpTarget;

impl<M: Model + ?Sized> Model for Box<M> {
    fn info(&self) -> &'static ModelInfo {
        (**self).info()
    }
    fn len(&self) -> usize {
        (**self).len()
    }
    fn step(&mut self, t_ms: f64, dt_ms: f64, spikes: &mut Vec<u32>) {
        (**self).step(t_ms, dt_ms, spikes)
    }
    fn step_in_order(
        &mut self,
        t_ms: f64,
        dt_ms: f64,
        order: &[u32],
        before: &mut dyn FnMut(usize, &mut dyn Model),
    ) -> Result<(), Error> {
        (**self).step_in_order(t_ms, dt_ms, order, before)
    }
    fn method(&self) -> &'static str {
        (**self).method()
    }
    fn set_method(&mut self, name: &str) -> Result<(), Error> {
        (**self).set_method(name)
    }
    fn schedule(&self) -> &'static str {
        (**self).schedule()
    }
    fn set_parallel_threshold(&mut self, min_instances: usize) {
        (**self).set_parallel_threshold(min_instances)
    }
    fn set_schedule(&mut self, name: &str) -> Result<(), Error> {
        (**self).set_schedule(name)
    }
    fn state(&self, k: usize) -> &[f64] {
        (**self).state(k)
    }
    fn state_mut(&mut self, k: usize) -> &mut [f64] {
        (**self).state_mut(k)
    }
    fn input(&self, k: usize) -> &[f64] {
        (**self).input(k)
    }
    fn input_mut(&mut self, k: usize) -> &mut [f64] {
        (**self).input_mut(k)
    }
    fn swap_input(&mut self, k: usize, values: &mut Vec<f64>) {
        (**self).swap_input(k, values)
    }
    fn keep_instances(&mut self, range: std::ops::Range<usize>) -> Result<(), Error> {
        (**self).keep_instances(range)
    }
    fn output(&self, k: usize, i: usize) -> f64 {
        (**self).output(k, i)
    }
    fn set_param(&mut self, k: usize, value: f64) -> Result<(), Error> {
        (**self).set_param(k, value)
    }
    fn set_param_per_instance(&mut self, k: usize, values: Vec<f64>) -> Result<(), Error> {
        (**self).set_param_per_instance(k, values)
    }
    fn set_seed(&mut self, seed: u64) {
        (**self).set_seed(seed)
    }
    fn jump_target(&mut self, k: usize) -> JumpTarget<'_> {
        (**self).jump_target(k)
    }
    fn save_dynamic(&self) -> Vec<f64> {
        (**self).save_dynamic()
    }
    fn load_dynamic(&mut self, data: &[f64]) -> Result<(), Error> {
        (**self).load_dynamic(data)
    }
    fn reset_state(&mut self) {
        (**self).reset_state()
    }
    fn first_non_finite(&self) -> Option<(usize, usize)> {
        (**self).first_non_finite()
    }
    fn may_have_non_finite(&self) -> bool {
        (**self).may_have_non_finite()
    }
    fn mark_all_finite(&mut self) {
        (**self).mark_all_finite()
    }
}

impl<S: Synapse + ?Sized> Synapse for Box<S> {
    fn info(&self) -> &'static SynapseInfo {
        (**self).info()
    }
    fn initial_state(&self, out: &mut [f64]) {
        (**self).initial_state(out)
    }
    fn advance(&self, t_ms: f64, dt_ms: f64, state: &mut [f64], n: usize) {
        (**self).advance(t_ms, dt_ms, state, n)
    }
    fn state_jump(&self, out: &mut [f64]) {
        (**self).state_jump(out)
    }
    fn post_jump(&self, out: &mut [f64]) {
        (**self).post_jump(out)
    }
    fn inject_advance(
        &self,
        t_ms: f64,
        dt_ms: f64,
        state: &mut [f64],
        n: usize,
        post: &[&[f64]],
        out: &mut [&mut [f64]],
        scale: &[f64],
        base: Option<&[f64]>,
    ) {
        (**self).inject_advance(t_ms, dt_ms, state, n, post, out, scale, base)
    }
    fn set_param(&mut self, k: usize, value: f64) -> Result<(), Error> {
        (**self).set_param(k, value)
    }
    fn trace_init(&self, traces: &mut [f64]) {
        (**self).trace_init(traces)
    }
    fn trace_rates(&self, out: &mut [f64]) {
        (**self).trace_rates(out)
    }
    fn on_pre_row(&self, row: crate::synapse::PreRow<'_>) {
        (**self).on_pre_row(row)
    }
    fn on_post_column(&self, column: crate::synapse::PostColumn<'_>) {
        (**self).on_post_column(column)
    }
    fn advance_continuous(
        &self,
        t_ms: f64,
        dt_ms: f64,
        weights: &mut [f64],
        vars: &mut [f64],
        targets: &[u32],
        post: &[&[f64]],
        signals: &[f64],
    ) {
        (**self).advance_continuous(t_ms, dt_ms, weights, vars, targets, post, signals)
    }
}

impl<C: Coupling + ?Sized> Coupling for Box<C> {
    fn info(&self) -> &'static CouplingInfo {
        (**self).info()
    }
    fn edge(&self, pre: f64, post: f64) -> f64 {
        (**self).edge(pre, post)
    }
    fn node(&self, total: f64) -> f64 {
        (**self).node(total)
    }
    fn linear(&self) -> Option<[f64; 3]> {
        (**self).linear()
    }
    fn set_param(&mut self, k: usize, value: f64) -> Result<(), Error> {
        (**self).set_param(k, value)
    }
    fn rule_init(&self, k: usize) -> f64 {
        (**self).rule_init(k)
    }
    fn rule_rate(&self, k: usize, post: f64, states: &[f64]) -> f64 {
        (**self).rule_rate(k, post, states)
    }
    fn weight_rate(&self, w: f64, pre: f64, post: f64, states: &[f64]) -> f64 {
        (**self).weight_rate(w, pre, post, states)
    }
}
