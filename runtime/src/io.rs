//! Reading matrices (connectomes, lead fields) from comma-separated text, NumPy `.npy`
//! files and The Virtual Brain's connectivity archives. Every reader refuses a file larger
//! than [`MAX_MATRIX_FILE_BYTES`] (a zip entry by its declared and its actual size) and
//! checks shapes before it allocates, so that no file can exhaust memory or panic.

use std::io::Read;
use std::path::Path;

use crate::error::Error;

/// Largest matrix file (or zip entry, unpacked) read: 256 MiB, ten times a 1000-region
/// connectome written as text.
pub const MAX_MATRIX_FILE_BYTES: u64 = 256 << 20;

/// The bytes of `reader` (named `path` in errors), at most `limit`: more is an error naming
/// the limit for that `kind` of file, found without reading further.
fn read_limited(
    mut reader: impl Read,
    path: &str,
    limit: u64,
    kind: &str,
) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    reader
        .by_ref()
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Io {
            path: path.to_string(),
            source,
        })?;
    if bytes.len() as u64 > limit {
        return Err(Error::Parse {
            path: path.to_string(),
            line: 1,
            message: format!("larger than {} MiB, the limit for a {kind}", limit >> 20),
        });
    }
    Ok(bytes)
}

/// The UTF-8 text of the file at `path`, at most `limit` bytes (a `kind` of file, for the
/// message): what every reader of text files, the command line's model files included,
/// goes through.
pub fn read_text_capped(path: &Path, limit: u64, kind: &str) -> Result<String, Error> {
    let shown = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|source| Error::Io {
        path: shown.clone(),
        source,
    })?;
    String::from_utf8(read_limited(file, &shown, limit, kind)?).map_err(|e| Error::Parse {
        path: shown,
        line: 1,
        message: format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ),
    })
}

/// A matrix file's text, at most [`MAX_MATRIX_FILE_BYTES`].
fn read_text(path: &Path) -> Result<String, Error> {
    read_text_capped(path, MAX_MATRIX_FILE_BYTES, "matrix file")
}

/// Reads a matrix: one row per line, values separated by commas (or whitespace); blank
/// lines and lines starting with `#` are skipped. Every row must have the same length.
pub fn read_matrix_csv(path: impl AsRef<Path>) -> Result<Vec<Vec<f64>>, Error> {
    let path = path.as_ref();
    let text = read_text(path)?;
    parse_matrix(&text).map_err(|(line, message)| Error::Parse {
        path: path.display().to_string(),
        line,
        message,
    })
}

/// Parses matrix text; an error gives the 1-based line and what is wrong.
pub fn parse_matrix(text: &str) -> Result<Vec<Vec<f64>>, (usize, String)> {
    let mut rows: Vec<Vec<f64>> = Vec::new();
    for (k, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let row = line
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|s| !s.is_empty())
            .enumerate()
            .map(|(col, s)| match s.parse::<f64>() {
                Ok(x) if x.is_finite() => Ok(x),
                _ => Err((
                    k + 1,
                    format!("column {}: `{s}` is not a finite number", col + 1),
                )),
            })
            .collect::<Result<Vec<f64>, _>>()?;
        if let Some(first) = rows.first()
            && first.len() != row.len()
        {
            return Err((
                k + 1,
                format!(
                    "{} values, but the first row has {}",
                    row.len(),
                    first.len()
                ),
            ));
        }
        rows.push(row);
    }
    if rows.is_empty() {
        return Err((1, "no rows".into()));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_reports_lines() {
        assert_eq!(
            parse_matrix("1,2\n# c\n\n3, 4\n").unwrap(),
            vec![vec![1.0, 2.0], vec![3.0, 4.0]]
        );
        assert_eq!(parse_matrix("1,2\n3\n").unwrap_err().0, 2);
        let (line, msg) = parse_matrix("1,2\n3,x\n").unwrap_err();
        assert_eq!(line, 2);
        assert!(msg.contains("column 2") && msg.contains("`x`"));
        assert!(parse_matrix("").is_err());
        assert!(parse_matrix("nan").is_err());
    }
}

/// Reads a 2-D `float64` or `float32` array from a NumPy `.npy` file (format versions 1–3,
/// little-endian, C or Fortran order).
pub fn read_matrix_npy(path: impl AsRef<Path>) -> Result<Vec<Vec<f64>>, Error> {
    let path = path.as_ref();
    let shown = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|source| Error::Io {
        path: shown.clone(),
        source,
    })?;
    let bytes = read_limited(file, &shown, MAX_MATRIX_FILE_BYTES, "matrix file")?;
    parse_npy(&bytes).map_err(|message| Error::Parse {
        path: path.display().to_string(),
        line: 1,
        message,
    })
}

