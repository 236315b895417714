//! History that cannot be gamed, end to end: changes attributed through merges, dated
//! when they landed (in the tree's time zone), entities followed across renames,
//! moves and cycles (`continues`), and clones that lack part of the history.

mod common;

use common::history::*;
use common::repo::{TestRepo, at};

/// The short id of HEAD.
fn head(repo: &TestRepo) -> String {
    repo.repo
        .head()
        .expect("head")
        .target()
        .expect("id")
        .to_string()[..7]
        .to_string()
}

fn short(oid: git2::Oid) -> String {
    oid.to_string()[..7].to_string()
}

#[test]
fn a_merged_pull_request_that_eases_a_target_names_its_author_and_message() {
    let repo = TestRepo::new();
    plan(&repo, "");
    let planned = repo.commit("2026-09-20", "@ana", "Plan Q4");
    // Ben's pull request: lowers a target and adds a key result.
    edit(&repo, PLATFORM, "target = 99.5", "target = 98.0");
    let eased = repo.commit("2026-10-09", "@ben", "Two deals slipped to Q1");
    let text = std::fs::read_to_string(repo.join(PLATFORM)).expect("read");
    repo.write(
        PLATFORM,
        &format!(
            "{text}\n[[objective.key_result]]\nid = \"rollbacks\"\ntitle = \"Rollbacks\"\n\
             baseline = 10.0\ntarget = 2.0\ncurrent = 10.0\nunit = \"per month\"\n"
        ),
    );
    let branch = repo.commit("2026-10-10", "@ben", "Track rollbacks");
    // Meanwhile on main, and then the merge, made by someone else.
    repo.reset_hard(planned);
    edit(&repo, SALES, "current = 78.0", "current = 80.0");
    repo.commit("2026-10-11", "@cara", "Renewals");
    let branch_text = repo
        .repo
        .find_commit(branch)
        .and_then(|c| c.tree())
        .and_then(|t| t.get_path(std::path::Path::new(PLATFORM)))
        .and_then(|e| e.to_object(&repo.repo))
        .map(|o| o.as_blob().expect("a blob").content().to_vec())
        .expect("the branch's file");
    repo.write(PLATFORM, std::str::from_utf8(&branch_text).expect("utf-8"));
    let merge = repo.merge(
        branch,
        "2026-10-12",
        "@lead",
        "Merge pull request #14 from ben/slip",
    );

    let run = drift(repo.path(), "2026-10-20", &[]);
    assert_eq!(
        messages(&run, "goalpost-moved"),
        [format!(
            "target of `deploys-boring/deploy-success` lowered from 99.5 to 98 after 2026-Q4 \
             started on 2026-10-01 (higher is better) | lowered on 2026-10-12 by @ben in {}: \
             \"Two deals slipped to Q1\" (landed on 2026-10-12 with {} \"Merge pull request #14 \
             from ben/slip\"; author date 2026-10-09). Restore it, or keep it and say so in the \
             review",
            short(eased),
            short(merge)
        )]
    );
    let churn = messages(&run, "churn").join("\n");
    assert!(
        churn.contains(&format!(
            "key result `deploys-boring/rollbacks` added on 2026-10-12 by @ben ({}; landed on \
             2026-10-12 with {}",
            short(branch),
            short(merge)
        )),
        "{churn}"
    );
    // A check-in made on the branch: the branch's author, dated when it landed.
    let json = run.json();
    let rollbacks = last_check_in(&json, "deploys-boring/rollbacks");
    assert_eq!(rollbacks["author"], "@ben");
    assert_eq!(rollbacks["date"], "2026-10-12");
    assert_eq!(rollbacks["landed_with"], short(merge).as_str());

    // `align history` says the same.
    let history = run_history(&repo, "deploys-boring/deploy-success");
    let last = history["events"]
        .as_array()
        .expect("events")
        .last()
        .expect("a row")
        .clone();
    assert_eq!(last["author"], "@ben");
    assert_eq!(last["message"], "Two deals slipped to Q1");
    assert_eq!(last["commit"], short(eased).as_str());
    assert_eq!(last["landed_with"], short(merge).as_str());
    assert_eq!(last["label"], "target 99.5 → 98");
    assert_eq!(last["check_in"], false);
    let table = common::history::run(
        repo.path(),
        &[
            "history",
            "deploys-boring/deploy-success",
            "--today",
            "2026-10-20",
        ],
    );
    assert!(
        table
            .stdout
            .contains(&format!("landed with {}", short(merge))),
        "{}",
        table.stdout
    );
}

