//! A strategy tree with history, for the tests of `align drift` and `align history`:
//! the tree, small edits, and runs of the binary read as users read them.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

use super::Run;
use super::repo::TestRepo;

pub const PLATFORM: &str = "objectives/platform.toml";
pub const SALES: &str = "objectives/sales.toml";

/// A small tree: two teams, one cycle (2026-Q4), an increase and a decrease key
/// result for platform, and a sales objective that depends on platform's.
pub fn plan(repo: &TestRepo, at: &str) {
    let file = |name: &str| {
        if at.is_empty() {
            name.to_string()
        } else {
            format!("{at}/{name}")
        }
    };
    repo.write(
        &file("align.toml"),
        "name = \"Test\"\n\n[drift]\nstale_after_days = 14\n",
    );
    repo.write(
        &file("vision.toml"),
        "[vision]\nstatement = \"Every team ships with confidence\"\n\n\
         [[pillar]]\nid = \"reliability\"\ntitle = \"Be the most reliable platform\"\n\
         perspective = \"customer\"\n\n\
         [[pillar]]\nid = \"growth\"\ntitle = \"Grow with small shops\"\nperspective = \"financial\"\n",
    );
    repo.write(
        &file("teams.toml"),
        "[[team]]\nid = \"platform\"\nlead = \"@bob\"\n\n[[team]]\nid = \"sales\"\nlead = \"@cara\"\n",
    );
    repo.write(
        &file("cycles.toml"),
        "[[cycle]]\nid = \"2026-Q4\"\nstart = 2026-10-01\nend = 2026-12-31\n",
    );
    repo.write(
        &file(PLATFORM),
        "# Platform's objectives for the quarter.\n\
         [[objective]]\nid = \"deploys-boring\"\ntitle = \"Deploys are boring\"\nteam = \"platform\"\n\
         cycle = \"2026-Q4\"\nowner = \"@bob\"\nsupports = [\"reliability\"]\n\n\
         [[objective.key_result]]\nid = \"deploy-success\"\ntitle = \"Deploy success rate\"\n\
         baseline = 92.0\ntarget = 99.5\ncurrent = 92.0   # from the dashboard\nunit = \"%\"\n\n\
         [[objective.key_result]]\nid = \"lead-time\"\ntitle = \"Lead time for changes\"\n\
         baseline = 40.0\ntarget = 20.0\ncurrent = 40.0\nunit = \"h\"\n",
    );
    repo.write(
        &file(SALES),
        "[[objective]]\nid = \"renewals\"\ntitle = \"Small shops renew\"\nteam = \"sales\"\n\
         cycle = \"2026-Q4\"\nowner = \"@cara\"\nsupports = [\"growth\"]\n\
         depends_on = [\"deploys-boring\"]\n\n\
         [[objective.key_result]]\nid = \"renewal-rate\"\ntitle = \"Annual renewal rate\"\n\
         baseline = 78.0\ntarget = 88.0\ncurrent = 78.0\nunit = \"%\"\n",
    );
}

/// Replaces `from` by `to` in a file of the work tree; `from` must be there.
pub fn edit(repo: &TestRepo, file: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(repo.join(file)).expect("read");
    assert!(text.contains(from), "`{from}` not in {file}:\n{text}");
    repo.write(file, &text.replacen(from, to, 1));
}

/// Runs align in `dir` with no git identity from the machine (HOME is elsewhere).
pub fn run(dir: &Path, args: &[&str]) -> Run {
    let home = tempfile::tempdir().expect("a home");
    let output = Command::new(env!("CARGO_BIN_EXE_align"))
        .args(args)
        .current_dir(dir)
        .env_remove("ALIGN_TODAY")
        .env("NO_COLOR", "1")
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("the align binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

pub fn drift(dir: &Path, today: &str, extra: &[&str]) -> Run {
    let mut args = vec!["drift", "--today", today, "--format", "json"];
    args.extend_from_slice(extra);
    let run = run(dir, &args);
    assert!(run.code == 0 || run.code == 1, "{}", run.transcript());
    run
}

/// (code, entity) of every finding.
pub fn found(run: &Run) -> Vec<(String, String)> {
    let json = run.json();
    let mut out: Vec<(String, String)> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["code"].as_str().expect("code").to_string(),
                f["entity"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

pub fn messages(run: &Run, code: &str) -> Vec<String> {
    run.json()["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == code)
        .map(|f| {
            format!(
                "{} | {}",
                f["message"].as_str().unwrap_or(""),
                f["help"].as_str().unwrap_or("")
            )
        })
        .collect()
}

pub fn has(run: &Run, code: &str, entity: &str) -> bool {
    found(run).contains(&(code.to_string(), entity.to_string()))
}

pub fn last_check_in<'a>(json: &'a serde_json::Value, kr: &str) -> &'a serde_json::Value {
    json["check_ins"]
        .as_array()
        .expect("check_ins")
        .iter()
        .find(|c| c["key_result"] == kr)
        .unwrap_or_else(|| panic!("no check-in row for {kr}: {json:#}"))
}

/// Planned before the cycle, with check-ins of every key result on 2026-11-01.
pub fn checked_in_on_november_first() -> TestRepo {
    let repo = TestRepo::new();
    plan(&repo, "");
    repo.commit("2026-09-20", "@ana", "Plan Q4");
    edit(&repo, PLATFORM, "current = 92.0", "current = 95.0");
    edit(&repo, PLATFORM, "current = 40.0", "current = 30.0");
    edit(&repo, SALES, "current = 78.0", "current = 83.0");
    repo.commit("2026-11-01", "@bob", "Check in everything");
    repo
}

pub fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

/// `align history ITEM --format json` as of 2026-11-20, which must succeed.
pub fn run_history(repo: &TestRepo, item: &str) -> serde_json::Value {
    let run = run(
        repo.path(),
        &["history", item, "--today", "2026-11-20", "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    run.json()
}
