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
    /// A git operation libgit2 refused, with libgit2's error as the cause.
    #[error("git: {what}")]
    LibGit2 {
        what: String,
        #[source]
        source: GitError,
    },
    /// A git object align cannot read as what it should be (a tree that is not one).
    #[error("git: {what}: {message}")]
    Git { what: String, message: String },
    /// The repository has no work tree: nothing to load the strategy from.
    #[error("the repository at {path} is bare: it has no work tree to read")]
    BareRepository { path: PathBuf },
    /// The tree root is not inside the work tree of the repository git found for it.
    #[error("the tree {root} is outside the work tree of its repository ({workdir})")]
    OutsideWorkTree { root: PathBuf, workdir: PathBuf },
    /// A setting in align.toml that the tree's syntax allows but that makes no sense,
    /// pointing at the value.
    #[error("{file}:{line}:{column}: {message}")]
    Config {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
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

/// libgit2's error, shown by its message: its class and code are for programs
/// ([`GitError::code`]), not for people.
#[derive(Debug)]
pub struct GitError(pub git2::Error);

impl GitError {
    pub fn code(&self) -> git2::ErrorCode {
        self.0.code()
    }
}

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.message())
    }
}

impl std::error::Error for GitError {}

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
