//! The spike exchange over MPI (rsmpi on the system's Open MPI): an all-gather of each
//! rank's words, their counts gathered first.

use std::sync::Arc;

use cajal_runtime::distributed::{Exchange, Share};
use mpi::datatype::PartitionMut;
use mpi::environment::Universe;
use mpi::topology::SimpleCommunicator;
use mpi::traits::*;

use crate::failure::Failure;

/// MPI, initialised for this process (finalised when dropped).
pub struct Environment {
    universe: Universe,
}

impl Environment {
    /// Initialises MPI when a launcher started this process, else `None`. MPI is called
    /// from whichever thread steps the network, one call at a time: it must provide at least
    /// `MPI_THREAD_SERIALIZED`.
    pub fn join() -> Result<Option<Environment>, Failure> {
        if !super::under_mpirun() {
            return Ok(None);
        }
        let Some((universe, threading)) =
            mpi::initialize_with_threading(mpi::Threading::Serialized)
        else {
            return Err(Failure("error: MPI could not be initialised".into()));
        };
        if threading < mpi::Threading::Serialized {
            return Err(Failure(format!(
                "error: this MPI provides {threading:?} threading, but Cajal needs at least Serialized"
            )));
        }
        Ok(Some(Environment { universe }))
    }

    /// This rank's share of a network.
    pub fn share(&self) -> Share {
        Share::new(Arc::new(World(self.universe.world())))
    }
}

/// Stops every rank of the job with exit code `code`.
pub fn abort(code: i32) -> ! {
    SimpleCommunicator::world().abort(code)
}

/// `MPI_COMM_WORLD`.
struct World(SimpleCommunicator);

// SAFETY: MPI was initialised with `MPI_THREAD_SERIALIZED` (checked in `join`), so any
// thread may call it as long as calls do not overlap; a network makes its exchanges one
// after the other from the thread that steps it, and `Share` is used by one network.
#[allow(unsafe_code)]
unsafe impl Send for World {}
// SAFETY: as for `Send`: the communicator is only used by one call at a time.
#[allow(unsafe_code)]
unsafe impl Sync for World {}

impl Exchange for World {
    fn rank(&self) -> usize {
        self.0.rank() as usize
    }

    fn ranks(&self) -> usize {
        self.0.size() as usize
    }

    fn all_gather(&self, mine: &[u32]) -> Vec<Vec<u32>> {
        let ranks = self.ranks();
        let mut counts = vec![0i32; ranks];
        self.0
            .all_gather_into(&(mine.len() as i32), &mut counts[..]);
        let starts: Vec<i32> = counts
            .iter()
            .scan(0, |next, &c| {
                let start = *next;
                *next += c;
                Some(start)
            })
            .collect();
        let total = counts.iter().map(|&c| c as usize).sum();
        let mut all = vec![0u32; total];
        {
            let mut parts = PartitionMut::new(&mut all[..], &counts[..], &starts[..]);
            self.0.all_gather_varcount_into(mine, &mut parts);
        }
        starts
            .iter()
            .zip(&counts)
            .map(|(&s, &c)| all[s as usize..(s + c) as usize].to_vec())
            .collect()
    }
}