#[test]
fn a_squash_merge_is_the_squash_commit() {
    let repo = TestRepo::new();
    plan(&repo, "");
    repo.commit("2026-09-20", "@ana", "Plan Q4");
    // GitHub squashes Ben's branch into one commit that GitHub commits on main.
    edit(&repo, PLATFORM, "target = 99.5", "target = 98.0");
    let squash = repo.commit_as(
        ("@ben", at("2026-10-09T10:00", 0)),
        ("GitHub", at("2026-10-12T10:00", 0)),
        "Two deals slipped to Q1 (#14)",
    );
    let run = drift(repo.path(), "2026-10-20", &[]);
    assert_eq!(
        messages(&run, "goalpost-moved"),
        [format!(
            "target of `deploys-boring/deploy-success` lowered from 99.5 to 98 after 2026-Q4 \
             started on 2026-10-01 (higher is better) | lowered on 2026-10-12 by @ben in {}: \
             \"Two deals slipped to Q1 (#14)\" (author date 2026-10-09). Restore it, or keep \
             it and say so in the review",
            short(squash)
        )]
    );
}

/// The tree planned before the cycle, and a target eased by `commit`.
fn eased_by(commit: impl FnOnce(&TestRepo) -> git2::Oid, settings: &str) -> (TestRepo, git2::Oid) {
    let repo = TestRepo::new();
    plan(&repo, "");
    repo.write("align.toml", settings);
    repo.commit("2026-09-20", "@ana", "Plan Q4");
    edit(&repo, PLATFORM, "target = 99.5", "target = 98.0");
    let oid = commit(&repo);
    (repo, oid)
}

const SETTINGS: &str = "name = \"Test\"\n";

#[test]
fn a_back_dated_easing_is_flagged_by_when_it_landed() {
    // The author dated it before the cycle; it landed on October 8th.
    let (repo, eased) = eased_by(
        |repo| {
            repo.commit_as(
                ("@dan", at("2026-09-15T12:00", 0)),
                ("@dan", at("2026-10-08T12:00", 0)),
                "Lower the bar",
            )
        },
        SETTINGS,
    );
    let run = drift(repo.path(), "2026-10-20", &[]);
    assert_eq!(
        messages(&run, "goalpost-moved"),
        [format!(
            "target of `deploys-boring/deploy-success` lowered from 99.5 to 98 after 2026-Q4 \
             started on 2026-10-01 (higher is better) | lowered on 2026-10-08 by @dan in {}: \
             \"Lower the bar\" (author date 2026-09-15). Restore it, or keep it and say so in \
             the review",
            short(eased)
        )]
    );

    // Both dates set before the cycle, on a commit made after one of October 5th:
    // it cannot have landed before the commit it follows.
    let repo = TestRepo::new();
    plan(&repo, "");
    repo.commit("2026-09-20", "@ana", "Plan Q4");
    edit(&repo, SALES, "current = 78.0", "current = 80.0");
    repo.commit("2026-10-05", "@cara", "Renewals");
    edit(&repo, PLATFORM, "target = 99.5", "target = 98.0");
    let backdated = at("2026-09-15T12:00", 0);
    repo.commit_as(("@dan", backdated), ("@dan", backdated), "Lower the bar");
    let run = drift(repo.path(), "2026-10-20", &[]);
    let text = messages(&run, "goalpost-moved");
    assert_eq!(text.len(), 1, "{}", run.stdout);
    assert!(
        text[0].contains(&format!(
            "lowered on 2026-10-05 by @dan in {}: \"Lower the bar\" (author date 2026-09-15; \
             dated 2026-09-15, before the commit it follows: counted as landed after it)",
            head(&repo)
        )),
        "{text:?}"
    );

    // Dated after today: the eased value is in the tree, so the easing happened.
    let (repo, _) = eased_by(
        |repo| {
            let future = at("2027-02-01T12:00", 0);
            repo.commit_as(("@dan", future), ("@dan", future), "Lower the bar")
        },
        SETTINGS,
    );
    let run = drift(repo.path(), "2026-10-20", &[]);
    let text = messages(&run, "goalpost-moved");
    assert_eq!(text.len(), 1, "{}", run.stdout);
    assert!(
        text[0].contains(
            "lowered on 2026-10-20 by @dan in {}: \"Lower the bar\" (author date 2027-02-01; \
             dated 2027-02-01, after today: counted as landed today)"
                .replace("{}", &head(&repo))
                .as_str()
        ),
        "{text:?}"
    );
}

