//! Reading matrices (connectomes, lead fields) from plain comma-separated text.

use std::path::Path;

use crate::error::Error;

/// Reads a matrix: one row per line, values separated by commas (or whitespace); blank
/// lines and lines starting with `#` are skipped. Every row must have the same length.
pub fn read_matrix_csv(path: impl AsRef<Path>) -> Result<Vec<Vec<f64>>, Error> {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.display().to_string(),
        source,
    })?;
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
