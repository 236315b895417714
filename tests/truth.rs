//! One truth: `align report` reads the history that `align drift` reads, by default,
//! and every command gives a key result the same verdict. Repositories are built in a
//! temporary folder with pinned dates: ten weeks of weekly check-ins of all three
//! kinds (edits, `Check-in:` trailers, `checked` keys) and one key result left alone.

mod common;

use std::path::Path;

use common::Run;
use common::repo::TestRepo;

const PLATFORM: &str = "objectives/platform.toml";
const SALES: &str = "objectives/sales.toml";
const TODAY: &str = "2026-11-20";

fn plan(repo: &TestRepo) {
    repo.write(
        "align.toml",
        "name = \"Truth\"\n\n[drift]\nstale_after_days = 14\n",
    );
    repo.write(
        "vision.toml",
        "[vision]\nstatement = \"Every team ships with confidence\"\n\n\
         [[pillar]]\nid = \"reliability\"\ntitle = \"Be the most reliable platform\"\n\
         perspective = \"customer\"\n\n\
         [[pillar]]\nid = \"growth\"\ntitle = \"Grow with small shops\"\nperspective = \"financial\"\n",
    );
    repo.write(
        "teams.toml",
        "[[team]]\nid = \"platform\"\nlead = \"@bob\"\n\n[[team]]\nid = \"sales\"\nlead = \"@cara\"\n",
    );
    repo.write(
        "cycles.toml",
        "[[cycle]]\nid = \"2026-Q4\"\nstart = 2026-10-01\nend = 2026-12-31\n",
    );
    repo.write(
        PLATFORM,
        "[[objective]]\nid = \"deploys-boring\"\ntitle = \"Deploys are boring\"\nteam = \"platform\"\n\
         cycle = \"2026-Q4\"\nowner = \"@bob\"\nsupports = [\"reliability\"]\n\n\
         [[objective.key_result]]\nid = \"deploy-success\"\ntitle = \"Deploy success rate\"\n\
         baseline = 92.0\ntarget = 99.5\ncurrent = 92.0\nunit = \"%\"\n\n\
         [[objective.key_result]]\nid = \"lead-time\"\ntitle = \"Lead time for changes\"\n\
         baseline = 40.0\ntarget = 20.0\ncurrent = 40.0\nunit = \"h\"\n",
    );
    repo.write(
        SALES,
        "[[objective]]\nid = \"renewals\"\ntitle = \"Small shops renew\"\nteam = \"sales\"\n\
         cycle = \"2026-Q4\"\nowner = \"@cara\"\nsupports = [\"growth\"]\n\n\
         [[objective.key_result]]\nid = \"renewal-rate\"\ntitle = \"Annual renewal rate\"\n\
         baseline = 78.0\ntarget = 88.0\ncurrent = 78.0\nunit = \"%\"\nchecked = 2026-09-20\n\n\
         [[objective.key_result]]\nid = \"churn-calls\"\ntitle = \"Churn calls answered\"\n\
         baseline = 10.0\ntarget = 90.0\ncurrent = 10.0\nunit = \"%\"\n",
    );
}

fn edit(repo: &TestRepo, file: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(repo.join(file)).expect("read");
    assert!(text.contains(from), "`{from}` not in {file}:\n{text}");
    repo.write(file, &text.replacen(from, to, 1));
}

/// Ten weeks of the quarter: deploy-success edited weekly, lead-time confirmed with
/// `Check-in:` trailers (value unchanged), renewal-rate's `checked` key moved, and
/// churn-calls never touched after planning.
fn ten_weeks() -> TestRepo {
    let repo = TestRepo::new();
    plan(&repo);
    repo.commit("2026-09-20", "@ana", "Plan Q4");
    let weeks = [
        "2026-10-02",
        "2026-10-09",
        "2026-10-16",
        "2026-10-23",
        "2026-10-30",
        "2026-11-06",
        "2026-11-13",
    ];
    let mut value = 92.0_f64;
    for (i, day) in weeks.iter().enumerate() {
        let next = value + 0.5;
        edit(
            &repo,
            PLATFORM,
            &format!("current = {value:.1}"),
            &format!("current = {next:.1}"),
        );
        value = next;
        repo.commit(day, "@bob", &format!("Deploys week {}", i + 1));
        repo.commit_empty(
            day,
            "@dan",
            "Lead time unchanged\n\nStill waiting on the new runners.\n\nCheck-in: deploys-boring/lead-time\n",
        );
    }
    // The checked key, written on one day about another (a later one: commits land in
    // order on the first-parent line, so a `checked` date is what can be ahead).
    edit(&repo, SALES, "checked = 2026-09-20", "checked = 2026-11-16");
    repo.commit(
        "2026-11-14",
        "@cara",
        "Renewals confirmed, dated for Thursday's call",
    );
    repo
}