#[test]
fn a_time_zone_shifted_easing_is_flagged_in_the_tree_time_zone() {
    // 05:00 UTC on the cycle's first day, written by an author twelve hours west,
    // where it is still September 30th.
    let shifted = |repo: &TestRepo| {
        repo.commit_as(
            ("@dan", at("2026-10-01T05:00", -12 * 60)),
            ("@dan", at("2026-10-01T05:00", -12 * 60)),
            "Lower the bar",
        )
    };
    let (repo, _) = eased_by(shifted, SETTINGS);
    let run = drift(repo.path(), "2026-10-20", &[]);
    assert_eq!(
        messages(&run, "goalpost-moved").len(),
        1,
        "dates are compared in UTC by default: {}",
        run.stdout
    );

    // 23:30 UTC on September 30th is October 1st in Zurich: in a tree that keeps
    // Zurich time it is an easing after the start, and planning in a UTC tree.
    let late = |repo: &TestRepo| {
        repo.commit_as(
            ("@dan", at("2026-09-30T23:30", 0)),
            ("@dan", at("2026-09-30T23:30", 0)),
            "Lower the bar",
        )
    };
    let (repo, _) = eased_by(late, SETTINGS);
    let utc = drift(repo.path(), "2026-10-20", &[]);
    assert!(
        messages(&utc, "goalpost-moved").is_empty(),
        "{}",
        utc.stdout
    );
    let (repo, eased) = eased_by(late, "name = \"Test\"\ntimezone = \"Europe/Zurich\"\n");
    let zurich = drift(repo.path(), "2026-10-20", &[]);
    assert_eq!(
        messages(&zurich, "goalpost-moved"),
        [format!(
            "target of `deploys-boring/deploy-success` lowered from 99.5 to 98 after 2026-Q4 \
             started on 2026-10-01 (higher is better) | lowered on 2026-10-01 by @dan in {}: \
             \"Lower the bar\". Restore it, or keep it and say so in the review",
            short(eased)
        )]
    );

    // A name that is not a time zone is an error in align.toml, not a silent UTC.
    repo.write(
        "align.toml",
        "name = \"Test\"\ntimezone = \"Mars/Olympus\"\n",
    );
    let check = common::history::run(repo.path(), &["check", "--today", "2026-10-20"]);
    assert_eq!(check.code, 1, "{}", check.transcript());
    assert!(
        check.stdout.contains("unknown time zone `Mars/Olympus`"),
        "{}",
        check.stdout
    );
}

