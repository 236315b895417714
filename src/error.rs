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
    /// Some files of the tree did not load, and the command's results would be wrong
    /// without them (a report missing whole teams, drift reading them as removed).
    #[error(
        "no {command}: {} of the tree did not load (see above); `align check` says more",
        crate::render::plural(*files, "file", "files")
    )]
    IncompleteTree { command: String, files: usize },
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

/// An error with its causes, as one line: "cannot read x.toml: permission denied".
/// A cause whose text the error already shows is not repeated.
pub fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}
