//! Which versions `align diff` compares (the default branch, merge bases, the work
//! tree, GITHUB_BASE_REF, shallow clones), and `align check --base`: only what the
//! change introduces decides the exit code. Neither ever changes the repository.

mod common;

use std::path::Path;
use std::process::Command;

use common::TODAY;
use common::repo::TestRepo;
use common::strategy::*;

fn json_diff(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> serde_json::Value {
    let mut all = vec!["diff", "--today", TODAY, "--format", "json"];
    all.extend_from_slice(args);
    let run = align_env(cwd, &all, env);
    assert_eq!(run.code, 0, "{}", run.transcript());
    run.json()
}

fn finding_codes(run: &common::Run) -> Vec<String> {
    common::codes(run)
}

/// An error already on main: an objective without key results (kr-count).
const NO_KEY_RESULTS: &str = "\n[[objective]]\nid = \"sales-partners\"\ntitle = \"Partners \
    recommend us to their shops\"\nteam = \"sales\"\ncycle = \"2026-Q4\"\nowner = \"@dan\"\n\
    supports = [\"growth\"]\n";

#[test]
fn check_base_fails_only_for_what_the_change_introduces() {
    let repo = base_repo();
    repo.write(ENG_Q4, &engineering_in_a_loop());
    let run = align(
        repo.path(),
        &[
            "check", "--base", "main", "--today", TODAY, "--format", "json",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.transcript());
    // The change also makes a request sales has not answered: new, so reported too.
    assert_eq!(
        finding_codes(&run),
        ["dependency-loop", "dependency-unacknowledged"]
    );
    assert!(
        run.stderr.starts_with("note: compared with main ("),
        "{}",
        run.stderr
    );
}

#[test]
fn an_error_already_there_does_not_fail_check_base_even_when_its_lines_move() {
    let repo = TestRepo::new();
    write_base(&repo).write(SALES_Q4, &format!("{SALES}{NO_KEY_RESULTS}"));
    repo.commit(
        "2026-10-01",
        "@ana",
        "Plan, with an objective not yet measured",
    );
    branch(&repo, "change");
    // The file with the error is reformatted: every line moves.
    repo.write(
        SALES_Q4,
        &format!("# Sales, Q4\n# Owned by @cara\n\n{SALES}\n{NO_KEY_RESULTS}"),
    );
    repo.commit("2026-11-10", "@cara", "Comment the sales file");

    let full = align(repo.path(), &["check", "--today", TODAY]);
    assert_eq!(full.code, 1, "{}", full.transcript());
    let new_only = align(
        repo.path(),
        &[
            "check", "--base", "main", "--today", TODAY, "--format", "json",
        ],
    );
    assert_eq!(new_only.code, 0, "{}", new_only.transcript());
    assert_eq!(finding_codes(&new_only), Vec::<String>::new());
    assert!(
        new_only
            .stderr
            .contains("1 finding already there is not shown, 0 fixed by the change"),
        "{}",
        new_only.stderr
    );
    // The diff agrees: the error is unchanged, not fixed and introduced again.
    let diff = json_diff(repo.path(), &["main", "HEAD"], &[]);
    assert_eq!(diff["verdict"], "no semantic change");
    assert_eq!(diff["findings"]["unchanged"], 1);
}

#[test]
fn deny_warnings_counts_only_new_warnings() {
    let repo = TestRepo::new();
    write_base(&repo).write(ENG_Q4, &ENGINEERING.replace("unit = \"engineers\"\n", ""));
    repo.commit("2026-10-01", "@ana", "Plan, one unit missing");
    branch(&repo, "change");
    let deny = [
        "check", "--base", "main", "--today", TODAY, "--deny", "warnings",
    ];

    // The warning on main is not the change's: it passes.
    let run = align(repo.path(), &deny);
    assert_eq!(run.code, 0, "{}", run.transcript());
    // Renaming the objective keeps its warning: still not the change's.
    repo.write(
        ENG_Q4,
        &ENGINEERING
            .replace("unit = \"engineers\"\n", "")
            .replace("eng-learning", "eng-growing"),
    );
    let run = align(repo.path(), &deny);
    assert_eq!(run.code, 0, "{}", run.transcript());
    // A warning the change adds fails it, and only that one is shown.
    repo.write(SALES_Q4, &SALES.replace("unit = \"%\"\n", ""));
    let run = align(repo.path(), &deny);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stdout.contains("sales-renewals/renewal-rate"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("on-call-ready"), "{}", run.stdout);
    // Without --deny warnings, warnings never fail.
    let run = align(repo.path(), &deny[..5]);
    assert_eq!(run.code, 0, "{}", run.transcript());
}

#[test]
fn the_default_base_is_the_default_branch_and_the_head_the_work_tree() {
    let repo = base_repo();
    repo.write(SALES_Q4, &SALES.replace("current = 82.0", "current = 84.0"));
    repo.commit("2026-11-10", "@cara", "Check in renewals");
    // Uncommitted: counted too.
    repo.write(SALES_Q4, &SALES.replace("current = 82.0", "current = 86.0"));

    let diff = json_diff(repo.path(), &[], &[]);
    assert_eq!(diff["base"]["name"], "main");
    assert_eq!(diff["base"]["merge_base"], false);
    assert_eq!(diff["head"]["name"], "work tree");
    assert_eq!(diff["head"]["commit"], serde_json::Value::Null);
    assert_eq!(diff["verdict"], "1 key result checked in");
    assert_eq!(diff["key_results"][0]["current"]["before"], 82.0);
    assert_eq!(diff["key_results"][0]["current"]["after"], 86.0);

    // A remote's default branch wins over local branches.
    let first = repo.repo.revparse_single("main").expect("main").id();
    repo.repo
        .reference("refs/remotes/origin/trunk", first, false, "test")
        .expect("remote branch");
    repo.repo
        .reference_symbolic(
            "refs/remotes/origin/HEAD",
            "refs/remotes/origin/trunk",
            false,
            "test",
        )
        .expect("origin/HEAD");
    let diff = json_diff(repo.path(), &[], &[]);
    assert_eq!(diff["base"]["name"], "origin/trunk");

    // On a GitHub pull request, GITHUB_BASE_REF names it.
    let diff = json_diff(repo.path(), &[], &[("GITHUB_BASE_REF", "main")]);
    assert_eq!(diff["base"]["name"], "main");
    let run = align_env(
        repo.path(),
        &["diff", "--today", TODAY],
        &[("GITHUB_BASE_REF", "release")],
    );
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr
            .contains("base branch `release` (GITHUB_BASE_REF) is not in this clone")
            && run.stderr.contains("fetch-depth: 0"),
        "{}",
        run.stderr
    );
}

/// main moves on after the branch starts: one commit names the merge base, two name
/// exactly those commits.
#[test]
fn one_commit_means_its_merge_base_two_mean_exactly_those() {
    let repo = base_repo();
    repo.write(SALES_Q4, &SALES.replace("current = 82.0", "current = 84.0"));
    repo.commit("2026-11-10", "@cara", "Check in renewals on the branch");
    let change = repo
        .repo
        .head()
        .expect("HEAD")
        .peel_to_commit()
        .expect("commit");
    // Back to main, which gets a commit of its own.
    repo.repo.set_head("refs/heads/main").expect("HEAD to main");
    repo.write(SALES_Q4, SALES);
    repo.write(
        ENG_Q1,
        &NEXT_QUARTER.replace("target = 10.0", "target = 12.0"),
    );
    repo.commit("2026-11-11", "@ana", "Q1: more deploys");
    repo.repo
        .set_head("refs/heads/change")
        .expect("HEAD to change");
    repo.repo
        .checkout_tree(
            change.as_object(),
            Some(git2::build::CheckoutBuilder::new().force()),
        )
        .expect("checkout");

    let diff = json_diff(repo.path(), &["main"], &[]);
    assert_eq!(diff["base"]["merge_base"], true);
    assert_eq!(diff["verdict"], "1 key result checked in");
    let diff = json_diff(repo.path(), &["main", "HEAD"], &[]);
    assert_eq!(diff["base"]["merge_base"], false);
    assert_eq!(
        diff["verdict"],
        "1 goal eased before its cycle, 1 key result checked in"
    );
}

#[test]
fn a_change_that_adds_the_tree_shows_everything_added() {
    let repo = TestRepo::new();
    repo.write("README.md", "a repository before its strategy\n");
    repo.commit("2026-09-01", "@ana", "Start");
    branch(&repo, "change");
    write_base(&repo);
    let diff = json_diff(repo.path(), &[], &[]);
    assert_eq!(diff["base"]["has_tree"], false);
    assert_eq!(diff["counts"]["objectives_added"], 4);
    assert_eq!(diff["findings"]["introduced"], serde_json::json!([]));
    let run = align(repo.path(), &["check", "--base", "main", "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.transcript());
}

fn git(cwd: &Path, args: &[&str]) {
    let output = Command::new("git")
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("git is installed (.ci/run installs it)");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// What `actions/checkout` does by default: one commit, the history cut.
#[test]
fn a_shallow_clone_says_fetch_depth_0() {
    let origin = base_repo();
    origin.write(SALES_Q4, &SALES.replace("current = 82.0", "current = 84.0"));
    origin.commit("2026-11-10", "@cara", "Check in on the branch");
    origin.repo.set_head("refs/heads/main").expect("main");
    origin.write(SALES_Q4, SALES);
    origin.write(
        ENG_Q1,
        &NEXT_QUARTER.replace("target = 10.0", "target = 12.0"),
    );
    origin.commit("2026-11-11", "@ana", "Main moves on");
    let url = format!("file://{}", origin.path().display());
    let dir = tempfile::tempdir().expect("tmp");

    // Only the branch: no main to compare with.
    git(
        dir.path(),
        &[
            "clone", "-q", "--depth", "1", "--branch", "change", &url, "one",
        ],
    );
    let one = dir.path().join("one");
    for env in [&[][..], &[("GITHUB_BASE_REF", "main")][..]] {
        let run = align_env(&one, &["diff", "--today", TODAY], env);
        assert_eq!(run.code, 2, "{}", run.transcript());
        assert!(run.stderr.contains("shallow clone"), "{}", run.stderr);
        assert!(run.stderr.contains("fetch-depth: 0"), "{}", run.stderr);
    }

    // Both branches, one commit each: no merge base.
    git(
        dir.path(),
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            "--no-single-branch",
            "--branch",
            "change",
            &url,
            "two",
        ],
    );
    let two = dir.path().join("two");
    for args in [
        &["diff", "--today", TODAY][..],
        &["check", "--base", "origin/main", "--today", TODAY],
    ] {
        let run = align(&two, args);
        assert_eq!(run.code, 2, "{}", run.transcript());
        assert!(
            run.stderr.contains("no merge base of HEAD and origin/main"),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("fetch-depth: 0"), "{}", run.stderr);
    }

    // With the whole history it works.
    git(&two, &["fetch", "-q", "--unshallow"]);
    let diff = json_diff(&two, &[], &[]);
    assert_eq!(diff["verdict"], "1 key result checked in");
}

/// Everything in `.git` that a command could change: HEAD, refs, the index, config.
fn repository_state(git_dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut state = Vec::new();
    for entry in walkdir::WalkDir::new(git_dir).sort_by_file_name() {
        let entry = entry.expect("walk");
        let relative = entry.path().strip_prefix(git_dir).expect("inside");
        let name = relative.to_string_lossy().replace('\\', "/");
        let watched = [
            "HEAD",
            "index",
            "config",
            "packed-refs",
            "FETCH_HEAD",
            "ORIG_HEAD",
        ]
        .contains(&name.as_str())
            || name.starts_with("refs/")
            || name.starts_with("logs/");
        if entry.file_type().is_file() && watched {
            state.push((name, std::fs::read(entry.path()).expect("read")));
        }
    }
    state
}

#[test]
fn diff_and_check_base_never_change_the_repository() {
    let repo = base_repo();
    repo.write(SALES_Q4, &SALES.replace("target = 88.0", "target = 85.0"));
    commit_change(&repo, "Aim lower");
    repo.write(
        ENG_Q1,
        &NEXT_QUARTER.replace("target = 10.0", "target = 9.0"),
    );
    let git_dir = repo.path().join(".git");
    let before = repository_state(&git_dir);
    assert!(before.iter().any(|(name, _)| name == "index"));
    for args in [
        &["diff", "--today", TODAY][..],
        &[
            "diff", "main", "HEAD", "--today", TODAY, "--format", "markdown",
        ],
        &["check", "--base", "main", "--today", TODAY],
    ] {
        let run = align(repo.path(), args);
        assert!(run.code == 0 || run.code == 1, "{}", run.transcript());
    }
    assert!(before == repository_state(&git_dir), "align changed .git");
    // The uncommitted change is still there, untouched.
    let text = std::fs::read_to_string(repo.join(ENG_Q1)).expect("read");
    assert!(text.contains("target = 9.0"));
}
