//! The life of a cycle: grading after its end, `cycle close`, `cycle carry`, `cycle
//! new` and `cycle review`, on a fixture repository of three closed quarters and one
//! running, built with pinned dates. The review's rates are recomputed here from the
//! fixture's own numbers, not from align's code.

mod common;

use common::repo::TestRepo;
use common::strategy::align;

const TODAY: &str = "2026-11-15";

/// A numeric key result over one quarter.
struct Kr {
    id: &'static str,
    baseline: f64,
    target: f64,
    /// The target from the fourth check-in on (a goal eased mid-cycle).
    eased_to: Option<f64>,
    last: f64,
    unit: &'static str,
    /// Confidence at planning, and from the third check-in (before mid-cycle) on.
    confidence: (f64, f64),
}

struct Obj {
    id: &'static str,
    team: &'static str,
    aspirational: bool,
    supports: &'static str,
    krs: Vec<Kr>,
    /// Added this many days after the cycle started (churn), instead of at planning.
    added_late: Option<i64>,
}

struct Quarter {
    id: &'static str,
    start: &'static str,
    end: &'static str,
    objectives: Vec<Obj>,
}

fn kr(id: &'static str, baseline: f64, target: f64, last: f64, confidence: (f64, f64)) -> Kr {
    Kr {
        id,
        baseline,
        target,
        eased_to: None,
        last,
        unit: "%",
        confidence,
    }
}

fn obj(id: &'static str, team: &'static str, krs: Vec<Kr>) -> Obj {
    Obj {
        id,
        team,
        aspirational: false,
        supports: if team == "platform" {
            "reliability"
        } else {
            "growth"
        },
        krs,
        added_late: None,
    }
}

fn quarters() -> Vec<Quarter> {
    let aspirational = |mut o: Obj| {
        o.aspirational = true;
        o
    };
    vec![
        Quarter {
            id: "2026-Q1",
            start: "2026-01-01",
            end: "2026-03-31",
            objectives: vec![
                obj(
                    "plat-up-2026-q1",
                    "platform",
                    vec![
                        kr("uptime", 99.0, 99.9, 99.9, (0.8, 0.9)),
                        kr("deploys", 10.0, 20.0, 20.0, (0.7, 0.8)),
                    ],
                ),
                aspirational(obj(
                    "plat-fast-2026-q1",
                    "platform",
                    vec![kr("p95", 500.0, 300.0, 360.0, (0.5, 0.6))],
                )),
                obj(
                    "sales-arr-2026-q1",
                    "sales",
                    vec![kr("arr", 100.0, 150.0, 120.0, (0.8, 0.8))],
                ),
            ],
        },
        Quarter {
            id: "2026-Q2",
            start: "2026-04-01",
            end: "2026-06-30",
            objectives: vec![
                obj(
                    "plat-up-2026-q2",
                    "platform",
                    vec![
                        kr("uptime", 99.0, 99.9, 99.45, (0.9, 0.9)),
                        kr("deploys", 10.0, 20.0, 20.0, (0.6, 0.6)),
                    ],
                ),
                aspirational(obj(
                    "plat-fast-2026-q2",
                    "platform",
                    vec![kr("p95", 500.0, 300.0, 240.0, (0.6, 0.7))],
                )),
                obj(
                    "sales-arr-2026-q2",
                    "sales",
                    vec![Kr {
                        eased_to: Some(140.0),
                        ..kr("arr", 100.0, 150.0, 140.0, (0.7, 0.9))
                    }],
                ),
                Obj {
                    added_late: Some(30),
                    ..obj(
                        "sales-new-2026-q2",
                        "sales",
                        vec![kr("logos", 0.0, 10.0, 5.0, (0.5, 0.5))],
                    )
                },
            ],
        },
        Quarter {
            id: "2026-Q3",
            start: "2026-07-01",
            end: "2026-09-30",
            objectives: vec![
                obj(
                    "plat-up-2026-q3",
                    "platform",
                    vec![
                        kr("uptime", 99.0, 99.9, 99.9, (0.9, 0.9)),
                        kr("deploys", 10.0, 20.0, 15.0, (0.9, 0.9)),
                    ],
                ),
                aspirational(obj(
                    "plat-fast-2026-q3",
                    "platform",
                    vec![kr("p95", 500.0, 300.0, 400.0, (0.5, 0.5))],
                )),
                obj(
                    "sales-arr-2026-q3",
                    "sales",
                    vec![kr("arr", 100.0, 150.0, 135.0, (0.6, 0.6))],
                ),
            ],
        },
        Quarter {
            id: "2026-Q4",
            start: "2026-10-01",
            end: "2026-12-31",
            objectives: vec![
                obj(
                    "plat-up-2026-q4",
                    "platform",
                    vec![kr("uptime", 99.0, 99.9, 99.9, (0.7, 0.7))],
                ),
                obj(
                    "sales-logos-2026-q4",
                    "sales",
                    vec![kr("logos", 0.0, 20.0, 20.0, (0.6, 0.6))],
                ),
            ],
        },
    ]
}

