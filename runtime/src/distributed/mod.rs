//! One network split over several processes (ranks), each holding a contiguous share of
//! every population's neurons and the synapses onto them.
//!
//! A rank steps its own neurons and exchanges their spikes with the others once per
//! *window*: the smallest delay of any projection from a population, in steps. A spike
//! emitted in a window reaches no target before the window ends, so every rank can take
//! the window's steps alone and deliver all ranks' spikes afterwards, step by step in the
//! order one process would have — the numbers do not depend on the number of ranks, bit for
//! bit. Every random stream is keyed by the global index of its neuron, and connection
//! rules are keyed by their target, so a rank draws exactly the values the whole network
//! would.
//!
//! The exchange itself is behind [`Exchange`]: [`Whole`] (one process), [`threads`]
//! (ranks as threads of one process, for tests and examples) and, with the `mpi` feature,
//! MPI (the `cajal-mpi` crate).

pub mod threads;

use std::ops::Range;
use std::sync::Arc;

use crate::error::Error;

/// What the ranks of one run share: an all-gather of whole numbers.
pub trait Exchange: Send + Sync {
    /// This process's rank, `0..ranks()`.
    fn rank(&self) -> usize;
    /// The number of ranks.
    fn ranks(&self) -> usize;
    /// Every rank's `mine`, in rank order (a collective call: every rank must make it).
    fn all_gather(&self, mine: &[u32]) -> Vec<Vec<u32>>;
}

/// One process holding the whole network.
#[derive(Clone, Copy, Debug, Default)]
pub struct Whole;

impl Exchange for Whole {
    fn rank(&self) -> usize {
        0
    }
    fn ranks(&self) -> usize {
        1
    }
    fn all_gather(&self, mine: &[u32]) -> Vec<Vec<u32>> {
        vec![mine.to_vec()]
    }
}

/// The share of a network one rank holds, and how it reaches the others.
#[derive(Clone)]
pub struct Share {
    exchange: Arc<dyn Exchange>,
}

impl std::fmt::Debug for Share {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "rank {} of {}", self.rank(), self.ranks())
    }
}

impl Default for Share {
    fn default() -> Share {
        Share::whole()
    }
}

impl Share {
    /// The whole network in this process.
    pub fn whole() -> Share {
        Share {
            exchange: Arc::new(Whole),
        }
    }

    /// This process's share among the ranks `exchange` reaches.
    pub fn new(exchange: Arc<dyn Exchange>) -> Share {
        Share { exchange }
    }

    /// This process's rank.
    pub fn rank(&self) -> usize {
        self.exchange.rank()
    }

    /// The number of ranks.
    pub fn ranks(&self) -> usize {
        self.exchange.ranks()
    }

    /// True when this process holds the whole network.
    pub fn is_whole(&self) -> bool {
        self.ranks() == 1
    }

    /// The neurons of a population of `n` that this rank holds (see [`local_range`]).
    pub fn local(&self, n: usize) -> Range<usize> {
        local_range(n, self.rank(), self.ranks())
    }

    /// Every rank's `mine`, in rank order.
    pub fn all_gather(&self, mine: &[u32]) -> Vec<Vec<u32>> {
        self.exchange.all_gather(mine)
    }

    /// Every rank's text `mine`, in rank order (a collective call).
    pub fn gather_texts(&self, mine: &str) -> Vec<String> {
        self.all_gather(&encode_text(mine))
            .iter()
            .map(|words| decode_text(words))
            .collect()
    }

    /// Every rank learns whether any failed: `Ok` when none did, else the error of this
    /// rank or, when this rank succeeded, [`Error::RankFailed`] naming the first rank that
    /// did not (with its message). A collective call.
    pub fn agree<T>(&self, result: Result<T, Error>) -> Result<T, Error> {
        if self.is_whole() {
            return result;
        }
        let mine = match &result {
            Ok(_) => vec![0],
            Err(e) => std::iter::once(1)
                .chain(encode_text(&e.to_string()))
                .collect(),
        };
        let all = self.all_gather(&mine);
        let value = result?;
        match all.iter().position(|r| r.first() == Some(&1)) {
            None => Ok(value),
            Some(rank) => Err(Error::RankFailed {
                rank,
                message: decode_text(&all[rank][1..]),
            }),
        }
    }
}

/// The neurons `start..end` of a population of `n` that rank `rank` of `ranks` holds: the
/// population cut into `ranks` contiguous blocks whose sizes differ by at most one, the
/// larger first.
pub fn local_range(n: usize, rank: usize, ranks: usize) -> Range<usize> {
    let (base, extra) = (n / ranks, n % ranks);
    let start = rank * base + rank.min(extra);
    start..start + base + usize::from(rank < extra)
}

/// A text as whole numbers (its UTF-8 bytes, four to a number, after its length).
pub(crate) fn encode_text(s: &str) -> Vec<u32> {
    let bytes = s.as_bytes();
    std::iter::once(bytes.len() as u32)
        .chain(bytes.chunks(4).map(|c| {
            let mut b = [0u8; 4];
            b[..c.len()].copy_from_slice(c);
            u32::from_le_bytes(b)
        }))
        .collect()
}

/// The text [`encode_text`] wrote.
pub(crate) fn decode_text(words: &[u32]) -> String {
    let Some((&len, rest)) = words.split_first() else {
        return String::new();
    };
    let bytes: Vec<u8> = rest.iter().flat_map(|w| w.to_le_bytes()).collect();
    String::from_utf8_lossy(&bytes[..(len as usize).min(bytes.len())]).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_ranges_cover_a_population_once_in_order() {
        for n in [0, 1, 5, 77, 1000] {
            for ranks in 1..=5 {
                let mut next = 0;
                for rank in 0..ranks {
                    let r = local_range(n, rank, ranks);
                    assert_eq!(r.start, next);
                    assert!(r.len() == n / ranks || r.len() == n / ranks + 1);
                    next = r.end;
                }
                assert_eq!(next, n);
            }
        }
    }

    #[test]
    fn texts_survive_their_encoding() {
        for s in ["", "a", "abcd", "rank 1: `E.v` became NaN — ☂"] {
            assert_eq!(decode_text(&encode_text(s)), s);
        }
    }
}