/// Parses `.npy` bytes into rows.
pub fn parse_npy(bytes: &[u8]) -> Result<Vec<Vec<f64>>, String> {
    if bytes.len() < 10 || &bytes[..6] != b"\x93NUMPY" {
        return Err("not a .npy file (missing the \\x93NUMPY magic)".into());
    }
    let (header_len, start) = match bytes[6] {
        1 => (u16::from_le_bytes([bytes[8], bytes[9]]) as usize, 10),
        2 | 3 if bytes.len() >= 12 => (
            u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize,
            12,
        ),
        v => return Err(format!("unsupported .npy version {v}")),
    };
    let header = bytes
        .get(start..start + header_len)
        .ok_or("truncated .npy header")?;
    let header = std::str::from_utf8(header).map_err(|_| "the .npy header is not text")?;
    let field = |key: &str| -> Result<&str, String> {
        let at = header
            .find(&format!("'{key}'"))
            .ok_or(format!("the .npy header has no '{key}'"))?;
        Ok(header[at + key.len() + 2..]
            .trim_start()
            .trim_start_matches(':')
            .trim_start())
    };
    let descr = field("descr")?;
    let width = if descr.starts_with("'<f8'") {
        8
    } else if descr.starts_with("'<f4'") {
        4
    } else {
        return Err(format!(
            "unsupported dtype {}; expected '<f8' or '<f4'",
            descr.split(',').next().unwrap_or(descr)
        ));
    };
    let fortran = field("fortran_order")?.starts_with("True");
    let shape = field("shape")?;
    let shape = &shape[..shape.find(')').ok_or("malformed shape")? + 1];
    let dims: Vec<usize> = shape
        .trim_matches(|c| c == '(' || c == ')')
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            s.trim()
                .parse::<usize>()
                .map_err(|_| format!("malformed shape {shape}"))
        })
        .collect::<Result<_, _>>()?;
    let (rows, cols) = match dims[..] {
        [r, c] => (r, c),
        [n] => (1, n),
        _ => return Err(format!("expected a 1-D or 2-D array, found shape {shape}")),
    };
    if rows == 0 || cols == 0 {
        return Err(format!("the array is empty (shape {shape})"));
    }
    let data = &bytes[start + header_len..];
    let needed = rows
        .checked_mul(cols)
        .and_then(|k| k.checked_mul(width))
        .ok_or_else(|| format!("shape {shape} is too large"))?;
    if data.len() < needed {
        return Err(format!(
            "the data holds {} bytes, but shape {shape} needs {needed}",
            data.len()
        ));
    }
    let value = |k: usize| -> f64 {
        let b = &data[k * width..(k + 1) * width];
        if width == 8 {
            f64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
        } else {
            f64::from(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        }
    };
    let matrix: Vec<Vec<f64>> = (0..rows)
        .map(|i| {
            (0..cols)
                .map(|j| value(if fortran { j * rows + i } else { i * cols + j }))
                .collect()
        })
        .collect();
    for (i, row) in matrix.iter().enumerate() {
        if let Some(j) = row.iter().position(|x| !x.is_finite()) {
            return Err(format!(
                "value ({i}, {j}) is {}, not a finite number",
                row[j]
            ));
        }
    }
    Ok(matrix)
}

/// Column `column` of a matrix file (`.npy` by its extension, else comma-separated text),
/// one value per row; a file of one row (a 1-D `.npy` array, or one line) gives that row's
/// values for column 0. Values must be finite.
pub fn read_column(path: &Path, column: usize) -> Result<Vec<f64>, Error> {
    let rows = match path.extension().and_then(|e| e.to_str()) {
        Some("npy") => read_matrix_npy(path)?,
        _ => read_matrix_csv(path)?,
    };
    let shown = || path.display().to_string();
    let values: Vec<f64> = match &rows[..] {
        [row] if column == 0 && row.len() > 1 => row.clone(),
        _ => {
            let width = rows.first().map_or(0, Vec::len);
            if column >= width {
                return Err(Error::Parse {
                    path: shown(),
                    line: 1,
                    message: format!(
                        "there is no column {column}: rows have {width} values (columns count from 0)"
                    ),
                });
            }
            rows.iter().map(|r| r[column]).collect()
        }
    };
    if let Some(k) = values.iter().position(|v| !v.is_finite()) {
        return Err(Error::NonFinite {
            what: format!("value {k} of column {column} of {}", shown()),
            value: values[k],
        });
    }
    Ok(values)
}

/// An error unless `values` (read from `path`) has a value for each of the `size` neurons
/// of population `population`.
pub fn check_column(
    values: &[f64],
    size: usize,
    path: &str,
    population: &str,
) -> Result<(), Error> {
    if values.len() >= size {
        return Ok(());
    }
    Err(Error::WrongSize {
        what: format!("values of `{path}` for population `{population}`"),
        expected: size,
        got: values.len(),
    })
}

