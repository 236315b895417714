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
    /// The tree is not inside a git repository, and the command needs its history.
    #[error(
        "{root} is not in a git repository: this command reads the tree's history \
         (`align check` works without one; run `git init` to start a history)"
    )]
    NotARepository { root: PathBuf },
    #[error("git: {what}: {message}")]
    Git { what: String, message: String },
    /// An object that a partial clone did not fetch.
    #[error(
        "cannot read {path} at commit {commit}: this is a partial clone (`--filter=blob:none` \
         or similar) and that version was never fetched; align reads only what is in the \
         clone. Fetch the whole history without a filter: `git config --unset \
         remote.origin.partialclonefilter && git fetch --refetch origin` (or clone again \
         without `--filter`); in GitHub Actions, use `fetch-depth: 0` and no `filter:` on \
         actions/checkout"
    )]
    MissingObject { path: String, commit: String },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
