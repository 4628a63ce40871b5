//! Values given on the command line with their units: `NAME=VALUE` settings, quantities
//! converted to a declared unit, times in ms, and input windows `VALUE@T0..T1`.

use cajal_lang::quantity;
use cajal_runtime::Stimulus;

use crate::fail;
use crate::failure::Failure;

/// Splits `NAME=VALUE` (the flag is named in errors).
pub fn assignment<'a>(flag: &str, text: &'a str) -> Result<(&'a str, &'a str), Failure> {
    match text.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => Ok((name.trim(), value.trim())),
        _ => fail!("{flag} {text}: expected NAME=VALUE, e.g. {flag} a=0.02/ms"),
    }
}

/// `text` in `unit`; the error names the flag, what is set and the expected dimension.
pub fn value_in(flag: &str, text: &str, what: &str, unit: &str) -> Result<f64, Failure> {
    quantity::value_in(text, unit).map_err(|e| Failure(format!("error: {flag}: {what}: {e}")))
}

/// A time (`1s`, `0.1ms`) in ms.
pub fn time_ms(flag: &str, text: &str) -> Result<f64, Failure> {
    value_in(flag, text, "a time", "ms")
}

/// A `--input` value: the quantity and its window (`@T0..T1`, `@T0..`), in ms.
pub struct Window {
    value: f64,
    start: f64,
    end: f64,
}

/// The stimulus of one input from its windows, the input's default value outside them.
pub fn stimulus(name: &str, default: f64, mut windows: Vec<Window>) -> Result<Stimulus, Failure> {
    windows.sort_by(|a, b| a.start.total_cmp(&b.start));
    let mut segments = vec![(0.0, default)];
    let mut last_end = f64::NEG_INFINITY;
    for w in windows {
        if w.start < last_end {
            fail!("--input {name}: the time windows overlap");
        }
        segments.push((w.start, w.value));
        if w.end.is_finite() {
            segments.push((w.end, default));
        }
        last_end = w.end;
    }
    Ok(Stimulus::Piecewise(segments))
}

/// `VALUE[@T0..T1]` of `--input` setting `text`: the value (in `unit`, the input named
/// `name`) and its window in ms (the whole run without `@`).
pub fn window(text: &str, name: &str, rest: &str, unit: &str) -> Result<Window, Failure> {
    let (value, window) = match rest.split_once('@') {
        Some((v, w)) => (v, Some(w)),
        None => (rest, None),
    };
    let value = value_in("--input", value, &format!("input `{name}`"), unit)?;
    let (start, end) = match window {
        None => (0.0, f64::INFINITY),
        Some(w) => match w.split_once("..") {
            Some((a, b)) => {
                let start = time_ms("--input", a)?;
                let end = if b.trim().is_empty() {
                    f64::INFINITY
                } else {
                    time_ms("--input", b)?
                };
                if end <= start {
                    fail!("--input {text}: the window ends before it starts");
                }
                (start, end)
            }
            None => {
                fail!("--input {text}: a window is written @T0..T1 or @T0.., e.g. @100ms..1s")
            }
        },
    };
    Ok(Window { value, start, end })
}

/// A byte count written with a unit: `4GiB`, `500MB`, `2G`, `1024` (bytes).
pub fn byte_size(flag: &str, text: &str) -> Result<u64, Failure> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let scale: f64 = match unit.trim() {
        "" | "B" => 1.0,
        "K" | "KB" | "kB" => 1e3,
        "M" | "MB" => 1e6,
        "G" | "GB" => 1e9,
        "T" | "TB" => 1e12,
        "KiB" => 1024.0,
        "MiB" => 1024.0 * 1024.0,
        "GiB" => 1024.0 * 1024.0 * 1024.0,
        "TiB" => 1024.0 * 1024.0 * 1024.0 * 1024.0,
        other => fail!(
            "{flag} {text}: unknown size unit `{other}` (use B, KB, MB, GB, TB, KiB, MiB, GiB or TiB)"
        ),
    };
    let bytes = number
        .parse::<f64>()
        .ok()
        .map(|x| x * scale)
        .filter(|b| b.is_finite() && *b >= 1.0 && *b < 1.8e19);
    match bytes {
        Some(b) => Ok(b as u64),
        None => fail!("{flag} {text}: write a size such as 4GiB or 500MB"),
    }
}
