//! Checkpoints: a network's dynamic state in a file, to resume a run bit for bit.
//!
//! The file holds, after the magic `CAJALCHK` and a format version (2), named sections of
//! f64 values (little-endian): the step count and dt, then each population's and each
//! projection's dynamic state; it ends with the CRC-32 of everything before it. The
//! network's structure (populations, parameters, synapses, stimuli) is not saved: resume
//! into a network built by the same code, and the names and sizes are checked. Every
//! restored value is validated (finite; steps, counters and spike indices whole and in
//! range) before anything changes, so a damaged file is an error, never a panic later.
//! Recorded spikes and monitors are outputs and stay with the run that produced them.
//!
//! A network split over ranks writes one file per rank (`path.rank0`, `path.rank1`, …),
//! with a section `ranks` (this rank, the number of ranks) after the time: it resumes with
//! the same number of ranks.

use std::path::Path;

use super::Network;
use crate::error::Error;
use crate::output::write_atomically;

const MAGIC: &[u8; 8] = b"CAJALCHK";
const VERSION: u32 = 2;

/// Builds a checkpoint file in memory.
pub(crate) struct Writer(Vec<u8>);

impl Writer {
    pub fn new() -> Writer {
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&VERSION.to_le_bytes());
        Writer(bytes)
    }

    /// Appends a section: its name and values.
    pub fn section(&mut self, name: &str, values: &[f64]) {
        self.0.extend_from_slice(&(name.len() as u64).to_le_bytes());
        self.0.extend_from_slice(name.as_bytes());
        self.0
            .extend_from_slice(&(values.len() as u64).to_le_bytes());
        for v in values {
            self.0.extend_from_slice(&v.to_le_bytes());
        }
    }

    /// Appends the checksum and writes the file atomically.
    pub fn write(mut self, path: &Path) -> Result<(), Error> {
        let crc = crc32fast::hash(&self.0);
        self.0.extend_from_slice(&crc.to_le_bytes());
        write_atomically(path, &self.0)
    }
}

/// Reads a checkpoint file section by section.
pub(crate) struct Reader {
    path: String,
    bytes: Vec<u8>,
    at: usize,
}

impl Reader {
    pub fn open(path: &Path) -> Result<Reader, Error> {
        let shown = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: shown.clone(),
            source,
        })?;
        let mut r = Reader {
            path: shown,
            bytes,
            at: 0,
        };
        if r.take(8)? != MAGIC {
            return Err(r.bad("not a Cajal checkpoint"));
        }
        let version = u32::from_le_bytes(r.take(4)?.try_into().expect("4 bytes"));
        if version != VERSION {
            return Err(r.bad(&format!(
                "checkpoint format {version}, but this build reads format {VERSION}; write the checkpoint again with this build"
            )));
        }
        // The trailer: the CRC-32 of everything before it.
        if r.bytes.len() < 16 {
            return Err(r.bad("the file ends early"));
        }
        let (body, trailer) = r.bytes.split_at(r.bytes.len() - 4);
        let saved = u32::from_le_bytes(trailer.try_into().expect("4 bytes"));
        if crc32fast::hash(body) != saved {
            return Err(r.bad("the checksum does not match: the file is damaged"));
        }
        r.bytes.truncate(r.bytes.len() - 4);
        Ok(r)
    }

    fn bad(&self, message: &str) -> Error {
        Error::Parse {
            path: self.path.clone(),
            line: 0,
            message: message.to_string(),
        }
    }

    fn take(&mut self, k: usize) -> Result<&[u8], Error> {
        if self.bytes.len() - self.at < k {
            return Err(self.bad("the file ends early"));
        }
        self.at += k;
        Ok(&self.bytes[self.at - k..self.at])
    }

    fn u64(&mut self) -> Result<u64, Error> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().expect("8 bytes"),
        ))
    }

    /// Whether the next section is called `name`.
    pub fn next_is(&self, name: &str) -> bool {
        let at = self.at;
        let Some(len) = self.bytes.get(at..at + 8) else {
            return false;
        };
        let len = u64::from_le_bytes(len.try_into().expect("8 bytes")) as usize;
        self.bytes.get(at + 8..at + 8 + len.min(64)) == Some(name.as_bytes())
    }

    /// The next section, which must be called `name`.
    pub fn section(&mut self, name: &str) -> Result<Vec<f64>, Error> {
        let len = self.u64()? as usize;
        let found = String::from_utf8_lossy(self.take(len)?).into_owned();
        if found != name {
            return Err(self.bad(&format!(
                "expected section `{name}`, found `{found}`: the network differs from the one saved"
            )));
        }
        let n = self.u64()? as usize;
        if n > (self.bytes.len() - self.at) / 8 {
            return Err(self.bad("the file ends early"));
        }
        let raw = self.take(n * 8)?;
        Ok(raw
            .chunks_exact(8)
            .map(|c| f64::from_le_bytes(c.try_into().expect("8 bytes")))
            .collect())
    }
}