#[test]
fn an_objective_renamed_and_moved_to_another_file_keeps_its_staleness_and_check_ins() {
    let repo = checked_in_on_november_first();
    // One commit: the objective gets a new id and a new file, and its dependant follows.
    let text = std::fs::read_to_string(repo.join(PLATFORM)).expect("read");
    repo.remove(PLATFORM);
    repo.write(
        "objectives/2026-Q4/reliability.toml",
        &text.replace("id = \"deploys-boring\"", "id = \"boring-deploys\""),
    );
    edit(&repo, SALES, "\"deploys-boring\"", "\"boring-deploys\"");
    let renamed = repo.commit("2026-11-10", "@ana", "Clearer ids, one folder per cycle");

    let run = drift(repo.path(), "2026-11-20", &[]);
    // Still 19 days since the check-in of November 1st, not 10 since the rename.
    let stale = messages(&run, "stale");
    assert!(
        stale.iter().any(|m| m.starts_with(
            "`boring-deploys/lead-time` has had no check-in for 19 days (last: 2026-11-01 by @bob"
        )),
        "{stale:?}"
    );
    assert!(
        has(&run, "stale", "key result boring-deploys/deploy-success"),
        "{}",
        run.stdout
    );
    let json = run.json();
    assert_eq!(
        last_check_in(&json, "boring-deploys/deploy-success")["date"],
        "2026-11-01"
    );
    // A rename is not churn.
    assert!(
        !found(&run).iter().any(|(code, _)| code == "churn"),
        "{}",
        run.stdout
    );

    // The old id finds the objective, with the check-ins made under it.
    let history = run_history(&repo, "deploys-boring");
    assert_eq!(history["now"], "boring-deploys");
    let rows: Vec<(String, String, String)> = history["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| {
            (
                e["date"].as_str().expect("date").to_string(),
                e["entity"].as_str().expect("entity").to_string(),
                e["label"].as_str().expect("label").to_string(),
            )
        })
        .collect();
    let moved = "moved from objectives/platform.toml to objectives/2026-Q4/reliability.toml";
    let row = |d: &str, e: &str, l: &str| (d.to_string(), e.to_string(), l.to_string());
    assert_eq!(
        rows,
        [
            row("2026-09-20", "deploys-boring", "added"),
            row("2026-09-20", "deploys-boring/deploy-success", "added"),
            row("2026-09-20", "deploys-boring/lead-time", "added"),
            row(
                "2026-11-01",
                "deploys-boring/deploy-success",
                "value 92 → 95"
            ),
            row("2026-11-01", "deploys-boring/lead-time", "value 40 → 30"),
            row(
                "2026-11-10",
                "boring-deploys",
                &format!("renamed from `deploys-boring`; {moved}")
            ),
            row(
                "2026-11-10",
                "boring-deploys/deploy-success",
                &format!("renamed from `deploys-boring/deploy-success`; {moved}")
            ),
            row(
                "2026-11-10",
                "boring-deploys/lead-time",
                &format!("renamed from `deploys-boring/lead-time`; {moved}")
            ),
        ]
    );
    assert_eq!(history["events"][7]["commit"], short(renamed).as_str());
    let table = common::history::run(
        repo.path(),
        &["history", "deploys-boring", "--today", "2026-11-20"],
    );
    assert!(
        table
            .stdout
            .starts_with("objective `boring-deploys`: 8 events\n`deploys-boring` was renamed: it is `boring-deploys` now\n"),
        "{}",
        table.stdout
    );
}

