//! Errors returned by the runtime: each names what was wrong and where.

use std::fmt;

/// A runtime error with enough context to act on.
#[derive(Debug)]
pub enum Error {
    /// A buffer or vector had the wrong length.
    WrongSize {
        /// What was being set.
        what: String,
        /// Required length.
        expected: usize,
        /// Given length.
        got: usize,
    },
    /// A value that must be finite was NaN or infinite.
    NonFinite {
        /// What was being set.
        what: String,
        /// The offending value.
        value: f64,
    },
    /// An invalid time step or duration.
    InvalidTime {
        /// Explanation.
        message: String,
    },
    /// No parameter, state, input or preset of that name.
    UnknownName {
        /// "parameter", "state variable", …
        kind: &'static str,
        /// The name asked for.
        name: String,
        /// What exists.
        available: Vec<String>,
    },
    /// The simulation produced a non-finite value.
    Diverged {
        /// Model name.
        model: String,
        /// State variable.
        variable: String,
        /// Instance index.
        instance: usize,
        /// Time at the end of the step that produced it (ms).
        time_ms: f64,
        /// The value (NaN or ±inf).
        value: f64,
    },
    /// The run was told to stop (e.g. by Ctrl-C) before its end.
    Interrupted {
        /// Time at which it stopped (ms).
        time_ms: f64,
    },
    /// What a run would allocate exceeds the memory budget (see [`crate::budget`]).
    Budget {
        /// What would be allocated.
        what: String,
        /// The estimate, its largest part and the budget.
        message: String,
    },
    /// A data file could not be parsed.
    Parse {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// Parts that do not fit together (a synapse and its target, a rule and its sizes).
    Incompatible {
        /// What was being built.
        what: String,
        /// Why it does not fit.
        message: String,
    },
    /// A part of a network that cannot be split over ranks (see [`crate::distributed`]):
    /// it reads neurons of other ranks within a step.
    Unsplittable {
        /// The part.
        what: String,
        /// What it reads.
        why: String,
    },
    /// Another rank of a distributed run failed (see [`crate::distributed`]).
    RankFailed {
        /// The first rank that failed.
        rank: usize,
        /// Its error.
        message: String,
    },
    /// Reading or writing a file failed.
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::WrongSize {
                what,
                expected,
                got,
            } => {
                write!(f, "{what} needs {expected} values, but {got} were given")
            }
            Error::NonFinite { what, value } => {
                write!(f, "{what} must be a finite number, but is {value}")
            }
            Error::InvalidTime { message } => write!(f, "{message}"),
            Error::UnknownName {
                kind,
                name,
                available,
            } => write!(
                f,
                "unknown {kind} `{name}`; available: {}",
                if available.is_empty() {
                    "none".to_string()
                } else {
                    available.join(", ")
                }
            ),
            Error::Interrupted { time_ms } => {
                write!(f, "the run was interrupted at t = {time_ms} ms")
            }
            Error::Diverged {
                model,
                variable,
                instance,
                time_ms,
                value,
            } => write!(
                f,
                "simulation diverged: `{model}.{variable}` of instance {instance} became {value} at t = {time_ms} ms"
            ),
            Error::Parse {
                path,
                line,
                message,
            } => write!(f, "{path}:{line}: {message}"),
            Error::Incompatible { what, message } | Error::Budget { what, message } => {
                write!(f, "{what}: {message}")
            }
            Error::Unsplittable { what, why } => {
                write!(
                    f,
                    "{what}: {why}, so the network cannot be split over ranks"
                )
            }
            Error::RankFailed { rank, message } => write!(f, "rank {rank} failed: {message}"),
            Error::Io { path, source } => write!(f, "cannot access `{path}`: {source}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl Error {
    /// Parameter `name` of a network was set, but its value is computed from others (a
    /// default that reads other parameters).
    pub fn computed_parameter(name: &str) -> Error {
        Error::Incompatible {
            what: format!("parameter `{name}`"),
            message:
                "is computed from other parameters when the network is built: set those instead"
                    .into(),
        }
    }
}

/// Checks that `value` is finite.
pub fn finite(what: impl FnOnce() -> String, value: f64) -> Result<f64, Error> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(Error::NonFinite {
            what: what(),
            value,
        })
    }
}