/// A connectivity in The Virtual Brain's format.
#[derive(Clone, Debug, PartialEq)]
pub struct TvbConnectivity {
    /// Region labels from `centres.txt` (empty if absent).
    pub labels: Vec<String>,
    /// Region centres (mm) from `centres.txt`.
    pub centres: Vec<[f64; 3]>,
    /// `weights.txt`.
    pub weights: Vec<Vec<f64>>,
    /// `tract_lengths.txt` (mm).
    pub tract_lengths: Vec<Vec<f64>>,
}

/// Reads a TVB connectivity from a `.zip` archive or an unpacked directory holding
/// `weights.txt`, `tract_lengths.txt` and optionally `centres.txt`.
pub fn read_tvb_connectivity(path: impl AsRef<Path>) -> Result<TvbConnectivity, Error> {
    let path = path.as_ref();
    let shown = path.display().to_string();
    let io = |source| Error::Io {
        path: shown.clone(),
        source,
    };
    let mut files: Vec<(String, String)> = Vec::new();
    if path.is_dir() {
        for name in ["weights.txt", "tract_lengths.txt", "centres.txt"] {
            let p = path.join(name);
            if p.exists() {
                files.push((name.to_string(), read_text(&p)?));
            }
        }
    } else {
        let file = std::fs::File::open(path).map_err(io)?;
        let mut archive = zip::ZipArchive::new(file).map_err(|e| Error::Parse {
            path: shown.clone(),
            line: 1,
            message: format!("not a readable zip archive: {e}"),
        })?;
        for k in 0..archive.len() {
            let mut entry = archive.by_index(k).map_err(|e| Error::Parse {
                path: shown.clone(),
                line: 1,
                message: format!("zip entry {k}: {e}"),
            })?;
            let name = entry
                .name()
                .map(|n| n.rsplit('/').next().unwrap_or_default().to_string())
                .unwrap_or_default();
            if matches!(
                name.as_str(),
                "weights.txt" | "tract_lengths.txt" | "centres.txt"
            ) {
                let inner = format!("{shown}/{name}");
                if entry.size() > MAX_MATRIX_FILE_BYTES {
                    return Err(Error::Parse {
                        path: inner,
                        line: 1,
                        message: format!(
                            "unpacks to {} bytes, more than the {} MiB limit for a matrix file",
                            entry.size(),
                            MAX_MATRIX_FILE_BYTES >> 20
                        ),
                    });
                }
                let bytes = read_limited(&mut entry, &inner, MAX_MATRIX_FILE_BYTES, "matrix file")?;
                let text = String::from_utf8(bytes).map_err(|_| Error::Parse {
                    path: inner,
                    line: 1,
                    message: "not UTF-8 text".into(),
                })?;
                files.push((name, text));
            }
        }
    }
    let get = |name: &str| {
        files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.as_str())
    };
    let matrix = |name: &str| -> Result<Vec<Vec<f64>>, Error> {
        let text = get(name).ok_or_else(|| Error::Parse {
            path: shown.clone(),
            line: 1,
            message: format!("`{name}` is missing"),
        })?;
        parse_matrix(text).map_err(|(line, message)| Error::Parse {
            path: format!("{shown}/{name}"),
            line,
            message,
        })
    };
    let weights = matrix("weights.txt")?;
    let n = weights.len();
    if weights[0].len() != n {
        return Err(Error::Parse {
            path: format!("{shown}/weights.txt"),
            line: 1,
            message: format!(
                "{n} rows of {} values: the weights must be square",
                weights[0].len()
            ),
        });
    }
    let tract_lengths = matrix("tract_lengths.txt")?;
    if tract_lengths.len() != n || tract_lengths[0].len() != n {
        return Err(Error::Parse {
            path: format!("{shown}/tract_lengths.txt"),
            line: 1,
            message: format!(
                "{} rows of {} values, but the weights are {n}×{n}",
                tract_lengths.len(),
                tract_lengths[0].len()
            ),
        });
    }
    let (mut labels, mut centres) = (Vec::new(), Vec::new());
    if let Some(text) = get("centres.txt") {
        for (k, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let parts: Vec<&str> = line.split_whitespace().collect();
            let coords: Option<Vec<f64>> = parts
                .get(1..4)
                .map(|c| c.iter().filter_map(|s| s.parse().ok()).collect());
            match coords {
                Some(c) if c.len() == 3 && c.iter().all(|x: &f64| x.is_finite()) => {
                    labels.push(parts[0].to_string());
                    centres.push([c[0], c[1], c[2]]);
                }
                _ => {
                    return Err(Error::Parse {
                        path: format!("{shown}/centres.txt"),
                        line: k + 1,
                        message: "expected `label x y z` with finite coordinates (mm)".into(),
                    });
                }
            }
        }
        if centres.len() != n {
            return Err(Error::Parse {
                path: format!("{shown}/centres.txt"),
                line: 1,
                message: format!("{} regions, but the weights have {n}", centres.len()),
            });
        }
    }
    Ok(TvbConnectivity {
        labels,
        centres,
        weights,
        tract_lengths,
    })
}
