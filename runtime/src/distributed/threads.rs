//! Ranks as threads of one process: the same exchange as MPI's, for a run on several cores
//! of one machine (`cajal simulate --threads N`), tests and examples. The threads live for
//! the run and meet at each exchange; a rank that arrives first spins briefly (the others
//! are usually microseconds behind) before it sleeps, when there is a core for each rank.
//! A rank that panics makes the others' next exchange panic too, so a failure never leaves
//! the others waiting.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use crate::parallel::{spin_limit, spin_while};

use super::{Exchange, Share};

/// What the threads of one run share.
struct Meeting {
    ranks: usize,
    /// How long a rank that waits for the others spins before it sleeps: zero when the
    /// ranks outnumber the cores (a spinning rank would hold a core another needs).
    spin: Duration,
    /// The number of exchanges completed (`Round::number`), read without the lock by the
    /// ranks that spin.
    completed: AtomicU64,
    state: Mutex<Round>,
    changed: Condvar,
}

#[derive(Default)]
struct Round {
    /// Which exchange this is (counts up).
    number: u64,
    /// What each rank brought to this exchange.
    slots: Vec<Option<Vec<u32>>>,
    /// The last complete exchange, read by the ranks that waited for it.
    done: Arc<Vec<Vec<u32>>>,
    /// Set when a rank panicked: every exchange then panics.
    broken: bool,
    /// Ranks asleep on `Meeting::changed` (the last rank to arrive wakes them).
    sleeping: usize,
}

impl Meeting {
    /// Spins until exchange `number` completes or [`Meeting::spin`] has passed.
    fn spin_while_pending(&self, number: u64) {
        spin_while(
            || self.completed.load(Ordering::Acquire) == number,
            self.spin,
        );
    }
}

/// One thread's rank in a [`run`].
struct ThreadRank {
    rank: usize,
    meeting: Arc<Meeting>,
}

impl Exchange for ThreadRank {
    fn rank(&self) -> usize {
        self.rank
    }

    fn ranks(&self) -> usize {
        self.meeting.ranks
    }

    fn all_gather(&self, mine: &[u32]) -> Vec<Vec<u32>> {
        let m = &self.meeting;
        let mut round = m.state.lock().unwrap_or_else(|e| e.into_inner());
        assert!(!round.broken, "another rank failed");
        let number = round.number;
        round.slots[self.rank] = Some(mine.to_vec());
        if round.slots.iter().all(Option::is_some) {
            let all = round.slots.iter_mut().map(|s| s.take().unwrap_or_default());
            round.done = Arc::new(all.collect());
            round.number += 1;
            m.completed.store(round.number, Ordering::Release);
            if round.sleeping > 0 {
                m.changed.notify_all();
            }
            return round.done.as_ref().clone();
        }
        drop(round);
        m.spin_while_pending(number);
        let mut round = m.state.lock().unwrap_or_else(|e| e.into_inner());
        while round.number == number && !round.broken {
            round.sleeping += 1;
            round = m.changed.wait(round).unwrap_or_else(|e| e.into_inner());
            round.sleeping -= 1;
        }
        assert!(!round.broken, "another rank failed");
        round.done.as_ref().clone()
    }
}

/// Marks the meeting broken when its rank's thread unwinds.
struct BreakOnPanic(Arc<Meeting>);

impl Drop for BreakOnPanic {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let mut round = self.0.state.lock().unwrap_or_else(|e| e.into_inner());
            round.broken = true;
            self.0.changed.notify_all();
        }
    }
}

/// Runs `f` once per rank, each on its own thread with its [`Share`] of `ranks`, and returns
/// what each returned, in rank order. A panic in one rank is re-raised here after every rank
/// has stopped.
pub fn run<T: Send>(ranks: usize, f: impl Fn(Share) -> T + Sync) -> Vec<T> {
    assert!(ranks > 0, "a run needs at least one rank");
    let meeting = Arc::new(Meeting {
        ranks,
        spin: spin_limit(ranks),
        completed: AtomicU64::new(0),
        state: Mutex::new(Round {
            slots: vec![None; ranks],
            ..Round::default()
        }),
        changed: Condvar::new(),
    });
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..ranks)
            .map(|rank| {
                let meeting = meeting.clone();
                let f = &f;
                scope.spawn(move || {
                    let _guard = BreakOnPanic(meeting.clone());
                    f(Share::new(Arc::new(ThreadRank { rank, meeting })))
                })
            })
            .collect();
        let results: Vec<_> = handles.into_iter().map(|h| h.join()).collect();
        results
            .into_iter()
            .map(|r| r.unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rank_sees_every_ranks_words_in_rank_order() {
        let seen = run(3, |share| {
            let r = share.rank() as u32;
            let first = share.all_gather(&vec![r; share.rank() + 1]);
            let second = share.all_gather(&[10 + r]);
            (first, second)
        });
        for (first, second) in seen {
            assert_eq!(first, vec![vec![0], vec![1, 1], vec![2, 2, 2]]);
            assert_eq!(second, vec![vec![10], vec![11], vec![12]]);
        }
    }

    /// Ranks that arrive microseconds apart (the first spins) and a millisecond apart (the
    /// first sleeps until the last wakes it) see the same complete rounds, in order.
    #[test]
    fn every_round_completes_whether_the_first_rank_spins_or_sleeps() {
        let seen = run(2, |share| {
            let rank = share.rank() as u32;
            (0..400u32)
                .map(|round| {
                    if rank == 1 && round % 50 == 0 {
                        std::thread::sleep(Duration::from_millis(1));
                    }
                    share.all_gather(&[round, rank])
                })
                .collect::<Vec<_>>()
        });
        for rounds in seen {
            for (round, all) in rounds.iter().enumerate() {
                assert_eq!(all, &[vec![round as u32, 0], vec![round as u32, 1]]);
            }
        }
    }

    #[test]
    fn a_rank_that_panics_stops_the_others_instead_of_leaving_them_waiting() {
        let outcome = std::panic::catch_unwind(|| {
            run(2, |share| {
                if share.rank() == 1 {
                    panic!("rank 1 fails on purpose");
                }
                share.all_gather(&[1]);
                share.all_gather(&[2]);
            })
        });
        assert!(outcome.is_err());
    }

    #[test]
    fn every_rank_sees_every_ranks_text_in_rank_order() {
        let seen = run(3, |share| {
            let mine = ["", "ω = 2 rad/s", "{\"members\": [1, 2, 3]}"][share.rank()];
            share.gather_texts(mine)
        });
        for texts in seen {
            assert_eq!(texts, ["", "ω = 2 rad/s", "{\"members\": [1, 2, 3]}"]);
        }
    }

    #[test]
    fn agree_tells_every_rank_which_rank_failed() {
        let results = run(3, |share| {
            let mine: Result<(), crate::Error> = if share.rank() == 2 {
                Err(crate::Error::InvalidTime {
                    message: "bad time".into(),
                })
            } else {
                Ok(())
            };
            share.agree(mine).map_err(|e| e.to_string())
        });
        assert_eq!(results[0], Err("rank 2 failed: bad time".to_string()));
        assert_eq!(results[1], results[0]);
        assert_eq!(results[2], Err("bad time".to_string()));
    }
}
