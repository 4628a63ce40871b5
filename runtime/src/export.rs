//! A [`Recording`] in the formats analysis tools read: JSON, long-format CSV, NumPy `.npy`
//! files in a directory, or one `.npz` archive. Every file is written atomically.
//!
//! Every time is written with its step index (the exact value: time = step · dt) and rounded to
//! the decimals of the time step (103.6, not 103.60000000000001).
//!
//! JSON: `{"model", "dt_ms", "every" (record stride in steps), "steps" and "t_ms" (sample
//! steps and times, from 0 with the initial state), "units" ({variable: unit}), "vars"
//! ({variable: [instance][sample]}), "spikes": {"index": [...], "step": [...], "time_ms":
//! [...]}}`.
//! Long CSV: `variable,unit,instance,step,t_ms,value` per sample, then one
//! `spike,,instance,step,t_ms,1` row per spike. A network's recording also lists its
//! `populations` (JSON: `name`, `first` neuron index, `size`). NumPy: `steps` (int64) and
//! `t_ms` (samples), one `<variable>` array per recorded variable (instances × samples,
//! float64), `spike_index` and `spike_step` (int64), and `spike_time_ms` (float64).
//! A variable recorded twice, or named as an array the format has of its own, is refused
//! ([`check_output`] says so before a run).

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

use crate::error::Error;
use crate::output::{check_writable, write_atomically, write_dir_atomically};
use crate::recording::Recording;

/// One NumPy array: float64 or int64 values, C order.
enum Array {
    F64(Vec<usize>, Vec<f64>),
    I64(Vec<usize>, Vec<i64>),
}

/// The bytes of a version 1.0 `.npy` file holding `array`.
fn npy_bytes(array: &Array) -> Vec<u8> {
    let (descr, shape, body): (&str, &[usize], Vec<u8>) = match array {
        Array::F64(shape, data) => (
            "<f8",
            shape,
            data.iter().flat_map(|x| x.to_le_bytes()).collect(),
        ),
        Array::I64(shape, data) => (
            "<i8",
            shape,
            data.iter().flat_map(|x| x.to_le_bytes()).collect(),
        ),
    };
    let dims: Vec<String> = shape.iter().map(|d| d.to_string()).collect();
    let shape_text = match dims.len() {
        1 => format!("({},)", dims[0]),
        _ => format!("({})", dims.join(", ")),
    };
    let mut header =
        format!("{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape_text}, }}");
    // Magic (6) + version (2) + header length (2) + header, padded with spaces to a multiple
    // of 64 bytes and ended by a newline.
    let unpadded = 10 + header.len() + 1;
    header.push_str(&" ".repeat((64 - unpadded % 64) % 64));
    header.push('\n');
    let mut out = b"\x93NUMPY\x01\x00".to_vec();
    out.extend_from_slice(&(header.len() as u16).to_le_bytes());
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(&body);
    out
}

/// Array names every `.npy`/`.npz` output has besides the recorded variables.
const ARRAY_NAMES: &[&str] = &[
    "steps",
    "t_ms",
    "spike_index",
    "spike_step",
    "spike_time_ms",
];

/// The output formats, by extension.
pub const OUTPUT_EXTENSIONS: &[&str] = &["json", "csv", "npz", "npy"];

/// Where a recording written to `path` ends up: `path`, or for `.npy` the directory of that
/// name without the extension.
pub fn output_location(path: &Path) -> PathBuf {
    if path.extension().and_then(|e| e.to_str()) == Some("npy") {
        path.with_extension("")
    } else {
        path.to_path_buf()
    }
}

/// Checks that variables named `names` can be written in format `ext`: no name twice, and
/// none that the format uses for its own data (the arrays of `.npy`/`.npz`, the `spike` rows
/// of `.csv`).
fn check_names(names: &[String], ext: &str) -> Result<(), Error> {
    let clash = |message: String| Error::Incompatible {
        what: format!(".{ext} output"),
        message,
    };
    for (k, name) in names.iter().enumerate() {
        if names[..k].contains(name) {
            return Err(clash(format!("`{name}` is recorded twice")));
        }
        let reserved = match ext {
            "npy" | "npz" => ARRAY_NAMES.contains(&name.as_str()),
            "csv" => name == "spike",
            _ => false,
        };
        if reserved {
            return Err(clash(format!(
                "a variable named `{name}` would take the place of the output's own `{name}`; write .json, or rename the variable"
            )));
        }
    }
    Ok(())
}

/// Checks before a run that a recording of the variables `names` can be written to `path`:
/// the format, the folder, and the names (see [`Recording::write`]).
pub fn check_output(path: &Path, names: &[String]) -> Result<(), Error> {
    let location = output_location(path);
    let as_dir = (location != path).then_some(location.as_path());
    check_writable(path, "output", OUTPUT_EXTENSIONS, as_dir)?;
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    check_names(names, ext)
}