fn run(dir: &Path, args: &[&str]) -> Run {
    common::align_in(dir, args)
}

fn json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let run = run(dir, args);
    assert!(run.code == 0 || run.code == 1, "{}", run.transcript());
    run.json()
}

/// Every key result of a report's JSON: (objective/kr, the key result).
fn key_results(report: &serde_json::Value) -> Vec<(String, serde_json::Value)> {
    let mut out = Vec::new();
    for team in report["teams"].as_array().expect("teams") {
        for o in team["objectives"].as_array().expect("objectives") {
            for kr in o["key_results"].as_array().expect("key results") {
                out.push((
                    format!(
                        "{}/{}",
                        o["id"].as_str().expect("id"),
                        kr["id"].as_str().expect("id")
                    ),
                    kr.clone(),
                ));
            }
        }
    }
    out
}

#[test]
fn the_report_reads_the_history_drift_reads_in_every_format() {
    let repo = ten_weeks();
    let report = json(
        repo.path(),
        &["report", "--today", TODAY, "--format", "json"],
    );
    let drift = json(
        repo.path(),
        &["drift", "--today", TODAY, "--format", "json"],
    );
    assert_eq!(report["history"]["read"], true);
    let krs = key_results(&report);
    assert_eq!(krs.len(), 4);
    let stale: Vec<String> = drift["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == "stale")
        .map(|f| {
            f["entity"]
                .as_str()
                .expect("entity")
                .replace("key result ", "")
        })
        .collect();
    for (name, kr) in &krs {
        let from_drift = drift["check_ins"]
            .as_array()
            .expect("check_ins")
            .iter()
            .find(|c| c["key_result"] == name.as_str())
            .unwrap_or_else(|| panic!("drift has no check-in of {name}"));
        let mine = &kr["last_checkin"];
        for field in ["date", "days_ago", "source", "author", "commit"] {
            assert_eq!(
                mine.get(field).unwrap_or(&serde_json::Value::Null),
                &from_drift[field],
                "{name}: {field}"
            );
        }
        // Stale in one is stale in the other, and the report's nudges say so.
        assert_eq!(
            kr["stale_days"].is_i64(),
            stale.contains(name),
            "{name}: {kr:#}"
        );
        let nudged = report["nudges"]
            .as_array()
            .expect("nudges")
            .iter()
            .flat_map(|n| n["items"].as_array().expect("items").iter())
            .any(|i| {
                i["item"] == name.as_str()
                    && i["action"].as_str().is_some_and(|a| a.contains("check in"))
            });
        assert_eq!(nudged, stale.contains(name), "{name}");
    }
    // The three kinds of check-in, each seen.
    let source = |name: &str| {
        krs.iter().find(|(n, _)| n == name).expect("kr").1["last_checkin"]["source"].clone()
    };
    assert_eq!(source("deploys-boring/deploy-success"), "commit");
    assert_eq!(source("deploys-boring/lead-time"), "trailer");
    assert_eq!(source("renewals/renewal-rate"), "checked");
    assert_eq!(stale, ["renewals/churn-calls"]);

    // The same facts in the other three formats.
    let table = run(repo.path(), &["report", "--today", TODAY]).stdout;
    let markdown = run(
        repo.path(),
        &["report", "--today", TODAY, "--format", "markdown"],
    )
    .stdout;
    let html = run(
        repo.path(),
        &["report", "--today", TODAY, "--format", "html"],
    )
    .stdout;
    for (format, text) in [("table", &table), ("markdown", &markdown), ("html", &html)] {
        assert!(
            text.contains("Check-ins from the git history"),
            "{format}:\n{text}"
        );
        assert!(
            text.contains("Drift (from git history)"),
            "{format}:\n{text}"
        );
        assert!(text.contains("stale for 50 days"), "{format}:\n{text}");
        assert!(text.contains("2026-11-13"), "{format}:\n{text}");
    }
    for (format, text) in [("markdown", &markdown), ("html", &html)] {
        assert!(
            text.contains("2026-11-13, 7 days ago, trailer by @"),
            "{format}:\n{text}"
        );
    }
}

#[test]
fn without_history_the_header_says_so() {
    let repo = ten_weeks();
    let off = json(
        repo.path(),
        &[
            "report",
            "--no-history",
            "--today",
            TODAY,
            "--format",
            "json",
        ],
    );
    assert_eq!(off["history"]["not_read_because"], "--no-history");
    assert!(off.get("drift").is_none());
    // A tree whose repository is not its record (an example inside a code
    // repository) says so in align.toml; report and nudge then read `checked` only.
    let settings = std::fs::read_to_string(repo.join("align.toml")).expect("settings");
    // The fixture's align.toml already has a [drift] table.
    repo.write(
        "align.toml",
        &settings.replace("[drift]\n", "[drift]\nhistory = false\n"),
    );
    let off = json(
        repo.path(),
        &["report", "--today", TODAY, "--format", "json"],
    );
    assert_eq!(
        off["history"]["not_read_because"],
        "align.toml sets [drift] history = false"
    );
    let (_, trailer) = key_results(&off)
        .into_iter()
        .find(|(n, _)| n == "deploys-boring/lead-time")
        .expect("kr");
    assert_ne!(trailer["last_checkin"]["source"], "trailer", "{trailer:#}");
    let nudges = json(
        repo.path(),
        &["nudge", "--today", TODAY, "--format", "json"],
    );
    assert_eq!(nudges["owners"], off["nudges"], "the same reading");
    repo.write("align.toml", &settings);
    // Outside a repository: the files only, and the header says why.
    let plain = tempfile::tempdir().expect("tmp");
    for file in [
        "align.toml",
        "vision.toml",
        "teams.toml",
        "cycles.toml",
        PLATFORM,
        SALES,
    ] {
        let to = plain.path().join(file);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::copy(repo.join(file), to).expect("copy");
    }
    let table = run(plain.path(), &["report", "--today", TODAY]);
    assert_eq!(table.code, 0, "{}", table.transcript());
    assert!(
        table
            .stdout
            .contains("Check-ins from the checked key only (not in a git repository)"),
        "{}",
        table.stdout
    );
    // `--no-history` and `--at` do not go together.
    let both = run(repo.path(), &["report", "--no-history", "--at", "HEAD"]);
    assert_eq!(both.code, 2, "{}", both.transcript());
}

#[test]
fn at_reads_an_older_version_and_later_commits_are_named_not_mixed_in() {
    let repo = ten_weeks();
    let tag = repo.commit_empty("2026-11-14", "@ana", "Review snapshot");
    edit(&repo, PLATFORM, "current = 95.5", "current = 97.0");
    repo.commit("2026-11-27", "@bob", "Deploys, after the review");
    // As of the 20th, from the work tree: the commit of the 27th is not a check-in
    // yet, and the header says it is there.
    let now = json(
        repo.path(),
        &["report", "--today", TODAY, "--format", "json"],
    );
    assert_eq!(now["history"]["commits_after_today"], 1);
    let (_, deploys) = key_results(&now)
        .into_iter()
        .find(|(n, _)| n == "deploys-boring/deploy-success")
        .expect("kr");
    assert_eq!(deploys["last_checkin"]["date"], "2026-11-13");
    let table = run(repo.path(), &["report", "--today", TODAY]).stdout;
    let words = table.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("1 commit dated after 2026-11-20 is not counted as a check-in"),
        "{table}"
    );
    // --at the snapshot: the values of that version.
    let at = json(
        repo.path(),
        &[
            "report",
            "--at",
            &tag.to_string(),
            "--today",
            TODAY,
            "--format",
            "json",
        ],
    );
    assert_eq!(at["history"]["commits_after_today"], 0);
    assert!(
        at["history"]["at"]
            .as_str()
            .is_some_and(|a| a.contains(&tag.to_string()[..7]))
    );
    let (_, deploys) = key_results(&at)
        .into_iter()
        .find(|(n, _)| n == "deploys-boring/deploy-success")
        .expect("kr");
    assert_eq!(deploys["current"], 95.5);
    let unknown = run(
        repo.path(),
        &["report", "--at", "no-such-ref", "--today", TODAY],
    );
    assert_eq!(unknown.code, 2, "{}", unknown.transcript());
}

