//! Drift from git history, end to end: repositories built in a temporary folder with
//! pinned dates, and `align drift`, `align history`, `align check --drift` and
//! `align checkin` run on them as users do.

mod common;

use std::path::Path;

use common::history::*;
use common::repo::TestRepo;

#[test]
fn stale_is_exactly_the_threshold_and_not_a_day_less() {
    let repo = checked_in_on_november_first();
    // 14 days after the check-in: not stale.
    let at = drift(repo.path(), "2026-11-15", &[]);
    assert!(
        !found(&at).iter().any(|(c, _)| c == "stale"),
        "{}",
        at.stdout
    );
    let json = at.json();
    let last = last_check_in(&json, "deploys-boring/deploy-success");
    assert_eq!(last["date"], "2026-11-01");
    assert_eq!(last["days_ago"], 14);
    assert_eq!(last["source"], "commit");
    assert_eq!(last["author"], "@bob");
    assert_eq!(last["owner"], "@bob");
    // 15 days: every key result is stale, and the message names the last check-in.
    let over = drift(repo.path(), "2026-11-16", &[]);
    for kr in [
        "deploys-boring/deploy-success",
        "deploys-boring/lead-time",
        "renewals/renewal-rate",
    ] {
        assert!(
            has(&over, "stale", &format!("key result {kr}")),
            "{kr}: {}",
            over.stdout
        );
    }
    let text = messages(&over, "stale").join("\n");
    assert!(
        text.contains("no check-in for 15 days (last: 2026-11-01 by @bob in "),
        "{text}"
    );
    assert!(text.contains("@cara: update its value"), "{text}");
    // A dependency gone stale blocks the objectives that need it.
    assert!(
        has(&over, "blocked", "objective renewals"),
        "{}",
        over.stdout
    );
}

