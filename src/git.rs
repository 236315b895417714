//! The strategy tree inside a git repository: where it sits in the repository, other
//! versions of it read straight from git objects (never checked out), and whether the
//! history is complete. Everything goes through git2: no `git` binary (only
//! `checkin --commit` runs git, for its hooks and signing: see checkin.rs).

use std::path::{Path, PathBuf};

use git2::{Commit, ObjectType, Oid, Repository};

use crate::codes::Code;
use crate::diag::{Entity, Finding};
use crate::error::{Error, Result};
use crate::load::{self, RawFile, SETTINGS_FILE, Tree};

/// A repository and the place of the strategy tree in it.
pub struct Repo {
    pub repo: Repository,
    /// The work tree's root folder.
    pub workdir: PathBuf,
    /// The tree root relative to the work tree, with `/` separators and no trailing
    /// slash; empty when the tree is the whole repository.
    pub prefix: String,
    /// The tree root as the user named it: file paths of loaded versions hang off it.
    pub root: PathBuf,
    /// The time zone commit times are read in (the tree's `timezone`; UTC until the
    /// settings are known).
    pub tz: jiff::tz::TimeZone,
}

/// The calendar date of a git time (seconds since the epoch) in `tz`: the one place
/// commit times become dates. A time outside what dates can hold is 1970-01-01.
pub fn date_of(seconds: i64, tz: &jiff::tz::TimeZone) -> jiff::civil::Date {
    jiff::Timestamp::from_second(seconds)
        .map(|t| t.to_zoned_datetime(tz.clone()).date())
        .unwrap_or_else(|_| jiff::civil::date(1970, 1, 1))
}

/// The warning for a shallow clone whose history is cut at `when` (when known): the
/// same words wherever it is printed.
pub fn shallow_message(when: Option<jiff::civil::Date>) -> String {
    let when = when.map(|d| format!(" at {d}")).unwrap_or_default();
    format!(
        "this is a shallow clone: its history is cut{when}, so what happened before is \
         unknown. Fetch the whole history with `git fetch --unshallow` (in GitHub \
         Actions: `fetch-depth: 0` on actions/checkout)"
    )
}

/// A version of a file read from git: its bytes, or only its size when that is over
/// the limit (read from the object's header, so a huge blob is never loaded).
pub enum BlobRead<'r> {
    Loaded(git2::Blob<'r>),
    TooLarge(load::FileProblem),
}

/// A git failure as the tool's error, saying what was being done.
pub fn error(what: impl Into<String>, e: &git2::Error) -> Error {
    Error::LibGit2 {
        what: what.into(),
        source: crate::error::GitError(git2::Error::new(e.code(), e.class(), e.message())),
    }
}

/// The first 7 hex digits of an object id, as `git log --oneline` shows it.
pub fn short(oid: Oid) -> String {
    let mut text = oid.to_string();
    text.truncate(7);
    text
}

impl Repo {
    /// The repository holding the tree at `root`. A folder outside any repository is
    /// [`Error::NotARepository`]; a bare repository has no tree to read.
    pub fn discover(root: &Path) -> Result<Self> {
        let repo = match Repository::discover(root) {
            Ok(repo) => repo,
            Err(e) if e.code() == git2::ErrorCode::NotFound => {
                return Err(Error::NotARepository {
                    root: root.to_path_buf(),
                });
            }
            Err(e) => {
                return Err(error(
                    format!("opening the repository at {}", root.display()),
                    &e,
                ));
            }
        };
        let workdir = repo
            .workdir()
            .ok_or_else(|| Error::BareRepository {
                path: repo.path().to_path_buf(),
            })?
            .to_path_buf();
        let canonical = |p: &Path| {
            p.canonicalize().map_err(|source| Error::Io {
                path: p.to_path_buf(),
                source,
            })
        };
        let (root_abs, workdir_abs) = (canonical(root)?, canonical(&workdir)?);
        let relative = root_abs
            .strip_prefix(&workdir_abs)
            .map_err(|_| Error::OutsideWorkTree {
                root: root.to_path_buf(),
                workdir: workdir.clone(),
            })?;
        let prefix = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        Ok(Self {
            repo,
            workdir,
            prefix,
            root: root.to_path_buf(),
            tz: jiff::tz::TimeZone::UTC,
        })
    }

    /// Whether this is a shallow clone: history before the cut is missing.
    pub fn is_shallow(&self) -> bool {
        !self.shallow_cut().is_empty()
    }

