//! Running the built `align` binary, as users do.
#![allow(dead_code)]

pub mod repo;
pub mod strategy;

use std::path::Path;
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
    let output = Command::new(env!("CARGO_BIN_EXE_align"))
        .args(args)
        .current_dir(cwd)
        .env_remove("ALIGN_TODAY")
        .env("NO_COLOR", "1")
        .env_remove("NO_GRAPHICS")
        .output()
        .expect("the align binary runs");
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
