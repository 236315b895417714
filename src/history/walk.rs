//! Walking the first-parent history of the tree's folder: which commits changed it,
//! and which files they changed. Tree ids are compared directly and only subtrees
//! whose id changed are entered, which costs about what `git log --raw` does (a
//! pathspec diff through libgit2 costs four times more).

use std::cmp::Ordering;
use std::collections::HashSet;
use std::path::Path;

use git2::{Commit, ObjectType, Oid, Repository, Tree};

use crate::error::Result;
use crate::git::{Repo, error, short};
use crate::load::SETTINGS_FILE;

/// One commit of the first-parent chain, as the backward pass saw it.
pub(super) struct Link {
    pub oid: Oid,
    /// The tree's folder at this commit, when the commit has it.
    pub subtree: Option<Oid>,
    /// Worth reading even without a change: a check-in trailer, or a merge that may
    /// bring some in.
    pub flagged: bool,
    /// The oldest commit of a shallow clone: its parents are missing.
    pub cut: bool,
}

/// A file of the tree that differs between two versions.
pub(super) struct FileChange {
    /// Relative to the tree root, `/`-separated.
    pub path: String,
    pub new: Option<Oid>,
}

/// The first-parent chain from `at` back to the first commit (or a shallow clone's
/// cut), oldest first. Reads commit objects only. `tick` is called per commit.
pub(super) fn chain(
    repo: &Repo,
    at: &Commit<'_>,
    tick: &mut dyn FnMut(usize),
) -> Result<Vec<Link>> {
    let cut: HashSet<Oid> = repo.shallow_cut().into_iter().map(|(oid, _)| oid).collect();
    let mut links = Vec::new();
    let mut commit = at.clone();
    loop {
        let oid = commit.id();
        let subtree = subtree_id(repo, &commit)?;
        let flagged = commit.parent_count() > 1 || has_trailer(commit.message_bytes());
        let mut is_cut = cut.contains(&oid);
        let parent = if is_cut || commit.parent_count() == 0 {
            None
        } else {
            match commit.parent(0) {
                Ok(parent) => Some(parent),
                // A parent that is not there is a cut the shallow file does not name
                // (a grafted or partial clone): the history ends here either way.
                Err(e) if e.code() == git2::ErrorCode::NotFound => {
                    is_cut = true;
                    None
                }
                Err(e) => return Err(error(format!("reading the parent of {}", short(oid)), &e)),
            }
        };
        links.push(Link {
            oid,
            subtree,
            flagged,
            cut: is_cut,
        });
        tick(links.len());
        match parent {
            Some(parent) => commit = parent,
            None => break,
        }
    }
    links.reverse();
    Ok(links)
}

/// Whether a commit message may carry a `Check-in:` trailer; checked precisely later.
fn has_trailer(message: &[u8]) -> bool {
    message
        .windows(9)
        .any(|w| w.eq_ignore_ascii_case(b"check-in:"))
}

/// The id of the tree's folder at `commit`, without reading more than the path.
fn subtree_id(repo: &Repo, commit: &Commit<'_>) -> Result<Option<Oid>> {
    if repo.prefix.is_empty() {
        return Ok(Some(commit.tree_id()));
    }
    let top = commit
        .tree()
        .map_err(|e| error(format!("reading commit {}", short(commit.id())), &e))?;
    match top.get_path(Path::new(&repo.prefix)) {
        Ok(entry) if entry.kind() == Some(ObjectType::Tree) => Ok(Some(entry.id())),
        Ok(_) => Ok(None),
        Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
        Err(e) => Err(error(format!("reading {}", repo.prefix), &e)),
    }
}

