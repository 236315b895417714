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
    /// A file changed on disk after align read it: writing would lose that edit.
    #[error(
        "{path} changed since align read it: nothing was written (run the command again \
         to apply it to the new version)"
    )]
    Changed { path: PathBuf },
    #[error("{0}")]
    Usage(String),
    /// The tree is not inside a git repository, and the command needs its history.
    #[error(
        "{root} is not in a git repository: this command reads the tree's history \
         (`align check` works without one; run `git init` to start a history)"
    )]
    NotARepository { root: PathBuf },
    #[error("git: {what}: {message}")]
    Git { what: String, message: String },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
