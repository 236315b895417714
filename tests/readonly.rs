//! `align` is read-only: every command but `init`, `checkin` and those given `--out`
//! leaves the repository (`.git`: objects, refs, index, config) and the work tree byte
//! for byte as they were. One repository with history, a branch and an uncommitted
//! change; every command in every format; a fingerprint of every file before and after.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::repo::TestRepo;
use common::{TODAY, align_in};

/// Every file under `dir` with its bytes, and every folder: what a command could change.
fn fingerprint(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk"))
        .map(|e| {
            let name = e
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .into_owned();
            let bytes = if e.file_type().is_file() {
                std::fs::read(e.path()).expect("read")
            } else {
                b"<dir>".to_vec()
            };
            (name, bytes)
        })
        .collect()
}

fn changes(before: &BTreeMap<String, Vec<u8>>, after: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut out = Vec::new();
    for (name, bytes) in after {
        match before.get(name) {
            None => out.push(format!("added {name}")),
            Some(old) if old != bytes => out.push(format!("changed {name}")),
            Some(_) => {}
        }
    }
    out.extend(
        before
            .keys()
            .filter(|n| !after.contains_key(*n))
            .map(|n| format!("removed {n}")),
    );
    out
}

fn history_repo() -> TestRepo {
    let repo = TestRepo::new();
    repo.copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/clean"),
        "strategy",
    );
    repo.commit("2026-10-01", "@ana", "Plan Q4");
    let sales = repo.join("strategy/objectives/2026-Q4/sales.toml");
    let text = std::fs::read_to_string(&sales).expect("read");
    repo.write(
        "strategy/objectives/2026-Q4/sales.toml",
        &text.replacen("current = 82.0", "current = 83.0", 1),
    );
    repo.commit("2026-10-20", "@cara", "Check in on renewals");
    repo.commit_empty(
        "2026-11-02",
        "@cara",
        "Renewals unchanged\n\nCheck-in: sales-renewals/renewal-rate\n",
    );
    // A second branch, so that diff and check --base have a base to compare with.
    {
        let head = repo
            .repo
            .head()
            .expect("HEAD")
            .peel_to_commit()
            .expect("commit");
        repo.repo.branch("change", &head, false).expect("branch");
    }
    // And a change nobody has committed yet.
    let text = std::fs::read_to_string(&sales).expect("read");
    std::fs::write(&sales, text.replacen("current = 83.0", "current = 84.0", 1)).expect("write");
    repo
}

#[test]
fn no_command_writes_to_the_repository_or_the_work_tree() {
    let repo = history_repo();
    let cwd = repo.join("strategy");
    let before = fingerprint(repo.path());
    let commands: &[&[&str]] = &[
        &["check"],
        &["check", "--format", "json"],
        &["check", "--format", "github"],
        &["check", "--format", "sarif"],
        &["check", "--drift"],
        &["check", "--base", "main"],
        &["report"],
        &["report", "--format", "markdown"],
        &["report", "--format", "json"],
        &["report", "--format", "html"],
        &["report", "--history"],
        &["diff", "main"],
        &["diff", "main", "change", "--format", "markdown"],
        &["diff", "--format", "json"],
        &["drift"],
        &["drift", "--format", "json"],
        &["drift", "--at", "main"],
        &["history", "sales-renewals/renewal-rate"],
        &["history", "sales-renewals", "--format", "json"],
        &["graph"],
        &["graph", "--format", "mermaid"],
        &["tree"],
        &["explain"],
        &["explain", "stale"],
        &["schema", "strategy"],
        &["completions", "bash"],
        &["man"],
        &["--version"],
        &["check", "--root", "/nonexistent"],
        &["diff", "no-such-branch"],
    ];
    let mut failures = Vec::new();
    for args in commands {
        let mut all = args.to_vec();
        if !args.contains(&"--version") {
            all.extend_from_slice(&["--today", TODAY]);
        }
        let run = align_in(&cwd, &all);
        assert!(
            !run.stderr.contains("panicked"),
            "{args:?}: {}",
            run.transcript()
        );
        // The command must have done its work: a run that failed early proves nothing.
        let expected_failure = args.contains(&"/nonexistent") || args.contains(&"no-such-branch");
        if (run.code == 2) != expected_failure {
            failures.push(format!("{args:?} exited {}: {}", run.code, run.stderr));
        }
        let changed = changes(&before, &fingerprint(repo.path()));
        if !changed.is_empty() {
            failures.push(format!("{args:?}: {}", changed.join(", ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // checkin without --commit edits its one file in the work tree, and nothing else.
    let run = align_in(
        &cwd,
        &[
            "checkin",
            "sales-renewals/renewal-rate",
            "--value",
            "85",
            "--today",
            TODAY,
        ],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(
        changes(&before, &fingerprint(repo.path())),
        ["changed strategy/objectives/2026-Q4/sales.toml"]
    );
}