impl Network {
    /// Writes the network's dynamic state to `path` (atomically): time, every population's
    /// state, inputs and counters, every projection's summed state, traces and spikes in
    /// flight, the history of delayed rate projections and the weights of plastic ones. Resume with [`Network::restore`] into a network built the same way.
    pub fn checkpoint(&self, path: impl AsRef<std::path::Path>) -> Result<(), Error> {
        let mut w = Writer::new();
        w.section("time", &[self.step as f64, self.dt_ms]);
        if self.split.is_some() {
            self.check_settled()?;
            let share = self.share();
            w.section("ranks", &[share.rank() as f64, share.ranks() as f64]);
        }
        for pop in &self.pops {
            w.section(
                &format!("population {}", pop.name),
                &pop.model.save_dynamic(),
            );
        }
        for (_, proj) in &self.projections {
            w.section(&format!("projection {}", proj.name), &proj.save_dynamic());
        }
        for proj in self
            .rate_projections
            .iter()
            .filter(|p| p.has_dynamic_state())
        {
            w.section(
                &format!("rate projection {}", proj.name),
                &proj.save_dynamic(),
            );
        }
        w.write(&self.rank_path(path.as_ref()))
    }

    /// Where this rank's checkpoint goes: `path` itself unless the network is split over
    /// more than one rank, then `path.rank<r>`.
    fn rank_path(&self, path: &Path) -> std::path::PathBuf {
        let share = self.share();
        if share.is_whole() {
            return path.to_path_buf();
        }
        let mut name = path.as_os_str().to_owned();
        name.push(format!(".rank{}", share.rank()));
        name.into()
    }

    /// Restores a checkpoint written by [`Network::checkpoint`] of a network built the same
    /// way (names, sizes and dt are checked); the run then continues bit for bit.
    pub fn restore(&mut self, path: impl AsRef<std::path::Path>) -> Result<(), Error> {
        let mut r = Reader::open(&self.rank_path(path.as_ref()))?;
        let time = r.section("time")?;
        let [step, dt] = time[..] else {
            return Err(Error::Incompatible {
                what: "checkpoint".into(),
                message: "the time section is malformed".into(),
            });
        };
        if !crate::saved_state::whole_in(step, 0.0, crate::steps::MAX_STEPS as f64) {
            return Err(Error::Incompatible {
                what: "checkpoint".into(),
                message: format!("the step count is {step}, not a whole number of steps"),
            });
        }
        if dt != self.dt_ms {
            return Err(Error::Incompatible {
                what: "checkpoint".into(),
                message: format!(
                    "saved with dt = {dt} ms, but this network has {} ms",
                    self.dt_ms
                ),
            });
        }
        let share = self.share();
        let saved = match r.next_is("ranks") {
            true => r.section("ranks")?,
            false => vec![0.0, 1.0],
        };
        if saved != [share.rank() as f64, share.ranks() as f64] {
            return Err(Error::Incompatible {
                what: "checkpoint".into(),
                message: format!(
                    "written by rank {} of {}, but this is rank {} of {}: resume with the number of ranks that wrote it",
                    saved.first().copied().unwrap_or(f64::NAN),
                    saved.get(1).copied().unwrap_or(f64::NAN),
                    share.rank(),
                    share.ranks()
                ),
            });
        }
        // Read everything before changing anything, so a bad file leaves the network as it was.
        let pops: Vec<Vec<f64>> = self
            .pops
            .iter()
            .map(|p| r.section(&format!("population {}", p.name)))
            .collect::<Result<_, _>>()?;
        let projs: Vec<Vec<f64>> = self
            .projections
            .iter()
            .map(|(_, p)| r.section(&format!("projection {}", p.name)))
            .collect::<Result<_, _>>()?;
        let rates: Vec<Vec<f64>> = self
            .rate_projections
            .iter()
            .map(|p| match p.has_dynamic_state() {
                true => r.section(&format!("rate projection {}", p.name)),
                false => Ok(Vec::new()),
            })
            .collect::<Result<_, _>>()?;
        let saved_pops: Vec<Vec<f64>> = self.pops.iter().map(|p| p.model.save_dynamic()).collect();
        let saved_projs: Vec<Vec<f64>> = self
            .projections
            .iter()
            .map(|(_, p)| p.save_dynamic())
            .collect();
        let saved_rates: Vec<Vec<f64>> = self
            .rate_projections
            .iter()
            .map(|p| p.save_dynamic())
            .collect();
        let mut result = Ok(());
        for (proj, data) in self.rate_projections.iter_mut().zip(&rates) {
            result = result.and_then(|_| proj.load_dynamic(data));
        }
        for (pop, data) in self.pops.iter_mut().zip(&pops) {
            result = result.and_then(|_| pop.model.load_dynamic(data));
        }
        for ((_, proj), data) in self.projections.iter_mut().zip(&projs) {
            result = result.and_then(|_| proj.load_dynamic(data));
        }
        if let Err(e) = result {
            for (pop, data) in self.pops.iter_mut().zip(&saved_pops) {
                pop.model
                    .load_dynamic(data)
                    .expect("the state it saved itself");
            }
            for ((_, proj), data) in self.projections.iter_mut().zip(&saved_projs) {
                proj.load_dynamic(data).expect("the state it saved itself");
            }
            for (proj, data) in self.rate_projections.iter_mut().zip(&saved_rates) {
                proj.load_dynamic(data).expect("the state it saved itself");
            }
            return Err(e);
        }
        self.step = step as u64;
        self.drop_pending();
        for (_, g) in &mut self.generators {
            g.rewind();
        }
        Ok(())
    }
}