#[test]
fn the_pull_request_gate_sees_eased_goals_and_records_agreed_ones() {
    use common::strategy::{SALES, SALES_Q4, base_repo, commit_change};
    let repo = base_repo();
    // Main moves on; engineering's key results go stale there (not the change's doing).
    repo.write(SALES_Q4, &SALES.replace("target = 88.0", "target = 84.0"));
    commit_change(&repo, "Renewals: 84 is realistic");
    let today = "2026-11-20";
    let gate = |extra: &[&str]| {
        let mut args = vec!["check", "--today", today, "--format", "json"];
        args.extend_from_slice(extra);
        run(repo.path(), &args)
    };
    let eased = gate(&["--base", "main", "--deny", "warnings"]);
    assert_eq!(eased.code, 1, "{}", eased.transcript());
    let findings = eased.json()["findings"].clone();
    let codes: Vec<(&str, &str)> = findings
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap_or(""),
                f["entity"].as_str().unwrap_or(""),
            )
        })
        .collect();
    // Only the goalpost the change moved: no stale key results of untouched entities.
    assert_eq!(
        codes,
        [("goalpost-moved", "key result sales-renewals/renewal-rate")],
        "{}",
        eased.transcript()
    );
    assert!(
        findings[0]["message"].as_str().is_some_and(
            |m| m.contains("lowered from 88 to 84 after 2026-Q4 started on 2026-10-01")
        ),
        "{findings:#}"
    );
    // `check --drift` on the same tree also knows stale key results: those are what
    // the gate leaves out.
    let drift = gate(&["--drift"]);
    assert!(drift.stdout.contains("\"stale\""), "{}", drift.transcript());

    // The agreement recorded on the key result: the gate passes, and the diff, the
    // report and drift show it with its reason.
    let reason = "Agreed with @ana on 2026-11-09: the price rise moved renewals";
    repo.write(
        SALES_Q4,
        &SALES.replace(
            "target = 88.0",
            &format!("target = 84.0\nallow = [\"goalpost-moved\"]\nallow_reason = \"{reason}\""),
        ),
    );
    commit_change(&repo, "Renewals: 84, agreed");
    let agreed = gate(&["--base", "main", "--deny", "warnings"]);
    assert_eq!(agreed.code, 0, "{}", agreed.transcript());
    assert!(
        agreed
            .stderr
            .contains("1 key result eased with the agreement recorded (allow goalpost-moved): sales-renewals/renewal-rate"),
        "{}",
        agreed.transcript()
    );
    // Plain `check` does not call the allow useless: drift is where it applies.
    let plain = gate(&[]);
    assert!(
        !plain.stdout.contains("invalid-allow"),
        "{}",
        plain.transcript()
    );
    let diff = run(
        repo.path(),
        &["diff", "main", "--today", today, "--format", "markdown"],
    );
    assert!(
        diff.stdout.contains("agreed: Agreed with"),
        "{}",
        diff.transcript()
    );
    let report = json(
        repo.path(),
        &["report", "--today", today, "--format", "json"],
    );
    let (_, renewal) = key_results(&report)
        .into_iter()
        .find(|(n, _)| n == "sales-renewals/renewal-rate")
        .expect("kr");
    assert_eq!(
        renewal["allowed"],
        serde_json::json!([{ "code": "goalpost-moved", "reason": reason }])
    );
    let moved = report["drift"]["findings"]
        .as_array()
        .expect("drift")
        .iter()
        .find(|f| f["code"] == "goalpost-moved")
        .expect("the easing stays in the record")
        .clone();
    assert_eq!(moved["severity"], "info");
    assert!(
        moved["message"]
            .as_str()
            .is_some_and(|m| m.ends_with(&format!("(agreed: {reason})"))),
        "{moved:#}"
    );
}

