//! Shipping: the workflows pass actionlint, the crate holds what a user needs and no
//! test corpora, and the release archives, `cargo binstall` and the Action's
//! installer agree on one archive name.

mod common;

use std::path::Path;
use std::process::Command;

use common::external_tool;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every workflow: this repository's, and the example users copy.
fn workflows() -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for dir in [".github/workflows", "examples/workflows"] {
        for entry in std::fs::read_dir(manifest_dir().join(dir)).expect("a workflow folder") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "yml" || e == "yaml") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn every_workflow_passes_actionlint() {
    let Some(actionlint) = external_tool("actionlint") else {
        return;
    };
    let files = workflows();
    assert!(files.len() >= 3, "{files:?}");
    let output = Command::new(&actionlint)
        .args(&files)
        .current_dir(manifest_dir())
        .output()
        .expect("actionlint runs");
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );

    // The example as it would run here, with the action of this work tree: actionlint
    // then checks its inputs and outputs against action.yml.
    // actionlint looks for the repository around the workflows.
    let dir = common::repo::TestRepo::new();
    let example = std::fs::read_to_string(manifest_dir().join("examples/workflows/strategy.yml"))
        .expect("the example");
    let uses = example
        .lines()
        .find_map(|l| l.trim().strip_prefix("- uses: align-okr/align@"))
        .expect("the example uses the action at a tag");
    assert!(uses.starts_with('v'), "pinned to a release tag: {uses}");
    let local = example.replace(&format!("align-okr/align@{uses}"), "./");
    std::fs::create_dir_all(dir.path().join(".github/workflows")).expect("mkdir");
    std::fs::write(dir.path().join(".github/workflows/strategy.yml"), local).expect("write");
    std::fs::copy(
        manifest_dir().join("action.yml"),
        dir.path().join("action.yml"),
    )
    .expect("copy");
    let mut broken =
        std::fs::read_to_string(dir.path().join(".github/workflows/strategy.yml")).expect("read");
    let checked = Command::new(&actionlint)
        .current_dir(dir.path())
        .output()
        .expect("actionlint runs");
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stdout)
    );

    // And actionlint does check: an input the action does not have fails.
    broken = broken.replace("deny-warnings:", "deny-warning:");
    std::fs::write(dir.path().join(".github/workflows/strategy.yml"), broken).expect("write");
    let rejected = Command::new(&actionlint)
        .current_dir(dir.path())
        .output()
        .expect("actionlint runs");
    let out = String::from_utf8_lossy(&rejected.stdout);
    assert!(
        !rejected.status.success() && out.contains("deny-warning"),
        "{out}"
    );
}

#[test]
fn the_package_holds_what_a_user_needs_and_no_test_corpora() {
    let output = Command::new(env!("CARGO"))
        .args(["package", "--list", "--allow-dirty", "--offline"])
        .current_dir(manifest_dir())
        .output()
        .expect("cargo runs");
    let list = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let files: Vec<&str> = list.lines().collect();
    for needed in [
        "Cargo.toml",
        "Cargo.lock",
        "README.md",
        "LICENSE-MIT",
        "LICENSE-APACHE",
        "build.rs",
        "src/main.rs",
        "src/lib.rs",
        "assets/explain/line-of-sight.md",
        "docs/rules/line-of-sight.md",
        "examples/acme/align.toml",
    ] {
        assert!(files.contains(&needed), "{needed} is not packaged");
    }
    for file in &files {
        assert!(
            !file.starts_with("tests/")
                && !file.starts_with("fuzz/")
                && !file.starts_with(".github/"),
            "{file} is packaged"
        );
    }
    assert!(files.len() < 400, "{} files", files.len());
}

/// `{ name }` placeholders of cargo-binstall, filled in.
fn binstall(template: &str, target: &str, suffix: &str) -> String {
    template
        .replace("{ repo }", env!("CARGO_PKG_REPOSITORY"))
        .replace("{ version }", env!("CARGO_PKG_VERSION"))
        .replace("{ target }", target)
        .replace("{ archive-suffix }", suffix)
        .replace("{ bin }", "align")
        .replace("{ binary-ext }", "")
}

#[test]
fn binstall_the_release_and_the_action_name_the_same_archive() {
    let manifest: toml::Table = std::fs::read_to_string(manifest_dir().join("Cargo.toml"))
        .expect("read")
        .parse()
        .expect("TOML");
    let meta = &manifest["package"]["metadata"]["binstall"];
    let target = "x86_64-unknown-linux-musl";
    let version = env!("CARGO_PKG_VERSION");
    let name = format!("align-v{version}-{target}");
    assert_eq!(
        binstall(
            meta["pkg-url"].as_str().expect("pkg-url"),
            target,
            ".tar.gz"
        ),
        format!(
            "{}/releases/download/v{version}/{name}.tar.gz",
            env!("CARGO_PKG_REPOSITORY")
        )
    );
    assert_eq!(
        binstall(meta["bin-dir"].as_str().expect("bin-dir"), target, ""),
        format!("{name}/align")
    );
    // The release workflow packs align-v$VERSION-$TARGET/ into that name...
    let release = std::fs::read_to_string(manifest_dir().join(".github/workflows/release.yml"))
        .expect("release.yml");
    assert!(release.contains(r#"name="align-v$VERSION-$TARGET""#));
    assert!(release.contains(r#"archive="$name.tar.gz""#));
    assert!(release.contains(r#"archive="$name.zip""#));
    assert_eq!(
        meta["overrides"]["x86_64-pc-windows-msvc"]["pkg-fmt"].as_str(),
        Some("zip")
    );
    // ...and the Action's installer downloads it from the same place
    // (tests/action_install.rs serves it).
    let install =
        std::fs::read_to_string(manifest_dir().join("action/install.sh")).expect("install.sh");
    assert!(install.contains(r#"$(package_key repository)/releases/download"#));
    assert!(install.contains(r#"local name="align-v$version-$target""#));
    // Every target the release builds is one the installer maps a runner to.
    for target in [
        "x86_64-unknown-linux-musl",
        "aarch64-unknown-linux-musl",
        "x86_64-apple-darwin",
        "aarch64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(release.contains(&format!("- target: {target}")), "{target}");
        assert!(install.contains(&format!(") echo {target} ;;")), "{target}");
    }
}

#[test]
fn every_shell_script_passes_shellcheck() {
    let Some(shellcheck) = external_tool("shellcheck") else {
        return;
    };
    let scripts = [
        "action/install.sh",
        "action/run.sh",
        "action/pre-commit.sh",
        ".ci/run",
        ".ci/pre-commit",
    ];
    let output = Command::new(shellcheck)
        .args(scripts)
        .current_dir(manifest_dir())
        .output()
        .expect("shellcheck runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}
