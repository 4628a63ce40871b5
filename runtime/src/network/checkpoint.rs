//! Checkpoints: a network's dynamic state in a file, to resume a run bit for bit.
//!
//! The file holds, after the magic `CAJALCHK` and a format version, named sections of f64
//! values (little-endian): the step count and dt, then each population's and each
//! projection's dynamic state. The network's structure (populations, parameters, synapses,
//! stimuli) is not saved: resume into a network built by the same code, and the names and
//! sizes are checked. Recorded spikes and monitors are outputs and stay with the run that
//! produced them.

use std::path::Path;

use crate::error::Error;
use crate::output::write_atomically;

const MAGIC: &[u8; 8] = b"CAJALCHK";
const VERSION: u32 = 1;

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

    /// Writes the file atomically.
    pub fn write(self, path: &Path) -> Result<(), Error> {
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
                "checkpoint format {version}, but this build reads format {VERSION}"
            )));
        }
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
