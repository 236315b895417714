//! Walking the first-parent history of the tree's folder: which commits changed it,
//! and which files they changed. Tree ids are compared directly and only subtrees
//! whose id changed are entered, which costs about what `git log --raw` does (a
//! pathspec diff through libgit2 costs four times more).

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::path::Path;

use std::rc::Rc;

use git2::{Commit, ObjectType, Odb, OdbObject, Oid};

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
    /// The committer's time, seconds since the epoch: when it landed, as git says.
    pub time: i64,
}

/// A file of the tree that differs between two versions.
pub(super) struct FileChange {
    /// Relative to the tree root, `/`-separated.
    pub path: String,
    pub old: Option<Oid>,
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
            time: commit.time().seconds(),
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
pub(super) fn subtree_id(repo: &Repo, commit: &Commit<'_>) -> Result<Option<Oid>> {
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
///
/// Tree objects are read raw and walked side by side, as git's own tree walk does,
/// without building an entry object per file. `trees` holds the raw folders of the
/// previous version: the new side of one commit is the old side of the next. On
/// return it holds the folders of the new version.
pub(super) fn diff<'o>(
    odb: &'o Odb<'_>,
    missing: &dyn Fn(&str) -> crate::error::Error,
    old: Option<Oid>,
    new: Option<Oid>,
    trees: &mut HashMap<Oid, Rc<OdbObject<'o>>>,
) -> Result<Vec<FileChange>> {
    let mut out = Vec::new();
    let mut stack: Vec<(Option<Oid>, Option<Oid>, String)> = vec![(old, new, String::new())];
    let mut next: HashMap<Oid, Rc<OdbObject<'o>>> = HashMap::new();
    let find = |id: Option<Oid>, folder: &str, known: &HashMap<Oid, Rc<OdbObject<'o>>>| {
        let Some(id) = id else { return Ok(None) };
        if let Some(tree) = known.get(&id) {
            return Ok(Some(tree.clone()));
        }
        let object = odb.read(id).map_err(|e| match e.code() {
            git2::ErrorCode::NotFound => missing(folder),
            _ => error(format!("reading folder {folder}"), &e),
        })?;
        if object.kind() != ObjectType::Tree {
            return Err(crate::error::Error::Git {
                what: format!("reading folder {folder}"),
                message: format!("{} is not a tree", short(id)),
            });
        }
        Ok(Some(Rc::new(object)))
    };
    while let Some((old, new, folder)) = stack.pop() {
        let (old, new) = (find(old, &folder, trees)?, find(new, &folder, trees)?);
        if let (Some(id), Some(tree)) = (new.as_ref().map(|t| t.id()), &new) {
            next.insert(id, tree.clone());
        }
        let (a_entries, b_entries) = (
            folder_entries(&old, &folder)?,
            folder_entries(&new, &folder)?,
        );
        let (mut i, mut j) = (0, 0);
        while i < a_entries.len() || j < b_entries.len() {
            let (a, b) = (a_entries.get(i), b_entries.get(j));
            let order = match (a, b) {
                (Some(a), Some(b)) if a.name == b.name => Ordering::Equal,
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
            if let (Some(a), Some(b)) = (a, b)
                && a.id == b.id
                && a.mode == b.mode
            {
                continue;
            }
            let Some(name) = a
                .or(b)
                .map(|e| String::from_utf8_lossy(e.name).into_owned())
            else {
                continue;
            };
            if name.starts_with('.') {
                continue;
            }
            let path = if folder.is_empty() {
                name.clone()
            } else {
                format!("{folder}/{name}")
            };
            let tree_of = |e: Option<&Entry<'_>>| {
                e.filter(|e| e.is_tree() && name != "target")
                    .and_then(|e| Oid::from_bytes(e.id).ok())
            };
            let blob_of = |e: Option<&Entry<'_>>| {
                e.filter(|e| {
                    e.is_file()
                        && name.ends_with(".toml")
                        && !(folder.is_empty() && name == SETTINGS_FILE)
                })
                .and_then(|e| Oid::from_bytes(e.id).ok())
            };
            let (old_tree, new_tree) = (tree_of(a), tree_of(b));
            if old_tree.is_some() || new_tree.is_some() {
                stack.push((old_tree, new_tree, path.clone()));
            }
            let (old_blob, new_blob) = (blob_of(a), blob_of(b));
            if old_blob != new_blob {
                out.push(FileChange {
                    path,
                    old: old_blob,
                    new: new_blob,
                });
            }
        }
    }
    *trees = next;
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// The entries of one side of a folder; none for a nested tree (a folder with its own
/// align.toml is another tree, not part of this one).
fn folder_entries<'t>(tree: &'t Option<Rc<OdbObject<'_>>>, folder: &str) -> Result<Vec<Entry<'t>>> {
    let Some(tree) = tree else {
        return Ok(Vec::new());
    };
    let entries = entries(tree.data()).ok_or_else(|| crate::error::Error::Git {
        what: format!("reading folder {folder}"),
        message: format!("{} is not a valid tree", short(tree.id())),
    })?;
    let nested = !folder.is_empty() && entries.iter().any(|e| e.name == SETTINGS_FILE.as_bytes());
    Ok(if nested { Vec::new() } else { entries })
}

/// One entry of a raw tree object: `<octal mode> <name>\0<binary id>`.
struct Entry<'a> {
    mode: u32,
    name: &'a [u8],
    /// The raw id: compared as bytes, turned into an `Oid` only for what changed.
    id: &'a [u8],
}

impl Entry<'_> {
    fn is_tree(&self) -> bool {
        self.mode == 0o040000
    }

    /// A regular file (not a symlink, not a submodule).
    fn is_file(&self) -> bool {
        matches!(self.mode, 0o100644 | 0o100755 | 0o100664)
    }
}

/// The entries of a raw tree object, in their stored (git) order; `None` when the
/// object is not a well-formed tree.
fn entries(mut data: &[u8]) -> Option<Vec<Entry<'_>>> {
    const ID: usize = 20;
    let mut out = Vec::with_capacity(data.len() / 40);
    while !data.is_empty() {
        let space = data.iter().position(|&b| b == b' ')?;
        let mode = data[..space].iter().try_fold(0u32, |m, &d| {
            (d.is_ascii_digit() && d < b'8').then(|| m * 8 + u32::from(d - b'0'))
        })?;
        let rest = &data[space + 1..];
        let nul = rest.iter().position(|&b| b == 0)?;
        let id = rest.get(nul + 1..nul + 1 + ID)?;
        out.push(Entry {
            mode,
            name: &rest[..nul],
            id,
        });
        data = &rest[nul + 1 + ID..];
    }
    Some(out)
}

/// Git's order of tree entries: by name, a folder's name compared as if it ended
/// with `/`.
fn git_order(a: &Entry<'_>, b: &Entry<'_>) -> Ordering {
    let (an, bn) = (a.name, b.name);
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
    next(an, a.is_tree()).cmp(&next(bn, b.is_tree()))
}
