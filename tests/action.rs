//! The GitHub Action's script (action/run.sh) run as a workflow would run it: the
//! inputs as environment variables, a pull-request event, a step-summary file, and the
//! built `align` on the PATH. Most runs ask for `human` output, which reads better in
//! a failing assertion; one runs with the action's default, `github` annotations.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::repo::TestRepo;
use common::strategy::*;
use common::{Run, TODAY};

struct Action {
    code: i32,
    stdout: String,
    stderr: String,
    summary: String,
    /// The step's outputs, as written to `$GITHUB_OUTPUT`.
    outputs: String,
    /// The file the `sarif-file` output names, read before the runner's temp folder
    /// goes.
    sarif: Option<String>,
}

fn run_action(repo: &TestRepo, event: &str, inputs: &[(&str, &str)]) -> Action {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("action/run.sh");
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_align"));
    let bin_dir = bin.parent().expect("a folder");
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let scratch = tempfile::tempdir().expect("tmp");
    let summary = scratch.path().join("summary.md");
    let outputs = scratch.path().join("output");
    let mut command = Command::new("bash");
    command
        .arg(&script)
        .current_dir(repo.path())
        .env("PATH", path)
        .env("GITHUB_EVENT_NAME", event)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_OUTPUT", &outputs)
        .env("RUNNER_TEMP", scratch.path())
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_BASE_REF")
        .env_remove("ALIGN_TODAY")
        .env("ALIGN_INPUT_FORMAT", "human")
        .env("ALIGN_INPUT_TODAY", TODAY);
    for (key, value) in inputs {
        command.env(key, value);
    }
    let output = command.output().expect("bash runs");
    let outputs = std::fs::read_to_string(&outputs).unwrap_or_default();
    let sarif = outputs
        .lines()
        .find_map(|l| l.strip_prefix("sarif-file="))
        .map(|file| {
            assert!(
                file.starts_with(&*scratch.path().to_string_lossy()),
                "{file}"
            );
            std::fs::read_to_string(file).expect("the SARIF file exists")
        });
    Action {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        summary: std::fs::read_to_string(&summary).unwrap_or_default(),
        outputs,
        sarif,
    }
}

impl Action {
    fn transcript(&self) -> String {
        Run {
            code: self.code,
            stdout: self.stdout.clone(),
            stderr: self.stderr.clone(),
        }
        .transcript()
            + "--- summary\n"
            + &self.summary
    }
}

#[test]
fn on_a_pull_request_the_summary_gets_the_diff_and_check_runs() {
    let repo = base_repo();
    repo.write(SALES_Q4, &SALES.replace("target = 88.0", "target = 85.0"));
    commit_change(&repo, "Aim lower");
    let run = run_action(&repo, "pull_request", &[("ALIGN_INPUT_BASE", "main")]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.summary
            .starts_with("### Strategy diff: 1 target eased mid-cycle\n"),
        "{}",
        run.transcript()
    );
    assert!(
        run.summary.contains("**goalpost moved**"),
        "{}",
        run.summary
    );
    // The eased target is the change's own drift: a warning (exit 0 without
    // deny-warnings), where the check once said nothing while the diff said "moved".
    assert!(
        run.stdout.contains("0 errors, 1 warning, 0 infos"),
        "{}",
        run.transcript()
    );
    assert!(
        run.stdout.contains("goalpost-moved"),
        "{}",
        run.transcript()
    );
}

#[test]
fn on_a_push_there_is_no_diff() {
    let repo = base_repo();
    let run = run_action(&repo, "push", &[("ALIGN_INPUT_BASE", "")]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(run.summary, "");
    assert!(run.stdout.contains("0 errors"), "{}", run.transcript());
}

#[test]
fn a_new_error_fails_the_step_after_the_summary_is_written() {
    let repo = base_repo();
    repo.write(ENG_Q4, &engineering_in_a_loop());
    commit_change(&repo, "Releases need renewals");
    let run = run_action(&repo, "pull_request", &[("ALIGN_INPUT_BASE", "main")]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.summary.contains("1 new dependency, 1 new error"),
        "{}",
        run.transcript()
    );
    assert!(
        run.stdout.contains("dependency-loop"),
        "{}",
        run.transcript()
    );
}

#[test]
fn only_new_and_deny_warnings_reach_align_check() {
    let repo = base_repo();
    // A warning on the branch that main does not have.
    repo.write(SALES_Q4, &SALES.replace("unit = \"%\"\n", ""));
    commit_change(&repo, "Drop a unit");
    let deny = [
        ("ALIGN_INPUT_BASE", "main"),
        ("ALIGN_INPUT_DENY_WARNINGS", "true"),
    ];
    let run = run_action(&repo, "pull_request", &deny);
    assert_eq!(run.code, 1, "{}", run.transcript());
    // Committed on main, the same warning is no longer the change's.
    repo.repo.set_head("refs/heads/main").expect("main");
    repo.commit("2026-11-11", "@cara", "The unit goes on main too");
    branch(&repo, "second");
    repo.write(
        ENG_Q1,
        &NEXT_QUARTER.replace("target = 10.0", "target = 11.0"),
    );
    commit_change(&repo, "Q1: one more deploy");
    let only_new = [
        ("ALIGN_INPUT_BASE", "main"),
        ("ALIGN_INPUT_DENY_WARNINGS", "true"),
        ("ALIGN_INPUT_ONLY_NEW", "true"),
    ];
    let run = run_action(&repo, "pull_request", &only_new);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stderr.contains("1 finding already there"),
        "{}",
        run.transcript()
    );
    let run = run_action(&repo, "pull_request", &deny);
    assert_eq!(run.code, 1, "{}", run.transcript());
}

