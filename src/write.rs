//! Replacing a file of the tree so that it is never lost: the new text goes to a
//! temporary file in the same folder, is synced to disk, takes the old file's
//! permissions, and is renamed over the old file only if that file still holds what was
//! read. A crash or an I/O error at any moment leaves the old file or the new one,
//! never a truncated or half-written one; an edit saved meanwhile is never overwritten.
//!
//! Fault injection, for the tests that prove this (`tests/writes.rs`): the environment
//! variable `ALIGN_FAULT_INJECTION` set to
//! - `fail-write`: writing the temporary file fails half-way, as on a full disk;
//! - `pause-before-write`: before anything is written, say so on standard error and wait
//!   for a line on standard input (a test edits the file meanwhile);
//! - `pause-before-rename`: the same once the temporary file is written and synced,
//!   just before the rename (a test kills the process there).

use std::fs::File;
use std::io::{BufRead, Write};
use std::path::Path;

use crate::error::{Error, Result};
use crate::source::Sources;

/// The environment variable that injects a fault into [`replace`] (see the module docs).
pub const FAULT_INJECTION: &str = "ALIGN_FAULT_INJECTION";

/// Replaces the file at `path`, which held `read` when it was read, with `new`. A
/// symlink is followed: the file it points to is replaced and the link stays a link.
/// Refuses with [`Error::Changed`] when the file no longer holds `read`.
pub fn replace(path: &Path, read: &[u8], new: &[u8]) -> Result<()> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let written = |source| Error::Write {
        what: path.display().to_string(),
        source,
    };
    let fault = std::env::var(FAULT_INJECTION).unwrap_or_default();
    if fault == "pause-before-write" {
        pause("before writing", path);
    }
    let real = path.canonicalize().map_err(io)?;
    let metadata = std::fs::metadata(&real).map_err(io)?;
    unchanged(path, &real, read)?;
    let folder = real.parent().unwrap_or(Path::new("."));
    let mut temporary = temporary_beside(&real, folder).map_err(written)?;
    let file = temporary.as_file_mut();
    if fault == "fail-write" {
        let half = &new[..new.len() / 2];
        file.write_all(half).map_err(written)?;
        return Err(written(std::io::Error::other(
            "injected failure (ALIGN_FAULT_INJECTION=fail-write)",
        )));
    }
    file.write_all(new).map_err(written)?;
    file.set_permissions(metadata.permissions())
        .map_err(written)?;
    keep_owner(file, &metadata);
    file.sync_all().map_err(written)?;
    if fault == "pause-before-rename" {
        pause("before renaming the new version over", path);
    }
    // Checked again at the last moment: an editor may have saved while we wrote.
    unchanged(path, &real, read)?;
    temporary.persist(&real).map_err(|e| written(e.error))?;
    // The rename is durable once the folder is synced; a failure here loses nothing.
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// Creates the file at `path` (and its folders) with `text`, refusing when a file is
/// already there: written to a temporary file, synced, and moved into place without
/// ever replacing anything, so a file made meanwhile is never lost.
pub fn create(path: &Path, new: &[u8]) -> Result<()> {
    let written = |source| Error::Write {
        what: path.display().to_string(),
        source,
    };
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(folder).map_err(written)?;
    let mut temporary = temporary_beside(path, folder).map_err(written)?;
    temporary.as_file_mut().write_all(new).map_err(written)?;
    temporary.as_file().sync_all().map_err(written)?;
    temporary.persist_noclobber(path).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            Error::Changed {
                path: path.to_path_buf(),
            }
        } else {
            written(e.error)
        }
    })?;
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// A temporary file in `folder` for the new version of `path`: hidden and without the
/// `.toml` extension, so that a tree read meanwhile, or after a crash left it behind,
/// never takes it for a strategy file.
fn temporary_beside(path: &Path, folder: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".align-tmp")
        .tempfile_in(folder)
}

/// Refuses an output file (`report --out`) that is a file of the tree at `root`, or
/// would become one: writing there would replace strategy with a report.
pub fn refuse_tree_file(out: &Path, root: &Path, sources: &Sources) -> Result<()> {
    let refuse = |why: String| {
        Err(Error::Usage(format!(
            "--out {}: {why}; write it outside the tree",
            out.display()
        )))
    };
    if let Some(name) = sources
        .iter()
        .find(|(_, file)| same_file(out, &file.path))
        .map(|(_, file)| file.name.clone())
    {
        return refuse(format!(
            "that is {name}, a file of the strategy tree, which the output would replace"
        ));
    }
    // A new `.toml` file inside the tree would be read as strategy next time.
    let is_toml = out.extension().is_some_and(|e| e == "toml");
    let folder = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if let (true, Ok(folder), Ok(root)) = (is_toml, folder.canonicalize(), root.canonicalize())
        && folder.starts_with(&root)
    {
        return refuse("a .toml file inside the strategy tree is read as strategy".into());
    }
    Ok(())
}

/// Whether two paths name the same file, through links and hard links alike.
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(a), Ok(b)) => (a.dev(), a.ino()) == (b.dev(), b.ino()),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Refuses when the file no longer holds what was read.
fn unchanged(path: &Path, real: &Path, read: &[u8]) -> Result<()> {
    let now = std::fs::read(real).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if now == read {
        Ok(())
    } else {
        Err(Error::Changed {
            path: path.to_path_buf(),
        })
    }
}

/// Gives the new file the old one's owner and group, when we may (as root); otherwise
/// it is ours, as any editor's save would make it.
#[cfg(unix)]
fn keep_owner(file: &File, old: &std::fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    let Ok(new) = file.metadata() else { return };
    if (new.uid(), new.gid()) != (old.uid(), old.gid()) {
        let _ = std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()));
    }
}

#[cfg(not(unix))]
fn keep_owner(_: &File, _: &std::fs::Metadata) {}

/// Waits for a line on standard input, having said where on standard error.
fn pause(when: &str, path: &Path) {
    let _ = writeln!(
        std::io::stderr().lock(),
        "align: {FAULT_INJECTION}: paused {when} {}; press Enter to go on",
        path.display()
    );
    let _ = std::io::stdin().lock().read_line(&mut String::new());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_replaced_and_keeps_its_permissions() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("a.toml");
        std::fs::write(&path, "old").expect("write");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        }
        replace(&path, b"old", b"new").expect("replaced");
        assert_eq!(std::fs::read(&path).expect("read"), b"new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["a.toml"], "no temporary file is left behind");
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_not_replaced() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("a.toml");
        std::fs::write(&path, "saved meanwhile").expect("write");
        let error = replace(&path, b"old", b"new").expect_err("refused");
        assert!(matches!(error, Error::Changed { .. }), "{error}");
        assert!(error.to_string().contains("a.toml"), "{error}");
        assert_eq!(std::fs::read(&path).expect("read"), b"saved meanwhile");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_stays_a_link_and_its_target_is_replaced() {
        let dir = tempfile::tempdir().expect("dir");
        let real = dir.path().join("real.toml");
        let link = dir.path().join("link.toml");
        std::fs::write(&real, "old").expect("write");
        std::os::unix::fs::symlink("real.toml", &link).expect("link");
        replace(&link, b"old", b"new").expect("replaced");
        assert!(std::fs::symlink_metadata(&link).expect("meta").is_symlink());
        assert_eq!(std::fs::read(&real).expect("read"), b"new");
    }
}
