//! A fixed sequence of plastic visits for comparing two implementations of one synapse:
//! source 0 of two has synapses 0, 1, 2 onto targets 4, 0, 4 of five; spikes of the source
//! (row visits) and of target 4 (column visits) take turns for 20 visits.

use cajal_runtime::synapse::{PostColumn, PreRow, Synapse, TraceScope};

/// After each visit: the weights, per-synapse, per-source and per-target variables, summed
/// states and `post` increments.
pub type VisitLog = Vec<[Vec<f64>; 6]>;

/// The visits run on `s`, with the values the synapse reads of `signals`.
pub fn visit_log(s: &dyn Synapse, signals: &[f64]) -> VisitLog {
    let info = s.info();
    let n = 5;
    let (ns, np) = (info.states.len(), info.post.len());
    let scoped = |scope| info.trace_scopes.iter().filter(|&&x| x == scope).count();
    let k_own = scoped(TraceScope::Synapse) + info.continuous.len();
    let (k_pre, k_post) = (scoped(TraceScope::Pre), scoped(TraceScope::Post));
    let mut w = vec![0.4, 1.5, -0.2];
    let mut own: Vec<f64> = (0..3 * k_own).map(|k| 0.3 * k as f64 - 0.5).collect();
    let mut pre: Vec<f64> = (0..2 * k_pre).map(|k| 0.2 * k as f64 + 0.1).collect();
    let mut post: Vec<f64> = (0..n * k_post).map(|k| 0.1 * k as f64).collect();
    let (mut summed, mut post_inc) = (vec![0.0; ns * n], vec![0.0; np * 3]);
    let mut log = Vec::new();
    for k in 0..20 {
        if k % 3 == 0 {
            s.on_post_column(PostColumn {
                weights: &mut w,
                own: &mut own,
                synapses: &[0, 2],
                sources: &[0, 0],
                pre: &pre,
                target: &mut post[4 * k_post..5 * k_post],
                signals,
            });
        } else {
            s.on_pre_row(PreRow {
                weights: &mut w,
                targets: &[4, 0, 4],
                own: &mut own,
                source: &mut pre[..k_pre],
                post: &post,
                summed: &mut summed,
                n,
                post_inc: &mut post_inc,
                signals,
            });
        }
        log.push([&w, &own, &pre, &post, &summed, &post_inc].map(|v| v.to_vec()));
    }
    log
}