/// Check-ins, as days after the cycle's start, and the share of the way to the last
/// value each reports. The third is before mid-cycle: its confidence is the one the
/// review weighs.
const CHECK_INS: [(i64, f64); 4] = [(14, 0.25), (44, 0.5), (70, 0.75), (88, 1.0)];

fn day(date: &str, plus: i64) -> String {
    let d: jiff::civil::Date = date.parse().expect("date");
    d.checked_add(jiff::Span::new().days(plus))
        .expect("in range")
        .to_string()
}

/// The file of one team in one quarter at check-in `stage` (0: the plan), with the
/// grades written when `graded`.
fn team_file(q: &Quarter, team: &str, stage: usize, days: i64, graded: bool) -> String {
    let mut text = String::new();
    for o in q.objectives.iter().filter(|o| o.team == team) {
        if o.added_late.is_some_and(|late| late > days) {
            continue;
        }
        text.push_str(&format!(
            "[[objective]]\nid = \"{}\"\ntitle = \"Customers rely on us: {}\"\nteam = \"{team}\"\ncycle = \"{}\"\nowner = \"@{}\"\nsupports = [\"{}\"]\n",
            o.id,
            o.id,
            q.id,
            if team == "platform" { "pia" } else { "sue" },
            o.supports
        ));
        if o.aspirational {
            text.push_str("kind = \"aspirational\"\n");
        }
        if graded {
            let (score, achieved) = grade(o);
            text.push_str(&format!(
                "score = {score:.2}\nstatus = \"{}\"\n",
                if achieved { "achieved" } else { "missed" }
            ));
        }
        for k in &o.krs {
            let target = match k.eased_to {
                Some(eased) if stage >= 3 => eased,
                _ => k.target,
            };
            text.push_str(&format!(
                "\n[[objective.key_result]]\nid = \"{}\"\ntitle = \"{} of customers served\"\nbaseline = {:?}\ntarget = {target:?}\nunit = \"{}\"\nconfidence = {:?}\n",
                k.id,
                k.id,
                k.baseline,
                k.unit,
                if stage >= 2 { k.confidence.1 } else { k.confidence.0 }
            ));
            if stage > 0 {
                let share = CHECK_INS[stage - 1].1;
                let value = k.baseline + (k.last - k.baseline) * share;
                text.push_str(&format!(
                    "current = {:?}\n",
                    (value * 1000.0).round() / 1000.0
                ));
            }
        }
        text.push('\n');
    }
    text
}

/// An objective's final score and verdict, computed here from the fixture: the mean
/// progress of its key results (clamped), 1.0 to succeed when committed, 0.7 when
/// aspirational.
fn grade(o: &Obj) -> (f64, bool) {
    let progress: Vec<f64> = o
        .krs
        .iter()
        .map(|k| {
            let target = k.eased_to.unwrap_or(k.target);
            ((k.last - k.baseline) / (target - k.baseline)).clamp(0.0, 1.0)
        })
        .collect();
    let score = progress.iter().sum::<f64>() / progress.len() as f64;
    let success = if o.aspirational { 0.7 } else { 1.0 };
    (score, score >= success - 1e-9)
}

