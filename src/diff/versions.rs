//! Which versions a diff compares, found with git2 alone: the default branch, the
//! merge base of a branch and HEAD, and the tree as it was at a commit. Nothing here
//! writes to the repository or checks anything out.

use git2::Commit;

use crate::error::{Error, Result};
use crate::git::{Repo, short};
use crate::load::{SETTINGS_FILE, Tree};

/// A commit to compare, and how it was found.
pub struct Picked<'r> {
    /// How the user or the default named it: `origin/main`, `HEAD`, an id.
    pub name: String,
    pub commit: Commit<'r>,
    /// Whether `commit` is the merge base of `name` and HEAD.
    pub merge_base: bool,
}

/// The branch a change is compared with when none is named. On a GitHub pull request
/// `GITHUB_BASE_REF` names it (pass its value); otherwise the remote's default branch
/// (`origin/HEAD`), then `origin/main`, `origin/master`, `main`, `master`.
pub fn default_branch<'r>(
    repo: &'r Repo,
    github_base_ref: Option<&str>,
) -> Result<(String, Commit<'r>)> {
    let resolve = |name: &str| -> Option<Commit<'r>> {
        repo.repo.revparse_single(name).ok()?.peel_to_commit().ok()
    };
    let shallow = repo
        .shallow_warning()
        .map(|w| format!("; {w}"))
        .unwrap_or_default();
    if let Some(branch) = github_base_ref.filter(|b| !b.is_empty()) {
        for name in [format!("origin/{branch}"), branch.to_string()] {
            if let Some(commit) = resolve(&name) {
                return Ok((name, commit));
            }
        }
        let fetch = match repo.shallow_warning() {
            Some(warning) => warning,
            None => format!(
                "fetch it (`git fetch origin {branch}`, or `fetch-depth: 0` on actions/checkout)"
            ),
        };
        return Err(Error::Usage(format!(
            "the pull request's base branch `{branch}` (GITHUB_BASE_REF) is not in this \
             clone: neither origin/{branch} nor {branch} exists; {fetch}"
        )));
    }
    // origin/HEAD points at the remote's default branch: name it by that branch.
    if let Ok(reference) = repo.repo.find_reference("refs/remotes/origin/HEAD") {
        let name = reference
            .symbolic_target()
            .ok()
            .flatten()
            .and_then(|t| t.strip_prefix("refs/remotes/"))
            .unwrap_or("origin/HEAD")
            .to_string();
        if let Some(commit) = resolve("origin/HEAD") {
            return Ok((name, commit));
        }
    }
    for name in ["origin/main", "origin/master", "main", "master"] {
        if let Some(commit) = resolve(name) {
            return Ok((name.to_string(), commit));
        }
    }
    Err(Error::Usage(format!(
        "cannot tell which branch to compare with: there is no origin/HEAD, origin/main, \
         origin/master, main or master. Name the base: `align diff BASE`{shallow}"
    )))
}

/// The merge base of `name` (at `commit`) and HEAD: what the change on HEAD started
/// from, as `git diff name...HEAD` compares.
pub fn merge_base<'r>(repo: &'r Repo, name: &str, commit: Commit<'r>) -> Result<Picked<'r>> {
    let head = repo.commit("HEAD")?;
    match repo.repo.merge_base(commit.id(), head.id()) {
        Ok(base) => {
            let base = repo.repo.find_commit(base).map_err(|e| {
                crate::git::error(format!("reading the merge base {}", short(base)), &e)
            })?;
            Ok(Picked {
                name: name.to_string(),
                merge_base: base.id() != commit.id(),
                commit: base,
            })
        }
        Err(e) if e.code() == git2::ErrorCode::NotFound => {
            let why = match repo.shallow_warning() {
                Some(warning) => warning,
                None => "they share no history".to_string(),
            };
            Err(Error::Usage(format!(
                "no merge base of HEAD and {name} ({}): {why}",
                short(commit.id())
            )))
        }
        Err(e) => Err(crate::git::error(
            format!("finding the merge base of HEAD and {name}"),
            &e,
        )),
    }
}

/// A commit named exactly, not a merge base.
pub fn exact<'r>(repo: &'r Repo, name: &str) -> Result<Picked<'r>> {
    Ok(Picked {
        name: name.to_string(),
        commit: repo.commit(name)?,
        merge_base: false,
    })
}

/// The tree at a picked commit, or `None` when that commit has no tree (the change
/// adds it, or removes it).
pub fn load(repo: &Repo, picked: &Picked<'_>) -> Result<Option<Tree>> {
    let has_tree = repo
        .subtree(&picked.commit)?
        .is_some_and(|t| t.get_name(SETTINGS_FILE).is_some());
    if !has_tree {
        return Ok(None);
    }
    repo.load_at(&picked.commit, &picked.name).map(Some)
}
