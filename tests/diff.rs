//! `align diff` and `align check --base` end to end: repositories with a base commit
//! on `main` and a change on a branch, with pinned dates, so that commit ids and every
//! snapshot are the same on every run. Each case snapshots all three formats and
//! asserts what the case is about from the JSON.

mod common;

use common::TODAY;
use common::repo::TestRepo;
use common::strategy::*;

/// `align diff main HEAD` in every format: snapshots named after the case, and the
/// JSON document for the case's own assertions.
fn diff_all_formats(repo: &TestRepo, case: &str) -> serde_json::Value {
    let mut json = serde_json::Value::Null;
    for format in ["table", "markdown", "json"] {
        let run = align(
            repo.path(),
            &["diff", "main", "HEAD", "--today", TODAY, "--format", format],
        );
        assert_eq!(run.code, 0, "{}", run.transcript());
        assert_eq!(run.stderr, "", "{}", run.transcript());
        insta::assert_snapshot!(format!("{case}-{format}"), run.stdout);
        if format == "json" {
            json = run.json();
        }
    }
    json
}

fn verdict(json: &serde_json::Value) -> &str {
    json["verdict"].as_str().expect("a verdict")
}

fn codes(list: &serde_json::Value) -> Vec<&str> {
    list.as_array()
        .expect("an array")
        .iter()
        .map(|f| f["code"].as_str().expect("a code"))
        .collect()
}

