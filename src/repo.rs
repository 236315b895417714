//! Where the tree sits in its git repository. GitHub annotations and SARIF name files
//! relative to the repository's root, not the tree's: in a monorepo whose strategy
//! lives in `strategy/`, `vision.toml` must be reported as `strategy/vision.toml`.

use std::path::{Component, Path, PathBuf};

/// The work tree of the git repository holding `dir`, as git finds it (a linked
/// worktree or a submodule has a `.git` file; `GIT_DIR` and ceiling folders count).
/// `None` outside a repository and in a bare one.
pub fn root_of(dir: &Path) -> Option<PathBuf> {
    let repo = git2::Repository::discover(dir).ok()?;
    let workdir = repo.workdir()?;
    // libgit2 gives the work tree with a trailing separator.
    Some(
        workdir
            .canonicalize()
            .unwrap_or_else(|_| workdir.to_path_buf()),
    )
}

/// The path from the repository root to the tree root, with `/` and a trailing `/`
/// (`"strategy/"`), or `""` when the tree is the repository. Outside a repository,
/// the path from `cwd` (with `..` where the tree is not below it). Both paths are
/// resolved first, so symlinks and relative `--root` values do not matter.
pub fn prefix(tree_root: &Path, cwd: &Path) -> String {
    let tree = cwd.join(tree_root);
    let tree = tree.canonicalize().unwrap_or(tree);
    let base = root_of(&tree).unwrap_or_else(|| cwd.canonicalize().unwrap_or(cwd.to_path_buf()));
    let relative = relative_path(&base, &tree);
    let mut text: String = relative.join("/");
    if !text.is_empty() {
        text.push('/');
    }
    text
}

/// The components leading from `base` to `path`, both absolute.
fn relative_path(base: &Path, path: &Path) -> Vec<String> {
    let base: Vec<Component> = base.components().collect();
    let path: Vec<Component> = path.components().collect();
    let common = base.iter().zip(&path).take_while(|(a, b)| a == b).count();
    let up = std::iter::repeat_n("..".to_string(), base.len() - common);
    let down = path[common..]
        .iter()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    up.chain(down).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tree_inside_a_repository_is_prefixed_by_its_folder() {
        let dir = tempfile::tempdir().expect("temp dir");
        let repo = dir.path().join("mono");
        git2::Repository::init(&repo).expect("git init");
        std::fs::create_dir_all(repo.join("org/strategy")).expect("mkdir");
        let cwd = repo.join("org");
        assert_eq!(prefix(Path::new("strategy"), &cwd), "org/strategy/");
        assert_eq!(prefix(&repo, &cwd), "");
        // The nearest repository counts: a nested one (a submodule, a vendored repo).
        git2::Repository::init(repo.join("org")).expect("git init");
        assert_eq!(prefix(Path::new("strategy"), &cwd), "strategy/");
        // A `.git` that is not a repository is not one.
        let fake = dir.path().join("fake");
        std::fs::create_dir_all(fake.join(".git")).expect("mkdir");
        assert_eq!(root_of(&fake), None);
    }

    #[test]
    fn outside_a_repository_paths_are_relative_to_the_working_directory() {
        let dir = tempfile::tempdir().expect("temp dir");
        let tree = dir.path().join("a/tree");
        let cwd = dir.path().join("b");
        std::fs::create_dir_all(&tree).expect("mkdir");
        std::fs::create_dir_all(&cwd).expect("mkdir");
        if root_of(&tree.canonicalize().expect("exists")).is_some() {
            return; // the temp dir is itself inside a repository
        }
        assert_eq!(prefix(&tree, &cwd), "../a/tree/");
        assert_eq!(prefix(&tree, &dir.path().join("a")), "tree/");
    }
}