fn near(a: &serde_json::Value, b: &serde_json::Value, what: &str) {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => assert!((x - y).abs() < 1e-9, "{what}: {x} vs {y}"),
        _ => assert_eq!(a, b, "{what}"),
    }
}

#[test]
fn report_drift_diff_and_tree_agree_on_every_key_result() {
    let repo = ten_weeks();
    let plan = repo
        .repo
        .revparse_single("HEAD~15")
        .expect("the plan commit")
        .id()
        .to_string();
    let report = json(
        repo.path(),
        &["report", "--today", TODAY, "--format", "json"],
    );
    let drift = json(
        repo.path(),
        &["drift", "--today", TODAY, "--format", "json"],
    );
    let graph = json(
        repo.path(),
        &["graph", "--today", TODAY, "--format", "json"],
    );
    let diff = json(
        repo.path(),
        &["diff", &plan, "HEAD", "--today", TODAY, "--format", "json"],
    );
    let nodes = graph["nodes"].as_array().expect("nodes");
    let node = |key: &str| {
        nodes
            .iter()
            .find(|n| n["key"] == key)
            .unwrap_or_else(|| panic!("no node {key}"))
    };
    let krs = key_results(&report);
    for (name, kr) in &krs {
        // Tree and graph draw the same outline.
        let n = node(&format!("key-result:{name}"));
        near(
            &kr["progress"],
            &n["progress"],
            &format!("{name}: tree progress"),
        );
        assert_eq!(kr["health"], n["health"], "{name}: tree health");
        // Drift's forecast rows: progress (raw there), expected, health.
        if let Some(f) = drift["forecasts"]
            .as_array()
            .expect("forecasts")
            .iter()
            .find(|f| f["key_result"] == name.as_str())
        {
            near(
                &kr["raw"],
                &f["progress"],
                &format!("{name}: drift progress"),
            );
            near(
                &kr["expected"],
                &f["expected"],
                &format!("{name}: drift expected"),
            );
            assert_eq!(kr["health"], f["health"], "{name}: drift health");
        }
        // The diff since planning: the progress after the change is the report's.
        if let Some(d) = diff["key_results"]
            .as_array()
            .expect("key results")
            .iter()
            .find(|d| {
                format!(
                    "{}/{}",
                    d["objective"].as_str().unwrap_or(""),
                    d["id"].as_str().unwrap_or("")
                ) == *name
            })
            .filter(|d| !d["progress"].is_null())
        {
            near(
                &kr["progress"],
                &d["progress"]["after"],
                &format!("{name}: diff progress"),
            );
        }
    }
    for team in report["teams"].as_array().expect("teams") {
        for o in team["objectives"].as_array().expect("objectives") {
            let id = o["id"].as_str().expect("id");
            let n = node(&format!("objective:{id}"));
            near(
                &o["progress"],
                &n["progress"],
                &format!("{id}: tree progress"),
            );
            assert_eq!(o["health"], n["health"], "{id}: tree health");
        }
    }
    // Every key result was compared with drift at least once.
    assert!(drift["forecasts"].as_array().expect("forecasts").len() >= 4);
}