#[test]
fn the_base_tree_is_clean() {
    let repo = base_repo();
    let run = align(
        repo.path(),
        &[
            "check", "--today", TODAY, "--deny", "warnings", "--format", "json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(common::codes(&run), Vec::<String>::new());
}

#[test]
fn an_added_objective() {
    let repo = base_repo();
    repo.write(
        SALES_Q4,
        &format!(
            "{SALES}\n[[objective]]\nid = \"sales-referrals\"\ntitle = \"Happy shops bring \
             their neighbours\"\nteam = \"sales\"\ncycle = \"2026-Q4\"\nowner = \"@dan\"\n\
             supports = [\"growth\"]\n\n[[objective.key_result]]\nid = \"referred\"\n\
             title = \"Shops that came through a referral\"\nbaseline = 3.0\ntarget = 12.0\n\
             current = 4.0\nunit = \"shops\"\n\n[[objective.key_result]]\n\
             id = \"revenue-referred\"\ntitle = \"Recurring revenue from referred shops\"\n\
             baseline = 0.0\ntarget = 5000.0\ncurrent = 800.0\nunit = \"USD per month\"\n"
        ),
    );
    commit_change(&repo, "Add a referral objective");
    let json = diff_all_formats(&repo, "added");
    assert_eq!(verdict(&json), "1 objective added");
    assert_eq!(json["objectives"][0]["id"], "sales-referrals");
    assert_eq!(json["objectives"][0]["change"], "added");
    // Its key result is listed with it, not counted as a change of its own.
    assert_eq!(json["key_results"][0]["id"], "referred");
    assert_eq!(json["key_results"][0]["with_objective"], true);
    assert_eq!(json["team_load"][0]["before"], 1);
    assert_eq!(json["team_load"][0]["after"], 2);
    assert_eq!(json["team_load"][0]["limit"], 3);
}

#[test]
fn a_removed_objective() {
    let repo = base_repo();
    let without_learning = &ENGINEERING[..ENGINEERING
        .find("[[objective]]\nid = \"eng-learning\"")
        .expect("there")];
    repo.write(ENG_Q4, without_learning);
    commit_change(&repo, "Drop the learning objective");
    let json = diff_all_formats(&repo, "removed");
    assert_eq!(verdict(&json), "1 objective removed, 1 new warning");
    assert_eq!(json["objectives"][0]["change"], "removed");
    assert_eq!(json["objectives"][0]["id"], "eng-learning");
    // Nothing supports the learning pillar any more.
    assert_eq!(codes(&json["findings"]["introduced"]), ["pillar-uncovered"]);
}

#[test]
fn a_target_lowered_mid_cycle_is_a_goalpost_moved() {
    let repo = base_repo();
    repo.write(SALES_Q4, &SALES.replace("target = 88.0", "target = 85.0"));
    commit_change(&repo, "Renewals: aim lower");
    let json = diff_all_formats(&repo, "target-lowered-mid-cycle");
    assert_eq!(verdict(&json), "1 target eased mid-cycle");
    let kr = &json["key_results"][0];
    assert_eq!(kr["id"], "renewal-rate");
    assert_eq!(kr["target"]["before"], 88.0);
    assert_eq!(kr["target"]["after"], 85.0);
    assert_eq!(kr["target"]["direction"], "eased");
    assert_eq!(kr["target"]["timing"], "in-cycle");
    assert_eq!(kr["target"]["goalpost_moved"], true);
    // 82 of 78 -> 88 is 40%; of 78 -> 85 it is 57%.
    assert_eq!(kr["progress"]["before"], 0.4);
    assert!((kr["progress"]["after"].as_f64().expect("a number") - 4.0 / 7.0).abs() < 1e-9);
}

#[test]
fn a_lower_is_better_target_raised_mid_cycle_is_eased_too() {
    let repo = base_repo();
    repo.write(
        ENG_Q4,
        &ENGINEERING.replace(
            "target = 8.0\ncurrent = 12.0",
            "target = 10.0\ncurrent = 12.0",
        ),
    );
    commit_change(&repo, "Failure rate: 10% will do");
    let run = align(
        repo.path(),
        &["diff", "main", "HEAD", "--today", TODAY, "--format", "json"],
    );
    let json = run.json();
    assert_eq!(verdict(&json), "1 target eased mid-cycle", "{}", run.stdout);
    assert_eq!(json["key_results"][0]["target"]["direction"], "eased");
}

#[test]
fn a_target_lowered_before_its_cycle_is_planning() {
    let repo = base_repo();
    repo.write(
        ENG_Q1,
        &NEXT_QUARTER.replace("target = 10.0", "target = 8.0"),
    );
    commit_change(&repo, "Q1: a more modest deploy target");
    let json = diff_all_formats(&repo, "target-lowered-before-cycle");
    assert_eq!(verdict(&json), "1 goal eased before its cycle");
    let target = &json["key_results"][0]["target"];
    assert_eq!(target["direction"], "eased");
    assert_eq!(target["timing"], "planning");
    assert_eq!(target["goalpost_moved"], false);
    // The same change on the first day of the cycle is a goalpost moved.
    let run = align(
        repo.path(),
        &[
            "diff",
            "main",
            "HEAD",
            "--today",
            "2027-01-01",
            "--format",
            "json",
        ],
    );
    assert_eq!(verdict(&run.json()), "1 target eased mid-cycle");
}

#[test]
fn a_reparented_objective() {
    let repo = base_repo();
    repo.write(
        ENG_Q4,
        &ENGINEERING.replace("supports = [\"learning\"]", "supports = [\"operations\"]"),
    );
    commit_change(&repo, "Learning serves operations");
    let json = diff_all_formats(&repo, "reparented");
    assert_eq!(verdict(&json), "1 objective re-parented, 1 new warning");
    let o = &json["objectives"][0];
    assert_eq!(o["id"], "eng-learning");
    assert_eq!(o["supports"]["added"], serde_json::json!(["operations"]));
    assert_eq!(o["supports"]["removed"], serde_json::json!(["learning"]));
    assert_eq!(codes(&json["findings"]["introduced"]), ["pillar-uncovered"]);
}

#[test]
fn a_renamed_id_is_a_rename_and_references_follow_it() {
    let repo = base_repo();
    repo.write(
        ENG_Q4,
        &ENGINEERING.replace("eng-calm-releases", "eng-quiet-releases"),
    );
    repo.write(
        SALES_Q4,
        &SALES.replace("eng-calm-releases", "eng-quiet-releases"),
    );
    commit_change(&repo, "Rename calm to quiet");
    let json = diff_all_formats(&repo, "renamed");
    assert_eq!(verdict(&json), "1 objective renamed");
    let o = &json["objectives"][0];
    assert_eq!(o["id"], "eng-quiet-releases");
    assert_eq!(o["renamed_from"], "eng-calm-releases");
    // sales-renewals now names the new id: the same dependency, not a new one.
    assert_eq!(json["dependencies"], serde_json::json!([]));
    assert_eq!(json["objectives"].as_array().map(Vec::len), Some(1));
}

#[test]
fn a_new_dependency_loop() {
    let repo = base_repo();
    repo.write(ENG_Q4, &engineering_in_a_loop());
    commit_change(&repo, "Releases need renewals");
    let json = diff_all_formats(&repo, "dependency-loop");
    // The new request is also one sales has not answered, six weeks into the cycle.
    assert_eq!(
        verdict(&json),
        "1 new dependency, 1 new error, 1 new warning"
    );
    let d = &json["dependencies"][0];
    assert_eq!(d["objective"], "eng-calm-releases");
    assert_eq!(d["on"], "sales-renewals");
    assert_eq!(d["on_team"], "sales");
    assert_eq!(
        codes(&json["findings"]["introduced"]),
        ["dependency-loop", "dependency-unacknowledged"]
    );
}

#[test]
fn a_fixed_finding() {
    let repo = TestRepo::new();
    write_base(&repo).write(ENG_Q4, &ENGINEERING.replace("unit = \"engineers\"\n", ""));
    repo.commit("2026-10-01", "@ana", "Plan, without a unit");
    branch(&repo, "change");
    repo.write(ENG_Q4, ENGINEERING);
    commit_change(&repo, "Count engineers");
    let json = diff_all_formats(&repo, "fixed-finding");
    assert_eq!(verdict(&json), "1 key result changed, 1 finding fixed");
    assert_eq!(codes(&json["findings"]["fixed"]), ["kr-missing-unit"]);
    assert_eq!(json["findings"]["introduced"], serde_json::json!([]));
}

#[test]
fn a_pure_reformat_is_no_semantic_change() {
    let repo = base_repo();
    // Other key order, comments, other number spellings, inline arrays spread over
    // lines, and one objective moved to a file of its own.
    let (calm, learning) = ENGINEERING.split_at(
        ENGINEERING
            .find("[[objective]]\nid = \"eng-learning\"")
            .expect("there"),
    );
    let calm = calm
        .replace(
            "supports = [\"operations\", \"trust\"]",
            "supports = [\n  \"operations\",\n  \"trust\",\n]",
        )
        .replace(
            "baseline = 18.0\ntarget = 8.0",
            "target = 8   # halve it\nbaseline = 1.8e1",
        )
        .replace(
            "title = \"Customers",
            "# Why: customers feel every bad release.\ntitle = \"Customers",
        );
    repo.write(ENG_Q4, &format!("# Engineering, Q4\n\n{calm}"));
    repo.write("objectives/2026-Q4/learning.toml", learning);
    repo.write(
        "teams.toml",
        &TEAMS.replace("members = [\"@bob\"]", "members = [ '@bob' ]"),
    );
    commit_change(&repo, "Tidy the engineering file");
    let json = diff_all_formats(&repo, "reformat");
    assert_eq!(verdict(&json), "no semantic change");
    assert_eq!(json["semantic_change"], false);
    assert_eq!(json["findings"]["unchanged"], 0);
}

#[test]
fn a_base_that_does_not_exist_is_exit_2() {
    let repo = base_repo();
    for args in [
        &["diff", "no-such-branch", "--today", TODAY][..],
        &["diff", "main", "no-such-branch", "--today", TODAY],
        &["check", "--base", "no-such-branch", "--today", TODAY],
    ] {
        let run = align(repo.path(), args);
        assert_eq!(run.code, 2, "{}", run.transcript());
        assert!(
            run.stderr
                .contains("no commit `no-such-branch` in the repository"),
            "{}",
            run.stderr
        );
        assert_eq!(run.stdout, "");
    }
    insta::assert_snapshot!(
        "unknown-base",
        align(repo.path(), &["diff", "no-such-branch", "--today", TODAY]).transcript()
    );
}

#[test]
fn outside_a_repository_is_exit_2() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("align.toml"), SETTINGS).expect("write");
    let run = align(dir.path(), &["diff", "--today", TODAY]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.contains("is not in a git repository"),
        "{}",
        run.stderr
    );
}

