//! Puts the git commit into `align --version`: `ALIGN_VERSION` is "0.1.0 (abc1234)"
//! when the source is a git checkout and git is installed, else plain "0.1.0". A
//! missing git, a tarball or a CI checkout without history never fails the build.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let version = match git(&["rev-parse", "--short", "HEAD"]) {
        Some(commit) => {
            watch_head();
            format!("{version} ({commit})")
        }
        None => version,
    };
    println!("cargo:rustc-env=ALIGN_VERSION={version}");
}

/// A git command's trimmed output, or `None` when git is missing or fails.
fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    let text = text.trim();
    (output.status.success() && !text.is_empty()).then(|| text.to_string())
}

/// Rebuilds when HEAD moves: HEAD itself, the branch it points to, packed refs. Only
/// paths that exist: cargo would rebuild every time for one that does not.
fn watch_head() {
    let path = |args: &[&str]| git(args).map(PathBuf::from);
    let mut watched = Vec::new();
    if let Some(git_dir) = path(&["rev-parse", "--git-dir"]) {
        watched.push(git_dir.join("HEAD"));
    }
    if let Some(common) = path(&["rev-parse", "--git-common-dir"]) {
        if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
            watched.push(common.join(branch));
        }
        watched.push(common.join("packed-refs"));
    }
    for file in watched.iter().filter(|p| Path::exists(p)) {
        println!("cargo:rerun-if-changed={}", file.display());
    }
}