#[test]
fn a_renamed_pillar_keeps_its_history() {
    let repo = TestRepo::new();
    plan(&repo, "");
    repo.commit("2026-09-20", "@ana", "Plan Q4");
    edit(&repo, "vision.toml", "id = \"growth\"", "id = \"grow\"");
    edit(&repo, SALES, "[\"growth\"]", "[\"grow\"]");
    repo.commit("2026-10-05", "@ana", "Shorter pillar id");
    let history = run_history(&repo, "growth");
    assert_eq!(history["now"], "grow");
    assert_eq!(history["kind"], "pillar");
    let labels: Vec<&str> = history["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["label"].as_str().expect("label"))
        .collect();
    assert_eq!(labels, ["added", "renamed from `growth`"]);
}

#[test]
fn a_continues_chain_over_three_cycles_shows_in_history() {
    let repo = TestRepo::new();
    plan(&repo, "");
    repo.write(
        "cycles.toml",
        "[[cycle]]\nid = \"2026-Q3\"\nstart = 2026-07-01\nend = 2026-09-30\n\n\
         [[cycle]]\nid = \"2026-Q4\"\nstart = 2026-10-01\nend = 2026-12-31\n\n\
         [[cycle]]\nid = \"2027-Q1\"\nstart = 2027-01-01\nend = 2027-03-31\n",
    );
    let objective = |id: &str, cycle: &str, continues: Option<&str>, current: f64| {
        format!(
            "[[objective]]\nid = \"{id}\"\ntitle = \"Infrastructure costs what it should\"\n\
             team = \"platform\"\ncycle = \"{cycle}\"\nowner = \"@bob\"\n\
             supports = [\"reliability\"]\n{}\n\
             [[objective.key_result]]\nid = \"cost\"\ntitle = \"Cloud cost per order\"\n\
             baseline = 0.40\ntarget = 0.25\ncurrent = {current}\nunit = \"EUR\"\n",
            continues.map_or(String::new(), |c| format!("continues = \"{c}\"\n"))
        )
    };
    repo.write(
        "objectives/2026-Q3/cost.toml",
        &objective("cost-q3", "2026-Q3", None, 0.40),
    );
    repo.commit("2026-06-20", "@bob", "Plan Q3");
    edit(
        &repo,
        "objectives/2026-Q3/cost.toml",
        "current = 0.4",
        "current = 0.35",
    );
    repo.commit("2026-08-15", "@bob", "Cost check-in");
    repo.write(
        "objectives/2026-Q4/cost.toml",
        &objective("cost-q4", "2026-Q4", Some("cost-q3"), 0.35),
    );
    repo.commit("2026-09-25", "@bob", "Carry cost into Q4");
    repo.write(
        "objectives/2027-Q1/cost.toml",
        &objective("cost-q1", "2027-Q1", Some("cost-q4"), 0.31),
    );
    repo.commit("2026-12-20", "@bob", "Carry cost into Q1");

    let check = common::history::run(
        repo.path(),
        &["check", "--today", "2027-01-10", "--format", "json"],
    );
    assert!(
        !check.stdout.contains("continues"),
        "a chain into earlier cycles is fine: {}",
        check.stdout
    );
    let history = common::history::run(
        repo.path(),
        &[
            "history",
            "cost-q1",
            "--today",
            "2027-01-10",
            "--format",
            "json",
        ],
    );
    assert_eq!(history.code, 0, "{}", history.transcript());
    let json = history.json();
    assert_eq!(
        json["line"],
        serde_json::json!(["cost-q3", "cost-q4", "cost-q1"])
    );
    let rows: Vec<(&str, &str, &str)> = json["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| {
            (
                e["date"].as_str().expect("date"),
                e["entity"].as_str().expect("entity"),
                e["label"].as_str().expect("label"),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("2026-06-20", "cost-q3", "added"),
            ("2026-06-20", "cost-q3/cost", "added"),
            ("2026-08-15", "cost-q3/cost", "value 0.4 → 0.35"),
            ("2026-09-25", "cost-q4", "added"),
            ("2026-09-25", "cost-q4/cost", "added"),
            ("2026-12-20", "cost-q1", "added"),
            ("2026-12-20", "cost-q1/cost", "added"),
        ]
    );
    let table = common::history::run(
        repo.path(),
        &["history", "cost-q1", "--today", "2027-01-10"],
    );
    assert!(
        table
            .stdout
            .contains("continues across cycles: `cost-q3` → `cost-q4` → `cost-q1`"),
        "{}",
        table.stdout
    );

    // A `continues` that names nothing is an unknown reference.
    edit(
        &repo,
        "objectives/2027-Q1/cost.toml",
        "\"cost-q4\"",
        "\"cost-q2\"",
    );
    let check = common::history::run(
        repo.path(),
        &["check", "--today", "2027-01-10", "--format", "json"],
    );
    assert_eq!(check.code, 1, "{}", check.transcript());
    assert!(
        check.stdout.contains("unknown-reference") && check.stdout.contains("cost-q2"),
        "{}",
        check.stdout
    );
}

#[test]
fn a_confirmation_shows_the_value_it_confirms() {
    let repo = checked_in_on_november_first();
    repo.commit_empty(
        "2026-11-12",
        "@bob",
        "Deploys unchanged\n\nCheck-in: deploys-boring/deploy-success\n",
    );
    let history = run_history(&repo, "deploys-boring/deploy-success");
    let last = history["events"]
        .as_array()
        .expect("events")
        .last()
        .expect("a row")
        .clone();
    assert_eq!(last["label"], "confirmed (value 95)");
    assert_eq!(last["value"], "95");
    assert_eq!(last["check_in"], true);
    // Planning is not a check-in.
    assert_eq!(history["events"][0]["label"], "added");
    assert_eq!(history["events"][0]["check_in"], false);
}

#[test]
fn a_partial_clone_names_the_file_the_commit_and_the_fix() {
    let repo = checked_in_on_november_first();
    edit(&repo, PLATFORM, "current = 95.0", "current = 96.0");
    repo.commit("2026-11-10", "@bob", "Check in deploys");
    git(repo.path(), &["config", "uploadpack.allowFilter", "true"]);
    let clone = tempfile::tempdir().expect("tmp");
    let url = format!("file://{}", repo.path().display());
    git(
        clone.path(),
        &["clone", "-q", "--filter=blob:none", &url, "partial"],
    );
    let partial = clone.path().join("partial");
    for args in [
        vec!["drift", "--today", "2026-11-20"],
        vec!["history", "deploys-boring", "--today", "2026-11-20"],
        vec!["diff", "HEAD~2", "HEAD"],
        vec!["check", "--base", "HEAD~2", "--today", "2026-11-20"],
    ] {
        let run = common::history::run(&partial, &args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.transcript());
        assert!(
            run.stderr.contains("cannot read objectives/")
                && run
                    .stderr
                    .contains("this is a partial clone (`--filter=blob:none`")
                && run.stderr.contains("git fetch --refetch origin")
                && run.stderr.contains("`fetch-depth: 0` and no `filter:`"),
            "{args:?}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("object not found"), "{}", run.stderr);
    }
    // The fix the message gives works.
    git(
        &partial,
        &["config", "--unset", "remote.origin.partialclonefilter"],
    );
    git(&partial, &["fetch", "-q", "--refetch", "origin"]);
    let fixed = drift(&partial, "2026-11-20", &[]);
    assert!(
        has(&fixed, "stale", "key result deploys-boring/lead-time"),
        "{}",
        fixed.transcript()
    );
}

/// Runs align with its data memory limited to `mib` MiB (`ulimit -d`: the heap and
/// every private writable mapping), so that loading more than that fails.
fn within_memory(dir: &std::path::Path, mib: u64, args: &[&str]) -> common::Run {
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -d {} && exec \"$0\" \"$@\"", mib * 1024))
        .arg(env!("CARGO_BIN_EXE_align"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("sh runs");
    common::Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_huge_blob_in_history_is_measured_from_its_header_not_loaded() {
    const SIZE: usize = 128 << 20;
    let repo = checked_in_on_november_first();
    // Written in pieces, so that the test itself stays small.
    let mut writer = repo.repo.blob_writer(None).expect("a blob writer");
    let chunk = vec![b'#'; 1 << 20];
    for _ in 0..SIZE >> 20 {
        std::io::Write::write_all(&mut writer, &chunk).expect("write");
    }
    let blob = writer.commit().expect("a blob");
    let mut index = repo.repo.index().expect("index");
    let entry = git2::IndexEntry {
        ctime: git2::IndexTime::new(0, 0),
        mtime: git2::IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode: 0o100644,
        uid: 0,
        gid: 0,
        file_size: SIZE as u32,
        id: blob,
        flags: 0,
        flags_extended: 0,
        path: b"objectives/huge.toml".to_vec(),
    };
    index.add(&entry).expect("add");
    index.write().expect("index");
    let tree = index.write_tree().expect("tree");
    let signature =
        git2::Signature::new("@eve", "eve@example.com", &at("2026-11-05T12:00", 0)).expect("sig");
    let parent = repo
        .repo
        .head()
        .and_then(|h| h.peel_to_commit())
        .expect("head");
    repo.repo
        .commit(
            Some("HEAD"),
            &signature,
            &signature,
            "A huge file",
            &repo.repo.find_tree(tree).expect("tree"),
            &[&parent],
        )
        .expect("commit");
    index
        .remove_path(std::path::Path::new("objectives/huge.toml"))
        .expect("rm");
    index.write().expect("index");
    repo.commit("2026-11-06", "@ana", "Remove the huge file");

    // 64 MiB is plenty for this tree, and half the blob.
    let run = within_memory(
        repo.path(),
        64,
        &["drift", "--today", "2026-11-20", "--format", "json"],
    );
    assert!(run.code == 0 || run.code == 1, "{}", run.transcript());
    assert!(
        has(&run, "stale", "key result deploys-boring/lead-time"),
        "{}",
        run.stdout
    );
    // Read from git as a version of the tree, it is a finding, not a load.
    let run = within_memory(repo.path(), 64, &["diff", "HEAD~2", "HEAD~1"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stdout.contains("huge.toml"), "{}", run.stdout);
}

#[test]
fn the_work_tree_and_a_commit_read_a_submodule_alike() {
    // Another repository with a strategy-looking file, added as a submodule.
    let other = TestRepo::new();
    other.write(
        "extra.toml",
        "[[objective]]\nid = \"phantom\"\ntitle = \"Not ours\"\nteam = \"platform\"\n\
         cycle = \"2026-Q4\"\n",
    );
    other.commit("2026-09-01", "@zed", "Elsewhere");
    let repo = TestRepo::new();
    plan(&repo, "");
    repo.commit("2026-09-20", "@ana", "Plan Q4");
    let url = format!("file://{}", other.path().display());
    git(
        repo.path(),
        &[
            "-c",
            "protocol.file.allow=always",
            "submodule",
            "add",
            "-q",
            &url,
            "objectives/vendored",
        ],
    );
    git(
        repo.path(),
        &[
            "-c",
            "user.name=ana",
            "-c",
            "user.email=ana@example.com",
            "commit",
            "-q",
            "-m",
            "Vendor a submodule",
        ],
    );
    assert!(repo.join("objectives/vendored/extra.toml").is_file());

    // The same finding from the work tree and from the commit, and no phantom change.
    let check = common::history::run(
        repo.path(),
        &["check", "--today", "2026-10-20", "--format", "json"],
    );
    let text = check.stdout;
    assert!(
        text.contains(
            "objectives/vendored is a git submodule (another repository): its files are not read"
        ),
        "{text}"
    );
    assert!(!text.contains("phantom"), "{text}");
    let diff = common::history::run(repo.path(), &["diff", "HEAD", "--format", "json"]);
    assert_eq!(diff.code, 0, "{}", diff.transcript());
    let json = diff.json();
    assert_eq!(json["objectives"], serde_json::json!([]), "{json:#}");
    assert!(!diff.stdout.contains("phantom"), "{}", diff.stdout);
}