impl Recording {
    /// The arrays written to `.npy`/`.npz`, by name.
    fn arrays(&self) -> Vec<(String, Array)> {
        let samples = self.t_ms.len();
        let steps = self.sample_steps().into_iter().map(|s| s as i64).collect();
        let mut out = vec![
            ("steps".to_string(), Array::I64(vec![samples], steps)),
            (
                "t_ms".to_string(),
                Array::F64(vec![samples], self.sample_times_ms()),
            ),
        ];
        for (name, values) in self.names.iter().zip(&self.values) {
            let block = values.as_slice().to_vec();
            out.push((name.clone(), Array::F64(vec![values.len(), samples], block)));
        }
        let n = self.spikes.len();
        out.push((
            "spike_index".into(),
            Array::I64(
                vec![n],
                self.spikes.iter().map(|(i, _)| *i as i64).collect(),
            ),
        ));
        out.push((
            "spike_step".into(),
            Array::I64(
                vec![n],
                self.spikes.iter().map(|(_, s)| *s as i64).collect(),
            ),
        ));
        out.push((
            "spike_time_ms".into(),
            Array::F64(vec![n], self.all_spike_times_ms()),
        ));
        out
    }

    /// The recording as JSON (see the [module documentation](self)).
    pub fn to_json(&self) -> String {
        let mut units = Map::new();
        let mut vars = Map::new();
        for ((name, unit), values) in self.names.iter().zip(&self.units).zip(&self.values) {
            units.insert(name.clone(), json!(unit));
            vars.insert(name.clone(), json!(values.iter().collect::<Vec<_>>()));
        }
        let mut doc = json!({
            "model": self.model,
            "dt_ms": self.dt_ms,
            "every": self.every,
            "steps": self.sample_steps(),
            "t_ms": self.sample_times_ms(),
            "units": Value::Object(units),
            "vars": Value::Object(vars),
            "spikes": {
                "index": self.spikes.iter().map(|(i, _)| *i).collect::<Vec<u32>>(),
                "step": self.spikes.iter().map(|(_, s)| *s).collect::<Vec<u64>>(),
                "time_ms": self.all_spike_times_ms(),
            },
        });
        if !self.populations.is_empty() {
            let mut first = 0;
            let pops: Vec<Value> = self
                .populations
                .iter()
                .map(|(name, size)| {
                    let p = json!({"name": name, "first": first, "size": size});
                    first += size;
                    p
                })
                .collect();
            doc["populations"] = Value::Array(pops);
        }
        doc.to_string()
    }

    /// The recording as long-format CSV (see the [module documentation](self)).
    pub fn to_long_csv(&self) -> String {
        let mut out = String::from("variable,unit,instance,step,t_ms,value\n");
        let (steps, times) = (self.sample_steps(), self.sample_times_ms());
        for ((name, unit), values) in self.names.iter().zip(&self.units).zip(&self.values) {
            for (i, trace) in values.iter().enumerate() {
                for ((step, t), x) in steps.iter().zip(&times).zip(trace) {
                    let _ = writeln!(out, "{name},{unit},{i},{step},{t},{x}");
                }
            }
        }
        for ((i, s), t) in self.spikes.iter().zip(self.all_spike_times_ms()) {
            let _ = writeln!(out, "spike,,{i},{s},{t},1");
        }
        out
    }

    /// Writes one `.npy` file per array as directory `dir`, replacing an earlier directory
    /// of that name as a whole (see [`write_dir_atomically`]).
    pub fn write_npy_dir(&self, dir: impl AsRef<Path>) -> Result<(), Error> {
        check_names(&self.names, "npy")?;
        let files: Vec<(String, Vec<u8>)> = self
            .arrays()
            .into_iter()
            .map(|(name, array)| (format!("{name}.npy"), npy_bytes(&array)))
            .collect();
        write_dir_atomically(dir.as_ref(), &files)
    }