#[test]
fn added_mid_cycle_is_paced_from_that_day_and_health_follows_key_results() {
    let repo = ten_weeks();
    let growth = "[[objective]]\nid = \"new-market\"\ntitle = \"Shops in Austria buy from us\"\n\
        team = \"sales\"\ncycle = \"2026-Q4\"\nowner = \"@cara\"\nsupports = [\"growth\"]\n\
        kind = \"aspirational\"\n\n\
        [[objective.key_result]]\nid = \"signups\"\ntitle = \"Austrian shops signed up\"\n\
        baseline = 0.0\ntarget = 100.0\ncurrent = 10.0\nunit = \"shops\"\n\n\
        [[objective.key_result]]\nid = \"revenue\"\ntitle = \"Austrian revenue\"\n\
        baseline = 0.0\ntarget = 50.0\ncurrent = 5.0\nunit = \"kEUR\"\n\n\
        [[objective.key_result]]\nid = \"nps\"\ntitle = \"Austrian NPS\"\ntarget = 40.0\nunit = \"points\"\n";
    repo.write("objectives/austria.toml", growth);
    repo.commit("2026-11-18", "@cara", "Austria, agreed at the offsite");
    let today = "2026-12-05";
    let report = json(
        repo.path(),
        &["report", "--today", today, "--format", "json"],
    );
    let austria = report["teams"]
        .as_array()
        .expect("teams")
        .iter()
        .flat_map(|t| t["objectives"].as_array().expect("objectives").iter())
        .find(|o| o["id"] == "new-market")
        .expect("the new objective")
        .clone();
    assert_eq!(austria["added"], "2026-11-18");
    // 18 of the 44 days from 2026-11-18 to 2026-12-31, times 0.7: not 0.7 * 66/92.
    near(
        &austria["expected"],
        &serde_json::json!(0.7 * 18.0 / 44.0),
        "expected from the day added",
    );
    // One key result without a baseline does not drop the objective: scored on the
    // other two (weights renormalised), and it says so.
    near(&austria["progress"], &serde_json::json!(0.1), "progress");
    assert_eq!(austria["unscored_key_results"], 1);
    assert_eq!(report["summary"]["unscored"], 0);
    // 0.1 against 0.29 expected is at risk by its own pace; both key results (0.1
    // against 0.41) are off track: the objective is not better than its best.
    assert_eq!(austria["health"], "off-track");
    let table = run(repo.path(), &["report", "--today", today]).stdout;
    let words = table.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("added 2026-11-18, paced from then"),
        "{table}"
    );
    assert!(words.contains("partly scored, 1 of 3 unscored"), "{table}");
    // Without history the pace counts from the cycle's start, and the header says so.
    let plain = json(
        repo.path(),
        &[
            "report",
            "--no-history",
            "--today",
            today,
            "--format",
            "json",
        ],
    );
    let austria = plain["teams"]
        .as_array()
        .expect("teams")
        .iter()
        .flat_map(|t| t["objectives"].as_array().expect("objectives").iter())
        .find(|o| o["id"] == "new-market")
        .expect("the new objective")
        .clone();
    assert_eq!(austria["added"], serde_json::Value::Null);
    near(
        &austria["expected"],
        &serde_json::json!(0.7 * 66.0 / 92.0),
        "expected from the cycle's start",
    );
}

