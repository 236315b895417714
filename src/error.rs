//! Failures of the tool itself (exit code 2), as opposed to findings in the tree.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no strategy tree found: no align.toml in {start} or any folder above it")]
    NoTree { start: PathBuf },
    #[error("no strategy tree at {root}: {reason}")]
    BadRoot { root: PathBuf, reason: String },
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write {what}: {source}")]
    Write {
        what: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Usage(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