const SETTINGS: &str = "name = \"Loop\"\n";
const VISION: &str = "[vision]\nstatement = \"Shops ship on time\"\n\n[[pillar]]\nid = \"reliability\"\ntitle = \"Be the platform shops trust\"\nperspective = \"customer\"\n\n[[pillar]]\nid = \"growth\"\ntitle = \"Grow recurring revenue\"\nperspective = \"financial\"\n";
const TEAMS: &str = "[[team]]\nid = \"platform\"\nname = \"Platform\"\nlead = \"@pat\"\nmembers = [\"@pia\"]\n\n[[team]]\nid = \"sales\"\nname = \"Sales\"\nlead = \"@sam\"\nmembers = [\"@sue\"]\n";

fn cycles_file(quarters: &[Quarter]) -> String {
    quarters
        .iter()
        .map(|q| {
            format!(
                "[[cycle]]\nid = \"{}\"\nstart = {}\nend = {}\n",
                q.id, q.start, q.end
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Three closed quarters (Q1 and Q2 graded in the files, Q3 not, except for one
/// status a person wrote) and Q4 running on `TODAY`.
fn fixture() -> TestRepo {
    let repo = TestRepo::new();
    let quarters = quarters();
    repo.write("align.toml", SETTINGS)
        .write("vision.toml", VISION)
        .write("teams.toml", TEAMS)
        .write("cycles.toml", &cycles_file(&quarters));
    repo.commit("2025-12-15", "@ana", "Set up the strategy");
    let today: jiff::civil::Date = TODAY.parse().expect("date");
    for (n, q) in quarters.iter().enumerate() {
        let path = |team: &str| format!("objectives/{}/{team}.toml", q.id);
        let write = |stage: usize, days: i64, graded: bool| {
            for team in ["platform", "sales"] {
                repo.write(&path(team), &team_file(q, team, stage, days, graded));
            }
        };
        write(0, 0, false);
        repo.commit(q.start, "@pat", &format!("Plan {}", q.id));
        // Commits in date order, as they land: an objective added mid-cycle comes
        // between the check-ins before and after its day, with the values reached.
        let mut lates: Vec<i64> = q.objectives.iter().filter_map(|o| o.added_late).collect();
        lates.sort_unstable();
        let mut lates = lates.into_iter().peekable();
        for (stage, (days, _)) in CHECK_INS.iter().enumerate() {
            while let Some(late) = lates.next_if(|late| late < days) {
                write(stage, late, false);
                repo.commit(&day(q.start, late), "@sam", "Add an objective mid-cycle");
            }
            let date = day(q.start, *days);
            if date.parse::<jiff::civil::Date>().expect("date") > today {
                break;
            }
            write(stage + 1, *days, false);
            repo.commit(&date, "@pia", &format!("Check in {}", q.id));
        }
        // Q1 and Q2 are graded a few days after they end.
        if n < 2 {
            write(CHECK_INS.len(), 999, true);
            repo.commit(&day(q.end, 4), "@pat", &format!("Grade {}", q.id));
        }
        if q.id == "2026-Q3" {
            // A person grades one objective by hand, against its key results.
            let text = team_file(q, "platform", CHECK_INS.len(), 999, false).replace(
                "kind = \"aspirational\"\n",
                "kind = \"aspirational\"\nstatus = \"achieved\"  # the p95 work shipped; the number lags\n",
            );
            repo.write(&path("platform"), &text);
            repo.commit("2026-10-05", "@pat", "Q3: plat-fast is achieved");
        }
    }
    repo
}

fn run(repo: &TestRepo, args: &[&str]) -> common::Run {
    let mut all = args.to_vec();
    all.extend(["--today", TODAY]);
    align(repo.path(), &all)
}

#[test]
fn a_report_after_the_end_grades_and_counts_each_objective_once() {
    let repo = fixture();
    let out = run(&repo, &["report", "--cycle", "2026-Q3", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json = out.json();
    assert_eq!(json["cycle"]["ended"], true);
    let s = &json["summary"];
    let n = |k: &str| s[k].as_u64().expect(k);
    assert_eq!(n("objectives"), 3);
    assert_eq!(
        n("on_track") + n("at_risk") + n("off_track"),
        0,
        "no pace after the end"
    );
    assert_eq!(n("achieved") + n("missed") + n("unscored"), n("objectives"));
    // plat-fast-2026-q3 is achieved as a person wrote; the others missed as graded.
    assert_eq!((n("achieved"), n("missed")), (1, 2));
    assert_eq!(n("ungraded"), 2);
    for team in json["teams"].as_array().expect("teams") {
        for o in team["objectives"].as_array().expect("objectives") {
            assert!(o["health"].is_null(), "{o}");
            assert!(o["grade"]["score"].is_number(), "{o}");
        }
    }
    let table = run(&repo, &["report", "--cycle", "2026-Q3"]).stdout;
    assert!(table.contains("ended"), "{table}");
    assert!(
        table.contains("final 0.75, missed (success at 1.0)"),
        "{table}"
    );
    assert!(!table.contains("off track"), "{table}");
    assert!(!table.contains("behind"), "{table}");
    // A graded quarter: the written grades, nothing left to grade.
    let q1 = run(&repo, &["report", "--cycle", "2026-Q1", "--format", "json"]).json();
    assert_eq!(q1["summary"]["ungraded"], 0);
    assert_eq!(q1["summary"]["achieved"], 2);
    assert_eq!(q1["summary"]["missed"], 1);
}

#[test]
fn check_asks_for_grades_once_the_grace_days_pass() {
    let repo = fixture();
    let during = align(
        repo.path(),
        &["check", "--format", "json", "--today", "2026-10-10"],
    );
    let finding = |run: &common::Run| {
        run.json()["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .find(|f| f["code"] == "cycle-ungraded")
            .cloned()
    };
    let early = finding(&during).expect("cycle-ungraded");
    assert_eq!(early["severity"], "info");
    assert!(
        early["message"].as_str().expect("message").contains(
            "cycle `2026-Q3` ended on 2026-09-30, 10 days ago, and 2 objectives are still active"
        ),
        "{early}"
    );
    let late = finding(&run(&repo, &["check", "--format", "json"])).expect("cycle-ungraded");
    assert_eq!(late["severity"], "warning");
    repo.write(
        "align.toml",
        "name = \"Loop\"\n[cycle]\ngrade_within_days = 60\n",
    );
    let relaxed = finding(&run(&repo, &["check", "--format", "json"])).expect("cycle-ungraded");
    assert_eq!(relaxed["severity"], "info");
}

#[test]
fn close_writes_grades_and_leaves_a_persons_grade_alone() {
    let repo = fixture();
    let platform = repo.join("objectives/2026-Q3/platform.toml");
    let before = std::fs::read_to_string(&platform).expect("read");
    let proposed = run(&repo, &["cycle", "close", "2026-Q3"]);
    assert_eq!(proposed.code, 0, "{}", proposed.stderr);
    let text = &proposed.stdout;
    assert!(
        text.contains(
            "plat-up-2026-q3    0.75 missed      proposes score = 0.75, status = \"missed\""
        ),
        "{text}"
    );
    assert!(
        text.contains("left alone: written achieved, the key results say 0.50 missed"),
        "{text}"
    );
    assert!(
        text.contains("2 grades to write: run again with --write"),
        "{text}"
    );
    assert!(
        text.contains("@pia: plat-up-2026-q3, plat-fast-2026-q3"),
        "{text}"
    );
    assert_eq!(
        std::fs::read_to_string(&platform).expect("read"),
        before,
        "no --write, no change"
    );

    let written = run(&repo, &["cycle", "close", "2026-Q3", "--write"]);
    assert_eq!(written.code, 0, "{}", written.stderr);
    let after = std::fs::read_to_string(&platform).expect("read");
    assert!(after.contains("id = \"plat-up-2026-q3\""));
    assert!(
        after.contains("score = 0.75\nstatus = \"missed\"\n"),
        "{after}"
    );
    // The person's grade and comment stay exactly as written, with no score added.
    assert!(
        after.contains("status = \"achieved\"  # the p95 work shipped; the number lags\n"),
        "{after}"
    );
    assert_eq!(after.matches("score =").count(), 1, "{after}");
    let sales = std::fs::read_to_string(repo.join("objectives/2026-Q3/sales.toml")).expect("read");
    assert!(
        sales.contains("score = 0.7\nstatus = \"missed\"\n"),
        "{sales}"
    );
    // Graded: the finding is gone, and closing again writes nothing.
    let check = run(&repo, &["check", "--format", "json"]);
    assert!(
        !common::codes(&check).contains(&"cycle-ungraded".to_string()),
        "{}",
        check.stdout
    );
    let again = run(&repo, &["cycle", "close", "2026-Q3", "--write"]);
    assert!(!again.stdout.contains("wrote"), "{}", again.stdout);
}

#[test]
fn close_commits_with_the_grades_in_the_message() {
    let repo = fixture();
    let mut config = repo.repo.config().expect("config");
    config.set_str("user.name", "Pat").expect("name");
    config
        .set_str("user.email", "pat@example.com")
        .expect("email");
    let out = run(&repo, &["cycle", "close", "2026-Q3", "--commit"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("committed "), "{}", out.stdout);
    let head = repo
        .repo
        .head()
        .and_then(|h| h.peel_to_commit())
        .expect("head");
    let message = head.message().expect("utf-8");
    assert!(
        message.starts_with("Close 2026-Q3: grade 2 objectives\n"),
        "{message}"
    );
    assert!(
        message.contains("- plat-up-2026-q3: score 0.75, status \"missed\""),
        "{message}"
    );
    let statuses = repo.repo.statuses(None).expect("status");
    assert!(statuses.is_empty(), "the work tree is clean after --commit");
}

#[test]
fn close_refuses_a_cycle_that_has_not_ended() {
    let repo = fixture();
    let out = run(&repo, &["cycle", "close", "2026-Q4", "--write"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("cycle `2026-Q4` ends on 2026-12-31"),
        "{}",
        out.stderr
    );
}

#[test]
fn carry_links_back_and_refuses_clashing_ids() {
    let repo = fixture();
    let clash = run(&repo, &["cycle", "carry", "2026-Q3", "2026-Q4"]);
    assert_eq!(clash.code, 2, "{}", clash.stdout);
    assert!(
        clash
            .stderr
            .contains("`plat-up-2026-q3` -> `plat-up-2026-q4`"),
        "{}",
        clash.stderr
    );
    let sales_q4 = repo.join("objectives/2026-Q4/sales.toml");
    let before = std::fs::read_to_string(&sales_q4).expect("read");

    let out = run(
        &repo,
        &[
            "cycle",
            "carry",
            "2026-Q3",
            "2026-Q4",
            "--objective",
            "sales-arr-2026-q3",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains(
            "carried sales-arr-2026-q3 -> sales-arr-2026-q4 (objectives/2026-Q4/sales.toml"
        ),
        "{}",
        out.stdout
    );
    let after = std::fs::read_to_string(&sales_q4).expect("read");
    assert!(after.starts_with(&before), "the file's own text is kept");
    let carried = &after[before.len()..];
    assert!(carried.contains("id = \"sales-arr-2026-q4\""), "{carried}");
    assert!(carried.contains("cycle = \"2026-Q4\""), "{carried}");
    assert!(carried.contains("owner = \"@sue\""), "{carried}");
    assert!(carried.contains("supports = [\"growth\"]"), "{carried}");
    assert!(
        carried.contains("continues = \"sales-arr-2026-q3\""),
        "{carried}"
    );
    assert!(
        carried.contains("baseline = 135.0\ntarget = 150.0"),
        "{carried}"
    );
    assert!(!carried.contains("current"), "{carried}");
    assert!(!carried.contains("confidence"), "{carried}");
    let check = run(&repo, &["check", "--format", "json"]);
    assert_eq!(check.json()["summary"]["errors"], 0, "{}", check.stdout);
    let report = run(&repo, &["report", "--format", "json"]).json();
    let carried = report["teams"]
        .as_array()
        .expect("teams")
        .iter()
        .flat_map(|t| t["objectives"].as_array().expect("objectives"))
        .find(|o| o["id"] == "sales-arr-2026-q4")
        .expect("in the report")
        .clone();
    assert_eq!(carried["continues"], "sales-arr-2026-q3");
}

#[test]
fn new_appends_the_next_quarter_and_its_folder() {
    let repo = fixture();
    let out = run(&repo, &["cycle", "new"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("added cycle 2027-Q1 (2027-01-01 to 2027-03-31) to cycles.toml"),
        "{}",
        out.stdout
    );
    let cycles = std::fs::read_to_string(repo.join("cycles.toml")).expect("read");
    assert!(
        cycles.ends_with("[[cycle]]\nid = \"2027-Q1\"\nstart = 2027-01-01\nend = 2027-03-31\n"),
        "{cycles}"
    );
    assert!(repo.join("objectives/2027-Q1").is_dir());
    let again = run(&repo, &["cycle", "new", "--id", "2027-Q1"]);
    assert_eq!(again.code, 2);
    assert!(
        again.stderr.contains("cycle `2027-Q1` exists already"),
        "{}",
        again.stderr
    );
    assert_eq!(run(&repo, &["check"]).code, 0);
}

/// The fixture's key results of one quarter as (confidence at mid-cycle, outcome).
fn pairs(q: &Quarter, team: Option<&str>) -> Vec<(f64, f64)> {
    q.objectives
        .iter()
        .filter(|o| team.is_none_or(|t| o.team == t))
        .flat_map(|o| o.krs.iter())
        .map(|k| {
            let target = k.eased_to.unwrap_or(k.target);
            let reached = (k.last - k.baseline) / (target - k.baseline) >= 1.0;
            (k.confidence.1, if reached { 1.0 } else { 0.0 })
        })
        .collect()
}

fn near(actual: &serde_json::Value, expected: f64) {
    let actual = actual
        .as_f64()
        .unwrap_or_else(|| panic!("a number: {actual}"));
    assert!(
        (actual - expected).abs() < 1e-9,
        "expected {expected}, got {actual}"
    );
}

#[test]
fn review_recomputes_calibration_and_commitments() {
    let repo = fixture();
    let out = run(&repo, &["cycle", "review", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json = out.json();
    assert_eq!(json["history"], true);
    let ids: Vec<&str> = json["cycles"]
        .as_array()
        .expect("cycles")
        .iter()
        .map(|c| c["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]);
    for formula in [
        "score",
        "committed_achieved_share",
        "calibration.brier",
        "check_ins.weekly_share",
        "churn.eased",
    ] {
        assert!(
            json["formulas"][formula].is_string(),
            "{formula} is documented"
        );
    }
    let quarters = quarters();
    let tracks: Vec<(&str, Option<&str>, &serde_json::Value)> =
        std::iter::once(("company", None, &json["company"]))
            .chain(json["teams"].as_array().expect("teams").iter().map(|t| {
                let id = t["id"].as_str().expect("id");
                (id, Some(id), t)
            }))
            .collect();
    for (name, team, track) in tracks {
        for (n, q) in quarters.iter().enumerate().take(3) {
            let figures = &track["cycles"][n];
            // Brier and bias from the fixture's confidences and outcomes.
            let p = pairs(q, team);
            let brier = p.iter().map(|(c, o)| (c - o) * (c - o)).sum::<f64>() / p.len() as f64;
            let bias = p.iter().map(|(c, o)| c - o).sum::<f64>() / p.len() as f64;
            assert_eq!(figures["calibration"]["pairs"], p.len(), "{name} {}", q.id);
            near(&figures["calibration"]["brier"], brier);
            near(&figures["calibration"]["bias"], bias);
            // Committed objectives achieved, by the fixture's own grades; Q2's
            // sales-arr is achieved against its eased target.
            let committed: Vec<bool> = q
                .objectives
                .iter()
                .filter(|o| !o.aspirational && team.is_none_or(|t| o.team == t))
                .map(|o| grade(o).1)
                .collect();
            let achieved = committed.iter().filter(|a| **a).count();
            assert_eq!(figures["committed"], committed.len(), "{name} {}", q.id);
            assert_eq!(figures["committed_achieved"], achieved, "{name} {}", q.id);
        }
    }
    let company = &json["company"]["cycles"];
    // Q1: 0.9/1, 0.8/1, 0.6/0, 0.8/0: over-confident by 0.275.
    near(
        &company[0]["calibration"]["brier"],
        (0.01 + 0.04 + 0.36 + 0.64) / 4.0,
    );
    assert_eq!(company[0]["calibration"]["verdict"], "over-confident");
    // Q2: the aspirational p95 went well past its target: 1.0 suggests sandbagging.
    assert_eq!(
        json["teams"][0]["cycles"][1]["aspirational_note"],
        "sandbagging?"
    );
    // Churn in Q2: one objective added mid-cycle, one target eased.
    assert_eq!(company[1]["churn"]["added"], 1);
    assert_eq!(company[1]["churn"]["eased"], 1);
    assert_eq!(company[0]["churn"]["added"], 0);
    // Four check-ins per key result over a 13-week quarter.
    near(&company[0]["check_ins"]["weekly_share"], 4.0 / 13.0);
    // Q4 runs: counted, not graded.
    assert_eq!(json["cycles"][3]["ended"], false);
    assert_eq!(company[3]["graded"], 0);

    let table = run(&repo, &["cycle", "review"]).stdout;
    assert!(table.contains("Team Platform (platform)"), "{table}");
    assert!(table.contains("running"), "{table}");
    let markdown = run(
        &repo,
        &[
            "cycle",
            "review",
            "--format",
            "markdown",
            "--cycles",
            "2026-Q2..2026-Q3",
        ],
    )
    .stdout;
    assert!(
        markdown.contains("# Track record: 2026-Q2 to 2026-Q3"),
        "{markdown}"
    );
    assert!(!markdown.contains("2026-Q1"), "{markdown}");
    let html = run(&repo, &["cycle", "review", "--format", "html"]).stdout;
    assert!(html.contains("<svg"), "charts inline");
    assert!(!html.contains("<script"), "no script");
}

#[test]
fn review_outside_a_repository_has_grades_but_no_history() {
    let repo = fixture();
    let copy = tempfile::tempdir().expect("dir");
    for entry in walkdir::WalkDir::new(repo.path()) {
        let entry = entry.expect("walk");
        let relative = entry.path().strip_prefix(repo.path()).expect("inside");
        if relative.starts_with(".git") {
            continue;
        }
        let target = copy.path().join(relative);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
    let out = align(
        copy.path(),
        &["cycle", "review", "--format", "json", "--today", TODAY],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json = out.json();
    assert_eq!(json["history"], false);
    assert!(json["company"]["cycles"][0]["calibration"]["brier"].is_null());
    assert_eq!(json["company"]["cycles"][0]["committed_achieved"], 1);
    let table = align(copy.path(), &["cycle", "review", "--today", TODAY]).stdout;
    assert!(table.contains("Not in a git repository"), "{table}");
}

#[test]
fn bad_ranges_and_unknown_cycles_are_clear_errors() {
    let repo = fixture();
    let backwards = run(&repo, &["cycle", "review", "--cycles", "2026-Q3..2026-Q1"]);
    assert_eq!(backwards.code, 2);
    assert!(
        backwards.stderr.contains("starts after"),
        "{}",
        backwards.stderr
    );
    let unknown = run(&repo, &["cycle", "close", "2026-Q7"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("no cycle `2026-Q7`"),
        "{}",
        unknown.stderr
    );
}
