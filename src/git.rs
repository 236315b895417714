//! The strategy tree inside a git repository: where it sits in the repository, other
//! versions of it read straight from git objects (never checked out), and whether the
//! history is complete. Everything goes through git2: no `git` binary (only
//! `checkin --commit` runs git, for its hooks and signing: see checkin.rs).

use std::path::{Path, PathBuf};

use git2::{Commit, ObjectType, Oid, Repository};

use crate::codes::Code;
use crate::diag::Finding;
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
}

/// A git failure as the tool's error, saying what was being done.
pub fn error(what: impl Into<String>, e: &git2::Error) -> Error {
    Error::Git {
        what: what.into(),
        message: e.message().to_string(),
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
            .ok_or_else(|| {
                Error::Usage("the repository is bare: it has no work tree to read".into())
            })?
            .to_path_buf();
        let canonical = |p: &Path| {
            p.canonicalize().map_err(|source| Error::Io {
                path: p.to_path_buf(),
                source,
            })
        };
        let (root_abs, workdir_abs) = (canonical(root)?, canonical(&workdir)?);
        let relative = root_abs.strip_prefix(&workdir_abs).map_err(|_| {
            Error::Usage(format!(
                "the tree {} is outside the work tree of its repository ({})",
                root.display(),
                workdir.display()
            ))
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
        })
    }

    /// Whether this is a shallow clone: history before the cut is missing.
    pub fn is_shallow(&self) -> bool {
        self.repo.is_shallow()
    }

    /// The commits at which a shallow clone's history is cut, with their commit
    /// times (seconds since the epoch), oldest first. Empty for a full clone.
    pub fn shallow_cut(&self) -> Vec<(Oid, i64)> {
        let Ok(text) = std::fs::read_to_string(self.repo.path().join("shallow")) else {
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
            .first()
            .and_then(|&(_, seconds)| jiff::Timestamp::from_second(seconds).ok())
            .map(|t| {
                format!(
                    " at {}",
                    t.to_zoned_datetime(jiff::tz::TimeZone::UTC).date()
                )
            })
            .unwrap_or_default();
        Some(format!(
            "this is a shallow clone: its history is cut{when}, so what happened before is \
             unknown. Fetch the whole history with `git fetch --unshallow` (in GitHub \
             Actions: `fetch-depth: 0` on actions/checkout)"
        ))
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
            Error::Git {
                what: format!("no commit `{rev}` in the repository{hint}"),
                message: e.message().to_string(),
            }
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
                        if name != "target" && sub.get_name(SETTINGS_FILE).is_none() {
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
                                    .entity(format!("path {path}")),
                                );
                                continue;
                            }
                            let blob = entry
                                .to_object(&self.repo)
                                .and_then(|o| o.peel_to_blob())
                                .map_err(|e| read(&path, &e))?;
                            let text = match load::too_large(blob.size() as u64) {
                                Some(problem) => Err(problem),
                                None => load::text_of(blob.content().to_vec()),
                            };
                            files.push(RawFile {
                                path: self.root.join(&path),
                                name: path,
                                text,
                            });
                        }
                    }
                    // Submodules and other blobs are not strategy.
                    _ => {}
                }
            }
        }
        files.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(load::assemble(&self.root, files, findings))
    }
}