#[test]
fn a_closed_cycle_counts_each_objective_once() {
    let repo = ten_weeks();
    edit(
        &repo,
        SALES,
        "supports = [\"growth\"]\n",
        "supports = [\"growth\"]\nstatus = \"missed\"\n",
    );
    repo.commit("2027-01-05", "@cara", "Q4 graded");
    let report = json(
        repo.path(),
        &["report", "--today", "2027-01-05", "--format", "json"],
    );
    let s = &report["summary"];
    let n = |k: &str| s[k].as_u64().expect("a count");
    assert_eq!(n("objectives"), 2, "{s:#}");
    // The cycle ended: grades, not pace. deploys-boring has no final status, so it is
    // graded from its key results (missed, and still to be graded in its file);
    // renewals is missed as written, and not also off track.
    assert_eq!(n("missed"), 2, "{s:#}");
    assert_eq!(n("ungraded"), 1, "{s:#}");
    assert_eq!(n("off_track"), 0, "{s:#}");
    assert_eq!(
        n("on_track") + n("at_risk") + n("off_track") + n("achieved") + n("missed"),
        2,
        "{s:#}"
    );
}

#[test]
fn trends_series_sparklines_confidence_and_charts() {
    let repo = ten_weeks();
    // Confidence falls over two check-ins, with a word on why.
    edit(
        &repo,
        PLATFORM,
        "unit = \"%\"\n",
        "unit = \"%\"\nconfidence = 0.8\n",
    );
    repo.commit("2026-11-14", "@bob", "Deploys: confident");
    edit(&repo, PLATFORM, "confidence = 0.8", "confidence = 0.3");
    repo.commit(
        "2026-11-18",
        "@bob",
        "Deploys: less sure\n\nThe flaky suite is <back> & the | runners are slow.\n\nCheck-in: deploys-boring/deploy-success\n",
    );
    let report = json(
        repo.path(),
        &["report", "--today", TODAY, "--format", "json"],
    );
    let (_, deploys) = key_results(&report)
        .into_iter()
        .find(|(n, _)| n == "deploys-boring/deploy-success")
        .expect("kr");
    let series = deploys["series"].as_array().expect("series");
    // The value at the start, seven weekly edits, two confidence check-ins.
    assert_eq!(series.len(), 10, "{series:#?}");
    assert_eq!(series[0]["date"], "2026-10-01");
    assert_eq!(series[0]["value"], 92.0);
    assert_eq!(series[1]["date"], "2026-10-02");
    assert_eq!(series[1]["author"], "@bob");
    assert_eq!(series[1]["message"], "Deploys week 1");
    assert_eq!(series[1]["commit"].as_str().map(str::len), Some(7));
    assert_eq!(series[9]["value"], 95.5);
    assert_eq!(series[9]["confidence"], 0.3);
    assert_eq!(
        deploys["confidence_trend"],
        serde_json::json!({ "from": 0.8, "to": 0.3, "since": "2026-11-14" })
    );
    assert_eq!(
        deploys["comment"],
        "The flaky suite is <back> & the | runners are slow."
    );
    // The terminal: a sparkline and the confidence trend.
    let table = run(repo.path(), &["report", "--today", TODAY]).stdout;
    assert!(table.contains("confidence 80% → 30% since"), "{table}");
    assert!(table.contains("trend ▁▁▂▂▃▃▄▄▄▄"), "{table}");
    // Markdown: the comment, escaped for a pull-request comment.
    let markdown = run(
        repo.path(),
        &["report", "--today", TODAY, "--format", "markdown"],
    )
    .stdout;
    assert!(
        markdown.contains("“The flaky suite is &lt;back&gt; &amp; the \\| runners are slow.”"),
        "{markdown}"
    );
    // HTML: a chart per key result with a history, the comment escaped.
    let html = run(
        repo.path(),
        &["report", "--today", TODAY, "--format", "html"],
    )
    .stdout;
    assert!(html.contains(r#"<svg class="chart""#), "{html}");
    assert!(html.contains(r#"<line class="ideal""#), "{html}");
    assert!(
        html.contains("The flaky suite is &lt;back&gt; &amp; the | runners are slow."),
        "{html}"
    );
    // Drawn by a real browser: no console message, the charts in the DOM, a picture.
    if common::external_tool("chromium").is_none() {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let page = dir.path().join("report.html");
    std::fs::write(&page, &html).expect("write");
    let dom = common::chromium(&["--dump-dom"], &page);
    assert!(dom.status.success(), "{dom:?}");
    let text = String::from_utf8_lossy(&dom.stdout);
    assert_eq!(text.matches("<polyline").count(), 3, "{text}");
    let log = String::from_utf8_lossy(&dom.stderr);
    assert!(
        !log.lines()
            .any(|l| l.contains("CONSOLE") || l.contains("Refused to")),
        "{log}"
    );
    let png = dir.path().join("report.png");
    let shot = common::chromium(
        &[
            &format!("--screenshot={}", png.display()),
            "--window-size=1280,2400",
            "--hide-scrollbars",
        ],
        &page,
    );
    assert!(shot.status.success(), "{shot:?}");
    let bytes = std::fs::read(&png).expect("a screenshot");
    assert!(
        bytes.starts_with(b"\x89PNG") && bytes.len() > 20_000,
        "{} bytes",
        bytes.len()
    );
    if let Some(keep) = std::env::var_os("ALIGN_KEEP_SCREENSHOT") {
        std::fs::copy(&png, keep).expect("keep the screenshot");
    }
}