#[test]
fn a_threshold_from_align_toml_is_used() {
    let repo = checked_in_on_november_first();
    edit(
        &repo,
        "align.toml",
        "stale_after_days = 14",
        "stale_after_days = 5",
    );
    repo.commit("2026-11-02", "@ana", "Check in weekly");
    let run = drift(repo.path(), "2026-11-07", &[]);
    assert!(
        has(&run, "stale", "key result renewals/renewal-rate"),
        "{}",
        run.stdout
    );
    let run = drift(repo.path(), "2026-11-06", &[]);
    assert!(
        !has(&run, "stale", "key result renewals/renewal-rate"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_trailer_on_an_empty_commit_and_a_checked_key_are_check_ins() {
    let repo = checked_in_on_november_first();
    repo.commit_empty(
        "2026-11-10",
        "@cara",
        "Renewals unchanged this week\n\nCheck-in: renewals/renewal-rate\n",
    );
    edit(
        &repo,
        PLATFORM,
        "unit = \"h\"\n",
        "unit = \"h\"\nchecked = 2026-11-12\n",
    );
    repo.commit("2026-11-13", "@bob", "Confirm lead time");
    let run = drift(repo.path(), "2026-11-20", &[]);
    let json = run.json();
    let renewal = last_check_in(&json, "renewals/renewal-rate");
    assert_eq!(renewal["source"], "trailer");
    assert_eq!(renewal["date"], "2026-11-10");
    assert_eq!(renewal["author"], "@cara");
    // The commit that added `checked` is itself a check-in, a day after the date it says.
    let lead = last_check_in(&json, "deploys-boring/lead-time");
    assert_eq!(
        (lead["source"].as_str(), lead["date"].as_str()),
        (Some("commit"), Some("2026-11-13"))
    );
    assert!(
        !has(&run, "stale", "key result renewals/renewal-rate"),
        "{}",
        run.stdout
    );
    assert!(
        !has(&run, "stale", "key result deploys-boring/lead-time"),
        "{}",
        run.stdout
    );
    // Untouched since November 1st: 19 days.
    assert!(
        has(&run, "stale", "key result deploys-boring/deploy-success"),
        "{}",
        run.stdout
    );

    // A `checked` date later than the commit that wrote it (a commit prepared ahead,
    // or rebased) counts with its own source.
    edit(
        &repo,
        PLATFORM,
        "checked = 2026-11-12",
        "checked = 2026-11-16",
    );
    repo.commit("2026-11-14", "@bob", "Confirm lead time again");
    let run = drift(repo.path(), "2026-11-20", &[]);
    let json = run.json();
    let lead = last_check_in(&json, "deploys-boring/lead-time");
    assert_eq!(
        (lead["source"].as_str(), lead["date"].as_str()),
        (Some("checked"), Some("2026-11-16"))
    );
    assert_eq!(lead["commit"], serde_json::Value::Null);
}

#[test]
fn a_lowered_target_is_a_goalpost_moved_only_after_the_cycle_starts() {
    let repo = TestRepo::new();
    plan(&repo, "");
    repo.commit("2026-09-01", "@ana", "Plan Q4");
    // Planning: lowered before the cycle starts.
    edit(&repo, PLATFORM, "target = 99.5", "target = 99.0");
    repo.commit("2026-09-30", "@ana", "Realistic target");
    let before = drift(repo.path(), "2026-10-20", &[]);
    assert!(
        !found(&before).iter().any(|(c, _)| c == "goalpost-moved"),
        "{}",
        before.stdout
    );
    // Drift: lowered again on the cycle's second week.
    edit(&repo, PLATFORM, "target = 99.0", "target = 98.0");
    repo.commit("2026-10-08", "@dan", "Lower the bar");
    let after = drift(repo.path(), "2026-10-20", &[]);
    assert_eq!(
        messages(&after, "goalpost-moved"),
        [format!(
            "target of `deploys-boring/deploy-success` lowered from 99 to 98 after 2026-Q4 started \
             on 2026-10-01 (higher is better) | lowered on 2026-10-08 by @dan in {}: \"Lower the \
             bar\". Restore it, or keep it and say so in the review",
            &repo
                .repo
                .head()
                .expect("head")
                .target()
                .expect("id")
                .to_string()[..7]
        )]
    );
    // Tightening it back is not drift.
    edit(&repo, PLATFORM, "target = 98.0", "target = 99.5");
    repo.commit("2026-10-15", "@dan", "Back to the plan");
    let back = drift(repo.path(), "2026-10-20", &[]);
    assert!(
        !found(&back).iter().any(|(c, _)| c == "goalpost-moved"),
        "{}",
        back.stdout
    );
}

#[test]
fn a_decrease_key_result_is_eased_by_raising_its_target_or_lowering_its_baseline() {
    let repo = TestRepo::new();
    plan(&repo, "");
    repo.commit("2026-09-01", "@ana", "Plan Q4");
    // Lower is better: a lower target asks for more, which is fine.
    edit(&repo, PLATFORM, "target = 20.0", "target = 18.0");
    repo.commit("2026-10-05", "@bob", "Aim higher");
    let tightened = drift(repo.path(), "2026-10-20", &[]);
    assert!(
        !found(&tightened).iter().any(|(c, _)| c == "goalpost-moved"),
        "{}",
        tightened.stdout
    );
    edit(&repo, PLATFORM, "target = 18.0", "target = 25.0");
    edit(&repo, PLATFORM, "baseline = 40.0", "baseline = 35.0");
    repo.commit("2026-10-12", "@bob", "Ease lead time");
    let eased = drift(repo.path(), "2026-10-20", &[]);
    let text = messages(&eased, "goalpost-moved");
    assert_eq!(text.len(), 2, "{text:?}");
    assert!(text.iter().any(|t| t.starts_with("target of `deploys-boring/lead-time` raised from 20 to 25 after 2026-Q4 started on 2026-10-01 (lower is better) | raised on 2026-10-12 by @bob")), "{text:?}");
    assert!(
        text.iter()
            .any(|t| t.starts_with("baseline of `deploys-boring/lead-time` lowered from 40 to 35")),
        "{text:?}"
    );
    // The finding points at the value in the file.
    let json = eased.json();
    let first = &json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["code"] == "goalpost-moved")
        .expect("one")["file"];
    assert_eq!(first, PLATFORM);
}

#[test]
fn a_key_result_moved_to_another_file_keeps_its_history_and_a_renamed_id_says_so() {
    let repo = checked_in_on_november_first();
    // Move the whole objective to another file, unchanged.
    let text = std::fs::read_to_string(repo.join(PLATFORM)).expect("read");
    repo.remove(PLATFORM);
    repo.write("objectives/2026-Q4/platform.toml", &text);
    repo.commit("2026-11-10", "@ana", "One folder per cycle");
    let run = run(
        repo.path(),
        &[
            "history",
            "deploys-boring/deploy-success",
            "--today",
            "2026-11-20",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let json = run.json();
    let changes: Vec<(&str, &str)> = json["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| {
            (
                e["date"].as_str().expect("date"),
                e["change"].as_str().expect("change"),
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            ("2026-09-20", "added"),
            ("2026-11-01", "changed"),
            ("2026-11-10", "moved")
        ]
    );
    assert_eq!(
        json["events"][2]["details"][0],
        "moved from objectives/platform.toml to objectives/2026-Q4/platform.toml"
    );
    // A move is not a check-in: 19 days since November 1st.
    let stale = drift(repo.path(), "2026-11-20", &[]);
    assert!(
        has(&stale, "stale", "key result deploys-boring/deploy-success"),
        "{}",
        stale.stdout
    );
    assert!(
        !found(&stale).iter().any(|(c, _)| c == "churn"),
        "{}",
        stale.stdout
    );

    // A renamed id is the same key result: no churn, and its history goes on.
    edit(
        &repo,
        "objectives/2026-Q4/platform.toml",
        "id = \"lead-time\"",
        "id = \"change-lead-time\"",
    );
    repo.commit("2026-11-12", "@bob", "Clearer id");
    let renamed = drift(repo.path(), "2026-11-20", &[]);
    assert!(
        !found(&renamed).iter().any(|(c, _)| c == "churn"),
        "{}",
        renamed.stdout
    );
    assert_eq!(renamed.json()["churn"], serde_json::json!([]));
    // Still 19 days since its last check-in on November 1st: a rename is not one.
    assert!(
        messages(&renamed, "stale").iter().any(|m| m.starts_with(
            "`deploys-boring/change-lead-time` has had no check-in for 19 days (last: 2026-11-01 by @bob"
        )),
        "{:?}",
        messages(&renamed, "stale")
    );
    // The old id finds it under the new one.
    let history = run_history(&repo, "deploys-boring/lead-time");
    assert_eq!(history["now"], "deploys-boring/change-lead-time");
    let rows: Vec<(&str, &str, &str)> = history["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| {
            (
                e["entity"].as_str().expect("entity"),
                e["change"].as_str().expect("change"),
                e["label"].as_str().expect("label"),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("deploys-boring/lead-time", "added", "added"),
            ("deploys-boring/lead-time", "changed", "value 40 → 30"),
            (
                "deploys-boring/lead-time",
                "moved",
                "moved from objectives/platform.toml to objectives/2026-Q4/platform.toml"
            ),
            (
                "deploys-boring/change-lead-time",
                "renamed",
                "renamed from `deploys-boring/lead-time`"
            ),
        ]
    );
}

#[test]
fn a_merge_counts_first_parent_changes_and_check_ins_made_on_the_branch() {
    let repo = TestRepo::new();
    plan(&repo, "");
    let planned = repo.commit("2026-09-20", "@ana", "Plan Q4");
    // On a branch: a value changed and an empty check-in.
    edit(&repo, PLATFORM, "current = 92.0", "current = 96.0");
    repo.commit("2026-11-02", "@bob", "Check in deploys");
    let branch = repo.commit_empty(
        "2026-11-03",
        "@cara",
        "Renewals unchanged\n\nCheck-in: renewals/renewal-rate\n",
    );
    // Meanwhile on main: another change.
    repo.reset_hard(planned);
    edit(&repo, PLATFORM, "current = 40.0", "current = 35.0");
    repo.commit("2026-11-04", "@ana", "Lead time");
    // The merge brings the branch's value in.
    edit(&repo, PLATFORM, "current = 92.0", "current = 96.0");
    repo.merge(branch, "2026-11-05", "@lead", "Merge branch 'check-ins'");
    let run = drift(repo.path(), "2026-11-10", &[]);
    let json = run.json();
    let deploys = last_check_in(&json, "deploys-boring/deploy-success");
    // Dated when it landed with the merge, made by the branch's author.
    let merge = repo
        .repo
        .head()
        .expect("head")
        .target()
        .expect("id")
        .to_string();
    assert_eq!(
        (
            deploys["date"].as_str(),
            deploys["author"].as_str(),
            deploys["landed_with"].as_str()
        ),
        (Some("2026-11-05"), Some("@bob"), Some(&merge[..7]))
    );
    assert_eq!(deploys["author_date"], "2026-11-02");
    let renewals = last_check_in(&json, "renewals/renewal-rate");
    assert_eq!(
        (
            renewals["source"].as_str(),
            renewals["date"].as_str(),
            renewals["author"].as_str()
        ),
        (Some("trailer"), Some("2026-11-05"), Some("@cara"))
    );
    assert_eq!(
        json["history"]["commits_read"], 3,
        "first parents only: plan, lead time, merge"
    );
}

#[test]
fn a_shallow_clone_warns_and_reports_only_what_the_cut_history_proves() {
    let repo = checked_in_on_november_first();
    edit(&repo, PLATFORM, "current = 95.0", "current = 96.0");
    repo.commit("2026-11-10", "@bob", "Check in deploys");
    let clone = tempfile::tempdir().expect("tmp");
    let url = format!("file://{}", repo.path().display());
    git(
        clone.path(),
        &["clone", "-q", "--depth", "1", &url, "shallow"],
    );
    let shallow = clone.path().join("shallow");

    // Full history: lead time was last checked in on Nov 1: stale on Nov 20.
    let full = drift(repo.path(), "2026-11-20", &[]);
    assert!(
        has(&full, "stale", "key result deploys-boring/lead-time"),
        "{}",
        full.stdout
    );

    // Cut at Nov 10: lead time's check-in was then or before, 10 days ago at most:
    // maybe stale, maybe not, so no finding, and the report says it is unknown.
    let cut = drift(&shallow, "2026-11-20", &[]);
    assert!(
        cut.stderr
            .contains("warning: this is a shallow clone: its history is cut at 2026-11-10"),
        "{}",
        cut.stderr
    );
    assert!(cut.stderr.contains("`fetch-depth: 0`"), "{}", cut.stderr);
    assert_eq!(
        found(&cut),
        [("shallow-history".to_string(), "history".to_string())],
        "{}",
        cut.stdout
    );
    let json = cut.json();
    assert_eq!(json["history"]["cut"], "2026-11-10");
    let unknown = json["unknown"].to_string();
    assert!(
        unknown.contains("deploys-boring/lead-time: last check-in on 2026-11-10 or before"),
        "{unknown}"
    );
    assert_eq!(
        last_check_in(&json, "deploys-boring/lead-time")["at_cut"],
        true
    );
    // Nothing present at the cut is reported as added mid-cycle.
    assert!(!found(&cut).iter().any(|(c, _)| c == "churn"));

    // Whatever happened before the cut, 25 days without a check-in is stale.
    let later = drift(&shallow, "2026-12-05", &[]);
    assert!(
        has(&later, "stale", "key result deploys-boring/lead-time"),
        "{}",
        later.stdout
    );
    let text = messages(&later, "stale").join("\n");
    assert!(
        text.contains("2026-11-10 or before: the history is cut at"),
        "{text}"
    );
}

#[test]
fn a_folder_outside_a_repository_checks_but_has_no_drift() {
    let dir = tempfile::tempdir().expect("tmp");
    let repo_less = TestRepo::new(); // only to borrow plan(); its files are copied out
    plan(&repo_less, "");
    for name in [
        "align.toml",
        "vision.toml",
        "teams.toml",
        "cycles.toml",
        PLATFORM,
        SALES,
    ] {
        let target = dir.path().join(name);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::copy(repo_less.join(name), target).expect("copy");
    }
    let check = run(dir.path(), &["check", "--today", "2026-11-15"]);
    assert_eq!(check.code, 0, "{}", check.transcript());
    for args in [
        vec!["drift", "--today", "2026-11-15"],
        vec!["history", "renewals", "--today", "2026-11-15"],
        vec!["check", "--drift", "--today", "2026-11-15"],
    ] {
        let run = run(dir.path(), &args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.transcript());
        assert!(
            run.stderr.contains("is not in a git repository"),
            "{}",
            run.stderr
        );
        assert!(run.stdout.is_empty(), "{}", run.stdout);
    }
}

#[test]
fn check_drift_gates_ci_with_severities_from_align_toml() {
    let repo = checked_in_on_november_first();
    let quiet = run(
        repo.path(),
        &[
            "check",
            "--drift",
            "--today",
            "2026-11-10",
            "--format",
            "json",
        ],
    );
    assert_eq!(quiet.code, 0, "{}", quiet.transcript());
    let stale = run(
        repo.path(),
        &[
            "check",
            "--drift",
            "--today",
            "2026-11-20",
            "--format",
            "json",
        ],
    );
    assert_eq!(stale.code, 0, "warnings pass: {}", stale.transcript());
    assert!(has(&stale, "stale", "key result renewals/renewal-rate"));
    let denied = run(
        repo.path(),
        &[
            "check",
            "--drift",
            "--today",
            "2026-11-20",
            "--deny",
            "warnings",
        ],
    );
    assert_eq!(denied.code, 1, "{}", denied.transcript());
    // Without --drift, check does not read history at all.
    let plain = run(
        repo.path(),
        &["check", "--today", "2026-11-20", "--format", "json"],
    );
    assert!(
        !found(&plain).iter().any(|(c, _)| c == "stale"),
        "{}",
        plain.stdout
    );

    edit(
        &repo,
        "align.toml",
        "[drift]",
        "[rules]\nstale = \"error\"\nblocked = \"off\"\n\n[drift]",
    );
    repo.commit("2026-11-02", "@ana", "Staleness fails CI");
    let error = run(
        repo.path(),
        &[
            "check",
            "--drift",
            "--today",
            "2026-11-20",
            "--format",
            "json",
        ],
    );
    assert_eq!(error.code, 1, "{}", error.transcript());
    assert!(
        !found(&error).iter().any(|(c, _)| c == "blocked"),
        "{}",
        error.stdout
    );
    let drift = run(repo.path(), &["drift", "--today", "2026-11-20"]);
    assert_eq!(drift.code, 1, "{}", drift.transcript());
    assert!(
        drift
            .stdout
            .contains("error[stale]: `renewals/renewal-rate` has had no check-in for 19 days"),
        "{}",
        drift.stdout
    );
}

#[test]
fn churn_after_the_cycle_starts_per_team() {
    let repo = checked_in_on_november_first();
    // Added mid-cycle, re-parented, and dropped.
    let text = std::fs::read_to_string(repo.join(SALES)).expect("read");
    repo.write(
        SALES,
        &format!(
            "{text}\n[[objective]]\nid = \"referrals\"\ntitle = \"Shops refer shops\"\nteam = \"sales\"\n\
             cycle = \"2026-Q4\"\nowner = \"@cara\"\nsupports = [\"growth\"]\n\n\
             [[objective.key_result]]\nid = \"referred\"\ntitle = \"Referred shops\"\n\
             baseline = 0.0\ntarget = 40.0\ncurrent = 0.0\nunit = \"shops\"\n"
        ),
    );
    repo.commit("2026-11-03", "@cara", "Referrals");
    edit(
        &repo,
        PLATFORM,
        "supports = [\"reliability\"]",
        "supports = [\"growth\"]",
    );
    repo.commit("2026-11-04", "@bob", "Deploys serve growth");
    edit(
        &repo,
        SALES,
        "depends_on = [\"deploys-boring\"]\n",
        "depends_on = [\"deploys-boring\"]\nstatus = \"dropped\"\n",
    );
    repo.commit("2026-11-05", "@cara", "Drop renewals");
    let run = drift(repo.path(), "2026-11-10", &[]);
    let text = messages(&run, "churn").join("\n");
    assert!(
        text.contains("objective `referrals` added on 2026-11-03 by @cara"),
        "{text}"
    );
    assert!(
        text.contains("objective `deploys-boring` re-parented on 2026-11-04 by @bob"),
        "{text}"
    );
    assert!(
        text.contains("supports [growth], was [reliability]"),
        "{text}"
    );
    assert!(
        text.contains("objective `renewals` dropped on 2026-11-05 by @cara"),
        "{text}"
    );
    // The key result added with its objective is not counted again.
    assert!(!text.contains("referrals/referred"), "{text}");
    let json = run.json();
    let churn: Vec<String> = json["churn"]
        .as_array()
        .expect("churn")
        .iter()
        .map(|t| {
            format!(
                "{} +{} -{} ~{}",
                t["team"].as_str().unwrap_or(""),
                t["objectives_added"],
                t["objectives_dropped"],
                t["objectives_reparented"]
            )
        })
        .collect();
    assert_eq!(churn, ["platform +0 -0 ~1", "sales +1 -1 ~0"]);
}

#[test]
fn an_objective_moved_out_of_the_cycle_and_back_is_churn_both_ways() {
    let repo = TestRepo::new();
    plan(&repo, "");
    let cycles = "[[cycle]]\nid = \"2026-Q4\"\nstart = 2026-10-01\nend = 2026-12-31\n\n\
                  [[cycle]]\nid = \"2027-Q1\"\nstart = 2027-01-01\nend = 2027-03-31\n";
    repo.write("cycles.toml", cycles);
    repo.commit("2026-09-01", "@ana", "Plan Q4");
    edit(&repo, SALES, "cycle = \"2026-Q4\"", "cycle = \"2027-Q1\"");
    repo.commit("2026-11-03", "@cara", "Renewals wait");
    edit(&repo, SALES, "cycle = \"2027-Q1\"", "cycle = \"2026-Q4\"");
    repo.commit("2026-11-05", "@cara", "Renewals after all");
    let run = drift(repo.path(), "2026-11-10", &[]);
    let text = messages(&run, "churn").join("\n");
    assert!(
        text.contains("objective `renewals` moved to another cycle on 2026-11-03 by @cara"),
        "{text}"
    );
    assert!(
        text.contains("objective `renewals` moved into the cycle on 2026-11-05 by @cara"),
        "{text}"
    );
    // Its key result came and went with it.
    assert!(!text.contains("renewals/renewal-rate"), "{text}");
    let sales = &run.json()["churn"][0];
    assert_eq!(sales["team"], "sales");
    assert_eq!(
        (&sales["objectives_added"], &sales["objectives_dropped"]),
        (&serde_json::json!(1), &serde_json::json!(1))
    );
}

#[test]
fn a_target_eased_after_its_key_result_was_added_mid_cycle_is_a_goalpost_moved() {
    let repo = TestRepo::new();
    plan(&repo, "");
    repo.commit("2026-09-01", "@ana", "Plan Q4");
    let text = std::fs::read_to_string(repo.join(PLATFORM)).expect("read");
    repo.write(
        PLATFORM,
        &format!(
            "{text}\n[[objective.key_result]]\nid = \"rollbacks\"\ntitle = \"Rollbacks automated\"\n\
             baseline = 0.0\ntarget = 50.0\ncurrent = 0.0\nunit = \"%\"\n"
        ),
    );
    repo.commit("2026-10-10", "@bob", "Rollbacks");
    edit(&repo, PLATFORM, "target = 50.0", "target = 40.0");
    repo.commit("2026-10-12", "@bob", "Fewer rollbacks");
    let run = drift(repo.path(), "2026-10-20", &[]);
    let text = messages(&run, "goalpost-moved").join("\n");
    assert!(
        text.starts_with(
            "target of `deploys-boring/rollbacks` lowered from 50 to 40 since it was added \
             mid-cycle (higher is better) | lowered on 2026-10-12 by @bob"
        ),
        "{text}"
    );
    assert!(has(
        &run,
        "goalpost-moved",
        "key result deploys-boring/rollbacks"
    ));
}

#[test]
fn a_pillar_changed_after_its_objectives_asks_to_realign_them() {
    let repo = checked_in_on_november_first();
    edit(
        &repo,
        "vision.toml",
        "Be the most reliable platform",
        "Be the platform shops never think about",
    );
    repo.commit("2026-11-05", "@ceo", "Reword reliability");
    let run = drift(repo.path(), "2026-11-10", &[]);
    assert!(
        has(&run, "realign", "objective deploys-boring"),
        "{}",
        run.stdout
    );
    assert!(
        !has(&run, "realign", "objective renewals"),
        "{}",
        run.stdout
    );
    let text = messages(&run, "realign").join("\n");
    assert!(text.contains("pillar `reliability` changed after objective `deploys-boring` was last touched on 2026-11-01"), "{text}");
    assert!(text.contains("changed on 2026-11-05 by @ceo"), "{text}");
    // A check-in after the change says the objective was looked at again.
    edit(&repo, PLATFORM, "current = 95.0", "current = 95.5");
    repo.commit("2026-11-06", "@bob", "Still serves it");
    let run = drift(repo.path(), "2026-11-10", &[]);
    assert!(
        !has(&run, "realign", "objective deploys-boring"),
        "{}",
        run.stdout
    );
}

#[test]
fn behind_pace_uses_a_least_squares_forecast() {
    let repo = TestRepo::new();
    plan(&repo, "");
    repo.commit("2026-09-20", "@ana", "Plan Q4");
    // Renewals climb 1 point every 10 days from 78: the line reaches about 87 by Dec
    // 31, 91% of the way to 88: within the tolerance. Deploys stall at 93: the line
    // through 92 (standing on Oct 1), 93, 93, 93 reaches 95.03, 40% of the way.
    for (date, renewal, deploys) in [
        ("2026-10-11", "79.0", "93.0"),
        ("2026-10-21", "80.0", "93.0"),
        ("2026-10-31", "81.0", "93.0"),
    ] {
        let text = std::fs::read_to_string(repo.join(SALES)).expect("read");
        let start = text.find("current = ").expect("current");
        let end = start + text[start..].find('\n').expect("line");
        repo.write(
            SALES,
            &format!("{}current = {renewal}{}", &text[..start], &text[end..]),
        );
        let text = std::fs::read_to_string(repo.join(PLATFORM)).expect("read");
        let start = text.find("current = ").expect("current");
        let end = start + text[start..].find("   #").expect("comment");
        repo.write(
            PLATFORM,
            &format!("{}current = {deploys}{}", &text[..start], &text[end..]),
        );
        // Deploys' value stays the same after the first week: the trailer confirms it.
        repo.commit(
            date,
            "@bob",
            "Weekly check-in\n\nCheck-in: deploys-boring/deploy-success\n",
        );
    }
    let run = drift(repo.path(), "2026-11-05", &[]);
    assert!(
        has(
            &run,
            "behind-pace",
            "key result deploys-boring/deploy-success"
        ),
        "{}",
        run.stdout
    );
    assert!(
        !has(&run, "behind-pace", "key result renewals/renewal-rate"),
        "{}",
        run.stdout
    );
    let json = run.json();
    let forecast = json["forecasts"]
        .as_array()
        .expect("forecasts")
        .iter()
        .find(|f| f["key_result"] == "renewals/renewal-rate")
        .expect("renewals");
    // Points: 78 standing on Oct 1 (day 0), 79 (day 10), 80 (day 20), 81 (day 30):
    // slope 0.1 a day, 78 + 0.1 * 91 = 87.1 on Dec 31.
    let value = forecast["forecast"].as_f64().expect("a forecast");
    assert!((value - 87.1).abs() < 1e-9, "{value}");
    assert_eq!(forecast["points"], 4);
    let text = messages(&run, "behind-pace").join("\n");
    assert!(text.contains("`deploys-boring/deploy-success` is behind pace: at this pace it ends 2026-Q4 at 95.03%, 40% of the way from 92% to its target 99.5%"), "{text}");
}

#[test]
fn a_tree_in_a_subfolder_reads_only_commits_that_touch_it_and_at_reads_the_past() {
    let repo = TestRepo::new();
    plan(&repo, "strategy");
    repo.write("app/main.rs", "fn main() {}\n");
    repo.commit("2026-09-20", "@ana", "Plan Q4");
    edit(
        &repo,
        &format!("strategy/{PLATFORM}"),
        "target = 99.5",
        "target = 99.0",
    );
    let eased = repo.commit("2026-10-10", "@dan", "Lower the bar");
    for day in 11..=20 {
        repo.write("app/main.rs", &format!("fn main() {{ /* {day} */ }}\n"));
        repo.commit(&format!("2026-10-{day}"), "@eve", "Work on the app");
    }
    let strategy = repo.join("strategy");
    let run = drift(&strategy, "2026-10-25", &[]);
    let json = run.json();
    assert_eq!(json["history"]["commits_read"], 12);
    assert_eq!(json["history"]["commits_with_changes"], 2);
    assert!(
        has(
            &run,
            "goalpost-moved",
            "key result deploys-boring/deploy-success"
        ),
        "{}",
        run.stdout
    );
    // App commits are not check-ins.
    assert_eq!(
        last_check_in(&json, "renewals/renewal-rate")["date"],
        "2026-09-20"
    );
    // As of the planning commit, nothing had moved yet.
    let first = repo
        .repo
        .find_commit(eased)
        .expect("commit")
        .parent_id(0)
        .expect("parent")
        .to_string();
    let past = drift(&strategy, "2026-10-25", &["--at", &first]);
    assert!(
        !has(
            &past,
            "goalpost-moved",
            "key result deploys-boring/deploy-success"
        ),
        "{}",
        past.stdout
    );
    // A detached HEAD reads the same as a branch.
    repo.repo.set_head_detached(eased).expect("detach");
    let detached = drift(&strategy, "2026-10-25", &[]);
    assert_eq!(detached.json()["history"]["commits_read"], 2);
    assert!(has(
        &detached,
        "goalpost-moved",
        "key result deploys-boring/deploy-success"
    ));
}

#[test]
fn a_worktree_reads_its_own_branch() {
    let repo = checked_in_on_november_first();
    let outside = tempfile::tempdir().expect("tmp");
    let path = outside.path().join("wt");
    repo.repo
        .worktree("wt", &path, None)
        .expect("git worktree add");
    let run = drift(&path, "2026-11-10", &[]);
    assert_eq!(
        last_check_in(&run.json(), "renewals/renewal-rate")["date"],
        "2026-11-01"
    );
}

#[test]
fn uncommitted_changes_are_the_newest_state() {
    let repo = checked_in_on_november_first();
    edit(&repo, SALES, "current = 83.0", "current = 84.0");
    let history = run_history(&repo, "renewals/renewal-rate");
    let last = history["events"]
        .as_array()
        .expect("events")
        .last()
        .expect("one")
        .clone();
    assert_eq!(last["commit"], "uncommitted");
    assert_eq!(last["date"], "2026-11-20");
    assert_eq!(last["details"][0], "value 83 → 84");
    let run = drift(repo.path(), "2026-11-20", &[]);
    assert!(
        !has(&run, "stale", "key result renewals/renewal-rate"),
        "{}",
        run.stdout
    );
    // Reading history never touches the repository: the change is still uncommitted.
    let statuses = repo.repo.statuses(None).expect("status");
    assert_eq!(statuses.len(), 1);
}

#[test]
fn checkin_edits_in_place_and_commits_with_a_trailer_as_the_configured_identity() {
    let repo = checked_in_on_november_first();
    // Without an identity, nothing changes.
    let refused = run(
        repo.path(),
        &[
            "checkin",
            "renewals/renewal-rate",
            "--value",
            "85",
            "--commit",
            "--today",
            "2026-11-20",
        ],
    );
    assert_eq!(refused.code, 2, "{}", refused.transcript());
    assert!(
        refused.stderr.contains("no git identity to commit as"),
        "{}",
        refused.stderr
    );
    assert!(
        std::fs::read_to_string(repo.join(SALES))
            .expect("read")
            .contains("current = 83.0\n")
    );

    let mut config = repo.repo.config().expect("config");
    config.set_str("user.name", "@cara").expect("name");
    config
        .set_str("user.email", "cara@example.com")
        .expect("email");
    // Unrelated uncommitted work in the same file stays uncommitted.
    edit(
        &repo,
        SALES,
        "title = \"Small shops renew\"",
        "title = \"Small shops renew every year\"",
    );
    let done = run(
        repo.path(),
        &[
            "checkin",
            "renewals/renewal-rate",
            "--value",
            "85",
            "--confidence",
            "0.7",
            "--commit",
            "--today",
            "2026-11-20",
        ],
    );
    assert_eq!(done.code, 0, "{}", done.transcript());
    assert!(done.stdout.starts_with("objectives/sales.toml: renewals/renewal-rate: current 83.0 -> 85.0, confidence 0.7, checked 2026-11-20\ncommitted "), "{}", done.stdout);
    let head = repo
        .repo
        .head()
        .expect("head")
        .peel_to_commit()
        .expect("commit");
    assert_eq!(head.author().name().ok(), Some("@cara"));
    assert_eq!(
        head.message().ok(),
        Some(
            "Check in renewals/renewal-rate: current 83.0 -> 85.0\n\nCheck-in: renewals/renewal-rate\n"
        )
    );
    let committed = head
        .tree()
        .expect("tree")
        .get_path(Path::new(SALES))
        .expect("file")
        .to_object(&repo.repo)
        .expect("blob")
        .peel_to_blob()
        .expect("blob")
        .content()
        .to_vec();
    let committed = String::from_utf8(committed).expect("text");
    assert!(
        committed
            .contains("current = 85.0\nunit = \"%\"\nconfidence = 0.7\nchecked = 2026-11-20\n"),
        "{committed}"
    );
    assert!(
        committed.contains("title = \"Small shops renew\"\n"),
        "{committed}"
    );
    let disk = std::fs::read_to_string(repo.join(SALES)).expect("read");
    assert!(
        disk.contains("Small shops renew every year") && disk.contains("current = 85.0"),
        "{disk}"
    );

    // The comment after a value survives, and a confirmation alone sets `checked`.
    let confirm = run(
        repo.path(),
        &[
            "checkin",
            "deploys-boring/deploy-success",
            "--today",
            "2026-11-21",
        ],
    );
    assert_eq!(confirm.code, 0, "{}", confirm.transcript());
    let text = std::fs::read_to_string(repo.join(PLATFORM)).expect("read");
    assert!(
        text.contains(
            "current = 95.0   # from the dashboard\nunit = \"%\"\nchecked = 2026-11-21\n"
        ),
        "{text}"
    );

    let history = run_history(&repo, "renewals/renewal-rate");
    let events = history["events"].as_array().expect("events");
    let committed = &events[events.len() - 1];
    assert_eq!(
        (committed["author"].as_str(), committed["change"].as_str()),
        (Some("@cara"), Some("changed"))
    );
}

#[test]
fn checkin_refuses_bad_input_clearly() {
    let repo = checked_in_on_november_first();
    for (args, says) in [
        (
            vec!["checkin", "renewals"],
            "name the key result as OBJECTIVE/KR",
        ),
        (
            vec!["checkin", "renewal/renewal-rate"],
            "did you mean `renewals`?",
        ),
        (
            vec!["checkin", "renewals/renewal-rat"],
            "did you mean `renewals/renewal-rate`?",
        ),
        (
            vec!["checkin", "renewals/renewal-rate", "--value", "high"],
            "`high` is not a number",
        ),
        (
            vec!["checkin", "renewals/renewal-rate", "--confidence", "12"],
            "a confidence is 0.0-1.0",
        ),
    ] {
        let run = run(repo.path(), &args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.transcript());
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
    }
    assert!(
        std::fs::read_to_string(repo.join(SALES))
            .expect("read")
            .contains("current = 83.0\nunit")
    );
}

#[test]
fn history_of_an_unknown_item_suggests_one() {
    let repo = checked_in_on_november_first();
    let run = run(
        repo.path(),
        &[
            "history",
            "deploys-boring/deploy-sucess",
            "--today",
            "2026-11-20",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr
            .contains("did you mean `deploys-boring/deploy-success`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn drift_output_snapshots() {
    let repo = checked_in_on_november_first();
    edit(&repo, PLATFORM, "target = 99.5", "target = 99.0");
    repo.commit("2026-11-03", "@dan", "Lower the bar");
    let table = run(repo.path(), &["drift", "--today", "2026-11-20"]);
    assert_eq!(table.code, 0);
    insta::assert_snapshot!("drift_table", table.transcript());
    let markdown = run(
        repo.path(),
        &["drift", "--today", "2026-11-20", "--format", "markdown"],
    );
    insta::assert_snapshot!("drift_markdown", markdown.transcript());
    let history = run(
        repo.path(),
        &["history", "deploys-boring", "--today", "2026-11-20"],
    );
    insta::assert_snapshot!("history_table", history.transcript());
}

#[test]
fn every_drift_rule_is_tested_here() {
    let source = include_str!("drift.rs");
    for code in align_okr::codes::Code::all().filter(|c| c.is_drift()) {
        assert!(
            source.contains(&format!("\"{code}\"")),
            "tests/drift.rs never asserts a `{code}` finding"
        );
    }
}

#[test]
fn report_with_history_shows_who_checked_in_and_the_drift() {
    let repo = checked_in_on_november_first();
    repo.commit_empty(
        "2026-11-10",
        "@cara",
        "Renewals unchanged\n\nCheck-in: renewals/renewal-rate\n",
    );
    let kr = |json: &serde_json::Value, objective: &str, kr: &str| -> serde_json::Value {
        json["teams"]
            .as_array()
            .expect("teams")
            .iter()
            .flat_map(|t| t["objectives"].as_array().expect("objectives").iter())
            .filter(|o| o["id"] == objective)
            .flat_map(|o| o["key_results"].as_array().expect("key results").iter())
            .find(|k| k["id"] == kr)
            .expect("the key result")["last_checkin"]
            .clone()
    };
    let plain = run(
        repo.path(),
        &[
            "report",
            "--no-history",
            "--today",
            "2026-11-20",
            "--format",
            "json",
        ],
    );
    assert_eq!(plain.code, 0, "{}", plain.transcript());
    let json = plain.json();
    assert_eq!(json.get("drift"), None);
    assert_eq!(json["history"]["read"], false);
    assert_eq!(json["history"]["not_read_because"], "--no-history");
    assert_eq!(
        kr(&json, "renewals", "renewal-rate"),
        serde_json::Value::Null
    );

    // History is the default in a repository; `--history` is kept and changes nothing.
    let with = run(
        repo.path(),
        &["report", "--today", "2026-11-20", "--format", "json"],
    );
    assert_eq!(with.code, 0, "{}", with.transcript());
    let flagged = run(
        repo.path(),
        &[
            "report",
            "--history",
            "--today",
            "2026-11-20",
            "--format",
            "json",
        ],
    );
    assert_eq!(flagged.stdout, with.stdout);
    let json = with.json();
    assert_eq!(json["history"]["read"], true);
    let renewal = kr(&json, "renewals", "renewal-rate");
    assert_eq!(
        (
            renewal["date"].as_str(),
            renewal["source"].as_str(),
            renewal["author"].as_str()
        ),
        (Some("2026-11-10"), Some("trailer"), Some("@cara"))
    );
    assert_eq!(renewal["commit"].as_str().map(str::len), Some(7));
    let drift: Vec<(String, String)> = json["drift"]["findings"]
        .as_array()
        .expect("drift findings")
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap_or("").to_string(),
                f["entity"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert!(
        drift.contains(&(
            "stale".into(),
            "key result deploys-boring/deploy-success".into()
        )),
        "{drift:?}"
    );
    assert!(
        !drift
            .iter()
            .any(|(_, e)| e == "key result renewals/renewal-rate"),
        "{drift:?}"
    );
    // Limited to a team, the drift of other teams is left out.
    let sales = run(
        repo.path(),
        &[
            "report",
            "--history",
            "--team",
            "sales",
            "--today",
            "2026-11-20",
            "--format",
            "json",
        ],
    );
    let json = sales.json();
    let entities: Vec<&str> = json["drift"]["findings"]
        .as_array()
        .expect("drift findings")
        .iter()
        .filter_map(|f| f["entity"].as_str())
        .collect();
    assert_eq!(
        entities,
        ["objective renewals"],
        "blocked by deploys-boring, nothing of platform's"
    );
    let table = run(
        repo.path(),
        &["report", "--history", "--today", "2026-11-20"],
    );
    assert!(
        table.stdout.contains("Drift (from git history)"),
        "{}",
        table.stdout
    );
    // The cell wraps where the table's width says; read it as one line of words.
    let words = cell_words(&table.stdout, "Annual renewal rate");
    assert!(
        words.contains("checked in 2026-11-10 by @cara"),
        "{words}\n{}",
        table.stdout
    );
}

#[test]
fn history_skips_what_loading_skips_and_drift_waits_for_a_tree_that_loads() {
    let repo = checked_in_on_november_first();
    // A nested tree, a hidden folder and target/ are not this tree's strategy.
    let objective = "[[objective]]\nid = \"ghost\"\ntitle = \"Not ours\"\nteam = \"sales\"\n\
                     cycle = \"2026-Q4\"\n\n[[objective.key_result]]\nid = \"k\"\ntitle = \"k\"\ndone = false\n";
    repo.write("nested/align.toml", "");
    repo.write("nested/objectives.toml", objective);
    repo.write(
        ".hidden/objectives.toml",
        &objective.replace("ghost", "hidden"),
    );
    repo.write(
        "target/objectives.toml",
        &objective.replace("ghost", "built"),
    );
    repo.commit("2026-11-05", "@ana", "Other trees");
    for item in ["ghost", "hidden", "built"] {
        let run = run(repo.path(), &["history", item, "--today", "2026-11-20"]);
        assert_eq!(run.code, 2, "{item}: {}", run.transcript());
        assert!(run.stderr.contains("has no history"), "{}", run.stderr);
    }
    // A file that does not load: drift refuses, check --drift reports it and skips drift.
    repo.write(SALES, "[[objective]\n");
    let drift = run(repo.path(), &["drift", "--today", "2026-11-20"]);
    assert_eq!(drift.code, 2, "{}", drift.transcript());
    assert!(
        drift.stderr.contains("1 file of the tree did not load"),
        "{}",
        drift.stderr
    );
    let check = run(
        repo.path(),
        &[
            "check",
            "--drift",
            "--today",
            "2026-11-20",
            "--format",
            "json",
        ],
    );
    assert_eq!(check.code, 1, "{}", check.transcript());
    assert_eq!(
        found(&check),
        [
            // The nested tree is not read, and said.
            ("skipped-path".to_string(), "path nested".to_string()),
            ("toml-syntax".to_string(), format!("file {SALES}"))
        ]
    );
    assert!(
        check
            .stderr
            .contains("note: drift was not checked: 1 file of the tree did not load"),
        "{}",
        check.stderr
    );
}

#[test]
fn a_dropped_or_removed_dependency_blocks_and_a_new_vision_asks_everyone_to_realign() {
    let repo = checked_in_on_november_first();
    edit(
        &repo,
        PLATFORM,
        "supports = [\"reliability\"]\n",
        "supports = [\"reliability\"]\nstatus = \"dropped\"\n",
    );
    repo.commit("2026-11-03", "@bob", "Drop deploys");
    let run = drift(repo.path(), "2026-11-05", &[]);
    let text = messages(&run, "blocked").join("\n");
    assert!(
        text.contains("objective `renewals` depends on `deploys-boring`, which is dropped"),
        "{text}"
    );

    // Removed from the tree altogether: the history still knows it.
    let platform = std::fs::read_to_string(repo.join(PLATFORM)).expect("read");
    repo.remove(PLATFORM);
    repo.commit("2026-11-04", "@bob", "Remove deploys");
    let run = drift(repo.path(), "2026-11-05", &[]);
    let text = messages(&run, "blocked").join("\n");
    assert!(
        text.contains("which is removed from the tree on 2026-11-04 by @bob"),
        "{text}"
    );

    // The vision changes: every active objective under it is asked to realign.
    repo.write(PLATFORM, &platform.replace("status = \"dropped\"\n", ""));
    repo.commit("2026-11-04", "@bob", "Restore deploys");
    edit(
        &repo,
        "vision.toml",
        "Every team ships with confidence",
        "Every shop sells without thinking about software",
    );
    repo.commit("2026-11-05", "@ceo", "New vision");
    let run = drift(repo.path(), "2026-11-06", &[]);
    assert!(has(&run, "realign", "objective renewals"), "{}", run.stdout);
    assert!(
        has(&run, "realign", "objective deploys-boring"),
        "{}",
        run.stdout
    );
    assert!(
        messages(&run, "realign")
            .join("\n")
            .contains("the vision changed after objective `renewals`")
    );
}

/// The words of the first column of the table row that starts with `first`, across the
/// lines the cell wraps onto.
fn cell_words(table: &str, first: &str) -> String {
    let mut words = Vec::new();
    let mut inside = false;
    for line in table.lines() {
        let cell = line
            .trim_start_matches('│')
            .split('┆')
            .next()
            .unwrap_or_default()
            .trim_end_matches('│')
            .trim();
        if cell.starts_with(first) {
            inside = true;
        } else if inside && (line.starts_with('└') || line.starts_with('├')) {
            break;
        }
        if inside {
            words.push(cell.to_string());
        }
    }
    words.join(" ")
}