    /// Writes every array into one `.npz` archive (as `numpy.savez`).
    pub fn write_npz(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        let path = path.as_ref();
        check_names(&self.names, "npz")?;
        let failed = |e: &dyn std::fmt::Display| Error::Incompatible {
            what: format!("writing `{}`", path.display()),
            message: e.to_string(),
        };
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, array) in self.arrays() {
            zip.start_file(format!("{name}.npy"), options)
                .map_err(|e| failed(&e))?;
            zip.write_all(&npy_bytes(&array)).map_err(|e| failed(&e))?;
        }
        let bytes = zip.finish().map_err(|e| failed(&e))?.into_inner();
        write_atomically(path, &bytes)
    }

    /// Writes the recording in the format its extension names: `.json`, `.csv` (long
    /// format), `.npz`, or `.npy` (a directory of that name without the extension, holding
    /// one `.npy` file per array).
    pub fn write(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        let path = path.as_ref();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        match ext {
            "json" => {
                check_names(&self.names, ext)?;
                write_atomically(path, self.to_json().as_bytes())
            }
            "csv" => {
                check_names(&self.names, ext)?;
                write_atomically(path, self.to_long_csv().as_bytes())
            }
            "npz" => self.write_npz(path),
            "npy" => self.write_npy_dir(path.with_extension("")),
            _ => Err(Error::Incompatible {
                what: format!("output `{}`", path.display()),
                message: "the file name must end in .json, .csv, .npz or .npy".into(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::parse_npy;

    fn recording() -> Recording {
        Recording {
            model: "M".into(),
            dt_ms: 0.5,
            every: 2,
            t_ms: vec![0.0, 1.0, 2.0],
            names: vec!["v".into()],
            units: vec!["mV".into()],
            values: vec![crate::Samples::new(2, 3, vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]).unwrap()],
            spikes: vec![(1, 3)],
            populations: Vec::new(),
        }
    }

    #[test]
    fn npy_files_read_back_with_their_shape() {
        let r = recording();
        let arrays = r.arrays();
        let (name, v) = &arrays[2];
        assert_eq!(name, "v");
        let bytes = npy_bytes(v);
        // The header is padded so the data starts on a 64-byte boundary.
        let header_len = u16::from_le_bytes([bytes[8], bytes[9]]) as usize;
        assert_eq!((10 + header_len) % 64, 0);
        assert_eq!(
            parse_npy(&bytes).unwrap(),
            vec![vec![1.0, 2.0, 3.0], vec![4.0, 5.0, 6.0]]
        );
    }

    #[test]
    fn json_has_the_documented_fields() {
        let doc: Value = serde_json::from_str(&recording().to_json()).unwrap();
        assert_eq!(doc["model"], "M");
        assert_eq!(doc["every"], 2);
        assert_eq!(doc["t_ms"], json!([0.0, 1.0, 2.0]));
        assert_eq!(doc["steps"], json!([0, 2, 4]));
        assert_eq!(doc["units"]["v"], "mV");
        assert_eq!(doc["vars"]["v"][1], json!([4.0, 5.0, 6.0]));
        assert_eq!(doc["spikes"]["index"], json!([1]));
        assert_eq!(doc["spikes"]["step"], json!([3]));
        assert_eq!(doc["spikes"]["time_ms"], json!([1.5]));
    }

    #[test]
    fn times_are_written_rounded_to_the_time_step() {
        let mut r = recording();
        r.dt_ms = 0.1;
        r.every = 1;
        r.t_ms = vec![0.0, 0.1, 0.1 + 0.1 + 0.1];
        r.spikes = vec![(0, 1036), (1, 7)];
        assert_ne!(1036.0 * 0.1, 103.6, "the product is not the decimal");
        let doc: Value = serde_json::from_str(&r.to_json()).unwrap();
        assert_eq!(doc["spikes"]["time_ms"], json!([103.6, 0.7]));
        assert_eq!(doc["spikes"]["step"], json!([1036, 7]));
        assert_eq!(doc["t_ms"], json!([0.0, 0.1, 0.3]));
        assert_eq!(doc["steps"], json!([0, 1, 3]));
        let csv = r.to_long_csv();
        assert!(csv.contains("\nspike,,0,1036,103.6,1\n"), "{csv}");
        assert!(csv.contains("\nv,mV,0,3,0.3,3\n"), "{csv}");
        let dt = 0.025;
        assert_eq!(crate::recording::round_to_step(41.0 * dt, dt), 1.025);
    }

    #[test]
    fn long_csv_has_one_row_per_sample_and_spike() {
        let csv = recording().to_long_csv();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 1 + 6 + 1);
        assert_eq!(lines[0], "variable,unit,instance,step,t_ms,value");
        assert_eq!(lines[1], "v,mV,0,0,0,1");
        assert_eq!(lines[7], "spike,,1,3,1.5,1");
    }

    #[test]
    fn npz_archives_hold_every_array() {
        let path = std::env::temp_dir().join(format!("cajal-export-{}.npz", std::process::id()));
        recording().write(&path).unwrap();
        let file = std::fs::File::open(&path).unwrap();
        let mut archive = zip::ZipArchive::new(file).unwrap();
        let mut names: Vec<String> = archive
            .file_names()
            .map(|n| n.unwrap().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                "spike_index.npy",
                "spike_step.npy",
                "spike_time_ms.npy",
                "steps.npy",
                "t_ms.npy",
                "v.npy"
            ]
        );
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut archive.by_name("v.npy").unwrap(), &mut v).unwrap();
        assert_eq!(parse_npy(&v).unwrap()[0], vec![1.0, 2.0, 3.0]);
        std::fs::remove_file(&path).unwrap();
        assert!(recording().write(path.with_extension("txt")).is_err());
    }
}