/// The strategy files that differ between two versions of the tree's folder, by the
/// same rules as loading: `*.toml` blobs, no hidden entries, no `target/`, no nested
/// trees, and not the root's `align.toml` (settings, not strategy).
pub(super) fn diff(
    repo: &Repository,
    old: Option<Oid>,
    new: Option<Oid>,
) -> Result<Vec<FileChange>> {
    let mut out = Vec::new();
    let mut stack: Vec<(Option<Oid>, Option<Oid>, String)> = vec![(old, new, String::new())];
    let find = |id: Option<Oid>, folder: &str| -> Result<Option<Tree<'_>>> {
        let Some(id) = id else { return Ok(None) };
        let tree = repo
            .find_tree(id)
            .map_err(|e| error(format!("reading folder {folder}"), &e))?;
        // A folder with its own align.toml is another tree, not part of this one.
        let nested = !folder.is_empty() && tree.get_name(SETTINGS_FILE).is_some();
        Ok((!nested).then_some(tree))
    };
    while let Some((old, new, folder)) = stack.pop() {
        let (old, new) = (find(old, &folder)?, find(new, &folder)?);
        let (mut i, mut j) = (0, 0);
        let (n_old, n_new) = (
            old.as_ref().map_or(0, Tree::len),
            new.as_ref().map_or(0, Tree::len),
        );
        while i < n_old || j < n_new {
            let a = old.as_ref().and_then(|t| t.get(i)).filter(|_| i < n_old);
            let b = new.as_ref().and_then(|t| t.get(j)).filter(|_| j < n_new);
            let order = match (&a, &b) {
                (Some(a), Some(b)) => git_order(a, b),
                (Some(_), None) => Ordering::Less,
                (None, _) => Ordering::Greater,
            };
            let (a, b) = match order {
                Ordering::Less => {
                    i += 1;
                    (a, None)
                }
                Ordering::Greater => {
                    j += 1;
                    (None, b)
                }
                Ordering::Equal => {
                    i += 1;
                    j += 1;
                    (a, b)
                }
            };
            if let (Some(a), Some(b)) = (&a, &b)
                && a.id() == b.id()
                && a.filemode() == b.filemode()
            {
                continue;
            }
            let name = match a.as_ref().or(b.as_ref()).map(|e| e.name_bytes()) {
                Some(bytes) => String::from_utf8_lossy(bytes).into_owned(),
                None => continue,
            };
            if name.starts_with('.') {
                continue;
            }
            let path = if folder.is_empty() {
                name.clone()
            } else {
                format!("{folder}/{name}")
            };
            let tree_of = |e: &Option<git2::TreeEntry<'_>>| {
                e.as_ref()
                    .filter(|e| e.kind() == Some(ObjectType::Tree) && name != "target")
                    .map(|e| e.id())
            };
            let blob_of = |e: &Option<git2::TreeEntry<'_>>| {
                e.as_ref()
                    .filter(|e| {
                        e.kind() == Some(ObjectType::Blob)
                            && e.filemode() != 0o120000
                            && name.ends_with(".toml")
                            && !(folder.is_empty() && name == SETTINGS_FILE)
                    })
                    .map(|e| e.id())
            };
            let (old_tree, new_tree) = (tree_of(&a), tree_of(&b));
            if old_tree.is_some() || new_tree.is_some() {
                stack.push((old_tree, new_tree, path.clone()));
            }
            let (old_blob, new_blob) = (blob_of(&a), blob_of(&b));
            if old_blob != new_blob {
                out.push(FileChange {
                    path,
                    new: new_blob,
                });
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// Git's order of tree entries: by name, a folder's name compared as if it ended
/// with `/`.
fn git_order(a: &git2::TreeEntry<'_>, b: &git2::TreeEntry<'_>) -> Ordering {
    let key = |e: &git2::TreeEntry<'_>| e.kind() == Some(ObjectType::Tree);
    let (an, bn) = (a.name_bytes(), b.name_bytes());
    let common = an.len().min(bn.len());
    match an[..common].cmp(&bn[..common]) {
        Ordering::Equal => {}
        other => return other,
    }
    let next = |name: &[u8], tree: bool| match name.get(common) {
        Some(&c) => Some(c),
        None if tree => Some(b'/'),
        None => None,
    };
    next(an, key(a)).cmp(&next(bn, key(b)))
}