    /// The commits at which a shallow clone's history is cut, with their commit
    /// times (seconds since the epoch), oldest first. Empty for a full clone. The one
    /// place that decides whether history is cut: the `shallow` file lives in the
    /// common folder of the repository, which a linked worktree shares (libgit2's
    /// own `is_shallow` looks in the worktree's folder and misses it).
    pub fn shallow_cut(&self) -> Vec<(Oid, i64)> {
        let Ok(text) = std::fs::read_to_string(self.repo.commondir().join("shallow")) else {
            return Vec::new();
        };
        let mut cut: Vec<(Oid, i64)> = text
            .lines()
            .filter_map(|line| Oid::from_str(line.trim()).ok())
            .filter_map(|oid| {
                let commit = self.repo.find_commit(oid).ok()?;
                Some((oid, commit.time().seconds()))
            })
            .collect();
        cut.sort_by_key(|&(oid, time)| (time, oid));
        cut
    }

    /// What to tell the user about a shallow clone, or `None` for a full history.
    pub fn shallow_warning(&self) -> Option<String> {
        if !self.is_shallow() {
            return None;
        }
        let when = self
            .shallow_cut()
            .last()
            .map(|&(_, seconds)| date_of(seconds, &self.tz));
        Some(shallow_message(when))
    }