#[test]
fn without_the_base_the_step_fails_and_says_why() {
    let repo = base_repo();
    let run = run_action(&repo, "pull_request", &[("ALIGN_INPUT_BASE", "release")]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.summary.contains("align diff could not run") && run.summary.contains("fetch-depth: 0"),
        "{}",
        run.transcript()
    );
    assert!(
        run.stderr.contains("no commit `release`"),
        "{}",
        run.transcript()
    );
    // align check still ran.
    assert!(run.stdout.contains("0 errors"), "{}", run.transcript());
}

#[test]
fn the_default_format_annotates_the_pull_request() {
    let repo = base_repo();
    repo.write(SALES_Q4, &SALES.replace("unit = \"%\"\n", ""));
    commit_change(&repo, "Drop a unit");
    let run = run_action(
        &repo,
        "pull_request",
        &[
            ("ALIGN_INPUT_BASE", "main"),
            ("ALIGN_INPUT_FORMAT", "github"),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let annotation = run
        .stdout
        .lines()
        .find(|l| l.starts_with("::warning "))
        .unwrap_or_else(|| panic!("no annotation:\n{}", run.transcript()));
    assert!(
        annotation.starts_with("::warning file=objectives/2026-Q4/sales.toml,line="),
        "{annotation}"
    );
    assert!(annotation.contains("title=kr-missing-unit"), "{annotation}");
}

#[test]
fn a_pull_request_that_eases_a_target_mid_cycle_fails_unless_agreed() {
    let repo = base_repo();
    repo.write(SALES_Q4, &SALES.replace("target = 88.0", "target = 84.0"));
    commit_change(&repo, "Renewals: 84 is realistic");
    let deny = [
        ("ALIGN_INPUT_BASE", "main"),
        ("ALIGN_INPUT_DENY_WARNINGS", "true"),
    ];
    // By default, on a pull request: the goalpost the change moves.
    let run = run_action(&repo, "pull_request", &deny);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stdout.contains("goalpost-moved"),
        "{}",
        run.transcript()
    );
    // Stale key results and other drift of untouched entities are not the change's.
    assert!(!run.stdout.contains("stale"), "{}", run.transcript());
    // The agreement recorded on the key result: the step passes, the diff lists it.
    repo.write(
        SALES_Q4,
        &SALES.replace(
            "target = 88.0",
            "target = 84.0\nallow = [\"goalpost-moved\"]\nallow_reason = \"Agreed with @ana on 2026-11-09: the price rise moved renewals\"",
        ),
    );
    commit_change(&repo, "Renewals: 84, agreed");
    let run = run_action(&repo, "pull_request", &deny);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.summary.contains("agreed: Agreed with"),
        "{}",
        run.transcript()
    );
    // Opted out: the check alone.
    repo.write(SALES_Q4, &SALES.replace("target = 88.0", "target = 84.0"));
    commit_change(&repo, "Renewals: 84 again");
    let off = [
        ("ALIGN_INPUT_BASE", "main"),
        ("ALIGN_INPUT_DENY_WARNINGS", "true"),
        ("ALIGN_INPUT_GOALPOSTS", "false"),
    ];
    let run = run_action(&repo, "pull_request", &off);
    assert_eq!(run.code, 0, "{}", run.transcript());
}

#[test]
fn sarif_goes_to_the_file_of_the_sarif_file_output() {
    let repo = base_repo();
    repo.write(SALES_Q4, &SALES.replace("unit = \"%\"\n", ""));
    commit_change(&repo, "Drop a unit");
    let run = run_action(&repo, "push", &[("ALIGN_INPUT_FORMAT", "sarif")]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let sarif: serde_json::Value =
        serde_json::from_str(run.sarif.as_deref().expect("a sarif-file output")).expect("JSON");
    let run0 = &sarif["runs"][0];
    assert_eq!(run0["automationDetails"]["id"], "align/");
    assert_eq!(run0["results"][0]["ruleId"], "kr-missing-unit");
    assert!(
        run.stdout.contains("SARIF written to") && !run.stdout.contains("\"runs\""),
        "the log says where, and does not hold the SARIF: {}",
        run.transcript()
    );
}

#[test]
fn annotations_and_sarif_in_one_run_with_a_category_per_tree() {
    let repo = base_repo();
    let run = run_action(
        &repo,
        "push",
        &[
            ("ALIGN_INPUT_FORMAT", "github"),
            ("ALIGN_INPUT_SARIF", "true"),
            ("ALIGN_INPUT_CATEGORY", "strategy-main"),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stdout.contains("0 errors"), "{}", run.transcript());
    let sarif: serde_json::Value =
        serde_json::from_str(run.sarif.as_deref().expect("a sarif-file output")).expect("JSON");
    assert_eq!(
        sarif["runs"][0]["automationDetails"]["id"],
        "strategy-main/"
    );
    // Without `sarif`, no file and no output.
    let plain = run_action(&repo, "push", &[("ALIGN_INPUT_FORMAT", "github")]);
    assert_eq!(plain.outputs, "", "{}", plain.transcript());
}
