//! What the command line reports when something goes wrong: a message, exit code 1.

use std::fmt;

/// A failure to report (exit code 1). Usage errors are clap's (exit code 2).
#[derive(Clone, Debug)]
pub struct Failure(pub String);

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<cajal_runtime::Error> for Failure {
    fn from(e: cajal_runtime::Error) -> Self {
        Failure(format!("error: {e}"))
    }
}

/// A front-end message (`cajal_models::frontend`), reported as an error.
impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure(format!("error: {message}"))
    }
}

/// `Err(Failure)` with a formatted message prefixed by `error: `.
#[macro_export]
macro_rules! fail {
    ($($arg:tt)*) => {
        return Err($crate::failure::Failure(format!("error: {}", format!($($arg)*))))
    };
}
