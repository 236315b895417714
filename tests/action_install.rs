//! The Action's installer (action/install.sh) end to end: release archives built here
//! from the `align` under test, served by a local `python3 -m http.server`, then
//! planned, downloaded, checksum-verified and unpacked as a runner would. Also what
//! must fail closed: a wrong checksum, a missing release; and a runner with no
//! archive, which builds from source.

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use common::external_tool;

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A `python3 -m http.server` on a free port of 127.0.0.1, serving `dir`; stopped
/// when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(dir: &Path) -> Option<Self> {
        let python = external_tool("python3")?;
        let mut child = Command::new(python)
            .args([
                "-u",
                "-m",
                "http.server",
                "0",
                "--bind",
                "127.0.0.1",
                "--directory",
            ])
            .arg(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 starts");
        // "Serving HTTP on 127.0.0.1 port 40123 (http://127.0.0.1:40123/) ..."
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the server says where it listens");
        let port = line
            .split_whitespace()
            .skip_while(|w| *w != "port")
            .nth(1)
            .unwrap_or_else(|| panic!("no port in {line:?}"));
        Some(Self {
            child,
            url: format!("http://127.0.0.1:{port}"),
        })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A release folder as .github/workflows/release.yml publishes it: for each target,
/// align-vVERSION-TARGET.tar.gz (.zip on Windows) holding align-vVERSION-TARGET/align
/// (the binary under test), and its .sha256.
fn release(targets: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join(format!("v{VERSION}"));
    std::fs::create_dir_all(&out).expect("mkdir");
    // Without its debug info the binary packs in a second rather than ten, as the
    // release's binaries are stripped too.
    let binary = dir.path().join("align");
    std::fs::copy(env!("CARGO_BIN_EXE_align"), &binary).expect("copy the binary");
    let _ = Command::new("strip").arg(&binary).status();
    for target in targets {
        let name = format!("align-v{VERSION}-{target}");
        let staging = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(staging.path().join(&name)).expect("mkdir");
        let windows = target.contains("windows");
        let exe = if windows { "align.exe" } else { "align" };
        std::fs::copy(&binary, staging.path().join(&name).join(exe)).expect("copy");
        let archive = if windows {
            let archive = format!("{name}.zip");
            run_ok(
                Command::new("python3")
                    .args(["-m", "zipfile", "-c"])
                    .arg(out.join(&archive))
                    .arg(&name)
                    .current_dir(staging.path()),
            );
            archive
        } else {
            let archive = format!("{name}.tar.gz");
            run_ok(
                Command::new("tar")
                    .arg("-czf")
                    .arg(out.join(&archive))
                    .arg(&name)
                    .current_dir(staging.path()),
            );
            archive
        };
        let sum = run_ok(Command::new("sha256sum").arg(&archive).current_dir(&out));
        std::fs::write(out.join(format!("{archive}.sha256")), sum).expect("write");
    }
    dir
}

fn run_ok(command: &mut Command) -> String {
    let output = command.output().expect("runs");
    assert!(
        output.status.success(),
        "{command:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

struct Script {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs install.sh with a runner's environment and the given variables.
fn install_sh(mode: &str, env: &[(&str, &str)], path: Option<&Path>) -> Script {
    let mut command = Command::new("bash");
    command
        .arg(manifest_dir().join("action/install.sh"))
        .arg(mode)
        .env("GITHUB_ACTION_PATH", manifest_dir())
        .env_remove("ALIGN_VERSION")
        .env_remove("ALIGN_ACTION_REF")
        .env_remove("ALIGN_DOWNLOAD_URL")
        .env_remove("ALIGN_TARGET")
        .env_remove("ALIGN_DIR");
    if let Some(dir) = path {
        let path = format!(
            "{}:{}",
            dir.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        command.env("PATH", path);
    }
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().expect("bash runs");
    Script {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// `install.sh plan` as `key=value` pairs.
fn plan(env: &[(&str, &str)]) -> HashMap<String, String> {
    let run = install_sh("plan", env, None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Plans for a runner, then installs from `server` into a tool cache under `cache`.
fn plan_and_install(
    os: &str,
    arch: &str,
    cache: &Path,
    server: &Server,
) -> (HashMap<String, String>, Script) {
    let cache = cache.to_string_lossy().into_owned();
    let base = [
        ("RUNNER_OS", os),
        ("RUNNER_ARCH", arch),
        ("RUNNER_TOOL_CACHE", cache.as_str()),
        ("ALIGN_ACTION_REF", "main"),
    ];
    let planned = plan(&base);
    let install = install_sh(
        "install",
        &[
            ("ALIGN_VERSION", planned["version"].as_str()),
            ("ALIGN_TARGET", planned["target"].as_str()),
            ("ALIGN_DIR", planned["dir"].as_str()),
            ("ALIGN_DOWNLOAD_URL", server.url.as_str()),
        ],
        None,
    );
    (planned, install)
}

#[test]
fn each_runner_gets_its_archive_verified_and_unpacked() {
    let served = release(&[
        "x86_64-unknown-linux-musl",
        "aarch64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ]);
    let Some(server) = Server::start(served.path()) else {
        return;
    };
    for (os, arch, target, exe) in [
        ("Linux", "X64", "x86_64-unknown-linux-musl", "align"),
        ("macOS", "ARM64", "aarch64-apple-darwin", "align"),
        ("Windows", "X64", "x86_64-pc-windows-msvc", "align.exe"),
    ] {
        let cache = tempfile::tempdir().expect("temp dir");
        let (planned, install) = plan_and_install(os, arch, cache.path(), &server);
        assert_eq!(planned["version"], VERSION);
        assert_eq!(planned["target"], target);
        assert_eq!(planned["key"], format!("align-v{VERSION}-{target}"));
        assert_eq!(
            PathBuf::from(&planned["dir"]),
            cache.path().join("align").join(&planned["key"])
        );
        assert_eq!(install.code, 0, "{os}/{arch}: {}", install.stderr);
        assert!(
            install.stdout.contains("Checksum verified"),
            "{}",
            install.stdout
        );
        let bin = PathBuf::from(&planned["dir"]).join("bin").join(exe);
        let version = run_ok(Command::new(&bin).arg("--version"));
        assert!(
            version.starts_with(&format!("align {VERSION}")),
            "{version}"
        );
    }
}

#[test]
fn a_wrong_checksum_fails_and_installs_nothing() {
    let served = release(&["x86_64-unknown-linux-musl"]);
    let sum = served.path().join(format!(
        "v{VERSION}/align-v{VERSION}-x86_64-unknown-linux-musl.tar.gz.sha256"
    ));
    let text = std::fs::read_to_string(&sum).expect("read");
    let flipped = if text.starts_with('0') { "1" } else { "0" };
    std::fs::write(&sum, format!("{flipped}{}", &text[1..])).expect("write");
    let Some(server) = Server::start(served.path()) else {
        return;
    };
    let cache = tempfile::tempdir().expect("temp dir");
    let (planned, install) = plan_and_install("Linux", "X64", cache.path(), &server);
    assert_eq!(install.code, 1, "{}", install.stdout);
    assert!(
        install.stderr.contains(&format!(
            "checksum mismatch for align-v{VERSION}-x86_64-unknown-linux-musl.tar.gz"
        )),
        "{}",
        install.stderr
    );
    assert!(!Path::new(&planned["dir"]).join("bin/align").exists());
}

#[test]
fn a_version_without_a_release_fails_with_what_to_do() {
    let served = release(&[]);
    let Some(server) = Server::start(served.path()) else {
        return;
    };
    let cache = tempfile::tempdir().expect("temp dir");
    let (planned, install) = plan_and_install("Linux", "ARM64", cache.path(), &server);
    assert_eq!(planned["target"], "aarch64-unknown-linux-musl");
    assert_eq!(install.code, 1);
    assert!(
        install.stderr.contains(&format!(
            "align {VERSION} has no release archive for aarch64-unknown-linux-musl"
        )),
        "{}",
        install.stderr
    );
    assert!(
        install.stderr.contains("`version: source`"),
        "{}",
        install.stderr
    );
    assert!(!Path::new(&planned["dir"]).join("bin/align").exists());
}

#[test]
fn a_runner_without_an_archive_builds_from_the_action_sources() {
    let cache = tempfile::tempdir().expect("temp dir");
    let cache_dir = cache.path().to_string_lossy().into_owned();
    let planned = plan(&[
        ("RUNNER_OS", "Linux"),
        ("RUNNER_ARCH", "S390X"),
        ("RUNNER_TOOL_CACHE", cache_dir.as_str()),
    ]);
    assert_eq!(planned["target"], "");
    assert!(
        planned["key"].starts_with("align-source-") && planned["key"].ends_with("-Linux-S390X"),
        "{planned:?}"
    );
    // A stand-in cargo that records how it was called: the real build takes minutes.
    let fake = tempfile::tempdir().expect("temp dir");
    let log = fake.path().join("cargo.log");
    std::fs::write(
        fake.path().join("cargo"),
        format!("#!/bin/sh\necho \"$@\" >'{}'\n", log.display()),
    )
    .expect("write");
    run_ok(
        Command::new("chmod")
            .arg("+x")
            .arg(fake.path().join("cargo")),
    );
    let install = install_sh(
        "install",
        &[
            ("ALIGN_VERSION", planned["version"].as_str()),
            ("ALIGN_TARGET", ""),
            ("ALIGN_DIR", planned["dir"].as_str()),
        ],
        Some(fake.path()),
    );
    assert_eq!(install.code, 0, "{}", install.stderr);
    assert_eq!(
        std::fs::read_to_string(&log).expect("cargo ran"),
        format!(
            "install --locked --path {} --root {}\n",
            manifest_dir().display(),
            planned["dir"]
        )
    );
    // `version: source` asks for the same on any runner.
    let forced = plan(&[
        ("RUNNER_OS", "Linux"),
        ("RUNNER_ARCH", "X64"),
        ("ALIGN_VERSION", "source"),
    ]);
    assert_eq!(forced["target"], "");
    assert!(forced["key"].starts_with("align-source-"), "{forced:?}");
}

#[test]
fn the_version_is_the_input_else_the_action_tag_else_cargo_toml() {
    let linux = [("RUNNER_OS", "Linux"), ("RUNNER_ARCH", "X64")];
    let version = |extra: &[(&str, &str)]| {
        let env: Vec<(&str, &str)> = linux.iter().chain(extra).copied().collect();
        plan(&env)["version"].clone()
    };
    assert_eq!(version(&[("ALIGN_VERSION", "v0.3.1")]), "0.3.1");
    assert_eq!(
        version(&[("ALIGN_VERSION", "0.3.1"), ("ALIGN_ACTION_REF", "v0.2.0")]),
        "0.3.1"
    );
    assert_eq!(version(&[("ALIGN_ACTION_REF", "v0.2.0")]), "0.2.0");
    assert_eq!(version(&[("ALIGN_ACTION_REF", "main")]), VERSION);
    assert_eq!(
        version(&[(
            "ALIGN_ACTION_REF",
            "0123456789abcdef0123456789abcdef01234567"
        )]),
        VERSION
    );
    // With github.action_ref empty, the folder GitHub checked the action out into
    // (_actions/OWNER/REPO/REF) names the ref.
    let actions = tempfile::tempdir().expect("temp dir");
    let checkout = actions.path().join("align-okr/align/v0.4.0");
    std::fs::create_dir_all(&checkout).expect("mkdir");
    std::fs::copy(
        manifest_dir().join("Cargo.toml"),
        checkout.join("Cargo.toml"),
    )
    .expect("copy");
    let checkout = checkout.to_string_lossy().into_owned();
    assert_eq!(
        version(&[("GITHUB_ACTION_PATH", checkout.as_str())]),
        "0.4.0"
    );

    let bad = install_sh(
        "plan",
        &[
            ("RUNNER_OS", "Linux"),
            ("RUNNER_ARCH", "X64"),
            ("ALIGN_VERSION", "latest"),
        ],
        None,
    );
    assert_eq!(bad.code, 1);
    assert!(
        bad.stderr
            .contains("version 'latest' is not a version like 0.2.0 (or \"source\")"),
        "{}",
        bad.stderr
    );
}
