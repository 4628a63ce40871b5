//! The order in which a projection stores its synapses: by source, then by delay, keeping
//! the given order among synapses of one source and delay (so each target's additions keep
//! their order). Two stable counting sorts, linear in the number of synapses: a comparison
//! sort of the indices was a third of the build time of the cortical microcircuit.

/// The synapse indices sorted by (`pre[s]`, `steps[s]`), stable: the order of
/// `sort_by_key(|&s| (pre[s], steps[s]))` on `0..pre.len()`. Sources are below `n_pre`.
/// Indices are `u32`, as the synapse table's rows are.
pub(super) fn by_source_then_delay(pre: &[u32], n_pre: usize, steps: Option<&[u16]>) -> Vec<u32> {
    let n = u32::try_from(pre.len()).expect("a projection holds fewer than 2^32 synapses");
    let identity: Vec<u32> = (0..n).collect();
    let by_delay = match steps {
        Some(st) => {
            let buckets = st.iter().copied().max().map_or(0, usize::from) + 1;
            counting_sort(identity, buckets, |s| usize::from(st[s as usize]))
        }
        None => identity,
    };
    counting_sort(by_delay, n_pre, |s| pre[s as usize] as usize)
}

/// `order` stably sorted by `key`, whose values are below `buckets`.
fn counting_sort(order: Vec<u32>, buckets: usize, key: impl Fn(u32) -> usize) -> Vec<u32> {
    if buckets <= 1 {
        return order;
    }
    let mut next = vec![0usize; buckets];
    for &s in &order {
        next[key(s)] += 1;
    }
    let mut start = 0;
    for slot in &mut next {
        let count = *slot;
        *slot = start;
        start += count;
    }
    let mut sorted = vec![0u32; order.len()];
    for &s in &order {
        let k = key(s);
        sorted[next[k]] = s;
        next[k] += 1;
    }
    sorted
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_order_is_that_of_a_stable_sort(
            synapses in proptest::collection::vec((0u32..20, 0u16..6), 0..300),
            with_delays: bool,
        ) {
            let pre: Vec<u32> = synapses.iter().map(|s| s.0).collect();
            let steps: Vec<u16> = synapses.iter().map(|s| s.1).collect();
            let mut expected: Vec<u32> = (0..pre.len() as u32).collect();
            if with_delays {
                expected.sort_by_key(|&s| (pre[s as usize], steps[s as usize]));
            } else {
                expected.sort_by_key(|&s| pre[s as usize]);
            }
            let steps = with_delays.then_some(&steps[..]);
            prop_assert_eq!(by_source_then_delay(&pre, 20, steps), expected);
        }
    }
}