    /// The commit that a commit-ish (`HEAD`, `origin/main`, a tag, an id) names.
    pub fn commit(&self, rev: &str) -> Result<Commit<'_>> {
        let object = self.repo.revparse_single(rev).map_err(|e| {
            let hint = match self.shallow_warning() {
                Some(warning) => format!("; {warning}"),
                None if rev.contains('/') => {
                    "; is the remote fetched? (`git fetch`, or `fetch-depth: 0` in GitHub Actions)"
                        .to_string()
                }
                None => String::new(),
            };
            error(format!("no commit `{rev}` in the repository{hint}"), &e)
        })?;
        object
            .peel_to_commit()
            .map_err(|e| error(format!("`{rev}` does not name a commit"), &e))
    }

    /// The tree's folder as of `commit`, or `None` when the commit does not have it.
    pub fn subtree<'r>(&'r self, commit: &Commit<'r>) -> Result<Option<git2::Tree<'r>>> {
        let top = commit
            .tree()
            .map_err(|e| error(format!("reading commit {}", short(commit.id())), &e))?;
        if self.prefix.is_empty() {
            return Ok(Some(top));
        }
        let entry = match top.get_path(Path::new(&self.prefix)) {
            Ok(entry) => entry,
            Err(e) if e.code() == git2::ErrorCode::NotFound => return Ok(None),
            Err(e) => return Err(error(format!("reading {}", self.prefix), &e)),
        };
        if entry.kind() != Some(ObjectType::Tree) {
            return Ok(None);
        }
        let object = entry
            .to_object(&self.repo)
            .map_err(|e| error(format!("reading {}", self.prefix), &e))?;
        Ok(object.into_tree().ok())
    }

    /// Whether this is a partial clone (`--filter=blob:none` and the like): objects
    /// may be missing and would have to be fetched from the remote, which align
    /// does not do.
    pub fn is_partial(&self) -> bool {
        let Ok(config) = self.repo.config() else {
            return false;
        };
        if config.get_string("extensions.partialclone").is_ok() {
            return true;
        }
        let Ok(mut entries) = config.entries(Some(r"remote\..*\.promisor")) else {
            return false;
        };
        let mut promisor = false;
        while let Some(Ok(entry)) = entries.next() {
            promisor |= entry.value().is_ok_and(|v| v == "true");
        }
        promisor
    }

    /// The error for an object of `path` at `commit` that is not in the repository:
    /// for a partial clone, why and how to fetch it.
    pub fn missing(&self, path: &str, commit: Oid, e: &git2::Error) -> Error {
        if !self.is_partial() {
            return error(format!("reading {path} at commit {}", short(commit)), e);
        }
        Error::MissingObject {
            path: path.to_string(),
            commit: short(commit),
        }
    }

    /// The error for a folder of the tree at `commit` whose tree object is missing.
    pub fn missing_folder(&self, folder: &str, commit: Oid) -> Error {
        let path = if folder.is_empty() {
            "the tree's root folder"
        } else {
            folder
        };
        if self.is_partial() {
            Error::MissingObject {
                path: path.to_string(),
                commit: short(commit),
            }
        } else {
            Error::Git {
                what: format!("reading {path} at commit {}", short(commit)),
                message: "the object is missing from the repository".into(),
            }
        }
    }

    /// A version of a file: its size is read from the object header first, so that a
    /// blob over [`load::MAX_FILE_BYTES`] is never loaded. `path` and `commit` name it
    /// in errors (a partial clone lacks the blobs of old versions).
    pub fn read_blob(&self, oid: Oid, path: &str, commit: Oid) -> Result<BlobRead<'_>> {
        let odb = self
            .repo
            .odb()
            .map_err(|e| error("opening the object database", &e))?;
        let size = match odb.read_header(oid) {
            Ok((size, _)) => size as u64,
            Err(e) if e.code() == git2::ErrorCode::NotFound => {
                return Err(self.missing(path, commit, &e));
            }
            Err(e) => return Err(error(format!("reading {path} at {}", short(commit)), &e)),
        };
        if let Some(problem) = load::too_large(size) {
            return Ok(BlobRead::TooLarge(problem));
        }
        match self.repo.find_blob(oid) {
            Ok(blob) => Ok(BlobRead::Loaded(blob)),
            Err(e) if e.code() == git2::ErrorCode::NotFound => Err(self.missing(path, commit, &e)),
            Err(e) => Err(error(format!("reading {path} at {}", short(commit)), &e)),
        }
    }

    /// The strategy tree as it was at `commit`, read from git objects: the same walk
    /// as on disk (only `*.toml`, no hidden folders, no `target/`, no nested trees),
    /// the same limits, the same parser. `rev` is how the user named the commit.
    pub fn load_at(&self, commit: &Commit<'_>, rev: &str) -> Result<Tree> {
        let missing = || {
            Error::Usage(format!(
                "there is no strategy tree at {} in {rev} ({}): no {SETTINGS_FILE} there",
                if self.prefix.is_empty() {
                    "the top of the repository"
                } else {
                    &self.prefix
                },
                short(commit.id())
            ))
        };
        let subtree = self.subtree(commit)?.ok_or_else(missing)?;
        if subtree.get_name(SETTINGS_FILE).is_none() {
            return Err(missing());
        }
        let mut findings = Vec::new();
        let mut files = Vec::new();
        let read = |what: &str, e: &git2::Error| error(format!("reading {what} at {rev}"), e);
        // Iterative, so a deep folder structure cannot overflow the stack.
        let mut stack: Vec<(git2::Tree<'_>, String)> = vec![(subtree, String::new())];
        while let Some((tree, folder)) = stack.pop() {
            for entry in tree.iter() {
                let Ok(name) = entry.name() else { continue };
                if name.starts_with('.') {
                    continue;
                }
                let path = if folder.is_empty() {
                    name.to_string()
                } else {
                    format!("{folder}/{name}")
                };
                match entry.kind() {
                    Some(ObjectType::Tree) => {
                        let sub = entry
                            .to_object(&self.repo)
                            .and_then(|o| o.peel_to_tree())
                            .map_err(|e| read(&path, &e))?;
                        if name == "target" {
                            continue;
                        }
                        if sub.get_name(SETTINGS_FILE).is_some() {
                            findings.push(load::nested_tree(&path));
                        } else {
                            stack.push((sub, path));
                        }
                    }
                    Some(ObjectType::Blob) if name.ends_with(".toml") => {
                        // A folder with its own align.toml was skipped above, so an
                        // align.toml here is the root's.
                        {
                            if entry.filemode() == 0o120000 {
                                findings.push(
                                    Finding::new(
                                        Code::SkippedPath,
                                        format!(
                                            "{path} is a symlink: versions of the tree read \
                                             from git do not follow links"
                                        ),
                                    )
                                    .help("commit the file itself rather than a link to it")
                                    .entity(Entity::Path(path.to_string())),
                                );
                                continue;
                            }
                            let text = match self.read_blob(entry.id(), &path, commit.id())? {
                                BlobRead::TooLarge(problem) => Err(problem),
                                BlobRead::Loaded(blob) => load::text_of(blob.content().to_vec()),
                            };
                            files.push(RawFile {
                                path: self.root.join(&path),
                                name: path,
                                text,
                            });
                        }
                    }
                    // A submodule: skipped, and said, as the work tree's walk does.
                    Some(ObjectType::Commit) => findings.push(load::submodule(&path)),
                    // Other blobs are not strategy.
                    _ => {}
                }
            }
        }
        files.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(load::assemble(&self.root, files, findings))
    }
}
