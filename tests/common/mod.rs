//! Running the built `align` binary, as users do.
#![allow(dead_code)]

pub mod history;
pub mod repo;
pub mod strategy;

use std::path::{Path, PathBuf};
use std::process::Command;

pub const TODAY: &str = "2026-11-15";

/// The outcome of one run: exit code, stdout, stderr.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Everything a user sees, for snapshots.
    pub fn transcript(&self) -> String {
        format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

pub fn align_in(cwd: &Path, args: &[&str]) -> Run {
    align_env(cwd, args, &[])
}

/// Runs `align` with extra environment variables (set, or removed when the value is
/// `None`) over the tests' defaults: no colour, no `ALIGN_TODAY`.
pub fn align_env(cwd: &Path, args: &[&str], env: &[(&str, Option<&str>)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_align"));
    command
        .args(args)
        .current_dir(cwd)
        .env_remove("ALIGN_TODAY")
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("NO_GRAPHICS");
    for (name, value) in env {
        match value {
            Some(value) => command.env(name, value),
            None => command.env_remove(name),
        };
    }
    let output = command.output().expect("the align binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs `align` from the package root, so paths in output are stable.
pub fn align(args: &[&str]) -> Run {
    align_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// The codes of the findings of a JSON run, sorted and deduplicated.
pub fn codes(run: &Run) -> Vec<String> {
    let mut codes: Vec<String> = run.json()["findings"]
        .as_array()
        .expect("findings is an array")
        .iter()
        .map(|f| f["code"].as_str().expect("code is a string").to_string())
        .collect();
    codes.sort();
    codes.dedup();
    codes
}

/// The path of an external tool that a test checks output with (Graphviz `dot`,
/// `check-jsonschema`), when it is on PATH. When it is not: in CI (`CI` set) the test
/// fails, since .ci/run installs it; elsewhere the part that needs it is skipped with
/// a note. A test that needs the tool for all it checks is also marked
/// `#[cfg_attr(missing_TOOL, ignore = "...")]` (see build.rs), so that the summary
/// counts it as ignored, not as passed.
pub fn external_tool(name: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|path| path.is_file())
    });
    if found.is_none() {
        if std::env::var_os("CI").is_some() {
            panic!("CI must install {name}, see .ci/run");
        }
        eprintln!(
            "note: {name} is not installed, so this test checked nothing; .ci/run installs it"
        );
    }
    found
}

/// The fixture trees' folder names (`tests/fixtures/NAME`), sorted.
pub fn fixture_names() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("tests/fixtures exists")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Runs headless Chromium on a page (the machine's `chromium`; the caller checks that
/// `external_tool("chromium")` finds one), with a fresh profile and no network.
pub fn chromium(args: &[&str], page: &Path) -> std::process::Output {
    let browser = external_tool("chromium").expect("checked by the caller");
    let profile = tempfile::tempdir().expect("tmp");
    std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs")
}
