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
    probe_tools();
}

/// The external tools some tests check output with. Where one is missing, the
/// tests that need it are ignored, so the summary counts them as such instead of as
/// passed: `#[cfg_attr(missing_dot, ignore = "...")]`. In CI (`CI` set) none is
/// ignored: a missing tool fails its tests.
const TOOLS: [(&str, &str); 7] = [
    ("dot", "missing_dot"),
    ("chromium", "missing_chromium"),
    ("check-jsonschema", "missing_check_jsonschema"),
    ("taplo", "missing_taplo"),
    ("bash", "missing_bash"),
    ("groff", "missing_groff"),
    ("script", "missing_script"),
];

fn probe_tools() {
    println!("cargo:rerun-if-env-changed=PATH");
    println!("cargo:rerun-if-env-changed=CI");
    println!("cargo:rerun-if-env-changed=ALIGN_MERMAID_JS");
    let ci = std::env::var_os("CI").is_some();
    let paths: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    for (tool, cfg) in TOOLS {
        println!("cargo::rustc-check-cfg=cfg({cfg})");
        if !ci && !paths.iter().any(|dir| dir.join(tool).is_file()) {
            println!("cargo:rustc-cfg={cfg}");
        }
    }
    // Tests too slow for every `cargo test` on a laptop (tests/scale.rs renders a 10 MB
    // page in Chromium) are ignored outside CI: `#[cfg_attr(not_ci, ignore = "...")]`.
    println!("cargo::rustc-check-cfg=cfg(not_ci)");
    if !ci {
        println!("cargo:rustc-cfg=not_ci");
    }
    // mermaid.js where .ci/run installs it (see tests/mermaid_render.rs).
    println!("cargo::rustc-check-cfg=cfg(missing_mermaid_js)");
    let mermaid = std::env::var_os("ALIGN_MERMAID_JS").map_or_else(
        || PathBuf::from("target/npm/node_modules/mermaid/dist/mermaid.min.js"),
        PathBuf::from,
    );
    if !ci && !mermaid.is_file() {
        println!("cargo:rustc-cfg=missing_mermaid_js");
    }
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
