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

/// All errors of one model text, in source order.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Adds an error.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// True if nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Renders every diagnostic with line and column against `source`, one block each,
    /// with a caret line under the offending range (plain text, no colour).
    pub fn render(&self, file_name: &str, source: &str) -> String {
        let mut out = String::new();
        for d in &self.0 {
            out.push_str(&render_one(d, file_name, source));
        }
        out
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "error: {d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

fn render_one(d: &Diagnostic, file_name: &str, source: &str) -> String {
    let start = (d.loc.start as usize).min(source.len());
    let end = (d.loc.end as usize).clamp(start, source.len());
    let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[start..]
        .find('\n')
        .map_or(source.len(), |i| start + i);
    let line_no = source[..start].matches('\n').count() + 1;
    let col = source[line_start..start].chars().count() + 1;
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