fn json_of(repo: &TestRepo) -> serde_json::Value {
    let run = align(
        repo.path(),
        &["diff", "main", "HEAD", "--today", TODAY, "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    run.json()
}

#[test]
fn moves_owners_pillars_and_settings_are_changes_too() {
    let repo = base_repo();
    repo.write(
        ENG_Q4,
        &ENGINEERING.replace(
            "team = \"engineering\"\ncycle = \"2026-Q4\"\nowner = \"@bob\"",
            "team = \"sales\"\ncycle = \"2026-Q4\"\nowner = \"@dan\"",
        ),
    );
    repo.write(
        "vision.toml",
        &VISION.replace(
            "Grow recurring revenue efficiently",
            "Grow revenue that recurs",
        ),
    );
    repo.write(
        "align.toml",
        &format!("{SETTINGS}\n[limits]\nmax_objectives_per_team = 2\n"),
    );
    commit_change(&repo, "Learning moves to sales");
    let json = json_of(&repo);
    assert_eq!(
        verdict(&json),
        "1 objective moved, 1 owner changed, 2 other changes"
    );
    let o = &json["objectives"][0];
    assert_eq!(o["id"], "eng-learning");
    assert_eq!(
        o["team_moved"],
        serde_json::json!({"before": "engineering", "after": "sales"})
    );
    assert_eq!(
        o["owner"],
        serde_json::json!({"before": "@bob", "after": "@dan"})
    );
    assert_eq!(json["other"][0]["kind"], "pillar");
    assert_eq!(
        json["other"][0]["fields"][0]["after"],
        "Grow revenue that recurs"
    );
    assert_eq!(json["other"][1]["kind"], "settings");
    assert_eq!(
        json["other"][1]["fields"][0],
        serde_json::json!({"field": "limits.max_objectives_per_team", "before": null, "after": "2"})
    );
    // Each team's count moved by one; sales now has 2 of its (new) limit of 2.
    let load: Vec<(String, u64, u64, bool)> = json["team_load"]
        .as_array()
        .expect("an array")
        .iter()
        .map(|t| {
            (
                t["team"].as_str().expect("a team").to_string(),
                t["before"].as_u64().expect("a count"),
                t["after"].as_u64().expect("a count"),
                t["over_limit"].as_bool().expect("a flag"),
            )
        })
        .collect();
    assert_eq!(
        load,
        [
            ("engineering".to_string(), 2, 1, false),
            ("sales".to_string(), 1, 2, false)
        ]
    );
}

#[test]
fn a_file_that_stops_loading_is_not_everything_removed() {
    let repo = base_repo();
    repo.write(SALES_Q4, &SALES.replace("[[objective]]", "[[objective]"));
    commit_change(&repo, "Oops");
    let json = json_of(&repo);
    // The objective in the broken file is unknown, not removed.
    assert_eq!(json["objectives"], serde_json::json!([]));
    assert_eq!(json["dependencies"], serde_json::json!([]));
    assert_eq!(codes(&json["findings"]["introduced"]), ["toml-syntax"]);
    assert_eq!(
        json["notes"],
        serde_json::json!([
            "objectives/2026-Q4/sales.toml does not load in HEAD: what it defines is left out of this comparison"
        ])
    );
    assert_eq!(
        verdict(&json),
        "no semantic change in the files that load, 1 new error"
    );
    assert_eq!(json["complete"], false);
}
