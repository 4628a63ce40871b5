//! Diagnostics: a message, the byte range of the source text it is about, and hints.
//!
//! Front ends turn the byte range into whatever they can show: token spans in the macro,
//! a file/line/caret rendering in the CLI.

use std::fmt;
use std::ops::Range;

/// A byte range in the model text.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub struct Loc {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Loc {
    /// A range from byte offsets.
    pub fn new(start: usize, end: usize) -> Loc {
        Loc {
            start: start as u32,
            end: end as u32,
        }
    }

    /// The smallest range that covers both.
    pub fn join(self, other: Loc) -> Loc {
        Loc {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// As a `usize` range, for slicing.
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// One error found in a model.
#[derive(Clone, PartialEq, Debug)]
pub struct Diagnostic {
    /// What is wrong, lower case, names in backticks.
    pub message: String,
    /// Where it is.
    pub loc: Loc,
    /// Suggestions shown after the message ("help: …").
    pub help: Vec<String>,
}

impl Diagnostic {
    /// An error at `loc`.
    pub fn new(loc: Loc, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            message: message.into(),
            loc,
            help: Vec::new(),
        }
    }

    /// The 1-based line and column (in characters) where the diagnostic starts in
    /// `source`, as the rendered diagnostic shows them.
    pub fn line_column(&self, source: &str) -> (usize, usize) {
        let start = floor_boundary(source, self.loc.start as usize);
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line = source[..start].matches('\n').count() + 1;
        (line, source[line_start..start].chars().count() + 1)
    }

    /// Adds a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help.push(help.into());
        self
    }

    /// The message followed by its help lines, as one text.
    pub fn full_message(&self) -> String {
        let mut s = self.message.clone();
        for h in &self.help {
            s.push_str("\nhelp: ");
            s.push_str(h);
        }
        s
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.full_message())
    }
}

/// All errors of one model text: the one sink every pass reports into. [`Diagnostics::finish`]
/// puts them in source order without repeats.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Adds an error.
    pub fn push(&mut self, d: Diagnostic) {
        self.list.push(d);
    }

    /// Adds every error of `other`.
    pub fn append(&mut self, other: Diagnostics) {
        self.list.extend(other.list);
    }

    /// True if nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// How many errors were reported.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// The errors, in the order reported (source order after [`Diagnostics::finish`]).
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.list.iter()
    }

    /// The end of a check: `value` if nothing was reported, else the errors in source order
    /// without repeats. A missing value without an error is reported as an internal error,
    /// so a checker bug shows as a message, not a crash.
    pub fn finish<T>(mut self, value: Option<T>) -> Result<T, Diagnostics> {
        match value {
            Some(v) if self.list.is_empty() => Ok(v),
            _ => {
                if self.list.is_empty() {
                    self.push(Diagnostic::new(
                        Loc::default(),
                        "internal error: the checker found no error but built nothing",
                    ));
                }
                self.list.sort_by_key(|d| (d.loc.start, d.loc.end));
                self.list.dedup();
                Err(self)
            }
        }
    }

    /// Renders every diagnostic with line and column against `source`, one block each,
    /// with a caret line under the offending range (plain text, no colour). The macro's
    /// `include_model!` and the command line both show errors this way.
    pub fn render(&self, file_name: &str, source: &str) -> String {
        let mut out = String::new();
        for d in &self.list {
            out.push_str(&render_one(d, file_name, source));
        }
        out
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Diagnostics {
        Diagnostics { list: vec![d] }
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Diagnostics {
        Diagnostics {
            list: iter.into_iter().collect(),
        }
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.list.iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.list {
            writeln!(f, "error: {d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// The largest character boundary of `source` at or before `i`.
fn floor_boundary(source: &str, i: usize) -> usize {
    let mut i = i.min(source.len());
    while !source.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn render_one(d: &Diagnostic, file_name: &str, source: &str) -> String {
    let start = floor_boundary(source, d.loc.start as usize);
    let end = floor_boundary(source, (d.loc.end as usize).max(start));
    let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[start..]
        .find('\n')
        .map_or(source.len(), |i| start + i);
    let (line_no, col) = d.line_column(source);
    let line = &source[line_start..line_end];
    let width = source[start..end.min(line_end)].chars().count().max(1);
    let gutter = " ".repeat(line_no.to_string().len());
    let mut out = format!(
        "error: {}\n{gutter}--> {file_name}:{line_no}:{col}\n{gutter} |\n{line_no} | {line}\n{gutter} | {}{}\n",
        d.message,
        " ".repeat(col - 1),
        "^".repeat(width)
    );
    for h in &d.help {
        out.push_str(&format!("{gutter} = help: {h}\n"));
    }
    out
}
